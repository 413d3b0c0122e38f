"""Report-style lines that cite without a reporting verb: source lines, bylines, headlines.

"Source: International Monetary Fund; World Bank." under a table cites both, "Source:
www.ntv.de" the site; a byline "Helen Smith, Chief Executive | British Retail Consortium" above a
quotation cites the body; headlines are `headlines.py`'s (ATTRIBUTION_GUIDELINES.md, report-style
sources). A line is a sentence here: line breaks always end one.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from rag.attribution.accept import AUTHOR, STRONG, WEAK, Found, accept
from rag.attribution.headlines import REPORTS, closing, headline_citations, is_headline, labelled_line
from rag.attribution.institutions import has_org_word, is_acronym
from rag.attribution.lexicon import is_common
from rag.attribution.words import ROLE_NOUNS

# Not "Credit:", a photograph's (ATTRIBUTION_GUIDELINES.md: credits cite nothing); "Courtesy:" on
# its own line gives a figure's provenance (modern batches' convention), "Photo courtesy of" no.
SOURCE_LINE = re.compile(
    r"^\W*(?:(?:Data )?Sources?(?:\(s\))?(?: documents?)?|Chart|Graph|Data|Courtesy|Reference)\s*:\s*"
    r"|^\W*(?:Chart|Table|Graph|Figure) from\s+(?=\S[^.;:]{0,60}$)",  # "Chart from Enterprise Singapore"
    re.IGNORECASE,
)
# "Net flows by asset | Source: Bloomberg, CoinShares": a caption, then its source line
_CAPTIONED = re.compile(r"\s\|\s*(?:Data )?Sources?\s*:\s*", re.IGNORECASE)
# "Data: World Bank; Chart: Axios Visuals": who drew the chart is no source of its data
_MAKER = re.compile(r";\s*(?:Chart|Graphic|Graph|Design|Photo|Image|Map|Illustration)s?\s*:", re.IGNORECASE)
# A republished piece's credit: "This story originally appeared on MarketBeat", "This article
# generously shared by Insight Crime."
_SYNDICATED = (
    r"^\W*This (?:story|article|post|piece|report|column|item)(?:['’]s information)? (?:was |is |has been )?"
    r"(?:\w+ )?(?:appeared|(?:originally|first) (?:published|seen)|shared|republished|reprinted|syndicated"
    r"|reproduced)"
    r"(?: with permission)? (?:on|in|by|from|courtesy of) "
)
# "…first seen on REUTERS; to read more, click this link.": the credit ends at a semicolon
# "Article based on press release European Audiovisual Observatory – 10-02-2017"; a date or a
# clause after the name ("… published by Freedom House and is unaltered.") is no part of it
_RELEASED = (
    r"^\W*(?:This )?(?:[Aa]rticle|[Ss]tory) (?:is )?(?:based on (?:a )?press release (?:from |by |of )?"
    r"|provided (?:with permission )?(?:by|from) )|^\W*[Ss]ourced from "  # "Sourced from AppsFlyer"
)
# the name may hold a dot ("Ecommerce.com"); it ends at a date, a clause or the line's end
SYNDICATED = re.compile(
    rf"(?:{_SYNDICATED}|{_RELEASED})(?:the )?(?P<body>[A-Z](?:[^.;:]|\.(?=\w)){{1,80}}?)"
    r"(?:\s+[–—-]\s+[\d/.-]+|\s+and\s+[a-z][^.;:]*)?\W*(?:$|;)"
)
# "Dharmakirti Joshi, Chief Economist, CRISIL:" above a quotation: a byline ended by a colon
_HEADER_FORM = r"^[^|\n:,]{{3,60}},\s*{title}[^|,\n:]{{2,60}}?),\s*{body}[A-Z][^|,:\n]{{1,80}}?)\s*:\s*$"
# What the gate lets through for these lines: a source line, a name and colon opening a line,
# a dash or "X says" closing it, a republished piece's credit.
LINE_CUES = (
    _SYNDICATED + "|" + _RELEASED + "|"
    r"^\W*(?:(?:Data )?Sources?(?:\(s\))?(?: documents?)?|Chart|Graph|Data|Courtesy|Reference)\s*:"
    r"|^\W*(?:Chart|Table|Graph|Figure) from\s+\S[^.;:]{0,60}$"
    r"|^[A-Z][\w.&'’-]*(?: [A-Z][\w.&'’-]*){0,5}:\s"
    r"|(?:\s[–—-]\s?|(?<=[a-z0-9])-)[A-Z][\w.&'’-]*(?: [A-Z][\w.&'’-]*){0,5}(?: [a-z]+)?\W*$"
    r"|\s\|\s*[A-Z][^|\n]{1,80}$|"
    + _HEADER_FORM.format(title="(?:", body="(?:")
    + r"|:\s[A-Z][\w.&'’-]*(?:\s[A-Z][\w.&'’-]*){0,3}(?:\s[a-z-]+)?\W*$"  # "…: WHO chief", "…: Nielsen"
)
_LEAD = re.compile(r"(?:(?:and|&)\s+)?(?:the\s+)?", re.IGNORECASE)
# "IMF staff calculations", "NBER and author's calculations": lower-case words after the name;
# "FAO (2016)": a year after it; "International Monetary Fund (IMF) |": its acronym and a divider
_TAIL = re.compile(
    r"(?:\s+(?:and\s+)?[a-z][\w'’-]*)+(?:\s+(?:1[89]|20)\d\d)?\s*\|?$|\s*\((?:1[89]|20)\d\d[a-z]?\)$"
    # "Source: SEEK September", "Source: Eurostat database 2020": the release's month or year
    r"|\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"(?:\s+(?:1[89]|20)\d\d)?$"
    r"|\s+(?:1[89]|20)\d\d-\d\d-\d\d(?:\s+[\d:]+)?$"  # "Xinhua 2016-07-15 20:11:32"
    r"|\s*\(n\.\s?d\.?\)?$"  # "Source: National Health Authority (n.d.)": undated
    r"|\s*\([A-Z][a-z]+\.?(?:\s+\d{1,2},?)?\s+(?:1[89]|20)\d\d\)$"  # "Gartner (April 2025)"
    r"|\s+[–—-]\s+(?:Translated|Edited|Compiled|Reporting|Writing) by\b.*$"  # "… – Translated by Karen."
    r"|\s*\([A-Za-z][A-Za-z&.]{1,11}\)\s*\|?$|\s*\|$"  # "(IMF)", "(worldsteel)"
)
# "Source: https://www.philstar.com/business/…": a site given by its address
_ADDRESS = re.compile(
    r"(?:https?://)?(?:www\.)?(?P<host>[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})(?:/\S*)?", re.I
)
# "Helen Smith OBE, Chief Executive | British Retail Consortium": a person, a title, the body
_BYLINE = re.compile(r"^[^|\n]{3,80},\s*(?P<title>[^|,\n]{2,60}?)\s*\|\s*(?P<body>[A-Z][^|\n]{1,80}?)\s*$")
_HEADER = re.compile(_HEADER_FORM.format(title="(?P<title>", body="(?P<body>"))
# One item of a source line: up to ";", ",", "and the", or an "and" next to an acronym.
_ITEM = re.compile(
    r"[^;,.\s](?:[^;,]|\.(?=\w|\s*[;,]|\s+and\b))*?"
    r"(?=\s*[;,]|\s+and the\b|\s+(?:and|&) (?=[A-Z]{2,}\b)|\.?\s*$)"  # "NASA & NOAA": two acronyms
)


def line_citations(doc: Any) -> list[Found]:
    """Institutions cited by the form of the line alone."""
    if not len(doc):
        return []
    source = SOURCE_LINE.match(doc.text) or _CAPTIONED.search(doc.text)
    if source:
        return _listed(doc, source.end())
    byline = _byline(doc)
    if byline is not None:
        return [byline]
    credit = SYNDICATED.match(doc.text)
    if credit:
        span = doc.char_span(credit.start("body"), credit.end("body"), alignment_mode="expand")
        item = None if span is None else accept(span, AUTHOR, "republished from")
        return [] if item is None else [item]
    if is_headline(doc):
        return headline_citations(doc, _wire)  # and a dash the parse does not close on
    return labelled_line(doc) + dash_credit(doc)


def _byline(doc: Any) -> Found | None:
    match = _BYLINE.match(doc.text) or _HEADER.match(doc.text)
    if match is None or not any(w.lower() in ROLE_NOUNS for w in re.findall(r"[\w-]+", match.group("title"))):
        return None
    span = doc.char_span(match.start("body"), match.end("body"), alignment_mode="expand")
    item = None if span is None else accept(span, AUTHOR, "byline")
    # the line's form ties the body to a titled person, as "chief economist at X" does
    return None if item is None else replace(item, evidence=STRONG)


def _listed(doc: Any, offset: int) -> list[Found]:
    """Every name after "Source:": items split at ";", "," and "and the", or at "and" beside an
    acronym ("Bloomberg Finance L.P. and IMF staff calculations"), so that "Organisation for
    Economic Co-operation and Development" stays one; trailing lower-case words are dropped."""
    found = []
    address = _ADDRESS.fullmatch(doc.text[offset:].strip())
    if address is not None:  # "Source: www.ntv.de": the site is the source
        host = address.group("host")
        at = doc.text.find(host, offset)
        return [Found(host, at, at + len(host), "source line", (), STRONG)]
    maker = _MAKER.search(doc.text, offset)
    for match in _ITEM.finditer(doc.text, offset, maker.start() if maker else len(doc.text)):
        item = match.group()
        lead = _LEAD.match(item).end()
        tail = _TAIL.search(item, lead)
        end = match.start() + (tail.start() if tail else len(item))
        span = doc.char_span(match.start() + lead, end, alignment_mode="expand")
        if span is not None and len(span) and span.text[:1].isupper():
            cited = accept(span, AUTHOR, "source line")
            if cited is not None:
                found.append(cited)
    return found


