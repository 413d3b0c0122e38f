"""Where a name starts and ends: entities grown over capitalised words, cut at lists and roles."""

from __future__ import annotations

import re
from typing import Any

from rag.attribution.institutions import (
    DESCRIPTORS,
    ROLE_ADJECTIVES,
    has_org_word,
    is_acronym,
    is_place,
    kind_of,
)
from rag.attribution.joins import group_joined, listed_remit
from rag.attribution.names import NON_NAMES, PERSON_TITLE, dash, grows, hyphened, is_name
from rag.attribution.words import MEMBERS, OFFICE_ROLES, ROLE_NOUNS, ROLE_PREFIXES

# Org words that name a field rather than a body when "and" joins them to the next field.
_FIELD_WORD = re.compile(r"(?:Research|Review|Economics|Services|Systems|Technologies|Media|Energy|Telecom)")
_CHANNEL_NUMBERS = frozenset("One Two Three Four Five Six Seven".split())
_SEATED = MEMBERS | {"leader", "minister", "whip"}  # roles a party holds in a parliament
_LISTED_PORTFOLIO = re.compile(r"\b(?:for|of)\s+[A-Z][\w]*(?:,\s+[A-Z][\w]*)+,?\s+and\s+[A-Z]")


def name_span(token: Any) -> Any:
    """The whole name around a token: its entity, grown over capitalised words and inner
    connectors ("Fraser of Allander Institute"). Two complete names joined by "and" are split
    ("Nationwide and Halifax"); a name completed only after "and" is joined ("World Travel and
    Tourism Council", which the tagger may cut in two)."""
    doc = token.doc
    entity = next((e for e in doc.ents if e.start <= token.i < e.end), None)
    if entity is not None and entity.label_ not in NON_NAMES:
        start, end = entity.start, entity.end
        # "Morrisons, Woolworths", "the X Centre at Y University": the model ran two names into one
        # "NPR/Robert Wood Johnson Foundation/Harvard ...": names listed with slashes, too
        commas = [i for i in range(start, end) if doc[i].text in (",", "at") or dash(doc[i])]
        # (not "Nielsen/NetRatings", one firm: only where a side is a body's name by its words)
        commas += [i for i in range(start, end) if doc[i].text == "/" and has_org_word(doc[start:end].text)]
        if _LISTED_PORTFOLIO.search(doc[start:end].text):
            commas = []  # "Department for Culture, Media and Sport": one name with a list inside
        if commas:
            start = max([start, *(i + 1 for i in commas if i < token.i)])
            end = min([end, *(i for i in commas if i > token.i)])
    else:
        start, end = token.i, token.i + 1
    start = hyphened(doc, start)
    while end - start > 2 and doc[start].lower_ == "ex" and doc[start + 1].text == "-":
        start += 2  # "Ex-Labour leader": a former office, not part of the name
    while end - start > 1 and doc[start].text == "-":
        start += 1
    prefix = next(
        (i for i in range(start, end - 1) if doc[i].lower_ in ROLE_PREFIXES and doc[i + 1].text == "-"), None
    )
    if prefix is not None and prefix > start:
        end = prefix  # "The Conservative Party Co-Chairman": the party
    # "Liberal Democrat Alan Beith said": a full name the model calls a person ends where a word
    # it calls a group or an organisation comes before it ("Ard Jan Vetham" stays whole)
    person = entity is not None and entity.label_ == "PERSON" and entity.end - entity.start > 1
    while (
        start > 0
        and not (person and doc[start - 1].ent_type_ in ("NORP", "ORG"))
        and grows(doc[start - 1])
        and (
            doc[start - 1].head.i in range(start, end)
            # "a British Retail Consortium survey": a sibling modifier of the same noun
            or (doc[start - 1].pos_ == "PROPN" and doc[start - 1].head.i == doc[end - 1].head.i)
        )
    ):
        start -= 1
    start = hyphened(doc, start, plain=True)  # "Yih-Choung Teh": grown back to the hyphen
    while end < len(doc):
        nxt = doc[end]
        if end + 1 < len(doc) and nxt.lower_ in ROLE_PREFIXES and doc[end + 1].text == "-":
            break  # "Conservative Party | Co-Chairman"
        grown = grows(nxt) or (nxt.text in _CHANNEL_NUMBERS and is_name(doc[end - 1]))  # "BBC Two"
        if grown and nxt.head.i in range(start, end + 3) and not PERSON_TITLE.match(nxt.text + " "):
            end += 1  # a title starts a person's name: "Commissioner | Sir Ian Blair"
        elif (
            nxt.lower_ in ("of", "for", "&", "and", "on")
            and end + 1 < len(doc)
            # "Joint United Nations Programme on HIV/AIDS", "Intergovernmental Panel on Climate Change"
            and (nxt.lower_ != "on" or has_org_word(doc[end - 1].text) or doc[end - 1].lower_ == "panel")
            # "ICM for BBC News 24": an acronym is a whole name
            and not (nxt.lower_ == "for" and end - start == 1 and is_acronym(doc[start].text))
            # "Labour MP for West Ham", "Kazuhiro Takahashi of Daiwa": a person or a seat, then more
            and doc[end - 1].lemma_.lower() not in ROLE_NOUNS
            and doc[end - 1].ent_type_ != "PERSON"
            and grows(doc[end + 1])
            and (
                has_org_word(doc[start : end + 3].text)
                or (nxt.lower_ != "and" and _one_entity(doc, start, end + 2))
            )
            and (
                nxt.lower_ != "and"
                or not has_org_word(doc[start:end].text)
                # "Department for Education and Skills": the last of the subjects after "for"
                or (
                    any(t.lower_ in ("for", "of") for t in doc[start:end])
                    and not has_org_word(doc[end + 1].text)
                    and not is_acronym(doc[end + 1].text)
                )
            )
        ):
            end += 2
        elif (
            nxt.lower_ in ("of", "for")
            and end + 2 < len(doc)
            and doc[end + 1].lower_ == "the"
            and grows(doc[end + 2])
            and has_org_word(doc[end - 1].text)
        ):
            end += 3  # "Office for the Coordination of ...", "Society for the Protection of Birds"
        else:
            break
    words = [t.lower_ for t in doc[start:end] if t.lower_ != "the"]
    after_of = words[words.index("of") + 1 :] if "of" in words else []
    if end - start > 1 and (words[-1] in ("of", "for") or (after_of and after_of[0] in ROLE_NOUNS)):
        # "the Office of the | Deputy Prime Minister": the model stopped at the role an office is named after
        while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].ent_type_ != "PERSON":
            end += 1
        while end - start > 1 and doc[end - 1].lower_ in ("of", "the", "for"):
            end -= 1  # a connector left dangling names nothing
    end = listed_remit(doc, start, end)
    start, end = group_joined(doc, start, end)
    if end - start > 1 and doc[start].text == doc[start + 1].text:
        start += 1  # "British British Casino Association": a word typed twice
    if (
        start > 1
        and doc[start - 1].lower_ == "and"
        and grows(doc[start - 2])
        and not has_org_word(doc[start - 2].text)
        and has_org_word(doc[start:end].text)
    ):
        start -= 2  # "World Travel | and | Tourism Council"
        while start > 0 and grows(doc[start - 1]):
            start -= 1
    if (
        start > 1
        and doc[start - 1].text == "-"
        and not dash(doc[start - 1])
        and doc[start - 2].text.isupper()
    ):
        start -= 2  # "the US-China Economic and Security Review Commission": grown up to the hyphen
    for i in range(start + 1, end - 1):  # "Department of Health and State University": two names
        # "Investors Bank and Trust" stays whole: a lone word after "and" completes no name
        if (
            doc[i].lower_ == "and"
            and end - i > 2
            and has_org_word(doc[start:i].text)
            and has_org_word(doc[i + 1 : end].text)
            # "Natural Hazards Research and Applications Information Center": fields before a head
            and not _FIELD_WORD.fullmatch(doc[i - 1].text)
        ):
            start, end = (start, i) if token.i < i else (i + 1, end)
            break
    # "the Musicians' Union" is one entity and stays whole
    cases = [
        i
        for i in range(start, end - 1)
        if (doc[i].dep_ == "case" and doc[i + 1].ent_iob_ != "I")
        # "IDC’s Tablet Research director": an owner whatever the parser made of its "’s"
        or (
            doc[i].lower_ in ("'s", "’s")
            and doc[i + 1].text[:1].isupper()
            and i > start
            and doc[i + 1].ent_iob_ != "I"  # "Information Commissioner's Office" is one name
        )
    ]
    owner = cases[0] if cases else None
    if owner is not None:  # "Flight International's Mr Learmount": two names, one owning
        start, end = (start, owner) if token.i < owner else (owner + 1, end)
    while start < end - 1 and (
        doc[start].lower_ in ("the", "a", "an")
        or (doc[start].lower_ in ROLE_ADJECTIVES and (doc[start].pos_ != "PROPN" or start == 0))
        or (
            start == 0
            and doc[start].lemma_.lower() in ROLE_NOUNS | DESCRIPTORS
            and doc[start + 1].lower_ not in ("of", "for")  # "Bank of America" keeps its "Bank"
            and not (has_org_word(doc[start].text) and doc[start + 1].pos_ == "PROPN")  # "Bank Negara"
        )
    ):
        start += 1  # "Veteran Labour MP": the party; "Organiser Mean Fiddler": the organiser
    if end < len(doc) and doc[end].lower_ == "police" and doc[end - 1].ent_type_ in ("GPE", "LOC", "ORG"):
        end += 1  # "Norfolk police chief Andy Hayman": the force, not the county
    listed = bool(_LISTED_PORTFOLIO.search(doc[start:end].text))  # "Ministry of Economy, Trade and Industry"
    cut = next(
        (
            i
            for i in range(start, end)
            if doc[i].text in ("(", '"', "“") or (doc[i].text == "," and not listed)
        ),
        end,
    )
    end = cut if cut > start else end
    tail = end
    while tail - start > 1 and doc[tail - 1].text.islower():
        tail -= 1
    if tail < end and doc[end - 1].lemma_ in DESCRIPTORS:
        end = tail  # "the Associated Press news agency": the agency's name, then what it is
    while end > start and doc[end - 1].dep_ == "case":
        end -= 1
    cut = end
    while cut - start > 1 and (
        doc[cut - 1].lemma_.lower() in ROLE_NOUNS
        or doc[cut - 1].lower_ == "shadow"
        or (doc[cut - 1].text.endswith("s") and doc[cut - 1].lower_[:-1] in MEMBERS)  # "Labour MPs"
    ):
        cut -= 1
    if cut < end:  # "Scottish National Party Justice Minister": the party, not its portfolio
        # "BBC Political Correspondent": the acronym, not the capitalised beat
        last = max(
            (k for k in range(start, cut) if has_org_word(doc[k].text) or is_acronym(doc[k].text)),
            default=cut - 1,
        )
        cut = last + 1 if last >= start else cut
    rest = doc[start:cut]
    # "Labour MP", "Tory MP": the party; "Trade Secretary" stays whole (and is refused as a
    # title), as does "Institute of Directors".
    if (
        cut < end
        and not any(t.lower_ in ("of", "for") for t in doc[start:end])
        and (
            has_org_word(rest.text)
            or is_acronym(rest.text)
            # "Canalys Analyst": the firm the model named, then a person's capitalised role (not
            # "Deutsche Asset Management", whose last word is also a role noun)
            or (all(t.ent_type_ == "ORG" for t in rest) and doc[cut].lemma_.lower() in OFFICE_ROLES)
        )
    ):
        end = cut
    if (
        end - start == 2
        and is_acronym(doc[start].text)
        and not has_org_word(doc[start + 1].text)
        and not is_acronym(doc[start + 1].text)  # "ABN AMRO"
        and doc[start + 1].text not in _CHANNEL_NUMBERS  # "BBC Two controller"
        and end < len(doc)
        # "JP Morgan said", "ABN Amro chief" stay whole
        and (
            doc[end].lemma_.lower() in _SEATED
            or (is_place(doc[start + 1].text) and doc[end].lemma_.lower() in ROLE_NOUNS)
        )
    ):
        end = start + 1  # "SNP Holyrood leader", "BBC Delhi reporter": the body, not where it sits
    if end < len(doc) and doc[end].lemma_.lower() in ROLE_NOUNS:
        # "Lib Dem Treasury spokesman": the party, then the portfolio its spokesman shadows
        party = next((k for k in range(start + 1, end) if _party(doc[start:k].text)), None)
        if party is not None and not _party(doc[party:end].text):
            end = party
    seated = end < len(doc) and doc[end].lemma_.lower() in _SEATED
    if seated and end - start > 2 and has_org_word(doc[end - 2].text) and not has_org_word(doc[end - 1].text):
        end -= 1  # "Scottish National Party Holyrood leader": the party, not its parliament
    return doc[start : _person_after(doc, start, end)]


