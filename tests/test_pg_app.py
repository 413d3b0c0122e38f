"""The app over a PostgreSQL index: the search API, the passage pages from the kept bytes, uploads."""

from __future__ import annotations

import shutil
import urllib.request
from pathlib import Path

from rag.api import RagIndex
from tests.conftest import SEED
from tests.test_app import serving


def test_the_app_serves_a_database_index(pg_url: str, corpus: Path, tmp_path: Path):
    from gradio_client import Client

    docs = tmp_path / "docs"
    docs.mkdir()
    for name in (SEED.name, "coral.pdf"):
        shutil.copy(corpus / name, docs / name)
    index = RagIndex(pg_url)
    index.ingest([docs])
    shutil.rmtree(docs)  # the pages come from the database
    with serving(index, tmp_path / "uploads") as url:
        client = Client(url + "/", verbose=False)
        found = client.predict(
            "What does Bernstein Research predict for Huawei?", 3, "bernstein research", api_name="/search"
        )
        assert found["passages"] and all(
            "Bernstein Research" in str(p["institutions"]) for p in found["passages"]
        )
        page = urllib.request.urlopen(f"{url}/passage/{found['passages'][0]['chunk_id']}")
        assert page.status == 200 and "Bernstein" in page.read().decode()
        upload = tmp_path / "uploads"
        upload.mkdir(exist_ok=True)
        (upload / "salt.txt").write_text("Salt mining\nPoland's Wieliczka mine produced salt for 700 years.")
        index.ingest([upload])  # what an upload does, while the app serves
        salt = client.predict("How long did Wieliczka produce salt?", 1, "", api_name="/search")
        assert "700 years" in salt["passages"][0]["text"]
