"""ONNX int8 embedding: a local export of a sentence-transformers model, run by onnxruntime."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rag.errors import ModelLoadError

OPSET = 17
EXPORT_VERSION = 2  # bump when the export or quantisation settings change: old exports are redone
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def cache_root() -> Path:
    """Where exports live: $RAG_CACHE, else ~/.cache/rag (shared by every index of the user)."""
    return Path(os.environ.get("RAG_CACHE") or Path.home() / ".cache" / "rag").expanduser()


def export_key(location: str) -> str:
    """Names an export by the model files it came from (path, sizes, mtimes) and the tool versions."""
    import onnxruntime

    digest = hashlib.sha256(f"{EXPORT_VERSION}|{onnxruntime.__version__}|{location}".encode())
    root = Path(location)
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path.relative_to(root)}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:20]


def export(location: str, out: Path) -> None:
    """Export the whole sentence-transformers model (transformer, pooling, dense layers) to ONNX,
    then quantise its weights to int8 with dynamic activation scales. Needs torch, once."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(location, device="cpu").eval()
    max_length = min(model.max_seq_length or 256, 256)

    class Wrapped(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            features = {
                "input_ids": input_ids,
                "attention_mask": attention_mask,
                "token_type_ids": token_type_ids,
            }
            return self.model(features)["sentence_embedding"]

    sample = model.tokenizer(["a short sample", "and a second one"], padding=True, return_tensors="pt")
    if "token_type_ids" not in sample:
        sample["token_type_ids"] = torch.zeros_like(sample["input_ids"])
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        axes = {name: {0: "batch", 1: "sequence"} for name in INPUTS}
        with torch.no_grad():
            torch.onnx.export(
                Wrapped(),
                tuple(sample[name] for name in INPUTS),
                str(work / "fp32.onnx"),
                input_names=list(INPUTS),
                output_names=["sentence_embedding"],
                dynamic_axes={**axes, "sentence_embedding": {0: "batch"}},
                opset_version=OPSET,
                dynamo=False,
            )
        # Per-channel int8 weights keep the vectors closest to fp32 (cosine ≈ 0.99 on news text).
        quantize_dynamic(
            str(work / "fp32.onnx"), str(work / "int8.onnx"), weight_type=QuantType.QInt8, per_channel=True
        )
        model.tokenizer.save_pretrained(str(work))
        meta = {
            "source": location,
            "dimension": int(model.get_embedding_dimension()),
            "max_length": max_length,
            "export_version": EXPORT_VERSION,
            "opset": OPSET,
            "torch": torch.__version__,
        }
        (work / "meta.json").write_text(json.dumps(meta, indent=2))
        try:
            os.replace(work, out)
        except OSError:  # another process finished the same export first: use theirs
            if not (out / "meta.json").exists():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """The exporter and quantiser warn about tracing and pre-processing; a user can do nothing
    about either, and the quantiser's root-logger warning would install a console handler."""
    handler = logging.NullHandler()
    logging.root.addHandler(handler)
    level = logging.root.manager.disable
    logging.disable(logging.WARNING)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logging.disable(level)
        logging.root.removeHandler(handler)


class OnnxEncoder:
    """Tokenises with the model's own fast tokenizer and runs the int8 graph on the CPU."""

    def __init__(self, location: str) -> None:
        try:
            import onnxruntime
        except ImportError as exc:
            raise ModelLoadError("the onnx-int8 backend needs onnxruntime: pip install onnxruntime") from exc
        # ORT_DISABLE_TELEMETRY (rag/offline.py) has stopped telemetry already, unless the
        # program using rag imported onnxruntime first: then this stops its events from here on.
        onnxruntime.disable_telemetry_events()
        self.folder = cache_root() / "onnx" / export_key(location)
        if not (self.folder / "meta.json").exists():  # exported once per model and tool versions
            try:
                with _quiet():
                    export(location, self.folder)
            except Exception as exc:
                raise ModelLoadError(
                    f"cannot export '{location}' to ONNX: {exc}. Use --backend torch."
                ) from exc
        self.meta = json.loads((self.folder / "meta.json").read_text())
        self.dimension = int(self.meta["dimension"])
        self.max_length = int(self.meta["max_length"])
        self.tokenizer = self._tokenizer()
        self._sessions: dict[tuple[str, int], Any] = {}

    def _tokenizer(self) -> Any:
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(self.folder / "tokenizer.json"))
        tokenizer.no_truncation()
        tokenizer.no_padding()
        return tokenizer

    def session(self, precision: str, threads: int) -> Any:
        """One session per graph and thread count: batches use every core, a query one thread."""
        key = (precision, threads)
        if key not in self._sessions:
            import onnxruntime

            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            self._sessions[key] = onnxruntime.InferenceSession(
                str(self.folder / f"{precision}.onnx"), options, providers=["CPUExecutionProvider"]
            )
        return self._sessions[key]

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(e.ids) for e in self.tokenizer.encode_batch(list(texts), add_special_tokens=False)]

    def encode(
        self, texts: Sequence[str], batch_size: int, precision: str = "int8", threads: int = 0
    ) -> np.ndarray:
        """Normalised float32 vectors; batches of similar length, as sentence-transformers does."""
        session = self.session(precision, threads)
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for begin in range(0, len(order), batch_size):
            rows = order[begin : begin + batch_size]
            out[rows] = session.run(None, self._feed([encodings[i] for i in rows]))[0]
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.clip(norms, 1e-12, None)

    def _feed(self, encodings: list[Any]) -> dict[str, np.ndarray]:
        keep = self.max_length - 1  # cut like the tokenizer would, keeping the final [SEP]
        ids = [e.ids[:keep] + e.ids[-1:] if len(e.ids) > self.max_length else e.ids for e in encodings]
        types = [e.type_ids[: len(i)] for e, i in zip(encodings, ids, strict=True)]
        width = max(len(i) for i in ids)
        feed = {name: np.zeros((len(ids), width), dtype=np.int64) for name in INPUTS}
        for row, (token_ids, type_ids) in enumerate(zip(ids, types, strict=True)):
            feed["input_ids"][row, : len(token_ids)] = token_ids
            feed["attention_mask"][row, : len(token_ids)] = 1
            feed["token_type_ids"][row, : len(type_ids)] = type_ids
        return feed
