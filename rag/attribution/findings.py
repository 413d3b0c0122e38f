"""Data and reports whose author the words give, when the parse of the sentence does not.

"according to flash data from statistics agency Eurostat out on Monday", "Australian Bureau of
Statistics data released on Thursday shows", "estimates published by Eurostat show", "with
Counterpoint’s report indicating": authored data or a report that the sentence presents as the
evidence for its claim cite their author (ATTRIBUTION_GUIDELINES.md, report-style sources). The
small model often breaks these noun phrases, so they are read from the word order: the evidence
noun, a claim around it ("according to" before it, or a showing verb shortly after it), and its
author just before it ("X data", "X's report") or after "from" / "by" / "released by".
"""

from __future__ import annotations

import re
from typing import Any

from rag.attribution.accept import AUTHOR, Found, accept
from rag.attribution.names import is_name
from rag.attribution.sources import sources
from rag.attribution.spans import name_span

_EVIDENCE = frozenset(
    "data figure figures estimate estimates statistics report survey poll study analysis outlook projections "
    "forecast forecasts findings numbers index release bulletin work research scenario paper "
    "assessment review model calculations monitoring averages tally count records tracking results".split()
)
SHOWING = frozenset(
    "show shows showed shown showing indicate indicates indicated indicating reveal reveals revealed "
    "suggest suggests suggested find finds found confirm confirms confirmed underlines underlined".split()
)
# Words between an author and its data: "Eurostat flash estimates", "the ONS's latest figures".
# Claiming verbs that a noun shares ("the ILO scenario estimates", "the report presented to the
# board"): only a finite verb claims.
FINITE_CLAIMS = frozenset(
    "estimates estimated measured measures presented presents concluded concludes projects projected "
    "predicts predicted warns warned highlights highlighted notes noted records recorded documents "
    "documented calculates calculated counted identifies identified".split()
)
_BETWEEN = frozenset(
    "flash latest new preliminary provisional official final monthly quarterly annual weekly "
    "advance revised recent first initial early".split()
)
_LINKS = frozenset({"from", "by", "of"})  # "according to the monitoring of the NDRC"
_NOT_YET = frozenset("likely will would could may might expected set due to".split())
_RELATIVE = frozenset("which that who".split())  # "figures ..., which showed": evidence, unless to come
_MADE = frozenset("published released compiled produced issued collected".split())
_FROM_VERBS = frozenset("is are was were come comes came".split())  # "the data are from X"
# Index readings: the index's words, the verbs of a reading, the words of a surveyed index
_INDICES = frozenset({"index", "pmi", "barometer"})
_MOVES = frozenset(
    "rise fall drop decline increase decrease climb gain jump slip edge ease reach record hit improve "
    "deteriorate surge plunge slump tumble soar dip".split()
)
_SURVEYED = frozenset(
    "purchasing managers pmi sentiment confidence climate price prices food freight house home housing "
    "activity business consumer expectations".split()
)
_WINDOW = 9  # words between the evidence and its verb: "data released on Thursday shows"


def authored_findings(doc: Any) -> list[Found]:
    """Authors of data or reports the sentence presents as the evidence of its claim."""
    found = []
    for noun in doc:
        opening = noun.i == 0 or doc[noun.i - 1].is_quote  # "Statistics the CPCA released … showed"
        if noun.lower_ not in _EVIDENCE or not (noun.is_lower or (opening and noun.is_title)):
            continue
        cue = _claim(doc, noun.i)
        if cue is None:
            continue
        after = _author_after(doc, noun.i) or _author_clause(doc, noun.i)
        for span in [*_authors_before(doc, noun.i), *filter(None, [after])]:
            item = accept(span, AUTHOR, f"{noun.lower_} ... {cue}")
            if item is not None:
                found.append(item)
    return found


def _claim(doc: Any, at: int) -> str | None:
    """ "according to" before the noun's phrase, or a showing verb soon after it."""
    before = doc[max(0, at - 6) : at]
    if any(t.lower_ == "according" for t in before) and not any(t.text in (",", ";") for t in before[-3:]):
        return "according to"
    if at + 2 < len(doc) and doc[at + 1].lower_ in _FROM_VERBS and doc[at + 2].lower_ == "from":
        return f"{doc[at + 1].lower_} from"  # "The data are from the Brazilian Electric Vehicle Association"
    for token in doc[at + 1 : at + 1 + _WINDOW]:
        if token.text in (";", ":", "(") or token.lower_ in _NOT_YET:
            return None  # "ODPM figures are likely to show ...": data to come is no evidence yet
        following = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
        if token.lower_ in _RELATIVE and following not in SHOWING:
            return None  # "figures which will show": only "which showed" states the evidence
        finite = token.tag_ in ("VBZ", "VBD", "VBP")
        if token.lower_ in SHOWING or (token.lower_ in FINITE_CLAIMS and finite):
            return token.lower_
    return None


