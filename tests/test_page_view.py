"""The page one click away: a PDF passage's link opens its page as an image, a text passage its place."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import pdfs
from tests.test_app import ask, browser, serving  # noqa: F401 - the browser fixture is shared

QUESTION = "What did the Bank of Examples say about housing?"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from rag.api import RagIndex

    root = tmp_path_factory.mktemp("pages")
    docs = root / "docs"
    docs.mkdir()
    pdfs.with_labels(pdfs.report(root / "report.pdf", pages=3), docs / "review.pdf")
    (docs / "note.md").write_text(
        "# Harbour note\n\nThe Port Authority said <b>cargo</b> volumes doubled in 2025.\n", encoding="utf-8"
    )
    index = RagIndex(root / "index")
    index.ingest([docs])
    with serving(index, root / "uploads") as url:
        yield url


def test_a_pdf_passage_opens_its_page_with_the_passage_marked(browser, served: str):  # noqa: F811
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(served + "/")
    reply = ask(page, QUESTION)
    first = reply.locator(".rag-passage").first
    expect(first.locator(".rag-source")).to_contain_text("p. ")
    link = first.locator("a.rag-open")
    expect(link).to_have_text("open the page")
    href = link.get_attribute("href")
    assert href and href.startswith("/passage/")
    with context.expect_page() as opened:
        link.click()
    view = opened.value
    view.wait_for_load_state()
    image = view.locator("img#page")
    expect(image).to_be_visible()
    view.wait_for_function("document.querySelector('img#page').naturalWidth > 800")
    assert view.locator("h1").inner_text() == "Monetary Policy Review"
    context.close()


def test_a_text_passage_opens_the_document_at_the_passage_escaped(browser, served: str):  # noqa: F811
    from playwright.sync_api import expect

    context = browser.new_context()
    page = context.new_page()
    page.goto(served + "/")
    reply = ask(page, "What did the Port Authority say about cargo?")
    link = reply.locator(".rag-passage").first.locator("a.rag-open")
    expect(link).to_have_text("open in the document")
    page.goto(served + link.get_attribute("href"))
    expect(page.locator("mark#passage")).to_contain_text("<b>cargo</b> volumes doubled")
    assert page.locator(".doc b").count() == 0, "document text is shown as text"
    context.close()


def test_the_routes_serve_only_indexed_passages(served: str):
    for bad in ("/passage/0000000000000000", "/passage/..%2F..%2Fetc%2Fpasswd", "/passage/zz/page.png"):
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(served + bad, timeout=30)
        assert info.value.code == 404


def test_nothing_of_the_page_view_reaches_disk_by_request_path(tmp_path: Path):
    from rag.api.viewing import _CHUNK_ID

    assert not _CHUNK_ID.fullmatch("../../etc/passwd") and _CHUNK_ID.fullmatch("0123456789abcdef")
