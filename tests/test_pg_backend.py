"""The PostgreSQL backend behaves as the folder backend, through the API, on a real server."""

from __future__ import annotations

import shutil
from dataclasses import asdict
from pathlib import Path

import psycopg
import pytest

from rag.api import RagIndex, copy_index
from rag.errors import IndexMismatchError, RagError
from rag.index import Changes, FolderBackend, open_backend
from rag.index.pg_backend import PgBackend
from rag.index.pg_connect import masked
from rag.index.pg_schema import FORMAT_VERSION
from tests.conftest import SEED
from tests.pg_fixture import admin_execute, database_url

QUESTIONS = [
    "How many AI researchers does China have?",
    "What does Bernstein Research predict for Huawei?",
    "How much coral reef was lost between 2009 and 2018?",
    "What cut freight emissions in Germany?",
    "recipe for banana bread with walnuts",
]


@pytest.fixture(scope="session")
def pg_built(pg_server: str, corpus: Path) -> RagIndex:
    """The corpus indexed in a database, next to the folder index `built_index` of the same files."""
    admin_execute(pg_server, "CREATE DATABASE rag_built")
    index = RagIndex(database_url(pg_server, "rag_built"))
    report = index.ingest([corpus])
    assert report.skipped == [] and report.added == len(list(corpus.iterdir()))
    return index


def same_answer(a: dict, b: dict) -> None:
    """Equal JSON; scores may differ in the last float bit (float32 in bm25s and FAISS)."""
    assert [p["chunk_id"] for p in a["passages"]] == [p["chunk_id"] for p in b["passages"]]
    for pa, pb in zip(a["passages"], b["passages"], strict=True):
        for key in ("score", "dense_score"):
            assert pa.pop(key) == pytest.approx(pb.pop(key), abs=2e-4)
    assert a == b


@pytest.mark.parametrize("question", QUESTIONS)
def test_ask_gives_the_same_json_on_both_backends(built_index: RagIndex, pg_built: RagIndex, question: str):
    same_answer(asdict(built_index.ask(question, k=5)), asdict(pg_built.ask(question, k=5)))


def test_institution_filter_sources_and_documents_match(built_index: RagIndex, pg_built: RagIndex):
    folder, database = built_index.registry().institutions(), pg_built.registry().institutions()
    assert [asdict(i) for i in folder] == [asdict(i) for i in database] and folder
    for institution in folder[:4]:
        name = institution.name
        assert sorted(built_index.registry().vids(name)) == sorted(pg_built.registry().vids(name))
        for variant in (name, name.lower()):
            same_answer(
                asdict(built_index.ask(QUESTIONS[0], institution=variant)),
                asdict(pg_built.ask(QUESTIONS[0], institution=variant)),
            )
    with pytest.raises(RagError, match="no passage cites"):
        pg_built.ask("anything", institution="Nobody Institute")

    def without_dates(documents: dict) -> dict:
        return {
            d: {k: v for k, v in doc.items() if k not in ("added", "updated")} for d, doc in documents.items()
        }

    assert without_dates(built_index.documents()) == without_dates(pg_built.documents())
    assert built_index.cited_by_document() == pg_built.cited_by_document()
    mine, theirs = asdict(built_index.status()), asdict(pg_built.status())
    for key in ("index", "store", "format_version", "created", "updated"):
        mine.pop(key), theirs.pop(key)
    assert mine == theirs


def test_bm25_and_dense_scores_match_the_folder_backend(built_index: RagIndex, pg_built: RagIndex):
    folder, database = built_index.snapshot(), pg_built.snapshot()
    for question in QUESTIONS:
        lexical = folder.lexical_search(question, 100)
        assert [v for v, _ in lexical] == [v for v, _ in database.lexical_search(question, 100)]
        for (_, a), (_, b) in zip(lexical, database.lexical_search(question, 100), strict=True):
            assert a == pytest.approx(b, rel=1e-5)
        query = built_index.embedder.encode_query(question)
        dense = folder.dense_search(query, 10)
        assert [v for v, _ in dense] == [v for v, _ in database.dense_search(query, 10)]
        vids = [v for v, _ in dense]
        assert database.dense_scores(query, vids) == pytest.approx(folder.dense_scores(query, vids), abs=1e-5)


@pytest.mark.parametrize("backend", ["folder", "postgres"])
def test_ingest_again_reuses_vectors_then_remove(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
):
    where = str(tmp_path / "index") if backend == "folder" else request.getfixturevalue("pg_url")
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEED, docs / SEED.name)
    note = docs / "note.txt"
    note.write_text("Salt mining\nPoland's Wieliczka mine produced salt for 700 years.")
    index = RagIndex(where)
    first = index.ingest([docs])
    assert (first.added, first.chunks_embedded) == (2, 6)
    again = index.ingest([docs])
    assert (again.unchanged, again.chunks_embedded) == (2, 0), "nothing changed, nothing embedded"
    note.write_text(note.read_text() + "\n\nGlass making\nMurano glassmakers have worked there since 1291.")
    changed = index.ingest([docs])
    assert (changed.updated, changed.unchanged) == (1, 1) and changed.chunks_embedded == 1
    assert "1291" in index.ask("Since when have Murano glassmakers worked?").passages[0].text
    assert index.remove([note]).removed == [
        str(note.relative_to(Path.cwd())) if note.is_relative_to(Path.cwd()) else str(note)
    ]
    status = RagIndex(where).status()
    assert (status.exists, status.documents, status.chunks) == (True, 1, 5)
    assert "700 years" not in " ".join(p.text for p in index.ask("How long was salt mined?").passages)


