"""The index end to end: real model, real FAISS, real files, fresh processes, crashes and locks."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rag.api import RagIndex
from rag.errors import IndexLockedError, IndexMismatchError
from rag.index.folder import MANIFEST, write_lock
from tests.conftest import ROOT, SEED, run_cli, shared_file

PASSAGE_KEYS = {"rank", "score", "source", "title", "doc_id", "start", "end", "text", "institutions"}


def test_ingest_then_ask_in_a_fresh_process(corpus: Path, tmp_path: Path):
    index = tmp_path / "index"
    done = run_cli("ingest", str(corpus), "--index", str(index), "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["added"] == len(list(corpus.iterdir())) and report["skipped"] == []
    assert report["chunks_embedded"] > 0

    asked = run_cli(
        "ask",
        "How much new solar capacity did Kenya install in 2024?",
        "--json",
        "--index",
        str(index),
        "--k",
        "3",
        cwd=tmp_path,
    )
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert set(answer) >= {"question", "answer", "no_answer", "passages", "institutions"}
    assert not answer["no_answer"] and answer["institutions"][0] == "International Energy Agency"
    assert len(answer["passages"]) == 3
    top = answer["passages"][0]
    assert set(top) >= PASSAGE_KEYS and top["rank"] == 1
    assert top["source"].endswith("kenya_solar.md") and "412 megawatts" in top["text"]
    assert "412 megawatts" in answer["answer"] and "[1]" in answer["answer"]
    cited = {i["name"]: i for i in top["institutions"]}
    assert cited["International Energy Agency"]["cue"] == "according to"
    assert set(cited["International Energy Agency"]) >= {"name", "mention", "kind", "cue"}
    source = (corpus / "kenya_solar.md").read_text(encoding="utf-8")
    assert source[top["start"] : top["end"]] == top["text"]


@pytest.mark.parametrize(
    "question, source, fact",
    [
        ("How much coral was lost between 2009 and 2018?", "coral.pdf", "14 percent"),
        ("By how much did rail freight in Germany grow?", "rail.docx", "4 percent"),
        ("How many beekeepers are there in Slovenia?", "beekeeping.html", "10,000 beekeepers"),
    ],
)
def test_every_format_is_searchable(built_index: RagIndex, question: str, source: str, fact: str):
    answer = built_index.ask(question, k=3)
    assert answer.passages[0].source.endswith(source)
    assert fact in answer.passages[0].text and fact in answer.answer


def test_seed_questions_find_their_gold_passage_in_the_top_3(built_index: RagIndex):
    path = shared_file("seed_questions.jsonl")
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        answer = built_index.ask(item["question"], k=3)
        texts = [p.text for p in answer.passages]
        assert any(item["gold_substring"] in t for t in texts), (item["question"], texts)
        assert not answer.no_answer, item["question"]


def test_seed_questions_find_their_gold_passage_at_rank_1_on_the_seed_index(tmp_path: Path):
    path = shared_file("seed_questions.jsonl")
    index = RagIndex(tmp_path / "index")
    index.ingest([SEED])
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        answer = index.ask(item["question"], k=3)
        assert item["gold_substring"] in answer.passages[0].text, (item["question"], answer.passages[0].text)
        if item["institution"]:
            assert item["institution"] in answer.institutions, (item["question"], answer.institutions)


def test_off_topic_question_gets_no_answer(built_index: RagIndex):
    answer = built_index.ask("What is a good recipe for banana bread?")
    assert answer.no_answer and answer.sentences == []


def test_reingest_of_unchanged_files_embeds_nothing(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEED, docs / SEED.name)
    index = RagIndex(tmp_path / "index")
    first = index.ingest([docs])
    manifest_before = (tmp_path / "index" / MANIFEST).read_bytes()
    second = index.ingest([docs])
    assert first.chunks_embedded > 0 and first.added == 1
    assert (second.chunks_embedded, second.unchanged, second.added, second.updated) == (0, 1, 0, 0)
    assert (tmp_path / "index" / MANIFEST).read_bytes() == manifest_before, "nothing rewritten"


def test_a_changed_file_replaces_its_chunks(tmp_path: Path):
    doc = tmp_path / "report.txt"
    body = "Wind Report\n\n" + " ".join(f"Turbine site {i} produced steady output." for i in range(60))
    doc.write_text(body + "\nThe Oslo wind farm produced 120 gigawatt hours in 2023.", encoding="utf-8")
    index = RagIndex(tmp_path / "index")
    first = index.ingest([doc])
    doc.write_text(body + "\nThe Bergen wind farm produced 95 gigawatt hours in 2024.", encoding="utf-8")
    second = index.ingest([doc])
    assert second.updated == 1 and second.added == 0
    assert 0 < second.chunks_embedded < first.chunks_embedded, "unchanged chunk text is not re-embedded"
    state = index.snapshot().state
    texts = [c["text"] for c in state.chunks.values()]
    assert not any("Oslo" in t for t in texts) and any("Bergen" in t for t in texts)
    assert (
        len(state.store)
        == len(state.chunks)
        == state.manifest["documents"][next(iter(state.manifest["documents"]))]["chunks"]
    )
    answer = index.ask("How much did the Bergen wind farm produce?")
    assert "95 gigawatt hours" in answer.passages[0].text


def test_remove_and_files_gone_from_a_folder(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEED, docs / SEED.name)
    (docs / "tea.txt").write_text("Tea exports\nKenya exported 500,000 tonnes of tea in 2023.")
    (docs / "rice.txt").write_text("Rice harvest\nVietnam harvested 43 million tonnes of rice.")
    index = RagIndex(tmp_path / "index")
    index.ingest([docs])
    removed = run_cli(
        "remove",
        str(docs / "tea.txt"),
        str(docs / "never.txt"),
        "--index",
        str(tmp_path / "index"),
        cwd=tmp_path,
    )
    assert removed.returncode == 3 and "never.txt: not in the index" in removed.stderr
    assert "tea.txt" in removed.stdout
    assert index.status().documents == 2
    assert all("tea" not in p.text for p in index.ask("How much tea did Kenya export?").passages)

    (docs / "rice.txt").unlink()
    report = index.ingest([docs])
    assert (report.removed, report.unchanged, report.added) == (1, 1, 1), "tea.txt is still there"
    assert sorted(Path(s).name for s in index.status().sources) == [SEED.name, "tea.txt"]


def test_a_folder_with_bad_files_commits_the_good_ones(tmp_path: Path):
    docs = tmp_path / "mixed"
    docs.mkdir()
    (docs / "good.txt").write_text("Copper output\nChile mined 5.3 million tonnes of copper in 2023.")
    (docs / "legacy.txt").write_bytes(
        "Caf\u00e9 report\nColombia sold 12 million bags of caf\u00e9.".encode("cp1252")
    )
    (docs / "empty.txt").write_bytes(b"")
    (docs / "binary.txt").write_bytes(b"\x00\x01\x02\x03garbage\x00")
    (docs / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj broken")
    (docs / "table.xlsx").write_bytes(b"PK\x03\x04")
    done = run_cli("ingest", str(docs), "--index", str(tmp_path / "index"), "--json", cwd=tmp_path)
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    for name, reason in [
        ("empty.txt", "empty file"),
        ("binary.txt", "binary file"),
        ("corrupt.pdf", "corrupt PDF"),
        ("table.xlsx", "unsupported type"),
    ]:
        assert any(name in line and reason in line for line in done.stderr.splitlines()), name
    assert "legacy.txt" in done.stderr and "decoded as cp1252" in done.stderr
    report = json.loads(done.stdout)
    assert report["added"] == 2 and len(report["skipped"]) == 4
    assert {Path(s["path"]).name for s in report["skipped"]} == {
        "empty.txt",
        "binary.txt",
        "corrupt.pdf",
        "table.xlsx",
    }
    index = RagIndex(tmp_path / "index")
    assert "5.3 million tonnes" in index.ask("How much copper did Chile mine?").passages[0].text
    assert "12 million bags" in index.ask("How many bags of coffee did Colombia sell?").passages[0].text


KILLER = """
import os, signal, sys
from rag.index import folder as index_dir
real_replace = os.replace
calls = 0
def replace(src, dst):
    global calls
    calls += 1
    if calls == int(sys.argv[1]) and sys.argv[2] == "before":
        os.kill(os.getpid(), signal.SIGKILL)
    real_replace(src, dst)
    if calls == int(sys.argv[1]) and sys.argv[2] == "after":
        os.kill(os.getpid(), signal.SIGKILL)
