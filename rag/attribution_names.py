"""Names in source positions: where a name starts and ends, and whether it is an organisation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rag.institutions import (
    DESCRIPTORS,
    PERSON_DESCRIPTORS,
    PERSON_TITLES,
    ROLE_ADJECTIVES,
    clean_name,
    has_org_word,
    is_acronym,
    is_place,
    kind_of,
)

# People who speak for an organisation: "X spokesman", "chief executive of X", "an economist at X".
ROLE_NOUNS = frozenset(
    "spokesman spokeswoman spokesperson spokespeople representative chief head chairman chairwoman "
    "chair director executive president vice-president officer ceo cfo coo founder co-founder "
    "economist analyst strategist editor correspondent professor researcher scientist official "
    "manager boss secretary under-secretary governor partner adviser advisor leader owner "
    "commissioner dean fellow expert lawyer member staff employee source team spokes controller "
    "consultant correspondent reporter columnist commentator broker trader adviser "
    "vice chancellor head-of mp mep msp councillor coordinator co-ordinator campaigner organiser "
    "organizer lecturer deputy treasurer coach worker minister pm presenter".split()
)
# The first parts of hyphenated roles ("co-chairman", "vice-president"), which the tokenizer splits.
ROLE_PREFIXES = frozenset({"co", "vice", "-"})
# Nouns for what an author publishes: "a report by X", "X figures showed".
REPORT_NOUNS = frozenset(
    "report study survey poll figure data statistic research analysis forecast estimate review "
    "index letter statement paper outlook projection finding assessment audit census ranking "
    "calculation number bulletin update memo briefing evaluation count tally prediction "
    "datum book article editorial ruling judgment judgement verdict record investigation inquiry "
    "probe trawl list".split()
)
# Nationality adjectives are not names of organisations ("a British bank").
_NATIONALITY = re.compile(r"(?:ans?|ish|ese|ic|i|ch)$")
_ROLE_TITLES = re.compile(
    r"\b(?:Secretary|Minister|Chancellor|President|Judge|Senator|Governor|Professor|"
    r"Mayor|Chairman|Director|Chief|Spokesman|Spokeswoman|Leader|MP|MEP|MSP)$"
)
_INNER_TITLE = re.compile(
    rf"\b(?:Judge|Senator|Governor|Mayor|Minister|Bishop|Constable|{PERSON_TITLES})\s+[A-Z]"
)
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:man|woman|men|women)$")
_PERSON_TITLE = re.compile(rf"(?:{PERSON_TITLES})\.?\s")
_QUOTES = frozenset({'"', "“", "”", "'", "‘", "’"})
# Tokens after which any word is capitalised: a quotation's or a list's start.
_OPENERS = frozenset({'"', "“", "‘", ":", "(", "-", "—", "–", ";"})
_ODD_CAPITALS = re.compile(r"(?:\d+|[a-z])[A-Z][A-Za-z]")
_NON_NAMES = frozenset({"DATE", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "TIME", "QUANTITY"})
# Documents are not institutions: "the Act of Settlement, which confirmed ...", "the Kyoto Treaty".
_DOCUMENT = re.compile(r"\b(?:Act|Bill|Treaty|Directive|Charter)$|^(?:Act|Treaty|Charter) of\b")
# "Dolores M Troiani": a first name, an initial and a surname make a person.
_INITIAL = re.compile(r"^[A-Z][a-z]+ [A-Z]\.? [A-Z][a-z]+$")
_NOT_ORGS = frozenset({"ai", "it", "i", "internet", "web"})
# A name before one of these is an event's, not an organisation's: "V festival director".
_EVENT_NOUNS = frozenset(
    "festival ceremony awards tournament championship championships concert tour exhibition fair "
    "race marathon show gala".split()
)

# Source positions, from the most to the least telling: the word before a role noun ("X
# spokesman"), the author of a report or affiliation of a person ("a survey by X", "Jane Doe, of
# X"), the object of "according to", and the bare subject of a speech verb.
MODIFIER, AUTHOR, ACCORDING, SUBJECT = "modifier", "author", "according", "subject"
# How sure a name is an organisation from the sentence alone; the document settles the rest.
STRONG, WEAK, PERSON = "strong", "weak", "person"


@dataclass(frozen=True)
class Found:
    """An institution found in a source position of one sentence (offsets within the sentence)."""

    name: str
    start: int
    end: int
    cue: str
    descriptors: tuple[str, ...]
    evidence: str = "strong"  # STRONG; WEAK (unless the document shows a person); PERSON (needs
    # the document's evidence of an organisation)


# Capitals inside a word ("GlaxoSmithKline", "PeopleSoft") are a company's spelling, not a surname's.
_CAMEL = re.compile(r"^(?!Mac|Mc|De|Di|Da|Du|La|Le|Van|Von|O')[A-Z][a-z]{2,}[A-Z]")


def is_name(token: Any) -> bool:
    text = token.text
    doc = token.doc
    if (
        (token.ent_type_ == "ORG" or token.pos_ == "PROPN")
        and token.i > 1
        and doc[token.i - 1].text == "-"
        and not _dash(doc[token.i - 1])
        and doc[token.i - 2].text[:1].isupper()
    ):
        return True  # "Authenti-corp", "Chong-gyu": the tokenizer split a hyphenated name
    if token.pos_ == "PRON" or not (text[:1].isupper() or _ODD_CAPITALS.match(text)):
        return False  # "1Xtra", "3Com", "iDefence": a digit or a small letter, then capitals
    return (
        token.pos_ == "PROPN"
        or token.ent_type_ == "ORG"
        or (
            token.pos_ == "NOUN"
            and token.dep_ in ("compound", "poss")
            and (
                token.i > 0
                # "Alva director", "Empire magazine"; not "Union leaders", "Security firms"
                or (token.head.tag_ == "NN" and (token.head.lemma_.lower() in ROLE_NOUNS | DESCRIPTORS))
                # "Tory shadow chancellor": a party
                or (token.ent_type_ == "NORP" and has_org_word(text))
            )
        )
        # "The firm, Paion, said": a capitalised noun inside the sentence is a name
        or (token.pos_ == "NOUN" and token.i > 0 and token.doc[token.i - 1].text not in _OPENERS)
        # "Lyric chairman David Johnston": a capitalised word before a role noun
        or (
            token.pos_ == "ADJ"
            and token.dep_ == "amod"
            and _before_role_noun(token)
            and token.lower_ not in ROLE_ADJECTIVES
            and not _NATIONALITY.search(text)  # "Conservative", "Tory"; not "British", "Chinese"
        )
        # "Rightmove said": a name the tagger took for a common noun, at the sentence's start (the
        # document then decides whether the word is written in lower case elsewhere)
        or (
            token.i == 0
            and token.pos_ == "NOUN"
            and token.tag_ == "NN"
            and token.dep_ == "nsubj"
            and token.head.i == 1
            and token.lemma_.lower() not in ROLE_NOUNS | DESCRIPTORS | REPORT_NOUNS
        )
        # "Labour claims": a party the tagger took for a common noun
        or (token.pos_ == "NOUN" and token.dep_ == "nsubj" and kind_of(text) == "political party")
        # "at Symantec security response": a company name the tagger took for an adjective
        or (
            token.pos_ == "ADJ"
            and token.ent_type_ in ("ORG", "NORP")
            and token.i > 0
            and not _NATIONALITY.search(token.text)
        )
    )


def _before_role_noun(token: Any) -> bool:
    """ "Lyric chairman", "Conservative shadow foreign secretary": the word modifies a role noun,
    directly or through the role's own compound modifiers."""
    head = token.head
    while head.dep_ == "compound" and head.lemma_.lower() not in ROLE_NOUNS and head.head.i != head.i:
        head = head.head
    if head.lemma_.lower() in ROLE_NOUNS:
        return True
    doc, i = token.doc, token.i + 1  # "Conservative co-chairman": a hyphenated role, split in three
    while i < len(doc) and doc[i].lower_ in ROLE_PREFIXES:
        i += 1
    return i > token.i + 1 and i < len(doc) and doc[i].lemma_.lower() in ROLE_NOUNS


