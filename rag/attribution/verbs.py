"""Tests of a reporting verb's surroundings that the speaker and report rules share: results,
hedges, questions, stances, participles and announcements made in passing."""

from __future__ import annotations

from typing import Any

from rag.attribution.words import MODALS, RESULTS, STANCES

# Clauses that place an event in time: "after X announced a review", "before X announced its plan".
_WHEN = frozenset("after when before since until once".split())


def is_result(noun: Any) -> bool:
    """ "profits", "a 52% rise in net profit": a company's results."""
    return noun.lemma_.lower() in RESULTS or any(
        c.dep_ == "prep" and c.lower_ == "in" and any(o.lemma_.lower() in RESULTS for o in c.children)
        for c in noun.children
    )


def hedged(verb: Any) -> bool:
    """ "might be concerned": a modal guesses at a stance rather than stating one."""
    return any(c.dep_ == "aux" and c.lower_ in MODALS for c in verb.children)


def asks(verb: Any) -> bool:
    """A clause after the verb that opens with "if" or "whether": a question, not a claim."""
    return any(
        g.dep_ == "mark" and g.lower_ in ("if", "whether")
        for c in verb.children
        if c.dep_ in ("ccomp", "advcl")
        for g in c.children
    )


def pointed_out(verb: Any) -> bool:
    """ "UNAIDS pointed out that ...": unlike a bare "point to", a speaker's verb."""
    return verb.lemma_.lower() == "point" and any(
        c.dep_ == "prt" and c.lower_ == "out" for c in verb.children
    )


def stance(verb: Any) -> Any:
    """The adjective of "X is confident / worried (that) ...", "remains sceptical about whether
    ...": a view with content is a claim; "X might be concerned that ..." guesses at one, and
    "concerned about the plans" states none."""
    if hedged(verb) or verb.dep_ == "ccomp":  # "said Boro are confident of ...": the speaker's words
        return None
    views = (c for c in verb.children if c.dep_ == "acomp" and c.lower_ in STANCES)
    return next((c for c in views if any(has_content(g) for t in [c, *c.children] for g in t.children)), None)


def has_content(clause: Any) -> bool:
    """ "confident (that) it will", "sceptical about whether it will"; not "confident of winning"."""
    return clause.dep_ == "ccomp" or (
        clause.dep_ == "pcomp" and any(c.dep_.startswith("nsubj") for c in clause.children)
    )


def participle(verb: Any) -> bool:
    """ "With the Prodigy now confirmed to headline": a past participle with no auxiliary has a
    subject that is confirmed, not one that confirms. A sentence's root with a "that" clause is
    finite, whatever its tag ("FAO reported in its publication ... that hunger fell")."""
    finite = verb.dep_ == "ROOT" and any(
        c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        for c in verb.children
    )
    # "There are gaps in the controls, VAGO found.": a reporting clause after the claim is finite
    claim = next((c.i for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i), None)
    finite = finite or (
        verb.dep_ == "ROOT"
        and claim is not None
        and any(c.dep_ == "nsubj" and claim < c.i < verb.i for c in verb.children)
    )
    bare = verb.tag_ == "VBN" and not finite and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    return bare or any(
        c.lower_ == "with" and c.i < verb.i and not any(g.dep_ == "pobj" for g in c.children)
        for c in verb.children
    )


def in_passing(verb: Any) -> bool:
    """An announcement the sentence does not rest on. "Blunkett apologised after the Home Office
    announced a review": one of a thing in a clause of time is background news (one with content,
    "after Oracle announced that it would cut prices", still is a claim). "The Conservatives
    would announce their proposals": one still to come has said nothing yet."""
    if verb.lemma_.lower() != "announce":
        return False
    if any(c.dep_ == "aux" and c.lower_ in ("will", "would", "shall", "'ll", "to") for c in verb.children):
        return True
    return (
        verb.dep_ == "advcl"
        and not any(c.dep_ == "ccomp" for c in verb.children)
        and any(c.dep_ in ("mark", "advmod") and c.lower_ in _WHEN for c in verb.children)
    )


def holds_view(agree: Any, deps: set[str]) -> bool:
    """ "X agrees that ...", "CENTR ... agrees.", "X agreed that the time was ripe": a view held; not
    a decision or a deal ("the board agreed that the date be postponed", "agreed to buy")."""
    held = any(c.dep_ == "ccomp" and not _decided(c) for c in agree.children)
    return held or (agree.tag_ in ("VBZ", "VBP") and not deps & {"dobj", "xcomp", "prep", "ccomp"})


def _decided(clause: Any) -> bool:
    """ "that the date be postponed", "that talks should resume": what was agreed, not a view."""
    verbs = [clause, *(c for c in clause.children if c.dep_ in ("aux", "auxpass"))]
    first = min(verbs, key=lambda t: t.i)  # a subjunctive opens on a bare verb: "be postponed"
    return first.tag_ == "VB" or any(v.lower_ == "should" for v in verbs)


def experienced(find: Any) -> bool:
    """ "was finding it difficult to identify", "found it hard": an experience, not a finding."""
    return any(
        (c.dep_ == "dobj" and c.lower_ == "it")
        or (c.dep_ == "ccomp" and c.pos_ == "ADJ" and any(g.lower_ == "it" for g in c.children))
        for c in find.children
    )


# Verbs whose "that" clause is a wish, a rule or a decision, not a claim: "ensured that", "asked
# that"; or no one's claim at all: "it emerged that".
_NOT_CLAIMING = frozenset(
    "decide ensure require demand ask request order propose mean make know want wish prefer provide "
    "specify mandate stipulate guarantee promise arrange see hear prove check determine direct "
    "instruct recommend suggest urge emerge appear seem transpire happen turn".split()
)


def claims(verb: Any, lemma: str) -> bool:
    """ "The BoT assessed that recovery has picked up", "the DMO assured that …": any verb whose
    object is a finite "that" clause states it as the subject's claim, unless it wishes, rules or
    decides, or a modal hedges it ("may consider that"); a decision in the subjunctive ("that the
    date be postponed") is none either. The clause is known by its first word, which the parser may
    take for a determiner ("that economic recovery"), never for the clause's subject ("a union
    that wants to …")."""
    if verb.pos_ != "VERB" or lemma in _NOT_CLAIMING or any(c.lower_ in MODALS for c in verb.children):
        return False
    return any(
        c.dep_ == "ccomp"
        and c.doc[c.left_edge.i].lower_ == "that"
        and c.doc[c.left_edge.i].dep_ in ("mark", "det")
        and not _decided(c)
        for c in verb.children
    )


def negated(verb: Any) -> bool:
    """ "X would not comment", "X declined to say": no claim is attributed. A view denied with its
    content is still one: "Fitch does not expect significant deterioration"."""
    view = verb.lemma_.lower() in _VIEWS and any(c.dep_ in ("dobj", "ccomp") for c in verb.children)
    return (any(c.dep_ == "neg" for c in verb.children) and not view) or (
        verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ("decline", "refuse")
    )


_VIEWS = frozenset("expect believe think anticipate foresee predict forecast".split())


def verb_cue(verb: Any) -> str:
    """The cue recorded with a citation: the verb with its auxiliaries and particle ("has warned",
    "pointed out", "has played down")."""
    aux = [c.text for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i]
    particle = [c.text for c in verb.children if c.dep_ == "prt" and c.i == verb.i + 1]
    view = stance(verb) if verb.lemma_ in ("be", "remain") else None
    return " ".join([*aux, verb.text, *particle, *([view.text] if view is not None else [])])
