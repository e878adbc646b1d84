"""Rows of an action-plan table -> ``ActionRecord``s: cells keyed by column role, the
pillar carried down the rows, timescales parsed into start and end dates. Both readers of
plan tables use it: laid-out and text tables (actions.py) and cells a file holds as a
table (sheets, web pages: table_rows.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from domain import fold, load_template
from ingest.models import ActionRecord
from ingest.structure.cells import NUMBER_CELL
from ingest.structure.dates import find_periods
from ingest.structure.lines import fold_phrase, pillar_label

_NUMBER = NUMBER_CELL
_DEADLINE_WORDS = re.compile(r"\b(by|until|before|no later than)\b", re.I)
_FROM_WORDS = re.compile(r"\b(from|starting|commencing)\b", re.I)


@dataclass
class RowTable:
    """Rows of cells keyed by column role, with the page each row is on."""

    rows: list[dict[str, str]] = field(default_factory=list)
    pages: list[int | None] = field(default_factory=list)

    def add(self, cells: dict[str, str], page: int | None) -> None:
        self.rows.append(cells)
        self.pages.append(page)


# --- timescales -----------------------------------------------------------------------


def parse_timescale(text: str) -> tuple[date | None, date | None]:
    """Start and end dates of a timescale cell, where the text gives them.

    "July 2024- July 2025" -> (2024-07-01, 2025-07-31); "Sep 2025 - ongoing" ->
    (2025-09-01, None); "Q1 2026" -> the quarter; "2025-2027" -> 2025-01-01..2027-12-31;
    "by March 2026" -> (None, 2026-03-31); blank or "TBC" -> (None, None).
    """
    periods = find_periods(text)
    if not periods:
        return None, None
    first, last = periods[0], periods[-1]
    folded = fold(text)
    ongoing = any(fold_phrase(word) in folded for word in load_template().lexicon.ongoing_words)
    if len(periods) > 1:
        return first.start, last.end
    if ongoing or _FROM_WORDS.search(text[: first.offset]):
        return first.start, None
    if _DEADLINE_WORDS.search(text[: first.offset]):
        return None, first.end
    return first.start, first.end


def _timing(cells: dict[str, str]) -> tuple[str, date | None, date | None]:
    """A row's timescale and its dates: its timescale cell, else its start and end cells
    read together ("Sep 2026" and "Jul 2027": Sep 2026 – Jul 2027, to 31 July 2027)."""
    if cells.get("timescale") or not (cells.get("start") or cells.get("end")):
        timescale = cells.get("timescale", "")
        return (timescale, *parse_timescale(timescale))
    start_cell, end_cell = cells.get("start", ""), cells.get("end", "")
    timescale = " – ".join(cell for cell in (start_cell, end_cell) if cell)
    return timescale, parse_timescale(start_cell)[0], parse_timescale(end_cell)[1]


# --- rows -> records ------------------------------------------------------------------


def action_records(rows: list[dict[str, str]], pages: list[int | None]) -> list[ActionRecord]:
    """Records from rows of cells keyed by column role ("activity", "timescale", ...)."""
    return table_records(RowTable(rows=list(rows), pages=list(pages)))


def table_records(table: RowTable) -> list[ActionRecord]:
    records: list[ActionRecord] = []
    pillar: str | None = None
    for cells, page in zip(table.rows, table.pages, strict=True):
        label = pillar_label(cells.get("pillar", ""))
        pillar = label or pillar
        activity, description = cells.get("activity", ""), cells.get("description", "")
        if not (activity or description):
            continue  # a group label row, or an empty one
        timescale, start, end = _timing(cells)
        records.append(
            ActionRecord(
                pillar=pillar,
                number=cells.get("number") or None,
                activity=activity or description,
                description=description if activity else "",
                timescale=timescale,
                start=start,
                end=end,
                owner=cells.get("owner", ""),
                success_measure=cells.get("success_measure", ""),
                page=page,
            )
        )
    return _pillars_from_numbers(records)


def _pillars_from_numbers(records: list[ActionRecord]) -> list[ActionRecord]:
    """Without pillar labels, "2.3" belongs to the second pillar of the template order."""
    if any(record.pillar for record in records):
        return records
    order = load_template().lexicon.numbered_pillar_order
    for record in records:
        match = re.match(r"(\d)\.\d", record.number or "")
        if match and 1 <= int(match.group(1)) <= len(order):
            record.pillar = order[int(match.group(1)) - 1]
    return records


def clean_cell(text: str) -> str:
    return " ".join(text.replace("**", "").split())
