"""Fetching a page the user names: stored under a stable name with its address and fetch
time, typed by its content, through the system proxy; refused plainly when offline or
when the server says no. Every server here is a local one on 127.0.0.1."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from ingest.fetch import FetchError, FetchPolicy, fetch_copy, is_url, source_of
from tests.support.web_server import LocalWebServer

FIXTURES = Path(__file__).parent / "fixtures"
PAGE = (FIXTURES / "fellside-news-technicians-week.html").read_bytes()


@pytest.fixture(autouse=True)
def no_proxy_settings(monkeypatch):
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture()
def server(shared_corpus):
    pages = {
        "/news/showcase": (200, "text/html; charset=utf-8", PAGE),
        "/docs/update-paper": (200, "application/octet-stream", (shared_corpus / "pdf" / "uol-update-paper-2024.pdf").read_bytes()),
        "/logo.png": (200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
        "/gone": (410, "text/plain", b"gone"),
    }
    with LocalWebServer(pages) as running:
        yield running


def test_a_page_is_stored_with_its_address_and_fetch_time(server, tmp_path):
    url = server.url("/news/showcase")
    copy = fetch_copy(url, tmp_path)

    assert copy.path.parent == tmp_path and copy.path.suffix == ".html"
    assert copy.path.name.startswith("127-0-0-1-news-showcase-")
    assert copy.path.read_bytes() == PAGE
    assert source_of(copy.path) == copy.source and copy.source.url == url
    assert copy.source.fetched_at.endswith("+00:00")
    assert fetch_copy(url, tmp_path).path == copy.path  # the same address lands on the same file
    assert source_of(tmp_path / "never-fetched.html") is None


def test_a_pdf_is_recognised_by_its_bytes_whatever_the_server_calls_it(server, tmp_path):
    assert fetch_copy(server.url("/docs/update-paper"), tmp_path).path.suffix == ".pdf"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/gone", "the server answered 410 Gone"),
        ("/missing", "the server answered 404 Not Found"),
        ("/logo.png", "the address gives 'image/png', which tca cannot read (it reads web pages, PDF, DOCX, XLSX, CSV and text)"),
    ],
)
def test_what_cannot_be_fetched_gets_one_plain_reason(server, tmp_path, path, reason):
    with pytest.raises(FetchError) as caught:
        fetch_copy(server.url(path), tmp_path)
    assert caught.value.reason == reason
    assert list(tmp_path.iterdir()) == []  # nothing half-written


def test_offline_mode_refuses_without_touching_the_network(server, tmp_path):
    with pytest.raises(FetchError) as caught:
        fetch_copy(server.url("/news/showcase"), tmp_path, FetchPolicy(offline=True))
    assert "work offline (TCA_OFFLINE=on)" in caught.value.reason
    assert server.requests == []


@pytest.mark.parametrize("host", ["127.0.0.1", "10.1.2.3", "169.254.169.254", "[::1]", "localhost"])
def test_an_app_serving_others_fetches_only_public_addresses(server, tmp_path, host):
    with pytest.raises(FetchError) as caught:
        fetch_copy(f"http://{host}:{server.port}/news/showcase", tmp_path, FetchPolicy(public_only=True))
    assert caught.value.reason.startswith(f"not fetched: '{host.strip('[]')}' is on this server or a private network")
    assert server.requests == []


def test_without_a_network_the_reason_says_so(tmp_path, monkeypatch):
    def no_network(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)  # what a machine without a network answers
    with pytest.raises(FetchError) as caught:
        fetch_copy("https://technicians.example.ac.uk/plan", tmp_path)
    assert caught.value.reason.startswith("cannot reach 'technicians.example.ac.uk': no network connection")
    assert "HTTPS_PROXY" in caught.value.reason


def test_a_refused_connection_is_named(tmp_path):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError) as caught:
        fetch_copy(f"http://127.0.0.1:{port}/page", tmp_path)
    assert caught.value.reason == "cannot reach '127.0.0.1': the connection was refused"


def test_the_system_proxy_is_used(server, tmp_path, monkeypatch):
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{server.port}")
    copy = fetch_copy("http://technicians.example.test/news/showcase", tmp_path)  # a name only the proxy can serve
    assert copy.path.read_bytes() == PAGE
    assert server.requests == [("/news/showcase", True)]


@pytest.mark.parametrize("text", ["ftp://example.test/a.pdf", "https://", "file:///etc/passwd"])
def test_only_web_addresses_are_fetched(tmp_path, text):
    with pytest.raises(FetchError) as caught:
        fetch_copy(text, tmp_path)
    assert caught.value.reason == "not a web address (give one starting with http:// or https://)"


def test_is_url_tells_addresses_from_paths():
    assert is_url("https://example.test/x") and is_url("HTTP://example.test")
    assert not is_url("/work/plan.pdf") and not is_url("plan.html")
