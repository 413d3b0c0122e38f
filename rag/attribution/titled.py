"""A named speaker's body read from the words around the name, whatever the parse made of them.

"INMO General Secretary, Phil Ni Sheaghdha said:", "RBI Governor Shaktikanta Das said",
"Danielle Jefferies, Senior Analyst at The King's Fund, said:" and "said Noaman Khaled, an
economist with NBK" tie a person to a body by a title, next to a reporting verb; the body is the
source (ATTRIBUTION_GUIDELINES.md, spokespeople). The small model often parses such runs of
capitals wrongly ("INMO" a verb, the title hung on the first name, the person labelled an
organisation), so the tie is read in word order: a person (labelled, or two or three capitalised
words after a title or set off by commas), a reporting verb right before or after the phrase,
and a title with a role noun between the body and the person. The parse's reading stands where
it found a name at that place (`with_titled_speakers`). `titled_person` reads the same tie for a
subject the parse did find, when a hyphenated title breaks it ("IRENA director-general X said").
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Any

from rag.attribution.accept import AUTHOR, STRONG, SUBJECT, Found, accept
from rag.attribution.institutions import has_org_word, is_acronym
from rag.attribution.names import is_name
from rag.attribution.spans import name_span
from rag.attribution.titles import (
    INSIDE,
    TITLE_SET,
    TITLE_WORDS,
    WINDOW,
    capital,
    is_verb,
    persons,
    skip_back,
    title_start,
    verb_at,
)
from rag.attribution.words import ROLE_NOUNS

_GLUED = TITLE_SET | {"regional"}  # "AfDB Regional Representative"
_LINKS = frozenset({"at", "with", "of", "from"})  # not "director for Asia"
# Titles named after a portfolio: "minister of Finance", "Secretary of State"
_PORTFOLIOS = frozenset({"minister", "secretary", "ministers", "secretaries"})
# Fields of work that open a title: "Group Chief Executive", "Research Manager"
_FIELDS = frozenset("group team research marketing sales product communications policy practice".split())
# Titles that lead a body, before which a plain name is the body's ("Rengo President")
_LEADERS = frozenset(
    "president chairman chairwoman chair ceo director head founder spokesman spokeswoman".split()
)
# What a title covers, written in capitals before it: "Country Manager", "Regional Director".
_SCOPES = frozenset("country regional area district national global international local".split())


def titled_person(subject: Any, cue: str) -> list[Found]:
    """ "IRENA director-general Francesco La Camera said": a person whose title, written before the
    name, opens with the body; read from the words when a hyphenated title breaks the parse."""
    if not is_name(subject):
        return []
    doc, at = subject.doc, name_span(subject).start - 1
    roles = 0
    # lower-case title words: "Economics Minister Aburizal Bakrie" is a capitalised title
    while at >= 0 and ((doc[at].lower_ in TITLE_WORDS and doc[at].is_lower) or doc[at].text in ("-", "–")):
        roles += doc[at].lower_ in ROLE_NOUNS
        at -= 1
    if not roles or at < 0 or not is_name(doc[at]):
        return []
    body = name_span(doc[at])
    if body.end != at + 1 or not (is_acronym(body.text) or has_org_word(body.text)):
        return []  # "German Economy minister Wolfgang Clement": a portfolio, not a body
    item = accept(body, SUBJECT, cue)
    return [] if item is None else [replace(item, evidence=STRONG)]


def with_titled_speakers(doc: Any, found: list[Found]) -> list[Found]:
    """The parse's findings, and a titled speaker's body where the parse found no name there (it
    knows "Justice Minister" and "Shadow chancellor" better than a run of capitals does) or
    found the body with a title word glued on ("SEEK Senior" of "SEEK Senior Economist")."""
    out = list(found)
    for item in titled_speakers(doc):
        glued = [f for f in out if f.start == item.start and _title_words(f.name[len(item.name) :])]
        # "said X, senior economist, Cox Automotive": the title settles what the parse left to the text
        out = [replace(f, evidence=STRONG) if (f.start, f.end) == (item.start, item.end) else f for f in out]
        if glued:
            out = [f for f in out if f not in glued] + [item]
        elif not any(f.start < item.end and item.start < f.end for f in out):
            out.append(item)
    return out


def _title_words(rest: str) -> bool:
    """ " Senior", " Regional Representative": only title words after the body's name."""
    words = rest.split()
    return bool(words) and not rest[:1].isalnum() and all(w.lower() in _GLUED for w in words)


def titled_speakers(doc: Any) -> list[Found]:
    """Bodies of persons whose title and body stand next to the name and a reporting verb."""
    found: list[Found] = []
    if not any(is_verb(t) for t in doc):
        return found  # most parsed sentences have no speaker's verb: no names to read
    for person in persons(doc):
        start = title_start(doc, person.start)
        apposition = _apposition(doc, person.end)
        after = apposition[1] if apposition else person.end
        verb = verb_at(doc, person.end) or verb_at(doc, after) or verb_at(doc, skip_back(doc, start) - 1)
        verb = verb or (_later_verb(doc, after) if apposition else None)
        if verb is None:
            continue
        if start < person.start:
            found += _titled(doc, start, person.start, verb)
        if apposition:
            found += _affiliated(doc, person.end + 1, apposition[0], verb) or _comma_employer(
                doc, person.end + 1, apposition[0], verb
            )
    return found


