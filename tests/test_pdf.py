"""PDF reports: pages and labels, clean text, encrypted files, outputs that name the page, the page view."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest

from rag.documents import load_document, location
from rag.documents.pdf_text import clean_pages, join_lines, normalise_glyphs
from rag.errors import DocumentError
from tests import pdfs
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("pdfs")
    report = pdfs.report(root / "report.pdf")
    return {
        "report": report,
        "labelled": pdfs.with_labels(report, root / "labelled.pdf"),
        "owner": pdfs.encrypted(report, root / "owner.pdf", user_password=""),
        "user": pdfs.encrypted(report, root / "user.pdf", user_password="open-sesame"),
        "columns": pdfs.two_columns(root / "columns.pdf"),
        "scan": pdfs.image_only(root / "scan.pdf"),
    }


def test_pages_have_numbers_labels_and_exact_ranges(made: dict[str, Path]):
    document = load_document(made["labelled"])
    assert [p.number for p in document.pages] == [1, 2, 3, 4, 5, 6]
    assert [p.label for p in document.pages] == ["i", "ii", "1", "2", "3", "4"]
    for page, topic in zip(document.pages, pdfs.TOPICS, strict=True):
        text = document.text[page.start : page.end]
        assert f"of the {topic} market" in text and text == text.strip()
    assert load_document(made["report"]).pages[0].label is None


def test_clean_text_rejoins_words_normalises_ligatures_and_drops_running_lines(made: dict[str, Path]):
    text = load_document(made["report"]).text
    assert "financial conditions" in text and "credit flows" in text
    assert "\ufb01" not in text and "\ufb02" not in text
    assert "found that information on credit" in text and "infor-" not in text
    assert pdfs.HEADER not in text and "Page 3" not in text
    # Lines of a paragraph are joined; a paragraph's short last line ends it.
    assert "that credit pressure would ease as the credit outlook improves.\nA second paragraph" in text


def test_title_is_the_largest_text_when_metadata_is_a_file_name(made: dict[str, Path]):
    assert load_document(made["report"]).title == "Monetary Policy Review"
    titled = pdfs.report(made["report"].parent / "titled.pdf", pages=3, title="Review of Credit Markets")
    assert load_document(titled).title == "Review of Credit Markets"


def test_outline_entries_are_sections(made: dict[str, Path]):
    document = load_document(made["report"])
    assert [h.title for h in document.headings] == [f"The {t.title()} Outlook" for t in pdfs.TOPICS]
    for heading in document.headings:
        assert document.text[heading.start : heading.start + len(heading.title)] == heading.title
    third = document.pages[2]
    assert location(document.pages, document.headings, third.start + 30, third.end)["section"] == (
        "The Labour Outlook"
    )


def test_two_columns_are_read_column_by_column(made: dict[str, Path]):
    text = load_document(made["columns"]).text
    order = [text.index(f"A{i} left") for i in range(1, 21)] + [
        text.index(f"B{i} right") for i in range(1, 21)
    ]
    assert order == sorted(order)


def test_owner_password_is_read_and_user_password_is_named(made: dict[str, Path]):
    assert "of the credit market" in load_document(made["owner"]).text
    with pytest.raises(DocumentError, match="encrypted: needs a password"):
        load_document(made["user"])


def test_no_text_layer_and_corrupt_files_are_named(made: dict[str, Path], tmp_path: Path):
    with pytest.raises(DocumentError, match="no text layer"):
        load_document(made["scan"])
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF")
    with pytest.raises(DocumentError, match="corrupt PDF"):
        load_document(broken)


def test_line_joining_rules():
    assert normalise_glyphs("e\ufb03cient\u00a0and o\ufb00er") == "efficient and offer"
    wide = "x" * 60
    assert join_lines([f"{wide} infor-", "mation follows."]) == f"{wide} information follows."
    assert join_lines([f"{wide} well-", "Known"]) == f"{wide} well-\nKnown"  # upper case: a new line
    assert join_lines(["Contents", wide + " a", wide + " b", "- an item", "- another"]) == (
        f"Contents\n{wide} a {wide} b\n- an item\n- another"
    )
    bodies = [f"The {topic} section says what the {topic} data show this year." for topic in pdfs.TOPICS]
    pages = [["Running Head", body, str(number + 7)] for number, body in enumerate(bodies)]
    assert clean_pages(["\n".join(p) for p in pages]) == bodies


def test_pages_reach_ask_json_cite_json_and_the_printed_answer(made: dict[str, Path], tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "labelled.pdf").write_bytes(made["labelled"].read_bytes())
    assert run_cli("ingest", str(docs), "--index", str(tmp_path / "index"), cwd=tmp_path).returncode == 0
    asked = run_cli(
        "ask",
        "What did the Bank of Examples say about labour?",
        "--json",
        "--k",
        "1",
        "--index",
        str(tmp_path / "index"),
        cwd=tmp_path,
    )
    passage = json.loads(asked.stdout)["passages"][0]
    assert "labour" in passage["text"]
    # A chunk of about 180 tokens spans pages here: it starts on the page of "labour" or before.
    first, last = passage["pages"]
    assert first <= 3 <= last and passage["text"].startswith("The Labour Outlook") == (first == 3)
    labels = ["i", "ii", "1", "2", "3", "4"]
    assert passage["page_labels"] == [labels[first - 1], labels[last - 1]]
    assert passage["section"] == ("The Labour Outlook" if first == 3 else "The Housing Outlook")
    printed = run_cli(
        "ask",
        "What did the Bank of Examples say about labour?",
        "--k",
        "1",
        "--index",
        str(tmp_path / "index"),
        cwd=tmp_path,
    ).stdout
    where = f"pp. {labels[first - 1]}–{labels[last - 1]}" if first != last else f"p. {labels[first - 1]}"
    assert f"{where}, chars" in printed
    cited = [
        json.loads(line) for line in run_cli("cite", str(docs), "--json", cwd=tmp_path).stdout.splitlines()
    ]
    labour = next(c for c in cited if "labour pressure" in c["sentence"])
    assert labour["page"] == 3 and labour["page_label"] == "1"
    assert any(i["name"] == "Bank of Examples" for i in labour["cited"])


def test_the_page_view_highlights_the_passage(made: dict[str, Path], tmp_path: Path):
    from PIL import Image

    from rag.api import RagIndex

    index = RagIndex(tmp_path / "index")
    index.ingest([made["labelled"]])
    passage = index.ask("What did the Bank of Examples say about energy?", k=1).passages[0]
    assert passage.pages[0] <= 4 <= passage.pages[1]
    image = np.asarray(Image.open(io.BytesIO(index.page_image(passage.chunk_id))).convert("RGB"))
    assert image.shape[1] > 800
    red, green, blue = image[..., 0].astype(int), image[..., 1].astype(int), image[..., 2].astype(int)
    yellow = int(((red > 240) & (green > 200) & (blue < 150)).sum())
    assert yellow > 2000, "the passage's lines are highlighted"
    view = index.passage_view(passage.chunk_id)
    assert view.page == passage.pages[0] and view.where == passage.where
    assert view.text[view.start : view.end] == passage.text
    with pytest.raises(Exception, match="no passage"):
        index.page_image("../../etc/passwd")


def test_a_folder_of_every_bad_kind_commits_the_good_files(made: dict[str, Path], tmp_path: Path):
    docs = tmp_path / "mixed"
    docs.mkdir()
    (docs / "good.txt").write_text("The Bureau of Statistics said exports rose by 4 percent.\n")
    (docs / "good.pdf").write_bytes(made["report"].read_bytes())
    (docs / "locked.pdf").write_bytes(made["user"].read_bytes())
    (docs / "scan.pdf").write_bytes(made["scan"].read_bytes())
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage")
    (docs / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (docs / "locked.docx").write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le")
    )
    (docs / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (docs / "empty.md").write_text("  \n")
    (docs / "data.xyz").write_text("unsupported")
    done = run_cli("ingest", str(docs), "--index", str(tmp_path / "index"), cwd=tmp_path)
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr and "added 2," in done.stdout
    reasons = {
        "locked.pdf": "encrypted: needs a password",
        "scan.pdf": "no text layer",
        "broken.pdf": "corrupt PDF",
        "broken.docx": "corrupt DOCX",
        "locked.docx": "encrypted: needs a password",
        "binary.txt": "binary file",
        "empty.md": "empty file",
        "data.xyz": "unsupported type",
    }
    lines = done.stderr.splitlines()
    for name, reason in reasons.items():
        assert any(f"{name}: " in line and reason in line for line in lines), (name, done.stderr)


def test_a_file_slower_than_the_limit_is_skipped_and_the_next_is_read(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    pdfs.report(docs / "a-long.pdf", pages=300)
    (docs / "b-short.txt").write_text("The Water Board said reservoirs are full.\n")
    done = run_cli(
        "ingest", str(docs), "--index", str(tmp_path / "index"), "--file-timeout", "0.05", cwd=tmp_path
    )
    assert done.returncode == 3 and "added 1," in done.stdout
    assert "a-long.pdf: too slow: reading took more than 0.05 s" in done.stderr
    assert run_cli("ingest", str(docs), "--index", str(tmp_path / "index"), cwd=tmp_path).returncode == 0
