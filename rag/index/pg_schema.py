"""The database backend's tables, their meta row (format, model, chunking) and the writer lock.

Rows carry the generation that added them and the one that removed them: a reader fixed on
generation g sees `gen_added <= g < gen_removed`, so a commit (one transaction) switches readers
to the new generation at once and a reader in the middle of a question never sees half of it.
"""

from __future__ import annotations

import logging
from typing import Any

import psycopg
from psycopg import sql
from psycopg.types.json import Json

from rag.errors import IndexCorruptError, IndexMismatchError
from rag.index.folder import library_versions, utc_now

FORMAT = "rag-index-postgresql"
# Bump when the tables' layout or meaning changes; an index of another version is refused.
FORMAT_VERSION = 2  # 2: document frequencies per generation, impact-ordered postings
STORE = "pgvector-hnsw"
TABLES = (
    "rag_postings", "rag_terms", "rag_chunks", "rag_documents", "rag_files", "rag_generations", "rag_meta",
)  # fmt: skip
# Rows visible in generation %(g)s; every reader query filters on it.
LIVE = "gen_added <= %(g)s AND (gen_removed IS NULL OR gen_removed > %(g)s)"
# One writer per schema: the key is derived from the schema's name, so two indexes in two
# schemas of one database do not wait for each other.
LOCK_KEY = "hashtext('rag-index:' || current_schema())"
TRY_LOCK = f"SELECT pg_try_advisory_xact_lock({LOCK_KEY})"
WAIT_LOCK = f"SELECT pg_advisory_xact_lock({LOCK_KEY})"
# BM25's parameters (LexicalIndex.build's defaults) and the reference average length the
# postings' impacts are computed with: set by the first chunks written, then fixed (pg_topk.py).
LEXICAL = {"k1": 1.2, "b": 0.75, "impact_avg": None}
log = logging.getLogger(__name__)

_DDL = """
CREATE TABLE rag_meta (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    format text NOT NULL, format_version int NOT NULL, generation bigint NOT NULL,
    created text NOT NULL, updated text NOT NULL, model json NOT NULL, chunking json NOT NULL,
    attribution json NOT NULL, versions json NOT NULL, lexical json NOT NULL);
CREATE TABLE rag_generations (
    generation bigint PRIMARY KEY, chunks bigint NOT NULL, tokens bigint NOT NULL,
    committed text NOT NULL);
CREATE TABLE rag_files (content_hash text PRIMARY KEY, content bytea NOT NULL);
CREATE TABLE rag_documents (
    row_id bigserial PRIMARY KEY, doc_id text NOT NULL, source text NOT NULL, path text NOT NULL,
    title text NOT NULL, content_hash text NOT NULL, chunks int NOT NULL, added text, updated text,
    gen_added bigint NOT NULL, gen_removed bigint);
CREATE INDEX ON rag_documents (doc_id);
CREATE INDEX ON rag_documents (gen_removed);
CREATE TABLE rag_chunks (
    row_id bigserial PRIMARY KEY, vid bigint NOT NULL, chunk_id text NOT NULL, doc_id text NOT NULL,
    ordinal int NOT NULL, start_offset int NOT NULL, end_offset int NOT NULL, text text NOT NULL,
    sentences json NOT NULL, tokens int NOT NULL, text_hash text NOT NULL, citations json NOT NULL,
    institutions text[] NOT NULL, pages int[], page_labels text[], section text, extra json,
    length int NOT NULL, embedding {vector} NOT NULL, gen_added bigint NOT NULL, gen_removed bigint);
CREATE TABLE rag_postings (term text NOT NULL, row_id bigint NOT NULL, tf int NOT NULL, impact real NOT NULL);
CREATE TABLE rag_terms (term text NOT NULL, df int NOT NULL, gen_added bigint NOT NULL, gen_removed bigint);
CREATE INDEX ON rag_terms (term, gen_added);
CREATE INDEX ON rag_terms (gen_removed);
"""
# Built by the first commit of new tables, after their rows are in (as pg_restore does): a bulk
# load then builds each index once instead of inserting into it row by row. The names are the
# ones PostgreSQL gives these indexes by default.
_CHUNK_INDEXES = {
    "vid": "(vid)",
    "doc_id": "(doc_id)",
    "text_hash": "(text_hash)",
    "gen_added": "(gen_added)",
    "gen_removed": "(gen_removed)",
    "institutions": "USING gin (institutions)",
    # HNSW builds fast only within maintenance_work_mem (docs/scaling.md has the setting).
    "embedding": "USING hnsw (embedding vector_ip_ops) WITH (m = 32, ef_construction = 128)",
}
INDEXES = {
    **{
        f"rag_chunks_{column}_idx": f"CREATE INDEX rag_chunks_{column}_idx ON rag_chunks {using}"
        for column, using in _CHUNK_INDEXES.items()
    },
    "rag_postings_pkey": (
        "ALTER TABLE rag_postings ADD CONSTRAINT rag_postings_pkey PRIMARY KEY (term, row_id)"
    ),
    "rag_postings_row_id_idx": "CREATE INDEX rag_postings_row_id_idx ON rag_postings (row_id)",
    # A term's postings best first (pg_topk.py); row_id orders ties, so pages of a list never
    # overlap or skip, and tf comes along for an index-only scan.
    "rag_postings_impact_idx": (
        "CREATE INDEX rag_postings_impact_idx ON rag_postings (term, impact DESC, row_id) INCLUDE (tf)"
    ),
}
FOREIGN_KEY = (
    "ALTER TABLE rag_postings ADD CONSTRAINT rag_postings_row_id_fkey"
    " FOREIGN KEY (row_id) REFERENCES rag_chunks ON DELETE CASCADE"
)


