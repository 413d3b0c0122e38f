"""The chat app: questions answered with passages and their cited institutions, sources, documents."""

from __future__ import annotations

import os

# Before gradio is imported: no usage statistics, no hub, nothing leaves this machine.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import argparse
import html
import re
import shutil
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import gradio as gr

from rag.errors import IndexLockedError, RagError
from rag.pipeline import RagIndex
from rag.render import CSS, answer_html, claims_html

UPLOAD_LIMIT_MB = 20  # documented in the README; larger uploads are refused before ingest
UPLOAD_TYPES = [".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
# No share link, no server-side rendering (it wants a newer Node), our CSS, the upload limit.
LAUNCH_OPTIONS: dict[str, Any] = {
    "share": False,
    "ssr_mode": False,
    "css": CSS,
    "footer_links": ["api"],
    "max_file_size": f"{UPLOAD_LIMIT_MB}mb",
}
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
        cited: dict[str, set[str]] = {}
        if self._has_index():
            for record in self.index.state().chunks.values():
                cited.setdefault(record["doc_id"], set()).update(
                    c["name"] for c in record.get("citations", [])
                )
        return [
            [d["title"], d["source"], d["chunks"], len(cited.get(doc_id, ())), d["added"]]
            for doc_id, d in self._documents().items()
        ]

    def claims(self, name: str | None) -> str:
        if not name:
            return claims_html(None)
        items = {i.name: i for i in self.index.registry().institutions()}
        return claims_html(items.get(name))

    def _documents(self) -> dict[str, dict[str, Any]]:
        return self.index.state().manifest["documents"] if self._has_index() else {}

    def _has_index(self) -> bool:
        return (self.index.path / "manifest.json").exists()

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


def build_app(index: RagIndex, uploads: Path) -> gr.Blocks:
    app = App(index, uploads)

    def refreshed() -> tuple[Any, ...]:
        return (
            gr.update(choices=app.institution_choices(), value=""),
            gr.update(choices=app.document_choices(), value=""),
            app.sources_table(),
            _bars(app),
            gr.update(choices=app.institution_choices()[1:], value=None),
            app.documents_table(),
            gr.update(choices=app.document_choices()[1:], value=None),
        )

    with gr.Blocks(title="rag: research assistant") as demo:
        gr.Markdown(
            "## Research assistant\nAsk about the indexed reports: passages, answering "
            "sentences and the institutions they cite."
        )
        with gr.Tab("Chat"), gr.Row():
            with gr.Column(scale=1, min_width=220):
                gr.Markdown("**Filters** (apply to the next question)")
                institution = gr.Dropdown(
                    app.institution_choices(),
                    value="",
                    label="Institution cited",
                    elem_id="filter-institution",
                )
                document = gr.Dropdown(
                    app.document_choices(), value="", label="Document", elem_id="filter-document"
                )
            with gr.Column(scale=4):
                gr.ChatInterface(
                    fn=app.respond,
                    additional_inputs=[institution, document],
                    examples=[[q, "", ""] for q in app.examples()],
                    api_name="ask",
                    autoscroll=False,
                    concurrency_limit=4,
                    chatbot=gr.Chatbot(
                        autoscroll=False,
                        height=620,
                        sanitize_html=True,
                        elem_id="chat",
                        placeholder="Ask a question about the reports.",
                    ),
                    textbox=gr.Textbox(placeholder="Ask a question…", elem_id="question"),
                )
        with gr.Tab("Sources"):
            sources = gr.Dataframe(
                app.sources_table(),
                headers=["institution", "kind", "passages", "documents"],
                interactive=False,
                elem_id="sources-table",
            )
            bars = gr.BarPlot(
                _bars(app), x="institution", y="passages", title="Citing passages per institution", sort="-y"
            )
            pick = gr.Dropdown(
                app.institution_choices()[1:], value=None, label="Show the claims of", elem_id="claims-pick"
            )
            claims = gr.HTML(claims_html(None), elem_id="claims")
            pick.change(app.claims, pick, claims)
            sources.select(_picked_row, None, pick)
        with gr.Tab("Documents"):
            documents = gr.Dataframe(
                app.documents_table(),
                headers=["title", "source", "chunks", "institutions cited", "added"],
                interactive=False,
                elem_id="documents-table",
            )
            files = gr.File(
                file_count="multiple",
                file_types=UPLOAD_TYPES,
                label=(f"Add documents (.txt .md .html .pdf .docx, up to {UPLOAD_LIMIT_MB} MB each)"),
                elem_id="upload",
            )
            add = gr.Button("Add to index", elem_id="add-documents")
            status = gr.Markdown(elem_id="upload-status")
            to_remove = gr.Dropdown(app.document_choices()[1:], value=None, label="Remove a document")
            remove = gr.Button("Remove", elem_id="remove-document")
            outputs = [institution, document, sources, bars, pick, documents, to_remove]
            add.click(app.upload, files, status, concurrency_limit=1).then(refreshed, None, outputs)
            remove.click(app.remove, to_remove, status, concurrency_limit=1).then(refreshed, None, outputs)
        gr.api(app.search, api_name="search")
    return demo


def _picked_row(evt: gr.SelectData) -> str | None:
    return evt.row_value[0] if evt.row_value else None


def _bars(app: App) -> Any:
    import pandas as pd

    rows = app.sources_table()[:20]
    return pd.DataFrame({"institution": [r[0] for r in rows], "passages": [r[2] for r in rows]})


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python app.py", description=__doc__)
    parser.add_argument("--index", help="index directory (default: $RAG_INDEX, else ./index)")
    parser.add_argument("--seeds", default="seeds", help="folder indexed at start (default: seeds)")
    parser.add_argument(
        "--uploads", default="uploads", help="where uploaded files are kept (default: uploads)"
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=7860)
    parser.add_argument("--auth", metavar="USER:PASSWORD", help="require this login")
    parser.add_argument("--no-auth", action="store_true", help="listen beyond this machine without a login")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.host not in LOCAL_HOSTS and not args.auth and not args.no_auth:
        print(
            f"error: --host {args.host} exposes the app to other machines; add --auth USER:PASSWORD, "
            "or --no-auth to accept the risk",
            file=sys.stderr,
        )
        return 2
    auth = None
    if args.auth:
        user, _, password = args.auth.partition(":")
        if not user or not password:
            print("error: --auth takes USER:PASSWORD", file=sys.stderr)
            return 2
        auth = (user, password)
    try:
        index = RagIndex(args.index)
        folders = [p for p in (Path(args.seeds), Path(args.uploads)) if p.is_dir()]
        if folders:
            report = index.ingest(folders, progress=sys.stderr.isatty())
            print(
                f"index {index.path}: added {report.added}, updated {report.updated}, unchanged "
                f"{report.unchanged}, removed {report.removed}, skipped {len(report.skipped)}"
            )
            for item in report.skipped:
                print(f"skipped: {item.path}: {item.reason}", file=sys.stderr)
    except RagError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    demo = build_app(index, Path(args.uploads))
    demo.launch(server_name=args.host, server_port=args.port, auth=auth, **LAUNCH_OPTIONS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
