"""Reports as sources: the author of a report noun the sentence rests on ("according to a survey
by X", "based on research by X", "In X's survey, ...", "the poll was conducted by X")."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from rag.attribution.accept import ACCORDING, AUTHOR, STRONG, SUBJECT, Found, accept
from rag.attribution.findings import SHOWING
from rag.attribution.institutions import ORG_DESCRIPTORS
from rag.attribution.names import is_name
from rag.attribution.sources import pobjs, sources
from rag.attribution.speakers import subjects
from rag.attribution.verbs import verb_cue
from rag.attribution.words import AUTHOR_VERBS, CONTENT_NOUNS, PLAN_NOUNS, REPORT_NOUNS, ROLE_NOUNS

# "X released a report stating ...": the publisher of a report noun is its source.
PUBLISH_VERBS = frozenset("release publish issue produce unveil compile conduct carry commission".split())
# What one conducts cites its conductor only with its findings ("conducted a survey, which revealed
# that …"): not "NHK conducted the survey on 2,392 citizens", nor "Ofcom is carrying out a review"
_SURVEY_VERBS = frozenset({"conduct", "carry", "commission"})
_ABOUT = dict.fromkeys(_SURVEY_VERBS, ("about",))  # "conducted a survey on 2,392 citizens": no content
_SURVEYS = frozenset("poll survey study research analysis".split())
_WARNINGS = frozenset("alert warning advisory watch".split())
# Numbers that carry their source with them: "The figures, from Email Systems, will alarm firms".
_DATA_NOUNS = frozenset({"figure", "data", "datum", "statistic", "number"})
# Participles that rest a sentence on a report: "based on research by X", "contained in a X report".
_RESTING = {"base": "on", "contain": "in"}
# What a reader is shown a report on: "as seen on the table presented by X", "shown on a chart by X".
_SEEING = frozenset({"see", "show", "depict", "illustrate", "display"})
# Participles that make people respondents: "voters surveyed in a BBC poll say".
_ASKING = frozenset("survey poll question ask interview sample quiz".split())
_SHARES = re.compile(r"\d\s?%|\bper ?cent\b")  # what a poll gives


def _before_subject(according: Any, found: list[Found]) -> list[Found]:
    """ "According to Mintel, Barclays, HSBC and Lloyds had 87 %": when the clause after "according
    to" has no subject of its own, the parser has run its subject on as a list with the source;
    only the names before the first comma are the source's."""
    verb = according.head
    if (
        verb.i < according.i
        or verb.pos_ not in ("VERB", "AUX")
        or any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in verb.children)
    ):
        return found
    doc = according.doc
    first = min([verb.i, *(c.i for c in verb.children if c.dep_ in ("aux", "auxpass"))])
    last = doc[first - 1] if first else verb
    if last.text == ")":  # "Delta Air Lines, Inc. (NYSE: DAL) will lead"
        last = doc[next((t.i for t in reversed(doc[: last.i]) if t.text == "("), last.i + 1) - 1]
    if not last.text[:1].isupper():
        return found  # "… by X, Y and Z sales surged": the subject is the common noun the parser joined
    comma = next((t for t in doc[according.i : verb.i] if t.text == ","), None)
    return found if comma is None else [f for f in found if f.start < comma.idx]


# People whose word is not their owner's: "according to the company's critics"
_OUTSIDERS = frozenset("critic opponent rival supporter fan customer client user victim attorney".split())


def _owned(obj: Any) -> list[Found]:
    """ "according to Kaspersky's telemetry", "according to the NUC's website": whatever the
    source owns, its owner is the source (report nouns and role nouns are read elsewhere)."""
    if obj.pos_ != "NOUN" or obj.lemma_.lower() in REPORT_NOUNS | ROLE_NOUNS | _OUTSIDERS:
        return []
    owners = [c for c in obj.children if c.dep_ == "poss" and is_name(c)]
    return [f for o in owners for f in sources(o, AUTHOR, f"according to ...'s {obj.text}")]


_DESCRIBING = ORG_DESCRIPTORS | {"service"}  # "shipping intelligence service Alphaliner"