def _person_after(doc: Any, start: int, end: int) -> int:
    """Where a person's name glued onto their body starts ("Tory Liam Fox", "Lib Dem MP Lembit
    Opik"): the body ends there. A lone generic word before a name is no body ("Bank Julius Baer")."""
    for k in range(start + 1, end - 1):
        j = k
        while j < end and doc[j].lemma_.lower() in ROLE_NOUNS:
            j += 1
        names, head = doc[j:end], doc[start:k].text
        # a role between them shows the person without the model's label ("UNCTAD Secretary-General
        # Mukhisa Kituyi")
        if len(names) < 2:
            continue  # role words run to the end ("… Commission Chief Executive"): no name after them
        person = names[-1].ent_type_ == "PERSON" or ("-" in doc[k:j].text and j > k)
        if (
            len(names) >= 2
            and person
            and all(
                (t.pos_ == "PROPN" and t.text[:1].isupper() and not has_org_word(t.text))
                or (t.text == "-" and 0 < t.i - j < len(names) - 1)  # "Heathcoat-Amory"
                for t in names
            )
            # "CB Richard Ellis" is one firm: a two-letter acronym is too short to stand alone
            and (
                _party(head) or (is_acronym(head) and len(head) > 2) or (has_org_word(head) and k - start > 1)
            )
        ):
            return k
    return end


def _party(name: str) -> bool:
    return kind_of(name) == "political party"


def _one_entity(doc: Any, start: int, end: int) -> bool:
    """ "House of Fraser": the model calls the words on both sides of the connector organisations."""
    labels = {doc[i].ent_type_ for i in range(start, end) if doc[i].lower_ not in ("of", "for", "&")}
    return labels == {"ORG"}
