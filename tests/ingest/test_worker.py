"""The reader process: files parsed there come back whole; one that takes longer than
the limit is stopped and reported while a fresh reader takes the next; a scan gets more
time for each page it reads by OCR and tells each page as it goes; a reader that dies or
fails in an unexpected way costs that file only."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from ingest.models import IngestError
from ingest.pipeline import parse_file
from ingest.worker import ParseTimeout, ParseWorker, ReaderFailed, ReadLimit
from tests.support.hostile_files import slow_pdf
from tests.support.scans import scanned_pdf
from vectorstore.embedder import HashingEmbedder, make_embedder

REPO = Path(__file__).resolve().parents[2]
NORTHMOOR = REPO / "demo_corpus" / "northmoor-initial-2024.md"


def test_a_parse_in_the_worker_equals_one_in_process():
    counter = HashingEmbedder().token_counter
    with ParseWorker(60, counter, 256) as worker:
        remote = worker.parse(NORTHMOOR, "northmoor")
    local = parse_file(NORTHMOOR, "northmoor", counter, 256)
    assert remote == local


def test_the_model_tokenizer_travels_to_the_worker():
    embedder = make_embedder("minilm")
    with ParseWorker(60, embedder.token_counter, embedder.max_tokens) as worker:
        remote = worker.parse(NORTHMOOR, "northmoor")
    assert remote.chunks == parse_file(NORTHMOOR, "northmoor", embedder.count_tokens, embedder.max_tokens).chunks


def test_a_slow_file_is_stopped_at_its_limit_and_the_next_file_is_read(tmp_path):
    slow = tmp_path / "slow.pdf"
    slow.write_bytes(slow_pdf(200_000))
    with ParseWorker(1.5) as worker:
        started = time.monotonic()
        with pytest.raises(ParseTimeout, match="took longer than 1.5 s to read"):
            worker.parse(slow, "slow")
        assert time.monotonic() - started < 5
        assert worker.parse(NORTHMOOR, "northmoor").meta.institution == "University of Northmoor"


@pytest.fixture(scope="module")
def three_page_scan(tmp_path_factory) -> Path:
    return scanned_pdf(tmp_path_factory.mktemp("scans") / "thornwick-scan.pdf", pages=3)


@pytest.mark.slow
def test_a_scan_longer_than_the_base_limit_is_read_within_its_ocr_allowance(three_page_scan):
    limit = ReadLimit(2.0, per_ocr_page_s=30.0)
    heard: list[tuple[int, int]] = []
    with ParseWorker(limit) as worker:
        started = time.monotonic()
        parsed = worker.parse(three_page_scan, "scan", on_page=lambda done, total: heard.append((done, total)))
        took = time.monotonic() - started

    assert took > limit.seconds, f"OCR took {took:.1f} s: no longer than the base limit, so this proves nothing"
    assert parsed.ocr_pages == (1, 2, 3) and all(chunk.ocr for chunk in parsed.chunks)
    assert "chartered status" in " ".join(chunk.text for chunk in parsed.chunks)
    assert heard == [(0, 3), (1, 3), (2, 3), (3, 3)]  # as OCR starts, then after each page


@pytest.mark.slow
def test_a_scan_slower_than_its_allowance_is_still_stopped(three_page_scan):
    with ParseWorker(ReadLimit(2.0, per_ocr_page_s=0.05)) as worker:
        started = time.monotonic()
        with pytest.raises(ParseTimeout) as stopped:
            worker.parse(three_page_scan, "scan")
        assert time.monotonic() - started < 6
        assert stopped.value.reason == (
            "took longer than 2.15 s (2 s and 0.05 s for each of its 3 pages read by OCR) to read; reading it was stopped"
        )
        assert stopped.value.file.endswith("thornwick-scan.pdf")
        assert worker.parse(NORTHMOOR, "northmoor").chunks  # a fresh reader takes the next file


@pytest.mark.slow
def test_a_failing_progress_display_does_not_stop_the_read(three_page_scan):
    def broken_display(done: int, total: int) -> None:
        raise RuntimeError("the progress bar is gone")

    with ParseWorker(ReadLimit(60, 30)) as worker:
        assert worker.load(three_page_scan, on_page=broken_display).pages[2].ocr


def counter_failing_on_northmoor(text: str) -> int:
    """A token counter with a bug that only one document's text reaches."""
    if "Northmoor" in text:
        raise ValueError("a bug in the tokenizer")
    return len(text.split())


def counter_dying_on_northmoor(text: str) -> int:
    """As if the reader crashed hard (a segfault in a native parser, the OOM killer)."""
    if "Northmoor" in text:
        os._exit(3)
    return len(text.split())


HARROWGATE = REPO / "demo_corpus" / "harrowgate-initial-2025.txt"


def test_ingest_errors_and_unexpected_failures_are_that_files_problem(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with ParseWorker(60, counter_failing_on_northmoor) as worker:
        with pytest.raises(IngestError) as refused:
            worker.parse(empty, "empty")
        assert not isinstance(refused.value, ReaderFailed) and "empty" in refused.value.reason
        with pytest.raises(ReaderFailed) as failed:
            worker.parse(NORTHMOOR, "northmoor")
        assert failed.value.reason == "could not be read (unexpected ValueError)"
        assert "a bug in the tokenizer" in failed.value.detail and "Traceback" in failed.value.detail
        assert worker.parse(HARROWGATE, "harrowgate").chunks  # the same reader goes on


def test_a_reader_that_dies_is_replaced():
    with ParseWorker(60, counter_dying_on_northmoor) as worker:
        with pytest.raises(ReaderFailed, match="the reader stopped while reading this file") as died:
            worker.parse(NORTHMOOR, "northmoor")
        assert died.value.detail == "worker exit code 3"
        assert worker.parse(HARROWGATE, "harrowgate").chunks


def test_the_worker_can_read_a_raw_document_too():
    with ParseWorker(60) as worker:
        raw = worker.load(NORTHMOOR)
    assert raw.file_type == "md" and raw.pages


HOLD_A_SLOW_READ = """
import sys
from pathlib import Path
from ingest.worker import ParseWorker
worker = ParseWorker(600)
worker._ensure_started()
print(worker._process.pid, flush=True)
worker.parse(Path(sys.argv[1]), "slow")
"""


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "State:\tZ" in state  # exited, waiting to be reaped by whoever adopted it


def test_a_reader_stops_when_its_caller_is_killed(tmp_path):
    import signal
    import subprocess
    import sys

    slow = tmp_path / "slow.pdf"
    slow.write_bytes(slow_pdf(600_000))
    caller = subprocess.Popen([sys.executable, "-c", HOLD_A_SLOW_READ, str(slow)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    reader = int(caller.stdout.readline())
    time.sleep(1.0)  # well inside the read of the slow file
    assert not gone(reader)
    caller.send_signal(signal.SIGKILL)
    caller.wait(timeout=30)
    deadline = time.monotonic() + 10
    while not gone(reader) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert gone(reader)
