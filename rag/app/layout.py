"""The page: three tabs over one controller, and the API-only `search` endpoint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr

from rag.api import RagIndex
from rag.app.chat_tab import chat_tab
from rag.app.controller import App
from rag.app.documents_tab import documents_tab
from rag.app.sources_tab import bars_frame, sources_tab


def build_app(index: RagIndex, uploads: Path) -> gr.Blocks:
    app = App(index, uploads)

    def refreshed() -> tuple[Any, ...]:
        return (
            gr.update(choices=app.institution_choices(), value=""),
            gr.update(choices=app.document_choices(), value=""),
            app.sources_table(),
            bars_frame(app),
            gr.update(choices=app.institution_choices()[1:], value=None),
            app.documents_table(),
            gr.update(choices=app.document_choices()[1:], value=None),
        )

    with gr.Blocks(title="rag: research assistant") as demo:
        gr.Markdown(
            "## Research assistant\nAsk about the indexed reports: passages, answering "
            "sentences and the institutions they cite."
        )
        institution, document = chat_tab(app)
        sources, bars, pick = sources_tab(app)
        documents_tab(app, refreshed, [institution, document, sources, bars, pick])
        gr.api(app.search, api_name="search", concurrency_limit=4)  # as the chat: questions in parallel
    demo.rag_controller = app  # type: ignore[attr-defined] - what the passage pages answer from
    return demo
