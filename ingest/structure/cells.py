"""Which columns a table row's cells belong to when some of its cells are blank.

Text extractions drop what a blank cell leaves behind: a flattened table (one cell per
line) loses the blank cell's line, and a TAB-separated row loses its leading and trailing
TABs. Such a row has fewer cells than the header has columns, and reading its cells in
header order shifts every cell after the gap: a blank Time Scale takes the next row's
number, and the pillar label after it is lost. Instead each cell goes where its content
fits: a short date or "TBC" to the timescale, a bare number to the number column, a
pillar name to the pillar column, figures or measure words to the success measure. The
order of the cells is kept; ties keep header order.
"""

from __future__ import annotations

import functools
import re
from itertools import combinations

from domain import fold, load_template
from ingest.structure.dates import find_periods
from ingest.structure.lines import pillar_label
from ingest.structure.tables import TIMING_ROLES

NUMBER_CELL = re.compile(r"\d{1,3}(?:\.\d{1,3})?[.)]?")
MAX_TIMESCALE_WORDS = 8
_DIGIT = re.compile(r"\d")


@functools.cache
def _timescale_words() -> frozenset[str]:
    lexicon = load_template().lexicon
    return frozenset(fold(word) for word in (*lexicon.failing_timescales, *lexicon.ongoing_words) if word)


@functools.cache
def _measure_cue() -> re.Pattern[str]:
    cues = sorted(load_template().lexicon.impact_measure_cues, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(fold(cue)) for cue in cues) + r")\b")


def looks_like_timescale(text: str) -> bool:
    """A short cell naming a period ("Sep 2025 - ongoing"), or a placeholder ("TBC")."""
    text = text.strip()
    if not text or len(text.split()) > MAX_TIMESCALE_WORDS:
        return False
    return fold(text) in _timescale_words() or bool(find_periods(text))


def cell_fit(role: str | None, cell: str) -> float:
    """How well ``cell`` fits a column of ``role``: positive fits, negative does not."""
    text = cell.strip()
    if not text or role is None:
        return 0.0
    dated, number, label = looks_like_timescale(text), bool(NUMBER_CELL.fullmatch(text)), pillar_label(text) is not None
    if role == "pillar":
        return 2.0 if label else -2.0
    if role == "number":
        return 2.0 if number else -2.0
    if role in TIMING_ROLES:
        return 2.0 if dated else -1.0
    misplaced = -1.0 if (dated or number or label) else 0.0
    if role == "success_measure":
        return misplaced + (1.0 if _DIGIT.search(text) or _measure_cue().search(fold(text)) else 0.0)
    if role == "owner":  # names people or teams: figures point to the measure instead
        return misplaced - (0.5 if _DIGIT.search(text) else 0.0)
    return misplaced


def placed_in_order(roles: list[str | None], cells: list[str]) -> dict[str, str]:
    """Cells of a flattened row (no trace of its blank cells) onto ``roles``: the columns
    left blank are the ones that make the cells fit best."""
    if len(cells) >= len(roles):
        return {role: cell for role, cell in zip(roles, cells, strict=False) if role}
    best: tuple[float, tuple[int, ...]] | None = None
    for chosen in combinations(range(len(roles)), len(cells)):
        score = sum(cell_fit(roles[column], cell) for column, cell in zip(chosen, cells, strict=True))
        if best is None or score > best[0]:
            best = (score, chosen)
    assert best is not None
    return {roles[column]: cell for column, cell in zip(best[1], cells, strict=True) if roles[column]}


def placed_contiguously(cells: list[str], width: int, roles: dict[int, str]) -> list[str]:
    """A delimited row that lost leading and/or trailing blank cells, back at full
    ``width``: inner blanks survive, so the cells stay together and only their offset is
    chosen. Ties shift right (a merged pillar cell at the start is the usual gap)."""
    if len(cells) >= width:
        return cells
    best_offset, best_score = 0, float("-inf")
    for offset in range(width - len(cells) + 1):
        score = sum(cell_fit(roles.get(offset + i), cell) for i, cell in enumerate(cells))
        if score >= best_score:
            best_offset, best_score = offset, score
    return [""] * best_offset + cells + [""] * (width - len(cells) - best_offset)
