"""Read one file into a :class:`RawDocument` (PDF, DOCX, TXT, MD here; HTML in
ingest/html.py, XLSX and CSV in ingest/sheets.py): ``load_document``.

Every failure is an :class:`IngestError` with one plain reason, never a traceback.

Decisions worth knowing:

* The extension decides whether a file is accepted at all (.pdf, .docx, .txt, .md,
  any case); the content decides how it is read. A ``.pdf`` that holds plain text
  (no ``%PDF-`` header) is loaded as text with a warning that the extension is
  wrong; a ``.pdf`` that is neither is refused as "not a PDF". The same sniffing
  applies to the other types (a PDF named ``.txt`` is read as a PDF, with a warning).
* Blank lines are dropped in every format: ``lines`` are the non-empty lines in
  reading order. A TAB inside a line always separates table cells (DOCX table rows,
  tab-separated text); tabs inside DOCX paragraphs become spaces.
* PDF: one pypdf pass per page yields both the text (``lines``) and the positioned
  ``spans``. A PDF without ``%%EOF`` is refused as truncated rather than returned
  partially. Pages without a usable text layer (empty, garbage, or a scan under a stray
  label) are read by OCR (ingest/pdf_ocr.py) unless ``OcrOptions.enabled`` is off; pages
  still without text are warned about, and a PDF with no text at all is refused.
  Text extraction stops with an error after ``PDF_TIME_BUDGET_S`` seconds.
* DOCX: body paragraphs and tables in document order; headers/footers are skipped.
  Pages are split at explicit page breaks (hard or last-rendered), otherwise page 1.
* TXT/MD: UTF-8 (BOM stripped), else Windows-1252, else Latin-1; form feeds split
  pages; lines longer than ``MAX_LINE_CHARS`` are split at sentence ends. Markdown
  ``#`` headings (in .md and .txt alike, since text extractions carry Markdown) set
  ``heading_levels``, and :func:`strip_markup` lightens inline markup.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError

from ingest.docx_loader import load_docx
from ingest.models import IngestError, RawDocument, RawPage, TextSpan, short_reason
from ingest.ocr import OcrOptions
from ingest.pdf_ocr import no_text_reason, read_unreadable_pages
from ingest.text_decode import UTF16_BOMS, decode_text, nonblank_lines, normalise_chars

SUPPORTED_EXTENSIONS = {
    ".pdf": "pdf", ".docx": "docx", ".txt": "txt", ".md": "md",
    ".html": "html", ".htm": "html", ".xlsx": "xlsx", ".csv": "csv",  # ingest/html.py, ingest/sheets.py
}
_TEXT_TYPES = ("txt", "md", "html", "csv")
MAX_LINE_CHARS = 2000
PDF_TIME_BUDGET_S = 60.0
MAX_HEADING_CHARS = 200

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc or a password-protected .docx


def load_document(path: Path, password: str | None = None, ocr: OcrOptions | None = None) -> RawDocument:
    """Load ``path`` into a RawDocument, or raise IngestError with one plain reason.
    ``ocr`` says how PDF pages without a usable text layer are read (default: by OCR)."""
    path = Path(path)
    file_type = _file_type_from_extension(path)
    data = _read_bytes(path)
    kind = _sniff_kind(data)
    expected = "text" if file_type in _TEXT_TYPES else file_type
    warnings: list[str] = []
    if kind != expected:
        kind = _resolve_mismatch(path, file_type, kind, data[:8])
        warnings.append(
            f"the extension says '{path.suffix}' but the content is {_KIND_NAMES[kind]}; read as {_KIND_NAMES[kind]}"
        )
    if kind == "pdf":
        doc = _load_pdf(path, data, password, ocr or OcrOptions())
    elif kind == "docx":
        doc = load_docx(path, data)
    elif kind == "xlsx" or (not warnings and file_type in ("html", "csv")):
        doc = _load_page_or_sheet(path, data, kind if kind == "xlsx" else file_type)
    else:
        doc = _load_text(path, data, file_type if file_type in ("txt", "md") and not warnings else "txt")
    doc.warnings[:0] = warnings
    doc.sha256 = hashlib.sha256(data).hexdigest()
    return doc


# --- dispatch -----------------------------------------------------------------------

_KIND_NAMES = {"pdf": "a PDF", "docx": "a DOCX", "xlsx": "an XLSX workbook", "text": "plain text"}


def _load_page_or_sheet(path: Path, data: bytes, file_type: str) -> RawDocument:
    """Web pages and spreadsheets (imported here: their libraries load only when needed)."""
    if file_type == "html":
        from ingest.html import load_html

        return load_html(path, data)
    from ingest.sheets import load_csv, load_xlsx

    return load_xlsx(path, data) if file_type == "xlsx" else load_csv(path, data)


def _file_type_from_extension(path: Path) -> str:
    """Accept only the supported extensions, case-insensitively."""
    file_type = SUPPORTED_EXTENSIONS.get(path.suffix.lower())
    if file_type is None:
        shown = f"'{path.suffix}'" if path.suffix else "(no extension)"
        raise IngestError(
            path, f"unsupported file type {shown} (supported: {', '.join(SUPPORTED_EXTENSIONS)})"
        )
    return file_type


def _read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(path, f"cannot read the file: {exc.strerror or exc}") from None
    if not data:
        raise IngestError(path, "empty file (0 bytes)")
    return data


def _sniff_kind(data: bytes) -> str | None:
    """What the bytes are: "pdf", "docx", "text" or None (some other binary)."""
    if _PDF_MAGIC in data[:1024]:
        return "pdf"
    if data.startswith(_ZIP_MAGIC):
        return _office_kind(data)
    if data.startswith(UTF16_BOMS) or _looks_like_text(data[:8192]):
        return "text"
    return None


def _office_kind(data: bytes) -> str | None:
    """A Word package is "docx", an Excel one "xlsx"; any other ZIP None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "word/document.xml" in names:
        return "docx"
    return "xlsx" if "xl/workbook.xml" in names else None


