"""`ask`: one question or a file of them, answered as text or JSON."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from rag.cli.common import EXIT_OK, open_index, print_json
from rag.errors import RagError


def cmd_ask(args: argparse.Namespace) -> int:
    index = open_index(args)
    questions = _read_questions(Path(args.questions)) if args.questions else [args.question]
    for question in questions:
        answer = index.ask(question, k=args.k, institution=args.institution)
        if args.json:
            print_json(asdict(answer))
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
            f"\n[{passage.rank}] {passage.title} ({passage.source}, "
            f"{passage.where + ', ' if passage.where else ''}chars {passage.start}-"
            f"{passage.end}, cosine {passage.dense_score:.2f})"
        )
        for item in passage.institutions:
            print(f'    cites {item["name"]} [{item["kind"]}], "{item["mention"]}" ({item["cue"]})')
        print("    " + " ".join(passage.text.split()))
    print()