_CREDITED = re.compile(r"\s[–—-]\s+[A-Z][\w&'’ -]{1,60}\.\s*$")  # "… – FEWS NET."


def dash_credit(doc: Any) -> list[Found]:
    """ "About one in 11 health facilities is not functioning – WHO.": a claim closed by a dash
    and a body, as a situation report credits each item; a body by its form only, since a
    quotation closed by a person's name ("… – John Smith.") has the same shape."""
    if not _CREDITED.search(doc.text):
        return []
    found = closing(doc)
    if found is None or not (all(map(is_acronym, found.name.split())) or has_org_word(found.name)):
        return []  # "FEWS NET", "WHO", "World Bank"
    before = doc.text[: found.start].split()[-9:-1]
    initials = "".join(w[0] for w in before if w[:1].isupper())
    if found.name.replace(" ", "") in initials:
        return []  # "… Observations to Benefit the Environment — GLOBE.": a name's short form
    return [replace(found, cue="– (credit)")]


# A wire headline's source after a dash, spaced or not: "… in 19 months-ABI", "… this season
# -Cocobod", "… third quarter - BER survey"
_WIRE = re.compile(
    r"(?:\s[–—-]|(?<=[a-z0-9])-)\s?(?P<name>[A-Z][\w&.'’]*(?:\s+[A-Z][\w&.'’]*){0,3})"
    rf"(?:\s+(?:{'|'.join(sorted(REPORTS))}))?\s*$"
)


def _wire(doc: Any) -> Found | None:
    """A name after a closing dash that the parse does not read as one ("-Cocobod" is one token)."""
    match = _WIRE.search(doc.text)
    if match is None or len(doc) < 5:
        return None
    name = match.group("name").rstrip(".")
    attached = not doc.text[match.start()].isspace()
    if (attached and not is_acronym(name)) or "’" in name or "'" in name:
        return None  # "Low-Income Countries": a compound's second half
    if all(is_common(w) for w in name.split()) or not name[1:2].isalpha():
        return None  # "… – Update", "… - Quarterly Bulletin"
    start = match.start("name")
    return Found(name, start, start + len(name), "headline", (), WEAK)
