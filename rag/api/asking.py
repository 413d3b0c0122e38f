"""Reads through the API: a question answered from one snapshot, with its filters and citations."""

from __future__ import annotations

from typing import Any

import numpy as np

from rag.embedding import Embedder
from rag.errors import RagError
from rag.index import Citations, Snapshot
from rag.search import Answer, Passage, Retriever, compose


def ask(
    snapshot: Snapshot,
    embedder: Embedder,
    question: str,
    k: int = 5,
    institution: str | None = None,
    document: str | None = None,
) -> Answer:
    """Top-k passages and an extractive answer; `institution` keeps passages citing it,
    `document` (a doc id or source path) passages from that document."""
    if not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    citations = snapshot.citations()
    allowed = None
    if institution is not None:
        if citations.canonical(institution) is None:
            known = ", ".join(i.name for i in citations.institutions(claims=False)[:10]) or "none"
            raise RagError(f"no passage cites '{institution}'; cited institutions include: {known}")
        allowed = np.array(citations.vids(institution), dtype=np.int64)
    if document is not None:
        in_doc = np.array(snapshot.chunks_of(find_document(snapshot, document)), dtype=np.int64)
        allowed = in_doc if allowed is None else np.intersect1d(allowed, in_doc)
    hits = Retriever(snapshot, embedder).search(question, k, allowed)
    documents = snapshot.documents()
    passages, spans = [], {}
    for hit in hits:
        record = snapshot.chunk(hit.vid)
        source = documents[record["doc_id"]]
        passages.append(
            Passage(
                rank=hit.rank,
                score=round(hit.score, 4),
                dense_score=round(hit.dense, 4),
                source=source["source"],
                title=source["title"],
                doc_id=record["doc_id"],
                chunk_id=record["id"],
                start=record["start"],
                end=record["end"],
                text=record["text"],
                institutions=passage_institutions(record, citations),
                pages=record.get("pages"),
                page_labels=record.get("page_labels"),
                section=record.get("section"),
            )
        )
        spans[hit.rank] = [tuple(s) for s in record["sentences"]]
    names = list(dict.fromkeys(i["name"] for p in passages for i in p.institutions))
    return compose(question, passages, spans, names)


def find_document(snapshot: Snapshot, document: str) -> str:
    """A document's id, given its id or its source path."""
    documents = snapshot.documents()
    if document in documents:
        return document
    for doc_id, doc in documents.items():
        if document in (doc["source"], doc["path"]):
            return doc_id
    raise RagError(f"no document '{document}' in the index")


def passage_institutions(record: dict[str, Any], citations: Citations) -> list[dict[str, Any]]:
    """One entry per institution the passage cites, named as the registry merged it."""
    out: dict[str, dict[str, Any]] = {}
    for c in record.get("citations", []):
        name = citations.canonical(c["name"]) or c["name"]
        out.setdefault(
            name,
            {
                "name": name,
                "mention": c["mention"],
                "kind": c["kind"],
                "cue": c["cue"],
                "start": c["start"],
                "end": c["end"],
                "sentence_start": c["sentence_start"],
                "sentence_end": c["sentence_end"],
                "inherited": c["inherited"],
            },
        )
    return list(out.values())
