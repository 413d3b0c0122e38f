"""Attribution: which institutions each sentence cites as its source, and which it only mentions.

Runs once per document at ingest; reads text, never files or the index. The order in which its
modules read a sentence is in README.md beside this file. What ingest, the index and the CLI use:
"""

from rag.attribution.parse import (
    ATTRIBUTION_INFO,
    Attributor,
    Citation,
    SentenceAttribution,
    load_nlp,
    sentences_with_citations,
)
from rag.attribution.registry import Claim, Institution, Registry

__all__ = [
    "ATTRIBUTION_INFO",
    "Attributor",
    "Citation",
    "Claim",
    "Institution",
    "Registry",
    "SentenceAttribution",
    "load_nlp",
    "sentences_with_citations",
]
