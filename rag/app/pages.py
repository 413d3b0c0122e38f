"""The page one click away: routes on the app's own server that show a passage in its document."""

from __future__ import annotations

import asyncio
from html import escape
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from rag.errors import RagError

PAGE_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem}"
    "mark{background:#fff3a3} .doc{white-space:pre-wrap;line-height:1.5} img{max-width:100%;"
    "border:1px solid #ccc} .where{color:#555}"
)


def _controller(request: Request) -> Any:
    """The app's controller, kept on the Blocks this server serves (see layout.build_app)."""
    return request.app.get_blocks().rag_controller


def _allowed(request: Request) -> bool:
    """The login the app's other pages ask for, when it asks for one."""
    app = request.app
    if app.auth is None and app.auth_dependency is None:
        return True
    token = request.cookies.get(f"access-token-{app.cookie_id}") or request.cookies.get(
        f"access-token-unsecure-{app.cookie_id}"
    )
    return app.tokens.get(token) is not None


def _refused(request: Request) -> Response | None:
    if not _allowed(request):
        return HTMLResponse("Log in to the app first.", status_code=401)
    return None


async def passage_page(request: Request) -> Response:
    if (refusal := _refused(request)) is not None:
        return refusal
    chunk_id = request.path_params["chunk_id"]
    try:
        view = await asyncio.to_thread(_controller(request).index.passage_view, chunk_id)
    except RagError as exc:
        return HTMLResponse(f"<p>{escape(str(exc))}</p>", status_code=404)
    head = (
        f"<h1>{escape(view.title)}</h1><p class='where'>{escape(view.source)}"
        f"{' · ' + escape(view.where) if view.where else ''} · chars {view.start}–{view.end}</p>"
    )
    if view.page is not None:
        body = f"<img id='page' alt='{escape(view.where)}' src='/passage/{view.chunk_id}/page.png'>"
    else:
        # The document's own text, escaped, scrolled to the passage.
        body = (
            f"<div class='doc'>{escape(view.text[: view.start])}<mark id='passage'>"
            f"{escape(view.text[view.start : view.end])}</mark>{escape(view.text[view.end :])}</div>"
            "<script>document.getElementById('passage').scrollIntoView({block:'center'})</script>"
        )
    return HTMLResponse(
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(view.title)}</title>"
        f"<style>{PAGE_CSS}</style></head><body>{head}{body}</body></html>"
    )


async def page_png(request: Request) -> Response:
    if (refusal := _refused(request)) is not None:
        return refusal
    try:
        png = await asyncio.to_thread(_controller(request).index.page_image, request.path_params["chunk_id"])
    except RagError as exc:
        return Response(str(exc), status_code=404, media_type="text/plain")
    return Response(png, media_type="image/png")


# Given to the server before Gradio adds its own routes, so they are matched first.
ROUTES = [
    Route("/passage/{chunk_id}", passage_page, methods=["GET"]),
    Route("/passage/{chunk_id}/page.png", page_png, methods=["GET"]),
]
