"""The chat app (Gradio): the only package that renders HTML; it calls the API and nothing below it.

`launch` starts it, `layout` puts the tabs (`chat_tab`, `sources_tab`, `documents_tab`) on the
page, `controller` turns events into API calls, `render` escapes document text into HTML.
Gradio must be imported after GRADIO_ANALYTICS_ENABLED is set: `rag.offline`, which `rag/__init__.py`
imports first, sets it (and so does this module, for a caller that imports it directly).
"""

import os

# Before gradio is imported: no usage statistics, no hub, nothing leaves this machine.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
