"""Helper processes die with their parent, whatever killed it, and never keep the index locked."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from rag.processes import run_batches
from tests.conftest import ROOT, SEED, run_cli

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

ORGS = [
    "Northfield Statistics Office",
    "Global Water Institute",
    "Meridian Bank",
    "the Coastal Research Council",
    "Harbour University",
    "the National Grid Agency",
    "Eastway Analytics",
    "the Forest Trust",
]
VERBS = ["said", "reported", "estimated", "found", "warned", "predicted"]
MEASURES = ["exports", "rainfall", "river traffic", "school places", "wind output", "rail freight"]


def long_report(sentences: int) -> str:
    """Generated news prose in which every sentence reports a figure from a named institution."""
    lines = []
    for n in range(sentences):
        org, verb, measure = ORGS[n % 8], VERBS[n % 6], MEASURES[n % 5]
        figure, year = n % 97 + 2, 1990 + n % 33
        lines.append(f"{org[0].upper()}{org[1:]} {verb} that {measure} rose by {figure} percent in {year}.")
    return "\n\n".join(" ".join(lines[i : i + 8]) for i in range(0, len(lines), 8)) + "\n"


def alive(pid: int) -> bool:
    """Whether the process exists and is not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def children(pid: int) -> set[int]:
    """Every descendant of `pid`, from the parent ids in /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rpartition(")")[2].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def marked(marker: str) -> set[int]:
    """Processes, reparented or not, whose environment carries the marker their ancestor got."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if marker.encode() in (entry / "environ").read_bytes() and alive(int(entry.name)):
                    found.add(int(entry.name))
            except OSError:
                continue
    return found


def loads_spacy(pid: int) -> bool:
    try:
        return "/spacy/" in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False


def wait_until_gone(pids: set[int], seconds: float) -> set[int]:
    deadline = time.monotonic() + seconds
    while (left := {p for p in pids if alive(p)}) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one CPU: the parse runs without helpers")
def test_a_killed_ingest_leaves_no_process_and_no_lock(tmp_path: Path):
    docs, small = tmp_path / "docs", tmp_path / "small"
    docs.mkdir()
    small.mkdir()
    (docs / "long-report.txt").write_text(long_report(2600), encoding="utf-8")
    (small / SEED.name).write_bytes(SEED.read_bytes())
    index = tmp_path / "index"
    marker = f"RAG_LIFETIME_TEST={uuid.uuid4().hex}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), marker.split("=")[0]: marker.split("=")[1]}
    env.pop("RAG_INDEX", None)
    errors = tmp_path / "ingest.err"
    with open(errors, "w") as stderr:
        ingest = subprocess.Popen(
            [sys.executable, "-m", "rag", "ingest", str(docs), "--index", str(index), "--quiet"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        deadline = time.monotonic() + 240
        helpers: set[int] = set()
        while not helpers and ingest.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
            helpers = {pid for pid in children(ingest.pid) if loads_spacy(pid)}
        assert helpers, f"no parse helper appeared (exit {ingest.poll()}): {errors.read_text()[-2000:]}"
        family = children(ingest.pid) | marked(marker)
        ingest.send_signal(signal.SIGKILL)
        ingest.wait()
        killed = time.monotonic()
        left = wait_until_gone(family | marked(marker), 5)
        assert not left, f"still running 5 s after kill -9: {sorted(left)} (helpers {sorted(helpers)})"
        assert not marked(marker), "a process of the killed ingest is still running"
        took = time.monotonic() - killed
    finally:
        if ingest.poll() is None:
            ingest.kill()
            ingest.wait()
        for pid in marked(marker):  # never leave strays behind, whatever failed
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
    again = run_cli("ingest", str(small), "--index", str(index), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "locked" not in again.stderr
    assert took < 5


READER_SCRIPT = """
import os, sys, time
from pathlib import Path

if __name__ == "__mp_main__":  # in the reader worker: reading never ends
    import rag.documents.load

    if os.environ.get("READER_FALLBACK"):
        sys.platform = "unknown"  # no PR_SET_PDEATHSIG: only the watch on os.getppid() is left
    rag.documents.load.load_document = lambda path, data: time.sleep(3600)

if __name__ == "__main__":
    from rag.documents import ReaderProcess

    reader = ReaderProcess(timeout=3600)
    reader._connection()
    print(reader._process.pid, flush=True)
    reader.load(Path(sys.argv[1]), b"text")
"""


@pytest.mark.parametrize("fallback", [False, True], ids=["death-signal", "parent-watch"])
def test_the_reader_worker_dies_with_its_parent_in_the_middle_of_a_file(tmp_path: Path, fallback: bool):
    script = tmp_path / "reader_parent.py"
    script.write_text(READER_SCRIPT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if fallback:
        env["READER_FALLBACK"] = "1"
    parent = subprocess.Popen(
        [sys.executable, str(script), str(tmp_path / "endless.txt")],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    worker = 0
    try:
        worker = int(parent.stdout.readline())
        time.sleep(1)  # the worker is in the endless read now
        assert alive(worker) and worker in children(parent.pid)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        assert not wait_until_gone({worker}, 2), "the reader worker outlived its parent by 2 s"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        if worker and alive(worker):
            os.kill(worker, signal.SIGKILL)


def _doubler():
    """A helper's function (made in the helper, so module-level)."""
    return lambda batch: [n * 2 for n in batch]


def _dies():
    def work(batch: list[int]) -> list[int]:
        os._exit(3)

    return work


def test_batches_come_back_in_order_from_helpers_and_from_here():
    batches = [[n, n + 1] for n in range(0, 40, 2)]
    expected = [[n * 2 for n in batch] for batch in batches]
    done = run_batches(
        batches,
        local=lambda batch: ("here", [n * 2 for n in batch]),
        setup=_doubler,
        decode=lambda payload: ("helper", payload),
        helpers=1,
    )
    assert [result for _, result in done] == expected
    assert {where for where, _ in done} == {"here", "helper"}  # the helper's batches were sent ahead


def test_the_batches_of_a_helper_that_dies_are_done_here():
    batches = [[n] for n in range(12)]
    done = run_batches(batches, local=lambda b: [n * 2 for n in b], setup=_dies, decode=list, helpers=1)
    assert done == [[n * 2] for n in range(12)]
