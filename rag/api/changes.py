"""Ingest's middle: chunk, attribute and embed documents into one change, reusing known vectors."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from rag.api.opening import Stages
from rag.attribution import Citation, sentences_with_citations
from rag.chunking import Chunk, indexed_text, text_hash
from rag.documents import Document, location
from rag.index import Changes, Writer
from rag.index.folder import utc_now


def apply_changes(
    writer: Writer,
    fresh: list[Document],
    gone: list[str],
    stages: Stages,
    progress: bool = False,
    timings: dict[str, float] | None = None,
) -> int:
    """Replace the chunks of `fresh` documents and drop `gone` ones; returns chunks embedded."""
    timings = timings if timings is not None else {}
    chunker, embedder = stages.chunker(), stages.embedder
    mark = time.perf_counter()
    new_chunks = [(doc, chunk) for doc in fresh for chunk in chunker.chunk(doc.doc_id, doc.text)]
    timings["chunk"], mark = time.perf_counter() - mark, time.perf_counter()
    texts = list(dict.fromkeys(doc.text for doc in fresh))  # copies of one file are parsed once
    by_text = dict(zip(texts, sentences_with_citations(stages.attributor, texts), strict=True))
    cited = {doc.doc_id: by_text[doc.text] for doc in fresh}
    timings["attribution"], mark = time.perf_counter() - mark, time.perf_counter()
    inputs = {c.chunk_id: indexed_text(doc.title, c.text, c.ordinal) for doc, c in new_chunks}
    # Vectors already in the index are reused for identical input: never embed twice.
    known = writer.vectors_for([text_hash(t) for t in inputs.values()])
    todo = list(dict.fromkeys(t for t in inputs.values() if text_hash(t) not in known))
    vectors = dict(zip(todo, embedder.encode(todo, progress=progress), strict=True))
    timings["embed"], mark = time.perf_counter() - mark, time.perf_counter()
    records, rows = [], []
    for doc, chunk in new_chunks:
        source_text = inputs[chunk.chunk_id]
        digest = text_hash(source_text)
        rows.append(vectors[source_text] if source_text in vectors else known[digest])
        records.append(
            {
                "vid": int(chunk.chunk_id[:15], 16),  # 60 bits of the content-derived id: a valid int64
                "id": chunk.chunk_id,
                "doc_id": doc.doc_id,
                "ordinal": chunk.ordinal,
                "start": chunk.start,
                "end": chunk.end,
                "text": chunk.text,
                "sentences": [list(s) for s in chunk.sentences],
                "tokens": chunk.tokens,
                "hash": digest,
                "citations": _citations_in(chunk, cited[doc.doc_id]),
                **location(doc.pages, doc.headings, chunk.start, chunk.end),
            }
        )
    committed = writer.documents()
    now = utc_now()
    documents = {
        doc.doc_id: {
            "source": doc.source,
            "path": doc.path,
            "title": doc.title,
            "content_hash": doc.content_hash,
            "added": committed.get(doc.doc_id, {}).get("added") or now,
            "updated": now,
        }
        for doc in fresh
    }
    writer.apply(Changes(gone, records, np.vstack(rows) if rows else None, documents))
    timings["index"] = time.perf_counter() - mark
    return len(todo)


def _citations_in(chunk: Chunk, cited: list[tuple[int, int, list[Citation]]]) -> list[dict[str, Any]]:
    """The citations of the sentences inside a chunk, as stored with it."""
    return [
        {
            **c.public(),
            "start": c.start,
            "end": c.end,
            "sentence_start": s,
            "sentence_end": e,
            "aliases": list(c.aliases),
            "inherited": c.inherited,
        }
        for s, e, citations in cited
        if chunk.start <= s and e <= chunk.end
        for c in citations
    ]
