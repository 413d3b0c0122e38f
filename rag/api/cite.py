"""`cite` without an index: the institutions each sentence of some files cites or mentions."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rag.attribution import Attributor, SentenceAttribution
from rag.documents import Skipped, discover, load_document, page_at
from rag.errors import DocumentError


@dataclass(frozen=True)
class CitedSentence:
    source: str
    sentence: SentenceAttribution
    page: int | None = None  # 1-based physical page, for paged documents
    page_label: str | None = None  # its printed label, where the PDF defines labels


def cite(
    paths: Iterable[str | os.PathLike[str]], skipped: list[Skipped] | None = None
) -> Iterator[CitedSentence]:
    """Every sentence of the files under `paths`, with what it cites and mentions; files that
    cannot be read are appended to `skipped` with their reason, and the rest still processed."""
    files, missing = discover(paths)
    skipped = skipped if skipped is not None else []
    skipped.extend(missing)
    attributor = Attributor()
    for path in files:
        try:
            document = load_document(path)
        except DocumentError as exc:
            skipped.append(Skipped(exc.path, exc.reason))
            continue
        for sentence in attributor.document(document.text):
            page = page_at(document.pages, sentence.start)
            yield CitedSentence(
                document.source, sentence, page.number if page else None, page.label if page else None
            )
