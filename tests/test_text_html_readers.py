"""Text and HTML readers: encodings, unwrapped paragraphs, Markdown headings, a page's main text and title."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from rag.documents import Document, load_document
from rag.errors import DocumentError

SAMPLE = "Caf\u00e9 prices rose by 4 percent \u2013 the bureau said.\nSecond line."


def _load(tmp_path: Path, name: str, data: bytes | str) -> Document:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return load_document(path)


def _assert_headings_exact(document: Document) -> None:
    for heading in document.headings:
        assert document.text[heading.start : heading.start + len(heading.title)] == heading.title


@pytest.mark.parametrize(
    "bom, encoding, label",
    [
        (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16-LE"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16-BE"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32-LE"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32-BE"),
    ],
)
def test_utf16_and_utf32_with_a_byte_order_mark(tmp_path: Path, bom: bytes, encoding: str, label: str):
    document = _load(tmp_path, "wide.txt", bom + SAMPLE.encode(encoding))
    assert document.text == SAMPLE
    assert document.notice == f"decoded as {label} (byte-order mark)"


def test_utf8_byte_order_mark_is_dropped_without_a_notice(tmp_path: Path):
    document = _load(tmp_path, "bom.txt", codecs.BOM_UTF8 + SAMPLE.encode("utf-8"))
    assert (document.text, document.notice) == (SAMPLE, "")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_utf16_and_utf32_without_a_mark_are_told_by_their_nul_bytes(tmp_path: Path, encoding: str):
    document = _load(tmp_path, "nomark.txt", SAMPLE.encode(encoding))
    assert document.text == SAMPLE
    assert document.notice == f"decoded as {encoding.upper()} (no byte-order mark; told by its NUL bytes)"


@pytest.mark.parametrize(
    "text, encoding, notice",
    [
        (SAMPLE, "cp1252", "not valid UTF-8 (byte 3); decoded as cp1252"),
        ("Müller sagte: Grüße aus Köln.", "latin-1", "not valid UTF-8 (byte 1); decoded as cp1252"),
        ("Погода в Москве сегодня солнечная.", "cp1251", "not valid UTF-8 (byte 0); decoded as cp1251"),
        ("Zażółć gęślą jaźń. Władysław kupił.", "cp1250", "not valid UTF-8 (byte 2); decoded as cp1250"),
    ],
)
def test_legacy_encodings_are_decoded_and_named(tmp_path: Path, text: str, encoding: str, notice: str):
    document = _load(tmp_path, "legacy.txt", text.encode(encoding))
    assert (document.text, document.notice) == (text, notice)


def test_utf8_with_a_stray_byte_stays_utf8(tmp_path: Path):
    data = "Caf\u00e9 cr\u00e8me \u2013 d\u00e9j\u00e0 vu, ".encode() + b"\x92 said the menu."
    document = _load(tmp_path, "stray.txt", data)
    assert document.text == "Caf\u00e9 cr\u00e8me \u2013 d\u00e9j\u00e0 vu, \ufffd said the menu."
    assert document.notice == "not valid UTF-8 (byte 28); decoded as UTF-8, 1 bad bytes replaced"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes((i * 37 + 11) % 256 for i in range(4096)),
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes((i * i) % 251 for i in range(2048)),
    ],
)
def test_real_binary_is_skipped(tmp_path: Path, data: bytes):
    with pytest.raises(DocumentError) as info:
        _load(tmp_path, "image.txt", data)
    assert info.value.reason == "binary file (contains NUL bytes)"


WRAPPED = """KENYA SOLAR REVIEW
March 3, 2024

Kenya installed 412 megawatts of new solar capacity in 2024, most of it
in off-grid systems for rural households, according to the International
Energy Agency. The Kenya Power and Lighting Company said the national
grid now reaches 75 percent of the population, up from 32 percent a
decade ago.

Financing
Pay-as-you-go contracts financed two thirds of the home solar kits sold
last year, a survey by the Nairobi Institute of Energy Policy found:
- kits under 50 watts made up most of the sales in the western counties
  and around Lake Victoria
- larger systems went to clinics and schools
Source: Nairobi Institute of Energy Policy, household survey of 2,400
homes in eleven counties
Prices fell by a fifth over the year as importers competed for the same
buyers.
"""

UNWRAPPED = """KENYA SOLAR REVIEW
March 3, 2024

Kenya installed 412 megawatts of new solar capacity in 2024, most of it \
in off-grid systems for rural households, according to the International \
Energy Agency. The Kenya Power and Lighting Company said the national \
grid now reaches 75 percent of the population, up from 32 percent a \
decade ago.

Financing
Pay-as-you-go contracts financed two thirds of the home solar kits sold \
last year, a survey by the Nairobi Institute of Energy Policy found:
- kits under 50 watts made up most of the sales in the western counties \
  and around Lake Victoria
