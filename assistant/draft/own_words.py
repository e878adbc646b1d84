"""What a line's own words name, in the order they decide against its own label and its
heading (docs/drafting.md, stops 27-31): where the notes came from, a message's greeting,
subject line or sign-off, a plan's size or legend and a theme named in the line itself
before its label ("Throughout: ... (Evaluating impact)"); an item's coded reason, the time
of signing and a unit's count before its heading ("Headcount:"); a row's pillar cell or
code, and a status given as a value, a count or a key, after both.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from assistant.draft.fields import (
    closing_pillar,
    coded_pillar,
    names_the_themes,
    opening_pillar,
    row_pillar,
    signing_slot,
    unit_count_slot,
)
from assistant.draft.framing import frames_the_notes
from assistant.draft.questions import Slot
from assistant.draft.statuses import (
    coded_reason,
    colour_count,
    plan_size,
    status_counts,
    status_key,
    status_value,
)

Reader = Callable[[str, Sequence[Slot]], Slot | None]

_BEFORE_LABEL: tuple[Reader, ...] = (frames_the_notes, plan_size, names_the_themes, closing_pillar, opening_pillar)
_BEFORE_HEADING: tuple[Reader, ...] = (coded_reason, signing_slot, unit_count_slot)
_AFTER_HEADING: tuple[Reader, ...] = (row_pillar, coded_pillar, status_value, colour_count, status_counts, status_key)


def own_slot(text: str, slots: Sequence[Slot], label: Slot | None, heading: Slot | None) -> Slot | None:
    """The slot a line's words name, else its own label's, else its heading's (``None``:
    its meaning decides)."""
    return (_first(_BEFORE_LABEL, text, slots) or label or _first(_BEFORE_HEADING, text, slots)
            or heading or _first(_AFTER_HEADING, text, slots))


def _first(readers: tuple[Reader, ...], text: str, slots: Sequence[Slot]) -> Slot | None:
    return next((slot for read in readers if (slot := read(text, slots))), None)
