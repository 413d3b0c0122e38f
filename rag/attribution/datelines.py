"""A wire dateline opening a sentence names a place, never a source: "KUALA LUMPUR, June 13 —".

"ISLAMABAD: The Asian Development Bank (ADB) has revised its forecast" or "TOKYO — The Bank of
Japan on Friday raised ..." put the place in capitals before the story's first sentence; the
parser makes it the subject or a headline's name. A capitalised run closed by a date, a dash, an
agency in parentheses, or (for a run long enough not to be an acronym, "WHO: ...") a colon before
a full sentence is a dateline; so is a place in title case with its region or a date before a
dash ("London, UK - …"). Names inside one are not candidates (ATTRIBUTION_GUIDELINES.md leaves
wire credit lines unlabelled), and the parser reads the sentence after it.
"""

from __future__ import annotations

import re
from typing import Any

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_CAPS = r"[A-Z][A-Z'’.]+(?:[ -][A-Z][A-Z'’.]+)*"
# "June 13, 2017" or "7 December 2017"
_DATE = rf"(?:{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?)"
_DATELINE = re.compile(
    rf"^\W*(?P<place>{_CAPS})"
    r"(?:,\s*[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?)?"  # ", D.C.", ", Calif."
    rf"(?P<date>,?\s*{_DATE})?"
    r"\s*(?P<agency>\([^()]{1,40}\))?"
    r"\s*(?P<sep>[—–]|--?|:)\s+(?=\S)"
)
# "London, UK - …", "Boston, MA September 10, 2020 – …": a place in title case, its region or a
# date, then a dash
_TITLED = re.compile(
    r"^\W*[A-Z][a-z]+(?: [A-Z][a-zA-Z.]+)*,\s*(?:[A-Z][A-Za-z.]{1,12}(?: [A-Z][a-z]+)?,?\s*)?"
    rf"{_DATE}?"
    r"\s*(?:\([^()]{1,40}\))?\s*(?:[—–]|--?)\s+(?=[A-Z\"“‘])"
)
_KEY = "rag_dateline_end"


def dateline_length(text: str) -> int:
    """How many characters of a sentence a dateline takes, separator included (0 without one):
    the parser reads the sentence after it."""
    match = _DATELINE.match(text)
    if match is not None and _end(text):
        return match.end()
    titled = _TITLED.match(text)
    return titled.end() if titled is not None else 0


def dateline_end(doc: Any) -> int:
    """Where a dateline opening the sentence ends (a character offset), or 0 with none."""
    if _KEY not in doc.user_data:
        titled = _TITLED.match(doc.text)
        doc.user_data[_KEY] = _end(doc.text) or (titled.end() if titled is not None else 0)
    return doc.user_data[_KEY]


def _end(text: str) -> int:
    match = _DATELINE.match(text)
    if match is None:
        return 0
    place = match.group("place")
    if match.group("sep") == ":" and not (match.group("date") or match.group("agency")):
        # "WHO: measles cases rise" is a headline; "ISLAMABAD: The Asian Development Bank ..." a
        # dateline: a long or many-word run before a whole sentence
        letters = sum(c.isalpha() for c in place)
        if (letters < 7 and " " not in place) or not text.rstrip().endswith((".", "”", '"')):
            return 0
    elif not (match.group("date") or match.group("agency") or len(place.replace(".", "")) >= 4):
        return 0  # "AB – ...": too short to tell from an acronym
    return match.end("place")
