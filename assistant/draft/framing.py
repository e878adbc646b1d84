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
Working Party answer to?"); stop 33: a sentence on the notes' own layout ("each line gives
the action, its owner and ..."). A sentence ending in a colon, or pointing to what follows
("the rows below", "Here is the tracker"), introduces the lines after it: a sign of the
question's slot (``leads_in``; stops 32, 33).
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
    minutes by their title, a question the notes ask, and a sentence on the notes' own
    layout ("each line gives the action, who owns it and ...", "It is laid out theme by
    theme": 10 of 10 such lines of the sets up to blind55 are labelled so, though they name
    the elements their lines give; stop 33); not for a greeting that goes on to
    report a figure ("Hi Tamsin – as of 31 January we have 58 people in technical roles"),
    which answers."""
    greeting = _GREETING.match(text)
    if greeting and "figure" in figure_kinds(text[greeting.end():]):
        return None
    framing = (_SOURCE.match(text) or _SUBJECT.match(text) or greeting or _SIGN_OFF.match(text) or _HEADER.match(text)
               or _MINUTES.match(text) or _AS_IT_WAS.search(text) or _QUESTION_LINE.match(text) or _LAYOUT.search(text))
    return question_slot(slots) if framing else None


_LEAD_IN = re.compile(r"\S(?:\s+\S+){3,}\s*:\s*$")  # four words or more, then a colon: no label of its own
# a sentence pointing to the lines after it: "the rows below are the export", "What follows
# is taken from ...", "set out below"; not a cell's "see below", nor "below" as a place or
# a level ("Below the Director ...", "well below the headcount")
_POINTS_ON = re.compile(
    r"(?<!see )(?<![-/\"“])\b(?:below(?![-\w]|\s+(?:(?:the|a|an|our|its|their)\b|\d))|what follows|as follows|the following"
    r"|here is|here are|here's|this is (?:how|what|where))\b", re.I)  # "Here is the tracker as exported" (stop 33)
# the notes' own layout: "each line below gives ...", "these lines are its export", "laid out
# as an outline" (stop 33)
_LAYOUT = re.compile(
    r"\b(?:(?:each|every) (?:line|row|entry|action|task|item)(?: below)? (?:gives|says|shows|lists|names|begins|starts|opens|is one)"
    r"|(?:these|the) (?:lines|rows|entries)(?: below)? (?:are|give|show)|(?:laid|set) out (?:as|by|in|theme|with)"
    r"|one (?:action|line|row) each)\b", re.I)


def leads_in(text: str) -> bool:
    """Whether a line introduces the lines after it ("The posts with the most votes were:",
    "HR sent me the figures as a pivot table:", "the rows below are the CSV export", "Here is
    the tracker ...", "each line gives the action, its owner and ..."): the notes sets label
    most such lines as serving the question (43 of 50 ending in a colon over the sets up to
    blind51; 13 of 17 pointing on by "below" or "what follows" and 13 of 13 by "here is" up
    to blind55), their content coming after them; one sign for the question's slot, as a
    word of its vocabulary is (stops 32, 33)."""
    stripped = text.strip()
    return bool(_LEAD_IN.search(stripped) or _POINTS_ON.search(stripped))
