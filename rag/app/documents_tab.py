"""The Documents tab: what is indexed, uploads, removal; after a change every list is refreshed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import gradio as gr

from rag.app.controller import UPLOAD_LIMIT_MB, UPLOAD_TYPES, App


def documents_tab(app: App, refreshed: Callable[[], tuple[Any, ...]], others: list[Any]) -> None:
    """Builds the tab inside the current Blocks; `others` are the components of the other tabs
    that `refreshed` updates, followed here by this tab's table and removal list."""
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
        outputs = [*others, documents, to_remove]
        add.click(app.upload, files, status, concurrency_limit=1).then(refreshed, None, outputs)
        remove.click(app.remove, to_remove, status, concurrency_limit=1).then(refreshed, None, outputs)
