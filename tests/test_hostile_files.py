"""Hostile input, generated here: nothing hangs, nothing leaks a traceback or gigabytes, nothing is lost.

One folder holds every bad kind of file beside good ones; `python -m rag ingest` runs on it in a
child process under a wrapper that reports the peak memory of the ingest and its reader worker.
"""

from __future__ import annotations

import errno
import io
import json
import os
import random
import shutil
import stat
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from rag.documents import discover, read_bytes
from rag.errors import DocumentError
from tests import pdfs
from tests.conftest import (
    DOCX_PARAGRAPHS,
    PDF_TEXT,
    ROOT,
    SEED,
    make_docx,
    make_pdf,
    run_cli,
    write_pdf_objects,
)

MEMORY_LIMIT_MB = 1430  # 1.5 GB (10^9 bytes) in MiB, as ru_maxrss counts
GIB = 1 << 30
# Runs a command and writes its peak resident memory (the largest of it and every process it
# waited for: the ingest and its reader worker) to the file named by $PEAK_RSS_FILE.
PEAK_WRAPPER = (
    "import os, resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:])\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "open(os.environ['PEAK_RSS_FILE'], 'w').write(str(peak))\n"
    "sys.exit(code)\n"
)
ARCTIC = "The Norwegian Polar Institute said Arctic sea ice shrank by 13 percent per decade since 1979."
SAHEL = "The Sahel Observatory reported that millet harvests in Niger doubled after the 2024 rains."
SECRET = "The Outside Agency said this sentence must never reach the index through a link."


def measured(*args: str, cwd: Path, timeout: float) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run a command under the wrapper: its result and its peak memory in MB."""
    peak_file = cwd / "peak_rss.txt"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PEAK_RSS_FILE": str(peak_file)}
    env.pop("RAG_INDEX", None)
    done = subprocess.run(
        [sys.executable, "-c", PEAK_WRAPPER, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return done, int(peak_file.read_text()) / 1024  # ru_maxrss is in KB on Linux


# -- hostile files ------------------------------------------------------------------------------
def damaged_pdfs(folder: Path, good: bytes, count: int = 30, seed: int = 20261206) -> list[Path]:
    """Copies of a good PDF cut at random offsets (half) or with random bytes flipped (half)."""
    rng = random.Random(seed)
    made = []
    for number in range(count):
        data = bytearray(good)
        if number % 2 == 0:
            data = data[: rng.randrange(16, len(good) - 1)]
            kind = "cut"
        else:
            for _ in range(rng.randint(1, 40)):
                data[rng.randrange(len(data))] ^= rng.randint(1, 255)
            kind = "flipped"
        path = folder / f"damaged-{kind}-{number:02d}.pdf"
        path.write_bytes(bytes(data))
        made.append(path)
    return made


def _zip(path: Path, entries: list[tuple[str, int, list[bytes], int, int]]) -> None:
    """A zip file written by hand, so an entry can hold raw deflate data and declare any size.
    Each entry: name, CRC-32, pieces of deflate data, compressed size, declared unpacked size."""
    central = []
    with path.open("wb") as out:
        for name, crc, pieces, packed, size in entries:
            offset, raw = out.tell(), name.encode()
            out.write(
                struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, packed, size, len(raw), 0)
            )
            out.write(raw)
            for piece in pieces:
                out.write(piece)
            central.append(
                struct.pack(
                    "<IHHHHHHIIIHHHHHII",
                    0x02014B50,
                    20,
                    20,
                    0,
                    8,
                    0,
                    0x21,
                    crc,
                    packed,
                    size,
                    len(raw),
                    0,
                    0,
                    0,
                    0,
                    0,
                    offset,
                )
                + raw
            )
        directory = b"".join(central)
        start = out.tell()
        out.write(directory)
        out.write(
            struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), start, 0)
        )


def zip_bomb_docx(path: Path, unpacked: int = 3 * GIB, declared: int | None = None) -> Path:
    """A real DOCX whose word/document.xml is `unpacked` bytes of zeros, deflated to about a
    thousandth of that; `declared` makes the entry lie about its unpacked size."""
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("A paragraph.")
    document.save(buffer)
    entries = []
    with zipfile.ZipFile(buffer) as package:
        for info in package.infolist():
            content = package.read(info)
            if info.filename == "word/document.xml":
                deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
                megabyte = bytes(1 << 20)
                # After a full flush the compressor forgets its history: the same block repeats.
                block = deflate.compress(megabyte) + deflate.flush(zlib.Z_FULL_FLUSH)
                pieces = [block] * (unpacked >> 20) + [deflate.flush()]
                crc = 0
                for _ in range(unpacked >> 20):
                    crc = zlib.crc32(megabyte, crc)
                size = unpacked if declared is None else declared
                entries.append((info.filename, crc, pieces, sum(map(len, pieces)), size))
            else:
                packed = zlib.compressobj(6, zlib.DEFLATED, -15)
                data = packed.compress(content) + packed.flush()
                entries.append((info.filename, zlib.crc32(content), [data], len(data), len(content)))
    _zip(path, entries)
    return path


def stream_bomb_pdf(path: Path, unpacked: int = 3 * GIB) -> Path:
    """A two-page PDF whose first page's content stream inflates to `unpacked` bytes of spaces."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS)
    megabyte = b" " * (1 << 20)
    first = deflate.compress(megabyte) + deflate.flush(zlib.Z_FULL_FLUSH)  # carries the zlib header
    block = deflate.compress(megabyte) + deflate.flush(zlib.Z_FULL_FLUSH)
    stream = first + block * ((unpacked >> 20) - 1) + deflate.flush()
    text = b"BT /F1 12 Tf 72 720 Td (The second page of the bomb is plain.) Tj ET"
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R"
    page += b" /Resources << /Font << /F1 5 0 R >> >> >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>",
        page % 4,
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        page % 7,
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
    ]
    write_pdf_objects(path, objects)
    return path


