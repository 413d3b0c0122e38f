"""Where a named speaker stands in a sentence's words: persons set off by a title or commas,
the reporting verb beside them, and the run of capitals and title words before the name.
`titled.py` decides which part of that run is the body."""

from __future__ import annotations

from typing import Any

from rag.attribution.institutions import ROLE_ADJECTIVES, is_acronym
from rag.attribution.words import ROLE_NOUNS

# Verbs that introduce a quoted or reported speaker, not every reporting verb: a title before
# "found" or "estimated" belongs to a study's author as often as to a speaker.
VERBS = frozenset(
    "say tell add explain note comment warn remark observe stress emphasise emphasize write caution".split()
)
# Words of a title before a person's name: "director-general", "senior vice president".
TITLE_WORDS = ROLE_NOUNS | ROLE_ADJECTIVES | {"general", "vice"}
TITLE_SET = TITLE_WORDS | {"prime", "dr", "prof", "dr."}
INSIDE = frozenset({"of", "and", "&", "for", "on", "the", "'s", "’s", "-"})  # "Bank of Korea"
WINDOW = 12  # words of a title and its body on either side of the name


def persons(doc: Any) -> list[Any]:
    """Names the model labels a person, and runs of two or three capitalised words after a title
    ("RBI Governor Shaktikanta Das", labelled an organisation) or set off by commas before one
    ("Danielle Jefferies, Senior Analyst at …")."""
    persons = [e for e in doc.ents if e.label_ == "PERSON" and len(e) > 1]
    taken = {t.i for e in persons for t in e}
    for i in range(1, len(doc) - 1):
        for n in (3, 2):
            run = doc[i : i + n]
            after = doc[i + n] if i + n < len(doc) else None
            titled = doc[i - 1].lower_ in TITLE_SET and (after is None or not capital(after))
            set_off = after is not None and after.text == "," and not capital(doc[i - 1])
            if (
                len(run) == n
                and (titled or set_off)
                and all(t.is_title and t.is_alpha and t.lower_ not in TITLE_SET for t in run)
                and not any(t.i in taken or t.ent_type_ in ("GPE", "NORP", "DATE") for t in run)
            ):
                persons.append(run)
                taken.update(t.i for t in run)
                break
    return persons


def is_verb(token: Any) -> bool:
    return token.lemma_.lower() in VERBS and token.tag_.startswith("VB") and token.text[:1].islower()


def verb_at(doc: Any, i: int) -> Any | None:
    """The reporting verb at `i`, or after a comma there ("..., said:")."""
    if 0 <= i < len(doc) and doc[i].text == ",":
        i += 1
    return doc[i] if 0 <= i < len(doc) and is_verb(doc[i]) else None


def skip_back(doc: Any, i: int) -> int:
    """Before a title: skip the comma of ' "…," said X'."""
    return i - 1 if i > 0 and doc[i - 1].text == "," else i


def title_start(doc: Any, end: int) -> int:
    """The first word of the run of capitals, title words and commas right before a name:
    "INMO General Secretary," and "Barclays analyst"."""
    i = end
    while i > max(0, end - WINDOW):
        word = doc[i - 1]
        if capital(word) or word.lower_ in TITLE_SET or word.lower_ in INSIDE or word.text == ",":
            i -= 1
        else:
            break
    while i < end and (doc[i].lower_ in INSIDE or doc[i].text == ","):
        i += 1  # a run starts with a name, not "of" or a comma
    return i


def capital(token: Any) -> bool:
    return (token.text[:1].isupper() and token.is_alpha) or is_acronym(token.text)
