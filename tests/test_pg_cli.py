"""The command line on a PostgreSQL index: the same output as on a folder, the password never
shown, a second writer that waits, kill -9 that changes nothing, one line for a dead server."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from tests.conftest import ROOT, SEED, run_cli
from tests.pg_fixture import admin_execute, database_url, table_rows

SECRET = "hunter2-secret"


@pytest.fixture
def secret_url(pg_server: str, pg_url: str) -> str:
    """The test database through a user with a password (the server trusts local sockets, so the
    password is not checked; it is still in the URL, where it must never be printed)."""
    name = pg_url.split("/")[3].split("?")[0]
    admin_execute(
        pg_server,
        "DO $$ BEGIN CREATE ROLE ann LOGIN SUPERUSER; EXCEPTION WHEN duplicate_object THEN NULL; END $$",
    )
    return database_url(pg_server, name, user="ann", password=SECRET)


def test_the_cli_on_postgres_prints_what_it_prints_on_a_folder(secret_url: str, tmp_path: Path, corpus: Path):
    docs = [str(corpus / name) for name in (SEED.name, "coral.pdf", "rail.docx")]
    outputs = {}
    for name, where in (("folder", str(tmp_path / "index")), ("postgres", secret_url)):
        env = {"RAG_INDEX": where} if name == "postgres" else {}
        extra = [] if name == "postgres" else ["--index", where]
        ingest = run_cli("ingest", *docs, "--json", *extra, cwd=tmp_path, env=env)
        assert ingest.returncode == 0, ingest.stderr
        ask = run_cli(
            "ask", "What cut freight emissions in Germany?", "--json", *extra, cwd=tmp_path, env=env
        )
        cited = run_cli(
            "ask", "rail", "--institution", "deutsche bahn", "--json", *extra, cwd=tmp_path, env=env
        )
        sources = run_cli("sources", "--json", *extra, cwd=tmp_path, env=env)
        status = run_cli("status", "--json", *extra, cwd=tmp_path, env=env)
        text = run_cli("status", *extra, cwd=tmp_path, env=env)
        for done in (ask, cited, sources, status, text):
            assert done.returncode == 0, done.stderr
            assert SECRET not in done.stdout + done.stderr
        outputs[name] = (
            json.loads(ask.stdout),
            json.loads(cited.stdout),
            json.loads(sources.stdout),
            json.loads(status.stdout),
        )
        assert json.loads(ingest.stdout)["added"] == 3
    folder, database = outputs["folder"], outputs["postgres"]
    for a, b in zip(folder[:2], database[:2], strict=True):
        assert [p["chunk_id"] for p in a["passages"]] == [p["chunk_id"] for p in b["passages"]]
        assert a["answer"] == b["answer"] and a["institutions"] == b["institutions"]
    assert folder[1]["passages"] and all(
        "Deutsche Bahn" in str(p["institutions"]) for p in folder[1]["passages"]
    )
    assert folder[2] == database[2]
    assert database[3]["index"] == secret_url.replace(SECRET, "***") and database[3]["documents"] == 3
    assert database[3]["store"] == "pgvector-hnsw"
    copied = run_cli("copy", "--from", secret_url, "--to", str(tmp_path / "copy"), "--json", cwd=tmp_path)
    assert copied.returncode == 0 and SECRET not in copied.stdout + copied.stderr
    assert json.loads(copied.stdout)["chunks"] == folder[3]["chunks"]
    back = run_cli("copy", "--from", str(tmp_path / "copy"), "--to", secret_url, cwd=tmp_path)
    assert back.returncode == 1 and "--replace" in back.stderr and SECRET not in back.stderr
    back = run_cli("copy", "--from", str(tmp_path / "copy"), "--to", secret_url, "--replace", cwd=tmp_path)
    assert back.returncode == 0, back.stderr
    again = run_cli("ingest", *docs, "--json", "--index", secret_url, cwd=tmp_path)
    assert json.loads(again.stdout)["unchanged"] == 3 and json.loads(again.stdout)["chunks_embedded"] == 0


@pytest.mark.parametrize(
    "args",
    [
        ("status", "--index", f"postgresql://ann:{SECRET}@/rag?host=/nonexistent/socket"),
        ("ask", "anything", "--index", f"postgres://ann:{SECRET}@/rag?host=/nonexistent/socket"),
        ("ingest", str(SEED), "--index", f"postgresql://ann@/rag?host=/nonexistent&password={SECRET}"),
        ("status", "--index", f"postgresql://ann:{SECRET}@/rag?host=/tmp&bogus_option=1"),
        ("status", "--index", f"postgresql://ann:{SECRET}@[::1"),
        ("remove", "x.txt", "--index", f"postgresql://ann:{SECRET}@/rag?host=/tmp&connect_timeout=abc"),
    ],
)
def test_a_server_that_is_not_there_is_one_line_and_exit_1(args: tuple[str, ...], tmp_path: Path):
    done = run_cli(*args, cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in done.stderr
    assert SECRET not in done.stderr + done.stdout and "***" in lines[0]


def test_a_second_writer_waits_for_the_first(pg_url: str, tmp_path: Path):
    assert run_cli("ingest", str(SEED), "--index", pg_url, cwd=tmp_path).returncode == 0
    note = tmp_path / "note.txt"
    note.write_text("Salt mining\nPoland's Wieliczka mine produced salt for 700 years.")
    with psycopg.connect(pg_url) as holder:  # a writer in the middle of its transaction
        holder.execute("SELECT pg_advisory_xact_lock(hashtext('rag-index:' || current_schema()))")
        second = subprocess.Popen(
            [sys.executable, "-m", "rag", "ingest", str(note), "--index", pg_url, "--json"],
            cwd=tmp_path, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        waiting = False
        while time.monotonic() < deadline and not waiting:
            with psycopg.connect(pg_url, autocommit=True) as probe:
                waiting = (
                    probe.execute(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                    ).fetchone()[0]
                    > 0
                )
            time.sleep(0.1)
        assert waiting and second.poll() is None, "the second writer waits, it is not refused"
        holder.rollback()
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert "waiting" in err and json.loads(out)["added"] == 1


KILLER = """
import os, signal, sys
import psycopg
from rag.index import pg_writer
where = sys.argv[1]
if where == "commit":  # everything sent to the server, the COMMIT not
    psycopg.Connection.commit = lambda self: os.kill(os.getpid(), signal.SIGKILL)
else:  # rows written, then the process dies in the middle of the change
    real = pg_writer.PgWriter.apply
    def apply(self, changes):
        real(self, changes)
        os.kill(os.getpid(), signal.SIGKILL)
    pg_writer.PgWriter.apply = apply
from rag.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize("where", ["apply", "commit"])
def test_kill_9_of_a_writer_leaves_the_database_as_it_was(
    pg_url: str, tmp_path: Path, corpus: Path, where: str
):
    assert run_cli("ingest", str(SEED), "--index", pg_url, cwd=tmp_path).returncode == 0
    before = table_rows(pg_url)
    killed = subprocess.run(
        [sys.executable, "-c", KILLER, where, "ingest", str(corpus), "--index", pg_url, "--quiet"],
        cwd=tmp_path, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    time.sleep(0.2)  # the server notices the closed socket and rolls back
    assert table_rows(pg_url) == before
    again = run_cli("ingest", str(corpus / "coral.pdf"), "--index", pg_url, "--json", cwd=tmp_path)
    assert again.returncode == 0 and json.loads(again.stdout)["added"] == 1, "the lock died with it"
