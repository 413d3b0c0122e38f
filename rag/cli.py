"""Command line: parses arguments, calls the API, turns results and errors into output and exit codes."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from rag.embedding import BACKENDS, DEFAULT_BACKEND
from rag.errors import RagError

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3
DEFAULT_SEEDS = "seeds"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m rag",
        description=(
            "Local research assistant: index reports, ask questions, get passages and their sources."
        ),
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    index_help = "index directory (default: $RAG_INDEX, else ./index)"
    backend_help = f"embedding backend (default: $RAG_BACKEND, else {DEFAULT_BACKEND})"

    ingest = sub.add_parser("ingest", help="add or update documents in the index")
    ingest.add_argument(
        "paths", nargs="*", metavar="PATH", help=f"files or folders (default: {DEFAULT_SEEDS}/)"
    )
    ingest.add_argument("--index", help=index_help)
    ingest.add_argument("--model", help="sentence-transformers model path or name (first ingest only)")
    ingest.add_argument("--backend", choices=BACKENDS, help=backend_help + " (first ingest only)")
    ingest.add_argument("--rebuild", action="store_true", help="discard the index and build it anew")
    ingest.add_argument("--json", action="store_true", help="print the report as JSON")
    ingest.add_argument("--quiet", action="store_true", help="no progress bar")

    ask = sub.add_parser("ask", help="answer a question from the indexed passages")
    ask.add_argument("question", nargs="?", help="the question")
    ask.add_argument("--questions", metavar="FILE.jsonl", help='one {"question": ...} per line')
    ask.add_argument("--k", type=_positive, default=5, help="passages to return (default 5)")
    ask.add_argument("--institution", metavar="NAME", help="only passages citing this institution")
    ask.add_argument("--index", help=index_help)
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")

    remove = sub.add_parser("remove", help="take documents out of the index")
    remove.add_argument("paths", nargs="+", metavar="PATH")
    remove.add_argument("--index", help=index_help)
    remove.add_argument("--json", action="store_true")

    sources = sub.add_parser("sources", help="every cited institution, with its passages and claims")
    sources.add_argument("--index", help=index_help)
    sources.add_argument("--json", action="store_true")

    cite = sub.add_parser("cite", help="institutions each sentence of a file cites (no index needed)")
    cite.add_argument("paths", nargs="+", metavar="PATH")
    cite.add_argument("--json", action="store_true", help="one JSON object per sentence")

    evaluate = sub.add_parser("eval", help="retrieval quality on a BEIR-format dataset")
    evaluate.add_argument("--beir", required=True, metavar="DIR", help="corpus.jsonl, queries.jsonl, qrels/")
    evaluate.add_argument("--split", default="test")
    evaluate.add_argument("--mode", choices=["hybrid", "dense", "bm25"], default="hybrid")
    evaluate.add_argument("--model", help="sentence-transformers model path or name")
    evaluate.add_argument("--backend", choices=BACKENDS, help=backend_help)
    evaluate.add_argument("--cache", help="embedding cache folder (default: $RAG_CACHE, else ~/.cache/rag)")
    evaluate.add_argument("--json", action="store_true")
    evaluate.add_argument("--quiet", action="store_true")

    bench = sub.add_parser("bench", help="ingest and query speed, memory, cold start")
    bench.add_argument("--docs", help="documents to ingest (default: ../shared/data/bbc-news)")
    bench.add_argument("--limit", type=_positive, help="use only the first N documents")
    bench.add_argument("--sizes", default="1000,10000,100000,1000000", help="synthetic index sizes in chunks")
    bench.add_argument(
        "--memory-docs", type=int, default=5000, help="documents in the memory run (0: skip it)"
    )
    bench.add_argument("--repeats", type=_positive, default=5, help="rounds of the query set per size")
    bench.add_argument("--no-cold-start", action="store_true", help="skip timing `python app.py`")
    bench.add_argument("--json", action="store_true")

    status = sub.add_parser("status", help="what the index holds")
    status.add_argument("--index", help=index_help)
    status.add_argument("--json", action="store_true")
    return parser


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value!r}")
    return number


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage message
        return int(exc.code or 0) and EXIT_USAGE
    if args.command == "ask" and bool(args.question) == bool(args.questions):
        print("python -m rag ask: error: give either a QUESTION or --questions FILE", file=sys.stderr)
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except (RagError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps Python's exit flush quiet
        return EXIT_OK
    except OSError as exc:
        print(f"error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted; the index is unchanged or fully updated", file=sys.stderr)
        return EXIT_ERROR


def _open(args: argparse.Namespace, model: str | None = None, backend: str | None = None) -> Any:
    from rag.pipeline import RagIndex

    return RagIndex(args.index, model=model, backend=backend)


def _print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False))


def cmd_ingest(args: argparse.Namespace) -> int:
    paths = args.paths or [DEFAULT_SEEDS]
    index = _open(args, args.model, args.backend)
    report = index.ingest(paths, progress=not args.quiet and sys.stderr.isatty(), rebuild=args.rebuild)
    for item in report.skipped:
        print(f"skipped: {item.path}: {item.reason}", file=sys.stderr)
    for note in report.notices:
        print(f"note: {note.path}: {note.message}", file=sys.stderr)
    if args.json:
        _print_json(asdict(report))
    else:
        print(
            f"{index.path}: added {report.added}, updated {report.updated}, unchanged "
            f"{report.unchanged}, removed {report.removed}, skipped {len(report.skipped)}; "
            f"embedded {report.chunks_embedded} chunks"
        )
    return EXIT_PARTIAL if report.skipped else EXIT_OK


def cmd_ask(args: argparse.Namespace) -> int:
    index = _open(args)
    questions = _read_questions(Path(args.questions)) if args.questions else [args.question]
    for question in questions:
        answer = index.ask(question, k=args.k, institution=args.institution)
        if args.json:
            _print_json(asdict(answer))
        else:
            _print_answer(answer)
    return EXIT_OK


def _read_questions(path: Path) -> list[str]:
    questions = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                question = record["question"]
            except (ValueError, TypeError, KeyError):
                raise RagError(f'{path}:{number}: expected a JSON object with a "question"') from None
            if not isinstance(question, str):
                raise RagError(f'{path}:{number}: "question" must be a string')
            questions.append(question)
    return questions


def _print_answer(answer: Any) -> None:
    print(f"Q: {answer.question}")
    print(f"A: {answer.answer}")
    if answer.institutions:
        print(f"Sources cited: {', '.join(answer.institutions)}")
    for passage in answer.passages:
        print(
            f"\n[{passage.rank}] {passage.title} ({passage.source}, chars {passage.start}-"
            f"{passage.end}, cosine {passage.dense_score:.2f})"
        )
        for item in passage.institutions:
            print(f'    cites {item["name"]} [{item["kind"]}], "{item["mention"]}" ({item["cue"]})')
        print("    " + " ".join(passage.text.split()))
    print()


def cmd_remove(args: argparse.Namespace) -> int:
    report = _open(args).remove(args.paths)
    for path in report.not_indexed:
        print(f"skipped: {path}: not in the index", file=sys.stderr)
    if args.json:
        _print_json(asdict(report))
    else:
        for source in report.removed:
            print(f"removed: {source}")
    return EXIT_PARTIAL if report.not_indexed else EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    from rag.index_dir import read_manifest
    from rag.pipeline import index_path, status_of

    root = index_path(args.index)
    status = status_of(root, read_manifest(root))
    if args.json:
        _print_json(asdict(status))
    elif not status.exists:
        print(f"{status.index}: no index yet; build one with: python -m rag ingest")
    else:
        print(
            f"index:     {status.index}\ndocuments: {status.documents}\nchunks:    {status.chunks}\n"
            f"model:     {status.model} ({status.dimension} dimensions, {status.backend})\n"
            f"format:    version {status.format_version}, store {status.store}\n"
            f"chunking:  {status.chunking}\nupdated:   {status.updated}"
        )
    return EXIT_OK


def cmd_sources(args: argparse.Namespace) -> int:
    institutions = _open(args).registry().institutions()
    if args.json:
        _print_json([asdict(i) for i in institutions])
        return EXIT_OK
    if not institutions:
        print("no cited institutions in this index")
    for item in institutions:
        aliases = f" (also: {', '.join(item.aliases)})" if item.aliases else ""
        print(f"{item.name} [{item.kind}]{aliases}: {item.passages} passages, {item.documents} documents")
        for claim in item.claims:
            print(f"    {claim.source}:{claim.start}-{claim.end} {' '.join(claim.sentence.split())}")
    return EXIT_OK


def cmd_cite(args: argparse.Namespace) -> int:
    from rag.attribution import Attributor
    from rag.documents import discover, load_document
    from rag.errors import DocumentError

    files, skipped = discover(args.paths)
    attributor = Attributor()
    for path in files:
        try:
            document = load_document(path)
        except DocumentError as exc:
            skipped.append(exc)
            continue
        for sentence in attributor.document(document.text):
            record = {
                "source": document.source,
                "start": sentence.start,
                "end": sentence.end,
                "sentence": sentence.sentence,
                "cited": [c.public() for c in sentence.cited],
                "mentioned": sentence.mentioned,
            }
            if args.json:
                _print_json(record)
            else:
                cited = "; ".join(f"{c.name} [{c.kind}] ({c.cue})" for c in sentence.cited) or "-"
                print(
                    f"{document.source}:{sentence.start}-{sentence.end} cites: {cited}"
                    f" | mentions: {', '.join(sentence.mentioned) or '-'}"
                )
    for item in skipped:
        print(f"skipped: {item.path}: {item.reason}", file=sys.stderr)
    return EXIT_PARTIAL if skipped else EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from rag.evaluate import DEFAULT_CACHE, evaluate

    result = evaluate(
        Path(args.beir),
        args.split,
        args.mode,
        args.model,
        Path(args.cache) if args.cache else DEFAULT_CACHE,
        progress=not args.quiet and sys.stderr.isatty(),
        backend=args.backend,
    )
    if args.json:
        _print_json(result.as_json())
    else:
        print(
            f"{args.beir} ({result.split}, {result.mode}): nDCG@10 {result.ndcg_at_10:.4f}  "
            f"Recall@100 {result.recall_at_100:.4f}  MRR@10 {result.mrr_at_10:.4f}  "
            f"{result.queries} queries, {result.ms_per_query:.1f} ms/query"
        )
    return EXIT_OK


def cmd_bench(args: argparse.Namespace) -> int:
    from rag import bench

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    result = bench.run(
        Path(args.docs) if args.docs else None,
        sizes,
        args.limit,
        args.repeats,
        cold=not args.no_cold_start,
        memory_docs=args.memory_docs,
    )
    if args.json:
        _print_json(result)
        return EXIT_OK
    ingest = result["ingest"]
    print(f"ingest: {ingest['documents']} documents, {ingest['chunks']} chunks, {ingest['backend']} backend")
    print(
        f"  embedding throughput vs the backend's raw encode: {ingest['ratio_embed_throughput_vs_raw']:.2f}"
        f" (target >= 0.90); backend speed-up over fp32 model.encode: {ingest['speedup_backend_vs_fp32']:.2f}"
    )
    print(
        f"  whole ingest / raw fp32 model.encode: {ingest['ratio_ingest_vs_raw_fp32_model_encode']:.2f}"
        f" (target <= 1.30); / the backend's raw encode: {ingest['ratio_ingest_vs_raw_encode']:.2f}"
    )
    print(
        f"  re-ingest unchanged / first ingest: {ingest['ratio_reingest_vs_first']:.4f} (target <= 0.02);"
        f" attribution share of ingest: {ingest['attribution_share_of_ingest']:.2f}"
    )
    for row in result["queries"]:
        print(
            f"query {row['index']:>24} {row['chunks']:>8} chunks ({row['store']}): ask p50 "
            f"{row['ask']['p50_ms']} ms, p95 {row['ask']['p95_ms']} ms; raw embed+search p50 "
            f"{row['raw_embed_plus_faiss']['p50_ms']} ms"
            + (
                f"; recall@10 vs exact {row['recall_at_10_vs_exact']}"
                if "recall_at_10_vs_exact" in row
                else ""
            )
        )
    memory = result["memory"]
    print(
        f"memory: peak RSS {memory['peak_rss_mb']} MB, "
        f"{memory['index_bytes_per_chunk']} index bytes per chunk"
    )
    if "index_alone" in memory:
        alone = memory["index_alone"]
        print(
            f"memory, {alone['documents']} documents ({alone['chunks']} chunks) alone: ingest peak "
            f"{alone['ingest_peak_rss_mb']} MB, ask peak {alone['ask_peak_rss_mb']} MB (target <= 1000)"
        )
    if "cold_start" in result:
        print(
            f"cold start: serving after {result['cold_start']['seconds_to_serving']} s, first answer after "
            f"{result['cold_start']['seconds_to_first_answer']} s"
        )
    print(f"note: {result['note']}")
    return EXIT_OK


COMMANDS = {
    "ingest": cmd_ingest,
    "ask": cmd_ask,
    "remove": cmd_remove,
    "status": cmd_status,
    "sources": cmd_sources,
    "cite": cmd_cite,
    "eval": cmd_eval,
    "bench": cmd_bench,
}
