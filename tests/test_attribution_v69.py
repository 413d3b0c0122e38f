"""Rules v69: views denied with their content, firms before a capitalised title, headlines closed
by a name after a colon or a dash, a possessive's owner, kept forecasts and issued warnings,
hyphenated first names."""

from __future__ import annotations

import pytest

from rag.attribution.parse import Attributor
from tests.test_attribution_modern import cited


@pytest.mark.parametrize(
    "sentence, names",
    [
        # a view denied with what it is about is still the body's view
        ("Moody's does not expect a sharp rise in bad loans at Gulf lenders this year.", ["Moody's"]),
        (
            "The Retail Federation does not believe that sales will recover before spring.",
            ["Retail Federation"],
        ),
        # nothing said at all
        ("Moody's would not comment on the loans.", []),
        ("The Retail Federation did not say when sales would recover.", []),
    ],
)
def test_a_view_denied_with_its_content_is_a_claim(attributor: Attributor, sentence: str, names: list[str]):
    assert cited(attributor, sentence) == names


@pytest.mark.parametrize(
    "sentence, names",
    [
        # an unknown firm before a leader's title and a person, and before a title written in capitals
        ("“It was a strong year for animation,” Kadokawa President Takeshi Natsuno said.", ["Kadokawa"]),
        ("“Streaming keeps growing,” Omdia Senior Analyst Maria Rua Aguete said.", ["Omdia"]),
        # a portfolio, a title's scope and a nationality are no bodies
        ("“Trade is weak,” Deputy Prime Minister Lee Hsien said.", []),
        (
            "“Demand is strong,” said Priya Nair, Country Manager, Acme Networks.",
            ["Acme Networks"],
        ),
    ],
)
def test_a_name_before_a_capitalised_title_and_a_person(
    attributor: Attributor, sentence: str, names: list[str]
):
    assert cited(attributor, sentence) == names


@pytest.mark.parametrize(
    "text, names",
    [
        (
            "Insured storm losses reach $20 billion: Hannover Re\n\nLosses rose in the first half.",
            ["Hannover Re"],
        ),
        (
            "Flood losses top US$12 bn — Hannover Re estimate\n\nLosses rose in the first half.",
            ["Hannover Re"],
        ),
    ],
)
def test_a_headline_closed_by_its_source(attributor: Attributor, text: str, names: list[str]):
    assert cited(attributor, text) == names


def test_a_possessive_owner_the_document_names_alone_is_the_source(attributor: Attributor):
    text = (
        "According to Kantar’s Media Audience Service, Radio One led the ratings in the first quarter. "
        "Kantar also measured the share of listeners."
    )
    assert cited(attributor, text)[0] == "Kantar"


def test_a_possessive_that_is_part_of_the_name_stays(attributor: Attributor):
    text = "Lloyd's Register said shipping emissions rose last year, according to its annual review."
    assert "Lloyd's Register" in cited(attributor, text)


@pytest.mark.parametrize(
    "sentence, names",
    [
        ("The Pakistan Meteorological Department on Friday retained its forecast of heavy rain.", None),
        ("Moreover, the JMA issued a heavy rain warning for western Japan on Sunday.", ["JMA"]),
        # a warning issued with nothing about it is an action
        ("The ministry issued a statement.", []),
    ],
)
def test_kept_forecasts_and_issued_warnings(attributor: Attributor, sentence: str, names: list[str] | None):
    got = cited(attributor, sentence)
    assert got == (names if names is not None else ["Pakistan Meteorological Department"])


def test_a_hyphenated_first_name_is_part_of_the_person(attributor: Attributor):
    sentence = "Min-Jun Park, research group director at Ofcom, said: “Viewing is changing fast.”"
    assert cited(attributor, sentence) == ["Ofcom"]


def test_a_meteorologist_at_a_body_speaks_for_it(attributor: Attributor):
    sentence = "Meteorologists at the Met Office said the summer would be warmer than average."
    assert cited(attributor, sentence) == ["Met Office"]
