"""Reading files in a worker process the caller can stop.

Files are read (``load_document``) or parsed whole (``parse_file``) in a spawned process,
one at a time. When one takes longer than the time limit the process is killed and a fresh
one takes the next file: a hostile or huge file costs its limit and is reported ("took
longer than N s to read"), the other files go on, and the caller's own threads (an app
answering questions) never wait on a parser stuck inside a content stream. Where the OS
allows it (POSIX), the worker's memory is capped too, so a decompression bomb ends as an
error for that file instead of taking the machine's memory.

OCR runs in the reader too, and it is slow (seconds a page), so the limit grows with the
work: as OCR starts the reader says how many pages it will read, and the file may take
``ReadLimit.per_ocr_page_s`` more for each. After each page it says how far it got, and
the caller hears it (``on_page``) as it would from a parse in its own thread.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ingest.models import IngestError, ParsedDocument, RawDocument

MEMORY_LIMIT_BYTES = 3 * 1024**3
START_TIMEOUT_S = 60.0  # importing the parsers; not counted against a file's limit
log = logging.getLogger("tca.ingest")


@dataclass(frozen=True)
class ReadLimit:
    """How long one file may take to read: ``seconds``, plus ``per_ocr_page_s`` for each
    page the reader finds it must read by OCR. A long scan is read to the end; a file stuck
    in a parser is still stopped (before OCR starts, ``seconds`` is all it has)."""

    seconds: float
    per_ocr_page_s: float = 0.0

    def for_pages(self, ocr_pages: int) -> float:
        return self.seconds + self.per_ocr_page_s * ocr_pages

    def describe(self, ocr_pages: int) -> str:
        """"120 s", or "520 s (120 s and 5 s for each of its 80 pages read by OCR)"."""
        total = f"{self.for_pages(ocr_pages):g} s"
        if not (ocr_pages and self.per_ocr_page_s):
            return total
        return f"{total} ({self.seconds:g} s and {self.per_ocr_page_s:g} s for each of its {ocr_pages} pages read by OCR)"


OnPage = Callable[[int, int], None]


class ParseTimeout(IngestError):
    """The file took longer than the time limit to read; its worker was stopped."""


class ReaderFailed(IngestError):
    """The reader died or raised something other than an IngestError; ``detail`` holds
    the traceback or exit code (for the log, not for the user)."""

    def __init__(self, file: str | Path, reason: str, detail: str):
        super().__init__(file, reason)
        self.detail = detail


class ParseWorker:
    """One spawned reader process, replaced after a timeout or a crash. Thread-safe: calls
    from several threads take turns."""

    def __init__(
        self,
        time_limit_s: float | ReadLimit,
        count_tokens: Callable[[str], int] | None = None,
        max_tokens: int = 256,
        memory_limit_bytes: int | None = MEMORY_LIMIT_BYTES,
    ):
        """``time_limit_s``: seconds a file may take, or a ``ReadLimit`` (seconds plus an
        allowance per page read by OCR). ``count_tokens`` is sent to the worker, so it must
        pickle (a module-level function, or an object that loads its tokenizer lazily)."""
        self.limit = time_limit_s if isinstance(time_limit_s, ReadLimit) else ReadLimit(time_limit_s)
        self._setup = (count_tokens, max_tokens, memory_limit_bytes)
        self._context = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._process = None
        self._connection = None

    @property
    def time_limit_s(self) -> float:
        """The limit before any OCR allowance."""
        return self.limit.seconds

    @time_limit_s.setter
    def time_limit_s(self, seconds: float) -> None:
        self.limit = ReadLimit(seconds, self.limit.per_ocr_page_s)

    # -- the two jobs ----------------------------------------------------------------------
    def parse(
        self, path: Path, doc_id: str, password: str | None = None, known_institutions: Iterable[str] = (),
        ocr: bool = True, on_page: OnPage | None = None,
    ) -> ParsedDocument:
        """``ocr``: read PDF pages without a text layer by OCR; ``on_page(done, total)`` is
        told as OCR starts (done 0) and after each page, on this thread."""
        return self._run(path, ("parse", str(path), doc_id, password, tuple(known_institutions), ocr), on_page)

    def load(self, path: Path, password: str | None = None, on_page: OnPage | None = None) -> RawDocument:
        return self._run(path, ("load", str(path), password), on_page)

    # -- the process -------------------------------------------------------------------------
    def _run(self, path: Path, job: tuple, on_page: OnPage | None = None):
        with self._lock:
            self._ensure_started()
            started = time.monotonic()
            ocr_pages = 0  # pages the reader said it will read by OCR
            try:
                self._connection.send(job)
                while (message := self._next_message(path, started, ocr_pages))[0] == "ocr_page":
                    _kind, done, ocr_pages = message
                    _tell(on_page, done, ocr_pages)
                outcome, value = message
            except (EOFError, BrokenPipeError, ConnectionResetError, OSError):
                self._process.join(timeout=5)  # reaped, so its exit code is known
                code = self._process.exitcode
                self._stop()
                log.warning("reading %s: the reader process died (exit code %s)", path, code)
                raise ReaderFailed(path, "the reader stopped while reading this file", f"worker exit code {code}") from None
        log.debug("read %s in %.2f s (%s)", path, time.monotonic() - started, outcome)
        if outcome == "ingest_error":
            raise IngestError(path, value)
        if outcome == "crash":
            summary, detail = value
            log.warning("reading %s failed: %s", path, detail)
            raise ReaderFailed(path, f"could not be read ({summary})", detail)
        return value

    def _next_message(self, path: Path, started: float, ocr_pages: int) -> tuple:
        """The reader's next word on this file, or ParseTimeout once its limit (grown by
        the pages it reads by OCR) has passed."""
        remaining = started + self.limit.for_pages(ocr_pages) - time.monotonic()
        if not self._connection.poll(max(remaining, 0.0)):
            self._stop()
            raise ParseTimeout(path, f"took longer than {self.limit.describe(ocr_pages)} to read; reading it was stopped")
        return self._connection.recv()

    def _ensure_started(self) -> None:
        if self._process is not None and self._process.is_alive():
            return
        self._connection, child = self._context.Pipe()
        self._process = self._context.Process(target=_serve, args=(child, *self._setup), daemon=True, name="tca-reader")
        self._process.start()
        child.close()
        if not self._connection.poll(START_TIMEOUT_S):
            self._stop()
            raise RuntimeError(f"the reader process did not start within {START_TIMEOUT_S:g} s")
        self._connection.recv()  # "ready"

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join()
        if self._connection is not None:
            self._connection.close()
        self._process = self._connection = None

    def close(self) -> None:
        with self._lock:
            if self._process is not None and self._process.is_alive():
                try:
                    self._connection.send(None)
                    self._process.join(timeout=5)
                except (BrokenPipeError, OSError):
                    pass
            self._stop()

    def __enter__(self) -> ParseWorker:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _tell(on_page: OnPage | None, done: int, total: int) -> None:
    """Progress is told, never decides: a failing display does not stop the read."""
    if on_page is None:
        return
    try:
        on_page(done, total)
    except Exception:  # noqa: BLE001 - the caller's display, not the file
        log.exception("the OCR progress callback failed")


def _limit_memory(limit: int | None) -> None:
    if limit is None:
        return
    try:
        import resource
    except ImportError:  # Windows: no address-space limit
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _end_with_parent() -> None:
    """A reader whose caller died (SIGKILL included) stops at once, even mid-file."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=lambda: (parent.join(), os._exit(0)), daemon=True, name="tca-reader-watch").start()


