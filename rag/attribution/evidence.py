"""What a whole document says about a bare name: a person's ("Roger Federer") or an organisation's."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from rag.attribution.aliases import aliases_in
from rag.attribution.institutions import (
    ORG_DESCRIPTORS,
    PERSON_TITLES,
    clean_name,
    has_org_word,
    is_acronym,
    is_place,
)
from rag.attribution.introduced import persons_in
from rag.attribution.names import first_name_like, nationality
from rag.attribution.words import RESULTS

_ORG_NOUNS = "|".join(sorted(ORG_DESCRIPTORS, key=len, reverse=True))  # longest first, as regex alternatives
_TITLED = re.compile(rf"\b(?:{PERSON_TITLES})\.?\s+([A-Z][\w'-]+)")
# A first name before a surname: "Roger Federer" makes "Federer said" a man. Words that start a
# sentence or a title, months and nationalities are not first names ("Dutch Shell", "The Times").
# Spaces only: a headline ending "... at Anfield" above "Liverpool captain" is no "Anfield Liverpool".
_FIRST_NAME = re.compile(r"(?:\b([A-Z][\w&'.-]*) +)?\b([A-Z][a-z]{1,12}) +([A-Z][\w'-]+)\b")
# Nouns of works, not "show" or "single", which are verbs and adjectives too
_WORKS = r"(?:drama|sitcom|series|programme|film|movie|album|novel|musical|documentary)"
_GENRES = r"(?:[Rr]ock|[Pp]op|[Ii]ndie|[Pp]unk|[Mm]etal|[Rr]ap|[Bb]oy|[Gg]irl|[Ff]olk|[Dd]ance|[Ss]oul)"
_ORG_THINGS = re.compile(
    r"\b([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})(?:'s?)?\s+(?:shares|share price|profits?|"
    r"revenues?|turnover|shareholders|spokes(?:man|woman|person)|chief executive|board|"
    r"headquarters|subsidiary|subsidiaries|stores|factories|plants?)\b"
)
# Results are news, not claims, but only an organisation reports them: "Wipro, India's
# third-biggest software firm, has reported a 60% rise in profit".
_RESULTS_REPORTED = re.compile(
    r"\b([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})(?:,[^.,]{1,60},)?\s+(?:has\s+|have\s+)?(?:reported|posted)"
    rf"\s[^.]{{0,40}}?\b(?:{'|'.join(sorted(RESULTS))})"
)

# "Fitch also revised its outlook", "Berenberg reiterated its 'sell' recommendation", "Afreximbank
# released yesterday its …": a name whose own verb takes "its" is a body (not after a speech
# verb: in "Lim said its sales fell" the "its" is the firm the speaker works for).
_ITS = re.compile(
    r"\b([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})\s+(?:also\s+|has\s+|have\s+|had\s+|now\s+)?"
    r"(?!said\b|says\b|told\b|added\b|noted\b|call|describe|consider|name)([a-z]{3,}(?:ed|s))\s+(?:[a-z]+\s+)?its\b"
)

# "Alphaliner said in its weekly newsletter": a person says things in his or her statement
_SAID_IN_ITS = re.compile(
    r"\b([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})\s+(?:also\s+)?(?:said|says|reported|reports|noted|"
    r"notes|stated|states|wrote|writes|added|adds|warned|warns)(?:\s+on\s+\w+day)?\s+in\s+its\b"
)


def _alone(word: str, text: str) -> bool:
    """The word alone as a name: after a sentence's end, a comma or a verb ("said Souness"), not
    inside a longer name ("German Boerse", "House of Lords") nor before another capital."""
    for match in re.finditer(rf"\b{re.escape(word)}\b(?!\s+[A-Z])", text):
        previous = re.search(r"(\S+)\s*$", text[max(0, match.start() - 40) : match.start()])
        if previous is None or previous.group(1)[-1] in '.!?,"”:':
            return True
        if previous.group(1).islower() and previous.group(1) not in ("the", "of", "for", "and", "&"):
            return True
    return False


_RATES = re.compile(
    r"\b([A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,3})\s+(?:has\s+|have\s+|also\s+|on\s+\w+day\s+)?"
    r"(?:downgraded|upgraded|affirmed|downgrading|upgrading|affirming)\s[^.]{0,60}?\b(?:rating|outlook)"
)


class DocumentEvidence:
    """What the whole document says about a bare name: "comic book company Marvel" elsewhere
    makes "Marvel said" a company; "Matt Lucas" or "Mr Lucas" elsewhere makes "Lucas said" a man."""

    def __init__(
        self,
        text: str,
        person_names: Iterable[str] = (),
        org_names: Iterable[str] = (),
        labelled_orgs: Iterable[str] = (),
        defined: dict[str, str] | None = None,
    ) -> None:
        # `labelled_orgs`: names the model's labels call organisations more often than persons;
        # weaker than a person's first name or title, so they never hide one.
        self.labelled = set(labelled_orgs)
        nouns = _ORG_NOUNS
        name = r"([A-Z][\w&'.-]*(?:\s+(?:[A-Z][\w&'.-]*|of|and|&)){0,5})"
        self.orgs = {clean_name(m) for m in re.findall(rf"\b(?:{nouns})\s+(?:the\s+)?{name}", text)}
        # "Credit ratings agency, Fitch doubts …": a descriptor opening the sentence (not "… told
        # the Sun-Sentinel newspaper, Goldfine added")
        opening = rf"(?:^|[.!?]\s+)[A-Z][a-z-]*(?:\s+[a-z-]+){{0,3}}\s+(?:{nouns}),\s+{name}"
        self.orgs |= {clean_name(m) for m in re.findall(opening, text, re.M)}
        self.orgs |= {
            clean_name(m)
            for m in re.findall(rf"{name},\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}(?:{nouns})\b", text)
        }
        # Things only organisations have ("Nissan's shares", "shares in Nissan"), and "which"
        # rather than "who" ("Lycos, which ..."): a company, whatever the model's label says.
        short = r"([A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*){0,3})"
        self.orgs |= {clean_name(m) for m in _ORG_THINGS.findall(text.replace("’", "'"))}
        self.orgs |= {clean_name(m) for m in _RESULTS_REPORTED.findall(text)}
        self.orgs |= {clean_name(m) for m in re.findall(rf"\b(?:[Ss]hares|[Ss]take) in {short}", text)}
        self.orgs |= {clean_name(m) for m in re.findall(rf"{short},\s+which\b", text)}
        self.orgs |= {clean_name(m) for m in _RATES.findall(text)}  # only agencies rate: "Fitch downgraded"
        # "Palace are keen to avoid ...", "Blackburn have said": a plural verb after a bare singular
        # name, a team or a firm (after a sentence's start, "but" or "and" after a common word; not
        # "Federer and Nadal are")
        plural = r"(?:^|[.!?][\"”']?\s+|\b[Bb]ut\s+|\b[a-z]+ and\s+)([A-Z][a-z]+[a-rt-z]) (?:are|were|have)\b"
        self.orgs |= set(re.findall(plural, text, re.M))
        # "the International Renewable Energy Agency (Irena)": the short form a body gives itself
        defined = aliases_in(text) if defined is None else defined
        self.orgs |= {short for short, full in defined.items() if has_org_word(full)}
        self.described = set(self.orgs)  # by the text itself, not by a position in a sentence
        self.common_acronyms = _common_acronyms(text)
        # Names the sentences themselves put where only organisations stand ("X spokesman",
        # "a survey by X"): stronger than an entity label, which often calls companies persons.
        self.orgs |= set(org_names)
        self.titled = set(_TITLED.findall(text))
        aged = re.findall(rf"{short},\s+(?:who\b|\d\d?,)", text)  # "Kluft, who", "Edu, 26,"
        # "the owners of Rover, who ...": the clause may belong to a noun before the name
        self.aged = {clean_name(m) for m in aged}
        introduced, roled = persons_in(text)
        self.introduced = frozenset(roled)  # set off with a role: no body, wherever it stands
        self.persons = set(self.titled) | self.aged | introduced
        # "CEO Mikel Mabasa", "Executive FRANCES MOORE": a title the parse glued onto a person
        self._full_names = tuple(" " + n.lower() for n in introduced if " " in n)
        pairs = [
            (f, re.sub(r"(?:'s|’s|')$", "", last))
            for b, f, last in _FIRST_NAME.findall(text)
            if not b or re.search(r"[a-z]\.$", b)  # "Smith. Graeme Souness": a sentence ended before it
        ]
        # not "Royal Dutch Shell", nor "Volatile Halifax" beside "more volatile": a common word
        self._lower = set(re.findall(r"\b[a-z]+\b", text))  # words the text writes in lower case
        pairs = [(f, s) for f, s in pairs if first_name_like(f) and f.lower() not in self._lower]
        self.first_named = {last for _, last in pairs}
        # a name whose own verb takes "its", unless the text gives it a person's first name or title
        its = {clean_name(m) for m, _ in _ITS.findall(text.replace("’", "'"))}
        its |= {clean_name(m) for m in _SAID_IN_ITS.findall(text)}
        self.orgs |= its - self.first_named - self.titled
        # "Graeme Souness" beside a bare "Souness backs Smith": a man called by his surname (a
        # firm is seldom called by its second word alone: "Morgan Stanley", "Goldman Sachs").
        # Whether the surname stands alone is a scan of the whole text, asked only of names a
        # rule found (`_surnamed`): asked of every pair, it grew with pairs × length.
        self._text = text
        self._surnames = {
            f"{first} {last}": last
            for first, last in pairs
            if not (is_place(last) or has_org_word(last))  # "Athletics Ireland"
        }
        self._alone: dict[str, bool] = {}
        # Bands are performers, not organisations: "rock band Korn", "the band Muse"
        band = rf"\b(?:band|{_GENRES} group)\s+(?:the\s+)?{name}"
        self.performers = {clean_name(m) for m in re.findall(band, text)}
        # Titles of works are not organisations either: "TV drama Baretta", "the film Fahrenheit 9/11"
        title = r"([A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*){0,3})"  # no full stop: "Baretta. Baretta said"
        self.works = {clean_name(m) for m in re.findall(rf"\b{_WORKS}\s+(?:the\s+)?{title}", text)}
        # "BBC One's Countryfile programme": a channel's programme; "a BBC documentary" is the BBC's
        shows = r"(?:programme|show|documentary|drama|sitcom)\b"
        owned = rf"[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*){{0,2}}'s\s+{title}\s+{shows}"
        self.works |= {clean_name(m) for m in re.findall(owned, text)}
        self.works |= _document_acronyms(text)  # "World Economic Outlook (WEO 2024)": a report's
        for full in person_names:
            parts = full.split()
            # "Publicis’ ZenithOptimedia", "WPP's GroupM": an owner's possessive makes no person
            if len(parts) > 1 and not re.search(r"\w(?:’s?|'s?)\s", full):
                self.persons.update([full, parts[-1]])

    def _surnamed(self, name: str) -> bool:
        last = self._surnames.get(name)
        if last is None:
            return False
        if last not in self._alone:
            self._alone[last] = _alone(last, self._text)
        return self._alone[last]

    def is_common_acronym(self, name: str) -> bool:
        """ "gross domestic product (GDP)": an acronym the document spells out in lower case."""
        return name in self.common_acronyms

    def is_performer_or_work(self, name: str) -> bool:
        """A band ("rock band Korn") or a work's title ("TV drama Baretta"): no institution."""
        return name in self.performers or name in self.works

    def is_person(self, name: str) -> bool:
        """Titled somewhere ("Mr Hockney"), or labelled a person and never where only bodies stand."""
        if name in self.titled or name.split()[-1] in self.titled:
            return True
        if name.lower().endswith(self._full_names):
            return True
        if (name in self.first_named or self._surnamed(name)) and name not in self.orgs:
            return not self._common_last(name)
        if name in self.aged and name in self.labelled and name not in self.titled:
            return False  # a "who" after a name the labels keep calling an organisation
        return name in self.persons and not self._named_org(name) and not self._common_last(name)

    def _named_org(self, name: str) -> bool:
        """A body the text names, or its short form ("Check Point" beside "Check Point Software")."""
        return any(o == name or o.startswith(name + " ") for o in self.orgs)

    def _common_last(self, name: str) -> bool:
        """ "Kantar Retail" beside "retail sales": a last word the text writes as a common noun
        is no surname, whatever the model's label says."""
        words = name.split()
        return len(words) > 1 and words[-1].lower() in self._lower

    def is_named_person(self, name: str) -> bool:
        """A first name or a title before this very word somewhere in the document."""
        return (
            (name in self.titled or name in self.first_named)
            and name not in self.described
            and not (has_org_word(name) or is_acronym(name))
        )

    def is_unnamed(self, name: str, cue: str) -> bool:
        """ "Canalys noted": a lone word the model calls a person that the text never shows is one."""
        known = name in self.persons or name in self.first_named or name.lower() in self._lower
        odd = "parenthetical" in cue or nationality(name) or is_place(name)  # "(Jiménez, 2017)", "Britons"
        if known or odd or " " in name or not re.fullmatch(r"[A-Z][\w&-]+", name):
            return False
        # "According to McKinsey, …": named once is enough where nothing but a source can stand
        return _never_introduced(name, self._text, cue.startswith("according to"))

    def is_org(self, name: str) -> bool:
        if self.is_person(name):
            return False
        if " " not in name and name.lower() in self._lower and name not in self.described:
            return False  # "Police said" beside "the police": a common noun opening a sentence
        return name in self.labelled or self._named_org(name)

    @functools.cached_property
    def _written_lower(self) -> set[str]:
        # words in lower case outside addresses and handles ("amazon.co.uk", "@chainalysis")
        runs = re.findall(r"(?<![@/.#\w])[^\W\d_A-Z][\w&'’-]*?(?![\w&'’@-]|\.\w)", self._text)
        return {w for run in runs for w in (run, *re.split(r"[&'’-]", run))}  # "market’s", "think-tank"

    def writes_lower(self, name: str) -> bool:
        """ "Market analysis firms" beside "the market": a word the text also writes in lower case."""
        return name.lower() in self._written_lower


