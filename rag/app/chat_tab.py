"""The Chat tab: filters beside a chat whose replies are passages with their cited institutions."""

from __future__ import annotations

from typing import Any

import gradio as gr

from rag.app.controller import App


def chat_tab(app: App) -> tuple[Any, Any]:
    """Builds the tab inside the current Blocks; returns the two filter dropdowns."""
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
    return institution, document