def _titled(doc: Any, start: int, end: int, verb: Any) -> list[Found]:
    """ "APJII Secretary General" before the name: the words before the first title word are the
    body, when a role noun follows them and they look like a body's name."""
    words = list(doc[start:end])
    first = next((k for k, t in enumerate(words) if t.lower_ in TITLE_SET), None)
    if first is None or not any(t.lower_ in ROLE_NOUNS for t in words[first:]):
        return []
    # "In London, Acme Chief Executive": the body follows the last comma before the title
    opening = max((k + 1 for k, t in enumerate(words[:first]) if t.text == ","), default=0)
    if opening >= first:
        return _title_first(doc, words[first:], verb)
    last = first - 1
    if last > opening and words[last].lower_ in _FIELDS:
        last -= 1  # "ESR Group Leader", "Canalys Research Manager": the field is the title's
    run = words[opening : last + 1]
    # "Standard Chartered's global head": the body's name ends at the first word in lower case
    cut = next((k for k, t in enumerate(run) if not (capital(t) or t.lower_ in INSIDE)), len(run))
    while cut > 0 and run[cut - 1].lower_ in INSIDE:
        cut -= 1
    # "But BBC correspondent": a sentence's opener is no part of the name
    lead = next((k for k, t in enumerate(run[:cut]) if not t.is_stop or t.is_upper or t.like_num), cut)
    portfolio = any(t.lower_ in _PORTFOLIOS for t in words[first:])
    if lead == cut or (portfolio and not is_acronym(run[lead].text)):
        return []  # "International Development Minister": a portfolio; not "UN Secretary-General"
    body = doc[run[lead].i : run[cut - 1].i + 1]
    if len(body) > 1 and is_acronym(body[0].text) and not has_org_word(body[1:].text):
        body = body[:1]  # "AfDB Regional Representative": the acronym is the body
    if _placed(body) or all(t.lower_ in _SCOPES for t in body):
        return []  # "Chinese Foreign Minister", "National Statistician": no body
    if not (_body_like(body) or (_plain_name(body) and _titles_a_body(body, words[first:]))):
        return []  # "Rengo President Rikio Kozu": a plain name before a leader's title is a body
    return _found(body, verb)


def _body_like(span: Any) -> bool:
    return is_acronym(span.text) or has_org_word(span.text) or any(t.ent_type_ == "ORG" for t in span)


def _plain_name(span: Any) -> bool:
    """Capitalised words the model gives no label, or an organisation's; inside a sentence the
    model may tag an unknown name a noun ("Toho President …")."""
    inside = span.start > 0 and not span.doc[span.start - 1].is_sent_start
    tagged = all(t.pos_ == "PROPN" or (t.pos_ == "NOUN" and t.is_title and inside) for t in span)
    labels = ("", "ORG", "PRODUCT", "PERSON") if len(span) == 1 else ("", "ORG", "PRODUCT")  # "Kadokawa"
    return tagged and all(t.ent_type_ in labels for t in span)


def _titles_a_body(body: Any, title: list[Any]) -> bool:
    """ "President", "Senior Analyst": a leader's title, or any title written in capitals as a
    firm writes its staff's ("Ampere Senior Analyst Toby Holleran"); "Treasury analyst" is not,
    nor is a title's scope ("Country Manager")."""
    if any(t.lower_ in _LEADERS for t in title):
        return True
    return all(t.is_title for t in title if t.is_alpha) and not any(t.lower_ in _SCOPES for t in body)


def _title_first(doc: Any, title: list[Any], verb: Any) -> list[Found]:
    """ "Founder of KRSD, Hon. Justice X, said": the title first, then its body after "of" or "at"."""
    link = next((k for k, t in enumerate(title) if t.lower_ in ("of", "at")), None)
    if link is None or link == 0 or not all(t.lower_ in TITLE_SET for t in title[:link]):
        return []
    body = list(itertools.takewhile(lambda t: capital(t) or t.lower_ in INSIDE, title[link + 1 :]))
    while body and (body[-1].lower_ in INSIDE or not capital(body[-1])):
        body.pop()
    while body and body[0].lower_ == "the":
        body.pop(0)
    if not body or any(t.lower_ in _PORTFOLIOS for t in title[:link]):
        return []
    span = doc[body[0].i : body[-1].i + 1]
    return [] if _placed(span) or not _body_like(span) else _found(span, verb)


def _placed(span: Any, person: bool = True) -> bool:
    """A person, people, a place or a date: "Director for Latin America and the Caribbean"."""
    labels = ("PERSON", "NORP", "GPE", "LOC", "DATE") if person else ("NORP", "GPE", "LOC", "DATE")
    return any(t.ent_type_ in labels for t in span)


