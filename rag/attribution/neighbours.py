"""Names beside a role noun, a descriptor or a subjectless verb: right before, right after, set off."""

from __future__ import annotations

from typing import Any

from rag.attribution.accept import AUTHOR, Found, accept
from rag.attribution.institutions import DESCRIPTORS
from rag.attribution.names import is_name
from rag.attribution.spans import name_span
from rag.attribution.words import ROLE_NOUNS


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


def name_before(verb: Any) -> Any | None:
    """The name ending right before a verb the parser gave no subject ("... and the UN Economic
    Commission for Europe predicts"), climbing "of"/"for" to the name that heads it."""
    doc, i = verb.doc, verb.i - 1
    if i > 2 and doc[i].text == ")" and doc[i - 2].text == "(":
        i -= 3  # "the Office for National Statistics (ONS) said"
    if i < 0 or not is_name(doc[i]):
        return None
    token = doc[i]
    while token.head.i != token.i and (
        (token.dep_ == "pobj" and token.head.lower_ in ("of", "for") and is_name(token.head.head))
        or (token.dep_ in ("compound", "flat") and is_name(token.head))
    ):
        token = token.head.head if token.dep_ == "pobj" else token.head
    if verb.tag_ == "VBG" and token.dep_ == "pobj" and token.head.lower_ not in ("from", "by"):
        return None  # "a billboard opposite the Palace of Westminster accusing ...": a place passed
    if verb.tag_ == "VBG" and token.dep_ == "dobj" and token.head.i < verb.i:
        return None  # "Mr Hockney also left UKIP saying ...": what the subject acted on says nothing
    return token


def name_after(verb: Any) -> Any | None:
    """'..., said Junya Tanase of JPMorgan Chase bank': a name right after a verb set off by a
    comma or a quotation, climbed from its first word to its head (the parser hangs it elsewhere)."""
    doc = verb.doc
    after = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    if after is None or after.pos_ != "PROPN" or verb.i == 0 or doc[verb.i - 1].text not in (",", '"', "”"):
        return None
    if verb.lemma_.lower() == "tell":  # '..., told Associated Press': a listener
        return None
    while after.dep_ in ("compound", "flat") and after.head.i > after.i:
        after = after.head
    return after
