"""Report-style lines that cite without a reporting verb: source lines and attributing headlines.

"Source: International Monetary Fund; World Bank." under a table cites both; a headline
"Newsweek: If Unemployment Benefits Expire, …" or "WHO Warns: …" cites its opening name, and
"4 in 5 adolescents don't exercise enough – WHO" or "Oil demand to peak, IEA says" its closing
one (ATTRIBUTION_GUIDELINES.md, report-style sources). A line is a sentence here: line breaks
always end one.
"""

from __future__ import annotations

import re
from typing import Any

from rag.attribution.accept import AUTHOR, SUBJECT, Found, accept
from rag.attribution.spans import name_span
from rag.attribution.words import SPEECH_VERBS

SOURCE_LINE = re.compile(
    r"^\W*(?:(?:Data )?Sources?(?: documents?)?|Chart|Graph|Credit|Data)\s*:\s*", re.IGNORECASE
)
# What the gate lets through for these lines: a source line, a name and colon opening a line,
# a dash or "X says" closing it.
LINE_CUES = (
    r"^\W*(?:(?:Data )?Sources?(?: documents?)?|Chart|Graph|Credit|Data)\s*:"
    r"|^[A-Z][\w.&'’-]*(?: [A-Z][\w.&'’-]*){0,5}:\s"
    r"|\s[–—-]\s[A-Z][\w.&'’-]*(?: [A-Z][\w.&'’-]*){0,5}\W*$"
)
_CLOSING_DASH = re.compile(r"\s[–—-]\s*$")
_QUOTES = ('"', "“", "'", "‘")
_LEAD = re.compile(r"(?:and\s+)?(?:the\s+)?", re.IGNORECASE)
# "IMF staff calculations": lower-case words after the name; "FAO (2016)": a year after it
_TAIL = re.compile(r"(?:\s+[a-z][\w-]*)+$|\s*\((?:1[89]|20)\d\d[a-z]?\)$")
# One item of a source line: up to ";", ",", "and the", or an "and" next to an acronym.
_ITEM = re.compile(
    r"[^;,.\s](?:[^;,]|\.(?=\w|\s*[;,]|\s+and\b))*?(?=\s*[;,]|\s+and the\b|\s+and (?=[A-Z]{2,}\b)|\.?\s*$)"
)
# Labels that open a line of a page's furniture, not a source: "Disclaimer: …", "Note: …".
_HEADLINE_REPORTS = frozenset("poll survey report study analysis data research index review".split())
_TITLE_WORDS = frozenset("the a an as new latest annual global major first final recent big key landmark".split())
LINE_LABELS = frozenset(
    "disclaimer note notes update updated summary warning correction related read more photo "
    "image video tags keywords abstract background methods results conclusion conclusions table "
    "figure question answer editor caption transcript subscribe advertisement sponsored".split()
)


def line_citations(doc: Any) -> list[Found]:
    """Institutions cited by the form of the line alone."""
    if not len(doc):
        return []
    source = SOURCE_LINE.match(doc.text)
    if source:
        return _listed(doc, source.end())
    if doc.text.rstrip().endswith("."):
        return []  # a headline has no full stop
    reported = _headline_report(doc)
    if doc.text.lstrip()[:1] in _QUOTES:
        return reported  # a quotation's words are the speaker's
    return reported + [f for f in (_headline_opening(doc), _headline_closing(doc)) if f is not None]


def _listed(doc: Any, offset: int) -> list[Found]:
    """Every name after "Source:": items split at ";", "," and "and the", or at "and" beside an
    acronym ("Bloomberg Finance L.P. and IMF staff calculations"), so that "Organisation for
    Economic Co-operation and Development" stays one; trailing lower-case words are dropped."""
    found = []
    for match in _ITEM.finditer(doc.text, offset):
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


def _headline_opening(doc: Any) -> Found | None:
    """ "Newsweek: …", "WHO Warns: …": a name opening the line, then a colon (a speech verb may sit
    between, as headlines write it). A quotation after the colon is a caption's, handled elsewhere."""
    first = doc[0] if doc[0].lower_ != "the" or len(doc) < 2 else doc[1]
    if not first.text[:1].isupper():
        return None
    span = name_span(first)
    if span.text.lower().rstrip("s'’ ") in LINE_LABELS or span[0].lower_ in LINE_LABELS:
        return None
    if len(span) > 1 and _speech(span[-1]):
        span = span[:-1]  # "UNICEF Warns": the headline's verb, capitalised, is not the name's
    after = span.end
    if after < len(doc) and _speech(doc[after]) and doc[after].text[:1].isupper():
        after += 1  # "WHO Warns:"
    if after + 1 >= len(doc) or doc[after].text != ":" or doc[after + 1].text in _QUOTES:
        return None
    items = re.split(r"[,;]", doc[after + 1 :].text)
    if len(items) >= 3 and all(len(item.split()) <= 4 for item in items):
        return None  # "Bolton: Jaaskelainen, Hunt, N'Gotty, …": a list under a label, not a claim
    return accept(span, SUBJECT, "headline")


def _headline_report(doc: Any) -> list[Found]:
    """ "…, Gallup Poll Finds", "Amnesty Report Notes Worldwide Abuses": a title-case headline's
    report noun and verb after the name of its author."""
    found = []
    for noun in doc[1:-1]:
        verb = doc[noun.i + 1]
        if not (noun.text[:1].isupper() and noun.lower_ in _HEADLINE_REPORTS and verb.text[:1].isupper()):
            continue
        if not _speech(verb) or verb.lower_ == noun.lower_:
            continue
        start = noun.i
        while start > 0 and noun.i - start < 5 and doc[start - 1].text[:1].isupper() and not doc[start - 1].is_punct:
            start -= 1
        while start < noun.i and doc[start].lower_ in _TITLE_WORDS:
            start += 1  # "New Study Finds ...": no author named
        if start < noun.i and (start == 0 or doc[start - 1].is_punct or doc[start - 1].lower_ in _TITLE_WORDS):
            cited = accept(doc[start : noun.i], AUTHOR, "headline")
            if cited is not None:
                found.append(cited)
    return found


def _headline_closing(doc: Any) -> Found | None:
    """ "… – WHO", "…, IEA says": the line's claim first, its source last."""
    tokens = [t for t in doc if not t.is_punct or t.text in ("–", "—", "-")]
    if len(tokens) < 4:
        return None
    last = tokens[-1]
    verb = None
    if _speech(last) and last.i >= 2:
        verb, last = last, doc[last.i - 1]  # "…, IEA says"
    if not last.text[:1].isupper():
        return None
    span = name_span(last)
    if len(span) > 1 and span[-1].lower_ in _HEADLINE_REPORTS:
        span = span[:-1]  # "…, Ipsos Poll Finds": the poll's author
    if span.start < 2:
        return None
    before = doc[span.start - 1]
    if verb is None and not _CLOSING_DASH.search(doc[: span.start].text_with_ws):
        return None
    if verb is not None and before.text != ",":
        return None
    return accept(span, SUBJECT, "headline")


def _speech(token: Any) -> bool:
    """A reporting verb, also when a headline capitalises it and the tagger takes it for a name."""
    word = token.lower_
    return token.lemma_.lower() in SPEECH_VERBS or any(
        word.endswith(end) and word[: len(word) - len(end)] in SPEECH_VERBS for end in ("s", "es")
    )
