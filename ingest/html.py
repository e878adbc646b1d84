"""Saved web pages (.html, .htm) -> a :class:`RawDocument` of the page's main content.

trafilatura finds the main content (navigation, cookie banners, sidebars and footers
are dropped) and reads the title and date from the page's metadata. Its XML keeps the
structure: headings become heading lines (their level from h1..h6), so sections follow
them; list items become "• " lines; tables keep their cells: an action plan published
as a table becomes action records and one passage per action (ingest/table_rows.py),
any other table TAB-separated rows. A web page is one page.
"""

from __future__ import annotations

import re
from pathlib import Path

from ingest.models import IngestError, RawDocument, RawPage, RawTable
from ingest.structure.lines import looks_like_institution
from ingest.table_rows import header_row, table_lines

_HEADING_LEVELS = {f"h{n}": n for n in range(1, 7)}
_TITLE_PARTS = re.compile(r"\s+[|\-–—:]\s+")
_BLOCKS = ("p", "quote", "code")


class _Page:
    """Lines of the page being built, with the heading level of those that are headings."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.levels: dict[int, int] = {}
        self.tables: list[RawTable] = []
        self.level = 1

    def add(self, text: str, level: int | None = None) -> None:
        for line in (part.strip() for part in text.split("\n")):
            if line:
                if level is not None:
                    self.levels[len(self.lines)] = level
                self.lines.append(line)


def load_html(path: Path, data: bytes) -> RawDocument:
    """The page's main content, or IngestError when it has none or is not HTML."""
    if b"\x00" in data[:8192]:
        raise IngestError(path, "not a web page (binary content)")
    root = _main_content(path, data)
    page = _Page()
    main = root.find("main")
    for element in main if main is not None else []:
        _add_element(page, element)
    if not page.lines:
        raise IngestError(path, "no main text found in the web page (only navigation, scripts or an empty body)")
    return RawDocument(
        path=path,
        file_type="html",
        pages=[RawPage(number=1, lines=page.lines, heading_levels=page.levels)],
        title=(root.get("title") or "").strip() or None,
        date=root.get("date") or None,
        institution=_site_institution(data),
        tables=page.tables,
    )


def _site_institution(data: bytes) -> str | None:
    """The organisation that publishes the page: its declared site name, else the part of
    the page title that names an organisation ("News | University of Northmoor")."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(data)
    except Exception:  # noqa: BLE001 - the main content was read; this is only a hint
        return None
    candidates = [value.strip() for value in tree.xpath("//meta[@property='og:site_name']/@content")]
    for title in tree.xpath("//title/text()")[:1]:
        candidates += reversed(_TITLE_PARTS.split(" ".join(title.split())))
    return next((name for name in candidates if looks_like_institution(name)), None)


def _main_content(path: Path, data: bytes):
    """trafilatura's XML of the main content (its recall mode when the default finds none)."""
    import trafilatura
    from lxml import etree

    options = {"output_format": "xml", "include_tables": True, "include_comments": False,
               "include_links": False, "include_images": False, "with_metadata": True}
    try:
        xml = trafilatura.extract(data, **options) or trafilatura.extract(data, favor_recall=True, **options)
    except Exception as exc:  # noqa: BLE001 - a parser failure on hostile markup is one reason
        raise IngestError(path, f"not a readable web page ({type(exc).__name__})") from None
    if not xml:
        raise IngestError(path, "no main text found in the web page (only navigation, scripts or an empty body)")
    return etree.fromstring(xml.encode("utf-8"))


def _add_element(page: _Page, element) -> None:
    tag = element.tag
    if tag == "head":
        page.level = _HEADING_LEVELS.get(element.get("rend", ""), 2)
        page.add(_text(element), page.level)
    elif tag == "list":
        for item in element.iter("item"):
            page.add("• " + _text(item))
    elif tag == "table":
        _add_table(page, element)
    elif tag in _BLOCKS:
        page.add(_text(element))
    else:  # a container (div, section): its blocks in order
        for child in element:
            _add_element(page, child)


def _add_table(page: _Page, element) -> None:
    rows = [[_text(cell).replace("\n", " ") for cell in row.findall("cell")] for row in element.iter("row")]
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        return
    start = header_row(rows)
    if start is None:
        page.add("\n".join("\t".join(row) for row in rows))
        return
    page.add("\n".join(" ".join(cell for cell in row if cell) for row in rows[:start]))
    table = RawTable(header=rows[start], rows=rows[start + 1 :], page=1)
    page.tables.append(table)
    for text, level in table_lines(table, row_level=min(page.level + 1, 6)):
        page.add(text, level)


def _text(element) -> str:
    """The element's text, line breaks (``<lb/>``) kept as newlines."""
    parts: list[str] = []
    if element.text:
        parts.append(element.text)
    for child in element:
        parts.append("\n" if child.tag == "lb" else _text(child))
        if child.tail:
            parts.append(child.tail)
    return "".join(parts)