def deep_html(levels: int = 100_000) -> str:
    return (
        "<html><head><title>Nested Page</title></head><body>"
        + "<div>" * levels
        + "<p>Deep inside, the Reef Council said 40 percent of the lagoon was bleached.</p>"
        + "</div>" * levels
        + "</body></html>"
    )


def single_line(path: Path, megabytes: int) -> Path:
    line = b"The Harbour Authority counted ships in the port without a single line break. "
    chunk = line * ((1 << 20) // len(line) + 1)
    with path.open("wb") as out:
        for _ in range(megabytes):
            out.write(chunk[: 1 << 20])
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The folder, the file outside it that links point to, and the damaged PDFs."""
    root = tmp_path_factory.mktemp("hostile")
    docs = root / "docs"
    docs.mkdir()
    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.txt").write_text(SECRET + "\n")
    # Good files beside the bad ones.
    shutil.copy(SEED, docs / "good.txt")
    make_pdf(docs / "good.pdf", PDF_TEXT)
    make_docx(docs / "good.docx", "Rail Freight in Germany", DOCX_PARAGRAPHS)
    (docs / "name with\nnewline.txt").write_text(ARCTIC + "\n")
    with open(os.fsencode(docs) + b"/caf\xe9-latin1-name.txt", "wb") as out:
        out.write(SAHEL.encode() + b"\n")
    # Damaged PDFs from a good reportlab report.
    good_report = pdfs.report(root / "report.pdf", pages=6, title="Monetary Policy Review")
    damaged = damaged_pdfs(docs, good_report.read_bytes())
    # Zip bombs and a DOCX that is no zip.
    zip_bomb_docx(docs / "bomb.docx")
    zip_bomb_docx(docs / "bomb-lying.docx", declared=40_000)
    stream_bomb_pdf(docs / "bomb.pdf")  # stopped by the reader's memory cap
    (docs / "not-a-zip.docx").write_bytes(b"This is plain text under a Word name.\n" * 100)
    (docs / "deep.html").write_text(deep_html(), encoding="utf-8")
    single_line(docs / "huge-single-line.txt", 100)
    # Links: to itself, in a ring, outside the folder (a file and a folder), inside it, dangling.
    os.symlink("loop.txt", docs / "loop.txt")
    os.symlink("ring-b.md", docs / "ring-a.md")
    os.symlink("ring-a.md", docs / "ring-b.md")
    os.symlink(elsewhere / "secret.txt", docs / "outside.txt")
    os.symlink(elsewhere, docs / "outside-folder")
    os.symlink("good.txt", docs / "inside-link.txt")
    os.symlink("no-such-target.txt", docs / "dangling.txt")
    os.mkfifo(docs / "pipe.txt")
    os.mkfifo(docs / "pipe-without-suffix")
    return {"root": root, "docs": docs, "damaged": damaged}  # type: ignore[dict-item]


def skip_reasons(stderr: str) -> dict[str, str]:
    """File name -> reason, from the `skipped: PATH: REASON` lines about files in a docs/ folder."""
    reasons = {}
    for line in stderr.splitlines():
        if line.startswith("skipped: "):
            name, _, reason = line.partition("/docs/")[2].partition(": ")
            reasons[name] = reason
    return reasons


def test_a_folder_of_hostile_files_is_ingested_without_hang_traceback_or_memory_blowup(hostile):
    root, docs = hostile["root"], hostile["docs"]
    index = root / "index"
    done, peak_mb = measured(
        sys.executable,
        "-m",
        "rag",
        "ingest",
        str(docs),
        "--index",
        str(index),
        "--file-timeout",
        "30",  # a PDF that sent PDFium into a loop would cost 30 s here, not the default 120
        cwd=root,
        timeout=240,
    )
    print(f"peak RSS of ingest and worker: {peak_mb:.0f} MB\n{done.stderr}")
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 3, done.stderr
    assert peak_mb < MEMORY_LIMIT_MB
    lines = done.stderr.splitlines()
    assert all(line.startswith(("skipped: ", "note: ")) for line in lines), done.stderr
    reasons = skip_reasons(done.stderr)
    expected = {
        "bomb.docx": "DOCX too large when unpacked (3.0 GB",
        "bomb-lying.docx": "corrupt DOCX (word/document.xml unpacks to more than its declared",
        "bomb.pdf": "unreadable: ",
        "not-a-zip.docx": "corrupt DOCX (BadZipFile)",
        "huge-single-line.txt": "over the size limit",
        "loop.txt": "symlink loop",
        "ring-a.md": "symlink loop",
        "ring-b.md": "symlink loop",
        "outside.txt": "link outside the ingested folder",
        "outside-folder": "link outside the ingested folder",
        "dangling.txt": "broken link",
        "pipe.txt": "not a regular file (a named pipe)",
        "pipe-without-suffix": "not a regular file (a named pipe)",
    }
    for name, reason in expected.items():
        assert reason in reasons.get(name, ""), (name, reasons.get(name), done.stderr)
    assert "inside-link.txt" not in reasons  # followed: its target is read once, as good.txt
    assert "note: docs/deep.html: nested too deeply to keep its layout: read as plain lines" in lines
    assert any(line.endswith("pages unreadable") for line in lines), done.stderr
    assert any("read from the objects that survive" in line for line in lines), done.stderr
    # Every damaged PDF is indexed (with a note when pages were lost) or named with its reason.
    status = json.loads(run_cli("status", "--json", "--index", str(index), cwd=root).stdout)
    indexed = {source.rpartition("/")[2] for source in status["sources"]}
    for path in hostile["damaged"]:
        assert path.name in indexed or path.name in reasons, path.name
    assert not indexed & set(reasons), indexed & set(reasons)
    assert {"good.txt", "good.pdf", "good.docx", "deep.html"} <= indexed
    assert "name with\\nnewline.txt" in indexed and "caf\\xe9-latin1-name.txt" in indexed
    assert "secret.txt" not in indexed and "outside.txt" not in indexed
    # The good files, and the ones with odd names, answer questions.
    questions = root / "questions.jsonl"
    asked = {
        "How many AI researchers does China have?": "good.txt",
        "How much of the world's coral reefs was lost between 2009 and 2018?": "good.pdf",
        "How fast did Arctic sea ice shrink?": "newline.txt",
        "What happened to millet harvests in Niger?": "latin1-name.txt",
        "What did the Outside Agency say?": None,
    }
    questions.write_text("".join(json.dumps({"question": q}) + "\n" for q in asked))
    answers = run_cli("ask", "--questions", str(questions), "--json", "--index", str(index), cwd=root)
    assert answers.returncode == 0, answers.stderr
    for (question, source), line in zip(asked.items(), answers.stdout.splitlines(), strict=True):
        passages = json.loads(line)["passages"]
        assert all(SECRET not in p["text"] for p in passages)
        if source:
            assert passages[0]["source"].endswith(source), (question, passages[0]["source"])


def test_the_skip_lines_stay_one_line_each(hostile):
    """Control characters and undecodable bytes in a name are escaped where the message is made."""
    root = hostile["root"]
    docs = root / "odd"
    docs.mkdir(exist_ok=True)
    (docs / "bad\nname.docx").write_bytes(b"not a zip")
    with open(os.fsencode(docs) + b"/bad\xff\x1b[31mname.docx", "wb") as out:
        out.write(b"not a zip either")
    done = run_cli("ingest", str(docs), "--index", str(root / "odd-index"), "--json", cwd=root, timeout=120)
    assert done.returncode == 3 and "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 2 and all(line.startswith("skipped: ") for line in lines), lines
    assert any("bad\\nname.docx: corrupt DOCX" in line for line in lines), lines
    assert any("bad\\xff\\x1b[31mname.docx: corrupt DOCX" in line for line in lines), lines
    assert len(json.loads(done.stdout)["skipped"]) == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode (chmod 000 has no effect)")
def test_an_unreadable_file_is_named(tmp_path: Path):
    locked = tmp_path / "locked.txt"
    locked.write_text("secret")
    locked.chmod(0)
    try:
        with pytest.raises(DocumentError, match="cannot read: Permission denied"):
            read_bytes(locked)
    finally:
        locked.chmod(0o600)


def test_a_40_mb_single_line_is_read_within_the_time_limit_and_memory(tmp_path: Path):
    big = single_line(tmp_path / "one-line.txt", 40)
    script = (
        "import sys; from pathlib import Path\n"
        "from rag.documents import ReaderProcess, read_bytes\n"
        "path = Path(sys.argv[1])\n"
        "with ReaderProcess() as reader:\n"
        "    document = reader.load(path, read_bytes(path))\n"
        "print(len(document.text), document.notice)\n"
    )
    done, peak_mb = measured(sys.executable, "-c", script, str(big), cwd=tmp_path, timeout=150)
    print(f"peak RSS reading 40 MB on one line: {peak_mb:.0f} MB")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert int(done.stdout.split()[0]) == 40 << 20
    assert peak_mb < MEMORY_LIMIT_MB


def test_files_that_vanish_or_change_between_listing_and_reading(tmp_path: Path, monkeypatch):
    import rag.api.ingesting as ingesting
    from rag.api import RagIndex

    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("vanishes.txt", "becomes-pipe.txt", "becomes-folder.txt", "grows.txt", "locked.txt"):
        (docs / name).write_text(f"The {name} office said numbers were fine.\n")
    (docs / "changes.txt").write_text("The Old Office said the figure was 3 percent.\n")
    real_discover, real_open = ingesting.discover, os.open

    def open_as_a_stranger(path, flags, *args, **kwargs):  # root reads any file: deny one as the OS would
        if Path(os.fsdecode(path)).name == "locked.txt":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    def discover_then_meddle(paths):
        found = real_discover(paths)
        (docs / "vanishes.txt").unlink()
        (docs / "becomes-pipe.txt").unlink()
        os.mkfifo(docs / "becomes-pipe.txt")
        (docs / "becomes-folder.txt").unlink()
        (docs / "becomes-folder.txt").mkdir()
        single_line(docs / "grows.txt", 51)
        (docs / "changes.txt").write_text("The New Office said the figure was 7 percent.\n")
        return found

    monkeypatch.setattr(ingesting, "discover", discover_then_meddle)
    monkeypatch.setattr(os, "open", open_as_a_stranger)
    report = RagIndex(tmp_path / "index").ingest([docs])
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert reasons == {
        "vanishes.txt": "disappeared before it was read",
        "becomes-pipe.txt": "not a regular file (a named pipe)",
        "becomes-folder.txt": "not a regular file (a folder)",
        "grows.txt": f"over the size limit ({51 << 20} bytes > {50 << 20})",
        "locked.txt": "cannot read: Permission denied",
    }
    assert report.added == 1
    answer = RagIndex(tmp_path / "index").ask("What figure did the office give?", k=1)
    assert "7 percent" in answer.passages[0].text


def test_discovery_names_links_and_special_files(tmp_path: Path, monkeypatch):
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "sub" / "real.txt").write_text("Real text.")
    os.symlink(docs / "sub", docs / "sub-link")  # a folder link inside: nothing new, nothing twice
    os.symlink(docs, docs / "sub" / "up")  # a cycle back to the top
    os.symlink("sub/real.txt", docs / "alias.txt")
    os.mkfifo(docs / "pipe.md")
    (docs / "locked-folder").mkdir()
    (docs / "locked-folder" / "inside.txt").write_text("Never listed.")
    real_scandir = os.scandir

    def scandir_as_a_stranger(path):  # chmod 000 stops no root: deny the listing as the OS would
        if Path(path).name == "locked-folder":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir_as_a_stranger)
    files, skipped = discover([docs])
    assert [p.name for p in files] == ["real.txt"]
    assert {Path(s.path).name: s.reason for s in skipped} == {
        "pipe.md": "not a regular file (a named pipe)",
        "locked-folder": "cannot read: Permission denied",
    }
    # A link given on the command line is followed wherever it points.
    assert [p.name for p in discover([docs / "alias.txt"])[0]] == ["alias.txt"]
    assert stat.S_ISFIFO(os.lstat(docs / "pipe.md").st_mode)


def test_a_file_growing_while_it_is_read_is_read_no_further_than_the_limit(tmp_path: Path, monkeypatch):
    from rag.documents import load as documents

    path = tmp_path / "growing.txt"
    path.write_bytes(b"x" * 60)
    real_fstat = os.fstat

    def stale_fstat(descriptor: int) -> os.stat_result:  # the size as it was a moment before
        info = list(real_fstat(descriptor))
        info[stat.ST_SIZE] = 10
        return os.stat_result(info)

    monkeypatch.setattr(documents, "MAX_FILE_BYTES", 40)
    monkeypatch.setattr(documents.os, "fstat", stale_fstat)
    with pytest.raises(DocumentError, match=r"over the size limit \(more than 40 bytes\)"):
        read_bytes(path)


def test_hostile_uploads_are_named_in_the_page_and_deleted(tmp_path: Path):
    from rag.api import RagIndex
    from rag.app.controller import App

    incoming = tmp_path / "incoming"
    incoming.mkdir()
    zip_bomb_docx(incoming / "bomb.docx", unpacked=1 * GIB)
    (incoming / "nested.html").write_text(deep_html(), encoding="utf-8")
    (incoming / "not-a-zip.docx").write_bytes(b"plain text" * 10)
    (incoming / "arctic.txt").write_text(ARCTIC + "\n")
    app = App(RagIndex(tmp_path / "index"), tmp_path / "uploads")
    page = app.upload([str(p) for p in sorted(incoming.iterdir())])
    assert "Added 2," in page, page
    assert "bomb.docx: not added, DOCX too large when unpacked (1.0 GB > 256 MB)" in page, page
    assert "not-a-zip.docx: not added, corrupt DOCX (BadZipFile)" in page, page
    assert sorted(p.name for p in (tmp_path / "uploads").iterdir()) == ["arctic.txt", "nested.html"]


def test_a_reader_out_of_memory_fails_alone(tmp_path: Path):
    """The worker's address space is capped: a file that needs more is named, the next is read."""
    from rag.documents import ReaderProcess

    big = single_line(tmp_path / "big.txt", 40)
    small = tmp_path / "small.txt"
    small.write_text(ARCTIC + "\n")
    with ReaderProcess(memory=300 << 20) as reader:
        with pytest.raises(DocumentError, match="unreadable: needs more memory than a reader may use"):
            reader.load(big, read_bytes(big))
        assert reader.load(small, read_bytes(small)).text.strip() == ARCTIC


def test_a_folder_that_cannot_be_listed_keeps_what_was_indexed_from_it(tmp_path: Path, monkeypatch):
    from rag.api import RagIndex
    from rag.documents import load

    docs = tmp_path / "docs"
    (docs / "inner").mkdir(parents=True)
    (docs / "inner" / "kept.txt").write_text("The Lighthouse Board said the beacon was automated.\n")
    (docs / "top.txt").write_text("The Water Board said reservoirs are full.\n")
    index = RagIndex(tmp_path / "index")
    assert index.ingest([docs], file_timeout=None).added == 2
    real_scandir = load.os.scandir

    def refuse_inner(path):
        if Path(path).name == "inner":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(load.os, "scandir", refuse_inner)
    report = index.ingest([docs], file_timeout=None)
    assert report.removed == 0 and any("inner" in s.path for s in report.skipped)
    assert index.status().documents == 2
