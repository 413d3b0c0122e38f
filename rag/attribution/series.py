"""A series' title found as its author gives way to its owner: written before it with a
possessive (in the sentence, `titled_owner`), or opening the title (in the document, `series_owner`).

"IRENA's Renewable Energy Capacity Statistics 2017 report", "NatCen's British Social Attitudes
survey": the owner before the possessive is the source, unless the possessive is part of a body's
own name ("Lloyd's Register", "the Children's Society report").

"according to the Ofcom Media Nations report", "the Experian Consumer Default Index shows", "the
2018 Mercer European Asset Allocation Survey said": the title of a report, index or survey often
opens with its owner's name, without a possessive. The owner is the longest opening part of the
title that the document also writes on its own, mid-sentence ("Ofcom said", "Mercer and CFA
Institute"), or that ends in an organisation's head noun ("Fairleigh Dickinson University Poll").
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from rag.attribution.accept import AUTHOR, Found, accept
from rag.attribution.institutions import has_org_word, is_acronym, is_place
from rag.attribution.lexicon import is_common
from rag.attribution.names import NATIONALITY, is_name
from rag.attribution.spans import name_span
from rag.attribution.words import HEADS, REPORT_NOUNS, ROLE_NOUNS

# Last words of a series' title ("Consumer Default Index", "Military Expenditure Database").
_TITLE_ENDS = frozenset(
    "Index Survey Database Report Barometer Outlook Poll Study Tracker Monitor Indicator".split()
)
_COINED_ENDS = _TITLE_ENDS | {"Scorecard", "Snapshot", "Forecast", "Ranking", "Scoreboard"}
# Series a body publishes under a title, after its owner's possessive ("Edelman's Trust Barometer")
_TITLES = REPORT_NOUNS | {"barometer", "tracker", "monitor", "indicator"}
_YEAR = re.compile(r"(?:19|20)\d\d")


_POSSESSED = re.compile(r"^(.+?)['’]s\s+([A-Z].*)$")


def series_owner(found: Found, sentence: str, text: str) -> Found:
    """The owner opening a series' title found as a source, else the name as found."""
    owned = _POSSESSED.match(found.name)
    if owned:
        # "GeoPoll’s Media Measurement Service", "PwC’s Entertainment and Media": a possessive
        # whose owner the document also writes on its own ("GeoPoll also took …"), a unit or a
        # product of it; not "Lloyd's Register", whose "Lloyd" stands alone nowhere
        owner = owned.group(1)
        if re.search(rf"(?:[a-z,;.:]\s+|\()(?:the\s+)?{re.escape(owner)}\b(?!['’])", text):
            return replace(found, name=owner, end=found.start + len(owner))
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
    if len(words) < 2 or not (titled or words[-1] in _COINED_ENDS):
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
    return _coined_owner(found, words) if words[-1] in _COINED_ENDS else found


def _coined_owner(found: Found, words: list[str]) -> Found:
    """ "the Experian Consumer Default Index", "IOM DTM Weekly Displacement Snapshot": a title of
    English words opened by names that are none (a firm's coined name, acronyms) is its owner's."""
    k = 0
    while k < len(words) and not is_common(words[k]) and words[k][:1].isupper():
        k += 1
    prefix = " ".join(words[:k])
    if k == 0 or k == len(words) or not all(is_common(w) for w in words[k:]):
        return found
    if is_place(prefix) or NATIONALITY.search(prefix):
        return found
    start = found.start + found.name.index(words[0])
    return replace(found, name=prefix, start=start, end=start + len(prefix))


def titled_owner(doc: Any, found: Found) -> Found:
    """A report's title found as its author ("Renewable Energy Capacity Statistics" in "IRENA's
    Renewable Energy Capacity Statistics 2017 report") gives way to the owner written before it."""
    span = doc.char_span(found.start, found.end, alignment_mode="expand")
    if span is not None and span.start >= 2 and _YEAR.fullmatch(doc[span.start - 1].text):
        owner, after = doc[span.start - 2], doc[span.end : span.end + 3]
        if (
            is_name(owner)
            and owner.text[:1].isupper()
            and any(t.lemma_.lower() in REPORT_NOUNS for t in after)
        ):
            # "A Chainalysis 2022 Global Crypto Adoption report has revealed": the owner, its year, the title
            return accept(name_span(owner), AUTHOR, found.cue) or found
    if span is not None and len(span) > 2:
        mark = _inner_owner(span)
        if mark is not None:
            cited = accept(doc[span.start : mark.i], AUTHOR, found.cue)
            return cited if cited is not None else found
    if span is None or span.start < 2 or doc[span.start - 1].dep_ != "case":
        return found
    after = doc[span.end : span.end + 3]
    if not any(t.lemma_.lower() in REPORT_NOUNS for t in after):
        return found
    owner = doc[span.start - 2]
    if not owner.text[:1].isupper():
        return found
    if not _title(span):  # "the Children's Society report": the possessive is the body's own
        whole = accept(doc[name_span(owner).start : span.end], AUTHOR, found.cue)
        return whole if whole is not None else found
    cited = accept(name_span(owner), AUTHOR, found.cue)
    return cited if cited is not None else found


