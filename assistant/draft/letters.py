"""The parts of a message pasted as notes that frame it rather than answer the question:
its subject line ("Re: TC stage two – governance bit"), its greeting ("Hi Marisol,", "Hi
Jo – the governance bit, as asked ...") and its sign-off ("Thanks, Ottoline"). They go to
the question's own slot, as the notes sets label them (stop 31: an e-mail reply pasted
whole placed its greeting under the reporting line)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.draft.fields import question_slot
from assistant.draft.figures import figure_kinds
from assistant.draft.questions import Slot

_SUBJECT = re.compile(r"^\s*(?:re|fwd?|subject)\s*:", re.I)
_GREETING = re.compile(r"^\s*(?i:hi|hello|dear|morning|good morning|good afternoon)\s+[A-Za-z][\w'’-]*\s*(?:[,–—:!-]|$)")
_SIGN_OFF = re.compile(
    r"^\s*(?i:thanks|thank you|many thanks|best|best wishes|all the best|kind regards|regards|cheers)\s*[,!.]?"
    r"\s*(?:[A-Z][\w'’-]*)?\s*[.!]?\s*$")


def message_frame(text: str, slots: Sequence[Slot]) -> Slot | None:
    """The question's own slot for a message's subject line, greeting or sign-off; not for
    a greeting that goes on to report a figure ("Hi Tamsin – as of 31 January we have 58
    people in technical roles"), which answers."""
    greeting = _GREETING.match(text)
    if greeting and "figure" in figure_kinds(text[greeting.end():]):
        return None
    framing = _SUBJECT.match(text) or greeting or _SIGN_OFF.match(text)
    return question_slot(slots) if framing else None