def _described(to: Any) -> list[Found]:
    """ "according to shipping intelligence service Alphaliner", "according to music statistics
    firm Oricon Inc.": a descriptor and the name after it, read from the words when the parser
    took the descriptor's first word for a verb or the name for a clause's subject."""
    doc, i = to.doc, to.i + 1
    if i < len(doc) and doc[i].lower_ == "the":
        i += 1
    start = i
    while i < len(doc) and i - start < 4 and doc[i].is_lower and doc[i].is_alpha:
        i += 1
    if i == start or doc[i - 1].lower_ not in _DESCRIBING or i >= len(doc) or not is_name(doc[i]):
        return []
    end = i
    # the name ends where a full stop ends the sentence ("… firm Icra Ltd. Icra lowered …")
    while end < len(doc) and (is_name(doc[end]) or doc[end].text == "&") and end - i < 5:
        end += 1
        if doc[end - 1].text.endswith("."):
            break
    item = accept(doc[i:end], AUTHOR, "according to")
    # the descriptor says what the name is, as "a survey by" does
    return [] if item is None else [replace(item, evidence=STRONG)]


def report_sources(token: Any, lemma: str, speech: bool) -> list[Found]:
    """Institutions that author a report noun this token leads to; `speech` marks a reporting
    verb, whose own subjects the speaker rules handle."""
    found: list[Found] = []
    # "The World According to Bex": a capitalised "According" after a capitalised word is a title's
    title = token.text == "According" and token.i > 0 and token.doc[token.i - 1].text[:1].isupper()
    if token.lower_ == "according" and not title:
        for to in (c for c in token.children if c.lower_ == "to"):
            for obj in (c for c in to.children if c.dep_ == "pobj"):
                cue = "according to" + report_cue(obj)
                position = AUTHOR if obj.lemma_.lower() in REPORT_NOUNS else ACCORDING
                found += _before_subject(token, sources(obj, position, cue))
                if not found:
                    found += _owned(obj)
            if not found:
                found += _described(to)
    elif token.lower_ == "per" and token.i > 0 and token.doc[token.i - 1].lower_ == "as":
        # "as per Counterpoint Research", "as per the data shared by Counterpoint": "according to"
        for obj in (c for c in token.children if c.dep_ == "pobj"):
            position = AUTHOR if obj.lemma_.lower() in REPORT_NOUNS else ACCORDING
            found += sources(obj, position, "as per" + report_cue(obj))
    elif (
        token.dep_ == "pobj"
        and token.lemma_.lower() in REPORT_NOUNS
        and token.head.lower_ == "on"
        and token.head.head.lemma_.lower() in _SEEING
    ):
        # "As seen on the table presented by Canalys": what the reader is shown is the author's
        # (its first author only: the parser runs the sentence's own subjects on as a list)
        found += sources(token, AUTHOR, f"{token.head.head.text} on{report_cue(token)}")[:1]
    elif lemma == "cite" and token.tag_ == "VBG" and token.dep_ in ("advcl", "xcomp", "acl", "conj"):
        # a relay: "according to Xinhua, citing a report by UNICEF and the WHO" cites every link
        for obj in (c for c in token.children if c.dep_ == "dobj"):
            position = AUTHOR if obj.lemma_.lower() in REPORT_NOUNS else SUBJECT
            found += sources(obj, position, "citing" + report_cue(obj))
    elif token.lower_ == "under":
        for plan in (c for c in token.children if c.dep_ == "pobj" and c.lemma_.lower() in PLAN_NOUNS):
            found += sources(plan, AUTHOR, f"under {plan.text}{report_cue(plan)}")
    elif lemma in _RESTING and token.tag_ == "VBN":
        for on in (c for c in token.children if c.dep_ == "prep" and c.lower_ == _RESTING[lemma]):
            for report in (o for o in on.children if o.lemma_.lower() in REPORT_NOUNS):
                # "measurements are based on research by X": X's claim underlies the sentence's
                found += sources(report, AUTHOR, f"{token.text} {on.text}{report_cue(report)}")
    elif lemma == "available" and token.head.lemma_ == "be":
        subject = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.lemma_.lower() in REPORT_NOUNS:
            for link in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "from"):
                found += pobjs(link, AUTHOR, f"{subject.text} are available from", 0)
    elif token.pos_ == "VERB" and lemma in PUBLISH_VERBS:
        for obj in (c for c in token.children if c.dep_ == "dobj"):
            if lemma in _SURVEY_VERBS and obj.lemma_.lower() not in _SURVEYS:
                continue
            # "published its report", "released its first quarterly report": an action; "released
            # figures showing ...", "issued a statement saying ...": a claim (ATTRIBUTION_GUIDELINES.md)
            content = (
                any(c.dep_ in ("acl", "relcl", "ccomp", "appos") for c in obj.children)
                # "released limited data about the Cell chip", "compiled a list of the top 10"
                or any(
                    c.dep_ == "prep" and c.lower_ in _ABOUT.get(lemma, ("about", "on", "of"))
                    for c in obj.children
                )
                or any(c.dep_ in ("ccomp", "advcl", "xcomp") and c.i > obj.i for c in token.children)
                # "conducted a survey among retailers, which revealed that …"
                or (lemma in _SURVEY_VERBS and any(t.lower_ in SHOWING for t in token.doc[obj.i :]))
            )
            # "the PAGASA issued a La Niña watch alert as …": a forecaster's warning is its forecast
            # (read by its word: "warning" may be tagged a verb)
            warned = lemma == "issue" and obj.lower_.removesuffix("s") in _WARNINGS
            warned_for = warned and any(c.dep_ == "prep" and c.lower_ == "for" for c in obj.children)
            content = content or warned_for
            noun = obj.lemma_.lower() in REPORT_NOUNS or warned
            if noun and obj.lower_ != "updates" and content:  # software updates
                for subject in subjects(token):
                    words = [token, *(d for d in obj.children if d.dep_ == "det"), obj]
                    found += sources(subject, AUTHOR, " ".join(w.text for w in words))
    elif token.pos_ == "NOUN" and lemma in ("poll", "survey") and _SHARES.search(token.doc.text):
        # "The median prediction of a Bloomberg poll of economists was growth of 0.9%", "New YouGov
        # poll: Clinton at 52%": the figures a named poll gives are its maker's
        for maker in (c for c in token.children if c.dep_ in ("compound", "poss") and is_name(c)):
            found += sources(maker, AUTHOR, f"{maker.text} {token.text}")
    elif token.pos_ == "NOUN" and lemma in CONTENT_NOUNS:
        found += _stated(token)
    if token.dep_ == "ROOT" and not speech:
        # "In a survey by X, support was at 30%"; "The finding comes in a report by X", anywhere
        found += in_report(token, opening_only=lemma != "come")
        for data in (c for c in token.children if c.dep_ == "nsubj" and c.lemma_.lower() in _DATA_NOUNS):
            for link in (c for c in data.children if c.dep_ == "prep" and c.lower_ in ("from", "by")):
                found += pobjs(link, AUTHOR, f"{data.text} {link.text}", 0)
    if lemma in AUTHOR_VERBS | {"come"} and token.pos_ == "VERB":
        # "The poll was conducted by GlobeScan", "Official data comes from the ONS"
        for report in (c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")):
            if report.lemma_.lower() in REPORT_NOUNS:
                links = [
                    c
                    for c in token.children
                    if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "from")
                ]
                # "conducted by Sunovate on behalf of Dimension Data": its commissioner too
                links += [
                    o
                    for c in token.children
                    if c.lower_ == "on"
                    for b in c.children
                    if b.lower_ == "behalf"
                    for o in b.children
                    if o.lower_ == "of"
                ]
                for link in links:
                    via = "on behalf of" if link.lower_ == "of" else link.text
                    found += pobjs(link, AUTHOR, f"{report.text} {verb_cue(token)} {via}", 0)
                # "The Demos report ... was commissioned by AOL": its author as well (not "The TUC
                # figures were drawn from unfair dismissal cases", whose source is no agent)
                if any(link.dep_ == "agent" for link in links):
                    owners = [c for c in report.children if c.dep_ in ("compound", "poss")]
                    found += [
                        f for o in owners for f in sources(o, AUTHOR, f"{report.text} {verb_cue(token)}")
                    ]
    return found


