"""DOCX reader: tables in document order with a line per cell, notes, headings, titles and skip reasons."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from rag.chunking import split_sentences
from rag.documents import load_document
from rag.documents.docx import read_docx
from rag.documents.record import Heading
from rag.errors import DocumentError

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def ole_file(stream: str) -> bytes:
    """An OLE compound file's header and a directory entry naming `stream`, as Office writes it."""
    return OLE_MAGIC + bytes(504) + stream.encode("utf-16-le") + bytes(64)


def save(document: docx.document.Document, path: Path) -> Path:
    document.save(str(path))
    return path


def rewrite(path: Path, changes: dict[str, bytes | None]) -> Path:
    """Replace, add (bytes) or drop (None) parts of the package."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    for name, content in changes.items():
        if content is None:
            parts.pop(name, None)
        else:
            parts[name] = content
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return path


def assert_headings_exact(text: str, headings: tuple[Heading, ...]) -> None:
    for heading in headings:
        assert text[heading.start : heading.start + len(heading.title)] == heading.title


def test_table_cells_are_lines_so_no_sentence_spans_two_cells(tmp_path: Path):
    document = docx.Document()
    document.add_paragraph("Before the table.")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Country", "Capacity", "Note"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["Kenya", "412 MW", "Grew fast in 2023"], strict=True):
        cell.text = text
    document.add_paragraph("After the table.")
    loaded = load_document(save(document, tmp_path / "table.docx"))
    assert loaded.text == (
        "Before the table.\n\nCountry\nCapacity\nNote\n\nKenya\n412 MW\nGrew fast in 2023\n\nAfter the table."
    )
    sentences = [loaded.text[s:e] for s, e in split_sentences(loaded.text)]
    assert sentences == [
        "Before the table.",
        "Country",
        "Capacity",
        "Note",
        "Kenya",
        "412 MW",
        "Grew fast in 2023",
        "After the table.",
    ]


def test_sentences_inside_one_cell_stay_in_it(tmp_path: Path):
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Output rose. It was a record"
    table.cell(0, 0).add_paragraph("Second paragraph of the cell")
    table.cell(0, 1).text = "Next cell without a full stop"
    text = load_document(save(document, tmp_path / "cell.docx")).text
    assert text == "Output rose. It was a record\nSecond paragraph of the cell\nNext cell without a full stop"
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Output rose.",
        "It was a record",
        "Second paragraph of the cell",
        "Next cell without a full stop",
    ]


def test_merged_cells_are_read_once(tmp_path: Path):
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Wide heading"
    table.cell(0, 2).text = "Right"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "Tall"
    for (row, col), text in {(1, 1): "b1", (1, 2): "c1", (2, 1): "b2", (2, 2): "c2"}.items():
        table.cell(row, col).text = text
    # python-docx's own view repeats a merged cell once per grid position it covers.
    assert [c.text for c in table.rows[0].cells] == ["Wide heading", "Wide heading", "Right"]
    assert [c.text for c in table.rows[2].cells] == ["Tall", "b2", "c2"]
    extracted = read_docx("merged.docx", save(document, tmp_path / "merged.docx").read_bytes())
    assert extracted.text == "Wide heading\nRight\n\nTall\nb1\nc1\n\nb2\nc2"


def test_nested_table_is_read_inside_its_cell(tmp_path: Path):
    document = docx.Document()
    document.add_paragraph("Summary follows.")
    outer = document.add_table(rows=1, cols=2)
    left = outer.cell(0, 0)
    left.text = "Outer left"
    inner = left.add_table(rows=2, cols=2)
    for (row, col), text in {(0, 0): "In a1", (0, 1): "In b1", (1, 0): "In a2", (1, 1): "In b2"}.items():
        inner.cell(row, col).text = text
    outer.cell(0, 1).text = "Outer right"
    document.add_paragraph("Closing remark.")
    text = load_document(save(document, tmp_path / "nested.docx")).text
    assert text == (
        "Summary follows.\n\nOuter left\n\nIn a1\nIn b1\n\nIn a2\nIn b2\n\nOuter right\n\nClosing remark."
    )


def test_paragraphs_and_tables_keep_document_order(tmp_path: Path):
    document = docx.Document()
    document.add_paragraph("One.")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "Two"
    document.add_paragraph("Three.")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "Four"
    document.add_paragraph("")  # empty paragraphs leave no empty lines
    document.add_paragraph("Five.")
    text = load_document(save(document, tmp_path / "order.docx")).text
    assert text == "One.\n\nTwo\n\nThree.\n\nFour\n\nFive."


def test_table_only_document_has_text(tmp_path: Path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    for (row, col), text in {(0, 0): "Region", (0, 1): "Hives", (1, 0): "Gorenjska", (1, 1): "1,200"}.items():
        table.cell(row, col).text = text
    loaded = load_document(save(document, tmp_path / "only-table.docx"))
    assert loaded.text == "Region\nHives\n\nGorenjska\n1,200"
    assert loaded.title == "Region"


def test_headings_with_exact_offsets(tmp_path: Path):
    document = docx.Document()
    document.add_heading("Annual Report", level=0)
    document.add_paragraph("Intro text.")
    document.add_heading("1.\tMethods", level=1)
    document.add_paragraph("We counted.")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "Cell"
    document.add_heading("Data sources", level=2)
    document.add_paragraph("Ministry records.")
    document.add_heading("", level=1)  # an empty heading is no heading
    loaded = load_document(save(document, tmp_path / "headings.docx"))
    assert loaded.text == (
        "Annual Report\nIntro text.\n1. Methods\nWe counted.\n\nCell\n\nData sources\nMinistry records."
    )
    assert loaded.headings == (
        Heading("Annual Report", 0, 0),
        Heading("1. Methods", 26, 1),
        Heading("Data sources", 56, 2),
    )
    assert_headings_exact(loaded.text, loaded.headings)
    assert loaded.title == "Annual Report"


@pytest.mark.parametrize(
    "core, expected",
    [
        ("Rail Freight in Germany", "Rail Freight in Germany"),
        ("Microsoft Word - draft7.doc", "Body Title"),
        ("untitled", "Body Title"),
        ("Untitled document", "Body Title"),
        ("Document1", "Body Title"),
        ("report.docx", "Body Title"),
        ("   ", "Body Title"),
    ],
)
def test_title_prefers_a_real_core_title_then_the_title_paragraph(tmp_path: Path, core: str, expected: str):
    document = docx.Document()
    document.core_properties.title = core
    document.add_heading("First Section", level=1)
    document.add_heading("Body Title", level=0)
    assert load_document(save(document, tmp_path / "titled.docx")).title == expected


def test_title_falls_back_to_first_heading_1_then_to_the_caller(tmp_path: Path):
    document = docx.Document()
    document.core_properties.title = "Document1"
    document.add_paragraph("Opening line of text.")
    document.add_heading("Minor", level=2)
    document.add_heading("Major", level=1)
    assert load_document(save(document, tmp_path / "h1.docx")).title == "Major"

    plain = docx.Document()
    plain.add_paragraph("Opening line of text.")
    path = save(plain, tmp_path / "plain.docx")
    assert read_docx(str(path), path.read_bytes()).title == ""
    assert load_document(path).title == "Opening line of text."


def test_missing_core_properties_give_no_invented_title(tmp_path: Path):
    document = docx.Document()
    document.add_paragraph("Only a paragraph.")
    path = save(document, tmp_path / "no-core.docx")
    with zipfile.ZipFile(path) as package:
        rels = package.read("_rels/.rels").decode()
    rels = rels.replace(
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
        'metadata/core-properties" Target="docProps/core.xml"/>',
        "",
    )
    assert "core-properties" not in rels
    rewrite(path, {"docProps/core.xml": None, "_rels/.rels": rels.encode()})
    assert load_document(path).title == "Only a paragraph."  # python-docx alone would say "Word Document"


def _notes_xml(kind: str, notes: list[tuple[str, str | None, list[str]]]) -> bytes:
    body = ""
    for note_id, note_type, paragraphs in notes:
        type_attr = f' w:type="{note_type}"' if note_type else ""
        runs = "".join(
            f'<w:p><w:r><w:{kind}Ref/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p>'
            for text in paragraphs
        )
        body += f'<w:{kind} w:id="{note_id}"{type_attr}>{runs}</w:{kind}>'
    return f'<?xml version="1.0" encoding="UTF-8"?><w:{kind}s {W_NS}>{body}</w:{kind}s>'.encode()


def _with_notes(path: Path, footnotes: bytes, endnotes: bytes) -> Path:
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path) as package:
        types = package.read("[Content_Types].xml").decode()
        rels = package.read("word/_rels/document.xml.rels").decode()
    types = types.replace(
        "</Types>",
        f'<Override PartName="/word/footnotes.xml" ContentType="{main}.footnotes+xml"/>'
        f'<Override PartName="/word/endnotes.xml" ContentType="{main}.endnotes+xml"/></Types>',
    )
    rels = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rId90" Type="{rel}/footnotes" Target="footnotes.xml"/>'
        f'<Relationship Id="rId91" Type="{rel}/endnotes" Target="endnotes.xml"/></Relationships>',
    )
    return rewrite(
        path,
        {
            "[Content_Types].xml": types.encode(),
            "word/_rels/document.xml.rels": rels.encode(),
            "word/footnotes.xml": footnotes,
            "word/endnotes.xml": endnotes,
        },
    )


def _noted_document(tmp_path: Path) -> Path:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "RUNNING HEADER"
    document.sections[0].footer.paragraphs[0].text = "Page footer"
    for text, note_id in (("Exports rose 12 percent.", 1), ("Imports fell.", 2)):
        paragraph = document.add_paragraph(text)
        paragraph._p.append(parse_xml(f'<w:r {W_NS}><w:footnoteReference w:id="{note_id}"/></w:r>'))
    return save(document, tmp_path / "notes.docx")


def test_footnotes_and_endnotes_follow_the_body_under_notes(tmp_path: Path):
    footnotes = _notes_xml(
        "footnote",
        [
            ("-1", "separator", ["SEPARATOR"]),
            ("0", "continuationSeparator", ["CONTINUATION"]),
            ("2", None, ["Source: World Bank, 2023."]),  # stored before note 1: read in id order
            ("1", None, ["Source: IMF."]),
            ("3", None, ["Compiled by the bureau.", "Revised in May."]),
        ],
    )
    endnotes = _notes_xml("endnote", [("0", "separator", ["SEPARATOR"]), ("1", None, ["OECD data."])])
    loaded = load_document(_with_notes(_noted_document(tmp_path), footnotes, endnotes))
    assert loaded.text == (
        "Exports rose 12 percent.\nImports fell.\n\nNotes\nSource: IMF.\nSource: World Bank, 2023.\n"
        "Compiled by the bureau. Revised in May.\nOECD data."
    )
    assert loaded.headings == (Heading("Notes", loaded.text.index("Notes"), 1),)
    assert_headings_exact(loaded.text, loaded.headings)
    assert loaded.title == "Exports rose 12 percent."  # "Notes" is not a title


def test_unreadable_notes_part_leaves_the_body_and_says_so(tmp_path: Path):
    path = _with_notes(_noted_document(tmp_path), b"<w:footnotes not xml", _notes_xml("endnote", []))
    loaded = load_document(path)
    assert loaded.text == "Exports rose 12 percent.\nImports fell."
    assert "footnotes left out" in loaded.notice


def test_shown_text_only_and_text_boxes_once(tmp_path: Path):
    document = docx.Document()
    tracked = document.add_paragraph()
    tracked._p.append(parse_xml(f'<w:r {W_NS}><w:t xml:space="preserve">Output grew </w:t></w:r>'))
    deleted = "<w:r><w:delText>slowly</w:delText></w:r>"
    tracked._p.append(parse_xml(f'<w:del {W_NS} w:id="1" w:author="a">{deleted}</w:del>'))
    tracked._p.append(parse_xml(f'<w:ins {W_NS} w:id="2" w:author="a"><w:r><w:t>fast</w:t></w:r></w:ins>'))
    tracked._p.append(parse_xml(f"<w:r {W_NS}><w:t>.</w:t></w:r>"))
    boxed = document.add_paragraph("See the box")
    box = "<w:txbxContent><w:p><w:r><w:t>Boxed note.</w:t></w:r></w:p></w:txbxContent>"
    boxed._p.append(
        parse_xml(
            f'<w:r {W_NS} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
            'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
            'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps">'
            f"<w:drawing><wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></w:drawing></mc:Choice>"
            f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback>"
            "</mc:AlternateContent></w:r>"
        )
    )
    boxed._p.addnext(
        parse_xml(
            f'<w:sdt {W_NS}><w:sdtPr><w:alias w:val="Field"/></w:sdtPr><w:sdtContent><w:p><w:r>'
            "<w:t>Inside a control.</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        )
    )
    linked = document.add_paragraph("Read ")
    link = "<w:r><w:t>the annex</w:t></w:r>"
    linked._p.append(parse_xml(f'<w:hyperlink {W_NS} w:anchor="annex">{link}</w:hyperlink>'))
    text = load_document(save(document, tmp_path / "shown.docx")).text
    assert text == "Output grew fast.\nSee the box\nBoxed note.\nInside a control.\nRead the annex"


@pytest.mark.parametrize(
    "content, reason",
    [
        (ole_file("EncryptedPackage"), "encrypted: needs a password"),
        (ole_file("WordDocument"), "not a DOCX file (an old Word .doc?)"),
        (b"PK\x03\x04 not a zip", "corrupt DOCX (BadZipFile)"),
        (b"{\\rtf1 an RTF file under a .docx name}", "corrupt DOCX (BadZipFile)"),
    ],
)
def test_unreadable_files_are_named(tmp_path: Path, content: bytes, reason: str):
    path = tmp_path / "locked.docx"
    path.write_bytes(content)
    with pytest.raises(DocumentError) as info:
        load_document(path)
    assert info.value.path == str(path) and info.value.reason == reason
