"""Author-year citations in report prose: "(OECD 2021)", "(World Health Organization [WHO], 2022)".

A parenthesis ending in a year cites each of its institutional authors; "(see, e.g., Hattie,
2009; World Bank, 2018)" cites the World Bank and not Hattie, a person. A name written just
before a year in parentheses and followed by a verb, "UNESCO (2018) reports", cites it too
(ATTRIBUTION_GUIDELINES.md, report-style sources). Names are decided by their form alone: an
acronym or an organisation's word makes an institution; surnames, "et al." and "and" between
single words make persons.
"""

from __future__ import annotations

import re
from typing import Any

from rag.attribution.accept import PERSON, STRONG, WEAK, Found
from rag.attribution.institutions import clean_name, has_org_word, is_acronym, is_place

# "2019[1]": a footnote marker after the year; "n.d.-a": the first undated work of an author
_YEAR = r"(?:(?:1[89]|20)\d\d[a-z]?|n\.\s?d\.(?:-?[a-z]\b)?)(?:\[\d{1,3}\])?"
# What the gate lets through: a parenthesis that ends with a year (and maybe pages).
_YEAR_PAREN = rf"\([^()]{{0,300}}\b(?:{_YEAR})(?:[,:]\s*(?:pp?\.\s*)?\d+(?:[-–]\d+)?)?\)"
PAREN_CUES = rf"{_YEAR_PAREN}|\(\s*(?:via|courtesy of)\s+[A-Z]"
_PAREN = re.compile(_YEAR_PAREN)
_LEADS = re.compile(
    r"^\s*(?:(?:see(?: also)?|e\.\s?g\.|i\.\s?e\.|cf\.|for (?:instance|example)|as in|cited in|also)"
    r"\s*,?\s*)+",
    re.IGNORECASE,
)
# "(NBC News, 9/8/2020)", "(Reuters, 12 March 2020)", "(AP, Sept. 8, 2020)": a dated item
_DATE = (
    r"(?:(?<=,\s)(?:\d{1,2}/\d{1,2}/|(?:\d{1,2}\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
    r"\s+(?:\d{1,2},?\s+)?))?"
)
_ITEM = re.compile(
    rf"(?P<author>[A-Z].*?)[,\s]+{_DATE}(?P<years>(?:{_YEAR})(?:\s*,\s*(?:{_YEAR}))*)"
    r"(?:[,:]\s*(?:pp?\.\s*)?\d+(?:[-–]\d+)?)?\s*$"
)
_BRACKETED = re.compile(r"\s*\[(?P<short>[A-Z][A-Za-z&.]{1,9})\]\s*")
# "UNESCO (2018) reports": a capitalised run (inner connectors and commas allowed) right before
# a year in parentheses, then a lower-case word.
_NARRATIVE = re.compile(
    rf"(?P<name>[A-Z][\w&'’.-]*(?:,?\s+(?:(?:of|for|and|on|the|&)\s+)*[A-Z][\w&'’.-]*)*)"
    rf"\s*\((?P<year>{_YEAR})\)\s+(?=[a-z])"
)
_VIA = re.compile(r"\(\s*(?:via|courtesy of)\s+(?P<name>[A-Z][^()]{0,60}?)\s*\)")
_PERSONS = re.compile(r"\bet\.?\s+al\b|^[A-Z][\w'’-]+(?:\s+(?:and|&)\s+[A-Z][\w'’-]+)+$|^[A-Z][a-z'’-]+$")


def parenthetical_citations(doc: Any) -> list[Found]:
    """Institutions cited by author-year citations in the sentence."""
    text = doc.text
    found: list[Found] = []
    for paren in _PAREN.finditer(text):
        offset = paren.start() + 1
        # items end at ";", or at "," after a year: "(Kruger et al. 2018, IEA et al. 2020)"
        for item in re.finditer(r"(?:[^;,]|,(?!\s*[A-Z][^,;]*\d{4}))+", paren.group()[1:-1]):
            lead = _LEADS.match(item.group())
            start = offset + item.start() + (lead.end() if lead else 0)
            while start < offset + item.end() and text[start].isspace():
                start += 1
            match = _ITEM.match(text, start, offset + item.end())
            if match:
                found += _institution(
                    doc, match.start("author"), match.end("author"), "parenthetical citation"
                )
    for match in _VIA.finditer(text):
        # "John Smith said (via Bloomberg)", "(courtesy of Bloomberg)": the relaying outlet is cited too
        name = clean_name(match.group("name"))
        at = text.find(name, match.start("name"))
        if name and not is_place(name):
            found.append(Found(name, at, at + len(name), match.group().split()[0].strip("( "), (), WEAK))
    for match in _NARRATIVE.finditer(text):
        found += _institution(doc, match.start("name"), match.end("name"), f"({match.group('year')})")
    return found


def _institution(doc: Any, start: int, end: int, cue: str) -> list[Found]:
    text = doc.text
    author = text[start:end]
    bracket = _BRACKETED.search(author)
    if bracket:  # "World Health Organization [WHO]": the full name; the acronym is its alias
        end, author = start + bracket.start(), author[: bracket.start()]
    group = re.fullmatch(r"(.+?)\s+et\.?\s+al\.?,?", author.strip())
    if group is not None:
        if not (is_acronym(group[1]) or has_org_word(group[1])):
            return []  # "Kruger et al. 2018": people
        author = group[1]  # "IEA et al. 2020": the body first among the authors
    # A narrative run may start with words of the sentence: "In its review the OECD (2019)".
    words = author.split()
    while len(words) > 1 and not (is_acronym(" ".join(words)) or has_org_word(" ".join(words))):
        words = words[1:]
    name = clean_name(" ".join(words))
    at = text.find(name, start, end + 1)
    if not name or at < 0 or is_place(name) or _PERSONS.search(name):
        return []
    if is_acronym(name) or has_org_word(name):
        return [Found(name, at, at + len(name), cue, (), STRONG)]
    # "(Gartner, 2021)" or "(Hattie, 2009)": a plain name is an institution only where the rest
    # of the document shows one
    return [Found(name, at, at + len(name), cue, (), PERSON)]
