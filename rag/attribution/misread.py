"""Reporting verbs the tagger reads as plural nouns after a name, and a headline's forecast verb.

"For Türkiye, the IMF forecasts that the CPI will average 59.5%", "..., CBO projects (see Table
1).", "Nigeria absent as AfDB projects ‘strong economic performance’" and the headline "OECD lowers
Korea’s growth outlook to 3%" are a name and its verb; the small model tags the verb a plural noun
("IMF forecasts", like "IMF loans"; "…, Fitch forecast." like "the Fitch forecast") and the rules
would see no verb. What follows decides: a clause,
a noun phrase or the sentence's end make it a verb; a preposition or a verb make it a noun ("IMF
forecasts for 2024 show"). A headline's "World Bank sees VN growing 6.0%" states a forecast.
"""

from __future__ import annotations

from typing import Any

from rag.attribution.accept import AUTHOR, SUBJECT, Found, accept
from rag.attribution.forecasts import FORECASTS
from rag.attribution.headlines import REPORTS, is_headline
from rag.attribution.institutions import is_place
from rag.attribution.names import is_name
from rag.attribution.sources import pobjs
from rag.attribution.spans import name_span

# Verbs whose plural-noun twin is common enough to be misread, and read as a claim by a body.
_CLAIMING = frozenset(
    "say forecast project predict expect estimate warn find report note show reveal".split()
)
# Revising verbs claim only with the forecast they revise ("lowers ... growth outlook").
_REVISING = frozenset("raise lower cut lift revise upgrade downgrade trim keep maintain hold".split())
_FORECASTING = frozenset("forecast project estimate predict expect".split())
_MAKING = frozenset("make issue publish release produce".split())
_ASKED = frozenset({"surveyed", "polled"})
_BEFORE = frozenset({"the", ",", "as", "while", "but", "and", "that", "after", ":", "—", "–"})
_AFTER_TAGS = frozenset({"DT", "PRP$", "CD", "JJ", "JJR", "NNP", "NNPS", "``", "-LRB-", "$"})


def misread_verbs(doc: Any) -> list[Found]:
    """Names before a reporting verb tagged as a plural noun."""
    found = []
    headline = is_headline(doc)
    for token in doc:
        # a headline capitalises its verb: "OPEC Cuts Oil Demand Growth Forecast"
        capitalised = headline and token.text[:1].isupper() and token.tag_ in ("NNP", "NNPS", "VBZ")
        # "…, Fitch forecast.": a past tense spelt like the noun, closing the sentence
        closing = token.lower_ == "forecast" and token.tag_ == "NN" and doc[token.i + 1 :].text in ("", ".")
        closing = closing or _forecast_that(token)  # "The BOU forecast that core inflation would peak"
        if (token.tag_ != "NNS" and not capitalised and not closing) or token.i == 0:
            continue
        if token.dep_ in ("nsubj", "nsubjpass", "pobj", "dobj") and not (headline or _set_off(token)):
            continue  # a noun in a sentence's grammar; a headline's grammar is the tagger's guess
        verb = "forecast" if closing else _base(token.lower_)
        if verb is None or not _verb_follows(token, verb):
            continue
        previous = doc[token.i - 1]
        if previous.lower_ in REPORTS:
            continue  # "Gallup Poll Finds": the headline's report, read by headlines.py
        if not (is_name(previous) and previous.text[:1].isupper()):
            continue
        span = name_span(previous)
        if span.end > token.i:  # "OPEC Cuts Oil …": a title-case name run goes through the verb
            span = doc[span.start : token.i]
        if span.end != token.i or (
            span.start and doc[span.start - 1].lower_ not in _BEFORE and not _homed(span)
        ):
            continue  # "funding for World Bank projects": a noun phrase's modifier
        if verb == "see" and not headline:
            continue
        item = accept(span, SUBJECT, token.lower_)
        if item is not None:
            found.append(item)
    return found


