"""The app's jobs through Gradio's API (``gradio_client``), several users at once, the
optional login, and the defaults (loopback, no analytics)."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

pytestmark = pytest.mark.slow

QUESTION = "How have others addressed apprenticeships?"


def test_ask_api_returns_cited_markdown_and_its_sources(app_server):
    from gradio_client import Client

    markdown, sources = Client(app_server.url, verbose=False).predict(QUESTION, api_name="/ask")
    assert "[1]" in markdown and "**Sources**" in markdown
    cited = [s for s in sources if s["cited"]]
    assert cited and [s["n"] for s in cited] == list(range(1, len(cited) + 1))
    assert all(s["institution"] and s["document"] and s["quote"] and s["passage"] for s in cited)
    assert all(f"[{s['n']}]" in markdown for s in cited)
    assert all(s["n"] is None for s in sources if not s["cited"])


def test_ask_api_takes_filters(app_server):
    from gradio_client import Client

    client = Client(app_server.url, verbose=False)
    _, sources = client.predict(QUESTION, "", "", "Kestrel Bay University", "", "", api_name="/ask")
    assert sources and {s["institution"] for s in sources} == {"Kestrel Bay University"}
    with pytest.raises(Exception, match="unknown pillar"):
        client.predict(QUESTION, "not-a-pillar", api_name="/ask")


def test_documents_api_lists_the_library(app_server):
    from gradio_client import Client

    documents = Client(app_server.url, verbose=False).predict(api_name="/documents")
    assert {"northmoor-initial-2024", "ashdown-renewal-2025"} <= {d["id"] for d in documents}


def test_concurrent_users_are_queued_without_errors(app_server):
    from gradio_client import Client

    client = Client(app_server.url, verbose=False)
    questions = [QUESTION, "How do institutions recognise technicians?", "What about career pathways?"] * 3
    with ThreadPoolExecutor(max_workers=len(questions)) as pool:
        results = list(pool.map(lambda q: client.predict(q, api_name="/ask"), questions))
    assert len(results) == len(questions)
    assert all(markdown.strip() for markdown, _ in results)


def test_binds_to_loopback_with_analytics_off_and_no_share_link(app_server):
    log = app_server.log.read_text(errors="replace")
    assert "Running on local URL:  http://127.0.0.1:" in log
    # Gradio prints its hint on how to share only when it made no share link, and the
    # public URL (or its failure to make one, offline) only when it tried.
    assert "To create a public link, set `share=True`" in log
    assert not re.search(r"public URL|share link|gradio\.live", log, re.IGNORECASE)
    config = json.loads(urllib.request.urlopen(app_server.url + "config", timeout=10).read())
    assert config["analytics_enabled"] is False
    assert config["root"].startswith("http://127.0.0.1:")


def test_login_from_settings(launch_app):
    from gradio_client import Client

    secured = launch_app(TCA_AUTH="reviewer:s3cret")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(secured.url + "config", timeout=10)
    assert refused.value.code in (401, 403)
    with pytest.raises(ValueError, match="Could not login"):
        Client(secured.url, auth=("reviewer", "wrong"), verbose=False)
    client = Client(secured.url, auth=("reviewer", "s3cret"), verbose=False)
    assert client.predict(api_name="/documents") == []