index_dir.os.replace = replace
from rag.cli import main
sys.exit(main(sys.argv[3:]))
"""


@pytest.mark.parametrize(
    "kill_at, when", [(1, "before"), (2, "before"), (3, "before"), (4, "before"), (4, "after")]
)
def test_kill_9_during_the_write_leaves_a_working_index(tmp_path: Path, kill_at: int, when: str):
    """SIGKILL before each rename of a commit (vectors, chunks, BM25, manifest) and after the last."""
    index_dir = tmp_path / "index"
    first = tmp_path / "first.txt"
    first.write_text("Salt mining\nPoland's Wieliczka mine produced salt for 700 years.")
    RagIndex(index_dir).ingest([first])
    second = tmp_path / "second.txt"
    second.write_text("Glass making\nMurano glassmakers have worked on the island since 1291.")
    killed = subprocess.run(
        [sys.executable, "-c", KILLER, str(kill_at), when, "ingest", str(second), "--index", str(index_dir)],
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    index = RagIndex(index_dir)
    status = index.status()
    assert status.documents == (2 if when == "after" else 1), "old index, or the new one: nothing between"
    assert "700 years" in index.ask("How long did Wieliczka produce salt?").passages[0].text
    if when == "after":
        assert "1291" in index.ask("Since when have Murano glassmakers worked?").passages[0].text
    report = index.ingest([second])  # the lock died with the process; the next writer proceeds
    assert report.added + report.unchanged == 1
    leftovers = [p.name for p in index_dir.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_kill_9_at_a_random_moment_of_a_long_ingest(corpus: Path, tmp_path: Path):
    index_dir = tmp_path / "index"
    RagIndex(index_dir).ingest([corpus / SEED.name])
    many = tmp_path / "many"
    many.mkdir()
    for i in range(120):
        (many / f"note{i}.txt").write_text(
            f"Field note {i}\n"
            + " ".join(f"Observation {i}-{j} recorded a river level of {j} cm." for j in range(30))
        )
    process = subprocess.Popen(
        [sys.executable, "-m", "rag", "ingest", str(many), "--index", str(index_dir), "--quiet"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while (
        time.monotonic() < deadline
        and process.poll() is None
        and not any(p.name.endswith(".tmp") for p in index_dir.iterdir())
    ):
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    answer = RagIndex(index_dir).ask("How many AI researchers does China have?")
    assert "30,000 AI researchers" in answer.passages[0].text
    assert RagIndex(index_dir).status().documents in (1, 121)


def test_a_second_writer_gets_a_clear_lock_error(tmp_path: Path):
    index_dir = tmp_path / "index"
    RagIndex(index_dir).ingest([SEED])
    before = (index_dir / MANIFEST).read_bytes()
    with write_lock(index_dir):
        with pytest.raises(IndexLockedError, match="is locked"):
            RagIndex(index_dir).ingest([SEED])
        done = run_cli("ingest", str(SEED), "--index", str(index_dir), cwd=tmp_path)
    assert done.returncode == 1 and "is locked" in done.stderr and "Traceback" not in done.stderr
    assert (index_dir / MANIFEST).read_bytes() == before


def test_model_and_format_mismatch_say_what_to_run(tmp_path: Path):
    index_dir = tmp_path / "index"
    RagIndex(index_dir).ingest([SEED])
    with pytest.raises(IndexMismatchError, match="--rebuild"):
        RagIndex(index_dir, model="sentence-transformers/all-mpnet-base-v2").ingest([SEED])
    done = run_cli(
        "ingest",
        str(SEED),
        "--index",
        str(index_dir),
        "--model",
        "sentence-transformers/all-mpnet-base-v2",
        cwd=tmp_path,
    )
    assert done.returncode == 1
    assert "was built with model 'sentence-transformers/all-MiniLM-L6-v2'" in done.stderr
    assert "--rebuild" in done.stderr

    manifest = json.loads((index_dir / MANIFEST).read_text())
    (index_dir / MANIFEST).write_text(json.dumps(dict(manifest, format_version=999)))
    asked = run_cli("ask", "anything", "--index", str(index_dir), cwd=tmp_path)
    assert asked.returncode == 1 and "format version 999" in asked.stderr
    assert "--rebuild" in asked.stderr and "Traceback" not in asked.stderr
    rebuilt = run_cli("ingest", str(SEED), "--index", str(index_dir), "--rebuild", cwd=tmp_path)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert RagIndex(index_dir).status().format_version != 999


def test_questions_file_env_index_and_status(tmp_path: Path, built_index: RagIndex, corpus: Path):
    questions = tmp_path / "q.jsonl"
    asked = [
        "How many AI researchers does China have?",
        "What did Nature say about DeepSeek R1?",
        "How many beekeepers are there in Slovenia?",
    ]
    questions.write_text("\n".join(json.dumps({"question": q}) for q in asked) + "\n")
    env = {"RAG_INDEX": str(built_index.path)}
    done = run_cli("ask", "--questions", str(questions), "--json", cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert [a["question"] for a in answers] == asked

    status = run_cli("status", "--json", cwd=tmp_path, env=env)
    data = json.loads(status.stdout)
    assert data["index"] == str(built_index.path) and data["documents"] == len(list(corpus.iterdir()))
    assert data["model"] == "sentence-transformers/all-MiniLM-L6-v2" and data["dimension"] == 384
    assert data["format_version"] >= 1 and data["updated"]