def headline_forecasts(doc: Any) -> list[Found]:
    """ "World Bank sees VN growing 6.0%": a headline's name that sees a figure coming."""
    if not is_headline(doc) or not any(t.like_num or t.text == "%" for t in doc):
        return []
    found = []
    for verb in (t for t in doc if t.lower_ == "sees" and t.pos_ == "VERB"):
        for subject in (c for c in verb.children if c.dep_ == "nsubj" and is_name(c)):
            span = name_span(subject)
            # "Goldman Lowers U.S. GDP Forecast, Sees …": the name ends at the headline's first verb
            cut = next((t.i for t in span[1:] if _base(t.lower_) is not None), span.end)
            item = accept(span.doc[span.start : cut], SUBJECT, "sees")
            if item is not None:
                found.append(item)
    return found


def forecast_by(doc: Any) -> list[Found]:
    """ "the 3 percent global contraction forecast by the International Monetary Fund": the agent
    of a forecast the sentence states (a forecast is its author's claim)."""
    found = []
    # the tagger reads "contraction forecast by" as a participle or as a noun
    # "analysts surveyed by Thomson Reuters": whoever asked them made the consensus figure
    for verb in (
        t
        for t in doc
        if (t.lemma_.lower() in _FORECASTING and t.tag_ in ("VBN", "NN"))
        or (t.lower_ in _ASKED and t.tag_ == "VBN")
    ):
        for agent in (
            c for c in verb.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")
        ):
            found += pobjs(agent, AUTHOR, f"{verb.lower_} by", 0)
    # "above the prediction made by the Office for Budget Responsibility": a forecast's maker
    for noun in (t for t in doc if t.pos_ == "NOUN" and t.lemma_.lower() in FORECASTS):
        for made in (c for c in noun.children if c.dep_ == "acl" and c.lemma_.lower() in _MAKING):
            for agent in (c for c in made.children if c.dep_ == "agent"):
                found += pobjs(agent, AUTHOR, f"{noun.lower_} {made.lower_} by", 0)
    return found


def _forecast_that(token: Any) -> bool:
    """ "forecast that" opening a clause with its own subject: a verb, not the noun that a relative
    clause follows ("the forecast that was published")."""
    doc, i = token.doc, token.i
    return (
        token.lower_ == "forecast"
        and token.tag_ == "NN"
        and i + 2 < len(doc)
        and doc[i + 1].lower_ == "that"
        and doc[i + 2].pos_ not in ("VERB", "AUX")
    )


def _homed(span: Any) -> bool:
    """ "Germany's VDMA Revises Down 2019 Outlook": a body's country in the possessive before it."""
    doc = span.doc
    return span.start >= 2 and doc[span.start - 1].dep_ == "case" and is_place(doc[span.start - 2].text)


def _base(word: str) -> str | None:
    for cut in (1, 2):
        if word.endswith("es"[2 - cut :]) and word[:-cut] in _CLAIMING | _REVISING | {"see"}:
            return word[:-cut]
    return None


def _set_off(token: Any) -> bool:
    """ "..., the NRF forecasts, to $117 billion": a reporting clause between commas."""
    doc = token.doc
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return (
        after is not None
        and after.text == ","
        and any(t.text == "," for t in doc[max(0, token.i - 5) : token.i - 1])
    )


def _verb_follows(token: Any, verb: str) -> bool:
    doc = token.doc
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if verb in _REVISING:
        for word in doc[token.i + 1 : token.i + 7]:  # the forecast it revises, before any comma
            if word.is_punct:
                return False
            if word.lemma_.lower() in FORECASTS:
                return True
        return False
    if after is None or after.text in (".", "("):
        # "..., CBO projects (see Table 1).": a reporting clause closing the sentence
        return doc[token.i - 1].i > 0 and any(t.text == "," for t in doc[: token.i - 1])
    if after.text == ",":
        return _set_off(token)
    return after.lower_ == "that" or after.tag_ in _AFTER_TAGS or after.text in ("‘", "“", '"')
