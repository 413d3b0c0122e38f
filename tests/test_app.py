"""The chat app: a real Gradio server over a real index, driven by Chromium and gradio_client."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVED: dict[str, object] = {}  # what the server fixture serves, for tests that write to it too
HOSTILE_TITLE = '# <img src=x onerror="window.__pwned=1"> Hostile Title\n\n'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from rag.api import RagIndex

    root = tmp_path_factory.mktemp("app")
    docs = root / "docs"
    shutil.copytree(corpus, docs)
    (docs / "hostile.md").write_text(
        HOSTILE_TITLE + "The Avalanche Research Bureau said <script>window.__pwned=2</script> snow depth "
        "reached 310 centimetres in Davos.\n",
        encoding="utf-8",
    )
    index = RagIndex(root / "index")
    index.ingest([docs])
    SERVED["index"] = index
    with serving(index, root / "uploads") as url:
        yield url + "/"


@contextlib.contextmanager
def serving(index: object, uploads: Path) -> Iterator[str]:
    """The app over `index` on a free local port, as `python app.py` launches it."""
    import app

    demo = app.build_app(index, uploads)
    port = free_port()
    demo.launch(
        server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, **app.LAUNCH_OPTIONS
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        demo.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        message = "Chromium is missing: apt-get install -y --no-install-recommends chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (browser tests must run under CI=true)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server: str) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.outside = []
    page.dialogs = []
    page.on(
        "request",
        lambda r: (
            page.outside.append(r.url)
            if not r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
            else None
        ),
    )
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.goto(server)
    yield page
    context.close()


def ask(page, question: str) -> object:
    from playwright.sync_api import expect

    bots = page.locator('[data-testid="bot"]')
    before = bots.count()
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")
    expect(bots).to_have_count(before + 1, timeout=60_000)
    reply = bots.nth(before)
    expect(reply.locator(".rag-passage, .rag-noanswer").first).to_be_visible(timeout=60_000)
    return reply


def choose(page, elem_id: str, label: str) -> None:
    page.locator(f"#{elem_id} input").click()
    page.get_by_role("option", name=label).click()


def test_a_seed_question_shows_the_passage_and_the_institution_chip(page):
    from playwright.sync_api import expect

    # Example questions on first load, made from the institutions this index cites.
    expect(page.get_by_text("What did Massachusetts Institute of Technology say?").first).to_be_visible()
    reply = ask(page, "What does Bernstein Research predict for Huawei?")
    first = reply.locator(".rag-passage").first
    expect(first).to_contain_text("80 percent of the Chinese AI chip market")
    expect(first.locator(".rag-answer")).to_contain_text("Bernstein Research predicts")
    expect(first.locator(".rag-chip", has_text="Bernstein Research")).to_contain_text("research firm")
    expect(first.locator(".rag-cite", has_text="Bernstein Research")).to_be_visible()
    expect(reply.locator(".rag-reply")).to_contain_text("[1]")
    assert page.outside == [], "the page must not reach any outside host"


def test_the_institution_filter_narrows_the_passages(page):
    unfiltered = ask(page, "What did the trials find?")
    assert unfiltered.locator(".rag-passage").count() == 5
    choose(page, "filter-institution", "Massachusetts Institute of Technology (3)")
    filtered = ask(page, "What did the trials find?")
    passages = filtered.locator(".rag-passage")
    assert 0 < passages.count() < 5
    for i in range(passages.count()):
        assert "Massachusetts Institute of Technology" in passages.nth(i).locator(".rag-chips").inner_text()


def test_a_follow_up_question_reads_the_previous_one(page):
    ask(page, "What did the Stanford University report say about Qwen and DeepSeek?")
    reply = ask(page, "and what did Nature say?")
    assert "Nature" in reply.locator(".rag-passage").first.inner_text()


def test_an_uploaded_document_is_found_without_a_restart(page, tmp_path: Path):
    from playwright.sync_api import expect

    upload = tmp_path / "lighthouse report.md"
    upload.write_text(
        "# Lighthouses\n\nThe Northern Lighthouse Board said it will automate the Bell Rock "
        "lighthouse beacon by 2027.\n",
        encoding="utf-8",
    )
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    page.get_by_role("tab", name="Documents").click()
    page.locator("#upload input[type=file]").set_input_files([str(upload), str(bad)])
    page.locator("#add-documents").click()
    status = page.locator("#upload-status")
    expect(status).to_contain_text("Added 1", timeout=120_000)
    expect(status).to_contain_text("empty.txt: not added, empty file")
    expect(page.locator("#documents-table")).to_contain_text("Lighthouses")
    page.get_by_role("tab", name="Chat").click()
    reply = ask(page, "When will the Bell Rock lighthouse be automated?")
    expect(reply.locator(".rag-passage").first).to_contain_text("Bell Rock")
    expect(reply.locator(".rag-chip").first).to_contain_text("Northern Lighthouse Board")


def test_markup_in_documents_is_shown_as_text_and_never_runs(page):
    from playwright.sync_api import expect

    reply = ask(page, "How deep was the snow in Davos according to the Avalanche Research Bureau?")
    first = reply.locator(".rag-passage").first
    expect(first).to_contain_text("<script>window.__pwned=2</script>")
    expect(first).to_contain_text('<img src=x onerror="window.__pwned=1"> Hostile Title')
    page.wait_for_timeout(500)
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == []
    assert page.locator("script", has_text="__pwned").count() == 0
    assert reply.locator("img").count() == 0


def test_sources_tab_lists_institutions_and_their_claims(page):
    from playwright.sync_api import expect

    page.get_by_role("tab", name="Sources").click()
    expect(page.locator("#sources-table")).to_contain_text("Digital Science")
    choose(page, "claims-pick", "Digital Science (2)")
    claims = page.locator("#claims")
    expect(claims).to_contain_text("30,000 AI researchers")
    expect(claims).to_contain_text("continues the previous sentence")


def test_gradio_client_ask_and_search(server: str):
    from gradio_client import Client

    client = Client(server, verbose=False)
    endpoints = client.view_api(return_format="dict", print_info=False)["named_endpoints"]
    assert {"/ask", "/search"} <= set(endpoints)
    html = client.predict("How many AI researchers does China have?", "", "", api_name="/ask")
    assert "30,000 AI researchers" in html and "rag-chip" in html
    result = client.predict("What did Nature say about DeepSeek R1?", 3, "nature", api_name="/search")
    assert set(result) >= {"question", "answer", "no_answer", "passages", "institutions"}
    assert "Nature" in result["institutions"] and len(result["passages"]) <= 3
    assert all(any(i["name"] == "Nature" for i in p["institutions"]) for p in result["passages"])


def test_listening_beyond_this_machine_needs_a_login_decision(capsys: pytest.CaptureFixture[str]):
    import app

    assert app.main(["--host", "0.0.0.0"]) == 2
    assert "--auth" in capsys.readouterr().err
    assert app.main(["--host", "0.0.0.0", "--auth", "nopassword"]) == 2


def test_follow_ups_and_upload_names_unit():
    import app

    history = [
        {"role": "user", "content": "What did the Stanford report say?"},
        {"role": "assistant", "content": "..."},
    ]
    assert app.with_context("and what did Nature say?", history).startswith("What did the Stanford")
    assert app.with_context("How many AI researchers does China have?", history) == (
        "How many AI researchers does China have?"
    )
    assert app.safe_name("../../etc/passwd.txt") == "passwd.txt"
    assert app.safe_name("..\\..\\win.INI.MD") == "win.INI.md"
    assert app.safe_name("<script>.html") == "_script_.html"
    assert app.safe_name(".hidden.md") == "hidden.md"


def test_questions_run_at_once_and_during_an_ingest(server: str, tmp_path: Path):
    """Several /search calls in flight while another document is ingested into the same index:
    every answer is whole (old generation or new), and the new document is found afterwards."""
    import threading

    from gradio_client import Client

    client = Client(server, verbose=False)
    index = SERVED["index"]
    extra = tmp_path / "volcano.txt"
    extra.write_text(
        "Volcano report\nThe Icelandic Met Office said the eruption near Grindavik ended after nine days.\n",
        encoding="utf-8",
    )
    errors: list[BaseException] = []

    def ingest() -> None:
        try:
            index.ingest([extra])
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    jobs = [
        client.submit(q, 3, "", api_name="/search")
        for q in (
            "How many AI researchers does China have?",
            "What did Nature say about DeepSeek R1?",
            "How much solar capacity did Kenya install?",
            "What does Bernstein Research predict for Huawei?",
        )
    ]
    writer = threading.Thread(target=ingest)
    writer.start()
    results = [job.result(timeout=120) for job in jobs]
    writer.join(timeout=120)
    assert errors == []
    for result in results:
        assert result["passages"] and all(p["text"] for p in result["passages"])
    found = client.predict("When did the eruption near Grindavik end?", 3, "", api_name="/search")
    assert "Grindavik" in found["passages"][0]["text"]
