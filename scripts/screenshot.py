"""Save docs/screenshot.png: the app answering a seed question, in headless Chromium.

Usage: python scripts/screenshot.py [QUESTION]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import app  # noqa: E402
from rag.api import RagIndex  # noqa: E402

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> int:
    from playwright.sync_api import expect, sync_playwright

    question = sys.argv[1] if len(sys.argv) > 1 else "What does Bernstein Research predict for Huawei?"
    with tempfile.TemporaryDirectory() as tmp:
        index = RagIndex(Path(tmp) / "index")
        index.ingest([ROOT / "seeds"])
        demo = app.build_app(index, Path(tmp) / "uploads")
        _, url, _ = demo.launch(
            server_name="127.0.0.1",
            server_port=0 or None,
            prevent_thread_lock=True,
            quiet=True,
            **app.LAUNCH_OPTIONS,
        )
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
            page = browser.new_page(viewport={"width": 1300, "height": 1500})
            page.goto(url)
            page.locator("#question textarea").fill(question)
            page.locator("#question textarea").press("Enter")
            reply = page.locator('[data-testid="bot"]').first
            expect(reply.locator(".rag-passage").first).to_be_visible(timeout=60_000)
            page.evaluate("document.querySelector('#chat .bubble-wrap, #chat [role=log]')?.scrollTo(0, 0)")
            page.wait_for_timeout(800)
            page.screenshot(
                path=str(ROOT / "docs" / "screenshot.png"),
                full_page=False,
                clip={"x": 0, "y": 0, "width": 1300, "height": 1000},
            )
            browser.close()
        demo.close()
    print(ROOT / "docs" / "screenshot.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