def _inner_owner(span: Any) -> Any:
    """ "NatCen's British Social Attitudes survey", "Edelman's Trust Barometer": a name found with
    its owner's possessive inside names the owner's titled series; the owner is the source."""
    doc = span.doc
    marks = [t for t in span[1:-1] if t.dep_ == "case" and t.head.i == t.i - 1 and t.head.tag_ == "NNP"]
    last = doc[span.end] if span.end < len(doc) else span[-1]
    titled = any(t.lemma_.lower() in _TITLES for t in (span[-1], last))
    if not (marks and titled):
        return None
    return marks[0] if _title(doc[marks[0].i + 1 : span.end]) else None


def _title(rest: Any) -> bool:
    """The words after a possessive title a series ("Trust Barometer"); one word or an
    organisation's word makes the possessive part of a body's own name ("Lloyd's Register",
    "Women's Aid", "the Children's Society", "Sainsbury's Bank")."""
    return len(rest) > 1 and rest[0].text[:1].isupper() and not has_org_word(rest[-1].text)


def inside_title(doc: Any, found: Found) -> bool:
    """ "The 2016 Annual Status of Education Report released on Wednesday says": the parse cuts a
    report's title at "of" into names ("Annual Status", "Education", "Report"); a part of a title
    that ends in a report's word and holds a preposition names no body."""
    span = doc.char_span(found.start, found.end, alignment_mode="expand")
    if span is None or is_acronym(found.name) or has_org_word(found.name):
        return False
    start, end = span.start, span.end
    while start > 0 and _title_word(doc[start - 1]):
        start -= 1
    while end < len(doc) and _title_word(doc[end]):
        end += 1
    while end > span.end and not doc[end - 1].text[:1].isupper():
        end -= 1
    while start < span.start and not doc[start].text[:1].isupper():
        start += 1  # "editor of Microprocessor Report": the title starts at a capital
    run = doc[start:end]
    return (
        run[-1].text in _TITLE_ENDS
        and (run.start, run.end) != (span.start, span.end)
        and any(t.lower_ in ("of", "on", "for") for t in run)
    )


def _title_word(token: Any) -> bool:
    return (token.text[:1].isupper() and token.is_alpha) or token.lower_ in ("of", "on", "for", "and", "the")


def appositive_title(appos: Any) -> bool:
    """ "The report, Education at a Glance, found": a name set off after a document noun, with no
    word of a body's name in it, is the document's title, not its author."""
    doc, first = appos.doc, appos.left_edge.i
    if first == 0 or doc[first - 1].text not in (",", "“", '"', "‘"):
        return False
    words = doc[first : appos.right_edge.i + 1].text
    return not has_org_word(words) and not any(is_acronym(w) for w in words.split())


# Last words that make a name a document's: "Crime Survey for England and Wales", "Economic Survey"
_DOCUMENT_ENDS = _COINED_ENDS | {"Study", "Census", "Review", "Check", "Assessment", "Update", "Bulletin"}


def is_document(name: str, cue: str, before: str) -> bool:
    """ "The CSEW suggests" beside "Crime Survey for England and Wales (CSEW)": a title the
    sentence makes its speaker, with no body's word in it and no owner found, names no body; one
    that has an author's or a staff's place is a body ("a study by the British Antarctic Survey",
    "the editor in chief of Microprocessor Report")."""
    words = name.split()
    heads = [w for w, after in zip(words, [*words[1:], ""], strict=True) if after in ("", "for", "of", "on")]
    if not any(w in _DOCUMENT_ENDS for w in heads) or has_org_word(name) or " by" in cue:
        return False
    role = re.search(r"\b([a-z]+)(?: in chief)? (?:of|at|for) (?:the )?$", before)
    return role is None or role.group(1) not in ROLE_NOUNS
