"""Load on the app: concurrent clients asking through its API while documents are uploaded, then
memory over a long run of questions (docs/benchmarks.md).

    python scripts/load.py [--clients 20] [--questions 20] [--upload-docs 100] [--long 2000]
                           [--docs ../shared/data/bbc-news] [--json]

Serves the app on a free 127.0.0.1 port over a fresh index of seeds/, starts `--clients` threads
that each ask `--questions` questions through the `search` endpoint (gradio_client), and, at the
same time, adds `--upload-docs` documents through the app's upload handler. Prints p50/p95
latency, errors, whether the upload committed, then asks `--long` questions in a row and
compares the server's resident memory after the first 100 with the end.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rag.evaluation.bench import QUESTIONS as BENCH_QUESTIONS  # noqa: E402

# The benchmark's questions (rag/evaluation/bench.py), one of them about the seed report.
QUESTIONS = [*BENCH_QUESTIONS, "What does Bernstein Research predict for Huawei?"]


def rss_mb() -> float:
    """This process's resident memory (the server runs in it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def run(args: argparse.Namespace) -> dict:
    from gradio_client import Client

    from rag.api import RagIndex
    from tests.test_app import serving

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        index = RagIndex(root / "index")
        index.ingest([ROOT / "seeds"])
        incoming = root / "incoming"
        incoming.mkdir()
        for path in sorted(Path(args.docs).glob("*.txt"))[: args.upload_docs]:
            shutil.copy(path, incoming / path.name)
        with serving(index, root / "uploads") as url:
            latencies: list[float] = []
            errors: list[str] = []
            lock = threading.Lock()

            def client_loop(number: int) -> None:
                client = Client(url + "/", verbose=False)
                for i in range(args.questions):
                    question = QUESTIONS[(number + i) % len(QUESTIONS)]
                    started = time.perf_counter()
                    try:
                        result = client.predict(question, 5, "", api_name="/search")
                        assert "passages" in result
                    except Exception as exc:  # counted, not raised: the figure is how many failed
                        with lock:
                            errors.append(f"{type(exc).__name__}: {exc}")
                        continue
                    with lock:
                        latencies.append(time.perf_counter() - started)

            upload_report: dict = {}

            def upload() -> None:
                from rag.app.controller import App

                uploader = App(index, root / "uploads")
                started = time.perf_counter()
                message = uploader.upload([str(p) for p in sorted(incoming.iterdir())])
                upload_report.update(message=message, seconds=round(time.perf_counter() - started, 1))

            threads = [threading.Thread(target=client_loop, args=(n,)) for n in range(args.clients)]
            writer = threading.Thread(target=upload)
            started = time.perf_counter()
            writer.start()
            for thread in threads:
                thread.start()
            for thread in [*threads, writer]:
                thread.join()
            concurrent_s = time.perf_counter() - started
            committed = index.status().documents
            long_client = Client(url + "/", verbose=False)
            memory = []
            for i in range(args.long):
                long_client.predict(QUESTIONS[i % len(QUESTIONS)], 5, "", api_name="/search")
                if i + 1 in (100, args.long):
                    memory.append(round(rss_mb(), 1))
    return {
        "clients": args.clients,
        "questions": len(latencies) + len(errors),
        "errors": len(errors),
        "first_errors": errors[:3],
        "p50_ms": round(1000 * percentile(latencies, 0.5), 1),
        "p95_ms": round(1000 * percentile(latencies, 0.95), 1),
        "mean_ms": round(1000 * statistics.fmean(latencies), 1) if latencies else None,
        "concurrent_phase_s": round(concurrent_s, 1),
        "upload": upload_report,
        "documents_after": committed,
        "long_run": args.long,
        "rss_mb_after_100": memory[0] if memory else None,
        "rss_mb_at_end": memory[-1] if memory else None,
        "rss_ratio_end_vs_100": round(memory[-1] / memory[0], 3) if len(memory) == 2 else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--questions", type=int, default=20, help="per client")
    parser.add_argument("--upload-docs", type=int, default=100)
    parser.add_argument("--long", type=int, default=2000)
    parser.add_argument("--docs", default=str(ROOT.parent / "shared" / "data" / "bbc-news"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args)
    print(json.dumps(result) if args.json else json.dumps(result, indent=1))
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
