"""A disk that fills during a commit: one line on stderr, exit 1, and the old index as it was."""

from __future__ import annotations

import os
import random
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED, run_cli

pytestmark = pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="needs RLIMIT_FSIZE")

QUESTION = "How many AI researchers does China have?"
# Long words that are one model token each: the chunk records come out larger than their vectors,
# so that one limit stops the commit at its first file (vectors) and another at its second (chunks).
WORDS = (
    "international administration responsibilities environmental infrastructure independent "
    "manufacturing organisations relationships transportation constitutional agricultural "
    "contemporary neighbourhood accommodation architecture characteristics opportunities"
).split()


def long_words_text(sentences: int) -> str:
    pick = random.Random(7)
    lines = [" ".join(pick.choice(WORDS) for _ in range(20)).capitalize() + "." for _ in range(sentences)]
    return "\n\n".join(" ".join(lines[i : i + 6]) for i in range(0, len(lines), 6)) + "\n"


def files_in(index: Path) -> dict[str, bytes]:
    return {str(p.relative_to(index)): p.read_bytes() for p in sorted(index.rglob("*")) if p.is_file()}


def limited_ingest(path: Path, index: Path, limit: int) -> subprocess.CompletedProcess[str]:
    """`python -m rag ingest` allowed to write files of at most `limit` bytes: the disk fills."""

    def apply_limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG, the process lives
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("RAG_INDEX", None)
    return subprocess.run(
        [sys.executable, "-m", "rag", "ingest", str(path), "--index", str(index), "--quiet"],
        cwd=index.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=apply_limit,
    )


@pytest.fixture(scope="module")
def setting(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """An index of the seed report, its answer, a big new file, and what committing that file writes."""
    root = tmp_path_factory.mktemp("disk_full")
    seeds, big = root / "seeds", root / "big"
    seeds.mkdir()
    big.mkdir()
    (seeds / SEED.name).write_bytes(SEED.read_bytes())
    (big / "long-words.txt").write_text(long_words_text(1300), encoding="utf-8")
    index = root / "index"
    assert run_cli("ingest", str(seeds), "--index", str(index), cwd=root).returncode == 0
    answer = run_cli("ask", QUESTION, "--json", "--index", str(index), cwd=root)
    assert answer.returncode == 0, answer.stderr
    probe = root / "probe"  # the same commit without a limit, to learn its files' sizes
    probe.mkdir()
    for name, data in files_in(index).items():
        (probe / name).parent.mkdir(parents=True, exist_ok=True)
        (probe / name).write_bytes(data)
    done = run_cli("ingest", str(big), "--index", str(probe), cwd=root)
    assert done.returncode == 0, done.stderr
    vectors, chunks = (next(probe.glob(f"{name}-2*")).stat().st_size for name in ("vectors", "chunks"))
    assert chunks > vectors * 1.2, (vectors, chunks)
    return {
        "root": root,
        "index": index,
        "big": big,
        "answer": answer.stdout,
        # the first file cannot be written (faiss reports it), or the second (Python reports it)
        "limits": {"vectors": vectors // 2, "chunks": (vectors + chunks) // 2},
    }


@pytest.mark.parametrize("fails_at", ["vectors", "chunks"])
def test_a_commit_on_a_full_disk_leaves_the_old_index(setting: dict[str, object], fails_at: str):
    index: Path = setting["index"]  # type: ignore[assignment]
    before = files_in(index)
    done = limited_ingest(setting["big"], index, setting["limits"][fails_at])  # type: ignore[arg-type,index]
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert lines[0].startswith("error: ") and "File too large" in lines[0], lines[0]
    assert "it is unchanged" in lines[0]
    after = files_in(index)
    assert sorted(after) == sorted(before), "files left behind or lost"  # no temp files, no generation 2
    after.pop(".lock"), before.pop(".lock")  # the lock file holds the last writer's pid
    assert after == before
    answer = run_cli("ask", QUESTION, "--json", "--index", str(index), cwd=setting["root"])  # type: ignore[arg-type]
    assert answer.returncode == 0, answer.stderr
    assert answer.stdout == setting["answer"]
