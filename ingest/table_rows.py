"""Tables a file holds as cells (spreadsheets, web-page tables): which row is the header,
what each column means, and how rows become passages and action records.

A column's role is read from its header by meaning, not position: first the names
``ingest/structure/tables.py`` knows ("Time Scale", "Success measure"), then the words
a header is built from ("Key actions" -> activity, "Delivery date" -> timescale,
"Responsible person" -> owner, "Success measures / KPIs" -> measure); a header whose
words point at two roles stays unnamed. Such a table is an action plan when it names
its actions and at least one of their timing, owner, description or measure; a status
column alone beside the actions (a RAG review) does not make a plan.

In a plan, each row becomes its own passage, headed by its number and action, its
cells written "Header: value" so the passage reads without the header row.
"""

from __future__ import annotations

import re

from domain import fold
from ingest.action_rows import action_records
from ingest.models import ActionRecord, RawTable
from ingest.structure.lines import pillar_label
from ingest.structure.tables import TIMING_ROLES, column_role, column_roles

HEADER_SEARCH_ROWS = 10  # a title block above the header row is this short at most
ROLE_WORDS: dict[str, frozenset[str]] = {
    "pillar": frozenset({"pillar", "pillars", "theme", "themes"}),
    "number": frozenset({"ref", "reference", "no", "number", "id"}),
    "activity": frozenset({"action", "actions", "activity", "activities", "initiative", "initiatives", "objective", "objectives", "task", "tasks"}),
    "description": frozenset({"description", "details", "detail", "summary"}),
    "timescale": frozenset({"timescale", "timescales", "timeframe", "timeline", "deadline", "date", "dates", "when", "due", "completion", "quarter"}),
    "start": frozenset({"start", "starts", "begin", "begins", "commencing"}),
    "end": frozenset({"end", "ends", "finish", "finishes"}),
    "owner": frozenset({"owner", "owners", "lead", "leads", "responsible", "responsibility", "accountable", "who"}),
    "success_measure": frozenset({"measure", "measures", "kpi", "kpis", "success", "indicator", "indicators", "outcome", "outcomes", "evidence", "metric", "metrics", "impact"}),
    "status": frozenset({"status", "rag", "progress"}),
}
PLAN_DETAILS = TIMING_ROLES | {"owner", "description", "success_measure"}
_WORD = re.compile(r"[a-z0-9]+")


def header_role(cell: str) -> str | None:
    """The role a header cell names: a known column name, else the one role its words name."""
    role = column_role(cell)
    if role or len(cell) > 60:
        return role
    words = set(_WORD.findall(fold(cell)))
    roles = {role for role, names in ROLE_WORDS.items() if words & names}
    return roles.pop() if len(roles) == 1 else None


def header_roles(cells: list[str]) -> dict[int, str]:
    """Column index -> role, each role once (the first column naming it)."""
    return column_roles(cells, header_role)


def is_plan(roles: dict[int, str]) -> bool:
    named = set(roles.values())
    if "activity" not in named or not named & PLAN_DETAILS:
        return False
    return "status" not in named or bool(named & (TIMING_ROLES | {"owner"}))


def header_row(rows: list[list[str]]) -> int | None:
    """The first of the top rows whose cells name a plan's columns (None: not a plan)."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if is_plan(header_roles(row)):
            return index
    return None


def row_heading(table: RawTable, row: list[str]) -> str:
    """A plan row's passage title: its number and action ("3 Registration fund")."""
    roles = {role: index for index, role in header_roles(table.header).items()}
    parts = [_cell(row, roles.get("number")), _cell(row, roles.get("activity"))]
    return " ".join(part for part in parts if part) or _first_value(row)


def row_text(table: RawTable, row: list[str]) -> str:
    """A row's cells as "Header: value", TAB-separated (empty cells left out)."""
    pairs = []
    for index, value in enumerate(row):
        value = " ".join(value.split())
        if not value:
            continue
        header = table.header[index].strip() if index < len(table.header) else ""
        pairs.append(f"{header}: {value}" if header else value)
    return "\t".join(pairs)


def table_lines(table: RawTable, row_level: int = 3) -> list[tuple[str, int | None]]:
    """The table as lines (text, heading level or None). A plan: a heading per action row
    (a row with only a pillar name is a group heading one level up) and its cells; any
    other table: the header and rows as TAB-separated lines."""
    roles = header_roles(table.header)
    if not is_plan(roles):
        rows = [table.header, *table.rows]
        return [("\t".join(cell.strip() for cell in row), None) for row in rows if any(c.strip() for c in row)]
    activity = next(index for index, role in roles.items() if role == "activity")
    lines: list[tuple[str, int | None]] = []
    for row in table.rows:
        text = row_text(table, row)
        if not text:
            continue
        if not _cell(row, activity) and pillar_label(_first_value(row)):
            lines.append((_first_value(row), max(1, row_level - 1)))
            continue
        lines += [(row_heading(table, row), row_level), (text, None)]
    return lines


def plan_records(tables: list[RawTable]) -> list[ActionRecord]:
    """Action records of the plan tables, rows keyed by their columns' roles."""
    records: list[ActionRecord] = []
    for table in tables:
        roles = header_roles(table.header)
        if not is_plan(roles):
            continue
        rows = [{role: " ".join(_cell(row, index).split()) for index, role in roles.items()} for row in table.rows]
        records += action_records(rows, [table.page] * len(rows))
    return records


def _cell(row: list[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) else ""


def _first_value(row: list[str]) -> str:
    return next((cell.strip() for cell in row if cell.strip()), "")
