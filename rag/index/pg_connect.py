"""PostgreSQL connections for the database backend: URLs, the masked form shown, errors as one line.

Every psycopg error leaving this package is turned into a RagError here (`translated`), so the
CLI prints one line and exits 1 and the app shows a message, never a traceback.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

import psycopg

from rag.errors import IndexUnavailableError, RagError

SCHEMES = ("postgresql://", "postgres://")
CONNECT_TIMEOUT = 10  # seconds: a host that does not answer is reported, not waited on for minutes
POOL_SIZE = 8  # idle reader connections kept; the app answers several questions at once
# userinfo is everything before the last '@' ahead of the first '/' (libpq's own rule), and a
# password may also be given as a query parameter.
_USERINFO = re.compile(r"^(?P<scheme>[A-Za-z]+://)(?P<user>[^:@/]*):(?P<password>[^/]*)@")
_QUERY_PASSWORD = re.compile(r"([?&]password=)[^&#]*", re.IGNORECASE)
T = TypeVar("T")


def is_database_url(location: object) -> bool:
    """Whether --index names a PostgreSQL database rather than a folder."""
    return isinstance(location, str) and location.lower().startswith(SCHEMES)


def masked(url: str) -> str:
    """The URL as shown anywhere (status, errors, logs): its password replaced by ***."""
    shown = _USERINFO.sub(lambda m: f"{m['scheme']}{m['user']}:***@", url, count=1)
    return _QUERY_PASSWORD.sub(r"\1***", shown)


def _passwords(url: str) -> set[str]:
    """The password as written in the URL and as libpq decodes it (when the URL parses at all)."""
    found = {m["password"] for m in [_USERINFO.match(url)] if m}
    found |= {m.group()[len(m[1]) :] for m in _QUERY_PASSWORD.finditer(url)}
    with suppress(psycopg.Error):
        found.add(psycopg.conninfo.conninfo_to_dict(url).get("password") or "")
    return {p for p in found if len(p) >= 3}  # masking "a" everywhere would garble the message


def one_line(exc: BaseException, url: str) -> str:
    """A driver message as one line, without the password: libpq quotes a URL it cannot parse."""
    text = "; ".join(line.strip() for line in str(exc).splitlines() if line.strip()) or type(exc).__name__
    text = text.replace(url, masked(url))
    for secret in sorted(_passwords(url), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def translate(exc: psycopg.Error, url: str) -> RagError:
    """The RagError a driver error becomes: unreachable servers get their own type."""
    where = masked(url)
    if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
        return IndexUnavailableError(f"cannot reach the index database {where}: {one_line(exc, url)}")
    return RagError(f"index database {where}: {one_line(exc, url)}")


@contextmanager
def translated(url: str) -> Iterator[None]:
    try:
        yield
    except psycopg.Error as exc:
        raise translate(exc, url) from None


def connect(url: str, autocommit: bool) -> psycopg.Connection[Any]:
    """A new connection; libpq parses the URL, so every form it accepts works (a Unix socket
    given as ?host=/path, several hosts, sslmode, options=-csearch_path=...)."""
    try:
        params = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.Error as exc:
        raise RagError(f"not a valid PostgreSQL URL {masked(url)}: {one_line(exc, url)}") from None
    extra: dict[str, Any] = {"application_name": params.get("application_name") or "rag"}
    if "connect_timeout" not in params:
        extra["connect_timeout"] = CONNECT_TIMEOUT
    with translated(url):
        conn = psycopg.connect(url, autocommit=autocommit, **extra)
    register_vectors(conn)
    return conn


def register_vectors(conn: psycopg.Connection[Any]) -> bool:
    """Numpy arrays in and out of `vector` columns; False while the extension is not installed."""
    from pgvector.psycopg import register_vector

    if getattr(conn, "_rag_vectors", False):
        return True
    try:
        register_vector(conn)
    except psycopg.ProgrammingError:  # "vector type not found": no index created here yet
        if not conn.autocommit:
            conn.rollback()
        return False
    conn._rag_vectors = True  # type: ignore[attr-defined]
    return True


class Pool:
    """Idle autocommit connections for readers, each used by one thread at a time. A connection
    the server dropped (a restart) is discarded, and the read is tried once on a fresh one."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._idle: list[psycopg.Connection[Any]] = []
        self._lock = threading.Lock()

    def run(self, work: Callable[[psycopg.Connection[Any]], T]) -> T:
        for attempt in (1, 2):
            with self._lock:
                conn = self._idle.pop() if self._idle else None
            fresh = conn is None
            if conn is None:
                conn = connect(self.url, autocommit=True)
            try:
                register_vectors(conn)
                result = work(conn)
            except psycopg.OperationalError as exc:
                conn.close()
                if fresh or attempt == 2:
                    raise translate(exc, self.url) from None
                continue
            except psycopg.Error as exc:
                conn.close()
                raise translate(exc, self.url) from None
            except BaseException:
                conn.close()
                raise
            with self._lock:
                if len(self._idle) < POOL_SIZE and not conn.closed:
                    self._idle.append(conn)
                    conn = None
            if conn is not None:
                conn.close()
            return result
        raise AssertionError("unreachable")

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()