- larger systems went to clinics and schools
Source: Nairobi Institute of Energy Policy, household survey of 2,400
homes in eleven counties
Prices fell by a fifth over the year as importers competed for the same \
buyers.
"""


def test_hard_wrapped_paragraphs_are_joined_and_blocks_kept(tmp_path: Path):
    document = _load(tmp_path, "wrapped.txt", WRAPPED)
    assert document.text == UNWRAPPED
    assert len(document.text) == len(WRAPPED)
    assert document.title == "KENYA SOLAR REVIEW"


def test_hard_wrapped_windows_line_ends_keep_their_length(tmp_path: Path):
    crlf = WRAPPED.replace("\n", "\r\n")
    document = _load(tmp_path, "wrapped.txt", crlf.encode())
    assert len(document.text) == len(crlf)
    assert "most of it  in off-grid systems" in document.text
    assert "decade ago.\r\n\r\nFinancing\r\n" in document.text


@pytest.mark.parametrize(
    "text",
    [
        "Short note\nLine two is here\nand a third\n\nThe end\n",
        "A report whose paragraphs are single long lines, as most editors save them, is left alone: "
        "there is nothing to join in it, and a line break there ends a paragraph.\nSecond paragraph\n",
    ],
)
def test_text_that_is_not_hard_wrapped_is_unchanged(tmp_path: Path, text: str):
    assert _load(tmp_path, "plain.txt", text).text == text


def test_markdown_is_not_unwrapped_and_its_headings_are_located(tmp_path: Path):
    source = (
        "# Solar Power in Kenya\n\nKenya installed 412 megawatts of new solar capacity in 2024, most of it\n"
        "in off-grid systems.\n\n## Financing ##\n\n```python\n# not a heading\n```\n\n"
        "Prices\n------\n\nThey fell.\n"
    )
    document = _load(tmp_path, "kenya.md", source)
    assert document.text == source
    assert document.title == "Solar Power in Kenya"
    assert [(h.title, h.start, h.level) for h in document.headings] == [
        ("Solar Power in Kenya", 2, 1),
        ("Financing", source.index("Financing"), 2),
        ("Prices", source.index("Prices"), 2),
    ]
    _assert_headings_exact(document)


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Flood report</title><div>Updated hourly</div><meta name='x' content='y'>"
        "</head><body><p>The river rose by two metres on Tuesday.</p></body></html>",
        "<html><head><title>Flood report</title>Updated hourly<link rel='icon' href='x.png'></head>"
        "<body><p>The river rose by two metres on Tuesday.</p></body></html>",
        "<html><head><title>Flood report</title><p>Updated hourly</p><p>The river rose by two metres on "
        "Tuesday.</p></html>",
    ],
)
def test_malformed_head_does_not_hide_the_page(tmp_path: Path, page: str):
    document = _load(tmp_path, "flood.html", page)
    assert document.title == "Flood report"
    assert document.text == "Updated hourly\nThe river rose by two metres on Tuesday."


NEWS_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>kenya_solar_2024.html</title>
<meta property="og:title" content="Kenya's solar boom"><script>window.dataLayer = [];</script></head>
<body>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience.
<button>Accept all</button></div>
<header class="site-header"><a href="/">Daily Planet</a>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/energy">Energy</a></li></ul></nav>
<form role="search"><input type="search" placeholder="Search the site"><button>Search</button></form>
</header>
<main><article>
<h1>Kenya's solar boom outpaces the grid</h1>
<p class="byline">By Jane Doe, March 3, 2024</p>
<p>Kenya installed 412 megawatts of new solar capacity in 2024, according to the International Energy
Agency. Most of it went into off-grid systems for rural households.</p>
<h2>Financing</h2>
<p>Pay-as-you-go contracts financed two thirds of home solar kits sold last year, a survey by the
Nairobi Institute of Energy Policy found.</p>
<div class="share-tools"><a href="#">Share on Twitter</a> <a href="#">Share on Facebook</a></div>
</article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Ethiopia opens its first wind farm</a>
</li><li><a href="/b">Grid tariffs rise in Uganda</a></li></ul></aside>
</main>
<footer><p>&copy; 2024 Daily Planet Media. All rights reserved.</p>
<a href="/privacy">Privacy policy</a></footer>
</body></html>
"""


def test_main_article_is_kept_and_page_furniture_dropped(tmp_path: Path):
    document = _load(tmp_path, "news.html", NEWS_PAGE)
    assert document.text == (
        "Kenya's solar boom outpaces the grid\n"
        "By Jane Doe, March 3, 2024\n"
        "Kenya installed 412 megawatts of new solar capacity in 2024, according to the International Energy "
        "Agency. Most of it went into off-grid systems for rural households.\n"
        "Financing\n"
        "Pay-as-you-go contracts financed two thirds of home solar kits sold last year, a survey by the "
        "Nairobi Institute of Energy Policy found."
    )
    for furniture in ("cookies", "Home", "Search", "Share on", "Related stories", "Uganda", "Privacy"):
        assert furniture not in document.text
    assert document.title == "Kenya's solar boom outpaces the grid"
    assert [(h.title, h.level) for h in document.headings] == [
        ("Kenya's solar boom outpaces the grid", 1),
        ("Financing", 2),
    ]
    _assert_headings_exact(document)


