"""Timeline charts draw one bar per dated action, coloured by pillar."""

from __future__ import annotations

from datetime import date

from PIL import Image

from assistant.timeline import TimelineItem
from ui.charts import PILLAR_COLOURS, timeline_png, timeline_svg

ITEMS = [
    TimelineItem("Technician awards", "recognition", date(2025, 1, 1), date(2025, 12, 31)),
    TimelineItem("Apprentice scheme <pilot>", "sustainability", date(2025, 9, 1), date(2027, 7, 31)),
    TimelineItem("Undated", "visibility", None, None),
]


def test_svg_has_a_bar_per_dated_action_and_escapes_labels():
    svg = timeline_svg(ITEMS)
    assert svg.count("<rect") == 2
    assert PILLAR_COLOURS["sustainability"] in svg
    assert "&lt;pilot&gt;" in svg and "<pilot>" not in svg
    assert ">2026<" in svg


def test_png_is_written(tmp_path):
    path = timeline_png(ITEMS, tmp_path / "t.png")
    with Image.open(path) as image:
        assert image.size[0] > 500 and image.size[1] > 60


def test_no_dated_actions_says_so():
    assert "No dated actions" in timeline_svg([ITEMS[2]])
