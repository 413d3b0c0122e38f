"""The command line's arguments: one subcommand per verb, validated before anything runs."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from rag.api import BACKENDS, DEFAULT_BACKEND
from rag.cli.common import DEFAULT_SEEDS


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m rag",
        description=(
            "Local research assistant: index reports, ask questions, get passages and their sources."
        ),
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    index_help = "index directory or postgresql:// URL (default: $RAG_INDEX, else ./index)"
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
    ingest.add_argument(
        "--file-timeout",
        type=_seconds,
        default=120.0,
        metavar="SECONDS",
        help="skip a file whose reading takes longer (default 120)",
    )

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
    evaluate.add_argument(
        "--index", help="write the corpus into this folder or postgresql:// index (replaced), search it there"
    )
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
    bench.add_argument(
        "--index",
        metavar="postgresql://...",
        help="benchmark the PostgreSQL backend in this database (its index tables are replaced)",
    )
    bench.add_argument("--json", action="store_true")

    copy = sub.add_parser("copy", help="copy an index to another folder or database; nothing re-embedded")
    copy.add_argument("--from", dest="source", metavar="INDEX", help="default: $RAG_INDEX, else ./index")
    copy.add_argument("--to", dest="target", required=True, metavar="INDEX", help="folder or database URL")
    copy.add_argument("--replace", action="store_true", help="overwrite an index already at --to")
    copy.add_argument("--json", action="store_true")

    status = sub.add_parser("status", help="what the index holds")
    status.add_argument("--index", help=index_help)
    status.add_argument("--json", action="store_true")
    return parser


def _positive_number(kind: type, what: str) -> Callable[[str], Any]:
    """An argparse type: a number of `kind` above zero, refused with the value in the message."""

    def parse(value: str) -> Any:
        try:
            number = kind(value)
        except ValueError:
            number = None
        if number is None or not number > 0:
            raise argparse.ArgumentTypeError(f"expected {what}, got {value!r}")
        return number

    return parse


_seconds = _positive_number(float, "a positive number of seconds")
_positive = _positive_number(int, "a positive integer")
