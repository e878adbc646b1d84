"""Action-plan tables -> ActionRecord rows (template spec 9.1).

A table is found by its header row: a cell naming the activity and one naming its
timing or description ("Activity / Description / Time Scale", "| Pillar | No. |
Activity | ... |"). Three shapes are read:

* PDF: positioned spans. Columns start at the header cells' x; unnamed columns left of
  them hold the pillar label (text) and the action number (digits). A row starts at a
  number (else at a gap before an activity cell) and takes every span down to the next
  row, so wrapped cells come back whole. A table may run onto pages that repeat its
  header, or that do not. A PDF whose tables yield nothing this way is read as text.
* Delimited rows: TAB-separated (DOCX tables, text exports) or Markdown pipe tables.
  Unnamed columns are identified by their values (pillar names, numbers).
* Flattened: one cell per line (text extractions): a row begins at a line holding only
  a number and takes the next cells, one line each, up to the next row.

A blank cell leaves no line in a flattened table and no edge TAB in a delimited row, so
a short row's cells go to the columns their content fits (``structure/cells.py``).

The pillar cell is often filled only on the first row of its group and carries forward;
a row holding only a pillar name is a group label. Without any pillar labels, numbers
"1.x" .. "4.x" map to the pillars in the template's order.

Reviews of past actions are not plans and yield nothing: a table with an achievements
or RAG/status column ("Action / Achievements" in update papers, RAG tables). Neither
do the template's own examples appendix, the guidance preamble, header or sign-off.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.action_rows import RowTable, clean_cell, parse_timescale, table_records  # noqa: F401 - parse_timescale: part of this API
from ingest.clean import body_spans
from ingest.models import ActionRecord, CleanPage, RawDocument, Section, TextSpan
from ingest.structure.cells import NUMBER_CELL, placed_contiguously, placed_in_order
from ingest.structure.lines import pillar_label
from ingest.structure.sections import TEMPLATE_APPENDIX_KIND
from ingest.structure.tables import column_role, is_action_header, split_cells
from ingest.table_rows import PLAN_DETAILS, header_roles, is_plan

ROW_TOLERANCE = 2.0  # points: spans this close in y sit on one text line
_NUMBER = NUMBER_CELL
_PIPE_RULE = re.compile(r"^[\s|:\-+]+$")
_EXCLUDED_KINDS = ("preamble", "header", "signoff")


def parse_actions(
    raw: RawDocument, pages: list[CleanPage], sections: list[Section]
) -> list[ActionRecord]:
    """Every action row of the document's action-plan tables, in order."""
    if raw.tables:  # cells the file holds as a table (sheets, web pages): ingest/table_rows.py
        from ingest.table_rows import plan_records

        return plan_records(raw.tables)
    eligible = [section for section in sections if _may_hold_plan(section)]
    tables: list[RowTable] = []
    if raw.file_type == "pdf" and any(page.spans for page in raw.pages):
        tables = _pdf_tables(
            raw, pages, {page for section in eligible for page in _pages_of(section)}
        )
    if not tables:  # not a PDF, or its tables were typed as text rather than laid out
        tables = [table for section in eligible for table in _text_tables(section)]
    return [record for table in tables for record in table_records(table)]


def _may_hold_plan(section: Section) -> bool:
    return section.kind not in _EXCLUDED_KINDS and section.kind != TEMPLATE_APPENDIX_KIND


def _pages_of(section: Section) -> set[int]:
    return set(section.line_pages) or set(range(section.page_start, section.page_end + 1))


# --- delimited and flattened text -----------------------------------------------------


def _text_tables(section: Section) -> list[RowTable]:
    """Tables in a section's lines: delimited rows, else cells flattened one per line."""
    lines = section.lines
    pages = section.line_pages or [section.page_start] * len(lines)
    tables: list[RowTable] = []
    index = 0
    while index < len(lines):
        cells = split_cells(lines[index])
        if cells and _delimited_header(cells):
            table, index = _delimited_table(lines, pages, index, cells)
            tables.append(table)
        elif _flattened_header_length(lines, index):
            table, index = _flattened_table(lines, pages, index)
            tables.append(table)
        else:
            index += 1
    return tables


def _delimited_header(cells: list[str]) -> bool:
    """A delimited row naming a plan's columns by their names or by their words ("Theme |
    Action | Lead | Start | End | Measure", "Key actions | Delivery date"), as a sheet's or
    a web page's header is read (``ingest/table_rows.py``; stop 30: a plan pasted as text
    with a "Lead" column but no named timescale was no plan to the checker)."""
    if is_action_header(cells):
        return True
    roles = _with_activity(cells, header_roles(cells))
    return "status" not in roles.values() and is_plan(roles)  # a review of past actions is no plan


def _with_activity(header: list[str], roles: dict[int, str]) -> dict[int, str]:
    """The actions' column where no header cell names it ("Theme | What we will do | Owner |
    When | Measure"): the one column left unnamed beside a pillar column and two of the
    action's details (spec 9.1's columns; stop 30)."""
    named = set(roles.values())
    unnamed = [index for index, cell in enumerate(header) if index not in roles and cell.strip()]
    if "activity" in named or "pillar" not in named or len(named & PLAN_DETAILS) < 2 or len(unnamed) != 1:
        return roles
    return {**roles, unnamed[0]: "activity"}


