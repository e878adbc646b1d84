"""Action-plan timeline charts (Gantt style, one bar per action, coloured by pillar),
drawn without a plotting library: SVG for the app and reports, PNG through Pillow."""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

from assistant.timeline import TimelineItem
from domain.text import clipped

PILLAR_COLOURS = {
    "visibility": "#1f77b4",
    "recognition": "#ff7f0e",
    "career_development": "#2ca02c",
    "sustainability": "#9467bd",
    "evaluating_impact": "#8c564b",
    None: "#7f7f7f",
}
ROW, LABEL_WIDTH, CHART_WIDTH, TOP = 22, 260, 560, 40
LABEL_CHARS = 40  # an action's label beside its bar


def _dated(items: list[TimelineItem]) -> list[TimelineItem]:
    return [i for i in items if i.start or i.end]


def _span(items: list[TimelineItem]) -> tuple[date, date]:
    days = [d for i in items for d in (i.start, i.end) if d]
    first, last = min(days), max(days)
    return (first, last if last > first else date(last.year + 1, last.month, 1))


def _x(day: date, first: date, last: date) -> float:
    return LABEL_WIDTH + CHART_WIDTH * (day - first).days / max((last - first).days, 1)


def _bars(items: list[TimelineItem]):
    """(row, x0, x1, colour, label) for each dated item, in the order given."""
    first, last = _span(items)
    for row, item in enumerate(items):
        start, end = item.start or item.end, item.end or item.start
        x0, x1 = _x(start, first, last), _x(end, first, last)
        yield row, x0, max(x1, x0 + 4), PILLAR_COLOURS.get(item.pillar, PILLAR_COLOURS[None]), item.label


def timeline_svg(items: list[TimelineItem], title: str = "Action plan timeline") -> str:
    items = _dated(items)
    if not items:
        return '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40"><text x="10" y="25">No dated actions</text></svg>'
    first, last = _span(items)
    height = TOP + ROW * len(items) + 30
    width = LABEL_WIDTH + CHART_WIDTH + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">',
        f'<text x="10" y="20" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    for year in range(first.year, last.year + 2):
        day = date(year, 1, 1)
        if first <= day <= last:
            x = _x(day, first, last)
            parts.append(f'<line x1="{x:.1f}" y1="{TOP - 8}" x2="{x:.1f}" y2="{height - 24}" stroke="#ccc"/>')
            parts.append(f'<text x="{x + 2:.1f}" y="{height - 10}" fill="#555">{year}</text>')
    for row, x0, x1, colour, label in _bars(items):
        y = TOP + row * ROW
        parts.append(f'<text x="10" y="{y + 14}">{escape(clipped(label, LABEL_CHARS))}</text>')
        parts.append(f'<rect x="{x0:.1f}" y="{y + 3}" width="{x1 - x0:.1f}" height="{ROW - 8}" rx="3" fill="{colour}"/>')
    parts.append("</svg>")
    return "\n".join(parts)


def timeline_png(items: list[TimelineItem], path: Path, title: str = "Action plan timeline") -> Path:
    from PIL import Image, ImageDraw

    items = _dated(items)
    height = TOP + ROW * max(len(items), 1) + 30
    image = Image.new("RGB", (LABEL_WIDTH + CHART_WIDTH + 20, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((10, 8), title, fill="black")
    if not items:
        draw.text((10, TOP), "No dated actions", fill="black")
    for row, x0, x1, colour, label in _bars(items) if items else ():
        y = TOP + row * ROW
        draw.text((10, y + 4), clipped(label, LABEL_CHARS), fill="black")
        draw.rectangle((x0, y + 3, x1, y + ROW - 5), fill=colour)
    if items:
        first, last = _span(items)
        for year in range(first.year, last.year + 2):
            day = date(year, 1, 1)
            if first <= day <= last:
                x = _x(day, first, last)
                draw.line((x, TOP - 8, x, height - 24), fill="#cccccc")
                draw.text((x + 2, height - 20), str(year), fill="#555555")
    image.save(path)
    return path


def write_summary_timeline(summary, path: Path) -> Path:
    """A summary's plan timeline as SVG when the path ends in .svg, else PNG."""
    if path.suffix.lower() == ".svg":
        path.write_text(timeline_svg(summary.timeline_items, summary.timeline_title), encoding="utf-8")
        return path
    return timeline_png(summary.timeline_items, path, summary.timeline_title)
