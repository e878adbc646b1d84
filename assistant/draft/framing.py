"""The lines of pasted notes that frame them rather than answer the question: where the
text came from ("Copied from the slides for the School Executive, January 2026.",
"Extract from the People Report 2025-26"), and a message's subject line ("Re: TC stage
two – governance bit"), greeting ("Hi Marisol,", "Hi Jo – the governance bit, as asked
...") and sign-off ("Thanks, Ottoline"). They go to the question's own slot, as the notes
sets label them (stop 31: an e-mail reply pasted whole placed its greeting under the
reporting line; five sets placed a line saying where the notes came from under an
element); stop 32: an e-mail's header ("From: Bethan Yardley", "Sent: 29 September 2026
16:42"), a meeting's minutes by their title, a line saying it is pasted or copied as it was
anywhere in it ("... and I have pasted her e-mail as it reached me:"; 12 of 12 such lines
of the earlier sets are labelled so), and a question written as a line ("Who does the
Working Party answer to?"). A sentence ending in a colon introduces the lines after it: a
sign of the question's slot (``leads_in``; stop 32).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.draft.fields import question_slot
from assistant.draft.figures import figure_kinds
from assistant.draft.questions import Slot
from domain.text import GREETING

# where the notes were taken from: "Extract from the Estates People Report ...", "Taken from
# our tracker:" ("Copied from ...", "Pasted from ..." are read by _AS_IT_WAS, anywhere in the line)
_SOURCE = re.compile(r"^\s*(?i:taken|lifted|adapted|extracts?|extracted|excerpts?)\s+(?i:from|of)\b")
_SUBJECT = re.compile(r"^\s*(?:re|fwd?|subject)\s*:", re.I)
# a pasted e-mail's header: who it was from or to (a name or an address), when it was sent
# (with its time of day); a meeting's minutes by their title; material said to be pasted or
# copied as it was (stop 32)
_HEADER = re.compile(
    r"^\s*(?:(?i:from|to|cc)\s*:\s*(?:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}|\S+@\S+)\s*$"
    r"|(?i:sent|date)\s*:.*\b\d{1,2}[:.]\d{2}\b)")
_MINUTES = re.compile(r"^\s*(?:minutes|notes|record)\s+of\s+(?:the|a|our)\b.*\bmeeting\b", re.I)
_AS_IT_WAS = re.compile(r"\b(?:pasted|copied|as\s+circulated|as\s+it\s+(?:came|reached\s+me|arrived)|verbatim|word\s+for\s+word)\b", re.I)
# a question written as a line of the notes ("Who does the group answer to?"), as a lead
# copies an e-mail's or the form's prompts: not a label's value ("Post-it exercise: what ...?")
_QUESTION_LINE = re.compile(r"^[^:]*\?\s*$")
_GREETING = re.compile(rf"^\s*(?i:{GREETING})\s+[A-Za-z][\w'’-]*\s*(?:[,–—:!-]|$)")
_SIGN_OFF = re.compile(
    r"^\s*(?i:thanks|thank you|many thanks|best|best wishes|all the best|kind regards|regards|cheers)\s*[,!.]?"
    r"\s*(?:[A-Z][\w'’-]*)?\s*[.!]?\s*$")


def frames_the_notes(text: str, slots: Sequence[Slot]) -> Slot | None:
    """The question's own slot for a line saying where the notes came from or that they are
    pasted as they were, a message's subject line, header, greeting or sign-off, a meeting's
    minutes by their title, and a question the notes ask; not for a greeting that goes on to
    report a figure ("Hi Tamsin – as of 31 January we have 58 people in technical roles"),
    which answers."""
    greeting = _GREETING.match(text)
    if greeting and "figure" in figure_kinds(text[greeting.end():]):
        return None
    framing = (_SOURCE.match(text) or _SUBJECT.match(text) or greeting or _SIGN_OFF.match(text) or _HEADER.match(text)
               or _MINUTES.match(text) or _AS_IT_WAS.search(text) or _QUESTION_LINE.match(text))
    return question_slot(slots) if framing else None


_LEAD_IN = re.compile(r"\S(?:\s+\S+){3,}\s*:\s*$")  # four words or more, then a colon: no label of its own


def leads_in(text: str) -> bool:
    """Whether a line introduces the lines after it ("The posts with the most votes were:",
    "HR sent me the figures as a pivot table:"): the notes sets label most such lines as
    serving the question (43 of 50 over the sets up to blind51), their content coming after
    them; one sign for the question's slot, as a word of its vocabulary is (stop 32)."""
    return bool(_LEAD_IN.search(text.strip()))
