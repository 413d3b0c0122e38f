"""Words a candidate name ran into, cut before the name is judged: a dateline, a place or a
title around the body, a descriptor before it, a weekday after it (`accept.accept`)."""

from __future__ import annotations

import re
from typing import Any

from rag.attribution.datelines import dateline_end
from rag.attribution.institutions import has_org_word, is_acronym, is_place
from rag.attribution.words import HEADS, REPORT_NOUNS, ROLE_NOUNS

_WEEKDAY = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day")
# A body's document after its name: "World Bank Data", "World Travel and Tourism Council Report".
_DOCUMENT = frozenset(
    "Report Data Survey Study Outlook Index Poll Analysis Forecast Forecasts Bulletin Database "
    "Databases Prospects".split()
)
_YEAR = re.compile(r"(?:19|20)\d\d")
# The last word of a report's title, never of a body's name ("Review" and "Monitor" name papers).
_TITLE_ENDS = frozenset(
    "Report Outlook Index Predictions Supplement Tracker Barometer Assessment Update Yearbook "
    "Scoreboard".split()
)
_CAMEL = re.compile(r"[A-Z][a-z]+[A-Z]")  # "ManpowerGroup": a company's spelling
_POSSESSIVES = ("'s", "’s", "'", "’")


# Heads of a body's or a sub-unit's name: a director of one speaks for it ("Director of the
# Department of …"), unlike a head of a field ("Head of Financial Services Advisory at KPMG")
_UNIT_HEADS = HEADS | {"school", "unit", "directorate"}
# Words that end a job title and never a body's name (not "Asset Management", "Hollywood Reporter")
_JOBS = frozenset(
    "manager director chairperson chairman chairwoman president officer analyst economist strategist "
    "adviser advisor coordinator superintendent researcher scientist".split()
)
_DEGREES = frozenset("MD PhD MBA MPH OBE CBE MBE KC FRS DPhil MSc BSc".split())
# Ranks that open a capitalised job title: ROLE_ADJECTIVES less its quantifiers ("All England Club")
_RANKS = frozenset("senior chief deputy acting interim assistant managing principal lead".split())
_OFFICERS = frozenset("CEO CFO COO CTO CIO CMO CSO CRO VP SVP EVP".split())  # written in capitals
# Words of a title or a portfolio, never a firm's name: "Deputy Prime", "Vice", "Foreign".
_TITLE_LIKE = _RANKS | ROLE_NOUNS | {"prime", "vice", "foreign", "general", "executive", "former", "state"}


def in_role(span: Any) -> bool:
    """The span opens with a role's word ("Senior Analyst at Danske Bank"; not "Reporters Without
    Borders") or follows one ("Senior Research Manager"): a job title written in capitals, not a
    body ("Director of Ember" is one)."""
    before = span.doc[span.start - 1] if span.start > 0 else None
    if any(is_acronym(t.text) for t in span):
        return False
    if _between_role_words(span) or _listed_field(span):
        return True  # "Senior Research Manager", "Data Group Manager at", "Head of X at KPMG"
    if has_org_word(span.text):
        return False
    if _field_of_role(span):
        return True
    if len(span) > 1 and span[-1].is_title and span[-1].lower_ in _JOBS:
        return True  # "Country Manager", "National Chairperson": a job title, capitalised
    return ((span[0].lower_ in _RANKS or span[0].lower_ in ROLE_NOUNS) and span[0].is_title) or (
        before is not None and before.is_title and before.lemma_.lower() in ROLE_NOUNS | _RANKS
    )


def firm_before(span: Any) -> bool:
    """ "Microsoft Chairman Bill Gates": a firm the model names before a firm's officer; or a name
    the model does not know before a leader's title and a person ("Toho President Yoshishige
    Shimatani"; not "Deputy Prime Minister", whose words are a title's)."""
    doc, after = span.doc, span.doc[span.end].lower_
    if after not in ("chairman", "president", "chief", "director"):
        return False
    person = span.end + 1 < len(doc) and doc[span.end + 1].ent_type_ == "PERSON"
    # the model labels an unknown name anything: "Kadokawa President Takeshi Natsuno", a person
    plain = all(
        t.is_title and t.ent_type_ in ("", "ORG", "PERSON") and t.lower_ not in _TITLE_LIKE for t in span
    )
    return span.root.ent_type_ == "ORG" or (person and plain)


def _field_of_role(span: Any) -> bool:
    """ "Nikhil Reddy, Banking and Payments Analyst at GlobalData": the field of a capitalised role
    that the next words tie to a body."""
    doc, i = span.doc, span.end
    while i < min(len(doc), span.end + 3) and (doc[i].lower_ in ("and", "&") or doc[i].is_title):
        if doc[i].lemma_.lower() in ROLE_NOUNS and doc[i].is_title:
            return i + 1 < len(doc) and doc[i + 1].lower_ in ("at", "of", "for", "with")
        i += 1
    return False


