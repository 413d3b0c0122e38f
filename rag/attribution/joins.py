"""Names joined or listed: "British and Irish Lions", "the Ministry of Economy, Trade and Industry"."""

from __future__ import annotations

from typing import Any

from rag.attribution.institutions import is_acronym
from rag.attribution.names import grows


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