def _apposition(doc: Any, end: int) -> tuple[int, int] | None:
    """(start, end) of ", a title at a body," right after a name: it ends at a comma, a colon or
    the end of the sentence."""
    if end >= len(doc) or doc[end].text != ",":
        return None
    for i in range(end + 1, min(len(doc), end + 1 + WINDOW)):
        if doc[i].text in (",", ":", ".") or doc[i].is_quote:
            return (i, i)
    return (len(doc), len(doc)) if len(doc) - end <= WINDOW else None


def _affiliated(doc: Any, start: int, end: int, verb: Any) -> list[Found]:
    """ "an economist with NBK", "Senior Analyst at The King's Fund": a role noun, a link word
    and the body's capitalised name to the end of the apposition."""
    words = list(doc[start:end])
    if len(words) > 1 and words[0].lower_ in ("the", "a", "an") and capital(words[1]):
        start, words = start + 1, words[1:]  # "Fatih Birol, the IEA Executive Director"
    if words and capital(words[0]) and words[0].lower_ not in TITLE_SET:  # "…, WFP Regional Director"
        return _titled(doc, start, end, verb)
    # the last link before a capitalised name: "senior director of auto benchmarking at J.D. Power"
    links = [k for k, t in enumerate(words) if t.lower_ in _LINKS | {"for"} and k > 0]
    link = next((k for k in reversed(links) if k + 1 < len(words) and capital(words[k + 1])), None)
    link = link if link is not None else next((k for k in links if words[k].lower_ != "for"), None)
    if link is None or not any(t.lower_ in ROLE_NOUNS for t in words[:link]):
        return []
    if words[link].lower_ == "for" and not _body_like(doc[words[link + 1].i : words[-1].i + 1]):
        return []  # "director for Asia"; "rankings auditor for QS" is the body's
    general = link >= 2 and words[link - 2].lower_ in ("general", "executive")  # a body's officer
    if words[link - 1].lower_ in _PORTFOLIOS and not general:
        return []  # "minister of Labor and Social Security"; not "General Secretary of Gaikindo"
    if not all(
        t.lower_ in TITLE_SET or t.pos_ in ("DET", "ADJ", "NOUN", "PROPN", "CCONJ") for t in words[:link]
    ):
        return []  # "... , who has worked at X": no title
    body = list(words[link + 1 :])
    while body and body[0].lower_ == "the" and not body[0].text[:1].isupper():
        body = body[1:]
    if not body or not capital(body[0]) or not all(capital(t) or t.lower_ in INSIDE for t in body):
        return []
    if _placed(doc[body[0].i : body[-1].i + 1]):
        return []
    return _found(doc[body[0].i : body[-1].i + 1], verb)


def _comma_employer(doc: Any, start: int, end: int, verb: Any) -> list[Found]:
    """ "said Charlie Chesbrough, senior economist, Cox Automotive.", "X, Director, Crisil
    Intelligence, said": a title (of title words alone, if capitalised) between commas, perhaps
    several ("founder, chairman and managing director"), then its body's name to the end of the
    sentence or the next comma."""
    words = list(doc[start:end])
    if not any(t.lower_ in ROLE_NOUNS for t in words) or not all(map(_title_like, words)):
        return []
    while end < len(doc) and doc[end].text == ",":
        comma = next((k for k in range(end + 1, len(doc)) if doc[k].text == ","), end + 1)
        if comma == end + 1 or not all(map(_title_like, doc[end + 1 : comma])):
            break
        end = comma
    first = last = end + 1
    while last < len(doc) and (capital(doc[last]) or (last > first and doc[last].lower_ in INSIDE)):
        last += 1
    while last > first and doc[last - 1].lower_ in INSIDE:
        last -= 1
    if (
        last == first
        or (last < len(doc) and not doc[last].is_punct)
        or end >= len(doc)
        or doc[end].text != ","
    ):
        return []
    span = doc[first:last]  # the model may call the body a person: its place after the title settles it
    return [] if _placed(span, person=False) else _found(span, verb)


def _found(span: Any, verb: Any) -> list[Found]:
    item = accept(span, AUTHOR, f"{verb.text} (titled speaker)")
    # the title ties the body to a named person, as "chief economist at X" does
    return [] if item is None else [replace(item, evidence=STRONG)]


def _title_like(token: Any) -> bool:
    return token.is_lower or token.text in ("-", "&") or token.lower_ in TITLE_SET | ROLE_NOUNS


def _later_verb(doc: Any, i: int) -> Any | None:
    """ "X, Director, Crisil Intelligence, said": the reporting verb after the title's body."""
    commas = [k for k in range(i + 1, min(len(doc), i + 2 * WINDOW)) if doc[k].text == ","][:3]
    return next((v for k in commas if (v := verb_at(doc, k)) is not None), None)
