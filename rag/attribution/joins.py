"""Names joined or listed: "British and Irish Lions", "the Ministry of Economy, Trade and Industry"."""

from __future__ import annotations

from typing import Any

from rag.attribution.institutions import ROLE_ADJECTIVES, has_org_word, is_acronym
from rag.attribution.names import grows
from rag.attribution.words import ROLE_NOUNS

# Capitalised roles that stand between a body and its officer inside one run of capitals
_ROLES_INSIDE = frozenset(
    "ceo cfo coo cto md president chairman chairwoman chair director head chief economist analyst "
    "spokesman spokeswoman spokesperson founder".split()
)


def group_joined(doc: Any, start: int, end: int) -> tuple[int, int]:
    """ "British and Irish Lions", "Victims and Citizens Against Crime": one word the model calls a
    nationality or group, joined by "and" to the organisation that completes its name."""
    joined = start > 1 and doc[start - 1].lower_ == "and" and _group(doc[start - 2])
    if (
        joined
        and doc[start].ent_iob_ == "B"
        and doc[start].ent_type_ == "ORG"
        and not _lone_acronym(doc, start)
    ):
        return start - 2, end
    if (
        not joined
        and end - start == 1
        and _group(doc[start])
        and end + 1 < len(doc)
        and doc[end].lower_ == "and"
    ):
        after = next(
            (
                e
                for e in doc.ents
                if e.start == end + 1 and e.label_ == "ORG" and not _lone_acronym(doc, e.start)
            ),
            None,
        )
        if after is not None:
            return start, after.end
    return start, end


def _lone_acronym(doc: Any, i: int) -> bool:
    """ "former Olympian and BBC pundit": an acronym no name word follows is a whole name."""
    return is_acronym(doc[i].text) and not (i + 1 < len(doc) and grows(doc[i + 1]))


def _group(token: Any) -> bool:
    """A lone capitalised word the model calls a nationality or group ("British", "Victims")."""
    doc = token.doc
    alone = token.i == 0 or not doc[token.i - 1].text[:1].isupper()
    return alone and token.ent_type_ == "NORP" and token.ent_iob_ == "B" and token.text[:1].isupper()


def listed_remit(doc: Any, start: int, end: int) -> int:
    """ "the Ministry of Economy, Trade and Industry": a remit listed after "of" or "for", which the
    model cuts at the first comma; grown only when an "and" closes the list."""
    if not any(t.lower_ in ("of", "for") for t in doc[start:end]):
        return end
    i = end
    while i + 1 < len(doc) and doc[i].text == "," and grows(doc[i + 1]):
        i += 2
        while i < len(doc) and grows(doc[i]):
            i += 1
    if i == end or i + 1 >= len(doc) or doc[i].lower_ != "and" or not grows(doc[i + 1]):
        return end
    i += 2
    while i < len(doc) and grows(doc[i]):
        i += 1
    return i


def body_then_officer(doc: Any, start: int, end: int, at: int) -> tuple[int, int]:
    """ "Naamsa CEO Mikel Mabasa said", "said Ifo President Clemens Fuest": a run of capitals
    holding a body, its officer's role and the officer (or the body and the role, the officer's
    name left out of the run); the side of `at` is kept."""
    role = next(
        (
            i
            for i in range(start + 1, end)
            if doc[i].lower_ in _ROLES_INSIDE
            and doc[i].text[:1].isupper()
            and doc[i - 1].lower_ not in ROLE_NOUNS | ROLE_ADJECTIVES
            and i + 1 < len(doc)
            and doc[i + 1].text[:1].isupper()
            and not has_org_word(doc[i + 1 : max(end, i + 2)].text)
        ),
        None,
    )
    if role is None or at == role or (at > role and role + 1 >= end):
        return start, end
    return (start, role) if at < role else (role + 1, end)
