"""Index directory: manifest, chunk metadata and vectors on disk, written atomically under a lock."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag.errors import IndexCorruptError, IndexLockedError, IndexMismatchError
from rag.index.base import VectorStore
from rag.index.lexical import LexicalIndex
from rag.index.stores import open_store
from rag.version import __version__

FORMAT = "rag-index"
# Bump when the files' layout or meaning changes; an index of another version is refused on load.
FORMAT_VERSION = 3  # 2: chunks carry the institutions their sentences cite; 3: their pages and section
MANIFEST = "manifest.json"
# Each commit writes these under a new generation number; the manifest names the current ones.
GENERATION_FILES = {"vectors": ".faiss", "chunks": ".jsonl", "lexical": ""}
LOCK = ".lock"


@dataclass
class IndexState:
    """Everything one generation of the index holds, in memory."""

    manifest: dict[str, Any]
    chunks: dict[int, dict[str, Any]]  # vector id -> chunk record
    store: VectorStore
    lexical: LexicalIndex
    generation: int = 0
    by_doc: dict[str, list[int]] = field(default_factory=dict)
    registry: Any = None  # the Registry of its citations, built on first use

    def __post_init__(self) -> None:
        if not self.by_doc:
            for vid, record in self.chunks.items():
                self.by_doc.setdefault(record["doc_id"], []).append(vid)


def new_manifest(model: dict[str, Any], chunking: dict[str, Any], store_kind: str) -> dict[str, Any]:
    now = utc_now()
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "generation": 0,
        "created": now,
        "updated": now,
        "model": model,
        "chunking": chunking,
        "store": {"kind": store_kind},
        "versions": library_versions(),
        "documents": {},
    }


def library_versions() -> dict[str, str]:
    """Versions from package metadata: importing the packages (torch above all) to ask them
    would cost hundreds of MB in a process that never runs them."""
    from importlib.metadata import PackageNotFoundError, version

    versions = {"rag": __version__}
    for name, package in (
        ("faiss", "faiss-cpu"),
        ("numpy", "numpy"),
        ("sentence_transformers", "sentence-transformers"),
        ("onnxruntime", "onnxruntime"),
        ("spacy", "spacy"),
    ):
        with contextlib.suppress(PackageNotFoundError):
            versions[name] = version(package)
    return versions


def read_manifest(root: Path) -> dict[str, Any] | None:
    """The manifest of the index at `root`, checked for format; None when there is no index."""
    path = root / MANIFEST
    if not path.exists():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexCorruptError(f"cannot read {path}: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise IndexCorruptError(f"{root} is not an index made by this tool (no valid {MANIFEST})")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise IndexMismatchError(
            f"index {root} has format version {version}, this version of rag reads version "
            f"{FORMAT_VERSION}; rebuild it: python -m rag ingest PATH ... --index {root} --rebuild"
        )
    return manifest


def load_state(root: Path, manifest: dict[str, Any]) -> IndexState:
    files = manifest.get("files", {})
    try:
        chunks: dict[int, dict[str, Any]] = {}
        with open(root / files["chunks"], encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                chunks[int(record["vid"])] = record
        store = open_store(
            manifest["store"]["kind"],
            int(manifest["model"]["dimension"]),
            root / files["vectors"],
            manifest["store"],
        )
        lexical = LexicalIndex.load(root / files["lexical"])
    except (OSError, KeyError, ValueError, RuntimeError) as exc:
        raise IndexCorruptError(
            f"index {root} cannot be loaded ({exc}); rebuild it with "
            f"python -m rag ingest PATH ... --index {root} --rebuild"
        ) from exc
    if not len(store) == len(chunks) == len(lexical):
        raise IndexCorruptError(
            f"index {root}: {len(store)} vectors, {len(lexical)} BM25 rows and "
            f"{len(chunks)} chunks do not match; rebuild it with --rebuild"
        )
    return IndexState(manifest, chunks, store, lexical, int(manifest.get("generation", 0)))


_HELD_LOCKS: set[int] = set()  # descriptors of the writer locks this process holds


def _drop_locks_in_child() -> None:
    """A forked child must not share the lock: it would keep the index locked after its parent
    died. Helpers are spawned (rag/processes.py); this covers any fork a library makes."""
    for fd in _HELD_LOCKS:
        with contextlib.suppress(OSError):
            os.close(fd)  # the child's copy only: the parent keeps its lock
    _HELD_LOCKS.clear()


os.register_at_fork(after_in_child=_drop_locks_in_child)


@contextlib.contextmanager
def write_lock(root: Path) -> Iterator[None]:
    """Exclusive writer lock; the kernel drops it when the process dies, even on kill -9. The
    descriptor is closed on exec and in forked children, so no helper process can keep it."""
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    _HELD_LOCKS.add(fd)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "another process"
            raise IndexLockedError(
                f"index {root} is locked: another writer (pid {holder}) is updating it; "
                "try again when it has finished"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        _HELD_LOCKS.discard(fd)
        os.close(fd)  # closing the descriptor releases the flock


def commit(root: Path, state: IndexState) -> int:
    """Write a new generation: data files first (temp + rename), the manifest last.

    Readers follow the manifest, so a crash at any moment leaves the old generation or the new
    one. The previous generation's files are kept for readers that loaded its manifest just now.
    A write that fails (a full disk) removes what it wrote and raises one OSError: the old index
    stands, as it was.
    """
    generation = state.generation + 1
    files = {name: f"{name}-{generation}{ext}" for name, ext in GENERATION_FILES.items()}
    manifest = dict(
        state.manifest, generation=generation, updated=utc_now(), files=files, versions=library_versions()
    )
    manifest["store"] = {"kind": state.store.kind, "count": len(state.store), **state.store.params()}
    try:
        _atomic(root / files["vectors"], lambda tmp: state.store.save(tmp))
        _atomic(root / files["chunks"], lambda tmp: _write_jsonl(tmp, state.chunks.values()))
        _atomic_dir(root / files["lexical"], state.lexical.save)
        _atomic(
            root / MANIFEST,
            lambda tmp: tmp.write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8"),
        )
    except BaseException as exc:
        for name in files.values():  # nothing refers to them: the manifest is the old one
            shutil.rmtree(root / name, ignore_errors=True)
            with contextlib.suppress(OSError):
                (root / name).unlink()
        error = _write_error(root, exc)
        if error is exc:
            raise
        raise error from exc
    _fsync_dir(root)
    state.manifest, state.generation = manifest, generation
    previous = {f"{name}-{generation - 1}{ext}" for name, ext in GENERATION_FILES.items()}
    _remove_stale(root, keep={MANIFEST, LOCK, *files.values(), *previous})
    return generation


def _write_error(root: Path, exc: BaseException) -> BaseException:
    """A failed write as one line for the CLI; faiss reports its write errors as RuntimeError
    with the system's reason in parentheses ("... (No space left on device)")."""
    code = getattr(exc, "errno", None) if isinstance(exc, OSError) else None
    if code is None and isinstance(exc, RuntimeError):
        code = next((c for c in sorted(errno.errorcode) if f"({os.strerror(c)})" in str(exc)), None)
    if code is None:
        return exc
    return OSError(code, f"cannot write the index ({os.strerror(code)}); it is unchanged", str(root))


def _write_jsonl(path: Path, records: Any) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def _atomic(target: Path, write: Any) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _atomic_dir(target: Path, write: Any) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        write(tmp)
        for entry in tmp.iterdir():
            with open(entry, "rb+") as handle:
                os.fsync(handle.fileno())
        # A writer killed after this rename but before its manifest left an unreferenced folder.
        shutil.rmtree(target, ignore_errors=True)
        os.replace(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _fsync_dir(root: Path) -> None:
    fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_stale(root: Path, keep: set[str]) -> None:
    """Old generations and temp files left by crashed writers; only called under the lock."""
    prefixes = tuple(f"{name}-" for name in GENERATION_FILES)
    for entry in root.iterdir():
        if entry.name in keep:
            continue
        if entry.name.endswith(".tmp") or entry.name.startswith(prefixes):
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    entry.unlink()


def utc_now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
