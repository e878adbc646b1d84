"""Lines that head a group of the lines after them, as a heading does, though the notes'
splitter keeps them as statements: a plan group's own line with its lead ("Visibility
(lead: Dr Ann Lee)") or a letter ("Theme B – Recognition"), and a review's status group
("GREEN (5)"); stops 31, 32."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.draft.statuses import status_line
from ingest.structure.lines import pillar_label

# a plan group's own line, naming its pillar and its lead: "Visibility (lead: Dr Ann Lee)",
# "Recognition – led by the HR Partner"
_GROUP_LINE = re.compile(r"^\W*(?P<theme>[A-Za-z][A-Za-z ]{2,30}?)\s*(?:\(|\s[–—-]\s)(?P<aside>[^().]{1,60})\)?\s*:?\s*$")
_GROUP_LINE_WORDS = 8
_LEAD = re.compile(r"\b(?:lead|leads|led|owner|owned|owns|chair|chaired|responsible|accountable)\b", re.I)


# a plan group's line numbered by a letter or a numeral, which the splitter keeps as a
# statement: "Theme B – Recognition", "Strand iii: Sustainability" (stop 32)
_LETTERED_GROUP = re.compile(
    r"^\W*(?:theme|pillar|area|strand|priority|objective|goal|section)\s+(?:[A-Za-z]|\d{1,2}|[ivx]{1,4})\b"
    r"\s*[–—:.-]?\s*(?P<theme>[A-Za-z][A-Za-z ]{2,40}?)\s*$", re.I)


def group_line_theme(text: str) -> str:
    """The theme a plan group's own line names, with the group's lead beside it ("Visibility
    (lead: Dr Ann Lee)") or a letter numbering it ("Theme B – Recognition"), else "": like a
    heading, it groups the actions listed after it (spec 9.1: a plan's group headings are
    its actions' pillar; stops 31, 32)."""
    if (lettered := _LETTERED_GROUP.match(text)) and pillar_label(lettered["theme"]):
        return lettered["theme"]
    match = _GROUP_LINE.match(text)
    if not match or len(text.split()) > _GROUP_LINE_WORDS or not _LEAD.search(match["aside"]):
        return ""
    return match["theme"] if pillar_label(match["theme"]) else ""


def grouped(texts: Sequence[str], headings: Sequence[str], notes: Sequence[int] | None) -> list[str]:
    """Each statement's heading, a group's own line standing as the heading of the lines
    after it, under the same heading of the same note, until the next such line: a plan
    group's line with its lead ("Visibility (lead: Dr Ann Lee)": its actions were placed by
    meaning alone) and a review's status group ("GREEN (5)": its items were read as red
    explanations); stop 31."""
    heads: list[str] = []
    group, where = "", None
    for row, (text, heading) in enumerate(zip(texts, headings, strict=True)):
        here = (notes[row] if notes is not None else 0, heading)
        if here != where:
            group, where = "", here
        own = group_line_theme(text) or status_line(text)
        heads.append(heading if own or not group else group)
        group = own or group
    return heads