def test_short_page_falls_back_to_its_visible_text(tmp_path: Path):
    document = _load(tmp_path, "short.html", '<h3 class="l_titel">Jahresabschluss 2020</h3>')
    assert (document.text, document.title) == ("Jahresabschluss 2020", "Jahresabschluss 2020")


CYRILLIC = "Погода в Москве"


@pytest.mark.parametrize(
    "head, text, encoding, notice",
    [
        (
            '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
            CYRILLIC,
            "cp1251",
            "decoded as cp1251 (declared by the page)",
        ),
        (
            '<meta charset="ISO-8859-1">',
            "Cr\u00e8me br\u00fbl\u00e9e costs 5 \u20ac.",
            "cp1252",
            "decoded as cp1252 (declared by the page)",
        ),
    ],
)
def test_declared_charset_is_used(tmp_path: Path, head: str, text: str, encoding: str, notice: str):
    page = f"<html><head>{head}<title>{text}</title></head><body><p>{text}</p></body></html>"
    document = _load(tmp_path, "declared.html", page.encode(encoding))
    assert (document.text, document.title, document.notice) == (text, text, notice)


@pytest.mark.parametrize(
    "bom, encoding, notice",
    [
        (codecs.BOM_UTF8, "utf-8", ""),
        (codecs.BOM_UTF16_LE, "utf-16-le", "decoded as UTF-16-LE (byte-order mark)"),
    ],
)
def test_byte_order_mark_beats_the_declared_charset(tmp_path: Path, bom: bytes, encoding: str, notice: str):
    page = '<html><head><meta charset="windows-1251"></head><body><p>Café déjà vu</p></body></html>'
    document = _load(tmp_path, "bom.html", bom + page.encode(encoding))
    assert (document.text, document.notice) == ("Café déjà vu", notice)


@pytest.mark.parametrize(
    "head, body, title",
    [
        ("<title>report_final_v2.html</title>", "<h1>Flood Report</h1><p>Rivers rose.</p>", "Flood Report"),
        (
            '<title>annual-report-2024</title><meta property="og:title" content="Annual report 2024">',
            "<p>Revenue grew by 4 percent.</p>",
            "Annual report 2024",
        ),
        ("<title>Annual report 2024 | Acme</title>", "<h1>Annual report</h1><p>Revenue grew.</p>", None),
        ("<title>scan_0042.pdf</title>", "<p>The board met on 4 May.</p>", "The board met on 4 May."),
        ("", "<h1>Flood Report</h1><p>Rivers rose.</p>", "Flood Report"),
    ],
)
def test_title_a_person_would_give(tmp_path: Path, head: str, body: str, title: str | None):
    document = _load(tmp_path, "page.html", f"<html><head>{head}</head><body>{body}</body></html>")
    assert document.title == (title or "Annual report 2024 | Acme")


def test_html_headings_h1_to_h3_have_exact_offsets(tmp_path: Path):
    page = (
        "<html><body><h1>Water in Slovenia</h1><p>Slovenia has 26,000 km of rivers and streams.</p>"
        "<h2>Rivers</h2><p>The Sava is the longest river, at 221 km within the country.</p>"
        "<h3>Floods</h3><p>Floods in August 2023 damaged 8,000 homes.</p><h4>Minor</h4><p>Detail.</p>"
        "<table><tr><th>River</th><th>Length</th></tr><tr><td>Sava</td><td>221 km</td></tr></table>"
        "</body></html>"
    )
    document = _load(tmp_path, "water.html", page)
    assert document.text == (
        "Water in Slovenia\nSlovenia has 26,000 km of rivers and streams.\nRivers\n"
        "The Sava is the longest river, at 221 km within the country.\nFloods\n"
        "Floods in August 2023 damaged 8,000 homes.\nMinor\nDetail.\nRiver | Length\nSava | 221 km"
    )
    assert [(h.title, h.start, h.level) for h in document.headings] == [
        ("Water in Slovenia", 0, 1),
        ("Rivers", 64, 2),
        ("Floods", 132, 3),
    ]
    _assert_headings_exact(document)


def test_scripts_and_styles_never_show_and_markup_in_text_stays_text(tmp_path: Path):
    page = (
        "<html><head><style>p { color: red }</style><script>alert('hidden')</script></head><body>"
        "<p>Use &lt;script&gt; tags with care &amp; caution: caf&eacute; &#8364;5.</p>"
        "<script>var x = '<p>no</p>';</script><noscript>Turn on JavaScript</noscript>"
        "<div style='display: none'>Invisible</div></body></html>"
    )
    document = _load(tmp_path, "markup.html", page)
    assert document.text == "Use <script> tags with care & caution: caf\u00e9 \u20ac5."
