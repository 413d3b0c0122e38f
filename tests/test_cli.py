"""CLI edges: usage errors exit 2, errors are one line without a traceback, help works."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.cli import main


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["ask"],
        ["ask", "question", "--questions", "q.jsonl"],
        ["ask", "question", "--k", "0"],
        ["ask", "question", "--k", "many"],
        ["remove"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]):
    assert main(argv) == 2
    assert "error" in capsys.readouterr().err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]):
    assert main(["--help"]) == 0
    assert "ingest" in capsys.readouterr().out


def test_ask_without_an_index_says_how_to_build_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["ask", "anything", "--index", str(tmp_path / "none")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no index at" in err and "python -m rag ingest" in err


def test_status_of_a_missing_index(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["status", "--index", str(tmp_path / "none")]) == 0
    assert "no index yet" in capsys.readouterr().out


def test_bad_questions_file_names_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    from rag.api import RagIndex
    from tests.conftest import SEED

    RagIndex(tmp_path / "index").ingest([SEED])
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"question": "How many AI researchers?"}\n{"q": 1}\n')
    assert main(["ask", "--questions", str(questions), "--index", str(tmp_path / "index")]) == 1
    assert f"{questions}:2: expected a JSON object" in capsys.readouterr().err


def test_ingest_of_nothing_supported_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    (tmp_path / "data.csv").write_text("a,b\n")
    assert main(["ingest", str(tmp_path / "data.csv"), "--index", str(tmp_path / "index"), "--quiet"]) == 3
    assert "data.csv: unsupported type '.csv'" in capsys.readouterr().err