def name_span(token: Any) -> Any:
    """The whole name around a token: its entity, grown over capitalised words and inner
    connectors ("Fraser of Allander Institute"). Two complete names joined by "and" are split
    ("Nationwide and Halifax"); a name completed only after "and" is joined ("World Travel and
    Tourism Council", which the tagger may cut in two)."""
    doc = token.doc
    entity = next((e for e in doc.ents if e.start <= token.i < e.end), None)
    if entity is not None and entity.label_ not in _NON_NAMES:
        start, end = entity.start, entity.end
        commas = [i for i in range(start, end) if doc[i].text == "," or _dash(doc[i])]
        if _LISTED_PORTFOLIO.search(doc[start:end].text):
            commas = []  # "Department for Culture, Media and Sport": one name with a list inside
        if commas:  # "Morrisons, Woolworths": the model ran two names into one entity
            start = max([start, *(i + 1 for i in commas if i < token.i)])
            end = min([end, *(i for i in commas if i > token.i)])
    else:
        start, end = token.i, token.i + 1
    while (
        start > 1
        and doc[start - 1].text == "-"
        and not _dash(doc[start - 1])
        and doc[start - 2].text[:1].isupper()
    ):
        start -= 2  # "Chong-gyu", "Authenti-corp"
    prefix = next(
        (i for i in range(start, end - 1) if doc[i].lower_ in ROLE_PREFIXES and doc[i + 1].text == "-"), None
    )
    if prefix is not None and prefix > start:
        end = prefix  # "The Conservative Party Co-Chairman": the party
    while (
        start > 0
        and grows(doc[start - 1])
        and (
            doc[start - 1].head.i in range(start, end)
            # "a British Retail Consortium survey": a sibling modifier of the same noun
            or (doc[start - 1].pos_ == "PROPN" and doc[start - 1].head.i == doc[end - 1].head.i)
        )
    ):
        start -= 1
    while end < len(doc):
        nxt = doc[end]
        if end + 1 < len(doc) and nxt.lower_ in ROLE_PREFIXES and doc[end + 1].text == "-":
            break  # "Conservative Party | Co-Chairman"
        if grows(nxt) and nxt.head.i in range(start, end + 3) and not _PERSON_TITLE.match(nxt.text + " "):
            end += 1  # a title starts a person's name: "Commissioner | Sir Ian Blair"
        elif (
            nxt.lower_ in ("of", "for", "&", "and")
            and end + 1 < len(doc)
            # "Labour MP for West Ham", "Kazuhiro Takahashi of Daiwa": a person or a seat, then more
            and doc[end - 1].lemma_.lower() not in ROLE_NOUNS
            and doc[end - 1].ent_type_ != "PERSON"
            and grows(doc[end + 1])
            and (
                has_org_word(doc[start : end + 3].text)
                or (nxt.lower_ != "and" and _one_entity(doc, start, end + 2))
            )
            and (nxt.lower_ != "and" or not has_org_word(doc[start:end].text))
        ):
            end += 2
        else:
            break
    if (
        start > 1
        and doc[start - 1].lower_ == "and"
        and grows(doc[start - 2])
        and not has_org_word(doc[start - 2].text)
        and has_org_word(doc[start:end].text)
    ):
        start -= 2  # "World Travel | and | Tourism Council"
        while start > 0 and grows(doc[start - 1]):
            start -= 1
    for i in range(start + 1, end - 1):  # "Department of Health and State University": two names
        if doc[i].lower_ == "and" and has_org_word(doc[start:i].text) and has_org_word(doc[i + 1 : end].text):
            start, end = (start, i) if token.i < i else (i + 1, end)
            break
    # "the Musicians' Union" is one entity and stays whole
    cases = [i for i in range(start, end - 1) if doc[i].dep_ == "case" and doc[i + 1].ent_iob_ != "I"]
    owner = cases[0] if cases else None
    if owner is not None:  # "Flight International's Mr Learmount": two names, one owning
        start, end = (start, owner) if token.i < owner else (owner + 1, end)
    while start < end - 1 and (
        doc[start].lower_ in ("the", "a", "an")
        or (doc[start].lower_ in ROLE_ADJECTIVES and (doc[start].pos_ != "PROPN" or start == 0))
        or (start == 0 and doc[start].lemma_.lower() in ROLE_NOUNS | DESCRIPTORS)
    ):
        start += 1  # "Veteran Labour MP": the party; "Organiser Mean Fiddler": the organiser
    cut = next((i for i in range(start, end) if doc[i].text in ("(", ",", '"', "“")), end)
    end = cut if cut > start else end
    while end > start and doc[end - 1].dep_ == "case":
        end -= 1
    cut = end
    while cut - start > 1 and doc[cut - 1].lemma_.lower() in ROLE_NOUNS:
        cut -= 1
    if cut < end:  # "Scottish National Party Justice Minister": the party, not its portfolio
        last = max((k for k in range(start, cut) if has_org_word(doc[k].text)), default=cut - 1)
        cut = last + 1 if last > start else cut
    rest = doc[start:cut]
    # "Labour MP", "Tory MP": the party; "Trade Secretary" stays whole (and is refused as a
    # title), as does "Institute of Directors".
    if (
        cut < end
        and not any(t.lower_ in ("of", "for") for t in doc[start:end])
        and (has_org_word(rest.text) or is_acronym(rest.text))
    ):
        end = cut
    if (
        end - start == 2
        and is_acronym(doc[start].text)
        and not has_org_word(doc[start + 1].text)
        and not is_acronym(doc[start + 1].text)  # "ABN AMRO"
        and end < len(doc)
        and doc[end].lemma_.lower() in ROLE_NOUNS  # "JP Morgan said", "DBS Vickers" stay whole
    ):
        end = start + 1  # "SNP Holyrood leader": the party, not the parliament it sits in
    return doc[start:end]