def _titled_role(token: Any) -> bool:
    return token.is_title and token.lemma_.lower() in ROLE_NOUNS | _RANKS


def _between_role_words(span: Any) -> bool:
    """A field or unit inside a capitalised job title, whatever its words: a rank or role before
    and a role after ("Senior Credit Research Analyst"), a role after and the employer next ("Data
    Group Manager at Check Point"), or "Head of" before and the employer after ("Head of Financial
    Services Advisory at KPMG", "ANZ Head of Australian Economics")."""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    before = doc[span.start - 1] if span.start > 0 else None
    if after is not None and _titled_role(after):
        link = doc[span.end + 1].lower_ if span.end + 1 < len(doc) else ""
        # "Data Group Manager at Check Point"; "Taurus Securities Head of Research" heads a field
        employer = link in ("at", "for", "with") or (link == "of" and after.lower_ != "head")
        # "Chief Treasury Secretary": a body's own head word makes the body, not a field
        body = any(t.lower_ in HEADS for t in span)
        return employer or (before is not None and _titled_role(before) and not body)
    if before is None or before.lower_ not in ("of", "for") or span.start < 2:
        return False
    role = doc[span.start - 2]
    if not (
        role.lemma_.lower() in ROLE_NOUNS
        and (role.is_title or doc[span.start - 3 : span.start - 2].text.lower() == "chief")
    ):
        return False
    if any(t.lower_ in _UNIT_HEADS for t in span):
        return False  # "Director of the Department of Nutrition": a sub-unit, which speaks
    # "… at KPMG"; not "Advisor for Unicef in New York", where the body follows the role
    at = (
        after is not None
        and after.lower_ == "at"
        and span.end + 1 < len(doc)
        and doc[span.end + 1].text[:1].isupper()
    )
    owner = doc[span.start - 3] if span.start >= 3 else None  # "ANZ Head of …", "Rystad's Head of …"
    if owner is not None and owner.text in _POSSESSIVES and span.start >= 4:
        return at or doc[span.start - 4].pos_ == "PROPN"
    return at or (owner is not None and is_acronym(owner.text))


def _listed_field(span: Any) -> bool:
    """ "Partner and Head, Technology, Media, and Telecom, KPMG in India, said", "Director, Modeling
    and Analytics, Equifax Canada": fields listed after a role, before the employer that closes
    the list (the last name, followed by no further name, is the employer)."""
    doc = span.doc
    after = doc[span.end + 1] if span.end + 1 < len(doc) else None
    if after is None or doc[span.end].text != "," or not (after.text[:1].isupper() or after.lower_ == "and"):
        return False
    if is_place(after.text) or after.ent_type_ in ("PERSON", "GPE"):
        return False  # "Acme Corp, London", "vice president of Faconauto, Marta Blázquez": the employer
    i = span.start - 1
    while i >= 0 and i >= span.start - 9:
        token = doc[i]
        if token.lemma_.lower() in ROLE_NOUNS and (token.is_title or doc[i + 1].lower_ in ("of", "for")):
            return True
        if not (token.text in (",", "and", "&", "of", "for") or token.text[:1].isupper()):
            return False
        i -= 1
    return False


def _degree(span: Any) -> bool:
    """ "Andrea Ammon, MD, director of the ECDC", "a PhD candidate": a degree, not a body; "MBA"
    only when a comma sets it off after a name ("MBA chief executive Denita Wawn" is Master
    Builders Australia)."""
    before = span.doc[span.start - 1].text if span.start > 0 else ""
    return span.text in _DEGREES and (span.text != "MBA" or before == ",")


def refused(span: Any) -> bool:
    """A place in a wire dateline ("KUALA LUMPUR, June 13 — ..."), people named by their
    nationality ("African Americans reporting high levels of stress"), or a report's title."""
    if span.start_char < dateline_end(span.doc) or _report_title(span) or _degree(span):
        return True  # "said Andrea Ammon, MD, director of the ECDC": a degree after a name
    doc = span.doc
    if span.start == 0 and len(span) == 1 and span[0].lower_.endswith("ing") and doc[1:2].text == ",":
        return True  # "Commenting, Fhaheen Khan … said": the sentence's opening participle
    last = span[-1]
    return last.ent_type_ == "NORP" and last.text.endswith("ans") and not has_org_word(span.text)


