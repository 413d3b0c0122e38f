"""Headlines that attribute: "WHO Warns: …", "… – WHO", "Oil demand to peak, IEA says",
"…, Gallup Poll Finds", "FAO-WFP report urges …", "…: WHO chief".

A headline is a line without a full stop (ATTRIBUTION_GUIDELINES.md, report-style sources). Its
source opens it before a colon, closes it after a dash, a comma and "says", or a colon and a
title ("WHO chief"), or heads it as the author of a report, poll or study that is the headline's
subject. A link label in front ("ALSO READ:", "READ MORE:") is page furniture, read past.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from rag.attribution.accept import AUTHOR, PERSON, SUBJECT, WEAK, Found, accept
from rag.attribution.institutions import has_org_word, is_acronym
from rag.attribution.spans import name_span
from rag.attribution.words import ROLE_NOUNS, SPEECH_VERBS

_CLOSING_DASH = re.compile(r"\s[–—-]\s*$")
# Verbs by which a title-case headline's opening name claims ("IOM Fears …"; not "IRC Announces …")
_CLAIMING = frozenset("say warn fear see expect predict forecast project estimate".split())
_QUOTED_CLAIM = re.compile(r"[’”\"']\s+[–—-]\s*[A-Z][^’”\"'\s]*(?:\s+[A-Z][^’”\"'\s]*){0,4}\s*$")
_QUOTES = ('"', "“", "'", "‘")
REPORTS = frozenset("poll survey report study analysis data research index review forecast outlook".split())
# Words of a headline that name no author: "New Study Finds …", "Latest Poll Shows …".
TITLE_WORDS = frozenset(
    "the a an as new latest annual global major first final recent big key landmark".split()
)
# Labels that open a line of a page's furniture, not a source: "Disclaimer: …", "Note: …".
LINE_LABELS = frozenset(
    "disclaimer note notes update updated summary warning correction related read more photo "
    "image video tags keywords abstract background methods results conclusion conclusions table "
    "figure question answer editor caption transcript subscribe advertisement sponsored also see "
    "watch listen explainer opinion analysis exclusive breaking live credit credits picture pictures "
    "photograph photographs photographer illustration supplied courtesy".split()
)
_LINK_LABEL = re.compile(
    r"^\W*(?:ALSO READ|READ MORE|READ ALSO|SEE ALSO|RELATED|MORE|WATCH)\s*:\s*", re.IGNORECASE
)


def is_headline(doc: Any) -> bool:
    """A line without a full stop, question or exclamation mark or a colon at its end (inside
    closing quotes too): a title or a heading."""
    text = doc.text.rstrip().rstrip("\"”’'")
    return bool(text) and text[-1] not in ".?!\"”'’:;"


def headline_citations(doc: Any, unclosed: Callable[[Any], Found | None] | None = None) -> list[Found]:
    """Institutions a headline line cites; `unclosed` reads the closing name where `closing` finds none."""
    reported = _reports(doc)
    if doc.text.lstrip()[:1] in _QUOTES:
        # a quotation's words are the speaker's, unless a dash after it names its source:
        # "‘70,000 employees lost their jobs’ – FKE"
        last = closing(doc) if _QUOTED_CLAIM.search(doc.text) else None
        return reported + ([last] if last is not None else [])
    label = _LINK_LABEL.match(doc.text)
    start = 0
    if label is not None:
        start = next((t.i for t in doc if t.idx >= label.end()), len(doc))
    while start < len(doc) - 1 and re.fullmatch(r"\d+[/.-]\d+[/.-]\d+", doc[start].text):
        start += 1  # "7/12/2017 AP-NORC Poll: …": a listing's date before the headline
    if start + 1 < len(doc) and doc[start].lower_ in LINE_LABELS and doc[start + 1].text == ":":
        return reported  # "Credit: Lucas Wroe / Event Photos", "Image: REUTERS/…": a credit, no claim
    last = closing(doc) or (unclosed(doc) if unclosed is not None else None)
    return reported + [f for f in (_opening(doc, start), last) if f is not None]


def labelled_line(doc: Any) -> list[Found]:
    """ "Financial Times: Rivals sought for big five banks.": a short line opened by a name and a
    colon, full stop or not, as a page of press cuttings lists what each outlet reported."""
    if len(doc) > 25 or doc.text.lstrip()[:1] in _QUOTES:
        return []
    found = _opening(doc, 0)
    return [] if found is None else [found]


def _opening(doc: Any, start: int) -> Found | None:
    """ "Newsweek: …", "WHO Warns: …", "Moody's: …": a name opening the line, then a colon (a
    speech verb may sit between). A quotation after the colon is a caption's, handled elsewhere."""
    if start + 1 >= len(doc):
        return None
    first = doc[start] if doc[start].lower_ != "the" else doc[start + 1]
    if not first.text[:1].isupper():
        return None
    span = name_span(first)
    span = _to_colon(span)  # "Merdeka Centre: …", "AP-NORC poll: …"
    colon = next((t.i for t in span if t.text == ":"), None)
    if colon is not None:
        span = doc[span.start : colon]  # "Moody's: Gulf banks …": the name ends at the colon
        if len(span) > 1 and span[-1].text in ("'s", "’s"):
            span = span[:-1]
    if not len(span):
        return None
    if (
        span.text.lower().rstrip("s'’ ") in LINE_LABELS
        or span[0].lower_ in LINE_LABELS
        or span[-1].lower_ in LINE_LABELS
    ):
        return None
    if len(span) > 1 and speech(span[-1]):
        span = span[:-1]  # "UNICEF Warns": the headline's verb, capitalised, is not the name's
    if len(span) > 1 and span[-1].lower_ in REPORTS:
        span = span[:-1]  # "AP-NORC Poll: …", "Cox Automotive Forecast: …": the author
    after = span.end
    if after < len(doc) and (doc[after].text in ("'s", "’s") or doc[after].lower_ in REPORTS):
        after += 1  # "Moody's: Gulf banks pressured by oil", "AP-NORC poll: …"
    if doc[after - 1].lower_ in ("forecast", "outlook") and not (len(span) > 1 or _body_named(span)):
        return None  # "Weather Forecast: …", "Economic Outlook: …": a heading, no author
    described = next((k for k in range(after, min(after + 3, len(doc))) if not doc[k].is_lower), after)
    if described > after and doc[described - 1].lower_ in REPORTS:
        after = described  # "Deloitte holiday survey: …": the survey's words, then its colon
    if after < len(doc) and speech(doc[after]) and doc[after].text[:1].isupper():
        after += 1  # "WHO Warns:"
        claims = doc[after - 1].lower_.rstrip("s") in _CLAIMING and span[-1].lower_ not in REPORTS
        named = is_acronym(span.text) or has_org_word(span.text)
        if claims and named and (after >= len(doc) or doc[after].text != ":"):
            return accept(span, SUBJECT, "headline")  # "UNCTAD Says It's Time to Build Local"
    if after + 1 >= len(doc) or doc[after].text != ":" or doc[after + 1].text in _QUOTES:
        return None
    if all(t.like_num or t.is_punct or t.text in ("%", "per", "cent") for t in doc[after + 1 :]):
        return None  # "BJP: 40%": a row of figures under a label, not a claim
    items = re.split(r"[,;]", doc[after + 1 :].text)
    if len(items) >= 3 and all(len(item.split()) <= 4 for item in items):
        return None  # "Bolton: Jaaskelainen, Hunt, N'Gotty, …": a list under a label, not a claim
    return accept(span, SUBJECT, "headline")


