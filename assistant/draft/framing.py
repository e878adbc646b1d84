"""The lines of pasted notes that frame them rather than answer the question: where the
text came from ("Copied from the slides for the School Executive, January 2026.",
"Extract from the People Report 2025-26"), and a message's subject line ("Re: TC stage
two – governance bit"), greeting ("Hi Marisol,", "Hi Jo – the governance bit, as asked
...") and sign-off ("Thanks, Ottoline"). They go to the question's own slot, as the notes
sets label them (stop 31: an e-mail reply pasted whole placed its greeting under the
reporting line; five sets placed a line saying where the notes came from under an
element). A sentence ending in a colon introduces the lines after it: a sign of the
question's slot (``leads_in``; stop 32).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.draft.fields import question_slot
from assistant.draft.figures import figure_kinds
from assistant.draft.questions import Slot

# where the notes were taken from: "Copied from the Teams chat ...", "Pasted from the deck
# ...", "Extract from the Estates People Report ...", "Taken from our tracker:"
_SOURCE = re.compile(r"^\s*(?i:copied|pasted|taken|lifted|adapted|extracts?|extracted|excerpts?)\s+(?i:from|of)\b")
_SUBJECT = re.compile(r"^\s*(?:re|fwd?|subject)\s*:", re.I)
_GREETING = re.compile(r"^\s*(?i:hi|hello|dear|morning|good morning|good afternoon)\s+[A-Za-z][\w'’-]*\s*(?:[,–—:!-]|$)")
_SIGN_OFF = re.compile(
    r"^\s*(?i:thanks|thank you|many thanks|best|best wishes|all the best|kind regards|regards|cheers)\s*[,!.]?"
    r"\s*(?:[A-Z][\w'’-]*)?\s*[.!]?\s*$")


def frames_the_notes(text: str, slots: Sequence[Slot]) -> Slot | None:
    """The question's own slot for a line saying where the notes came from, and for a
    message's subject line, greeting or sign-off; not for a greeting that goes on to report
    a figure ("Hi Tamsin – as of 31 January we have 58 people in technical roles"), which
    answers."""
    greeting = _GREETING.match(text)
    if greeting and "figure" in figure_kinds(text[greeting.end():]):
        return None
    framing = _SOURCE.match(text) or _SUBJECT.match(text) or greeting or _SIGN_OFF.match(text)
    return question_slot(slots) if framing else None


_LEAD_IN = re.compile(r"\S(?:\s+\S+){3,}\s*:\s*$")  # four words or more, then a colon: no label of its own


def leads_in(text: str) -> bool:
    """Whether a line introduces the lines after it ("The posts with the most votes were:",
    "HR sent me the figures as a pivot table:"): the notes sets label most such lines as
    serving the question (43 of 50 over the sets up to blind51), their content coming after
    them; one sign for the question's slot, as a word of its vocabulary is (stop 32)."""
    return bool(_LEAD_IN.search(text.strip()))
