"""Attribution rules over one spaCy-parsed sentence: the syntactic role decides who is a source."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rag.institutions import DESCRIPTORS, clean_name, has_org_word, is_acronym, is_place

# Subjects of these verbs are sources ("X said", "X predicts", "X expects").
SPEECH_VERBS = frozenset(
    "say state report warn predict forecast estimate find announce acknowledge insist argue expect "
    "add claim confirm tell note believe write explain respond comment caution calculate recommend "
    "urge admit reveal conclude project maintain stress emphasise emphasize contend allege assert "
    "declare disclose observe remark reply suggest indicate show point describe anticipate "
    "signal concede deny quote understand learn".split()
)
# These take a source only through a report noun ("figures showed", "the survey suggests").
EVIDENCE_ONLY = frozenset("show point suggest indicate signal".split())
# "X released a report stating ...": the publisher of a report noun is its source.
PUBLISH_VERBS = frozenset("release publish issue produce unveil compile".split())
REPORT_NOUNS = frozenset(
    "report study survey poll figure data statistic research analysis forecast estimate review "
    "index letter statement paper outlook projection finding assessment audit census ranking "
    "calculation number bulletin update memo briefing evaluation count tally prediction "
    "survey".split()
)
# People who speak for an organisation: "X spokesman", "chief executive of X", "an economist at X".
ROLE_NOUNS = frozenset(
    "spokesman spokeswoman spokesperson spokespeople representative chief head chairman chairwoman "
    "chair director executive president vice-president officer ceo cfo coo founder co-founder "
    "economist analyst strategist editor correspondent professor researcher scientist official "
    "manager boss secretary under-secretary governor partner adviser advisor leader owner "
    "commissioner dean fellow expert lawyer member staff employee source team spokes controller "
    "consultant correspondent reporter columnist commentator broker trader adviser "
    "vice chancellor head-of".split()
)
# Verbs that make the author of a report noun: "a poll carried out by X", "figures gathered by X".
AUTHOR_VERBS = frozenset(
    "release publish issue produce compile carry conduct commission prepare "
    "write do gather collect run undertake provide make".split()
)
# Prepositions that lead from a role or report noun to the organisation behind it.
_LINKS = frozenset({"by", "from", "of", "for", "at", "as", "including", "like", "with"})
# Plural nouns that introduce examples: "institutions such as X".
_GENERIC_HEADS = frozenset(
    "backer member investor shareholder creditor "
    "institution organisation organization body group firm company bank agency source".split()
)
_ROLE_TITLES = re.compile(
    r"\b(?:Secretary|Minister|Chancellor|President|Judge|Senator|Governor|Professor|"
    r"Mayor|Chairman|Director|Chief|Spokesman|Spokeswoman|Leader)$"
)
_PERSON_TITLE = re.compile(r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Sir|Lord|Lady|Dame|Rev|Rabbi)\.?\s")
_QUOTES = frozenset({'"', "“", "”", "'", "‘", "’"})
_NON_NAMES = frozenset({"DATE", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "TIME", "QUANTITY"})
_NOT_ORGS = frozenset({"ai", "it", "i", "internet", "web"})

# Source positions, from the most to the least telling: the word before a role noun ("X
# spokesman"), the author of a report or affiliation of a person ("a survey by X", "Jane Doe, of
# X"), the object of "according to", and the bare subject of a speech verb.
MODIFIER, AUTHOR, ACCORDING, SUBJECT = "modifier", "author", "according", "subject"
# How sure a name is an organisation from the sentence alone; the document settles the rest.
STRONG, LABEL, NONE = "strong", "label", "none"


@dataclass(frozen=True)
class Found:
    """An institution found in a source position of one sentence (offsets within the sentence)."""

    name: str
    start: int
    end: int
    cue: str
    descriptors: tuple[str, ...]
    evidence: str = "strong"  # STRONG, LABEL (entity label only) or NONE (needs the document's)


def citations(doc: Any) -> list[Found]:
    """Every institution the sentence presents as its source, longest names first, no overlaps."""
    found: list[Found] = []
    for token in doc:
        lemma = token.lemma_.lower()
        if token.lower_ == "according":
            for to in (c for c in token.children if c.lower_ == "to"):
                for obj in (c for c in to.children if c.dep_ == "pobj"):
                    cue = "according to" + _report_cue(obj)
                    position = AUTHOR if obj.lemma_.lower() in REPORT_NOUNS else ACCORDING
                    found += _sources(obj, position, cue)
        elif lemma == "quote" and token.tag_ == "VBN":  # "... quoted in the China Daily newspaper"
            for link in (
                c for c in token.children if c.dep_ in ("prep", "agent") and c.lower_ in ("in", "by")
            ):
                found += _pobjs(link, AUTHOR, f"quoted {link.text}", 0)
        elif token.pos_ in ("VERB", "AUX") and lemma in SPEECH_VERBS and not _negated(token):
            for link in (c for c in token.children if c.dep_ == "prep" and c.lower_ in ("in", "from")):
                for report in (o for o in link.children if o.lemma_.lower() in REPORT_NOUNS):
                    # "In a report compiled by X, graft was said to be pervasive"
                    found += _sources(report, AUTHOR, f"{link.text} a {report.text}{_report_cue(report)}")
            for subject in _subjects(token):
                is_report = subject.pos_ == "NOUN" and subject.lemma_.lower() in REPORT_NOUNS
                if lemma in EVIDENCE_ONLY and not is_report:
                    continue
                cue = _verb_cue(token)
                if is_report:
                    cue = f"{subject.lower_}{_report_cue(subject)} ... {cue}"
                found += _sources(subject, SUBJECT, cue)
        elif lemma == "quote" and token.tag_ == "VBN":  # "... quoted in the China Daily newspaper"
            for link in (
                c for c in token.children if c.dep_ in ("prep", "agent") and c.lower_ in ("in", "by")
            ):
                found += _pobjs(link, AUTHOR, f"quoted {link.text}", 0)
        elif lemma == "available" and token.head.lemma_ == "be":
            subject = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.lemma_.lower() in REPORT_NOUNS:
                for link in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "from"):
                    found += _pobjs(link, AUTHOR, f"{subject.text} are available from", 0)
        elif token.pos_ == "VERB" and lemma in PUBLISH_VERBS:
            for obj in (c for c in token.children if c.dep_ == "dobj"):
                if obj.lemma_.lower() in REPORT_NOUNS:
                    for subject in _subjects(token):
                        words = [token, *(d for d in obj.children if d.dep_ == "det"), obj]
                        found += _sources(subject, AUTHOR, " ".join(w.text for w in words))
    return _dedupe(found)


def _dedupe(found: list[Found]) -> list[Found]:
    kept: list[Found] = []
    for item in sorted(found, key=lambda f: (f.start - f.end, f.start)):
        if not any(k.start <= item.start and item.end <= k.end for k in kept):
            kept.append(item)
    return sorted(kept, key=lambda f: f.start)


def _subjects(verb: Any) -> list[Any]:
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if verb.dep_ == "relcl" and subjects and all(s.lower_ in ("which", "who", "that") for s in subjects):
        # "IBM, which argues that ...": the antecedent speaks. The parser often hangs the clause
        # on the wrong noun, so a name just before the pronoun wins over the parse.
        pronoun = subjects[0]
        before = (
            pronoun.doc[pronoun.i - 2]
            if pronoun.i > 1 and pronoun.doc[pronoun.i - 1].text == ","
            else pronoun.doc[pronoun.i - 1]
            if pronoun.i > 0
            else None
        )
        subjects = [before if before is not None and _is_name(before) else verb.head]
    subjects += [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return subjects  # "AOL is expected to offer ...": passive, only an agent ("by X") speaks
    if not subjects:
        before = _name_before(verb)
        if before is not None:
            subjects = [before]
        elif verb.dep_ == "conj" and verb.head is not verb:
            subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
    return subjects


def _negated(verb: Any) -> bool:
    """ "X would not comment", "X declined to say": no claim is attributed."""
    return any(c.dep_ == "neg" for c in verb.children) or (
        verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ("decline", "refuse")
    )


def _name_before(verb: Any) -> Any | None:
    """The name ending right before a verb the parser gave no subject ("... and the UN Economic
    Commission for Europe predicts"), climbing "of"/"for" to the name that heads it."""
    doc, i = verb.doc, verb.i - 1
    if i > 2 and doc[i].text == ")" and doc[i - 2].text == "(":
        i -= 3  # "the Office for National Statistics (ONS) said"
    if i < 0 or not _is_name(doc[i]):
        return None
    token = doc[i]
    while token.head is not token and (
        (token.dep_ == "pobj" and token.head.lower_ in ("of", "for") and _is_name(token.head.head))
        or (token.dep_ in ("compound", "flat") and _is_name(token.head))
    ):
        token = token.head.head if token.dep_ == "pobj" else token.head
    return token


def _verb_cue(verb: Any) -> str:
    aux = [c.text for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i]
    return " ".join([*aux, verb.text])


def _report_cue(noun: Any) -> str:
    """ " statistics from", " a report by": the report noun and the word leading to its author."""
    if noun.lemma_.lower() not in REPORT_NOUNS:
        return ""
    link = next(
        (c for c in noun.subtree if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from", "of")), None
    )
    words = [noun.text] if noun.dep_ == "pobj" else []
    return "".join(f" {w}" for w in [*words, *([link.text] if link is not None else [])])


def _sources(head: Any, position: str, cue: str, depth: int = 0, role: bool = False) -> list[Found]:
    """Institutions in the phrase headed by `head`, which stands in a source position.

    A name heading the phrase is judged by `position` (see `_accept`); names that modify a role
    noun ("Gazprom chief"), author a report noun ("a survey by X"), follow a descriptor ("the
    journal X") or affiliate a person ("Jane Doe, of X") are in the author position. `role` marks
    a noun in apposition to a person ("Ian Pearson, BT's futurologist"), which acts as a role noun.
    """
    if depth > 6:
        return []
    out: list[Found] = []
    lemma = head.lemma_.lower()
    if _is_name(head):
        span = _name_span(head)
        item = _accept(span, position, cue)
        if item is not None:
            out.append(item)
        for child in head.children:
            if child.i in range(span.start, span.end) and child.dep_ == "compound":
                continue
            if child.dep_ in ("appos", "compound") and child.lemma_.lower() in ROLE_NOUNS:
                out += _sources(child, AUTHOR, cue, depth + 1)
            elif child.dep_ == "appos" and child.pos_ in ("NOUN", "VERB") and not _is_name(child):
                out += _sources(child, AUTHOR, cue, depth + 1, role=True)
            elif child.dep_ == "prep" and child.lower_ in ("of", "at", "from", "for"):
                out += _pobjs(child, AUTHOR, cue, depth)
            elif child.dep_ in ("conj", "appos") and _is_name(child):
                out += _sources(child, position, cue, depth + 1)
            elif (
                child.dep_ in ("compound", "poss", "nmod")
                and _is_name(child)
                and (item is None or item.evidence != STRONG)
            ):
                # "Amazon's Robin Terrell said": an affiliation; "US Treasury ... John Taylor said"
                # may be one too, but "Wales coach" shows a bare compound needs evidence.
                out += _sources(child, MODIFIER if child.dep_ == "poss" else SUBJECT, cue, depth + 1)
        return out
    report = lemma in REPORT_NOUNS
    if role or report or lemma in ROLE_NOUNS or lemma in DESCRIPTORS or lemma in _GENERIC_HEADS:
        modifier = MODIFIER if (role or lemma in ROLE_NOUNS) else AUTHOR
        for child in head.children:
            dep, child_lemma = child.dep_, child.lemma_.lower()
            if dep in ("compound", "poss", "nmod", "appos") and _is_name(child):
                out += _sources(child, modifier if dep != "appos" else AUTHOR, cue, depth + 1)
            elif dep in ("compound", "poss", "nmod", "appos") and (
                child_lemma in ROLE_NOUNS or child_lemma in DESCRIPTORS
            ):
                out += _sources(child, AUTHOR, cue, depth + 1)
            elif dep == "compound" and child.pos_ == "NOUN" and modifier == MODIFIER:
                out += _sources(child, MODIFIER, cue, depth + 1, role=True)  # "BBC home affairs editor"
            elif (dep == "prep" and child.lower_ in _LINKS) or dep == "agent":
                out += _pobjs(child, AUTHOR, cue, depth)
            elif dep == "acl" and report and child_lemma in AUTHOR_VERBS:
                for link in child.children:
                    if link.dep_ == "agent" or (link.dep_ == "prep" and link.lower_ in ("by", "from")):
                        out += _pobjs(link, AUTHOR, cue, depth)
            elif dep == "conj":
                out += _sources(child, position, cue, depth + 1)
        out += _comma_appositive(head, cue)
    elif depth and head.pos_ == "NOUN":
        # A common noun on the way to the source: "vice president of marketing for X",
        # "a survey of 280 schemes by X".
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("for", "by", "at", "from"):
                out += _pobjs(child, AUTHOR, cue, depth)
    return out


def _comma_appositive(head: Any, cue: str) -> list[Found]:
    """ "according to technology analysts, TDG Research, ...": a name set off by commas right after
    a plural role noun, which the parser often attaches elsewhere."""
    doc = head.doc
    if head.lemma_.lower() not in ROLE_NOUNS or head.tag_ != "NNS" or head.i + 2 >= len(doc):
        return []
    if doc[head.i + 1].text != "," or not _is_name(doc[head.i + 2]):
        return []
    span = _name_span(doc[head.i + 2])
    if span.end < len(doc) and doc[span.end].text not in (",", ".", ";"):
        return []
    item = _accept(span, AUTHOR, cue)
    return [item] if item is not None else []


def _pobjs(prep: Any, position: str, cue: str, depth: int) -> list[Found]:
    return [f for obj in prep.children if obj.dep_ == "pobj" for f in _sources(obj, position, cue, depth + 1)]


def _is_name(token: Any) -> bool:
    if token.pos_ == "PRON" or not token.text[:1].isupper():
        return False
    return (
        token.pos_ == "PROPN"
        or token.ent_type_ == "ORG"
        or (token.pos_ == "NOUN" and token.dep_ in ("compound", "poss"))
    )


def _name_span(token: Any) -> Any:
    """The whole name around a token: its entity, grown over capitalised words and inner
    connectors ("Fraser of Allander Institute"). Two complete names joined by "and" are split
    ("Nationwide and Halifax"); a name completed only after "and" is joined ("World Travel and
    Tourism Council", which the tagger may cut in two)."""
    doc = token.doc
    entity = next((e for e in doc.ents if e.start <= token.i < e.end), None)
    if entity is not None and entity.label_ not in _NON_NAMES:
        start, end = entity.start, entity.end
    else:
        start, end = token.i, token.i + 1
    while start > 0 and _grows(doc[start - 1]) and doc[start - 1].head.i in range(start, end):
        start -= 1
    while end < len(doc):
        nxt = doc[end]
        if _grows(nxt) and nxt.head.i in range(start, end + 3):
            end += 1
        elif (
            nxt.lower_ in ("of", "for", "&", "and")
            and end + 1 < len(doc)
            and _grows(doc[end + 1])
            and has_org_word(doc[start : end + 3].text)
            and (nxt.lower_ != "and" or not has_org_word(doc[start:end].text))
        ):
            end += 2
        else:
            break
    if (
        start > 1
        and doc[start - 1].lower_ == "and"
        and _grows(doc[start - 2])
        and not has_org_word(doc[start - 2].text)
        and has_org_word(doc[start:end].text)
    ):
        start -= 2  # "World Travel | and | Tourism Council"
        while start > 0 and _grows(doc[start - 1]):
            start -= 1
    for i in range(start + 1, end - 1):  # "Department of Health and State University": two names
        if doc[i].lower_ == "and" and has_org_word(doc[start:i].text) and has_org_word(doc[i + 1 : end].text):
            start, end = (start, i) if token.i < i else (i + 1, end)
            break
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    cut = next((i for i in range(start, end) if doc[i].text in ("(", ",", '"', "“")), end)
    end = cut if cut > start else end
    while end > start and doc[end - 1].dep_ == "case":
        end -= 1
    if end - start == 2 and is_acronym(doc[start].text) and not has_org_word(doc[start + 1].text):
        end = start + 1  # "SNP Holyrood leader": the party, not the parliament it sits in
    return doc[start:end]


def _grows(token: Any) -> bool:
    """A word that can continue a name: a capitalised proper noun (or, inside the sentence, a
    capitalised adjective: "Liberal Democrat"), not a person, date or role title."""
    return (
        (token.pos_ == "PROPN" or (token.pos_ == "ADJ" and token.i > 0))
        and token.text[:1].isupper()
        and token.ent_type_ not in ("PERSON", "DATE")
        and token.lemma_.lower() not in ROLE_NOUNS
    )


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


def _accept(span: Any, position: str, cue: str) -> Found | None:
    """Is the name in this position an institution? Evidence needed grows as the position weakens:
    a bare subject of "said" is usually a person, the author of a survey usually an organisation.
    Entity labels of the small model are hints only: it calls many companies places or people."""
    name = clean_name(span.text)
    if not name or is_place(name) or name.lower() in _NOT_ORGS or _ROLE_TITLES.search(name):
        return None
    if _PERSON_TITLE.match(name):
        return None  # "Mr Kilroy-Silk", "Dr Geoffrey Guy"
    doc = span.doc
    if (
        span.start > 0
        and span.end < len(doc)
        and doc[span.start - 1].text in _QUOTES
        and doc[span.end].text in _QUOTES
    ):
        return None  # a quoted title, not an author
    if any(
        c.dep_ in ("appos", "compound")
        and c.lemma_.lower() in ROLE_NOUNS
        and c.lower_ not in DESCRIPTORS
        and c.i < span.start
        for c in span.root.children
    ) or _has_person_appos(span):
        return None  # "Gazprom chief Alexei Miller", "Jane Doe, managing director": a person
    labels = {t.ent_type_ for t in span if t.ent_type_}
    if labels & _NON_NAMES:
        return None
    descriptors = _descriptors(span)
    acronym = is_acronym(name) or any(is_acronym(t.text) for t in span)
    person = "PERSON" in labels and (len(span) > 1 or position not in (MODIFIER, AUTHOR))
    if descriptors or acronym or (has_org_word(name) and not person):
        evidence = STRONG
    elif position == MODIFIER or (position == AUTHOR and not person):
        evidence = STRONG  # "X spokesman", "a survey by X": the role says organisation
    elif position == ACCORDING and not person and not (len(span) == 2 and not labels):
        evidence = STRONG  # two unlabeled capitalised words after "according to": a person's name
    elif "ORG" in labels and not person:
        evidence = LABEL
    else:
        evidence = NONE
    start = span.start_char + max(span.text.find(name), 0)
    return Found(name, start, start + len(name), cue, descriptors, evidence)


def _has_person_appos(span: Any) -> bool:
    return any(c.dep_ == "appos" and c.lemma_.lower() in ROLE_NOUNS for c in span.root.children)


def mentions(doc: Any) -> list[str]:
    """Organisations named in the sentence (entity label ORG), whatever their role."""
    return [
        name
        for ent in doc.ents
        if ent.label_ == "ORG" and ent.text[:1].isupper() and len(ent) <= 6
        for name in [clean_name(ent.text)]
        if name and not is_place(name) and name.lower() not in _NOT_ORGS
    ]
