"""Attribution rules over one spaCy-parsed sentence: the syntactic role decides who is a source."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from rag.attribution.accept import AUTHOR, PERSON, STRONG, SUBJECT, WEAK, Found, accept
from rag.attribution.coordinated import whole_names
from rag.attribution.coref import (
    antecedent,
    first_person_quote,
    named_before,
    possessed,
    pronoun_follows,
    quoted,
    speaking_for,
    who_clause,
)
from rag.attribution.findings import authored_findings, index_readings
from rag.attribution.forecasts import owned_forecast, revised
from rag.attribution.institutions import DESCRIPTORS, has_org_word, is_acronym, mentions
from rag.attribution.lines import line_citations
from rag.attribution.misread import forecast_by, headline_forecasts, misread_verbs
from rag.attribution.names import is_name
from rag.attribution.parenthetical import parenthetical_citations
from rag.attribution.reports import compiled, in_report, report_cue, report_sources, surveyed
from rag.attribution.series import inside_title, titled_owner
from rag.attribution.sources import pobjs, sources
from rag.attribution.spans import name_span
from rag.attribution.speakers import is_speech, speaks, subjects
from rag.attribution.titled import titled_person, with_titled_speakers
from rag.attribution.verbs import negated, participle, pointed_out, verb_cue
from rag.attribution.words import (
    EVIDENCE_ONLY,
    REPORT_NOUNS,
    ROLE_NOUNS,
    SPEECH_VERBS,
)

log = logging.getLogger(__name__)

# Verbs through which results become evidence: "the results show that ...".
_SHOWING = EVIDENCE_ONLY | {"suggest", "reveal", "indicate"}


def analysis(
    doc: Any, mentions_wanted: bool
) -> tuple[list[Found], list[str], list[str], list[tuple[str, str]]]:
    """What the document-level step needs of one parsed sentence: the rules' findings, its mentions
    (when wanted), its persons and its ORG/PERSON labels; small enough to send between processes."""
    try:
        found = citations(doc)
    except Exception as error:  # one sentence the rules cannot read must not stop an ingest
        log.warning("attribution skipped a sentence (%s: %s): %r", type(error).__name__, error, doc.text[:80])
        found = []
    return (
        found,
        mentions(doc) if mentions_wanted else [],
        [e.text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1],
        [(e.text, e.label_) for e in doc.ents if e.label_ in ("ORG", "PERSON")],
    )


def citations(doc: Any) -> list[Found]:
    """Every institution the sentence presents as its source, longest names first, no overlaps."""
    found: list[Found] = line_citations(doc) + parenthetical_citations(doc) + misread_verbs(doc)
    found += headline_forecasts(doc) + forecast_by(doc)
    # '"I'm so happy," a tearful Claxton told': a quotation speaking as "I" has a person behind it
    first_person = first_person_quote(doc)
    for token in doc:
        lemma = token.lemma_.lower()
        speech = is_speech(token, lemma)
        if lemma == "quote" and token.tag_ == "VBN":  # "... quoted in the China Daily newspaper"
            for link in (
                c for c in token.children if c.dep_ in ("prep", "agent") and c.lower_ in ("in", "by", "on")
            ):
                found += pobjs(link, AUTHOR, f"quoted {link.text}", 0)
        elif speech and not negated(token) and speaks(token):
            found += in_report(token, opening_only=False)
            if lemma in _SHOWING:
                # "Consumers care about style, shows an in-depth study by Ericsson": inverted
                for report in (
                    c for c in token.children if c.dep_ == "dobj" and c.lemma_.lower() in REPORT_NOUNS
                ):
                    if report.i > token.i and token.i > 0 and token.doc[token.i - 1].text == ",":
                        found += sources(report, AUTHOR, f"{token.text} a {report.text}{report_cue(report)}")
            for subject in subjects(token):
                if participle(token) and subject.dep_ == "nsubj":
                    continue
                if all(quoted(t) for t in subject.subtree if not t.is_punct):
                    # a subject wholly inside a quotation speaks no source of this sentence:
                    # 'declaring "today Brent South"' is what is said, and 'He said: "The Audit
                    # Commission has said ..."' belongs to him (docs/attribution.md); a subject
                    # outside the quotation still speaks: 'it "neither admits nor denies"'
                    continue
                # "..., Ambuja Cement India Ltd, a Holcim statement said": the report noun just
                # before the verb speaks, whatever the parser made its subject
                subject = next(
                    (
                        c
                        for c in subject.children
                        if c.dep_ == "appos" and c.i == token.i - 1 and c.lemma_.lower() in REPORT_NOUNS
                    ),
                    subject,
                )
                is_report = subject.pos_ == "NOUN" and subject.lemma_.lower() in REPORT_NOUNS
                if subject.lemma_.lower() == "result" and lemma in _SHOWING:
                    # "GM's results showed its finance unit ...": results as evidence, not as news
                    cue = f"{subject.lower_} ... {verb_cue(token)}"
                    for c in subject.children:
                        if c.dep_ in ("poss", "compound") and is_name(c):
                            found += sources(c, AUTHOR, cue)
                        elif c.dep_ == "prep" and c.lower_ in ("from", "by"):
                            found += pobjs(c, AUTHOR, cue, 0)
                    continue
                if lemma in EVIDENCE_ONLY and not is_report and not pointed_out(token):
                    continue
                cue = verb_cue(token)
                if is_report:
                    cue = f"{subject.lower_}{report_cue(subject)} ... {cue}"
                found += _speaker(token, subject, cue, first_person)
                found += _inverted_affiliation(token, subject, cue) + surveyed(subject, cue)
                if is_report:
                    found += compiled(token, cue)
        if lemma == "cite" and token.tag_ == "VBG" and token.dep_ == "advcl" and _judged(token.head):
            # "Fitch downgraded Saudi Arabia's rating, citing geopolitical risks": a rating's
            # reason is the agency's claim (modern batches' convention); "The Fed lifted rates,
            # citing ..." is a policy's, no claim (the BBC labels')
            for subject in subjects(token.head):
                found += sources(subject, SUBJECT, f"{token.head.text} ..., citing")
        if token.dep_ == "ROOT" or speech:  # "For the Liberal Democrats, X said"
            for name in speaking_for(token, speech):
                found += sources(name, AUTHOR if speech else SUBJECT, f"for ..., {verb_cue(token)}")
        found += report_sources(token, lemma, speech) + revised(token, lemma) + owned_forecast(token)
        if lemma == "quote" and token.pos_ == "VERB" and _quoting(token):
            # "the agency quoted Peoplesoft worker David Ogden as saying": the object speaks too
            for speaker in (c for c in token.children if c.dep_ == "dobj"):
                found += sources(speaker, SUBJECT, "quoted ... as saying")
            for outlet in (c for c in token.children if c.dep_ == "nsubj"):
                found += sources(outlet, AUTHOR, "quoted ... as saying")  # "Reuters quoted X as saying"
    # last, so that a rule that read the parse names the cue when both find the same name
    found += authored_findings(doc) + index_readings(doc)
    found = whole_names(doc, [titled_owner(doc, f) for f in found + _captioned(doc)])
    return _dedupe([f for f in with_titled_speakers(doc, found) if not inside_title(doc, f)])


def _judged(verb: Any) -> bool:
    """A report or a rating action: "reported the results", "downgraded its credit rating"."""
    objects = {c.lemma_.lower() for c in verb.children if c.dep_ == "dobj"}
    judging = verb.lemma_.lower() in ("report", "downgrade", "upgrade", "affirm")
    return judging or bool(objects & {"rating", "outlook"})


def _quoting(verb: Any) -> bool:
    """ "quoted X as saying", "quoted Mr Clarke telling activists ...": an outlet reports a speaker."""
    return any(
        (c.lower_ == "as" and c.i > verb.i)  # "said Barrett as quoted on ...": no speaker quoted
        or (c.tag_ == "VBG" and c.lemma_.lower() in SPEECH_VERBS and c.dep_ in ("xcomp", "advcl"))
        for c in verb.children
    )


def _captioned(doc: Any) -> list[Found]:
    """ "- Manchester United boss Sir Alex Ferguson: "It wasn't ...": a speaker named before a
    colon and a quotation, with no verb, as in lists of reactions."""
    colon = next((t.i for t in doc if t.text == ":"), None)
    if colon is None or colon + 1 >= len(doc) or doc[colon + 1].text not in ('"', "“"):
        return []
    words = [t for t in doc[:colon] if not t.is_punct]
    heads = [t for t in words if not (0 <= t.head.i < colon) or t.head.i == t.i]
    if len(words) < 2 or len(heads) != 1 or not (heads[0].lemma_.lower() in ROLE_NOUNS or is_name(heads[0])):
        return []
    return sources(heads[0], SUBJECT, f"{heads[0].text} ...:")


def _speaker(verb: Any, subject: Any, cue: str, first_person: bool) -> list[Found]:
    """The subject of a reporting verb as a source, weighed by what the sentence says about it."""
    if subject.lower_ == "it" or named_before(subject) is not None:
        # "Boeing apologised - although it claimed ...", "RHB ..., the firm told Reuters"
        named = antecedent(verb) if subject.lower_ == "it" else named_before(subject)
        # what an "it" stands for is no person, whatever the labels say
        return [] if named is None else [replace(f, evidence=STRONG) for f in sources(named, SUBJECT, cue)]
    items = sources(subject, SUBJECT, cue) or _mistagged(subject, cue)
    # "..., the party's election chief Alan Milburn has said": the party the sentence is about
    roles = [subject, *(c for c in subject.children if c.dep_ == "compound")]
    owners = [c for r in roles if r.lemma_.lower() in ROLE_NOUNS for c in r.children if c.dep_ == "poss"]
    if any(
        r.lemma_.lower() in ROLE_NOUNS for r in roles[1:]
    ):  # "the carmaker's chief executive Helmut Panke"
        owners += [c for c in subject.children if c.dep_ == "poss"]
    owners += [r for r in roles[1:] if r.lemma_.lower() in ROLE_NOUNS]  # "Company spokesman Glenn Waller"
    for named in filter(None, (named_before(o) for o in owners if o.pos_ == "NOUN")):
        items += [replace(f, evidence=STRONG) for f in sources(named, SUBJECT, cue)]
    items += titled_person(subject, cue)
    if first_person or possessed(subject) or who_clause(subject):  # "1Xtra's G Money": a person
        items = [f for f in items if f.evidence == STRONG or f.start != _char(subject)]
    follows = pronoun_follows(verb)
    if follows == "it":  # "Marvel said it would appeal": an "it", not a "he"
        return [replace(f, evidence=WEAK) if f.evidence == PERSON else f for f in items]
    if follows == "he":  # "Federer admitted he was ...": a person speaks
        return [f for f in items if f.evidence == STRONG]
    return items


# Nouns plural in meaning, which take "are" as a team's name does ("Police are still …")
_COLLECTIVE = frozenset({"police", "people", "staff", "personnel", "public", "clergy", "military"})


def _mistagged(subject: Any, cue: str) -> list[Found]:
    """ "Colliers says", "GroupM says": a capitalised word the tagger took for a plural noun or a
    symbol; a body only if the document shows one ("consultants Colliers")."""
    if not (
        subject.pos_ in ("NOUN", "PUNCT", "X")
        and subject.is_alpha
        and len(subject) > 2
        and subject.text[:1].isupper()
        and not subject.is_stop
        and not any(subject.children)  # "War on Want's John Hilary said": a longer name's first word
        and subject.lemma_.lower() not in ROLE_NOUNS | REPORT_NOUNS | DESCRIPTORS | _COLLECTIVE
    ):
        return []
    item = accept(subject.doc[subject.i : subject.i + 1], SUBJECT, cue)
    return [] if item is None else [replace(item, evidence=PERSON)]


def _inverted_affiliation(verb: Any, subject: Any, cue: str) -> list[Found]:
    """ "..., said Anthony Pratt from JD Power": the parser hangs the speaker's "from X" on the verb."""
    if subject.i < verb.i or not is_name(subject):
        return []
    end = name_span(subject).end
    return [
        f
        for link in verb.children
        if link.dep_ == "prep"
        and link.lower_ in ("from", "of", "at")
        and (link.i == end or (link.i == end + 1 and verb.doc[end].text == ","))  # "Andy Townsend, from X"
        for f in pobjs(link, AUTHOR, cue, 0)
        # "said Anthony Pratt from Cannes": a home town unless the name shows an organisation
        if f.descriptors
        or has_org_word(f.name)
        or is_acronym(f.name)
        or any(t.ent_type_ == "ORG" for t in verb.doc.char_span(f.start, f.end) or [])
    ]


def _char(token: Any) -> int:
    return name_span(token).start_char if is_name(token) else -1


def _dedupe(found: list[Found]) -> list[Found]:
    kept: list[Found] = []
    for item in sorted(found, key=lambda f: (f.start - f.end, f.start)):
        if not any(k.start <= item.start and item.end <= k.end for k in kept):
            kept.append(item)
    return sorted(kept, key=lambda f: f.start)