def recut(span: Any) -> Any | None:
    """The part of the span that names the body, when words around it are not the name's."""
    doc = span.doc
    owner = next((t.i for t in span[:-1] if t.text in _POSSESSIVES and t.i > span.start), None)
    if owner is not None:
        before, after = doc[span.start : owner], doc[owner + 1 : span.end]
        if all(t.ent_type_ == "GPE" or is_place(t.text) for t in before):
            return after  # "London's Natural History Museum"
        if _owned_title(before, after):
            # "Euromonitor International's Global Economic Forecasts", "the UN's Sustainable
            # Development Goal No. 16": a publication or programme the body owns
            return before
    if len(span) > 1 and span[0].is_lower and span[0].is_alpha:
        return span[1:]  # "the Indian federal bank Reserve Bank of India"
    if len(span) > 1 and span[-1].text in _OFFICERS:
        return span[:-1]  # "according to Xeneta CEO Patrik Berglund": the firm, then its officer
    if len(span) > 1 and span[0].lower_ in ROLE_NOUNS and span[0].is_title and _a_body(span[1:]):
        return span[1:]  # "According to Ashish Pherwani, Partner EY": the role, then the body
    if (
        len(span) > 1
        and span[0].text in ("New", "Latest")
        and (is_acronym(span[1].text) or _CAMEL.match(span[1].text))
    ):
        return span[1:]  # "New YouGov poll: …": a headline's adjective, not "New York Times"
    if (
        len(span) > 2
        and is_acronym(span[0].text)
        and (_YEAR.fullmatch(span[-1].text) or _spaced_dash(span[1]))
    ):
        # "OECD Health Data 2016", "EMF - Hypostat 2022": the body, then its dataset's title
        return span[:1]
    if len(span) > 2 and is_acronym(span[-1].text) and _initials(span[:-1], span[-1].text):
        return span[:-1]  # "the Dutch Central Bureau of Statistics CBS announced": its acronym after it
    if len(span) > 1 and span[-1].text in _DOCUMENT and _a_body(span[:-1]):
        return span[:-1]  # "based on World Bank Data": the body whose document it is
    if (
        len(span) > 2
        and span[-1].text in _DOCUMENT
        and (is_acronym(span[0].text) or _CAMEL.match(span[0].text))
    ):
        return span[:1]  # "the latest UNODC World Drug Report", "ManpowerGroup Employment Outlook Survey"
    if len(span) > 1 and _WEEKDAY.fullmatch(span[-1].text):
        end = len(span) - 1
        while end > 1 and span[end - 1].is_lower:
            end -= 1  # "The World Bank on Monday maintained"
        return span[:end]  # "the Bank of Canada Wednesday said"
    return None


def _report_title(span: Any) -> bool:
    """ "The African Trade Report estimates", "TMT Predictions highlights": a report's title,
    which speaks for its authors but is none of them; not when `recut` finds the body in it
    ("World Bank Data", "the UNODC World Drug Report", "X's Global Outlook"); a dated title that
    names no body ("Atlas of Violence 2020", "Freelancing in America 2018")."""
    if len(span) > 1 and _YEAR.fullmatch(span[-1].text) and span[0].text[:1].isupper():
        return not (has_org_word(span.text) or any(is_acronym(t.text) or _CAMEL.match(t.text) for t in span))
    if len(span) < 2 or span[-1].text not in _TITLE_ENDS or any(t.text in _POSSESSIVES for t in span):
        return False
    if span.start and span.doc[span.start - 1].lower_ in ("of", "at", "for"):
        return False  # "the editor in chief of Microprocessor Report": a publication, an outlet
    return not (_a_body(span[:-1]) or is_acronym(span[0].text) or _CAMEL.match(span[0].text))


def _spaced_dash(word: Any) -> bool:
    """A dash between spaces, "EMF - Hypostat", not the hyphen of a name ("WRAZ-TV", "ASK-Raymond")."""
    return word.text in ("-", "–", "—") and bool(word.whitespace_) and bool(word.doc[word.i - 1].whitespace_)


def _initials(words: Any, acronym: str) -> bool:
    """The acronym's letters are initials of the words before it, in order ("Dutch Central Bureau
    of Statistics" and "CBS", from the Dutch name)."""
    initials = iter(t.text[0] for t in words if t.text[:1].isupper())
    return all(letter in initials for letter in acronym.replace(".", "").replace("&", ""))


def _a_body(span: Any) -> bool:
    """A body by its form: an acronym, or a name ending in an organisation's word ("Council")."""
    return is_acronym(span.text) or (len(span) > 1 and has_org_word(span[-1].text))


def verb_reading(word: Any) -> bool:
    """ "estimates published by INSEE show growth": "show" as a verb, not "the Paris show"."""
    after = word.doc[word.i + 1] if word.i + 1 < len(word.doc) else None
    return word.pos_ == "VERB" or (
        word.is_lower and after is not None and after.pos_ in ("DET", "NUM", "NOUN", "ADJ", "PRON", "SCONJ")
    )


def _owned_title(owner: Any, owned: Any) -> bool:
    """ "X's Y" names a title X owns when X is a body by its form and Y is no body's name, or Y
    ends in a report's noun ("Deloitte's Annual Survey"); "Moody's Investors Service" stays whole."""
    if not len(owner) or not len(owned) or not owned[0].text[:1].isupper() or has_org_word(owned.text):
        return False
    titled = owned[-1].lemma_.lower() in REPORT_NOUNS or owned[-1].lower_ in ("goal", "goals", "no")
    return titled or is_acronym(owner.text) or has_org_word(owner.text)