def _serve(connection, count_tokens, max_tokens: int, memory_limit: int | None) -> None:
    """The worker: answer each job with (outcome, value) until it receives None."""
    import warnings

    _end_with_parent()
    _limit_memory(memory_limit)
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # it logs every repair it makes
    warnings.simplefilter("ignore")
    from ingest.loaders import load_document
    from ingest.ocr import OcrOptions
    from ingest.pipeline import parse_file

    counter = count_tokens or (lambda text: len(text.split()))
    counter("ready")  # load the tokenizer before the first file's clock starts

    def tell_page(done: int, total: int) -> None:  # the caller's clock and progress hear of OCR
        connection.send(("ocr_page", done, total))

    connection.send(("ready", None))
    while True:
        try:
            job = connection.recv()
        except EOFError:  # the caller is gone (even killed): so is its reader
            return
        if job is None:
            return
        try:
            if job[0] == "load":
                result = ("loaded", load_document(Path(job[1]), password=job[2], ocr=OcrOptions(on_page=tell_page)))
            else:
                _kind, path, doc_id, password, known, ocr = job
                options = OcrOptions(enabled=ocr, on_page=tell_page)
                result = ("parsed", parse_file(Path(path), doc_id, counter, max_tokens, password, known, options))
        except IngestError as exc:
            result = ("ingest_error", exc.reason)
        except MemoryError:
            result = ("crash", ("it needs more memory than a file may use", "MemoryError"))
        except BaseException as exc:  # noqa: BLE001 - any other failure is reported for this file only
            result = ("crash", (f"unexpected {type(exc).__name__}", "".join(traceback.format_exception(exc))[-4000:]))
        try:
            connection.send(result)
        except (BrokenPipeError, OSError):
            return
