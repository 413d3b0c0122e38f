"""Names in source positions: which words are names, and where a name starts and ends."""

from __future__ import annotations

import re
from typing import Any

from rag.attribution_words import REPORT_NOUNS, ROLE_NOUNS, ROLE_PREFIXES
from rag.institutions import (
    DESCRIPTORS,
    PERSON_TITLES,
    ROLE_ADJECTIVES,
    has_org_word,
    is_acronym,
    kind_of,
)

# Nationality adjectives are not names of organisations ("a British bank").
NATIONALITY = re.compile(r"(?:ans?|ish|ese|ic|i|ch)$")
PERSON_TITLE = re.compile(rf"(?:{PERSON_TITLES})\.?\s")
# Tokens after which any word is capitalised: a quotation's or a list's start.
_OPENERS = frozenset({'"', "“", "‘", ":", "(", "-", "—", "–", ";"})
_ODD_CAPITALS = re.compile(r"(?:\d+|[a-z])[A-Z][A-Za-z]")
# Org words that name a field rather than a body when "and" joins them to the next field.
_FIELD_WORD = re.compile(
    r"^(?:Research|Review|Economics|Services|Systems|Technologies|Media|Energy|Telecom)$"
)
NON_NAMES = frozenset({"DATE", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "TIME", "QUANTITY"})


def is_name(token: Any) -> bool:
    text = token.text
    doc = token.doc
    if (
        (token.ent_type_ == "ORG" or token.pos_ == "PROPN")
        and token.i > 1
        and doc[token.i - 1].text == "-"
        and not _dash(doc[token.i - 1])
        and doc[token.i - 2].text[:1].isupper()
    ):
        return True  # "Authenti-corp", "Chong-gyu": the tokenizer split a hyphenated name
    if token.pos_ == "PRON" or not (text[:1].isupper() or _ODD_CAPITALS.match(text)):
        return False  # "1Xtra", "3Com", "iDefence": a digit or a small letter, then capitals
    return (
        token.pos_ == "PROPN"
        or token.ent_type_ == "ORG"
        or (
            token.pos_ == "NOUN"
            and token.dep_ in ("compound", "poss")
            and (
                token.i > 0
                # "Alva director", "Empire magazine"; not "Union leaders", "Manufacturers' organisation"
                or (
                    token.head.tag_ == "NN"
                    and (
                        token.head.lemma_.lower() in ROLE_NOUNS
                        or (token.head.lemma_.lower() in DESCRIPTORS and token.tag_ != "NNS")
                    )
                )
                # "Tory shadow chancellor": a party
                or (token.ent_type_ == "NORP" and has_org_word(text))
            )
        )
        # "The firm, Paion, said": a capitalised noun inside the sentence is a name
        or (token.pos_ == "NOUN" and token.i > 0 and token.doc[token.i - 1].text not in _OPENERS)
        # "Lyric chairman David Johnston": a capitalised word before a role noun
        or (
            token.pos_ == "ADJ"
            and token.dep_ == "amod"
            and _before_role_noun(token)
            and token.lower_ not in ROLE_ADJECTIVES
            and not NATIONALITY.search(text)  # "Conservative", "Tory"; not "British", "Chinese"
        )
        # "Rightmove said": a name the tagger took for a common noun, at the sentence's start (the
        # document then decides whether the word is written in lower case elsewhere)
        or (
            token.i == 0
            and token.pos_ == "NOUN"
            and token.tag_ == "NN"
            and token.dep_ == "nsubj"
            and token.head.i == 1
            and token.lemma_.lower() not in ROLE_NOUNS | DESCRIPTORS | REPORT_NOUNS
        )
        # "Labour claims": a party the tagger took for a common noun
        or (token.pos_ == "NOUN" and token.dep_ == "nsubj" and kind_of(text) == "political party")
        # "at Symantec security response": a company name the tagger took for an adjective
        or (
            token.pos_ == "ADJ"
            and token.ent_type_ in ("ORG", "NORP")
            and token.i > 0
            and not NATIONALITY.search(token.text)
        )
    )