def _delimited_table(
    lines: list[str], pages: list[int], start: int, header: list[str]
) -> tuple[RowTable, int]:
    rows: list[list[str]] = []
    row_pages: list[int] = []
    index = start + 1
    while index < len(lines):
        cells = split_cells(lines[index])
        if cells is None:
            break
        if not _PIPE_RULE.match(lines[index]) and not _delimited_header(cells):
            rows.append(cells)
            row_pages.append(pages[index])
        index += 1
    widest = max((len(cells) for cells in rows), default=0)
    header = [""] * (widest - len(header)) + header  # it lost its leading blank cells too
    whole = [cells for cells in rows if len(cells) >= len(header)]
    roles = _roles_with_unnamed(header, whole or [[""] * (len(header) - len(c)) + c for c in rows])
    rows = [placed_contiguously(cells, len(header), roles) for cells in rows]
    table = RowTable()
    for cells, page in zip(rows, row_pages, strict=True):
        table.add(
            {role: clean_cell(cells[i]) for i, role in roles.items() if i < len(cells)}, page
        )
    return table, index


def _roles_with_unnamed(header: list[str], rows: list[list[str]]) -> dict[int, str]:
    """Header roles (by their names or words), plus unnamed columns whose values are
    pillar names or numbers."""
    roles = _with_activity(header, header_roles(header))
    for column in range(len(header)):
        if column in roles:
            continue
        values = [row[column].strip() for row in rows if column < len(row) and row[column].strip()]
        role = _role_from_values(values)
        if role and role not in roles.values():
            roles[column] = role
    return roles


def _role_from_values(values: list[str]) -> str | None:
    if not values:
        return None
    if all(pillar_label(value) for value in values):
        return "pillar"
    if all(_NUMBER.fullmatch(value) for value in values):
        return "number"
    return None


def _flattened_header_length(lines: list[str], index: int) -> int:
    """How many consecutive single-cell lines from ``index`` form an action header (0 if none)."""
    length = 0
    while index + length < len(lines) and column_role(lines[index + length]):
        length += 1
    return length if length >= 2 and is_action_header(lines[index : index + length]) else 0


def _flattened_table(lines: list[str], pages: list[int], start: int) -> tuple[RowTable, int]:
    """Rows of cells one per line: [pillar label] number, then one line per header cell."""
    width = _flattened_header_length(lines, start)
    roles = [column_role(cell) for cell in lines[start : start + width]]
    table = RowTable()
    pillar = ""
    index = start + width
    while index < len(lines):
        text = lines[index].strip()
        if header_width := _flattened_header_length(lines, index):
            index += header_width  # the header repeated on a new page
        elif pillar_label(text):
            pillar, index = text, index + 1
        elif _NUMBER.fullmatch(text) and index + 1 < len(lines):
            cells = _flattened_cells(lines, index + 1, width)
            row = {"pillar": pillar, "number": text.rstrip(".)")} | placed_in_order(roles, cells)
            table.add(row, pages[index])
            pillar, index = "", index + 1 + len(cells)
        else:
            break
    return table, index


def _flattened_cells(lines: list[str], start: int, width: int) -> list[str]:
    """A row's cells: up to ``width`` lines, fewer where the next row starts early (a
    blank cell left no line of its own)."""
    cells: list[str] = []
    for index in range(start, min(start + width, len(lines))):
        if _starts_flattened_row(lines, index):
            break
        cells.append(clean_cell(lines[index]))
    return cells


def _starts_flattened_row(lines: list[str], index: int) -> bool:
    """A number line, a pillar label followed by one, or the header repeated."""
    text = lines[index].strip()
    if _NUMBER.fullmatch(text) or _flattened_header_length(lines, index):
        return True
    following = lines[index + 1].strip() if index + 1 < len(lines) else ""
    return pillar_label(text) is not None and bool(_NUMBER.fullmatch(following))


# --- PDF spans ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    x: float
    role: str


def _pdf_tables(raw: RawDocument, pages: list[CleanPage], eligible_pages: set[int]) -> list[RowTable]:
    """Tables rebuilt from positioned spans, page by page; a page without a header row
    continues the previous page's table when its columns line up."""
    tables: list[RowTable] = []
    columns: list[_Column] | None = None
    for raw_page, clean_page in zip(raw.pages, pages, strict=True):
        if raw_page.number not in eligible_pages:
            columns = None
            continue
        if columns is None and not _names_activity_column(clean_page.lines):
            continue
        spans = [span for span in body_spans(raw_page, clean_page) if span.text.strip()]
        header_y, header_columns = _header_row(spans)
        if header_columns:
            columns = header_columns
            tables.append(RowTable())
            body = [span for span in spans if span.y < header_y - ROW_TOLERANCE]
        elif columns is not None and tables:
            body = spans
        else:
            continue
        full_columns = columns + _unnamed_columns(body, columns)
        found = _span_rows(body, full_columns, raw_page.number)
        if not found.rows and not header_columns:
            columns = None
            continue
        tables[-1].rows += found.rows
        tables[-1].pages += found.pages
    return [table for table in tables if table.rows]


