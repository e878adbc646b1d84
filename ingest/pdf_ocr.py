"""PDF pages without a usable text layer, read by OCR: ``read_unreadable_pages``.

A page is read by OCR when its text layer is empty, is garbage (a font without a
Unicode map gives "(cid:12)" runs, private-use or replacement characters, or letters with
almost none of English's commonest words), or holds only a stray label over a scanned
image (a page number stamped on a scan). Pages are rendered with PDFium (pypdfium2)
at ``OcrOptions.dpi`` and the result keeps the page's number; a page OCR cannot read
keeps whatever its text layer had, with a warning. OCR is slow (seconds a page), so
``OcrOptions.on_page`` hears of every page read.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

from ingest.models import IngestError, RawPage
from ingest.ocr import OcrOptions, OcrUnavailable, ocr_engine
from ingest.ocr_layout import page_from_ocr

MIN_TEXT_CHARS = 25  # fewer on a page mostly covered by an image: a scan with a stray label
IMAGE_COVER = 0.5  # share of the page an image covers to count as a scan
MIN_WORDS_TO_JUDGE = 30
MIN_COMMON_WORD_SHARE = 0.02  # English prose runs at 30-40%; a table of names at 5%+
MAX_BAD_CHAR_SHARE = 0.2
COMMON_WORDS = frozenset(
    "the and of to in for a an is are be on with that by as this we our at from it or "
    "will has have was were their all".split()
)
_BAD_CHARS = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0e-\x1f]|\(cid:\d+\)")
_WORD = re.compile(r"[A-Za-z]+")

# PDFium is not thread-safe: every call into it holds this lock (OCR itself runs outside).
PDFIUM_LOCK = threading.Lock()
CACHED_PAGES = 512  # pages read lately, kept: a file parsed again (its institution settled
# once the library knows more) is not read by OCR twice


class _PageCache:
    """The OCR reading of recent pages, keyed by file content, page, dpi and engine."""

    def __init__(self, size: int):
        self.size = size
        self._pages: OrderedDict[tuple, RawPage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> RawPage | None:
        with self._lock:
            if key in self._pages:
                self._pages.move_to_end(key)
            return self._pages.get(key)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()

    def put(self, key: tuple, page: RawPage) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)


_CACHE = _PageCache(CACHED_PAGES)


def forget_readings() -> None:
    """Drop the OCR readings kept in memory (a benchmark timing OCR twice)."""
    _CACHE.clear()


def text_layer_is_garbage(lines: list[str]) -> bool:
    """The text layer is there but unreadable: mostly broken characters, or words
    that are not English's words (a font whose codes map to the wrong letters)."""
    text = "".join(lines)
    visible = len(text.replace(" ", ""))
    if not visible:
        return False
    bad = sum(len(match.group()) for match in _BAD_CHARS.finditer(text))
    if bad / visible > MAX_BAD_CHAR_SHARE:
        return True
    words = [word.lower() for word in _WORD.findall(text)]
    if len(words) < MIN_WORDS_TO_JUDGE:
        return False
    return sum(word in COMMON_WORDS for word in words) / len(words) < MIN_COMMON_WORD_SHARE


def _visible_chars(page: RawPage) -> int:
    return sum(len(line.replace(" ", "")) for line in page.lines)


def read_unreadable_pages(
    path: Path, data: bytes, password: str | None, pages: list[RawPage], options: OcrOptions
) -> tuple[list[RawPage], list[str]]:
    """``pages`` with those lacking a usable text layer replaced by their OCR reading,
    and warnings about pages that stay unread."""
    suspects = [p.number for p in pages if not p.lines or text_layer_is_garbage(p.lines) or _visible_chars(p) < MIN_TEXT_CHARS]
    if not suspects:
        return pages, []
    try:
        with PDFIUM_LOCK:
            document = _open(path, data, password)
    except IngestError as exc:
        unread = [n for n in suspects if not pages[n - 1].lines or text_layer_is_garbage(pages[n - 1].lines)]
        return pages, [f"{_page_list(unread)} no usable text layer and {exc.reason}"] if unread else []
    try:
        todo = _pages_to_read(document, pages, suspects)
        if not todo:
            return pages, []
        if not options.enabled:
            return pages, [f"{_page_list(todo)} no usable text layer and OCR is off (TCA_OCR=off): not read"]
        return _ocr_pages(document, hashlib.sha256(data).hexdigest(), pages, todo, options)
    finally:
        with PDFIUM_LOCK:
            document.close()


