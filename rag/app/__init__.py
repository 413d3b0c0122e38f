"""The chat app (Gradio): the only package that renders HTML; it calls the API and nothing below it.

`launch` starts it, `layout` puts the tabs (`chat_tab`, `sources_tab`, `documents_tab`) on the
page, `controller` turns events into API calls, `render` escapes document text into HTML.
Gradio's analytics are off before it is imported: `rag/__init__.py` imports `rag.offline` first.
"""
