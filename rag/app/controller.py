"""The app's controller: turns UI events into API calls and API results into what the UI shows."""

from __future__ import annotations

import html
import os
import re
import shutil
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

from rag.api import RagIndex
from rag.app.render import answer_html, claims_html
from rag.errors import IndexLockedError, RagError

UPLOAD_LIMIT_MB = 20  # documented in the README; larger uploads are refused before ingest
UPLOAD_TYPES = [".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx"]
GENERIC_EXAMPLES = ["What are the main findings?", "Which institutions are cited as sources?"]
# A short question that leans on the previous one ("and what did Stanford say?").
_FOLLOW_UP = re.compile(
    r"^\s*(?:and|but|also|what about|how about|what else)\b|\b(?:they|them|it|its|their|"
    r"that|those|this|these|he|she)\b",
    re.IGNORECASE,
)


def with_context(message: str, history: list[dict[str, Any]]) -> str:
    """The query to search: a follow-up is read together with the previous question."""
    previous = [
        m["content"] for m in history if m.get("role") == "user" and isinstance(m.get("content"), str)
    ]
    if previous and len(message.split()) <= 12 and _FOLLOW_UP.search(message):
        return f"{previous[-1]} {message}"
    return message


def safe_name(name: str) -> str:
    """An upload's file name reduced to a plain name in the uploads folder: no path, no dot-files."""
    base = re.sub(r"[^A-Za-z0-9._ -]", "_", Path(name.replace("\\", "/")).name).strip(" .")
    stem, suffix = os.path.splitext(base)
    return f"{stem[:100] or 'upload'}{suffix.lower()}"


class App:
    """Holds the index and turns UI events into API calls."""

    def __init__(self, index: RagIndex, uploads: Path) -> None:
        self.index = index
        self.uploads = uploads
        uploads.mkdir(parents=True, exist_ok=True)

    # -- chat ----------------------------------------------------------------------------
    def respond(
        self, message: str, history: list[dict[str, Any]], institution: str | None, document: str | None
    ) -> str:
        if not message or not message.strip():
            return "Ask a question about the indexed reports."
        try:
            answer = self.index.ask(
                with_context(message, history),
                k=5,
                institution=institution or None,
                document=document or None,
            )
        except RagError as exc:
            return f"<div class='rag-noanswer'>{html.escape(str(exc))}</div>"
        return answer_html(answer)

    def search(self, question: str, k: int = 5, institution: str | None = None) -> dict[str, Any]:
        """The same JSON object as `python -m rag ask --json`."""
        return asdict(self.index.ask(question, k=int(k), institution=institution or None))

    def examples(self) -> list[str]:
        """Questions to show on first load, made from what this index's passages cite."""
        names = (
            [i.name for i in self.index.registry().institutions(claims=False)[:3]]
            if self._has_index()
            else []
        )
        return [f"What did {name} say?" for name in names] or GENERIC_EXAMPLES

    # -- choices and tables --------------------------------------------------------------
    def institution_choices(self) -> list[tuple[str, str]]:
        items = self.index.registry().institutions(claims=False) if self._has_index() else []
        return [("All institutions", "")] + [(f"{i.name} ({i.passages})", i.name) for i in items]

    def document_choices(self) -> list[tuple[str, str]]:
        docs = self._documents()
        return [("All documents", "")] + [(d["title"], doc_id) for doc_id, d in docs.items()]

    def sources_table(self) -> list[list[Any]]:
        if not self._has_index():
            return []
        return [
            [i.name, i.kind, i.passages, i.documents]
            for i in self.index.registry().institutions(claims=False)
        ]

    def documents_table(self) -> list[list[Any]]:
        cited = self.index.cited_by_document()
        return [
            [d["title"], d["source"], d["chunks"], len(cited.get(doc_id, ())), d["added"]]
            for doc_id, d in self._documents().items()
        ]

    def claims(self, name: str | None) -> str:
        if not name:
            return claims_html(None)
        items = {i.name: i for i in self.index.registry().institutions()}
        return claims_html(items.get(name))

    def _documents(self) -> Mapping[str, Mapping[str, Any]]:
        return self.index.documents()

    def _has_index(self) -> bool:
        return self.index.exists()

    # -- documents -----------------------------------------------------------------------
    def upload(self, files: list[str] | None) -> str:
        if not files:
            return "Choose one or more files first."
        saved, messages = [], []
        for temp in files:
            temp_path = Path(temp)
            name = safe_name(temp_path.name)
            if Path(name).suffix not in UPLOAD_TYPES:
                messages.append(f"{name}: refused, unsupported type (allowed: {', '.join(UPLOAD_TYPES)})")
                continue
            if temp_path.stat().st_size > UPLOAD_LIMIT_MB * 1024 * 1024:
                messages.append(f"{name}: refused, larger than {UPLOAD_LIMIT_MB} MB")
                continue
            target = self.uploads / name
            shutil.copyfile(temp_path, target)
            saved.append(target)
        if saved:
            try:
                report = self.index.ingest(saved)
            except IndexLockedError:
                return "The index is being updated by another upload; try again in a moment."
            except (RagError, OSError) as exc:  # a full disk, say: the index is left as it was
                return f"Nothing was added: {exc}"
            for item in report.skipped:
                Path(item.path).unlink(missing_ok=True)  # keep the uploads folder rebuildable
                messages.append(f"{Path(item.path).name}: not added, {item.reason}")
            messages.insert(
                0, f"Added {report.added}, updated {report.updated}, unchanged {report.unchanged}."
            )
        return "\n".join(f"- {m}" for m in messages)

    def remove(self, doc_id: str | None) -> str:
        document = self._documents().get(doc_id or "")
        if document is None:
            return "Choose a document to remove."
        path = Path(document["path"])
        self.index.remove([path])
        if path.parent.resolve() == self.uploads.resolve():
            path.unlink(missing_ok=True)
        return f"Removed {document['title']}."
