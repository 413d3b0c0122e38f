"""Documents: each format's text and title, and a clear reason for every file that is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.documents import discover, doc_id_for, load_document
from rag.documents import load as documents
from rag.errors import DocumentError
from tests.conftest import DATA, DOCX_PARAGRAPHS, PDF_TEXT, SEED, make_docx, make_pdf


def test_plain_text_title_is_its_first_line():
    document = load_document(SEED)
    assert document.title == "China's Sci-tech Innovation Leads the Way"
    assert document.text == SEED.read_text(encoding="utf-8")
    assert len(document.content_hash) == 64 and document.doc_id == doc_id_for(SEED)


def test_markdown_title_is_its_first_heading():
    document = load_document(DATA / "docs" / "kenya_solar.md")
    assert document.title == "Solar Power in Kenya"
    assert "412 megawatts" in document.text


def test_html_keeps_visible_text_only():
    document = load_document(DATA / "docs" / "beekeeping.html")
    assert document.title == "Beekeeping in Slovenia"
    assert "10,000 beekeepers" in document.text
    assert "Carniolan honey bee & its calm temper" in document.text
    for hidden in ("hidden script text", "color: red", "Enable JavaScript"):
        assert hidden not in document.text


def test_pdf_text_layer_and_metadata_title(tmp_path: Path):
    document = load_document(make_pdf(tmp_path / "r.pdf", PDF_TEXT, title="Reef Report"))
    assert document.title == "Reef Report"
    assert "14 percent of its coral reefs" in document.text


def test_docx_paragraphs_and_title(tmp_path: Path):
    document = load_document(make_docx(tmp_path / "r.docx", "Rail Freight", DOCX_PARAGRAPHS))
    assert document.title == "Rail Freight"
    assert DOCX_PARAGRAPHS[1] in document.text


def test_legacy_encoding_is_decoded_and_said(tmp_path: Path):
    path = tmp_path / "legacy.txt"
    path.write_bytes("Caf\u00e9 prices rose \u2013 said the bureau.".encode("cp1252"))
    document = load_document(path)
    assert document.text == "Caf\u00e9 prices rose \u2013 said the bureau."
    assert "not valid UTF-8" in document.notice and "cp1252" in document.notice


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\n ", "empty file"),
        ("binary.txt", b"\x00\x01\x02binary\x00", "binary file"),
        ("broken.pdf", b"%PDF-1.4\nthis is not really a pdf", "corrupt PDF"),
        ("broken.docx", b"PK\x03\x04 not a zip", "corrupt DOCX"),
        ("undecodable.txt", b"caf\x81\x8d\x8f\x90\x9d", "undecodable"),
    ],
)
def test_bad_files_raise_with_path_and_reason(tmp_path: Path, name: str, content: bytes, reason: str):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError) as info:
        load_document(path)
    assert info.value.path == str(path) and reason in info.value.reason
    assert str(path) in str(info.value)


def test_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(documents, "MAX_FILE_BYTES", 10)
    path = tmp_path / "big.txt"
    path.write_text("This file is longer than ten bytes.")
    with pytest.raises(DocumentError, match="over the size limit"):
        load_document(path)


def test_discover_recurses_skips_hidden_and_names_unsupported(tmp_path: Path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "sub" / "deeper" / "b.md").write_text("b")
    (tmp_path / ".hidden.txt").write_text("h")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    files, skipped = discover([tmp_path, tmp_path / "missing.txt"])
    assert sorted(p.name for p in files) == ["a.txt", "b.md"]
    reasons = {Path(s.path).name: s.reason for s in skipped}
    assert reasons == {"image.png": "unsupported type '.png'", "missing.txt": "not found"}
