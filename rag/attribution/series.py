"""A series' title found as its author gives way to the body the title opens with.

"according to the Ofcom Media Nations report", "the Experian Consumer Default Index shows", "the
2018 Mercer European Asset Allocation Survey said": the title of a report, index or survey often
opens with its owner's name, without a possessive. The owner is the longest opening part of the
title that the document also writes on its own, mid-sentence ("Ofcom said", "Mercer and CFA
Institute"), or that ends in an organisation's head noun ("Fairleigh Dickinson University Poll").
"""

from __future__ import annotations

import re
from dataclasses import replace

from rag.attribution.accept import Found
from rag.attribution.institutions import is_place
from rag.attribution.names import NATIONALITY
from rag.attribution.words import HEADS, REPORT_NOUNS

# Last words of a series' title ("Consumer Default Index", "Military Expenditure Database").
_TITLE_ENDS = frozenset(
    "Index Survey Database Report Barometer Outlook Poll Study Tracker Monitor Indicator".split()
)
_YEAR = re.compile(r"(?:19|20)\d\d")


def series_owner(found: Found, sentence: str, text: str) -> Found:
    """The owner opening a series' title found as a source, else the name as found."""
    words = found.name.split()
    skip = 1 if words and _YEAR.fullmatch(words[0]) else 0  # "the 2018 Mercer … Survey"
    words = words[skip:]
    following = [w for w in sentence[found.end :].split()[:2] if not _YEAR.fullmatch(w)][
        :1
    ]  # "… 2019 report"
    # a title ends in its series' noun, or a report noun follows a name that is no body by itself
    # ("the Ofcom Media Nations report"; not "Australian Bureau of Statistics data")
    reported = bool(following) and following[0].lower().rstrip(".,;") in REPORT_NOUNS
    titled = bool(words) and (
        words[-1] in _TITLE_ENDS or (reported and not any(w.lower() in HEADS for w in words))
    )
    if len(words) < 2 or not titled:
        return found
    for k in range(len(words) - 1, 0, -1):
        prefix = " ".join(words[:k])
        if is_place(prefix) or (k == 1 and NATIONALITY.search(prefix)):
            continue  # "European Asset Allocation Survey", "UK Household Panel": no owner
        headed = words[k - 1].lower() in HEADS
        alone = rf"[a-z,;(]\s+(?:the\s+)?{re.escape(prefix)}\b(?!\s+{re.escape(words[k])})"
        if headed or re.search(alone, text):
            start = found.start + found.name.index(words[0])
            return replace(found, name=prefix, start=start, end=start + len(prefix))
    return found
