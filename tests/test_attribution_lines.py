"""Report-style lines cite without a reporting verb; a publication's title is no institution."""

from __future__ import annotations

import pytest

from rag.attribution import Attributor
from tests.test_attribution_modern import cited


@pytest.mark.parametrize(
    "line, names",
    [
        ("Source: International Monetary Fund; World Bank.", ["International Monetary Fund", "World Bank"]),
        ("Sources: Eurostat and the European Central Bank", ["Eurostat", "European Central Bank"]),
        (
            "Chart: Organisation for Economic Co-operation and Development",
            ["Organisation for Economic Co-operation and Development"],
        ),
        ("Data source: Office for National Statistics", ["Office for National Statistics"]),
    ],
)
def test_a_source_line_cites_every_name_it_lists(attributor: Attributor, line: str, names: list[str]):
    text = f"Exports and imports by quarter\n{line}\n"
    assert cited(attributor, text) == names


@pytest.mark.parametrize(
    "headline, name",
    [
        ("Newsweek: If Unemployment Benefits Expire, Americans Could Face A Housing Crisis", "Newsweek"),
        ("IRENA: Solar Outpaced Wind During Banner Year For Renewables", "IRENA"),
        ("UNICEF Warns: Millions Of Children Miss Vaccines", "UNICEF"),
        ("4 in 5 adolescents don't exercise enough – WHO", "WHO"),
        ("Oil demand to peak before 2030, IEA says", "IEA"),
    ],
)
def test_a_headline_cites_the_name_that_opens_or_closes_it(attributor: Attributor, headline: str, name: str):
    assert cited(attributor, headline + "\n\nThe rest of the article follows here.\n") == [name]


@pytest.mark.parametrize(
    "line",
    [
        "Disclaimer: No Business Standard Journalist was involved in creation of this content",
        "Note: Figures for 2024 are provisional.",
        "Tuesday: markets closed early – holiday",
        'Director Jane Roe: "We are ready."',  # a caption's quotation, not a headline
        "Bolton: Jaaskelainen, Hunt (Fadiga 14), N'Gotty, Ben Haim, Candela, Okocha.",  # a team sheet
        "Replacements: Cairns, Lloyd, Broster, Chesney, Johnston",
        # a sentence, not a headline
        "The channel will air documentaries such as Guitar Greats - Jimmy Page.",
    ],
)
def test_line_labels_and_plain_lines_cite_nothing_new(attributor: Attributor, line: str):
    assert cited(attributor, line + "\n") == []


def test_a_publication_title_is_not_its_publisher(attributor: Attributor):
    text = "The World Economic Outlook forecast that growth would slow to 2.9 percent next year."
    assert "World Economic Outlook" not in cited(attributor, text)
    report = "The World Investment Report 2018 said that flows to developing economies were stable."
    assert cited(attributor, report) == []
    newsletter = "Prices will fall, said Kevin Krewell, the editor in chief of Microprocessor Report."
    assert cited(attributor, newsletter) == ["Microprocessor Report"]
    statistics = "The National Bureau of Statistics said retail sales rose 3 percent in May."
    assert cited(attributor, statistics) == ["National Bureau of Statistics"]


def test_an_ordinary_sentence_with_a_colon_is_unchanged(attributor: Attributor):
    text = "The plan has three parts: savings, investment and reform, the Treasury said."
    assert cited(attributor, text) == ["Treasury"]
