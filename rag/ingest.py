"""Ingest: chunk, attribute, embed and index new documents into a generation, reusing vectors."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from rag.attribution import Attributor, Citation, sentences_with_citations
from rag.chunking import Chunk, Chunker, indexed_text, text_hash
from rag.documents import Document
from rag.embedding import Embedder
from rag.index_dir import IndexState, utc_now
from rag.lexical import LexicalIndex
from rag.store_ivf import sized


def apply_changes(
    state: IndexState,
    fresh: list[Document],
    gone: list[str],
    chunker: Chunker,
    embedder: Embedder,
    attributor: Attributor,
    progress: bool = False,
    timings: dict[str, float] | None = None,
) -> int:
    """Replace the chunks of `fresh` documents and drop `gone` ones; returns chunks embedded."""
    timings = timings if timings is not None else {}
    mark = time.perf_counter()
    new_chunks = [(doc, chunk) for doc in fresh for chunk in chunker.chunk(doc.doc_id, doc.text)]
    timings["chunk"], mark = time.perf_counter() - mark, time.perf_counter()
    texts = list(dict.fromkeys(doc.text for doc in fresh))  # copies of one file are parsed once
    by_text = dict(zip(texts, sentences_with_citations(attributor, texts), strict=True))
    cited = {doc.doc_id: by_text[doc.text] for doc in fresh}
    timings["attribution"], mark = time.perf_counter() - mark, time.perf_counter()
    inputs = {c.chunk_id: indexed_text(doc.title, c.text, c.ordinal) for doc, c in new_chunks}
    # Vectors already in the index are reused for identical input: never embed twice.
    known: dict[str, int] = {r["hash"]: vid for vid, r in state.chunks.items()}
    todo = list(dict.fromkeys(t for t in inputs.values() if text_hash(t) not in known))
    vectors = dict(zip(todo, embedder.encode(todo, progress=progress), strict=True))
    timings["embed"], mark = time.perf_counter() - mark, time.perf_counter()
    reused_ids = [known[text_hash(t)] for t in inputs.values() if t not in vectors]
    reused = dict(zip(reused_ids, state.store.vectors(np.array(reused_ids, dtype=np.int64)), strict=True))
    first_added = {
        d: state.manifest["documents"].get(d, {}).get("added") for d in {doc.doc_id for doc in fresh}
    }
    for doc_id in {d.doc_id for d in fresh} | set(gone):
        old = state.by_doc.pop(doc_id, [])
        state.store.remove(np.array(old, dtype=np.int64))
        for vid in old:
            del state.chunks[vid]
        state.manifest["documents"].pop(doc_id, None)
    ids, rows = [], []
    for doc, chunk in new_chunks:
        vid = int(chunk.chunk_id[:15], 16)  # 60 bits of the content-derived id: a valid int64
        if vid in state.chunks:
            continue
        source_text = inputs[chunk.chunk_id]
        digest = text_hash(source_text)
        rows.append(vectors[source_text] if source_text in vectors else reused[known[digest]])
        ids.append(vid)
        state.chunks[vid] = {
            "vid": vid,
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
        }
        state.by_doc.setdefault(doc.doc_id, []).append(vid)
    if ids:
        state.store.add(np.array(ids, dtype=np.int64), np.vstack(rows))
    state.store = sized(state.store, state.chunks.keys())
    titles = {d: doc["title"] for d, doc in state.manifest["documents"].items()}
    titles.update({doc.doc_id: doc.title for doc in fresh})
    state.lexical = LexicalIndex.build(
        list(state.chunks),
        [indexed_text(titles.get(r["doc_id"], ""), r["text"], r["ordinal"]) for r in state.chunks.values()],
    )
    state.registry = None
    timings["index"] = time.perf_counter() - mark
    now = utc_now()
    for doc in fresh:
        state.manifest["documents"][doc.doc_id] = {
            "source": doc.source,
            "path": doc.path,
            "title": doc.title,
            "content_hash": doc.content_hash,
            "chunks": len(state.by_doc.get(doc.doc_id, [])),
            "added": first_added[doc.doc_id] or now,
            "updated": now,
        }
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
