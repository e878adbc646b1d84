"""OCR lines -> a :class:`RawPage` that reads like a text-layer page.

A PDF's text layer gives lines in content order (a table cell by cell, each cell's wrapped
lines together) and positioned spans (points, origin bottom-left). OCR gives boxes in
pixels. This module rebuilds both, so OCR'd pages go through the same cleaning,
structure detection and action-table parsing as born-digital ones:

* Boxes are grouped into visual rows (vertical centres within half a line); every box
  of a row gets the row's y, so table parsing sees one row where the eye does.
* A lone bullet glyph is joined to the text beside it ("•" + "Text" -> "• Text"); the
  line keeps the text's left edge, where its wrapped lines start.
* Boxes stacked in one column, left edges aligned and line-spaced, form a block (a
  paragraph, a table cell); blocks are read by row, then left to right, and each box
  is one line, so a table comes out cell by cell as a text layer would give it.
* A span's size is the box height scaled to a font size and rounded to half a point,
  so the body size is the most common one, as in a text layer.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field, replace

from ingest.models import RawPage, TextSpan
from ingest.ocr import OcrLine

BULLETS = frozenset("•·●▪◦■-–*o")
POINTS_PER_INCH = 72.0
FONT_SIZE_PER_BOX_HEIGHT = 0.75  # a detection box is about 4/3 of the font size (measured)
ROW_CENTRE_TOLERANCE = 0.5  # of a line's height: centres closer than this share a row
BLOCK_LEFT_TOLERANCE = 0.8  # of a line's height: left edges this close are one column
BLOCK_GAP = 0.75  # of a line's height: a larger gap between lines ends a block


@dataclass(frozen=True)
class _Box(OcrLine):
    """An OCR line in points from the page's top-left corner, and its visual row."""

    row: int = 0


@dataclass
class _Block:
    boxes: list[_Box] = field(default_factory=list)

    @property
    def last(self) -> _Box:
        return self.boxes[-1]


def page_from_ocr(number: int, lines: list[OcrLine], dpi: float, page_height: float) -> RawPage:
    """A RawPage (lines in reading order, positioned spans) from one page's OCR lines."""
    scale = dpi / POINTS_PER_INCH
    boxes = [_Box(o.left / scale, o.top / scale, o.right / scale, o.bottom / scale, o.text, o.score) for o in lines]
    rows = _rows(boxes)
    rows = [_join_bullets(row) for row in rows]
    row_bottom = [statistics.median(box.bottom for box in row) for row in rows]
    ordered = [box for block in _reading_order(rows) for box in block.boxes]
    spans = [
        TextSpan(
            x=round(box.left, 2),
            y=round(page_height - row_bottom[box.row], 2),
            text=box.text,
            size=_font_size(box),
        )
        for box in ordered
    ]
    return RawPage(number=number, lines=[box.text for box in ordered], spans=spans, ocr=True)


def _font_size(box: _Box) -> float:
    return round(box.height * FONT_SIZE_PER_BOX_HEIGHT * 2) / 2


def _rows(boxes: list[_Box]) -> list[list[_Box]]:
    """Boxes grouped into visual rows, top to bottom, each row left to right."""
    rows: list[list[_Box]] = []
    for box in sorted(boxes, key=lambda b: (b.top + b.bottom) / 2):
        centre = (box.top + box.bottom) / 2
        if rows:
            row = rows[-1]
            row_centre = statistics.median((b.top + b.bottom) / 2 for b in row)
            row_height = statistics.median(b.height for b in row)
            if abs(centre - row_centre) <= ROW_CENTRE_TOLERANCE * min(row_height, box.height):
                row.append(box)
                continue
        rows.append([box])
    return [sorted((replace(box, row=index) for box in row), key=lambda b: b.left) for index, row in enumerate(rows)]


def _join_bullets(row: list[_Box]) -> list[_Box]:
    """A bullet read as its own box becomes the start of the text to its right."""
    joined: list[_Box] = []
    for box in row:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.text in BULLETS
            and box.left - previous.right <= 2 * box.height
        ):
            # the text's left edge: a bullet's wrapped lines align with its text
            joined[-1] = replace(box, top=min(previous.top, box.top), bottom=max(previous.bottom, box.bottom), text=f"• {box.text}")
        else:
            joined.append(box)
    return joined


def _reading_order(rows: list[list[_Box]]) -> list[_Block]:
    """Blocks (column-aligned runs of lines) ordered by their first row, then left to
    right. A row of several boxes where one starts afresh begins a table row: all its
    boxes start blocks (a cell never runs on into the cell below it)."""
    blocks: list[_Block] = []
    for row in rows:
        taken: list[_Block] = []
        chosen: list[_Block | None] = []
        for box in row:
            candidates = [b for b in blocks if b not in taken and _continues(b.last, box)]
            block = max(candidates, key=lambda b: b.last.bottom, default=None)
            chosen.append(block)
            if block is not None:
                taken.append(block)
        if len(row) > 1 and None in chosen:
            chosen = [None] * len(row)
        for box, block in zip(row, chosen, strict=True):
            if block is None:
                block = _Block()
                blocks.append(block)
            block.boxes.append(box)
    return sorted(blocks, key=lambda b: (b.boxes[0].row, b.boxes[0].left))


def _continues(above: _Box, box: _Box) -> bool:
    """``box`` is the next line of the block ending in ``above``: in a lower row, left
    edges aligned, the gap no wider than line spacing."""
    height = min(above.height, box.height)
    return (
        box.row > above.row
        and abs(box.left - above.left) <= BLOCK_LEFT_TOLERANCE * height
        and box.top - above.bottom <= BLOCK_GAP * height
    )
