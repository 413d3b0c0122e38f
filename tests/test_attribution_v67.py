"""Rules v67 and v68: persons the text introduces by title or role, regions, "according to" lists,
descriptors and owners, figures under a label, capitalised words the tagger misread, dashes."""

from __future__ import annotations

import pytest

from rag.attribution.gate import may_cite
from rag.attribution.institutions import is_place
from rag.attribution.introduced import introduced_persons
from rag.attribution.parse import Attributor
from tests.test_attribution_modern import cited


@pytest.mark.parametrize(
    "text, expected",
    [
        ("National Statistician Dennis Mapa told a briefing.", {"Dennis Mapa", "Dennis", "Mapa"}),
        ("Its president Datuk Aishah Ahmad said so.", {"Aishah Ahmad", "Aishah", "Ahmad"}),
        (
            "The Executive Secretary, Professor Abdullahi Ribadu, said.",
            {"Abdullahi Ribadu", "Abdullahi", "Ribadu"},
        ),
        (
            "Juan-Pierre Terblanche, chief survey statistician at the department, said.",
            {"Juan-Pierre Terblanche", "Juan-Pierre", "Terblanche"},
        ),
        ("IMA national president K.K. Aggarwal said.", {"K.K. Aggarwal", "Aggarwal"}),
        # a firm's officer after the firm's name, and a firm after a lower-case title, are no persons
        ("Goldman Sachs, chief economist Jan Hatzius said.", {"Jan Hatzius", "Jan", "Hatzius"}),
        ("said Dinesh Keskar, senior vice president Boeing.", set()),
        ("according to industry analyst Gartner.", set()),
        ("Fitch Ratings, the agency, said.", set()),
    ],
)
def test_persons_introduced_by_a_title_or_a_role(text: str, expected: set[str]):
    assert introduced_persons(text) == expected


def test_a_surname_the_text_introduced_with_a_title_speaks_for_nobody(attributor: Attributor):
    text = (
        "The jobless rate fell to 5.7 per cent, the Philippine Statistics Authority said. "
        "National Statistician Dennis Mapa told a press briefing that the labour force grew. "
        "Mapa said 1.15 million Filipinos joined the labor force last April."
    )
    assert cited(attributor, text) == ["Philippine Statistics Authority"]


def test_a_person_named_with_a_role_after_the_name_is_no_body(attributor: Attributor):
    text = (
        "Mining output fell 5 per cent, Statistics South Africa said. Juan-Pierre Terblanche, chief "
        "survey statistician at the department, said on Tuesday that platinum was the biggest factor."
    )
    assert cited(attributor, text) == ["Statistics South Africa"]


@pytest.mark.parametrize(
    "name, place",
    [
        ("South Asia", True),
        ("Central and Eastern Europe", True),
        ("Sub-Saharan Africa", True),
        ("EMEA", True),
        ("the Americas", True),
        ("Central Bank", False),
        ("West", False),
    ],
)
def test_regions_are_places(name: str, place: bool):
    assert is_place(name) is place


@pytest.mark.parametrize(
    "sentence, names",
    [
        # a region in a speaker's title is no body
        (
            "“The figures are stark,” said Meenakshi Ganguly, South Asia director at Human Rights Watch.",
            ["Human Rights Watch"],
        ),
        # a list after "according to" that is the clause's own subject
        (
            "According to the OECD, Germany, France, Italy and Spain had a 60 per cent share.",
            ["OECD"],
        ),
        (
            "According to the latest data released by CAICT, Huawei, Oppo and Xiaomi have pushed "
            "to introduce 5G phones.",
            ["CAICT"],
        ),
        # a list of sources before a common-noun subject stays whole
        (
            "According to a survey by Goldman Sachs & Co, Harris Interactive and Neilsen/Net Ratings "
            "sales surged 25%.",
            ["Goldman Sachs & Co", "Harris Interactive"],
        ),
        # a descriptor and the name after it, whatever the parse made of them
        (
            "The idle fleet slipped to 3.4% of capacity, according to shipping intelligence service "
            "Alphaliner.",
            ["Alphaliner"],
        ),
        (
            "The best-selling album is First Love, according to music statistics firm Oricon Inc.",
            ["Oricon Inc"],
        ),
        # figures under a label are no headline's claim
        ("BJP: 40%", []),
        # a source line's dated release
        ("Source: Gartner (April 2025)", ["Gartner"]),
        # a firm's name before "Head of" a field is the body
        (
            "“Margins are suffering,” Taurus Securities Head of Research, Mustafa Mustansir told the paper.",
            ["Taurus Securities"],
        ),
    ],
)
def test_v67_sentences(attributor: Attributor, sentence: str, names):
    assert cited(attributor, sentence) == names


