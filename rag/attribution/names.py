"""Names in source positions: which words can be names or continue one, and which a first name."""

from __future__ import annotations

import re
from typing import Any

from rag.attribution.institutions import (
    DESCRIPTORS,
    PERSON_TITLES,
    ROLE_ADJECTIVES,
    has_org_word,
    is_acronym,
    is_place,
    kind_of,
)
from rag.attribution.words import COMPANY_ROLES, REPORT_NOUNS, ROLE_NOUNS, ROLE_PREFIXES

# Nationality adjectives are not names of organisations ("a British bank").
NATIONALITY = re.compile(r"(?:ans?|ish|ese|ic|i|ch)$")
PERSON_TITLE = re.compile(rf"(?:{PERSON_TITLES})\.?\s")
# Tokens after which any word is capitalised: a quotation's or a list's start.
_OPENERS = frozenset({'"', "“", "‘", ":", "(", "-", "—", "–", ";"})
_ODD_CAPITALS = re.compile(r"(?:\d+|[a-z])[A-Z][A-Za-z]")
NON_NAMES = frozenset({"DATE", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "TIME", "QUANTITY"})


def is_name(token: Any) -> bool:
    text = token.text
    doc = token.doc
    if (
        (token.ent_type_ == "ORG" or token.pos_ == "PROPN")
        and token.i > 1
        and doc[token.i - 1].text == "-"
        and not dash(doc[token.i - 1])
        and doc[token.i - 2].text[:1].isupper()
    ):
        return True  # "Authenti-corp", "Chong-gyu": the tokenizer split a hyphenated name
    if token.pos_ == "PRON" and text.isupper() and len(text) > 2 and not token.doc.text.isupper():
        return True  # "WHO officials", "WHO's Haidong Wang": the acronym the tagger took for "who"
    if (
        (token.pos_ in ("NOUN", "PROPN") or token.ent_type_ == "ORG")
        and len(text) > 2
        and is_acronym(text)
        and text.lower() not in ROLE_NOUNS  # "the CFO said": a role
    ):
        return True  # "FAO reported": an acronym the tagger took for a common noun
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
            and token.tag_ not in ("JJR", "JJS")  # "More global CEOs believe": a comparison
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
            # "Blackburn have said": the verb may follow its auxiliaries
            and token.head.i > 0
            and all(t.dep_ in ("aux", "neg") for t in doc[1 : token.head.i])
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


def dash(token: Any) -> bool:
    """A dash set off by spaces, as a comma would be: "Korea Development Bank - one of ..."."""
    spaced = bool(token.whitespace_) and token.i > 0 and bool(token.doc[token.i - 1].whitespace_)
    return token.text in ("-", "–", "—") and spaced


def grows(token: Any) -> bool:
    """A word that can continue a name: a capitalised proper noun (or, inside the sentence, a
    capitalised adjective: "Liberal Democrat"), not a person, date or role title."""
    return (
        # at a sentence's start, only where it begins a party's or organisation's name
        (
            token.pos_ == "PROPN"
            or (token.pos_ == "ADJ" and (token.i > 0 or has_org_word(token.doc[:2].text)))
            # "editor of PC Pro": an acronym the tagger took for a common noun
            or (token.pos_ == "NOUN" and token.dep_ == "compound" and token.i > 0 and is_acronym(token.text))
        )
        and token.text[:1].isupper()
        and (token.ent_type_ not in ("PERSON", "DATE") or WEEKDAY_TITLE.match(token.text) is not None)
        and token.lemma_.lower() not in ROLE_NOUNS
    )


# "The Sunday Telegraph", "Mail on Sunday": a weekday inside a title, which the tagger calls a date.
WEEKDAY_TITLE = re.compile(r"(?:Sun|Mon|Satur)day$")