def _body_named(span: Any) -> bool:
    return is_acronym(span.text) or has_org_word(span.text) or span.root.ent_type_ == "ORG"


def _to_colon(span: Any) -> Any:
    """The name the parser cut short of a headline's colon: capitalised words run to the colon
    ("Merdeka Centre:"), and a report noun before it is the name's poll ("AP-NORC poll:")."""
    doc = span.doc
    colon = next((t.i for t in doc[span.start : span.start + 7] if t.text == ":"), None)
    if colon is None or colon <= span.end:
        return span
    words = doc[span.end : colon]
    if words[-1].lower_ in REPORTS:
        words = doc[span.end : colon - 1]
    if all(_name_like(t) or t.text in ("-", "&", "of") for t in words):
        return doc[span.start : words.end] if len(words) else span
    return span


def _named(span: Any) -> bool:
    """ "…: Xeneta": a proper name closing a headline after its colon, not a credit ("Picture: …")."""
    label = span.doc[span.start - 2] if span.start >= 2 else None
    # a single capitalised word may be tagged anything: "…: Chainalysis" is read as a verb
    proper = span.root.tag_ == "NNP" or all(t.is_title and t.is_alpha for t in span)  # "Munich Re" (NN)
    proper = proper and span[-1].lower_ not in REPORTS  # "…: Data" names no one
    return proper and label is not None and label.lower_ not in LINE_LABELS | {"source"}


def _label(token: Any) -> str:
    """The last word of a token, lower-cased: the tokenizer keeps "Islands.(Supplied" whole."""
    words = re.findall(r"[^\W\d_]+", token.text)
    return words[-1].lower() if words else ""


def _name_like(token: Any) -> bool:
    """A capitalised word of a name, not a label ("Story Source:") or a shouted word ("BRIEFING")."""
    text = token.text
    shouted = text.isupper() and len(text) > 5
    return (
        text[:1].isupper()
        and token.pos_ == "PROPN"  # not "Subs Not Used:"
        and not shouted
        and token.lower_ not in LINE_LABELS | {"source", "sources"}
    )


