"""Measure "one institution, one name": index rows per labelled institution and wrong merges.

Usage: python scripts/institution_rows.py --docs DIR [--glob 'bbc_politics_*.txt'] LABELS.jsonl ...

Every document matching the glob is attributed as ingest does, and the cited institutions are
merged by the index's Registry (what `rag sources` lists). The labelled sets give the truth: two
labelled names are one institution when each lists the other among its aliases (so "BBC Scotland",
whose label gives "BBC" as an alias, stays apart from "BBC"). A registry row belongs to a labelled
institution when its name or an alias is one of that institution's names, or when its name starts
with one of them followed by more capitalised words ("Lib Dem Norman Baker": a person glued onto
the party, counted as a split). Reported: rows per labelled institution found (target 1.0), the
institutions split over several rows, and wrong merges (a row holding two labelled institutions).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rag.attribution import Attributor, Registry, sentences_with_citations
from rag.attribution.institutions import has_org_word, name_key


def gold_entities(paths: list[Path], files: set[str]) -> tuple[dict[str, int], dict[int, str]]:
    """name key -> entity id, and entity id -> display name, from mutual aliases."""
    names: dict[str, set[str]] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row["file"] not in files:
                continue
            for cited in row["cited"]:
                key = name_key(cited["institution"])
                names.setdefault(key, set()).update(name_key(a) for a in cited.get("aliases", []))
    parent = {k: k for k in names}

    def find(k: str) -> str:
        while parent[k] != k:
            k = parent[k]
        return k

    for a, aliases in names.items():
        for b in aliases:
            if b in names and a in names[b]:
                parent[find(a)] = find(b)
    ids = {root: i for i, root in enumerate(sorted({find(k) for k in names}))}
    entity = {k: ids[find(k)] for k in names}
    # Aliases that are nobody's canonical name and belong to one entity only also identify it.
    owners: dict[str, set[int]] = {}
    for k, aliases in names.items():
        for a in aliases:
            owners.setdefault(a, set()).add(entity[k])
    for a, ents in owners.items():
        if a not in entity and len(ents) == 1:
            entity[a] = next(iter(ents))
    display = {i: max((k for k, e in entity.items() if e == i and k in names), key=len) for i in ids.values()}
    return entity, display


def registry_of(docs: list[Path]) -> Registry:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in docs]
    found = sentences_with_citations(Attributor(), texts)
    chunks: dict[int, dict] = {}
    for vid, (path, text, cited) in enumerate(zip(docs, texts, found, strict=True)):
        citations = [
            {
                **c.public(),
                "sentence_start": s,
                "sentence_end": e,
                "aliases": list(c.aliases),
                "inherited": c.inherited,
            }
            for s, e, cs in cited
            for c in cs
        ]
        chunks[vid] = {"id": str(vid), "doc_id": path.name, "start": 0, "text": text, "citations": citations}
    return Registry(chunks, {p.name: {"source": p.name} for p in docs})


def row_entities(names: list[str], entity: dict[str, int]) -> set[int]:
    found = {entity[name_key(n)] for n in names if name_key(n) in entity}
    if not found:
        key = name_key(names[0])
        words = key.split()
        for cut in range(len(words) - 1, 0, -1):
            head = " ".join(words[:cut])
            tail = " ".join(names[0].split()[cut:])
            # A person after the name ("Norman Baker", "MP Lembit Opik"), not a sub-unit of it.
            if head in entity and tail[:1].isupper() and not has_org_word(tail) and "Unit" not in tail:
                return {entity[head]}
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labels", nargs="+", type=Path)
    parser.add_argument("--docs", type=Path, required=True)
    parser.add_argument("--glob", default="*.txt")
    parser.add_argument("--show", action="store_true", help="list every split and merge")
    args = parser.parse_args()
    docs = sorted(p for p in args.docs.glob(args.glob) if p.is_file() and p.name.lower() != "readme.md")
    entity, display = gold_entities(args.labels, {p.name for p in docs})
    registry = registry_of(docs)
    rows: dict[int, list[str]] = {}
    merges = []
    for inst in registry.institutions(claims=False):
        ents = row_entities([inst.name, *inst.aliases], entity)
        if len(ents) > 1:
            merges.append((inst.name, sorted(display[e] for e in ents)))
        for e in ents:
            rows.setdefault(e, []).append(inst.name)
    split = {display[e]: names for e, names in rows.items() if len(names) > 1}
    found = len(rows)
    total_rows = sum(len(v) for v in rows.values())
    print(f"documents {len(docs)}, labelled institutions {len(display)}, found in the registry {found}")
    print(f"rows per labelled institution found: {total_rows / max(found, 1):.3f} ({total_rows} rows)")
    print(f"institutions split over several rows: {len(split)}; wrong merges: {len(merges)}")
    if args.show:
        for name, names in sorted(split.items()):
            print(f"  split  {name}: {names}")
        for name, ents in merges:
            print(f"  merge  {name}: {ents}")


if __name__ == "__main__":
    main()