def in_report(verb: Any, opening_only: bool) -> list[Found]:
    """Authors of a report the clause stands in: "In a report compiled by X, graft was said to be
    pervasive" (a reporting verb, anywhere), "In a survey by X, support was at 30%" (any verb,
    at the opening or set off by a comma)."""
    found: list[Found] = []
    for link in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "from")):
        opening = all(t.is_punct or t.dep_ in ("cc", "advmod") for t in verb.doc[: link.i])
        if opening_only and not opening and verb.doc[link.i - 1].text != ",":
            continue  # "..., in a poll by Radio Times": set off like an opening
        for report in (o for o in link.children if o.lemma_.lower() in REPORT_NOUNS):
            if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in report.children):
                continue  # "In his pre-Budget report, Mr Brown ...": a person's
            found += sources(report, AUTHOR, f"{link.text} a{report_cue(report)}")
    return found


def _stated(noun: Any) -> list[Found]:
    """ "Opec's recent announcement that it was unlikely to cut output", "a claim by X that ...":
    the owner of a noun whose "that" clause gives what was said (not "the claim (that) X made")."""
    clauses = [c for c in noun.children if c.dep_ in ("acl", "ccomp")]
    if not any(m.dep_ == "mark" and m.lower_ == "that" for c in clauses for m in c.children):
        return []
    found: list[Found] = []
    for child in noun.children:
        if child.dep_ in ("poss", "compound") and is_name(child):
            found += sources(child, AUTHOR, f"{noun.text} that")
        elif child.dep_ == "prep" and child.lower_ in ("by", "from"):
            found += pobjs(child, AUTHOR, f"{noun.text} {child.text} ... that", 0)
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in ("make", "issue", "repeat"):
        # "Chris Deering, Sony's European president, made a prediction that ...": its maker's
        for subject in (c for c in noun.head.children if c.dep_ == "nsubj"):
            found += sources(subject, SUBJECT, f"{noun.head.text} a {noun.text} that")
    return found