_LISTED_PORTFOLIO = re.compile(r"\b(?:for|of)\s+[A-Z][\w]*(?:,\s+[A-Z][\w]*)+,?\s+and\s+[A-Z]")


def _dash(token: Any) -> bool:
    """A dash set off by spaces, as a comma would be: "Korea Development Bank - one of ..."."""
    return (
        token.text in ("-", "–", "—")
        and bool(token.whitespace_)
        and token.i > 0
        and bool(token.doc[token.i - 1].whitespace_)
    )


def _one_entity(doc: Any, start: int, end: int) -> bool:
    """ "House of Fraser": the model calls the words on both sides of the connector organisations."""
    labels = {doc[i].ent_type_ for i in range(start, end) if doc[i].lower_ not in ("of", "for", "&")}
    return labels == {"ORG"}


def grows(token: Any) -> bool:
    """A word that can continue a name: a capitalised proper noun (or, inside the sentence, a
    capitalised adjective: "Liberal Democrat"), not a person, date or role title."""
    return (
        (token.pos_ == "PROPN" or (token.pos_ == "ADJ" and token.i > 0))
        and token.text[:1].isupper()
        and (token.ent_type_ not in ("PERSON", "DATE") or _WEEKDAY_TITLE.match(token.text) is not None)
        and token.lemma_.lower() not in ROLE_NOUNS
    )


