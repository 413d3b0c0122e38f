"""Which names across the index are one institution: forms of one name, never bodies sharing a word.

Documents write one body many ways: "Conservative Party", "Conservatives", "Tories"; "Lib Dems"
and "Liberal Democrats"; "Monmouth University" and "Monmouth"; "Moody's" with either apostrophe;
"Acpo" for the "Association of Chief Police Officers" a document never spelled out. Each rule
here joins forms of ONE name: inflection, a legal or type word at the end, word-by-word
abbreviation, and an acronym whose spelling-out is the only one in the index. Names that merely
share words ("Bank of England", "Bank of Japan"; "BBC", "BBC Scotland") are never joined.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rag.attribution.aliases import initials
from rag.attribution.institutions import CONNECTORS, is_acronym, kind_of, name_key

# A word at the end that says what kind of body a name is, not which body: "Monmouth University"
# is Monmouth, "Counterpoint Research" is Counterpoint, "Labour Party" is Labour.
_TYPE_WORDS = frozenset(
    "inc incorporated ltd limited plc llc corp corporation co company group holdings ag sa nv se "
    "university party research".split()
)
# Everyday names of parties, as dictionaries give them.
_EVERYDAY = {"tory": "conservative", "tories": "conservatives", "gop": "republican"}


def family_key(name: str) -> str:
    """One key for the written forms of one name."""
    key = name_key(name).replace("’", "'").replace("‘", "'").rstrip(".")
    key = re.sub(r"[,.]", "", key)
    words = key.split()
    while len(words) > 1 and words[-1] in _TYPE_WORDS:
        words = words[:-1]
    if kind_of(name) == "political party":
        words = [_EVERYDAY.get(w, w) for w in words]
        # "Liberal Democrats" / "Lib Dem", "Conservatives" / "Conservative": a party's members
        # and the party are one body
        words = [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words]
    return " ".join(words)


def _abbreviates(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """ "lib dem" for "liberal democrat": each word a strict prefix of the matching word."""
    return (
        len(short) == len(full)
        and short != full
        and all(len(s) >= 3 and f.startswith(s) for s, f in zip(short, full, strict=True))
        and any(len(s) < len(f) for s, f in zip(short, full, strict=True))
    )


def _acronym_of(name: str) -> str | None:
    """The letters an acronym stands for: "NAO", "U.N.", and "Acpo" as British papers write it."""
    letters = name.replace(".", "").replace("&", "")
    if is_acronym(name):
        return letters.upper()
    if 4 <= len(letters) <= 6 and letters.isalpha() and letters[0].isupper() and letters[1:].islower():
        return letters.upper()
    return None


def same_body_pairs(names: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs of names (as given) that are forms of one institution."""
    names = list(dict.fromkeys(names))
    pairs: list[tuple[str, str]] = []
    by_family: dict[str, str] = {}
    for name in names:
        family = family_key(name)
        if family in by_family:
            pairs.append((by_family[family], name))
        else:
            by_family[family] = name
    buckets: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for family in by_family:
        words = tuple(family.split())
        buckets.setdefault(tuple(w[:3] for w in words), []).append(words)
    for bucket in buckets.values():
        for short in bucket:
            for full in bucket:
                if _abbreviates(short, full):
                    pairs.append((by_family[" ".join(short)], by_family[" ".join(full)]))
    spelled: dict[str, list[str]] = {}
    for name in names:
        words = [w for w in re.findall(r"[A-Za-z][\w'-]*", name) if w.lower() not in CONNECTORS]
        if len(words) >= 3 or (len(words) == 2 and not is_acronym(name)):
            spelled.setdefault(initials(name), []).append(name)
            # "BoJ", "DoJ": some acronyms keep the "of"
            every = initials(name, connectors=True)
            if every != initials(name):
                spelled.setdefault(every, []).append(name)
    for name in names:
        letters = _acronym_of(name)
        full = spelled.get(letters or "", [])
        # only an acronym with one spelling-out in the whole index: "IEA" is both the
        # International Energy Agency and the Institute of Economic Affairs
        if (
            letters
            and len(letters) >= (3 if is_acronym(name) else 4)
            and len({family_key(f) for f in full}) == 1
        ):
            pairs.append((name, full[0]))
    return pairs
