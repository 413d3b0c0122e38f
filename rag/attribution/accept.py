"""Is a name in a source position an institution? Positions, evidence, and the Found record."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rag.attribution.institutions import (
    DESCRIPTORS,
    NOT_ORGS,
    PERSON_DESCRIPTORS,
    PERSON_TITLES,
    ROLE_ADJECTIVES,
    clean_name,
    has_org_word,
    is_acronym,
    is_place,
    kind_of,
)
from rag.attribution.namecuts import firm_before, in_role, recut, refused, verb_reading
from rag.attribution.names import NATIONALITY, NON_NAMES, PERSON_TITLE, WEEKDAY_TITLE, first_name_like, owns
from rag.attribution.words import MEMBERS, ROLE_NOUNS

_ROLE_TITLES = re.compile(
    r"\b(?:Secretary|Minister|Chancellor|President|Judge|Senator|Governor|Professor|"
    r"Mayor|Chairman|Director|Chief|Spokesman|Spokeswoman|Leader|MP|MEP|MSP|Commissioner|Bishop|"
    r"Archbishop|Ambassador|Attorney General|Secretary-General|Director[- ]General|Gov|Emeritus)$"
)
_INNER_TITLE = re.compile(
    rf"\b(?:Judge|Senator|Governor|Mayor|Minister|Bishop|Constable|{PERSON_TITLES})\s+[A-Z]"
)
# A nationality's stem ("Frenchman", "Yorkshireman"), not a surname or firm ("Edelman", "Goldman")
_DEMONYM = re.compile(r"^[A-Z][a-z]*(?:ish|ch|sh|s|re|er|x)(?:man|woman|men|women)$")
# Descriptors written with a capital after the name: "PC Pro Magazine" is PC Pro.
_TITLED = frozenset({"Magazine", "Newspaper", "Website"})
_QUOTES = frozenset({'"', "“", "”", "'", "‘", "’"})
# Documents are not institutions: "the Act of Settlement, which confirmed ...", "the Kyoto Treaty".
_DOCUMENT = re.compile(r"\b(?:Act|Bill|Treaty|Directive|Charter)$|^(?:Act|Treaty|Charter) of\b")
# A report's or a series' title names a publication, not the body behind it ("World Economic
# Outlook", "World Investment Report 2018"; "Microprocessor Report", a newsletter, stays).
_PUBLICATION = re.compile(r"\b(?:(?:Outlook|Update|Statistics|Briefing|Tracker)(?: \d{4})?|Report \d{4})$")
# "Dolores M Troiani": a first name, an initial and a surname make a person.
_INITIAL = re.compile(r"^[A-Z][a-z]+ [A-Z]\.? [A-Z][a-z]+$")
# A name before one of these is an event's, not an organisation's: "V festival director".
_EVENT_NOUNS = frozenset(
    "festival ceremony awards tournament championship championships concert tour "
    "exhibition fair race marathon show gala".split()
)

# Source positions, from the most to the least telling: the word before a role noun ("X
# spokesman"), the author of a report or affiliation of a person ("a survey by X", "Jane Doe, of
# X"), the object of "according to", and the bare subject of a speech verb.
MODIFIER, AUTHOR, ACCORDING, SUBJECT = "modifier", "author", "according", "subject"
STRONG, WEAK, PERSON = "strong", "weak", "person"  # how sure the sentence alone is; the document settles
_LEGAL = re.compile(r"\b(?:Inc|Corp|Ltd|Limited|plc|PLC|LLC|Ratings|Labs)\.?$")  # no person ends so


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


def _descriptors(span: Any) -> tuple[str, ...]:
    """Organisation nouns next to the name: "the technology company X", "X magazine"."""
    doc, words = span.doc, []
    i = span.start - 1
    while i >= 0 and (
        (doc[i].text[:1].islower() and doc[i].pos_ in ("NOUN", "ADJ"))
        or (i == 0 and doc[i].lower_ in DESCRIPTORS)  # "Bookmaker Ladbrokes said"
    ):
        words.insert(0, doc[i].lower_)
        i -= 1
    j = span.end
    while (
        j < len(doc)
        and j < span.end + 3
        and ((doc[j].text[:1].islower() and doc[j].pos_ in ("NOUN", "ADJ")) or doc[j].text in _TITLED)
    ):
        words.append(doc[j].lower_)
        if doc[j].lower_ in DESCRIPTORS:
            break
        j += 1
    root = span.root
    # "X, an international real estate company"; not "Paul Hofheinz of the Lisbon Council, a ... group"
    links = [c.i for c in root.children if c.dep_ == "prep" and c.i > root.i]
    for child in root.children:
        if child.dep_ == "appos" and child.lower_ in DESCRIPTORS and not any(i < child.i for i in links):
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
    if refused(span):
        return None
    shorter = recut(span)
    if shorter is not None:
        return accept(shorter, position, cue)
    name = clean_name(span.text)
    office = name.startswith("Office of")  # "the Office of the Deputy Prime Minister": named after a role
    if _ROLE_TITLES.search(name) and not office:
        # "EU Trade Commissioner Peter Mandelson": the acronym before the portfolio is the body
        lead = next((i for i, t in enumerate(span) if not is_acronym(t.text)), len(span))
        return accept(span[:lead], position, cue) if 0 < lead < len(span) else None  # "BOK Gov" too
    placed = is_place(name) and not (span.start > 0 and span.doc[span.start - 1].lower_ in DESCRIPTORS)
    if len(name) < 2 or placed or name.lower() in NOT_ORGS or in_role(span):
        return None  # "Senior Analyst at Danske Bank"; a place, unless named as "news agency MENA"
    doc = span.doc
    if len(span) > 1 and span[-1].text in _TITLED and len(span[:-1].text) > 1 and not _has_person_appos(span):
        return accept(
            span[:-1], position, cue
        )  # "PC Pro Magazine" is PC Pro; not "Anshuman Magazine, director"
    role_next = span.end < len(doc) and doc[span.end].lemma_.lower() in ROLE_NOUNS
    if len(span) > 1 and span[0].lower_ in ROLE_ADJECTIVES and role_next:
        return accept(span[1:], position, cue)  # "Chief Treasury Secretary": "Chief" is the role's
    if re.fullmatch(r"[A-Z]{2,}s|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day", name) or name.endswith(" QC"):
        return None  # "MPs said", "CEOs say": a plural noun; "Guy Mansfield QC": a barrister
    if (
        span.end < len(span.doc)
        and span.doc[span.end].lemma_.lower() in MEMBERS
        and not (has_org_word(name) or is_acronym(name))
    ):
        return None  # "The Glasgow Kelvin MP": a constituency
    if (
        span.start > 0
        and span.doc[span.start - 1].like_num
        and span.doc[span.start - 1].head.i in range(span.start, span.end)
    ):
        return None  # "50 Cent": a name that starts with a number is a performer's
    following = span.doc[span.end] if span.end < len(span.doc) else None
    if following is not None and following.lower_ in _EVENT_NOUNS and not verb_reading(following):
        return None  # "the Paris Motor Show"; not "estimates published by Eurostat show"
    if (
        span.end < len(span.doc)
        and _ROLE_TITLES.search(f"{name} {span.doc[span.end].text}")
        and not (has_org_word(name) or any(is_acronym(t.text) for t in span) or firm_before(span))
    ):
        return None  # "Deputy Prime | Minister Abdullatif Sener": part of a title; not "Microsoft | Chairman"
    if PERSON_TITLE.match(name) or _INNER_TITLE.search(name):
        return None  # "Mr Kilroy-Silk", "Dr Geoffrey Guy", "Texas Judge Letitia Clark"
    seat = span.root.dep_ == "compound" and span.root.head.lemma_.lower() in ("office", "branch", "bureau")
    if seat and all(t.ent_type_ == "GPE" for t in span):
        return None  # "the SEC's Boston office": where the office is, not whose
    plural_head = span.root.head.tag_ == "NNS" and kind_of(name) != "political party"
    if len(span) == 1 and span[0].pos_ == "ADJ" and span[0].ent_type_ == "NORP" and plural_head:
        return None  # "accused by Muslim groups": many people described, no name
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    if len(span) == 1 and span[0].ent_type_ == "NORP" and before in ("former", "fellow", "ex"):
        return None  # "former Olympian and BBC pundit": what a person was
    titled = before == "chief" and doc[span.end : span.end + 1].text.lower() == "officer"
    if len(span) == 1 and titled:
        return None  # "Chief Operating Officer of Sony": the function in a chief officer's title
    if (
        len(span) == 1
        and position == SUBJECT
        and (
            # "Paris-based Euronext, owner of Liffe": the label alone does not make a nationality
            (span[0].ent_type_ == "NORP" and not any(c.dep_ in ("appos", "amod") for c in span[0].children))
            or _DEMONYM.search(name)
            or (span[0].tag_ == "NNPS" and NATIONALITY.search(name))  # "Most Gibraltarians said"
        )
        and not has_org_word(name)  # "The Tories dismissed ...": a party
        and (span.start < 2 or doc[span.start - 1].text != "The")  # "…, The Hindu wrote": a title
    ):
        return None  # "the 55-year-old Frenchman told", "an American said"
    if (
        len(span) == 1
        and (
            span[0].lemma_.lower() in ROLE_NOUNS
            or span[0].lower_ in ROLE_ADJECTIVES
            or (span.start == 0 and span[0].lower_ in DESCRIPTORS)  # "Charity boss Gordon Lishman"
            # "Tim Crawford, Group Economist at Halifax": a kind word in a capitalised role
            or (span[0].lower_ in DESCRIPTORS and doc[span.end : span.end + 1].lemma_.lower() in ROLE_NOUNS)
            or PERSON_TITLE.match(name + " ")
        )
    ):
        return None  # "The MP for Ealing North claimed", "Charity boss", "Lord": a role or a kind
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
    # "The Sunday Times", "BBC Two": a weekday or a channel's number inside a name is no date or count
    numbered = [t for t in span[1:] if t.ent_type_ == "CARDINAL"]
    labels = {
        t.ent_type_ for t in span if t.ent_type_ and not WEEKDAY_TITLE.match(t.text) and t not in numbered
    }
    # "a research director at analyst Gartner": a firm of analysts a person works at
    employer = span.root.dep_ == "pobj" and span.root.head.lower_ in ("at", "for")
    role_before = any(
        c.dep_ in ("appos", "compound")
        and c.lemma_.lower() in ROLE_NOUNS
        and c.lower_ not in DESCRIPTORS
        and not (employer and c.lemma_.lower() == "analyst")
        and c.i < span.start
        for c in span.root.children
    )
    # "Organiser Mean Fiddler said": a role before a name the model calls an organisation leaves
    # the document to show an organisation; before anything else it makes a person.
    if (role_before and labels != {"ORG"}) or (_has_person_appos(span) and span.root.dep_ != "appos"):
        return None  # "Gazprom chief Alexei Miller", "Jane Doe, managing director": a person
    publication = _PUBLICATION.search(name) and not has_org_word(name)  # not "Bureau of Statistics"
    if labels & NON_NAMES or "LAW" in labels or _DOCUMENT.search(name) or publication:
        return None
    if position == SUBJECT and any(
        c.i >= span.end
        and c.dep_ in ("amod", "advmod", "compound")
        and c.text.islower()
        and not any(t.text in (",", "(", '"') for t in doc[span.end : c.i])
        for c in span.root.children
    ):
        return None  # "said the Sale full-back": the name modifies the noun after it, a misparse
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
        or (has_org_word(name) and (not person or _LEGAL.search(name) is not None))
        or kind_of(name) == "political party"  # "the Conservatives and Lib Dems insist"
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
    # "Welsh legend Mervyn Davies": a common noun before two plain words describes a person; an
    # organisation's would be a descriptor ("the carmaker Great Wall")
    plain = len(span) == 2 and all(t.is_alpha and t.text.istitle() for t in span)
    described = plain and first_name_like(span[0].text)
    # "analysts Forrester Research": a plural describes a firm of them
    noun_before = described and any(
        c.dep_ == "compound"
        and c.pos_ == "NOUN"
        and c.tag_ == "NN"
        and c.text.islower()
        and c.i == span.start - 1
        and c.lemma_.lower() not in DESCRIPTORS
        for c in span.root.children
    )
    if role_before or noun_before:
        evidence = PERSON  # only the document's evidence of an organisation keeps it
    start = span.start_char + max(span.text.find(name), 0)
    after = doc[span.end] if span.end < len(doc) else None
    if (
        after is not None
        and after.dep_ == "case"
        and after.head.i in range(span.start, span.end)
        and span.root.dep_ != "poss"
        and not doc.text[after.idx - 1].isspace()
        and (after.i + 1 == len(doc) or _finite_or_stop(doc[after.i + 1]))
    ):
        name += after.text  # "McDonald's announced": a name ending in "'s", not an owner
    return Found(name, start, start + len(name), cue, descriptors, evidence)


def _finite_or_stop(token: Any) -> bool:  # not "AG's warning over", "the WHO's (WHO) report"
    return token.tag_ in ("VBD", "VBZ", "VBP", "MD") or (token.pos_ == "PUNCT" and token.text not in "([")


def _has_person_appos(span: Any) -> bool:
    appos = [c for c in span.root.children if c.dep_ == "appos"]
    return any(c.lemma_.lower() in ROLE_NOUNS and not owns(span, c) for c in appos)
