"""Rules v72: capitalised common words anywhere in a sentence, a report's title set off after it,
"according to" a name written once, results as evidence, a coined owner opening a report's title,
wire headlines closed by a dash, and the English word list they rest on."""

from __future__ import annotations

import pytest

from rag.attribution.lexicon import is_common
from rag.attribution.parse import Attributor
from tests.test_attribution_modern import cited


@pytest.mark.parametrize(
    "word, common",
    [
        ("Outlook", True),
        ("consumer", True),
        ("Expectations", True),  # a plural of a listed word
        ("Displacement", True),
        ("Experian", False),
        ("INRX", False),
        ("Boeing", False),
    ],
)
def test_common_english_words_come_from_the_installed_model(word: str, common: bool):
    assert is_common(word) is common


COMMON_WORDS = [
    # one capitalised word the document also writes in lower case is a common noun anywhere
    (
        "The report, Weather, Climate and Catastrophe Insight, estimated that disasters caused "
        "losses. The weather was bad.",
        [],
    ),
    ("The Head of State, while leading prayers, revealed that he was hopeful. The state will help.", []),
    (
        "Recruitment company Hays has warned over skills shortages. The recruitment market slowed.",
        ["Hays"],
    ),
    # not an acronym ("WHO" beside "who"), and not a name written in lower case in an address
    (
        "Measles is spreading, said Kate Lee, WHO head of immunisation, who warned of outbreaks.",
        ["WHO"],
    ),
    ("Orders opened on amazon.co.uk, and sales are strong, Amazon said.", ["Amazon"]),
]


V72_SENTENCES = [
    # a report's title set off after the report noun is not its author
    (
        "The OECD report, Education at a Glance, found that the best systems pay teachers well.",
        ["OECD"],
    ),
    ("The report, Skills at a Glance, found that wages rose.", []),
    # named once, after "according to": a lone name the text never shows is a person is a source
    ("According to McKinsey, by 2025 there will be 100 cities with a million people.", ["McKinsey"]),
    # results as the evidence of a claim
    ("Chip revenue rose 21% in 2024, according to final results by Gartner.", ["Gartner"]),
    # a coined name opening a title of English words owns it
    (
        "The city ranked sixth among the least congested, according to the Veridex Global Traffic "
        "Scorecard study.",
        ["Veridex"],
    ),
    (
        "An estimated 6 million people have been displaced, according to IOM DTM Weekly "
        "Displacement Snapshot 19.",
        ["IOM DTM"],
    ),
]


V72_HEADLINES = [
    # a wire headline's source after a dash, spaced, unspaced, or with its survey
    ("Italian bank lending falls at slowest pace in 19 months-ABI\n\nLending fell.", ["ABI"]),
    ("Cocoa output likely only 700,000 T this season -Cocobod\n\nOutput fell.", ["Cocobod"]),
    ("Retail confidence improved in the third quarter - BER survey\n\nIt rose.", ["BER"]),
    # not a compound's second half, nor common words
    ("Research Finds Uneven Access to Colleges for Low-Income Students\n\nIt did.", []),
]


V73_SENTENCES = [
    # v73: conducting a survey is no claim until its findings are given
    ("Kanto Broadcasting conducted the telephone survey on 2,392 citizens from Friday to Sunday.", []),
    (
        "Acme Research conducted a survey among retailers, which revealed that sales fell.",
        ["Acme Research"],
    ),
    # a capitalised title, or several, between commas before the speaker's body
    (
        'Sehul Bhatt, Director, Crisil Intelligence, said, "Budgets of 12 states grew."',
        ["Crisil Intelligence"],
    ),
    (
        "Sam Balsara, founder, chairman and managing director, Madison World, said spending would grow.",
        ["Madison World"],
    ),
    # a document's title as the speaker is no body; a body named like one, after "by", is
    ("The Crime Survey for England and Wales (CSEW) suggests that few victims of fraud report it.", []),
    ("According to the Economy Survey, 2020, a total 77,347 persons were convicted prisoners.", []),
    (
        "A study by the British Antarctic Survey found that sea ice is growing.",
        ["British Antarctic Survey"],
    ),
    # an owner's possessive before a name the model calls a person's makes no person
    (
        "Forecasts from Publicis’ ZenithOptimedia bring little cheer. And finally, ZenithOptimedia "
        "predicts ad spend will rise by 4.7%.",
        ["ZenithOptimedia"],
    ),
]


@pytest.mark.parametrize("text, names", [*COMMON_WORDS, *V72_SENTENCES, *V72_HEADLINES, *V73_SENTENCES])
def test_v72_and_v73(attributor: Attributor, text: str, names: list[str]):
    assert cited(attributor, text) == names