def compiled(verb: Any, cue: str) -> list[Found]:
    """ "Compiled by Central Banking Publications and sponsored by RBS, the survey found": the
    authors named in a participle clause before a report noun that speaks."""
    clauses = [c for c in verb.children if c.dep_ == "advcl" and c.tag_ == "VBN"]
    clauses += [g for c in clauses for g in c.children if g.dep_ == "conj" and g.tag_ == "VBN"]
    return [
        f
        for clause in clauses
        if clause.lemma_.lower() in AUTHOR_VERBS
        for link in clause.children
        if link.dep_ == "agent"
        for f in pobjs(link, AUTHOR, f"{clause.text} by ... {cue}", 0)
    ]


def surveyed(subject: Any, cue: str) -> list[Found]:
    """ "Citizens ... surveyed in a BBC World Service poll believe", "people questioned by Mori
    said": whoever asked the speakers is the source of what they say."""
    if subject.pos_ not in ("NOUN", "ADJ", "NUM"):  # "Most of the adults quizzed by ICM"; not "he"
        return []
    out: list[Found] = []
    for asked in (t for t in subject.subtree if t.dep_ == "acl" and t.lemma_.lower() in _ASKING):
        links = [
            c
            for c in asked.children
            if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in ("in", "by", "for"))
        ]
        for obj in (o for link in links for o in link.children if o.dep_ == "pobj"):
            if obj.lemma_.lower() in REPORT_NOUNS or is_name(obj):
                out += sources(obj, AUTHOR, f"{asked.text} ... {cue}")
    return out


def report_cue(noun: Any) -> str:
    """ " statistics from", " a report by": the report noun and the word leading to its author."""
    if noun.lemma_.lower() not in REPORT_NOUNS:
        return ""
    link = next(
        (c for c in noun.subtree if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from", "of")), None
    )
    words = [noun.text] if noun.dep_ == "pobj" else []
    return "".join(f" {w}" for w in [*words, *([link.text] if link is not None else [])])