def test_a_name_the_tagger_took_for_a_plural_noun_is_a_body_the_text_describes(attributor: Attributor):
    text = (
        "Room rates will fall, according to a new report by real estate consultants Colliers. "
        "Colliers says pressure will remain on room rates this year."
    )
    assert cited(attributor, text) == ["Colliers", "Colliers"]


def test_a_common_noun_opening_a_sentence_is_no_body(attributor: Attributor):
    text = "The police arrested a man. Police said the man posed a danger to the public."
    assert cited(attributor, text) == []


def test_said_in_its_statement_makes_a_body(attributor: Attributor):
    text = (
        "Just 198 ships were left inactive as of August 31, Alphaliner said in its weekly newsletter. "
        "The idle fleet fell, Alphaliner said."
    )
    assert cited(attributor, text) == ["Alphaliner", "Alphaliner"]


def test_role_words_running_to_the_end_of_a_name_do_not_break_the_rules(attributor: Attributor):
    sentence = (
        "Chamber of Mines Chief Executive Officer Sokwani Chilembo adds that Zambia’s mining industry "
        "is also expected to drop off the list."
    )
    assert cited(attributor, sentence) == ["Chamber of Mines"]


def test_a_sentence_the_rules_fail_on_is_skipped_and_the_rest_still_read(
    attributor: Attributor, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    from rag.attribution import rules

    real = rules.citations

    def failing(doc):
        if doc.text.startswith("Broken"):
            raise IndexError("a rule read past the sentence")
        return real(doc)

    monkeypatch.setattr(rules, "citations", failing)
    text = "Broken sentence, the OECD said. Growth slowed, the IMF said."
    assert cited(attributor, text) == ["IMF"]
    assert "attribution skipped a sentence (IndexError" in caplog.text


# rules v68


@pytest.mark.parametrize(
    "sentence, names",
    [
        # whatever the source owns after "according to", its owner is the source; not its critics
        (
            "According to Kaspersky’s telemetry, targeted ransomware attacks rose 2.5% in the Gulf.",
            ["Kaspersky"],
        ),
        ("According to the company's critics, the plan failed.", []),
        # a place list's word named by a descriptor is the body; a region in a title stays a place
        (
            "In a report published by state news agency MENA, CAPMAS said 2,808 people died.",
            ["MENA", "CAPMAS"],
        ),
        ("“Growth is strong,” said Jane Doe, director for MENA at Acme Bank.", ["Acme Bank"]),
        ("A blog is created every 5.8 seconds, according to a US research think-tank.", []),
        ("Source(s): Xinhua News Agency", ["Xinhua News Agency"]),
        # a body's report noun and a recording verb
        ("The TERI study recorded ammonia concentrations of 27.4 mg/l upstream.", ["TERI"]),
        # a horizontal bar closing a headline is a dash
        ("Oil demand to peak by 2030 ― IEA", ["IEA"]),
    ],
)
def test_v68_sentences(attributor: Attributor, sentence: str, names):
    assert cited(attributor, sentence) == names


def test_the_gate_passes_a_name_written_with_a_small_first_letter():
    sentence = "An apparent retail slump may be due to online shopping, with data from iPay88 showing a rise."
    assert may_cite(sentence, 0, len(sentence))
