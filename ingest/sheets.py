"""Spreadsheets (.xlsx, .csv) -> a :class:`RawDocument`, one page per worksheet.

A sheet's header row is the first of its top rows that names a plan's columns
(ingest/table_rows.py: by meaning, not position); rows above it (a title block) are
read as the sheet's title lines. An action plan becomes action records and one passage
per row; a sheet that is not a plan keeps its rows as TAB-separated lines. Dates in
cells read as "31 March 2025", numbers without a spurious ".0". XLSX cells are read as
last saved (a formula's cached value); merged cells hold their value in the first cell.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time
from pathlib import Path

from ingest.models import IngestError, RawDocument, RawPage, RawTable
from ingest.table_rows import header_row, table_lines
from ingest.text_decode import decode_text

MAX_CELLS = 2_000_000  # a sheet larger than this is data, not a document
DEFAULT_SHEET_NAMES = ("sheet1", "sheet", "feuil1", "tabelle1")


def load_xlsx(path: Path, data: bytes) -> RawDocument:
    """Every worksheet with values, in workbook order."""
    sheets = _xlsx_sheets(path, data)
    return _document(path, "xlsx", sheets, multiple=len(sheets) > 1)


def load_csv(path: Path, data: bytes) -> RawDocument:
    """A CSV (comma, semicolon or TAB separated: the separator is sniffed)."""
    text, warnings = decode_text(data)
    rows = _csv_rows(path, text)
    document = _document(path, "csv", [("", rows)], multiple=False)
    document.warnings[:0] = warnings
    return document


def _csv_rows(path: Path, text: str) -> list[list[str]]:
    if "\x00" in text:
        raise IngestError(path, "not a CSV file (binary content)")
    sample = text[:20_000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:
        raise IngestError(path, f"not a readable CSV file: {exc}") from None


def _xlsx_sheets(path: Path, data: bytes) -> list[tuple[str, list[list[str]]]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types on damaged packages
        raise IngestError(path, f"not a valid XLSX workbook: {str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__}") from None
    try:
        sheets = []
        cells = 0
        for sheet in workbook.worksheets:
            rows = []
            for row in sheet.iter_rows(values_only=True):
                cells += len(row)
                if cells > MAX_CELLS:
                    raise IngestError(path, f"too large to read as a document (over {MAX_CELLS:,} cells)")
                rows.append([_cell_text(value) for value in row])
            sheets.append((sheet.title, rows))
        return sheets
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime) and value.time() == time(0, 0):
        value = value.date()
    if isinstance(value, date) and not isinstance(value, datetime):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _document(path: Path, file_type: str, sheets: list[tuple[str, list[list[str]]]], multiple: bool) -> RawDocument:
    pages: list[RawPage] = []
    tables: list[RawTable] = []
    titles: list[str] = []
    for name, rows in sheets:
        rows = _trimmed(rows)
        if not rows:
            continue
        page = RawPage(number=len(pages) + 1, lines=[])
        shown = name if multiple or name.lower() not in DEFAULT_SHEET_NAMES else ""
        table, title = _sheet_page(page, shown, rows)
        tables += [table] if table is not None else []
        titles += [title] if title else []
        pages.append(page)
    if not pages:
        raise IngestError(path, "empty spreadsheet (no cells with values)")
    return RawDocument(path=path, file_type=file_type, pages=pages, title=titles[0] if titles else None, tables=tables)


def _sheet_page(page: RawPage, name: str, rows: list[list[str]]) -> tuple[RawTable | None, str]:
    """Fill ``page`` from a sheet's rows; returns its plan table (if it holds one) and the
    title written above the table (the first row of its title block)."""
    start = header_row(rows)
    lines: list[tuple[str, int | None]] = [(name, 1)] if name else []
    table, title = None, ""
    if start is None:
        lines += [("\t".join(row).strip("\t"), None) for row in rows]
    else:
        title_block = [" ".join(cell for cell in row if cell) for row in rows[:start]]
        title = title_block[0] if title_block else ""
        lines += [(text, 1 if index == 0 else None) for index, text in enumerate(title_block)]
        table = RawTable(header=rows[start], rows=rows[start + 1 :], page=page.number)
        lines += table_lines(table)
    for text, level in lines:
        if text.strip():
            if level is not None:
                page.heading_levels[len(page.lines)] = level
            page.lines.append(text)
    return table, title


def _trimmed(rows: list[list[str]]) -> list[list[str]]:
    """Rows without empty rows, and without the empty columns on their right."""
    kept = [row for row in rows if any(cell for cell in row)]
    width = max((max(i for i, cell in enumerate(row) if cell) + 1 for row in kept), default=0)
    return [row[:width] + [""] * (width - len(row)) for row in kept]
