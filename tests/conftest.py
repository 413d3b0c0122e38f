"""Shared fixtures: real documents on disk, the real model, real indexes in temporary folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pg_fixture import pg_server, pg_url  # noqa: F401 - fixtures for the PostgreSQL backend

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_6d8c507b6052882a.txt"
DATA = ROOT / "tests" / "data"
SHARED = ROOT.parent / "shared"

PDF_TEXT = [
    "Coral Reef Decline",
    "Between 2009 and 2018 the world lost 14 percent of its coral reefs.",
    "The Global Coral Reef Monitoring Network said rising sea temperatures were the main cause.",
]
DOCX_PARAGRAPHS = [
    "Rail freight in Germany grew by 4 percent in 2023.",
    "Deutsche Bahn said new electric locomotives cut freight emissions by a fifth.",
]


def write_pdf_objects(path: Path, objects: list[bytes], trailer: bytes = b"") -> None:
    """Objects 1..n as a PDF file with its cross-reference table; object 1 is the catalog."""
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer + b" " if trailer else b"",
        table,
    )
    path.write_bytes(bytes(out))


def make_pdf(path: Path, lines: list[str], title: str = "Coral Reef Decline") -> Path:
    """A minimal one-page PDF with a real text layer, written byte by byte."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = ["BT", "/F1 11 Tf", "72 720 Td"]
    for line in lines:
        ops += [f"({escape(line)}) Tj", "0 -16 Td"]
    stream = "\n".join([*ops, "ET"]).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Title (" + escape(title).encode("latin-1") + b") >>",
    ]
    write_pdf_objects(path, objects, b"/Info 6 0 R")
    return path


def make_docx(path: Path, title: str, paragraphs: list[str]) -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(str(path))
    return path


@pytest.fixture(scope="session")
def attributor():
    """One attribution reader (the real spaCy model) for the attribution test modules."""
    from rag.attribution import Attributor

    return Attributor()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed report, the committed test documents, and a generated PDF and DOCX."""
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copy(SEED, folder / SEED.name)
    for path in (DATA / "docs").iterdir():
        shutil.copy(path, folder / path.name)
    make_pdf(folder / "coral.pdf", PDF_TEXT)
    make_docx(folder / "rail.docx", "Rail Freight in Germany", DOCX_PARAGRAPHS)
    return folder


@pytest.fixture(scope="session")
def embedder():
    from rag.embedding import Embedder

    return Embedder()


@pytest.fixture(scope="session")
def built_index(corpus: Path, tmp_path_factory: pytest.TempPathFactory):
    """One index over the whole corpus, shared by the read-only tests."""
    from rag.api import RagIndex

    index = RagIndex(tmp_path_factory.mktemp("built") / "index")
    report = index.ingest([corpus])
    assert report.skipped == [] and report.added == len(list(corpus.iterdir()))
    return index


def run_cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """`python -m rag ...` in a fresh process, as a user would run it."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT)}
    full_env.pop("RAG_INDEX", None)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "rag", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def shared_file(name: str) -> Path:
    path = SHARED / "eval" / name
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared development sets live beside the repository")
    return path