# "The Sunday Telegraph", "Mail on Sunday": a weekday inside a title, which the tagger calls a date.
_WEEKDAY_TITLE = re.compile(r"(?:Sun|Mon|Satur)day$")


def _descriptors(span: Any) -> tuple[str, ...]:
    """Organisation nouns next to the name: "the technology company X", "X magazine"."""
    doc, words = span.doc, []
    i = span.start - 1
    while i >= 0 and doc[i].text[:1].islower() and doc[i].pos_ in ("NOUN", "ADJ"):
        words.insert(0, doc[i].lower_)
        i -= 1
    j = span.end
    while j < len(doc) and doc[j].text[:1].islower() and doc[j].pos_ in ("NOUN", "ADJ") and j < span.end + 3:
        words.append(doc[j].lower_)
        if doc[j].lower_ in DESCRIPTORS:
            break
        j += 1
    root = span.root
    for child in root.children:  # "X, an international real estate company"
        if child.dep_ == "appos" and child.lower_ in DESCRIPTORS:
            words += [t.lower_ for t in child.lefts if t.pos_ in ("NOUN", "ADJ")] + [child.lower_]
    if root.dep_ in ("appos", "compound") and root.head.text in DESCRIPTORS:
        words += [t.lower_ for t in root.head.lefts if t.pos_ in ("NOUN", "ADJ") and t.text[:1].islower()] + [
            root.head.lower_
        ]
    return tuple(dict.fromkeys(words)) if any(w in DESCRIPTORS for w in words) else ()


