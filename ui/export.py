"""Exports: chosen suggestions as an action-plan table in the template's columns (CSV,
DOCX) with a timeline chart. (A draft answer's exports are the draft job's:
``assistant/draft/export.py``.)

The plan's dates are laid from a start month with each suggestion's typical duration
(the plan horizon when the sources give none); owners are left for the user to fill.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.timeline import TimelineItem
from domain import THEME_IDS, Template, load_template
from ui.charts import timeline_png, timeline_svg

if TYPE_CHECKING:
    from assistant.plan.model import Suggestion

PLAN_COLUMNS = ("Pillar", "Number", "Activity", "Description", "Timescale", "Success measure", "Owner")
DEFAULT_HORIZON_MONTHS = 36  # renewal and stage-two plans run 36 months


@dataclass(frozen=True)
class PlanRow:
    pillar: str  # the pillar's name, as the template prints it
    number: str  # "2.1": pillar position, then order within the pillar
    activity: str
    description: str
    start: date
    end: date
    ongoing: bool
    success_measure: str
    owner: str = ""

    @property
    def timescale(self) -> str:
        end = "ongoing" if self.ongoing else self.end.strftime("%b %Y")
        return f"{self.start.strftime('%b %Y')} - {end}"

    def cells(self) -> tuple[str, ...]:
        return (self.pillar, self.number, self.activity, self.description, self.timescale, self.success_measure, self.owner)


def plan_rows(
    suggestions: list[Suggestion],
    start: date | None = None,
    horizon_months: int = DEFAULT_HORIZON_MONTHS,
    template: Template | None = None,
) -> list[PlanRow]:
    """The suggestions as plan rows, grouped and numbered by pillar in template order."""
    template = template or load_template()
    start = start or first_of_next_month(date.today())
    rows = []
    for position, theme in enumerate(THEME_IDS, start=1):
        chosen = [s for s in suggestions if s.pillar == theme]
        for index, suggestion in enumerate(chosen, start=1):
            months = min(suggestion.timescale_months or horizon_months, horizon_months)
            rows.append(PlanRow(
                pillar=template.pillar(theme).name,
                number=f"{position}.{index}",
                activity=suggestion.title,
                description=suggestion.description,
                start=start,
                end=add_months(start, months) - timedelta(days=1),
                ongoing=suggestion.timescale == "ongoing",
                success_measure=suggestion.impact_measure,
            ))
    return rows


def first_of_next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def write_plan_csv(rows: list[PlanRow], path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(PLAN_COLUMNS)
        writer.writerows(row.cells() for row in rows)
    return path


def write_plan_docx(rows: list[PlanRow], path: Path, title: str = "Action plan") -> Path:
    """A Word document holding the plan as one table in the template's columns."""
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    table = document.add_table(rows=1, cols=len(PLAN_COLUMNS))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, PLAN_COLUMNS, strict=True):
        cell.text = heading
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        for cell, value in zip(table.add_row().cells, row.cells(), strict=True):
            cell.text = value
    document.save(str(path))
    return path


def timeline_items(rows: list[PlanRow]) -> list[TimelineItem]:
    """The plan's rows as chart bars (``charts.timeline_svg`` draws them for the app)."""
    ids = {load_template().pillar(t).name: t for t in THEME_IDS}
    return [TimelineItem(f"{row.number} {row.activity}", ids.get(row.pillar), row.start, row.end) for row in rows]


def write_timeline(rows: list[PlanRow], path: Path, title: str = "Action plan timeline") -> Path:
    """The plan as a Gantt-style chart: SVG, or PNG when the path ends in .png."""
    items = timeline_items(rows)
    if path.suffix.lower() == ".png":
        return timeline_png(items, path, title)
    path.write_text(timeline_svg(items, title), encoding="utf-8")
    return path
