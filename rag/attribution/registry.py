"""Cited institutions across the whole index: one name per alias set, counts, claims, lookup."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rag.attribution.aliases import SHORT_HEADS
from rag.attribution.institutions import name_key as norm_name
from rag.attribution.merging import same_body_pairs


@dataclass(frozen=True)
class Claim:
    """A sentence that cites the institution, with the way back to its passage."""

    sentence: str
    source: str
    doc_id: str
    chunk_id: str
    start: int  # sentence offsets in the document
    end: int
    cue: str
    inherited: bool = False


@dataclass(frozen=True)
class Institution:
    name: str
    kind: str
    aliases: list[str]
    passages: int
    documents: int
    claims: list[Claim] = field(default_factory=list)


class Registry:
    """Merges the per-document names of cited institutions: "ONS" cited in one report and
    "Office for National Statistics (ONS)" in another are one institution."""

    def __init__(self, chunks: Mapping[int, dict[str, Any]], documents: Mapping[str, dict[str, Any]]) -> None:
        self._parent: dict[str, str] = {}
        self._display: dict[str, str] = {}
        self._canonical: set[str] = set()
        for record in chunks.values():
            for c in record.get("citations", []):
                # "the Bank" names a different bank in each document: never a key that merges
                raws = [
                    c["name"],
                    *(n for n in (c["mention"], *c.get("aliases", [])) if n not in SHORT_HEADS),
                ]
                keys = [norm_name(n) for n in raws]
                self._canonical.add(keys[0])
                for key, raw in zip(keys, raws, strict=True):
                    self._display.setdefault(key, raw)
                    self._union(keys[0], key)
        # forms of one name written differently across documents ("Tories", "Conservative Party")
        for a, b in same_body_pairs(self._display.values()):
            self._union(norm_name(a), norm_name(b))
        groups: dict[str, list[str]] = {}
        for key in self._parent:
            groups.setdefault(self._find(key), []).append(key)
        self._name = {root: self._best(keys) for root, keys in groups.items()}
        self._vids: dict[str, list[int]] = {}
        self._kinds: dict[str, dict[str, int]] = {}
        self._claims: dict[str, dict[tuple[str, int], Claim]] = {}
        self._docs: dict[str, set[str]] = {}
        self._aliases = {
            self._name[r]: sorted({self._display[k] for k in keys} - {self._name[r]})
            for r, keys in groups.items()
        }
        for vid, record in chunks.items():
            seen: set[str] = set()
            for c in record.get("citations", []):
                name = self.canonical(c["name"]) or c["name"]
                kinds = self._kinds.setdefault(name, {})
                kinds[c["kind"]] = kinds.get(c["kind"], 0) + 1
                if name not in seen:
                    seen.add(name)
                    self._vids.setdefault(name, []).append(vid)
                self._docs.setdefault(name, set()).add(record["doc_id"])
                key = (record["doc_id"], c["sentence_start"])
                offset = record["start"]
                self._claims.setdefault(name, {}).setdefault(
                    key,
                    Claim(
                        sentence=record["text"][c["sentence_start"] - offset : c["sentence_end"] - offset],
                        source=documents.get(record["doc_id"], {}).get("source", ""),
                        doc_id=record["doc_id"],
                        chunk_id=record["id"],
                        start=c["sentence_start"],
                        end=c["sentence_end"],
                        cue=c["cue"],
                        inherited=c.get("inherited", False),
                    ),
                )

    def _find(self, key: str) -> str:
        self._parent.setdefault(key, key)
        while self._parent[key] != key:
            self._parent[key] = self._parent[self._parent[key]]
            key = self._parent[key]
        return key

    def _union(self, a: str, b: str) -> None:
        self._parent[self._find(a)] = self._find(b)

    def _best(self, keys: Iterable[str]) -> str:
        """The display name of a group: the longest name some document used as canonical."""
        keys = list(keys)
        pool = [k for k in keys if k in self._canonical] or keys
        return self._display[max(pool, key=lambda k: (len(k), k))]

    def canonical(self, name: str) -> str | None:
        """The registry's name for any alias, case-insensitively; None when nothing cites it."""
        key = norm_name(name)
        return self._name[self._find(key)] if key in self._parent else None

    def vids(self, name: str) -> list[int]:
        canonical = self.canonical(name)
        return self._vids.get(canonical, []) if canonical else []

    def kind(self, name: str) -> str:
        kinds = self._kinds.get(name, {})
        return max(kinds, key=lambda k: (kinds[k], k != "company")) if kinds else "organisation"

    def institutions(self, claims: bool = True) -> list[Institution]:
        out = [
            Institution(
                name,
                self.kind(name),
                self._aliases.get(name, []),
                len(vids),
                len(self._docs.get(name, ())),
                sorted(self._claims.get(name, {}).values(), key=lambda c: (c.source, c.start))
                if claims
                else [],
            )
            for name, vids in self._vids.items()
        ]
        return sorted(out, key=lambda i: (-i.passages, i.name.lower()))
