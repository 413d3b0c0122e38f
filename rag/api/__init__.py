"""The Python API: RagIndex (open, ingest, ask, remove, status), `status` and `cite` without a model
load or an index. The CLI and the app call only this package; it calls the pipeline's packages."""

from rag.api.cite import CitedSentence, cite
from rag.api.copying import CopyReport, copy_index
from rag.api.rag_index import RagIndex, status
from rag.api.reports import IngestReport, Notice, RemoveReport
from rag.api.viewing import PassageView
from rag.attribution import Claim, Institution
from rag.embedding import BACKENDS, DEFAULT_BACKEND
from rag.index import Status, index_path
from rag.search import Answer, Passage

__all__ = [
    "BACKENDS",
    "DEFAULT_BACKEND",
    "Answer",
    "CitedSentence",
    "Claim",
    "CopyReport",
    "IngestReport",
    "Institution",
    "Notice",
    "Passage",
    "PassageView",
    "RagIndex",
    "RemoveReport",
    "Status",
    "cite",
    "copy_index",
    "index_path",
    "status",
]