def _authors_before(doc: Any, at: int) -> list[Any]:
    """ "Australian Bureau of Statistics data", "Counterpoint’s report", "Eurostat flash estimates",
    and joint authors: "IRENA and ILO’s work"."""
    span = _author_before(doc, at)
    if span is None:
        return []
    spans = [span]
    if span.start > 1 and doc[span.start - 1].lower_ in ("and", "&") and is_name(doc[span.start - 2]):
        other = name_span(doc[span.start - 2])
        if other.end == span.start - 1 and doc[other.start].text[:1].isupper():
            spans.append(other)
    return spans


def _author_before(doc: Any, at: int) -> Any | None:
    i = at - 1
    # "the ILO global sustainability scenario", "the Bank of Japan's quarterly 'tankan survey'"
    while i >= 0 and at - i <= 4 and (_between(doc[i]) or doc[i].text in ("'", "‘")):
        i -= 1
    if i >= 0 and doc[i].text in ("'s", "’s"):
        i -= 1
    if i < 0 or not (is_name(doc[i]) and doc[i].text[:1].isupper()):
        return None
    span = name_span(doc[i])
    return span if span.end == i + 1 else doc[span.start : i + 1]


def _between(token: Any) -> bool:
    """A word between an author and its evidence: an adjective or a noun in lower case."""
    return token.is_lower and (token.lower_ in _BETWEEN or token.pos_ in ("ADJ", "NOUN"))


def _author_after(doc: Any, at: int) -> Any | None:
    """ "data from statistics agency Eurostat", "estimates published by Eurostat"."""
    i = at + 1
    if i + 1 < len(doc) and doc[i].pos_ == "ADV" and doc[i + 1].lower_ in _MADE:
        i += 1  # "data just released by NIBSS"
    if i < len(doc) and doc[i].lower_ in _MADE | _FROM_VERBS:
        i += 1
    if i >= len(doc) or doc[i].lower_ not in _LINKS:
        return None
    if doc[i].lower_ == "of" and any(c.dep_ == "poss" for c in doc[at].children):
        return None  # "its recent study of Google's practices": what the owner studied
    i += 1
    start = i
    while i < len(doc) and i - start < 3 and (doc[i].is_lower or doc[i].lower_ == "the"):
        i += 1  # "from statistics agency Eurostat": a descriptor before the name
    if i >= len(doc) or not (is_name(doc[i]) and doc[i].text[:1].isupper()):
        return None
    span = name_span(doc[i])
    return span if span.start == i else doc[i : span.end]


def _author_clause(doc: Any, at: int) -> Any | None:
    """ "Statistics the CPCA released on Wednesday showed": a clause without "that" names who
    released the evidence."""
    i = at + 2 if at + 1 < len(doc) and doc[at + 1].lower_ == "the" else at + 1
    if i >= len(doc) or not (is_name(doc[i]) and doc[i].text[:1].isupper()):
        return None
    span = name_span(doc[i])
    made = span.start == i and span.end < len(doc) and doc[span.end].lower_ in _MADE
    return span if made else None


def index_readings(doc: Any) -> list[Found]:
    """ "The Caixin manufacturing purchasing managers’ index fell to 49.2", "The FAO Food Price
    Index rose by nearly two percent": a survey index's reading is its producer's claim (the
    modern batches' convention); a stock index's move is market data ("The Nikkei index fell
    2%"), and an index named after no one ("the consumer price index rose") cites nothing."""
    found: list[Found] = []
    for noun in doc:
        if noun.lower_ not in _INDICES or noun.dep_ not in ("nsubj", "nsubjpass"):
            continue
        verb = noun.head
        if verb.lemma_.lower() not in _MOVES or not any(t.like_num for t in verb.subtree):
            continue
        phrase = [t for t in noun.subtree if t.i < noun.i]
        if not any(re.sub(r"['’]s?$", "", t.lower_) in _SURVEYED for t in phrase):
            continue
        cue = f"{noun.lower_} ... {verb.text}"
        found += [_producer(doc, f, cue) for f in sources(noun, AUTHOR, cue)]
    return [f for f in found if f is not None and not set(f.name.lower().split()) & _INDICES]


def _producer(doc: Any, found: Found, cue: str) -> Found | None:
    """ "Emirates NBD UAE Purchasing Managers": the producer's name ends before the index's own
    words or a country."""
    span = doc.char_span(found.start, found.end, alignment_mode="expand")
    if span is None:
        return found
    cut = next(
        (k for k, t in enumerate(span) if k and (t.lower_ in _SURVEYED or t.ent_type_ in ("GPE", "NORP"))),
        len(span),
    )
    return found if cut == len(span) else accept(span[:cut], AUTHOR, cue)
