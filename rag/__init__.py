"""rag: a local research assistant that finds passages and the institutions they cite."""

from rag.api import RagIndex, cite, index_path, status
from rag.version import __version__

__all__ = ["RagIndex", "__version__", "cite", "index_path", "status"]
