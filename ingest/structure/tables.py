"""What the columns of an action-plan table hold, read from its header cells.

Shared by document-type detection (is this file an action plan?) and action parsing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from domain import fold

COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "pillar": ("pillar", "theme", "area", "priority area", "commitment theme"),
    "number": ("no", "number", "#", "ref", "action no", "action number", "id"),
    "activity": ("activity", "activities", "action", "actions", "objective", "initiative"),
    "description": ("description", "details", "detail", "actions to be taken"),
    "timescale": (
        "time scale",
        "timescale",
        "timescales",
        "timeframe",
        "time frame",
        "timeline",
        "deadline",
        "target date",
        "date",
        "by when",
        "when",
        "completion date",
    ),
    # a plan may time its actions in two columns: read together as their timescale
    "start": ("start", "start date", "starts", "begin", "begins", "from"),
    "end": ("end", "end date", "ends", "finish", "finish date", "to"),
    "owner": (
        "owner",
        "lead",
        "responsible",
        "who",
        "action owner",
        "led by",
        "responsibility",
        "owner/lead",
    ),
    "success_measure": (
        "success measure",
        "success measures",
        "success criteria",
        "measure of success",
        "measures of success",
        "impact",
        "kpi",
        "kpis",
        "measure",
        "evidence",
        "indicator",
        "indicators",
        "outcome",
        "outcomes",
        "impact measure",
    ),
    "status": ("rag", "status", "rag status", "rag rating", "progress", "achievements", "achieved"),
}
# the roles that time an action: one timescale column, or a start and an end read together
TIMING_ROLES = frozenset({"timescale", "start", "end"})
_CELL_NOISE = re.compile(r"[^\w#/& ]+")
MAX_HEADER_CELL_CHARS = 40


def column_role(cell: str) -> str | None:
    """The role a header cell names ("Time Scale" -> "timescale"), else None."""
    if len(cell) > MAX_HEADER_CELL_CHARS:
        return None
    name = _CELL_NOISE.sub("", fold(cell)).strip()
    for role, names in COLUMN_NAMES.items():
        if name in names:
            return role
    return None


def column_roles(cells: list[str], role_of: Callable[[str], str | None] = column_role) -> dict[int, str]:
    """Column index -> role for the header cells that name one (first wins per role);
    ``role_of`` reads one cell (ingest/table_rows.py reads headers by their words too)."""
    roles: dict[int, str] = {}
    for index, cell in enumerate(cells):
        role = role_of(cell)
        if role and role not in roles.values():
            roles[index] = role
    return roles


def is_action_header(cells: list[str]) -> bool:
    """A plan's header row names its activities and their timing or description; a
    status or achievements column makes it a review of past actions instead."""
    roles = set(column_roles(cells).values())
    return (
        "activity" in roles and bool(roles & (TIMING_ROLES | {"description"})) and "status" not in roles
    )


def split_cells(text: str) -> list[str] | None:
    """Cells of a TAB-separated or Markdown pipe row; None for an ordinary line."""
    stripped = text.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        return [cell.strip() for cell in stripped.strip("|").split("|")]
    if "\t" in text.strip("\t") or text.startswith("\t"):
        return [cell.strip() for cell in text.split("\t")]
    return None
