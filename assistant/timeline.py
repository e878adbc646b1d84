"""A dated action as a timeline bar: the plan and summarise jobs produce these, the charts in
ui/charts.py draw them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class TimelineItem:
    label: str
    pillar: str | None
    start: date | None
    end: date | None