def no_text_reason(options: OcrOptions, pages: int, ocr_warnings: list[str]) -> str:
    """Why a PDF with no text at all is refused (OCR off, OCR could not run, or found none)."""
    if not options.enabled:
        return "no extractable text: the PDF has no text layer and OCR is off (set TCA_OCR=on to read scans)"
    if ocr_warnings:
        return f"no extractable text: {ocr_warnings[0]}"
    return f"no text found: the PDF has no text layer and OCR found no text on its {pages} page(s)"


def _pages_to_read(document, pages: list[RawPage], suspects: list[int]) -> list[int]:
    with PDFIUM_LOCK:
        try:
            return [n for n in suspects if _needs_ocr(pages[n - 1], document[n - 1])]
        except Exception:  # noqa: BLE001 - PDFium could not read the page objects
            return [n for n in suspects if not pages[n - 1].lines]


def _ocr_pages(
    document, digest: str, pages: list[RawPage], todo: list[int], options: OcrOptions
) -> tuple[list[RawPage], list[str]]:
    try:
        engine = ocr_engine(options.engine)
    except (OcrUnavailable, ValueError) as exc:
        return pages, [f"{_page_list(todo)} no usable text layer and OCR cannot run: {exc}"]
    result = list(pages)
    failed: list[str] = []
    if options.on_page is not None:
        options.on_page(0, len(todo))
    for done, number in enumerate(todo, start=1):
        key = (digest, number, options.dpi, options.engine)
        page = _CACHE.get(key)
        if page is None:
            try:
                page = _read_page(document, number, engine, options.dpi)
            except OcrUnavailable as exc:
                return result, [f"{_page_list(todo[done - 1:])} no usable text layer and OCR cannot run: {exc}"]
            except Exception as exc:  # noqa: BLE001 - a page that cannot be rendered or read
                failed.append(f"page {number}: OCR failed ({_short(exc)})")
                page = pages[number - 1]
            else:
                _CACHE.put(key, page)
        if page.lines:
            result[number - 1] = page
        if options.on_page is not None:
            options.on_page(done, len(todo))
    return result, failed


def _read_page(document, number: int, engine, dpi: int) -> RawPage:
    image, height = render_page(document, number - 1, dpi)
    return page_from_ocr(number, engine.read(image), dpi, height)


def _open(path: Path, data: bytes, password: str | None):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data, password=password)
    except Exception as exc:  # noqa: BLE001 - pypdf opened it; PDFium may still refuse
        raise IngestError(path, f"the PDF cannot be rendered for OCR ({_short(exc)})") from None


def _needs_ocr(page: RawPage, pdf_page) -> bool:
    if not page.lines or text_layer_is_garbage(page.lines):
        return True
    return _image_cover(pdf_page) >= IMAGE_COVER


def _image_cover(pdf_page) -> float:
    """The largest share of the page one image covers."""
    import pypdfium2.raw as pdfium_c

    width, height = pdf_page.get_size()
    largest = 0.0
    for image in pdf_page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        left, bottom, right, top = image.get_bounds()
        largest = max(largest, (right - left) * (top - bottom))
    return largest / (width * height) if width and height else 0.0


def render_page(document, index: int, dpi: int) -> tuple[np.ndarray, float]:
    """The page as an RGB array, and its height in points."""
    with PDFIUM_LOCK:
        page = document[index]
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        image = np.asarray(bitmap.to_pil().convert("RGB"))
        return image, page.get_height()


def _page_list(numbers: list[int]) -> str:
    """"page 3 has" / "pages 1-4, 7 have": runs of pages shown as ranges."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    shown = ", ".join(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)
    return f"page {shown} has" if len(numbers) == 1 else f"pages {shown} have"


def _short(exc: BaseException) -> str:
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return message[:160]
