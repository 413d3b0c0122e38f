"""Forecasts as claims: a body revising its own forecast, a forecast it owns.

"The IEA has slightly lowered its prediction for oil consumption", "The World Bank and the IMF
have raised their expectations", "The IEA made a minor adjustment to its prediction": the
forecast is the body's claim (ATTRIBUTION_GUIDELINES.md counts forecast revisions as cited).
"The IEA's forecast for 2025 remains unchanged": the owner of the forecast. A titled report's
owner ("IRENA's Renewable Energy Capacity Statistics 2017 report") is read in `series.py`.
"""

from __future__ import annotations

from typing import Any

from rag.attribution.accept import AUTHOR, SUBJECT, Found
from rag.attribution.names import is_name
from rag.attribution.sources import sources
from rag.attribution.speakers import subjects

FORECASTS = frozenset("forecast prediction projection estimate expectation outlook guidance".split())
_REVISING = frozenset(
    "raise lower cut lift revise adjust upgrade downgrade keep maintain trim hold increase reduce "
    "boost leave slash nudge reaffirm reiterate make push retain".split()
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
