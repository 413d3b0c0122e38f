"""Bodies by their shape: portfolios that are no departments, committees named in lower case
after their house, and bodies called by a descriptor after a name ("Harvard and the UN agency")."""

from __future__ import annotations

from typing import Any

from rag.attribution.accept import Found
from rag.attribution.institutions import DESCRIPTORS, has_org_word, is_acronym, kind_of
from rag.attribution.names import is_name

_PORTFOLIO_ROLES = frozenset({"minister", "secretary", "chancellor"})
# Houses whose committees go by a lower-case remit: "the Commons work and pensions committee",
# "the Scottish Parliament's environment committee", "the Senate banking committee".
_HOUSES = frozenset("commons lords senate house parliament assembly congress treasury".split())


def departments(role: Any, found: list[Found]) -> list[Found]:
    """Around "minister" or "secretary" a name is a department only with an organisation word, an
    acronym or a descriptor; otherwise it is a portfolio ("Economy", "State", "the Family"). A
    general or executive secretary heads the body itself ("general secretary of Unison")."""
    if role.lemma_.lower() not in _PORTFOLIO_ROLES:
        return found
    heads = [c for c in role.children if c.dep_ == "amod" and c.lower_ in ("general", "executive")]
    if heads:  # "General secretary Brendan Barber": the capitalised modifier is no name
        return [f for f in found if all(f.start > h.idx or f.end <= h.idx for h in heads)]
    return [
        f
        for f in found
        if f.descriptors
        or is_acronym(f.name)
        # "Economics Minister": "Economics" names firms ("Capital Economics"), not departments
        or (" " in f.name and has_org_word(f.name.split()[-1]))  # "of the British Medical Association"
        or (has_org_word(f.name) and kind_of(f.name) in ("government", "political party", "organisation"))
    ]


def committee(head: Any) -> Any | None:
    """The whole name of a committee written in lower case after its house ("the Commons standards
    and privileges committee"), or None. Only a house opens such a name: "the BBC's complaints
    committee" is the BBC's, and stays with the BBC."""
    if head.lower_ != "committee":
        return None
    left = sorted(
        (t for t in head.subtree if t.i < head.i and t.dep_ not in ("det", "predet")), key=lambda t: t.i
    )
    if not left or left[-1].i != head.i - 1 or not is_name(left[0]):
        return None
    capitals = [t for t in left if t.text[:1].isupper()]
    if capitals != left[: len(capitals)] or capitals[-1].lower_ not in _HOUSES:
        return None  # "Labour's policy committee" is Labour's; "Standards and Privileges" is a name
    if any(not (t.is_alpha or t.text in ("'s", "&", ",", "-")) for t in left):
        return None
    return head.doc[left[0].i : head.i + 1]


def described(token: Any) -> bool:
    """ "the Asian Development Bank, Oxford and the UN food agency": a body joined to a name and
    called by its descriptor, whose own name is a modifier ("UN")."""
    return (
        token.dep_ == "conj"
        and token.pos_ == "NOUN"
        and token.lemma_.lower() in DESCRIPTORS
        and any(c.dep_ in ("compound", "poss") and is_name(c) for c in token.children)
    )
