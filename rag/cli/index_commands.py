"""Commands that change or describe an index: ingest, remove, status, sources, copy."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict

from rag.cli.common import DEFAULT_SEEDS, EXIT_OK, EXIT_PARTIAL, open_index, print_json


def cmd_ingest(args: argparse.Namespace) -> int:
    paths = args.paths or [DEFAULT_SEEDS]
    index = open_index(args, args.model, args.backend)
    report = index.ingest(
        paths,
        progress=not args.quiet and sys.stderr.isatty(),
        rebuild=args.rebuild,
        file_timeout=args.file_timeout,
    )
    for item in report.skipped:
        print(f"skipped: {item.path}: {item.reason}", file=sys.stderr)
    for note in report.notices:
        print(f"note: {note.path}: {note.message}", file=sys.stderr)
    if args.json:
        print_json(asdict(report))
    else:
        print(
            f"{index.location}: added {report.added}, updated {report.updated}, unchanged "
            f"{report.unchanged}, removed {report.removed}, skipped {len(report.skipped)}; "
            f"embedded {report.chunks_embedded} chunks"
        )
    return EXIT_PARTIAL if report.skipped else EXIT_OK


def cmd_remove(args: argparse.Namespace) -> int:
    report = open_index(args).remove(args.paths)
    for path in report.not_indexed:
        print(f"skipped: {path}: not in the index", file=sys.stderr)
    if args.json:
        print_json(asdict(report))
    else:
        for source in report.removed:
            print(f"removed: {source}")
    return EXIT_PARTIAL if report.not_indexed else EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    from rag.api import status as index_status

    status = index_status(args.index)
    if args.json:
        print_json(asdict(status))
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


def cmd_copy(args: argparse.Namespace) -> int:
    from rag.api import copy_index

    report = copy_index(args.source, args.target, replace=args.replace)
    if args.json:
        print_json(asdict(report))
    else:
        print(
            f"copied {report.source} to {report.target}: {report.documents} documents, "
            f"{report.chunks} chunks, {report.files} files kept; nothing re-embedded"
        )
    return EXIT_OK


def cmd_sources(args: argparse.Namespace) -> int:
    institutions = open_index(args).registry().institutions()
    if args.json:
        print_json([asdict(i) for i in institutions])
        return EXIT_OK
    if not institutions:
        print("no cited institutions in this index")
    for item in institutions:
        aliases = f" (also: {', '.join(item.aliases)})" if item.aliases else ""
        print(f"{item.name} [{item.kind}]{aliases}: {item.passages} passages, {item.documents} documents")
        for claim in item.claims:
            print(f"    {claim.source}:{claim.start}-{claim.end} {' '.join(claim.sentence.split())}")
    return EXIT_OK
