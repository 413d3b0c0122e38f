"""rag: a local research assistant that finds passages and the institutions they cite."""

# First, before any library is imported: telemetry off, no hub, nothing leaves this machine.
import rag.offline  # noqa: F401
from rag.api import RagIndex, cite, index_path, status
from rag.version import __version__

__all__ = ["RagIndex", "__version__", "cite", "index_path", "status"]