def accept(span: Any, position: str, cue: str) -> Found | None:
    """Is the name in this position an institution? Evidence needed grows as the position weakens:
    a bare subject of "said" is usually a person, the author of a survey usually an organisation.
    Entity labels of the small model are hints only: it calls many companies places or people."""
    name = clean_name(span.text)
    if len(name) < 2 or is_place(name) or name.lower() in _NOT_ORGS or _ROLE_TITLES.search(name):
        return None
    if re.fullmatch(r"[A-Z]{2,}s|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day", name) or name.endswith(" QC"):
        return None  # "MPs said", "CEOs say": a plural noun; "Guy Mansfield QC": a barrister
    if (
        span.end < len(span.doc)
        and span.doc[span.end].lemma_.lower() in ("mp", "mep", "msp", "am")
        and not (has_org_word(name) or is_acronym(name))
    ):
        return None  # "The Glasgow Kelvin MP": a constituency
    if (
        span.start > 0
        and span.doc[span.start - 1].like_num
        and span.doc[span.start - 1].head.i in range(span.start, span.end)
    ):
        return None  # "50 Cent": a name that starts with a number is a performer's
    if span.end < len(span.doc) and span.doc[span.end].lower_ in _EVENT_NOUNS:
        return None
    if (
        span.end < len(span.doc)
        and _ROLE_TITLES.search(f"{name} {span.doc[span.end].text}")
        and not (has_org_word(name) or any(is_acronym(t.text) for t in span))
    ):
        return None  # "Deputy Prime | Minister Abdullatif Sener": part of a title
    if _PERSON_TITLE.match(name) or _INNER_TITLE.search(name):
        return None  # "Mr Kilroy-Silk", "Dr Geoffrey Guy", "Texas Judge Letitia Clark"
    if (
        len(span) == 1
        and position == SUBJECT
        and (
            span[0].ent_type_ == "NORP"
            or _DEMONYM.search(name)
            or (span[0].tag_ == "NNPS" and _NATIONALITY.search(name))  # "Most Gibraltarians said"
        )
        and not has_org_word(name)  # "The Tories dismissed ...": a party
    ):
        return None  # "the 55-year-old Frenchman told", "an American said"
    if len(span) == 1 and (
        span[0].lemma_.lower() in ROLE_NOUNS
        or span[0].lower_ in ROLE_ADJECTIVES
        or (span.start == 0 and span[0].lower_ in DESCRIPTORS)  # "Charity boss Gordon Lishman"
        or _PERSON_TITLE.match(name + " ")
    ):
        return None  # "The MP for Ealing North claimed", "Charity boss", "Lord": a role or a kind
    doc = span.doc
    if (
        span.end + 2 < len(doc)
        and doc[span.end].text == ","
        and re.fullmatch(r"\d\d?", doc[span.end + 1].text)
        and doc[span.end + 2].text == ","
    ):
        return None  # "Edu, 26, added": an age, so a person
    if (
        span.start > 0
        and span.end < len(doc)
        and doc[span.start - 1].text in _QUOTES
        and doc[span.end].text in _QUOTES
    ):
        return None  # a quoted title, not an author
    labels = {t.ent_type_ for t in span if t.ent_type_ and not _WEEKDAY_TITLE.match(t.text)}
    role_before = any(
        c.dep_ in ("appos", "compound")
        and c.lemma_.lower() in ROLE_NOUNS
        and c.lower_ not in DESCRIPTORS
        and c.i < span.start
        for c in span.root.children
    )
    # "Organiser Mean Fiddler said": a role before a name the model calls an organisation leaves
    # the document to show an organisation; before anything else it makes a person.
    if (role_before and labels != {"ORG"}) or (_has_person_appos(span) and span.root.dep_ != "appos"):
        return None  # "Gazprom chief Alexei Miller", "Jane Doe, managing director": a person
    if labels & _NON_NAMES or "LAW" in labels or _DOCUMENT.search(name):
        return None
    descriptors = _descriptors(span)
    acronym = is_acronym(name) or any(is_acronym(t.text) for t in span)
    # "The Ospreys": a person's name takes no article
    article = span.start > 0 and span.doc[span.start - 1].lower_ == "the"
    person = ("PERSON" in labels or _INITIAL.match(name) is not None) and (
        (len(span) > 1 and not article)
        or (len(span) == 1 and not article and position not in (MODIFIER, AUTHOR))
    )
    if (
        (descriptors and not (person and set(descriptors) & PERSON_DESCRIPTORS))
        or acronym
        or (has_org_word(name) and not person)
    ):
        evidence = STRONG
    elif position == MODIFIER or (position == AUTHOR and not person):
        evidence = STRONG  # "X spokesman", "a survey by X": the role says organisation
    elif position == ACCORDING and not person and not (len(span) == 2 and not labels):
        evidence = STRONG  # two unlabeled capitalised words after "according to": a person's name
    elif person and not _CAMEL.search(name):
        evidence = PERSON  # the small model's label: only the document's evidence overrides it
    else:
        evidence = WEAK  # an organisation label, no label, or "GlaxoSmithKline"
    if role_before:
        evidence = PERSON  # only the document's evidence of an organisation keeps it
    start = span.start_char + max(span.text.find(name), 0)
    return Found(name, start, start + len(name), cue, descriptors, evidence)


def _has_person_appos(span: Any) -> bool:
    return any(
        c.dep_ == "appos" and c.lemma_.lower() in ROLE_NOUNS and not owns(span, c) for c in span.root.children
    )


# Roles that companies hold too: "Euronext, owner of Liffe" (a person would have two names).
COMPANY_ROLES = frozenset({"owner", "parent", "partner", "member", "shareholder"})


def owns(span: Any, appos: Any) -> bool:
    """ "Euronext, owner of Liffe", "Vantor Exchange, owner of X": the role belongs to the named
    company itself, not to a person; a person is named with two words and labelled one."""
    return (
        appos.dep_ == "appos"
        and appos.lemma_.lower() in COMPANY_ROLES
        and (len(span) == 1 or has_org_word(span.text) or span.root.ent_type_ == "ORG")
    )


def mentions(doc: Any) -> list[str]:
    """Organisations named in the sentence (entity label ORG), whatever their role."""
    return [
        name
        for ent in doc.ents
        if ent.label_ == "ORG" and ent.text[:1].isupper() and len(ent) <= 6
        for name in [clean_name(ent.text)]
        if name and not is_place(name) and name.lower() not in _NOT_ORGS
    ]