def _names_activity_column(lines: list[str]) -> bool:
    """Cheap test before rebuilding a page's layout: a short line names an activity column."""
    return any(column_role(line) == "activity" for line in lines)


def _text_lines(spans: Iterable[TextSpan]) -> list[list[TextSpan]]:
    """Spans grouped into visual lines (same y), top to bottom, each left to right."""
    lines: list[list[TextSpan]] = []
    for span in sorted(spans, key=lambda s: (-s.y, s.x)):
        if lines and abs(lines[-1][0].y - span.y) <= ROW_TOLERANCE:
            lines[-1].append(span)
        else:
            lines.append([span])
    return lines


def _header_row(spans: list[TextSpan]) -> tuple[float, list[_Column]]:
    """The y and named columns of the first visual line that reads as an action header."""
    for line in _text_lines(spans):
        if is_action_header([span.text for span in line]):
            columns = [_Column(span.x, role) for span in line if (role := column_role(span.text))]
            return line[0].y, columns
    return 0.0, []


def _unnamed_columns(spans: list[TextSpan], named: list[_Column]) -> list[_Column]:
    """Pillar (text) and number (digits) columns left of the first named column."""
    left_edge = min(column.x for column in named) - ROW_TOLERANCE
    roles = {column.role for column in named}
    extra: list[_Column] = []
    left = [span for span in spans if span.x < left_edge]
    numbers = [span.x for span in left if _NUMBER.fullmatch(span.text.strip())]
    if numbers and "number" not in roles:
        extra.append(_Column(min(numbers), "number"))
    texts = [span.x for span in left if not _NUMBER.fullmatch(span.text.strip())]
    if texts and "pillar" not in roles:
        extra.append(_Column(min(texts), "pillar"))
    return extra


def _column_of(span: TextSpan, columns: list[_Column]) -> str | None:
    """The column whose start is the nearest at or left of the span."""
    candidates = [column for column in columns if column.x <= span.x + ROW_TOLERANCE]
    return max(candidates, key=lambda column: column.x).role if candidates else None


def _span_rows(spans: list[TextSpan], columns: list[_Column], page: int) -> RowTable:
    """Rows anchored at number cells (else at activity cells after a gap), cells joined
    from every span down to the next anchor."""
    lines = _text_lines(spans)
    anchors = _row_anchors(lines, columns)
    table = RowTable()
    pitch = _line_pitch(lines)
    for position, top in enumerate(anchors):
        bottom = anchors[position + 1] if position + 1 < len(anchors) else None
        row_lines = [
            line
            for line in lines
            if line[0].y <= top + ROW_TOLERANCE
            and (bottom is None or line[0].y > bottom + ROW_TOLERANCE)
        ]
        row_lines = _until_gap(row_lines, pitch)
        table.add(_row_cells(row_lines, columns), page)
    return table


def _row_anchors(lines: list[list[TextSpan]], columns: list[_Column]) -> list[float]:
    roles = {column.role for column in columns}
    anchor_role = "number" if "number" in roles else "activity"
    pitch = _line_pitch(lines)
    anchors: list[float] = []
    previous_y: float | None = None
    for line in lines:
        cells = [span for span in line if _column_of(span, columns) == anchor_role]
        if not cells:
            continue
        y = cells[0].y
        starts_row = anchor_role == "number" and _NUMBER.fullmatch(cells[0].text.strip())
        if starts_row or (
            anchor_role != "number" and (previous_y is None or previous_y - y > 1.5 * pitch)
        ):
            anchors.append(y)
        previous_y = y
    return anchors


def _line_pitch(lines: list[list[TextSpan]]) -> float:
    """The usual distance between consecutive text lines (a row's wrapped lines)."""
    gaps = [upper[0].y - lower[0].y for upper, lower in zip(lines, lines[1:], strict=False)]
    return statistics.median(gaps) if gaps else 12.0


def _until_gap(lines: list[list[TextSpan]], pitch: float) -> list[list[TextSpan]]:
    """A row's lines up to the first gap much wider than a wrap (text after the table)."""
    kept = lines[:1]
    for upper, lower in zip(lines, lines[1:], strict=False):
        if upper[0].y - lower[0].y > 3 * pitch:
            break
        kept.append(lower)
    return kept


def _row_cells(lines: list[list[TextSpan]], columns: list[_Column]) -> dict[str, str]:
    parts: dict[str, list[str]] = {}
    for line in lines:
        for span in line:
            role = _column_of(span, columns)
            if role:
                parts.setdefault(role, []).append(span.text.strip())
    return {role: _join_wrapped(texts) for role, texts in parts.items()}


def _join_wrapped(texts: list[str]) -> str:
    """Wrapped cell lines joined back: "2024-" + "ongoing" -> "2024-ongoing"."""
    joined = ""
    for text in texts:
        joined = f"{joined}{text}" if joined.endswith("-") else f"{joined} {text}".strip()
    return clean_cell(joined)