def _before_role_noun(token: Any) -> bool:
    """ "Lyric chairman", "Conservative shadow foreign secretary": the word modifies a role noun,
    directly or through the role's own compound modifiers."""
    head = token.head
    while head.dep_ == "compound" and head.lemma_.lower() not in ROLE_NOUNS and head.head.i != head.i:
        head = head.head
    if head.lemma_.lower() in ROLE_NOUNS:
        return True
    doc, i = token.doc, token.i + 1  # "Conservative co-chairman": a hyphenated role, split in three
    while i < len(doc) and doc[i].lower_ in ROLE_PREFIXES:
        i += 1
    return i > token.i + 1 and i < len(doc) and doc[i].lemma_.lower() in ROLE_NOUNS


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
        commas = [i for i in range(start, end) if doc[i].text in (",", "at") or _dash(doc[i])]
        if _LISTED_PORTFOLIO.search(doc[start:end].text):
            commas = []  # "Department for Culture, Media and Sport": one name with a list inside
        if commas:
            start = max([start, *(i + 1 for i in commas if i < token.i)])
            end = min([end, *(i for i in commas if i > token.i)])
    else:
        start, end = token.i, token.i + 1
    while (
        start > 1
        and doc[start - 1].text == "-"
        and not _dash(doc[start - 1])
        and doc[start - 2].text[:1].isupper()
    ):
        start -= 2  # "Chong-gyu", "Authenti-corp"
    while end - start > 2 and doc[start].lower_ == "ex" and doc[start + 1].text == "-":
        start += 2  # "Ex-Labour leader": a former office, not part of the name
    while end - start > 1 and doc[start].text == "-":
        start += 1
    prefix = next(
        (i for i in range(start, end - 1) if doc[i].lower_ in ROLE_PREFIXES and doc[i + 1].text == "-"), None
    )
    if prefix is not None and prefix > start:
        end = prefix  # "The Conservative Party Co-Chairman": the party
    while (
        start > 0
        and grows(doc[start - 1])
        and (
            doc[start - 1].head.i in range(start, end)
            # "a British Retail Consortium survey": a sibling modifier of the same noun
            or (doc[start - 1].pos_ == "PROPN" and doc[start - 1].head.i == doc[end - 1].head.i)
        )
    ):
        start -= 1
    while end < len(doc):
        nxt = doc[end]
        if end + 1 < len(doc) and nxt.lower_ in ROLE_PREFIXES and doc[end + 1].text == "-":
            break  # "Conservative Party | Co-Chairman"
        grown = grows(nxt) or (nxt.text in _CHANNEL_NUMBERS and is_name(doc[end - 1]))  # "BBC Two"
        if grown and nxt.head.i in range(start, end + 3) and not PERSON_TITLE.match(nxt.text + " "):
            end += 1  # a title starts a person's name: "Commissioner | Sir Ian Blair"
        elif (
            nxt.lower_ in ("of", "for", "&", "and")
            and end + 1 < len(doc)
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
        else:
            break
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
        and not _dash(doc[start - 1])
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
            and not _FIELD_WORD.search(doc[i - 1].text)
        ):
            start, end = (start, i) if token.i < i else (i + 1, end)
            break
    # "the Musicians' Union" is one entity and stays whole
    cases = [i for i in range(start, end - 1) if doc[i].dep_ == "case" and doc[i + 1].ent_iob_ != "I"]
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
        )
    ):
        start += 1  # "Veteran Labour MP": the party; "Organiser Mean Fiddler": the organiser
    if end < len(doc) and doc[end].lower_ == "police" and doc[end - 1].ent_type_ in ("GPE", "LOC", "ORG"):
        end += 1  # "Norfolk police chief Andy Hayman": the force, not the county
    cut = next((i for i in range(start, end) if doc[i].text in ("(", ",", '"', "“")), end)
    end = cut if cut > start else end
    tail = end
    while tail - start > 1 and doc[tail - 1].text.islower():
        tail -= 1
    if tail < end and doc[end - 1].lemma_ in DESCRIPTORS:
        end = tail  # "the Associated Press news agency": the agency's name, then what it is
    while end > start and doc[end - 1].dep_ == "case":
        end -= 1
    cut = end
    while cut - start > 1 and (doc[cut - 1].lemma_.lower() in ROLE_NOUNS or doc[cut - 1].lower_ == "shadow"):
        cut -= 1
    if cut < end:  # "Scottish National Party Justice Minister": the party, not its portfolio
        last = max((k for k in range(start, cut) if has_org_word(doc[k].text)), default=cut - 1)
        cut = last + 1 if last > start else cut
    rest = doc[start:cut]
    # "Labour MP", "Tory MP": the party; "Trade Secretary" stays whole (and is refused as a
    # title), as does "Institute of Directors".
    if (
        cut < end
        and not any(t.lower_ in ("of", "for") for t in doc[start:end])
        and (has_org_word(rest.text) or is_acronym(rest.text))
    ):
        end = cut
    if (
        end - start == 2
        and is_acronym(doc[start].text)
        and not has_org_word(doc[start + 1].text)
        and not is_acronym(doc[start + 1].text)  # "ABN AMRO"
        and doc[start + 1].text not in _CHANNEL_NUMBERS  # "BBC Two controller"
        and end < len(doc)
        and doc[end].lemma_.lower() in ROLE_NOUNS  # "JP Morgan said", "DBS Vickers" stay whole
    ):
        end = start + 1  # "SNP Holyrood leader": the party, not the parliament it sits in
    return doc[start:end]


_CHANNEL_NUMBERS = frozenset("One Two Three Four Five Six Seven".split())
_LISTED_PORTFOLIO = re.compile(r"\b(?:for|of)\s+[A-Z][\w]*(?:,\s+[A-Z][\w]*)+,?\s+and\s+[A-Z]")


def _dash(token: Any) -> bool:
    """A dash set off by spaces, as a comma would be: "Korea Development Bank - one of ..."."""
    spaced = bool(token.whitespace_) and token.i > 0 and bool(token.doc[token.i - 1].whitespace_)
    return token.text in ("-", "–", "—") and spaced


def _one_entity(doc: Any, start: int, end: int) -> bool:
    """ "House of Fraser": the model calls the words on both sides of the connector organisations."""
    labels = {doc[i].ent_type_ for i in range(start, end) if doc[i].lower_ not in ("of", "for", "&")}
    return labels == {"ORG"}


def grows(token: Any) -> bool:
    """A word that can continue a name: a capitalised proper noun (or, inside the sentence, a
    capitalised adjective: "Liberal Democrat"), not a person, date or role title."""
    return (
        # at a sentence's start, only where it begins a party's or organisation's name
        (token.pos_ == "PROPN" or (token.pos_ == "ADJ" and (token.i > 0 or has_org_word(token.doc[:2].text))))
        and token.text[:1].isupper()
        and (token.ent_type_ not in ("PERSON", "DATE") or WEEKDAY_TITLE.match(token.text) is not None)
        and token.lemma_.lower() not in ROLE_NOUNS
    )


# "The Sunday Telegraph", "Mail on Sunday": a weekday inside a title, which the tagger calls a date.
WEEKDAY_TITLE = re.compile(r"(?:Sun|Mon|Satur)day$")
