"""Persons a document introduces by the shape of the text, whatever the model's labels say: a
title before the name ("National Statistician Dennis Mapa", "Professor Abdullahi Ribadu") or a
role after it ("Juan-Pierre Terblanche, chief survey statistician at the department")."""

from __future__ import annotations

import itertools
import re

from rag.attribution.institutions import has_org_word, is_acronym, is_place
from rag.attribution.words import ROLE_NOUNS

# Titles a person carries before the name. Not words that firms carry too ("analyst Gartner",
# "partner Microsoft", "member Germany", "source", "team"), nor adjectives alone.
_TITLES = (
    ROLE_NOUNS
    - frozenset(
        "analyst partner member owner source team staff employee management broker trader consultant "
        "adviser advisor expert spokes worker fellow leader reporter correspondent editor columnist "
        "journalist commentator pundit presenter dj peer".split()
    )
) | frozenset(
    "statistician ambassador senator judge justice mayor datuk dato tan sri dr prof professor".split()
)
# Role words after a name and its comma: "X Y, chief survey statistician at the department".
_ROLES = _TITLES | frozenset({"analyst", "partner", "researcher", "expert", "fellow"})
_TOKEN = r"(?:[A-Z]\.(?:[A-Z]\.)*|[A-Z][\w'’-]+)"  # "K.K.", "Juan-Pierre", "O’Neill"
# Lower-case particles inside a name: "Pollyanna de Lima", "Ursula von der Leyen"
_PARTICLE = r"(?: (?:de|da|di|del|della|dos|du|van|von|der|den|la|le|bin|al)(?= [A-Z]))*"
_WORD = re.compile(r"\b[A-Za-z]+\b")
# After a title word: more title words ("Director General"), an optional comma, then the name
# of one to four words and no further capitalised word.
_MORE_TITLE = re.compile(r" ([A-Z][a-z]+)\b(?![\w'’-])")
_AFTER = re.compile(rf"\.?,? ({_TOKEN}(?: {_TOKEN}){{0,3}})(?![\w'’-]| [A-Z&])")
# A name of two or three words, a comma, then up to four words that hold a role.
_ROLED = re.compile(rf"(?<![\w'’-])({_TOKEN}(?:{_PARTICLE} {_TOKEN}){{1,2}}), ((?:[\w'’-]+ ){{0,4}}[\w'’-]+)")
# A title of a named body, then the person between commas: "The head of Profeco, Ricardo Sheffield,"
_OF_BODY = re.compile(
    rf"\b(?:of|at) (?:the )?[A-Z][\w&'’-]*(?: [A-Z][\w&'’-]*)*, ({_TOKEN}(?: {_TOKEN}){{1,2}}),"
)
# Ranks written in capitals before a role: "Principal Economist", "Senior Vice President"
_RANKS = frozenset(
    "senior principal chief deputy lead managing executive general vice assistant associate".split()
)
_SKIPPED = _TITLES | ROLE_NOUNS | {"general"}
_RELATIVE = frozenset({"who", "whose", "which", "where", "when", "that", "and", "or", "but", "said", "says"})
_ARTICLES = frozenset({"the", "a", "an", "its", "their"})


def introduced_persons(text: str) -> set[str]:
    """Full names the text introduces as persons, and each of their words ("Dennis Mapa", "Dennis",
    "Mapa"), so that "Mapa said" later is the man, not a body."""
    return persons_in(text)[0]


def roled_persons(text: str) -> set[str]:
    """Full names set off by commas with a role after them or a body's title before them ("Cui
    Dongshu, the association's secretary-general"; "The head of Profeco, Ricardo Sheffield,"):
    a shape no body's name takes, unlike a name after a title word ("researcher Ipsos Mori")."""
    return persons_in(text)[1]


def persons_in(text: str) -> tuple[set[str], set[str]]:
    """(`introduced_persons`, `roled_persons`) from one scan of the text for names set off by a role."""
    roled = _roled(text)
    found: set[str] = set(roled)
    for word in _WORD.finditer(text):
        if word.group().lower() in _TITLES:
            at = word.end()
            while (more := _MORE_TITLE.match(text, at)) and more.group(1).lower() in _SKIPPED:
                at = more.end()
            after = _AFTER.match(text, at)
            # one word after a lower-case title may be a firm: "senior vice president Boeing"
            if after and (" " in after.group(1) or word.group()[0].isupper()):
                found.add(after.group(1))
    persons: set[str] = set()
    for name in found:
        words = [w for w in name.split() if w.lower() not in _SKIPPED]
        if not words or any(_not_personal(w) for w in words):
            continue
        persons.add(" ".join(words))
        persons.update(w for w in words if "." not in w and w[:1].isupper())  # not an initial, not "de"
    return persons, {n for n in roled if not any(_not_personal(w) for w in n.split())}


def _roled(text: str) -> set[str]:
    found = {m.group(1) for m in _ROLED.finditer(text) if _has_role(m.group(2).split())}
    for match in _OF_BODY.finditer(text):
        opening = text[max(0, match.start() - 40) : match.start()].split()
        if opening and _role_word(opening[-1]):
            found.add(match.group(1))
    return found


def _has_role(words: list[str]) -> bool:
    """ "chief survey statistician at ...", "Partner EY": a role among the first words after the
    comma, before any relative word, and no capitalised name right after it ("Goldman Sachs, chief
    economist Jan Hatzius" is the firm's economist)."""
    for i, word in enumerate(words):
        titled = word.lower() in _RANKS or _role_word(word)
        if word.lower() in _RELATIVE or (word[:1].isupper() and i and not titled):
            return False
        if _role_word(word):
            rest = list(itertools.dropwhile(lambda w: w.lower() in _SKIPPED, words[i:]))
            follower = rest[0] if rest else ""
            return not (follower[:1].isupper() and not is_acronym(follower.strip(",.")))
        if word.lower() not in _ARTICLES and not word.islower() and not titled:
            return False
    return False


def _role_word(word: str) -> bool:
    """ "economist", "secretary-general.", "Economist": a role, whatever its case, hyphen or stop."""
    return any(part in _ROLES for part in word.lower().strip(",.;:").split("-"))


def _not_personal(word: str) -> bool:
    """A word no person's name holds: a body's word, an acronym (not an initial) or a place."""
    word = word.removesuffix("'s").removesuffix("’s")
    return has_org_word(word) or is_place(word) or ("." not in word and is_acronym(word))
