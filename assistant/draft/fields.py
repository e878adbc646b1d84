"""What a line's own fields name: a plan row's pillar cell, a status given as a value, a
colour's count, a plan table's header row.

A label before a colon names a slot (``Placer.named_slot``); the fields after it, or a
pasted table's cells, can name one too, as the template spec reads a plan's or a RAG
review's own columns before their words (stop 27, docs/drafting.md). A count after a
colour ("Red (2): ...") is the status (spec 9.2), and a row of column names names the
elements without serving one (stop 27).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.draft.questions import Slot
from assistant.draft.vocabulary import term_pattern
from domain import fold
from ingest.structure.lines import pillar_label

_CELL = re.compile(r"\s*[|\t]\s*")  # a plan table's cells, as pasted: pipes or tabs
_FIELD = re.compile(r"[:|\t]")  # a line's fields: a label and its value, or a table's cells
_BRACKETED = re.compile(r"^\s*[\[(]\s*([A-Za-z][\w ]{0,15}?)\s*[\])]")  # "[R] ...", "(Amber) ..."
_LETTERS = {"r": "red", "a": "amber", "g": "green"}  # spec 9.2's status tokens R/A/G


def row_pillar(text: str, slots: Sequence[Slot]) -> Slot | None:
    """The pillar slot a plan row names in a cell of its own ("V1 | Visibility | ... |
    July 2026"): template spec 9.1 reads a plan's pillar column as the action's pillar,
    before its words (its date, owner or survey cell is part of the same action and took it
    to the timescale, the owner or the measure)."""
    cells = [cell.strip() for cell in _CELL.split(text)]
    if len(cells) < 2:
        return None
    named = {pillar_label(cell) for cell in cells} - {None}
    pillars = [slot for slot in slots if slot.pillar and slot.pillar in named]
    return pillars[0] if len(pillars) == 1 else None


def status_value(text: str, slots: Sequence[Slot]) -> Slot | None:
    """The element a value names where an element that explains its items shares the word
    (``Slot.explains``): "A4, the careers film: not delivered" or "S3 | red" gives the
    status (spec 9.2: a status token, "Red/Amber/Green ... and equivalents"), not the
    explanation, "a sentence on why it stalled and/or what happens next"; both elements
    have every red word, and such a line tied between them. The value is a field after the
    first (after a colon, a pipe or a tab) that is one of the elements' terms, or a token
    in brackets that opens the line ("[R] S2 Succession plan ..."; stop 28); a colour's
    letter stands for it (spec 9.2: "R/A/G"). A label ("Delayed: the host lab closed") is
    no value."""
    bracketed = _BRACKETED.match(text)
    opening = [bracketed.group(1)] if bracketed else []
    for index, cell in enumerate(opening + _FIELD.split(text)[1:]):
        folded = fold(cell).strip(" .;")
        named = _naming(_LETTERS.get(folded, folded), slots)
        if any(slot.explains for slot in named) or (named and index < len(opening)):
            return _the_explained(named)
    return None


def _naming(folded: str, slots: Sequence[Slot]) -> list[Slot]:
    """The element slots one of whose terms is the whole of ``folded``."""
    return [slot for slot in slots if not slot.general and any(term_pattern(term).fullmatch(folded) for term in slot.vocabulary)]


def _the_explained(named: list[Slot]) -> Slot | None:
    """Of the slots a word names, the one whose items another explains (the status, beside
    the red explanation), when it is a single one."""
    explained = [slot for slot in named if not slot.explains]
    return explained[0] if len(explained) == 1 else None


# A count after a colour: "Red (2)", "Amber: 3", "Green: 8 (including ...)" (spec 9.2: "counts
# per colour covering the whole plan" are the status).
_COUNTED = re.compile(r"^(?P<term>[^:()|\t]{1,20}?)\s*(?:\((?P<inner>\d{1,3})\)\s*:|:\s*(?P<value>\d{1,3})\s*(?:$|[,;.(]))")


def colour_count(text: str, slots: Sequence[Slot]) -> Slot | None:
    """The element a colour's count names where an element that explains its items shares
    the colour's word (``Slot.explains``): "Red (2): V3, S2" or "Red: 2" counts the plan's red
    items, the status (spec 9.2: "or counts per colour covering the whole plan"), not a
    sentence on why one stalled; the label "Red (2)" named both elements (stop 27)."""
    match = _COUNTED.match(text)
    if not match:
        return None
    named = _naming(fold(match["term"]).strip(), slots)
    return _the_explained(named) if any(slot.explains for slot in named) else None


_HEADER_CELL = re.compile(r"[^\d£%]{1,30}")  # a column's name: short, no figure


def header_row(text: str, names: Callable[[str], Slot | None]) -> bool:
    """Whether a plan row is the table's header ("Theme | Action | Lead | Cost | By"): three
    cells or more, each a column's short name, two or more of them naming a different slot
    (``names``: ``Placer.named_slot``). Spec 9.1 reads a plan's columns as the labels of
    the rows under them: the header names the elements, it serves none (stop 27)."""
    cells = [cell.strip() for cell in _CELL.split(text)]
    if len(cells) < 3 or not all(_HEADER_CELL.fullmatch(cell) and len(cell.split()) <= 3 for cell in cells):
        return False
    named = {slot.key for slot in map(names, cells) if slot}
    return len(named) >= 2
