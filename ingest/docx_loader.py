"""DOCX -> RawDocument: the body in reading order (paragraphs and tables as they come,
text boxes once), tables as TAB-joined rows with merged cells once, heading levels from
the paragraph styles, page breaks kept."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import docx

from ingest.models import IngestError, RawDocument, RawPage, short_reason
from ingest.text_decode import nonblank_lines

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


_PAGE_BREAK = object()  # marker yielded by the paragraph walker


_HEADING_STYLE = re.compile(r"heading (\d)", re.IGNORECASE)


class _PageBuilder:
    """Collects lines into pages, starting a new page at a break only if the current one has text."""

    def __init__(self) -> None:
        self.pages: list[RawPage] = [RawPage(number=1, lines=[])]

    def add(self, line: str, heading_level: int | None = None) -> None:
        page = self.pages[-1]
        if heading_level is not None:
            page.heading_levels[len(page.lines)] = heading_level
        page.lines.append(line)

    def page_break(self) -> None:
        if self.pages[-1].lines:
            self.pages.append(RawPage(number=len(self.pages) + 1, lines=[]))

    def result(self) -> list[RawPage]:
        return [page for page in self.pages if page.lines] or self.pages[:1]


def load_docx(path: Path, data: bytes) -> RawDocument:
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # BadZipFile, missing parts, malformed XML
        raise IngestError(path, f"not a valid DOCX: {short_reason(exc)}") from None
    styles, warnings = _paragraph_style_names(document)
    try:
        pages = _docx_pages(document.element.body, styles)
    except Exception as exc:  # a body python-docx accepted but that is not WordprocessingML
        raise IngestError(path, f"not a valid DOCX: {short_reason(exc)}") from None
    if not any(page.lines for page in pages):
        raise IngestError(path, "empty file (the document has no text)")
    return RawDocument(path=path, file_type="docx", pages=pages, warnings=warnings)


def _docx_pages(body, styles: dict[str, str]) -> list[RawPage]:
    builder = _PageBuilder()
    for element in _body_blocks(body):
        if element.tag == f"{_W}tbl":
            for row in _table_rows(element, styles):
                builder.add(row)
        else:
            _add_paragraph(builder, element, styles)
    return builder.result()


def _paragraph_style_names(document) -> tuple[dict[str, str], list[str]]:
    """Map style ids to names once, instead of resolving a style object per paragraph.
    A broken styles part (python-docx then hands back the wrong object) costs only the
    style names (ids such as "Title" still work): the text is still read, with a warning."""
    try:
        return {style.style_id: style.name or "" for style in document.styles if style.style_id}, []
    except Exception as exc:  # AttributeError/KeyError from python-docx on a damaged package
        return {}, [f"the DOCX styles are unreadable ({short_reason(exc)}); headings and bullets may be missed"]


def _body_blocks(body) -> Iterator:
    """Paragraphs and tables of the body in document order, looking inside content controls."""
    for child in body:
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _body_blocks(content)


def _add_paragraph(builder: _PageBuilder, p, styles: dict[str, str]) -> None:
    """Add a body paragraph: heading level from its style, "• " for List Bullet, split at page breaks."""
    style = _style_name(p, styles)
    level = _heading_level(style)
    prefix = "• " if style.lower().startswith("list bullet") else ""
    text_parts: list[str] = []
    for piece in _paragraph_pieces(p):
        if piece is _PAGE_BREAK:
            _add_text(builder, "".join(text_parts), prefix, level)
            text_parts = []
            builder.page_break()
        else:
            text_parts.append(piece)
    _add_text(builder, "".join(text_parts), prefix, level)


def _add_text(builder: _PageBuilder, text: str, prefix: str, level: int | None) -> None:
    for line in nonblank_lines(text.replace("\t", " ")):
        builder.add(prefix + line, level)
        prefix, level = "", None  # only the first visual line carries bullet and heading


def _style_name(p, styles: dict[str, str]) -> str:
    style = p.find(f"{_W}pPr/{_W}pStyle")
    style_id = style.get(f"{_W}val") if style is not None else None
    return styles.get(style_id, style_id or "")


def _heading_level(style: str) -> int | None:
    if style.lower() == "title":
        return 0
    match = _HEADING_STYLE.fullmatch(style)
    return int(match.group(1)) if match else None


def _paragraph_pieces(element) -> Iterator[object]:
    """Text pieces of a paragraph in order, with _PAGE_BREAK where a page break sits.

    Deleted text (w:delText), field codes and Markup-Compatibility fallbacks are not
    text the reader sees, so they are skipped.
    """
    for child in element:
        tag = child.tag
        if tag == f"{_W}t":
            yield child.text or ""
        elif tag == f"{_W}tab":
            yield "\t"
        elif tag == f"{_W}br":
            yield _PAGE_BREAK if child.get(f"{_W}type") == "page" else "\n"
        elif tag == f"{_W}cr":
            yield "\n"
        elif tag == f"{_W}noBreakHyphen":
            yield "-"
        elif tag == f"{_W}lastRenderedPageBreak":
            yield _PAGE_BREAK
        elif tag == f"{_W}p":  # a paragraph inside a text box
            yield from _paragraph_pieces(child)
            yield "\n"
        elif tag not in (_MC_FALLBACK, f"{_W}pPr", f"{_W}rPr", f"{_W}del"):
            yield from _paragraph_pieces(child)


def _table_rows(tbl, styles: dict[str, str]) -> Iterator[str]:
    """One line per row, cells joined by TAB; continued vertical merges stay empty."""
    for tr in tbl.findall(f"{_W}tr"):
        cells: list[str] = []
        for tc in tr.findall(f"{_W}tc"):
            cells.append("" if _continues_vertical_merge(tc) else _cell_text(tc, styles))
            cells.extend("" for _ in range(_grid_span(tc) - 1))
        if any(cells):
            yield "\t".join(cells)


def _continues_vertical_merge(tc) -> bool:
    merge = tc.find(f"{_W}tcPr/{_W}vMerge")
    return merge is not None and merge.get(f"{_W}val", "continue") != "restart"


def _grid_span(tc) -> int:
    span = tc.find(f"{_W}tcPr/{_W}gridSpan")
    try:
        return max(1, int(span.get(f"{_W}val"))) if span is not None else 1
    except (TypeError, ValueError):
        return 1


def _cell_text(tc, styles: dict[str, str]) -> str:
    """A cell's paragraphs (and nested tables) on one line, List Bullet paragraphs as "• "."""
    parts: list[str] = []
    for child in tc:
        if child.tag == f"{_W}p":
            text = "".join(piece for piece in _paragraph_pieces(child) if piece is not _PAGE_BREAK)
            is_bullet = _style_name(child, styles).lower().startswith("list bullet")
            parts.append(("• " if is_bullet and text.strip() else "") + text)
        elif child.tag == f"{_W}tbl":
            parts.extend(_table_rows(child, styles))
    return " ".join(" ".join(parts).split())
