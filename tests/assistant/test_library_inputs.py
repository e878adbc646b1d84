"""The library job with the new inputs: web addresses fetched on request and stored with
their address, web pages and spreadsheets beside PDFs, bad files of each type one line
each while the batch goes on, and a scan read by OCR while questions are still answered."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from assistant.ask.retrieval import HybridRetriever, RetrievalConfig
from assistant.ask.service import sources_from_hits
from assistant.library import FETCHED_DIR, ingest_paths
from bench.scans import image_only_copy
from ingest.fetch import FetchPolicy
from ingest.worker import ReadLimit
from tests.support.scans import scanned_pdf
from tests.support.web_server import LocalWebServer
from vectorstore.embedder import HashingEmbedder
from vectorstore.filters import SearchFilter
from vectorstore.store import CorpusStore, StoreLocation

FIXTURES = Path(__file__).parents[1] / "ingest" / "fixtures"


@pytest.fixture()
def store(tmp_path) -> CorpusStore:
    return CorpusStore(StoreLocation(tmp_path / "store"), HashingEmbedder())


@pytest.fixture(autouse=True)
def no_proxy_settings(monkeypatch):
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture()
def web():
    page = (FIXTURES / "thornbury-action-plan.html").read_bytes()
    with LocalWebServer({"/technicians/plan": (200, "text/html", page)}) as server:
        yield server


def test_an_address_is_fetched_stored_and_cited_with_its_url(store, web):
    url = web.url("/technicians/plan")
    report = ingest_paths(store, [url])

    assert report.errors == []
    document = report.documents[0]
    assert (document.source_url, document.institution, document.actions) == (url, "Thornbury Institute of Science", 5)
    row = store.document(document.id)
    assert row.source_url == url and row.fetched_at and Path(row.path).parent == store.location.data_dir / FETCHED_DIR
    hits = HybridRetriever(store, RetrievalConfig(k=3)).retrieve("registration fund fees", SearchFilter()).hits
    assert {source.url for source in sources_from_hits(store, hits)} == {url}

    again = ingest_paths(store, [url]).documents[0]
    assert (again.id, again.status) == (document.id, "unchanged")


def test_a_batch_of_every_type_goes_on_past_one_bad_file_of_each(store, tmp_path, shared_corpus):
    bad = {"broken.html": b"\x00\x01" * 100, "broken.xlsx": b"PK\x03\x04 not really", "broken.csv": b",,\n,,\n"}
    for name, content in bad.items():
        (tmp_path / name).write_bytes(content)
    good = [FIXTURES / "ashdown-plan-tracker.csv", FIXTURES / "fellside-news-technicians-week.html",
            shared_corpus / "pdf" / "uol-update-paper-2024.pdf"]
    report = ingest_paths(store, [*(tmp_path / name for name in bad), *good, "http://127.0.0.1:9/x"], fetch=FetchPolicy(offline=True))

    reasons = {Path(problem.file).name: problem.reason for problem in report.errors}
    assert reasons == {
        "broken.html": "not a web page (binary content)",
        "broken.xlsx": "not an XLSX (not an Excel workbook ZIP package)",
        "broken.csv": "empty spreadsheet (no cells with values)",
        "x": "not fetched: tca is set to work offline (TCA_OFFLINE=on); unset it to fetch web pages",
    }
    assert sorted(d.file for d in report.documents) == sorted(path.name for path in good)


@pytest.mark.slow
def test_questions_are_answered_while_a_scan_is_read(store, tmp_path, shared_corpus):
    ingest_paths(store, [FIXTURES / "ashdown-plan-tracker.csv"])
    scan = image_only_copy(shared_corpus / "pdf" / "lstm-renewal-2024.pdf", tmp_path / "lstm-scan.pdf", pages=range(3))
    pages_read: list[int] = []
    ingesting = threading.Thread(target=ingest_paths, args=(store, [scan]), kwargs={
        "on_progress": lambda step: step.ocr_pages and pages_read.append(step.ocr_page)})
    ingesting.start()
    while not any(pages_read) and ingesting.is_alive():  # the first page is read; two to go
        time.sleep(0.05)
    retriever = HybridRetriever(store, RetrievalConfig(k=3))
    started = time.perf_counter()
    hits = retriever.retrieve("succession plans for single-person facilities", SearchFilter()).hits
    answered_in = time.perf_counter() - started
    still_reading = max(pages_read) < 3
    ingesting.join()

    assert hits and hits[0].chunk.institution == "Ashdown Research Institute"
    assert still_reading, "the scan was read before the question finished: nothing was shown"
    print(f"\nanswered in {answered_in:.2f} s while the scan's pages were read by OCR")
    scanned = [d for d in store.documents() if d.file == "lstm-scan.pdf"][0]
    assert scanned.ocr_pages == 3
    assert all(chunk.ocr for chunk in store.catalog.chunks_of(scanned.doc_id))


@pytest.mark.slow
def test_a_scan_read_in_the_reader_process_tells_each_page_and_gets_time_for_each(store, tmp_path):
    scan = scanned_pdf(tmp_path / "thornwick-scan.pdf", pages=3)
    steps: list[tuple[str, int, int]] = []
    limit = ReadLimit(2.0, per_ocr_page_s=30.0)  # less than the OCR takes, unless pages add time
    started = time.monotonic()
    report = ingest_paths(store, [scan], lambda step: steps.append((step.file, step.ocr_page, step.ocr_pages)), time_limit_s=limit)
    took = time.monotonic() - started

    assert report.errors == [] and took > limit.seconds
    assert report.documents[0].ocr_pages == 3
    assert steps == [("thornwick-scan.pdf", page, 3) for page in range(4)] + [("thornwick-scan.pdf", 0, 0)]


def tca(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "TCA_EMBEDDING_MODEL": "hashing", **env}
    return subprocess.run([sys.executable, "-m", "cli.main", *args], capture_output=True, text=True, env=environment, timeout=120)


def test_tca_ingest_takes_an_address_and_lists_it(web, tmp_path):
    url = web.url("/technicians/plan")
    result = tca("ingest", url, "--data-dir", str(tmp_path), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["documents"][0]["source_url"] == url

    listed = json.loads(tca("docs", "list", "--data-dir", str(tmp_path), "--json").stdout)["documents"][0]
    assert (listed["source_url"], listed["ocr_pages"]) == (url, 0) and listed["fetched_at"]


def test_tca_ingest_refuses_an_address_offline_in_one_line(web, tmp_path):
    result = tca("ingest", web.url("/technicians/plan"), "--data-dir", str(tmp_path), TCA_OFFLINE="on")
    assert result.returncode == 1 and web.requests == []
    assert f"{web.url('/technicians/plan')}: not fetched: tca is set to work offline" in result.stderr
    assert "Traceback" not in result.stderr