def test_the_page_view_serves_the_bytes_kept_in_the_database(pg_url: str, corpus: Path, tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("coral.pdf", SEED.name):
        shutil.copy(corpus / name, docs / name)
    index = RagIndex(pg_url)
    index.ingest([docs])
    shutil.rmtree(docs)  # another app instance, on another machine: the files are not there
    pdf = index.ask("How much coral reef was lost between 2009 and 2018?").passages[0]
    assert pdf.source.endswith("coral.pdf")
    assert index.page_image(pdf.chunk_id).startswith(b"\x89PNG")
    text = index.ask("How many AI researchers does China have?").passages[0]
    view = index.passage_view(text.chunk_id)
    assert view.text[view.start : view.end] == text.text


def test_readers_see_the_old_generation_until_the_commit(pg_url: str, tmp_path: Path):
    note = tmp_path / "note.txt"
    note.write_text("Salt mining\nPoland's Wieliczka mine produced salt for 700 years.")
    writer_index = RagIndex(pg_url)
    writer_index.ingest([SEED, note])
    reader = RagIndex(pg_url)
    before = reader.snapshot()
    doc_id = next(d for d, doc in before.documents().items() if doc["source"].endswith("note.txt"))
    vid = before.chunks_of(doc_id)[0]
    with writer_index.index_backend.writer(writer_index.stages.settings) as writer:
        writer.apply(Changes(removed=[doc_id]))
        assert doc_id in reader.documents() and reader.status().documents == 2, "not committed yet"
        writer.commit()
    assert doc_id not in reader.documents() and reader.status().documents == 1
    assert before.chunk(vid)["doc_id"] == doc_id, "a reader of the old generation still reads it whole"


def test_copy_to_the_database_and_back_moves_everything_without_embedding(
    built_index: RagIndex, pg_url: str, tmp_path: Path, corpus: Path
):
    there = copy_index(built_index.path, pg_url)
    assert (there.documents, there.files) == (len(list(corpus.iterdir())),) * 2
    with pytest.raises(RagError, match="--replace"):
        copy_index(built_index.path, pg_url)
    back = copy_index(pg_url, tmp_path / "back")
    assert back.chunks == there.chunks
    for question in QUESTIONS[:3]:
        expected = asdict(built_index.ask(question))
        same_answer(expected, asdict(RagIndex(pg_url).ask(question)))
        same_answer(asdict(built_index.ask(question)), asdict(RagIndex(tmp_path / "back").ask(question)))
    assert RagIndex(tmp_path / "back").ingest([corpus]).chunks_embedded == 0, "vectors came along"


def test_a_server_that_dropped_its_connections_is_reconnected(pg_url: str, pg_server: str):
    index = RagIndex(pg_url)
    index.ingest([SEED])
    name = pg_url.split("/")[3].split("?")[0]
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )
    assert "30,000" in index.ask("How many AI researchers does China have?").passages[0].text


def test_a_table_of_another_format_version_says_what_to_run(pg_url: str):
    RagIndex(pg_url).ingest([SEED])
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("UPDATE rag_meta SET format_version = 99")
    with pytest.raises(IndexMismatchError, match="--rebuild"):
        RagIndex(pg_url).ask("anything")
    assert RagIndex(pg_url).ingest([SEED], rebuild=True).added == 1
    assert RagIndex(pg_url).status().format_version == FORMAT_VERSION


@pytest.mark.parametrize(
    "url, shown",
    [
        ("postgresql://ann:pw@db.example/rag", "postgresql://ann:***@db.example/rag"),
        (
            "postgres://ann:p%40ss@h1:5432,h2:5433/rag?sslmode=require",
            "postgres://ann:***@h1:5432,h2:5433/rag?sslmode=require",
        ),
        ("postgresql://ann@/rag?host=/run/pg&password=pw", "postgresql://ann@/rag?host=/run/pg&password=***"),
        ("postgresql:///rag", "postgresql:///rag"),
        ("postgresql://h:5432/rag", "postgresql://h:5432/rag"),
    ],
)
def test_urls_are_shown_without_their_password(url: str, shown: str):
    assert masked(url) == shown
    assert isinstance(open_backend(url), PgBackend) and open_backend(url).location == shown


def test_the_scheme_decides_the_backend(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("RAG_INDEX", "postgresql://ann:pw@/rag?host=/nowhere")
    assert isinstance(open_backend(), PgBackend)
    assert isinstance(open_backend(tmp_path / "postgresql"), FolderBackend)
    monkeypatch.delenv("RAG_INDEX")
    assert isinstance(open_backend(), FolderBackend)
