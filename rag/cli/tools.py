"""Commands beside the index: cite (no index), eval (retrieval quality), bench (speed and memory)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rag.cli.common import EXIT_OK, EXIT_PARTIAL, print_json


def cmd_cite(args: argparse.Namespace) -> int:
    from rag.api import cite

    skipped: list = []
    for item in cite(args.paths, skipped):
        sentence = item.sentence
        if args.json:
            print_json(
                {
                    "source": item.source,
                    "start": sentence.start,
                    "end": sentence.end,
                    "sentence": sentence.sentence,
                    "cited": [c.public() for c in sentence.cited],
                    "mentioned": sentence.mentioned,
                    "page": item.page,
                    "page_label": item.page_label,
                }
            )
        else:
            cited = "; ".join(f"{c.name} [{c.kind}] ({c.cue})" for c in sentence.cited) or "-"
            page = f" p. {item.page_label or item.page}" if item.page else ""
            print(
                f"{item.source}:{sentence.start}-{sentence.end}{page} cites: {cited}"
                f" | mentions: {', '.join(sentence.mentioned) or '-'}"
            )
    for skip in skipped:
        print(f"skipped: {skip.path}: {skip.reason}", file=sys.stderr)
    return EXIT_PARTIAL if skipped else EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from rag.evaluation.beir import DEFAULT_CACHE, evaluate

    result = evaluate(
        Path(args.beir),
        args.split,
        args.mode,
        args.model,
        Path(args.cache) if args.cache else DEFAULT_CACHE,
        progress=not args.quiet and sys.stderr.isatty(),
        backend=args.backend,
        index=args.index,
    )
    if args.json:
        print_json(result.as_json())
    else:
        print(
            f"{args.beir} ({result.split}, {result.mode}): nDCG@10 {result.ndcg_at_10:.4f}  "
            f"Recall@100 {result.recall_at_100:.4f}  MRR@10 {result.mrr_at_10:.4f}  "
            f"{result.queries} queries, {result.ms_per_query:.1f} ms/query"
        )
    return EXIT_OK


def cmd_bench(args: argparse.Namespace) -> int:
    """`rag bench`: the folder's figures, or the database's with `--index postgresql://...`
    (docs/benchmarks.md); JSON with `--json`, else a few lines against the targets."""
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    docs = Path(args.docs) if args.docs else None
    if args.index:
        from rag.evaluation import pg_bench

        result = pg_bench.run(args.index, docs, sizes, args.limit, args.repeats)
        lines = _database_lines(result)
    else:
        from rag.evaluation import bench

        result = bench.run(
            docs, sizes, args.limit, args.repeats, cold=not args.no_cold_start, memory_docs=args.memory_docs
        )
        lines = _folder_lines(result)
    if args.json:
        print_json(result)
    else:
        print("\n".join(lines))
    return EXIT_OK


def _folder_lines(result: dict[str, Any]) -> list[str]:
    ingest = result["ingest"]
    lines = [
        f"ingest: {ingest['documents']} documents, {ingest['chunks']} chunks, {ingest['backend']} backend",
        f"  embedding throughput vs the backend's raw encode: {ingest['ratio_embed_throughput_vs_raw']:.2f}"
        f" (target >= 0.90); backend speed-up over fp32 model.encode:"
        f" {ingest['speedup_backend_vs_fp32']:.2f}",
        f"  whole ingest / raw fp32 model.encode: {ingest['ratio_ingest_vs_raw_fp32_model_encode']:.2f}"
        f" (target <= 1.30); / the backend's raw encode: {ingest['ratio_ingest_vs_raw_encode']:.2f}",
        f"  re-ingest unchanged / first ingest: {ingest['ratio_reingest_vs_first']:.4f} (target <= 0.02);"
        f" attribution share of ingest: {ingest['attribution_share_of_ingest']:.2f}",
    ]
    for row in result["queries"]:
        exact = row.get("recall_at_10_vs_exact")
        recall = "" if exact is None else f"; recall@10 vs exact {exact}"
        lines.append(
            f"query {row['index']:>24} {row['chunks']:>8} chunks ({row['store']}): ask p50 "
            f"{row['ask']['p50_ms']} ms, p95 {row['ask']['p95_ms']} ms; raw embed+search p50 "
            f"{row['raw_embed_plus_faiss']['p50_ms']} ms{recall}"
        )
    memory = result["memory"]
    lines.append(
        f"memory: peak RSS {memory['peak_rss_mb']} MB,"
        f" {memory['index_bytes_per_chunk']} index bytes per chunk"
    )
    if "index_alone" in memory:
        alone = memory["index_alone"]
        lines.append(
            f"memory, {alone['documents']} documents ({alone['chunks']} chunks) alone: ingest peak "
            f"{alone['ingest_peak_rss_mb']} MB, ask peak {alone['ask_peak_rss_mb']} MB (target <= 1000)"
        )
    if "cold_start" in result:
        cold = result["cold_start"]
        lines.append(
            f"cold start: serving after {cold['seconds_to_serving']} s, first answer after "
            f"{cold['seconds_to_first_answer']} s"
        )
    return [*lines, f"note: {result['note']}"]


def _database_lines(result: dict[str, Any]) -> list[str]:
    ingest = result["ingest"]
    lines = [
        f"server: {result['server']}",
        f"ingest: {ingest['documents']} documents, {ingest['chunks']} chunks: folder {ingest['folder_s']} s,"
        f" postgres {ingest['postgres_s']} s, ratio {ingest['ratio_postgres_vs_folder']} (target <= 1.2)",
    ]
    for row in result["queries"]:
        recall = "; ".join(f"{k} {v['recall']}" for k, v in row.get("recall_at_10_vs_exact", {}).items())
        lines.append(
            f"{row['index']} {row['chunks']} chunks ({row['search']}): dense search p50/p95 "
            f"{row['dense_search_k100']['p50_ms']}/{row['dense_search_k100']['p95_ms']} ms, ask p50/p95 "
            f"{row['ask']['p50_ms']}/{row['ask']['p95_ms']} ms, bm25 p50 {row['bm25_k100']['p50_ms']} ms"
            + (f"; recall@10 {recall}" if recall else "")
        )
    return [*lines, f"note: {result['note']}"]
