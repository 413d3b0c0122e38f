"""rag: a local research assistant that finds passages and the institutions they cite."""

__version__ = "0.1.0"

from rag.pipeline import RagIndex, index_path  # after __version__, which it reads

__all__ = ["RagIndex", "__version__", "index_path"]
