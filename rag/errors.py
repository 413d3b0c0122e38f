"""The library's exceptions: it raises them, the CLI and the app turn them into messages."""

from __future__ import annotations


class RagError(Exception):
    """Base class of every error this package raises on purpose."""


class DocumentError(RagError):
    """One input file could not be read; the others are still processed."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class IndexLockedError(RagError):
    """Another process is writing to the same index."""


class IndexMismatchError(RagError):
    """The index on disk was built with another model, format or settings."""


class IndexMissingError(RagError):
    """There is no index at the given path yet."""


class IndexCorruptError(RagError):
    """The index directory exists but its files cannot be read."""


class IndexUnavailableError(RagError):
    """The database an index lives in cannot be reached, or went away during a command."""


class ModelLoadError(RagError):
    """The embedding model could not be loaded from the local disk."""
