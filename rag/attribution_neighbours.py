"""Names beside a role or descriptor noun: right before it, right after it, or set off from it."""

from __future__ import annotations

from typing import Any

from rag.attribution_accept import AUTHOR, Found, accept
from rag.attribution_names import is_name
from rag.attribution_spans import name_span
from rag.attribution_words import ROLE_NOUNS
from rag.institutions import DESCRIPTORS


def interrupted(modifier: Any, head: Any) -> bool:
    """Free-standing punctuation between a name and the noun it is said to modify ("a bid for
    Robbie Savage - but managing director ..."); "fifth-largest" does not count."""
    doc = modifier.doc
    between = doc[min(modifier.i, head.i) + 1 : max(modifier.i, head.i)]
    return any(
        t.pos_ == "PUNCT" and t.text not in "()" and (t.whitespace_ or doc[t.i - 1].whitespace_)
        for t in between
    )  # "Dutch football federation (KNVB) spokesman": brackets do not interrupt


def before_role(token: Any) -> bool:
    """ "Virgin Blue chief executive Brett Godfrey": the name is followed by a role noun (after
    modifiers such as "chief", "senior", "vice"), so it names the person's organisation."""
    doc = token.doc
    span = name_span(token)
    i = span.end
    while (
        i < len(doc)
        and doc[i].pos_ in ("ADJ", "NOUN")
        and doc[i].lemma_.lower() not in ROLE_NOUNS
        and i < span.end + 3
    ):
        i += 1
    return i < len(doc) and doc[i].lemma_.lower() in ROLE_NOUNS


def comma_appositive(head: Any, cue: str) -> list[Found]:
    """ "according to technology analysts, TDG Research, ...", "figures gathered by industry
    watchdog, Ofcom, ...": a name set off by commas right after a plural role noun or a
    descriptor, which the parser often attaches elsewhere."""
    doc = head.doc
    lemma = head.lemma_.lower()
    if not ((lemma in ROLE_NOUNS and head.tag_ == "NNS") or lemma in DESCRIPTORS) or head.i + 2 >= len(doc):
        return []
    if doc[head.i + 1].text != "," or not is_name(doc[head.i + 2]):
        return []
    span = name_span(doc[head.i + 2])
    if span.end < len(doc) and doc[span.end].text not in (",", ".", ";"):
        return []
    item = accept(span, AUTHOR, cue)
    return [item] if item is not None else []


def verb_named(head: Any, cue: str) -> list[Found]:
    """ "According to search engine Ask Jeeves": a name right after a descriptor whose first word
    the tagger took for a verb."""
    doc, end = head.doc, head.i + 1
    if head.lemma_.lower() not in DESCRIPTORS or end >= len(doc) or doc[end].pos_ != "VERB":
        return []
    while end < len(doc) and doc[end].text[:1].isupper() and doc[end].pos_ in ("VERB", "PROPN"):
        end += 1
    item = accept(doc[head.i + 1 : end], AUTHOR, cue) if end - head.i > 2 else None
    return [item] if item is not None else []