def _looks_like_text(sample: bytes) -> bool:
    """Text has no NUL bytes and hardly any control characters other than whitespace."""
    if b"\x00" in sample:
        return False
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    return controls <= len(sample) // 100


def _resolve_mismatch(path: Path, file_type: str, kind: str | None, head: bytes) -> str:
    """Follow the content when it is a readable kind; refuse with the type-specific reason otherwise."""
    if kind is not None:
        return kind
    if file_type == "pdf":
        raise IngestError(path, "not a PDF (missing %PDF- header)")
    if file_type == "docx":
        raise IngestError(path, _not_a_docx_reason(head))
    if file_type == "xlsx":
        if head == _OLE_MAGIC:
            raise IngestError(path, "not an XLSX: a password-protected or legacy Excel file (.xls); save it as .xlsx without a password")
        raise IngestError(path, "not an XLSX (not an Excel workbook ZIP package)")
    if file_type == "html":
        raise IngestError(path, "not a web page (binary content)")
    raise IngestError(path, "not a text file (binary content)")


def _not_a_docx_reason(head: bytes) -> str:
    if head == _OLE_MAGIC:
        return "not a DOCX: a password-protected or legacy Word file (save it as .docx without a password)"
    return "not a DOCX (not a Word ZIP package)"


# --- PDF ----------------------------------------------------------------------------


def _load_pdf(path: Path, data: bytes, password: str | None, ocr: OcrOptions) -> RawDocument:
    reader = _open_pdf(path, data, password)
    pages, warnings = _read_pdf_pages(path, reader)
    pages, ocr_warnings = read_unreadable_pages(path, data, password, pages, ocr)
    warnings += ocr_warnings
    if not any(page.lines for page in pages):
        raise IngestError(path, no_text_reason(ocr, len(pages), ocr_warnings))
    if ocr.enabled:
        warnings += _textless_page_warning(pages)
    return RawDocument(path=path, file_type="pdf", pages=pages, warnings=warnings)


def _open_pdf(path: Path, data: bytes, password: str | None) -> PdfReader:
    """Open with pypdf, turning every failure into one IngestError reason."""
    if data.rfind(b"%%EOF") == -1:
        raise IngestError(
            path, "truncated or corrupt PDF: no %%EOF marker (the file was cut short)"
        )
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            _decrypt(path, reader, password)
        _ = len(reader.pages)  # forces the page tree to be read now, inside this try
    except IngestError:
        raise
    except DependencyError as exc:
        raise IngestError(
            path, f"encrypted PDF needs a crypto library to open: {short_reason(exc)}"
        ) from None
    except Exception as exc:  # pypdf raises many exception types on broken files
        raise IngestError(path, f"truncated or corrupt PDF: {short_reason(exc)}") from None
    return reader


def _decrypt(path: Path, reader: PdfReader, password: str | None) -> None:
    """Try the given password, else the empty one (owner-password-only PDFs open with it)."""
    try:
        if reader.decrypt(password or ""):
            return
    except DependencyError:
        raise
    except Exception as exc:  # unsupported security handlers and broken encryption dictionaries
        raise IngestError(path, f"encrypted PDF that cannot be opened: {short_reason(exc)}") from None
    if password is None:
        raise IngestError(path, "encrypted PDF, password required")
    raise IngestError(path, "encrypted PDF, wrong password")


def _read_pdf_pages(path: Path, reader: PdfReader) -> tuple[list[RawPage], list[str]]:
    """Every page, within a time budget; a page that fails is kept empty with a warning."""
    started = time.monotonic()
    pages: list[RawPage] = []
    warnings: list[str] = []
    for number, page in enumerate(reader.pages, start=1):
        if time.monotonic() - started > PDF_TIME_BUDGET_S:
            raise IngestError(
                path,
                f"PDF text extraction took over {PDF_TIME_BUDGET_S:.0f} s (stopped at page {number})",
            )
        spans: list[TextSpan] = []
        try:
            text = page.extract_text(visitor_text=_span_collector(spans))
        except Exception as exc:  # a broken page should not sink the document
            warnings.append(f"page {number}: text extraction failed ({short_reason(exc)})")
            text, spans = "", []
        pages.append(RawPage(number=number, lines=nonblank_lines(text), spans=spans))
    return pages, warnings