def owns(span: Any, appos: Any) -> bool:
    """ "Euronext, owner of Liffe", "Vantor Exchange, owner of X": the role belongs to the named
    company itself, not to a person; a person is named with two words and labelled one."""
    return (
        appos.dep_ == "appos"
        # "DaimlerChrysler, parent company of Mercedes Benz"
        and (appos.lemma_.lower() in COMPANY_ROLES or any(c.lower_ == "parent" for c in appos.lefts))
        and (len(span) == 1 or has_org_word(span.text) or span.root.ent_type_ == "ORG")
    )


_NOT_FIRST = frozenset(
    "The A An But And In On At For As If It Its He She They We I This That These Those There When "
    "While After Before Since Although However Meanwhile Now Also So Yet Or Our Their His Her Last "
    "Next New Old Rival Group Firm Company Bank Saint St January February March April May June "
    "July August September October November December Monday Tuesday Wednesday Thursday Friday "
    "Saturday Sunday North South East West Royal General United Great Grand Any Each Every Fellow "
    "Shares Once Until Unless Because Though Whether Where Why How What Which Who With Without "
    "Within Under Over From To By Through During Despite Like Unlike Even Only Just Still Then Thus "
    "Indeed Instead Later Earlier Today Yesterday Either Neither Not No Such Should Could Would Will "
    "Can May Might Must Did Does Do Has Have Had Is Are Was Were Let "
    # the first words of clubs' names: "Real Sociedad", "Sporting Lisbon", "Dinamo Bucharest"
    "Real Sporting Athletic Atletico Inter Dynamo Dinamo Olympique Racing Deportivo".split()
) | {word.capitalize() for word in ROLE_ADJECTIVES}
# Narrower than a nationality test on any word: first names end in -ic and -i ("Eric", "Toni"),
# and many in -an ("Stefan", "Ryan"), which counts only when a place stands behind it.
_NATIONALITY_WORD = re.compile(r"(?:ish|ese|ch)$")
# Words in -an neither first names nor made from a place in the list; demonyms of other shapes
_NOT_NAMES_IN_AN = frozenset(
    "republican anglican vatican pan human urban roman titan trojan spartan olympian caribbean "
    "norwegian argentinian afghan peruvian texan californian european latin ocean briton brit scot "
    "kiwi aussie filipino".split()
)


def nationality(word: str) -> bool:
    """ "American", "Italians", "Canadian", "Belgian", "German"; not "Stefan" or "Brian"."""
    w = word.lower().removesuffix("s")
    if _NATIONALITY_WORD.search(w) or w in _NOT_NAMES_IN_AN:
        return True
    if not w.endswith("an"):
        return False
    stems = {w[:-1], w[:-2], w + "y", w[:-2] + "o", w[:-2] + "e"}
    stems |= {w[:-3] + end for end in ("", "a", "y", "e", "ium")}
    return any(is_place(stem) for stem in stems)


_PARTICIPLE = re.compile(r"\w{3,}(?:ing|ed)$")


def first_name_like(word: str) -> bool:
    """Could this capitalised word be a first name? Not a sentence opener, a month, a word of
    organisations' names, a place, a nationality or a participle ("Ailing EuroDisney")."""
    return not (
        word in _NOT_FIRST
        or has_org_word(word)
        or is_place(word)
        or nationality(word)
        or _PARTICIPLE.search(word)
    )


def hyphened(doc: Any, start: int, plain: bool = False) -> int:
    """ "Chong-gyu", "Authenti-corp": a name's first word joined by a hyphen to the word before
    (`plain`: only a word that is no title's and no other body's, "Yih-Choung Teh")."""
    while (
        start > 1
        and doc[start - 1].text == "-"
        and not dash(doc[start - 1])
        and doc[start - 2].text[:1].isupper()
    ):
        if plain and (doc[start - 2].ent_type_ == "ORG" or doc[start - 2].lower_ in ROLE_NOUNS):
            break  # "Ipsos-Sopra Steria", "Vice President-Global Market Research"
        start -= 2
    return start
