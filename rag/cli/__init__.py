"""Command line: parses arguments, calls the API, turns results and errors into output and exit codes.

One module per command group (`index_commands`, `ask`, `tools`); nothing here computes."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from rag.cli.ask import cmd_ask
from rag.cli.common import EXIT_ERROR, EXIT_OK, EXIT_USAGE
from rag.cli.index_commands import cmd_copy, cmd_ingest, cmd_remove, cmd_sources, cmd_status
from rag.cli.parser import build_parser
from rag.cli.tools import cmd_bench, cmd_cite, cmd_eval
from rag.errors import RagError

COMMANDS = {
    "ingest": cmd_ingest,
    "ask": cmd_ask,
    "remove": cmd_remove,
    "status": cmd_status,
    "sources": cmd_sources,
    "copy": cmd_copy,
    "cite": cmd_cite,
    "eval": cmd_eval,
    "bench": cmd_bench,
}


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
        where = f"{exc.filename}: " if exc.filename else ""  # a full disk names the index
        print(f"error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted; the index is unchanged or fully updated", file=sys.stderr)
        return EXIT_ERROR
