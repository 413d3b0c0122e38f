"""One institution, one row: forms of one name merge across the index; bodies sharing a word do not."""

from __future__ import annotations

from rag.attribution import Registry
from rag.attribution.merging import family_key, same_body_pairs


def rows(*citations: tuple[str, str, tuple[str, ...]]) -> list[tuple[str, list[str]]]:
    """The registry's rows for citations (name, mention, aliases), one document each."""
    chunks = {
        vid: {
            "id": f"c{vid}",
            "doc_id": f"d{vid}",
            "start": 0,
            "text": f"{mention} said so.",
            "citations": [
                {
                    "name": name,
                    "mention": mention,
                    "kind": "organisation",
                    "cue": "said",
                    "aliases": list(aliases),
                    "sentence_start": 0,
                    "sentence_end": len(mention) + 9,
                }
            ],
        }
        for vid, (name, mention, aliases) in enumerate(citations)
    }
    registry = Registry(chunks, {f"d{v}": {"source": f"d{v}.txt"} for v in chunks})
    return sorted((i.name, i.aliases) for i in registry.institutions(claims=False))


def test_party_names_are_one_party():
    found = rows(
        ("Tory", "Tory", ()),
        ("Tories", "Tories", ()),
        ("Conservatives", "Conservatives", ()),
        ("Conservative Party", "Conservative Party", ()),
        ("Tory Party", "Tory Party", ()),
        ("Lib Dems", "Lib Dems", ()),
        ("Liberal Democrats", "Liberal Democrats", ()),
        ("Labour", "Labour", ()),
        ("Labour Party", "Labour Party", ()),
    )
    assert [name for name, _ in found] == ["Conservative Party", "Labour Party", "Liberal Democrats"]
    assert found[0][1] == ["Conservatives", "Tories", "Tory", "Tory Party"]


def test_type_words_apostrophes_and_unique_acronyms_merge():
    found = rows(
        ("Monmouth University", "Monmouth University", ()),
        ("Monmouth", "Monmouth", ()),
        ("Counterpoint Research", "Counterpoint Research", ()),
        ("Counterpoint", "Counterpoint", ()),
        ("Moody's", "Moody's", ()),
        ("Moody’s", "Moody’s", ()),
        ("Association of Chief Police Officers", "Association of Chief Police Officers", ()),
        ("Acpo", "Acpo", ()),
        ("Bank of Japan", "Bank of Japan", ()),
        ("BOJ", "BOJ", ()),
    )
    assert [name.replace("’", "'") for name, _ in found] == [
        "Association of Chief Police Officers",
        "Bank of Japan",
        "Counterpoint Research",
        "Monmouth University",
        "Moody's",
    ]


def test_bodies_that_share_a_word_stay_apart():
    found = rows(
        ("Bank of England", "Bank of England", ()),
        ("Bank of Japan", "Bank of Japan", ()),
        ("BBC", "BBC", ()),
        ("BBC Scotland", "BBC Scotland", ()),
        # two spellings-out of one acronym: the acronym joins neither
        ("International Energy Agency", "International Energy Agency", ()),
        ("Institute of Economic Affairs", "Institute of Economic Affairs", ()),
        ("IEA", "IEA", ()),
        # "the Bank" is a different bank in each document: it is never a key that merges
        ("Bank of England", "Bank", ()),
        ("Reserve Bank of Australia", "Bank", ()),
    )
    assert [name for name, _ in found] == [
        "BBC",
        "BBC Scotland",
        "Bank of England",
        "Bank of Japan",
        "IEA",
        "Institute of Economic Affairs",
        "International Energy Agency",
        "Reserve Bank of Australia",
    ]


def test_family_keys_and_pairs_are_forms_of_one_name():
    assert family_key("The Conservatives") == family_key("Conservative Party") == family_key("Tory")
    assert family_key("Goldman Sachs Group Inc.") == family_key("Goldman Sachs")
    assert family_key("Bank of England") != family_key("Bank of Japan")
    assert ("Lib Dem", "Liberal Democrat") in same_body_pairs(["Lib Dem", "Liberal Democrat", "Liberty"])
    assert same_body_pairs(["Liberty", "Liberal Democrat"]) == []
