"""What the API's writes return: small frozen records the CLI prints and the app shows."""

from __future__ import annotations

from dataclasses import dataclass, field

from rag.documents import Skipped


@dataclass(frozen=True)
class Notice:
    path: str
    message: str


@dataclass(frozen=True)
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    chunks_embedded: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage


@dataclass(frozen=True)
class RemoveReport:
    removed: list[str]
    not_indexed: list[str]
