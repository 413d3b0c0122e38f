"""Benchmarks that run the product in a process of its own: one index's memory, the app's cold start."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from rag.documents import discover
from rag.errors import RagError

QUESTION = "How many AI researchers does China have?"  # the first of bench.QUESTIONS


# Runs the CLI and records the process's own peak RSS. VmHWM, not getrusage: a forked child's
# ru_maxrss keeps the parent's size from before exec (the bench process holds a 1M index then).
_PEAK_WRAPPER = """
import sys
from rag.cli import main
report, argv = sys.argv[1], sys.argv[2:]
try:
    code = main(argv)
finally:
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM"))
    with open(report, "w") as out:
        out.write(peak)
sys.exit(code)
"""


def bench_memory(docs: Path, work: Path, count: int) -> dict[str, Any]:
    """Peak RSS of `rag ingest` then `rag ask` run alone, on `count` documents: the corpus's files
    cycled under new names (copies reuse their vectors and citations, so this costs about one
    ingest of the corpus, but the index holds `count` documents' chunks)."""
    files = sorted(discover([docs])[0])
    folder = work / f"memory-{count}"
    folder.mkdir()
    for number in range(count):
        source = files[number % len(files)]
        shutil.copy(source, folder / f"{number:05d}-{source.name}")
    index = work / f"memory-index-{count}"
    peaks = {}
    for name, argv in {
        "ingest": ["ingest", str(folder), "--quiet"],
        "ask": ["ask", QUESTION],
    }.items():
        report = work / f"memory-{name}.txt"
        command = [sys.executable, "-c", _PEAK_WRAPPER, str(report), *argv, "--index", str(index)]
        package_root = str(Path(__file__).resolve().parents[2])
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")])),
        }
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
        if done.returncode not in (0, 3):
            raise RagError(
                f"memory run failed: {' '.join(argv)} exited {done.returncode}: {done.stderr[-500:]}"
            )
        peaks[f"{name}_peak_rss_mb"] = round(int(report.read_text()) / 1024, 1)
    manifest = json.loads((index / "manifest.json").read_text(encoding="utf-8"))
    state_chunks = int(manifest["store"]["count"])
    shutil.rmtree(folder, ignore_errors=True)
    return {"documents": count, "chunks": state_chunks, **peaks}


def bench_cold_start(work: Path) -> dict[str, Any]:
    """Seconds from `python app.py` (seed report, fresh index) to its first answer over HTTP."""
    root = Path(__file__).resolve().parents[2]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.perf_counter()
    process = subprocess.Popen(
        [
            sys.executable,
            str(root / "app.py"),
            "--index",
            str(work / "cold"),
            "--uploads",
            str(work / "uploads"),
            "--seeds",
            str(root / "seeds"),
            "--port",
            str(port),
        ],
        cwd=work,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_PROXY": "127.0.0.1"},
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        while time.perf_counter() - started < 300:
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        served = time.perf_counter() - started
        from gradio_client import Client

        Client(url, verbose=False).predict(QUESTION, 5, "", api_name="/search")
        answered = time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=30)
    return {"seconds_to_serving": round(served, 1), "seconds_to_first_answer": round(answered, 1)}
