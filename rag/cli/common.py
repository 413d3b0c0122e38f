"""What every command shares: exit codes, opening the index, printing JSON."""

from __future__ import annotations

import argparse
import json
from typing import Any

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3
DEFAULT_SEEDS = "seeds"


def open_index(args: argparse.Namespace, model: str | None = None, backend: str | None = None) -> Any:
    from rag.api import RagIndex

    return RagIndex(args.index, model=model, backend=backend)


def print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False))