_SPELT_OUT = re.compile(r"\b((?:[a-z][\w-]*\s+){1,8})\(([A-Z]{2,8})s?\)")
_SMALL = frozenset("of and the for in on to a an &".split())


def _common_acronyms(text: str) -> set[str]:
    """Acronyms introduced after lower-case words whose initials spell them: "gross domestic
    product (GDP)", "loss and damage (L&D)"; not "the World Bank (WB)"."""
    return {
        acronym
        for words, acronym in _SPELT_OUT.findall(text)
        if _spells([w for w in words.split() if w not in _SMALL], acronym)
    }


def _spells(words: list[str], acronym: str) -> bool:
    """The last words' initials are the acronym: "gross domestic product" and "GDP"."""
    return "".join(w[0] for w in words).upper().endswith(acronym)


_DOCUMENT_TITLED = re.compile(
    r"\b((?:[A-Z][\w-]*\s+){1,6}(?:Outlook|Report|Review|Survey|Index|Assessment|Update|Monitor|"
    r"Supplement|Predictions|Tracker|Barometer))(?:\s+\d{4})?\s+\(([A-Z]{2,8})\b[^)]{0,12}\)"
)


def _document_acronyms(text: str) -> set[str]:
    """Acronyms of reports' titles: "World Economic Outlook (WEO 2024)", "Global Financial
    Stability Report (GFSR)"."""
    return {acronym for title, acronym in _DOCUMENT_TITLED.findall(text) if _spells(title.split(), acronym)}


@functools.lru_cache(maxsize=64)  # asked once per sentence that names it: scan each text once
def _never_introduced(name: str, text: str, once: bool = False) -> bool:
    """Named twice (or `once`), once mid-sentence ("Open chief …" is capitalised only where sentences
    start), never beside a first name; a longer word ending a sentence is none ("Monday."; "Mr." is)."""
    word = re.escape(name)
    if not re.search(rf"[a-z,] {word}\b", text) or len(re.findall(rf"\b{word}\b", text)) < (1 if once else 2):
        return False
    before = re.findall(rf"\b([A-Z][\w'’.-]*) +{word}\b", text)
    after = re.findall(rf"\b{word} +([A-Z][\w'’-]*)", text)
    return not any(first_name_like(w) for w in before + after if len(w) <= 4 or not w.endswith("."))
