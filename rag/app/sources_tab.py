"""The Sources tab: cited institutions, a bar chart of their citing passages, and their claims."""

from __future__ import annotations

from typing import Any

import gradio as gr

from rag.app.controller import App
from rag.app.render import claims_html


def sources_tab(app: App) -> tuple[Any, Any, Any]:
    """Builds the tab inside the current Blocks; returns the table, the chart and the picker."""
    with gr.Tab("Sources"):
        sources = gr.Dataframe(
            app.sources_table(),
            headers=["institution", "kind", "passages", "documents"],
            interactive=False,
            elem_id="sources-table",
        )
        bars = gr.BarPlot(
            bars_frame(app), x="institution", y="passages", title="Citing passages per institution", sort="-y"
        )
        pick = gr.Dropdown(
            app.institution_choices()[1:], value=None, label="Show the claims of", elem_id="claims-pick"
        )
        claims = gr.HTML(claims_html(None), elem_id="claims")
        pick.change(app.claims, pick, claims)
        sources.select(_picked_row, None, pick)
    return sources, bars, pick


def _picked_row(evt: gr.SelectData) -> str | None:
    return evt.row_value[0] if evt.row_value else None


def bars_frame(app: App) -> Any:
    import pandas as pd

    rows = app.sources_table()[:20]
    return pd.DataFrame({"institution": [r[0] for r in rows], "passages": [r[2] for r in rows]})