def closing(doc: Any) -> Found | None:
    """ "… – WHO", "…, IEA says", "…, says UN economist", "…: WHO chief": the claim first, its
    source last."""
    tokens = [t for t in doc if not t.is_punct or t.text in ("–", "—", "-")]
    if len(tokens) < 4:
        return None
    last, titled = tokens[-1], False
    if last.is_lower and last.lemma_.lower() in ROLE_NOUNS and last.i >= 2:
        last, titled = doc[last.i - 1], True  # "…: WHO chief", "…, says UN economist"
    verb = None
    if speech(last) and last.i >= 2:
        verb, last = last, doc[last.i - 1]  # "…, IEA says"
    if not last.text[:1].isupper():
        return None
    span = name_span(last)
    while (
        span.start > 1
        and span.start > last.i - 3
        and _name_like(doc[span.start - 1])
        and not speech(doc[span.start - 1])
    ):
        span = doc[span.start - 1 : span.end]  # "…: Hannover Re": the parse left the name's first word out
    if verb is not None and span.end > verb.i:
        span = doc[span.start : verb.i]  # "…, Scripps Reports": the verb, capitalised, is not the name's
    if titled and span.end != last.i + 1:
        return None
    if len(span) > 1 and span[-1].lower_ in REPORTS:
        span = span[:-1]  # "…, Ipsos Poll Finds": the poll's author
    if span.start < 2 or span[0].lower_ in TITLE_WORDS:
        return None
    before = doc[span.start - 1]
    if (
        speech(before)
        and span.start >= 2
        and (doc[span.start - 2].text in (",", "–", "—", "-") or is_acronym(span.text))
    ):
        return accept(
            span, SUBJECT, "headline"
        )  # "…, says UN economist", "… – Says CDD Survey", "… says TUC"
    if (
        before.text == ":"
        and verb is None
        and _label(doc[span.start - 2]) not in LINE_LABELS  # "Islands.(Supplied: James Cook University)"
        and (titled or is_acronym(span.text) or span.root.ent_type_ == "ORG" or _named(span))
    ):
        item = accept(span, SUBJECT, "headline")  # "…: WHO chief", "Tobacco use shrinking: WHO", "…: Xeneta"
        # a name closing a headline after its colon is its source unless the text shows a person
        # ("…: Nielsen", labelled a person by the model)
        return replace(item, evidence=WEAK) if item is not None and item.evidence == PERSON else item
    if verb is None and not _CLOSING_DASH.search(doc[: span.start].text_with_ws):
        return None
    if verb is not None and before.text not in (",", "–", "—", "-"):
        return None  # "…, IEA says", "… — Swiss Re estimate"
    return accept(span, SUBJECT, "headline")


def _reports(doc: Any) -> list[Found]:
    """ "…, Gallup Poll Finds", "FAO-WFP report urges …", "Unesco report places …": a headline's
    report, poll or study with a verb of its own, after the name of its author."""
    found = []
    for noun in doc[1:-1]:
        verb = doc[noun.i + 1]
        if noun.lower_ not in REPORTS or not (speech(verb) or verb.tag_ == "VBZ" or _third_person(verb)):
            continue
        if verb.lower_ == noun.lower_ or verb.is_punct or verb.pos_ == "AUX":
            continue  # "The ODPM data is a lagging indicator": a description, not a finding
        start = noun.i
        while start > 0 and noun.i - start < 5 and _name_word(doc, start - 1):
            start -= 1
        while start < noun.i and doc[start].lower_ in TITLE_WORDS:
            start += 1  # "New Study Finds ...": no author named
        if start == noun.i or not (
            start == 0 or doc[start - 1].is_punct or doc[start - 1].lower_ in TITLE_WORDS
        ):
            continue
        for part in _joined(doc[start : noun.i]):
            cited = accept(part, AUTHOR, "headline")
            if cited is not None:
                found.append(cited)
    return found


def _name_word(doc: Any, i: int) -> bool:
    """A capitalised word of a name, or the hyphen of "FAO-WFP" between two of them."""
    if doc[i].text == "-":
        return 0 < i < len(doc) - 1 and doc[i - 1].text[:1].isupper() and doc[i + 1].text[:1].isupper()
    return doc[i].text[:1].isupper() and not doc[i].is_punct


def _joined(span: Any) -> list[Any]:
    """ "FAO-WFP": two bodies' acronyms joined by a hyphen are two authors."""
    if len(span) == 3 and span[1].text == "-" and span[0].text.isupper() and span[2].text.isupper():
        return [span[0:1], span[2:3]]
    return [span]


def _third_person(token: Any) -> bool:
    """ "places", "urges": a verb ending in -s, which a title-case headline may tag a noun."""
    return (
        token.lower_.endswith("s")
        and not token.lower_.endswith("ss")
        and token.tag_ in ("NNS", "NNPS", "VBZ")
    )


def speech(token: Any) -> bool:
    """A reporting verb, also when a headline capitalises it and the tagger takes it for a name."""
    word = token.lower_
    return token.lemma_.lower() in SPEECH_VERBS or any(
        word.endswith(end) and word[: len(word) - len(end)] in SPEECH_VERBS for end in ("s", "es")
    )
