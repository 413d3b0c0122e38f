"""Starting the app: arguments, the refusal to listen beyond this machine without a login, launch."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rag.api import RagIndex
from rag.app.controller import UPLOAD_LIMIT_MB
from rag.app.layout import build_app
from rag.app.pages import ROUTES
from rag.app.render import CSS
from rag.errors import RagError

DESCRIPTION = (
    "The chat app: questions answered with passages and their cited institutions, sources, documents."
)
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
# No share link, no server-side rendering (it wants a newer Node), our CSS, the upload limit.
LAUNCH_OPTIONS: dict[str, Any] = {
    "share": False,
    "ssr_mode": False,
    "css": CSS,
    "footer_links": ["api"],
    "max_file_size": f"{UPLOAD_LIMIT_MB}mb",
    "app_kwargs": {"routes": ROUTES},  # the passage pages, on the app's own server
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python app.py", description=DESCRIPTION)
    parser.add_argument(
        "--index", help="index directory or postgresql:// URL (default: $RAG_INDEX, else ./index)"
    )
    parser.add_argument("--seeds", default="seeds", help="folder indexed at start (default: seeds)")
    parser.add_argument(
        "--uploads", default="uploads", help="where uploaded files are kept (default: uploads)"
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=7860)
    parser.add_argument("--auth", metavar="USER:PASSWORD", help="require this login")
    parser.add_argument("--no-auth", action="store_true", help="listen beyond this machine without a login")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.host not in LOCAL_HOSTS and not args.auth and not args.no_auth:
        print(
            f"error: --host {args.host} exposes the app to other machines; add --auth USER:PASSWORD, "
            "or --no-auth to accept the risk",
            file=sys.stderr,
        )
        return 2
    auth = None
    if args.auth:
        user, _, password = args.auth.partition(":")
        if not user or not password:
            print("error: --auth takes USER:PASSWORD", file=sys.stderr)
            return 2
        auth = (user, password)
    try:
        index = RagIndex(args.index)
        folders = [p for p in (Path(args.seeds), Path(args.uploads)) if p.is_dir()]
        if folders:
            report = index.ingest(folders, progress=sys.stderr.isatty())
            print(
                f"index {index.location}: added {report.added}, updated {report.updated}, unchanged "
                f"{report.unchanged}, removed {report.removed}, skipped {len(report.skipped)}"
            )
            for item in report.skipped:
                print(f"skipped: {item.path}: {item.reason}", file=sys.stderr)
    except RagError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    demo = build_app(index, Path(args.uploads))
    demo.launch(server_name=args.host, server_port=args.port, auth=auth, **LAUNCH_OPTIONS)
    return 0
