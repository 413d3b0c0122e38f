"""The chat app: questions answered with passages and their cited institutions, sources, documents.

A thin launcher: `python app.py --help`. The app itself is the package rag/app/. Importing this
file is cheap (Gradio loads on first use of what it exports): worker processes, which start by
importing it again, do not pay for Gradio."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import rag.app  # noqa: F401 - telemetry and analytics off before anything else loads

_EXPORTS = {
    "LAUNCH_OPTIONS": "rag.app.launch",
    "main": "rag.app.launch",
    "build_app": "rag.app.layout",
    "safe_name": "rag.app.controller",
    "with_context": "rag.app.controller",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'app' has no attribute {name!r}")


if __name__ == "__main__":
    sys.exit(__getattr__("main")())
