"""Forecasts as claims: a body revising its own forecast, a forecast it owns, a report it titled.

"The IEA has slightly lowered its prediction for oil consumption", "The World Bank and the IMF
have raised their expectations", "The IEA made a minor adjustment to its prediction": the
forecast is the body's claim (ATTRIBUTION_GUIDELINES.md counts forecast revisions as cited).
"The IEA's forecast for 2025 remains unchanged": the owner of the forecast. "IRENA's Renewable
Energy Capacity Statistics 2017 report estimates": the owner of the titled report, not its title.
"""

from __future__ import annotations

from typing import Any

from rag.attribution.accept import AUTHOR, SUBJECT, Found, accept
from rag.attribution.institutions import has_org_word
from rag.attribution.names import is_name
from rag.attribution.sources import sources
from rag.attribution.spans import name_span
from rag.attribution.speakers import subjects
from rag.attribution.words import REPORT_NOUNS

# Series a body publishes under a title: "Edelman's Trust Barometer", "NatCen's ... survey"
_TITLES = REPORT_NOUNS | {"barometer", "tracker", "monitor", "indicator"}
FORECASTS = frozenset("forecast prediction projection estimate expectation outlook guidance".split())
_REVISING = frozenset(
    "raise lower cut lift revise adjust upgrade downgrade keep maintain trim hold increase reduce "
    "boost leave slash nudge reaffirm reiterate make push".split()
)
# "made a minor adjustment to its prediction": a change whose object follows "to"
_CHANGES = frozenset("adjustment revision change cut upgrade downgrade increase reduction".split())


def revised(verb: Any, lemma: str) -> list[Found]:
    """Subjects of a verb that revises or keeps their own ("its", "their") forecast."""
    if verb.pos_ not in ("VERB", "AUX") or lemma not in _REVISING:
        return []
    targets = []
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        if obj.lemma_.lower() in _CHANGES:
            links = [c for c in (*obj.children, *verb.children) if c.dep_ == "prep" and c.lower_ == "to"]
            targets += [o for link in links for o in link.children if o.dep_ == "pobj"]
        elif lemma != "make":
            # "upgraded China's gross domestic product (GDP) growth forecast": the parser's appositive;
            # "cut its annual sales and profit forecasts": the forecast joined to the first noun
            targets += [obj, *(c for c in obj.children if c.dep_ in ("appos", "conj"))]
    # "UBS has upgraded China's growth forecast", "The IMF kept its forecast at 4.6%"
    owned = [
        t for t in targets if t.lemma_.lower() in FORECASTS and not _owned_by_another(t) and not _rating(t)
    ]
    if not owned:
        return []
    cue = f"{verb.text} ... {owned[0].text}"
    return [f for subject in subjects(verb) for f in sources(subject, SUBJECT, cue)]


def owned_forecast(noun: Any) -> list[Found]:
    """ "The IEA's forecast for 2025 remains unchanged", "below Opec's 2.25 million bpd projection",
    "The IEA's latest upward revision": the named owner of a forecast the sentence states."""
    if noun.lemma_.lower() not in FORECASTS | {"revision"} or noun.dep_ not in ("nsubj", "nsubjpass", "pobj"):
        return []
    if noun.head.dep_ == "ccomp" and any(c.dep_ == "nsubj" for c in noun.head.head.children):
        return []  # "Analysts said Absa's earnings forecast was better": someone else's view of it
    return [
        f
        for owner in noun.children
        if owner.dep_ == "poss" and owner.pos_ != "PRON" and is_name(owner)
        for f in sources(owner, AUTHOR, f"'s {noun.text}")
    ]


def titled_owner(doc: Any, found: Found) -> Found:
    """A report's title found as its author ("Renewable Energy Capacity Statistics" in "IRENA's
    Renewable Energy Capacity Statistics 2017 report") gives way to the owner written before it."""
    span = doc.char_span(found.start, found.end, alignment_mode="expand")
    if span is not None and len(span) > 2:
        mark = _inner_owner(span)
        if mark is not None:
            cited = accept(doc[span.start : mark.i], AUTHOR, found.cue)
            return cited if cited is not None else found
    if span is None or span.start < 2 or doc[span.start - 1].dep_ != "case":
        return found
    after = doc[span.end : span.end + 3]
    if not any(t.lemma_.lower() in REPORT_NOUNS for t in after):
        return found
    owner = doc[span.start - 2]
    if not owner.text[:1].isupper():
        return found
    if not _title(span):  # "the Children's Society report": the possessive is the body's own
        whole = accept(doc[name_span(owner).start : span.end], AUTHOR, found.cue)
        return whole if whole is not None else found
    cited = accept(name_span(owner), AUTHOR, found.cue)
    return cited if cited is not None else found


def _inner_owner(span: Any) -> Any:
    """ "NatCen's British Social Attitudes survey", "Edelman's Trust Barometer": a name found with
    its owner's possessive inside names the owner's titled series; the owner is the source."""
    doc = span.doc
    marks = [t for t in span[1:-1] if t.dep_ == "case" and t.head.i == t.i - 1 and t.head.tag_ == "NNP"]
    last = doc[span.end] if span.end < len(doc) else span[-1]
    titled = any(t.lemma_.lower() in _TITLES for t in (span[-1], last))
    if not (marks and titled):
        return None
    return marks[0] if _title(doc[marks[0].i + 1 : span.end]) else None


def _title(rest: Any) -> bool:
    """The words after a possessive title a series ("Trust Barometer"); one word or an
    organisation's word makes the possessive part of a body's own name ("Lloyd's Register",
    "Women's Aid", "the Children's Society", "Sainsbury's Bank")."""
    return len(rest) > 1 and rest[0].text[:1].isupper() and not has_org_word(rest[-1].text)


def _owned_by_another(noun: Any) -> bool:
    """ "cut Goldman's forecast": a forecast whose named owner is someone else's (a country's is
    the forecast's subject matter: "China's growth forecast")."""
    return any(c.dep_ == "poss" and c.pos_ == "PROPN" and c.ent_type_ == "ORG" for c in noun.children)


def _rating(forecast: Any) -> bool:
    """ "lowered its outlook for those countries' credit ratings", "cut its rating outlook": an
    outlook on a credit rating is a rating action, not a forecast (the guidelines' actions)."""
    return forecast.lemma_.lower() == "outlook" and any(
        w.lemma_.lower() == "rating" for w in forecast.subtree
    )
