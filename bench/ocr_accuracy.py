"""How well OCR reads a scanned page, measured against the born-digital page's text layer.

``edit_distance`` is Levenshtein's (numpy, one vectorised row at a time). Two measures:

* ``line_errors``: each OCR line against the text-layer characters inside its box
  (PDFium's bounded text), so reading order does not count, only recognition. A line
  is *body text* when its reference holds at least ``BODY_MIN_CHARS`` characters and its
  box is within 25% of the page's usual line height (running prose, not headings,
  labels or table fragments). Text the OCR never boxed counts as ``missed``.
* ``page_cer``: the whole page's text in reading order against the text layer's, so
  layout differences (a table read cell by cell in another order) count too.

Both compare normalised text: whitespace collapsed; curly quotes, dashes and the
ellipsis written plainly (a scan cannot tell them apart reliably, nor can a reader).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

import numpy as np

BODY_MIN_CHARS = 30
_PLAIN = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "\u00a0": " "})


def normalise(text: str) -> str:
    return " ".join(text.translate(_PLAIN).replace("\x02", "").replace("\ufffe", "").split())


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions each cost 1)."""
    if not a or not b:
        return len(a) + len(b)
    codes_a = np.frombuffer(a.encode("utf-32-le"), dtype=np.uint32)
    codes_b = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    steps = np.arange(len(b) + 1)
    previous = steps.copy()
    for i, code in enumerate(codes_a, start=1):
        best = np.empty_like(previous)
        best[0] = i
        best[1:] = np.minimum(previous[1:] + 1, previous[:-1] + (codes_b != code))
        best = np.minimum.accumulate(best - steps) + steps  # insertions along the row
        previous = best
    return int(previous[-1])


def cer(reference: str, hypothesis: str) -> float:
    reference, hypothesis = normalise(reference), normalise(hypothesis)
    return edit_distance(reference, hypothesis) / max(1, len(reference))


@dataclass
class LineErrors:
    errors: int = 0
    chars: int = 0
    body_errors: int = 0
    body_chars: int = 0
    missed: int = 0  # text-layer characters (no spaces) outside every OCR box
    layer_chars: int = 0

    def add(self, other: LineErrors) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def to_json(self) -> dict:
        return {
            "cer_all": round(self.errors / max(1, self.chars), 5),
            "cer_body": round(self.body_errors / max(1, self.body_chars), 5),
            "missed_share": round(self.missed / max(1, self.layer_chars), 5),
            "chars_all": self.chars,
            "chars_body": self.body_chars,
        }


def line_errors(textpage, page_height: float, lines, scale: float) -> LineErrors:
    """OCR ``lines`` (pixel boxes at ``scale`` pixels a point) against the text layer of
    ``textpage`` (pypdfium2), box by box."""
    result = LineErrors()
    heights = [line.height / scale for line in lines]
    usual = statistics.median(heights) if heights else 0.0
    boxes = []
    for line, height in zip(lines, heights, strict=True):
        left, right = line.left / scale, line.right / scale
        top, bottom = page_height - line.top / scale, page_height - line.bottom / scale
        boxes.append((left, bottom, right, top))
        reference = normalise(textpage.get_text_bounded(left=left - 1, bottom=bottom + 2, right=right + 1, top=top - 2))
        if not reference:
            continue
        errors = edit_distance(reference, normalise(line.text))
        result.errors += errors
        result.chars += len(reference)
        if len(reference) >= BODY_MIN_CHARS and abs(height - usual) <= 0.25 * usual:
            result.body_errors += errors
            result.body_chars += len(reference)
    result.layer_chars, result.missed = _missed_characters(textpage, boxes)
    return result


def _missed_characters(textpage, boxes: list[tuple[float, float, float, float]]) -> tuple[int, int]:
    """(visible characters of the text layer, those whose centre lies in no OCR box)."""
    centres = []
    for index in range(textpage.count_chars()):
        if textpage.get_text_range(index, 1).strip():
            left, bottom, right, top = textpage.get_charbox(index)
            centres.append(((left + right) / 2, (bottom + top) / 2))
    if not centres:
        return 0, 0
    points = np.array(centres)
    inside = np.zeros(len(points), dtype=bool)
    for left, bottom, right, top in boxes:
        inside |= (points[:, 0] >= left) & (points[:, 0] <= right) & (points[:, 1] >= bottom) & (points[:, 1] <= top)
    return len(points), int((~inside).sum())
