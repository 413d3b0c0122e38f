"""The chat app: questions answered with passages and their cited institutions, sources, documents.

A thin launcher: `python app.py --help`. The app itself is the package rag/app/."""

from __future__ import annotations

import os
import sys

# Before gradio is imported: no usage statistics, no hub, nothing leaves this machine.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from rag.app.controller import safe_name, with_context
from rag.app.launch import LAUNCH_OPTIONS, main
from rag.app.layout import build_app

__all__ = ["LAUNCH_OPTIONS", "build_app", "main", "safe_name", "with_context"]

if __name__ == "__main__":
    sys.exit(main())