def _span_collector(spans: list[TextSpan]) -> Callable:
    """A pypdf ``visitor_text`` that appends a TextSpan per non-blank text run."""

    def visit(text: str, cm: list[float], tm: list[float], font_dict, font_size: float) -> None:
        text = normalise_chars(text).strip()
        if not text:
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = math.hypot(tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3])
        spans.append(
            TextSpan(
                x=round(x, 2),
                y=round(y, 2),
                text=text,
                size=round(font_size * scale, 2),
                bold="bold" in _font_name(font_dict).lower(),
            )
        )

    return visit


def _font_name(font_dict) -> str:
    try:
        return str(font_dict.get("/BaseFont", "")) if font_dict else ""
    except Exception:  # an unreadable font object is just "no name"
        return ""


def _textless_page_warning(pages: list[RawPage]) -> list[str]:
    empty = [str(page.number) for page in pages if not page.lines]
    if not empty:
        return []
    return [f"page(s) {', '.join(empty)} have no text (no text layer, and OCR found none)"]


# --- TXT / MD -----------------------------------------------------------------------

_MD_HEADING = re.compile(r"(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*")
_MD_BOLD = re.compile(r"(\*\*|__)(?=\S)([^*_\n]{1,2000}?)(?<=\S)\1")
_MD_ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]{1,500}?)(?<=[^\s*])\*(?![\w*])")
_MD_LINK = re.compile(r"\[([^\[\]\n]{1,500})\]\(([^()\s]{1,2000})\)")
_MD_AUTOLINK = re.compile(r"<((?:https?://|mailto:|www\.)[^<>\s]{1,2000})>")
_LEADING_BULLET = re.compile(r"[·\uf0b7\uf0a7▪●]\s+")


def strip_markup(line: str) -> str:
    """Lighten Markdown-like inline markup so text reads as the document shows it.

    ``**bold**``/``__bold__``/``*italic*`` lose their markers, ``[text](url)`` becomes
    ``text (url)`` (just ``text`` when the url only repeats it, e.g. ``mailto:``),
    ``<url>`` becomes ``url`` and a leading ``·`` bullet becomes ``•``. All patterns
    are length-bounded, so a multi-megabyte line is handled in linear time.
    """
    line = _MD_LINK.sub(_link_text, line)
    line = _MD_AUTOLINK.sub(r"\1", line)
    line = _MD_BOLD.sub(r"\2", line)
    line = _MD_ITALIC.sub(r"\1", line)
    return _LEADING_BULLET.sub("• ", line, count=1) if _LEADING_BULLET.match(line) else line


def _link_text(match: re.Match) -> str:
    text, url = match.group(1), match.group(2)
    if url.removeprefix("mailto:") == text or url.rstrip("/") == text.rstrip("/"):
        return text
    return f"{text} ({url})"


def _load_text(path: Path, data: bytes, file_type: str) -> RawDocument:
    text, warnings = decode_text(data)
    pages = []
    for number, page_text in enumerate(text.split("\f"), start=1):
        page = _text_page(number, page_text)
        if page.lines:
            pages.append(
                RawPage(number=len(pages) + 1, lines=page.lines, heading_levels=page.heading_levels)
            )
    if not pages:
        raise IngestError(path, "empty file (only whitespace)")
    return RawDocument(path=path, file_type=file_type, pages=pages, warnings=warnings)


def _text_page(number: int, text: str) -> RawPage:
    page = RawPage(number=number, lines=[])
    for raw_line in nonblank_lines(text):
        level, raw_line = _markdown_heading(raw_line)
        for piece in split_long_line(strip_markup(raw_line)):
            if level is not None:
                page.heading_levels[len(page.lines)] = level
                level = None
            page.lines.append(piece)
    return page


def _markdown_heading(line: str) -> tuple[int | None, str]:
    """``## Title`` -> (2, "Title"); over-long "headings" are prose that starts with #."""
    if not line.startswith("#") or len(line) > MAX_HEADING_CHARS:
        return None, line
    match = _MD_HEADING.fullmatch(line)
    return (len(match.group(1)), match.group(2)) if match else (None, line)


def split_long_line(line: str, limit: int = MAX_LINE_CHARS) -> list[str]:
    """Split a line longer than ``limit`` at sentence ends (else spaces, else hard), in linear time."""
    pieces: list[str] = []
    start = 0
    while len(line) - start > limit:
        cut = line.rfind(". ", start, start + limit)
        if cut > start:
            pieces.append(line[start : cut + 1])
            start = cut + 2
            continue
        cut = line.rfind(" ", start, start + limit)
        if cut > start:
            pieces.append(line[start:cut])
            start = cut + 1
            continue
        pieces.append(line[start : start + limit])
        start += limit
    pieces.append(line[start:])
    return [piece.strip() for piece in pieces if piece.strip()]