def has_relation(conn: psycopg.Connection[Any], name: str = "rag_meta") -> bool:
    """Whether a table or index of this name exists in the connection's schema."""
    return conn.execute("SELECT to_regclass(%s)", (name,)).fetchone()[0] is not None


def read_meta(conn: psycopg.Connection[Any], where: str) -> dict[str, Any] | None:
    """The meta row as a manifest (format, model, chunking, generation...); None when there is no
    index; IndexCorruptError or IndexMismatchError for tables this version cannot read."""
    if not has_relation(conn):
        return None
    # Format and version first (as JSON: no column is assumed), then the columns this version has.
    head = conn.execute("SELECT to_jsonb(m) ->> 'format', to_jsonb(m) -> 'format_version' FROM rag_meta m")
    head = head.fetchone()
    if head is None:
        return None
    if head[0] != FORMAT:
        raise IndexCorruptError(f"{where} does not hold an index made by this tool (rag_meta)")
    if head[1] != FORMAT_VERSION:
        raise IndexMismatchError(
            f"index {where} has format version {head[1]}, this version of rag reads "
            f"version {FORMAT_VERSION}; rebuild it: python -m rag ingest PATH ... --index {where} --rebuild"
        )
    row = conn.execute(
        "SELECT format, format_version, generation, created, updated, model, chunking, attribution,"
        " versions, lexical FROM rag_meta"
    ).fetchone()
    keys = ("format", "format_version", "generation", "created", "updated", "model", "chunking")
    meta = dict(zip(keys, row[:7], strict=True))
    meta.update(attribution=row[7], versions=row[8], lexical=row[9], store={"kind": STORE})
    return meta


def lock(conn: psycopg.Connection[Any], where: str) -> None:
    """The writer lock, held until the writer's transaction ends: the server releases it when the
    writer commits, rolls back, or dies (kill -9 drops the connection). A second writer waits."""
    if not conn.execute(TRY_LOCK).fetchone()[0]:
        log.warning("index %s: another writer is updating it; waiting for it to finish", where)
        conn.execute(WAIT_LOCK)


def create(conn: psycopg.Connection[Any], settings: Any, generation: int = 0) -> None:
    """The tables for a new index, in the writer's transaction (nothing shows before commit)."""
    from rag.index.pg_connect import register_vectors

    conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
    for name in TABLES:
        conn.execute(sql.SQL("DROP TABLE IF EXISTS {} CASCADE").format(sql.Identifier(name)))
    vector = sql.SQL("vector({})").format(sql.Literal(int(settings.model["dimension"])))
    for statement in _DDL.split(";"):
        if statement.strip():
            conn.execute(sql.SQL(statement.strip()).format(vector=vector))
    now = utc_now()
    conn.execute(
        "INSERT INTO rag_meta (format, format_version, generation, created, updated, model, chunking,"
        " attribution, versions, lexical) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (
            FORMAT,
            FORMAT_VERSION,
            generation,
            now,
            now,
            Json(settings.model),
            Json(settings.chunking),
            Json(settings.attribution),
            Json(library_versions()),
            Json(LEXICAL),
        ),
    )
    # Generations go on from where a dropped index was, so no reader mistakes one for the other.
    conn.execute("INSERT INTO rag_generations VALUES (%s, 0, 0, %s)", (generation, now))
    register_vectors(conn)


def build_indexes(conn: psycopg.Connection[Any]) -> None:
    """The indexes of tables `create` made, once their first generation's rows are in."""
    for name, statement in INDEXES.items():
        if not has_relation(conn, name):
            conn.execute(statement)
    conn.execute(FOREIGN_KEY)


def reset(conn: psycopg.Connection[Any], settings: Any, generation: int) -> None:
    """A rebuild keeping the tables: every row leaves in the next generation, new settings."""
    conn.execute("UPDATE rag_documents SET gen_removed = %s WHERE gen_removed IS NULL", (generation,))
    conn.execute("UPDATE rag_chunks SET gen_removed = %s WHERE gen_removed IS NULL", (generation,))
    conn.execute(
        "UPDATE rag_meta SET created = %s, model = %s, chunking = %s, attribution = %s",
        (utc_now(), Json(settings.model), Json(settings.chunking), Json(settings.attribution)),
    )
