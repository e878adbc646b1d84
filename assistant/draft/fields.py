"""What a line's own words name: its label or heading (``named_slot``), a plan row's pillar
cell (carried forward to the rows that leave it empty) or a theme named in the line, a
plan table's header row, a unit's count, the time of signing.

A label before a colon, or a heading, names a slot (``named_slot``); a pasted table's
cells can name one too, as the template spec reads a plan's own columns before their
words (stop 27, docs/drafting.md). A row of column names names the elements without
serving one (stop 27), and an action's code, an empty pillar cell or a theme in brackets
gives the plan's own pillar (spec 9.1; stops 28, 30). A progress review's statuses are
read in ``statuses.py``; the order in which all these decide, in ``own_words.py``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence

from assistant.draft.figures import ALIGNED, figure_kinds
from assistant.draft.questions import Slot
from assistant.draft.vocabulary import SINCE_SIGNING, at_signing, term_pattern, uses
from domain import fold, load_template
from ingest.structure.lines import pillar_label

CELL = re.compile(r"\s*[|\t]\s*")  # a plan table's cells, as pasted: pipes or tabs
_EXACT_CELL = re.compile(r" *[|\t] *")  # the same, each tab a border: an empty cell is two tabs
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")  # "£9,000": a number's comma, no cell's border
_PLAIN_ROW_CELLS = 3  # a row pasted without pipes or tabs (CSV, aligned columns) has three cells or more (stop 33)
EVALUATING_IMPACT = "evaluating_impact"  # spec's fifth theme: a plan's actions under it say how success is evidenced
_JOINED = re.compile(r"\s+(?:and|&)\s+")  # "Money and time", "Budget & staff time"
_JOINED_WORDS = 2  # each part of a joined label a word or two: a label, not a heading's phrase
_SINGULAR = re.compile(r"s\b")  # a slot's label as a term: "changes" reads "change" and "changes"
_CODE = re.compile(r"([A-Za-z]{1,4})-?\d{1,2}(?:\.\d{1,2})?(?=[\s|:.)])")  # "V1", "CD2", "EI1", "CAR-2"
_BRACKETED_CODE = re.compile(r"\s*[\[(]([A-Za-z]{2,4})[\])]\s")  # letters alone in brackets: "[REC] ...", "(CD) ..." (stop 32)


def row_pillar(text: str, slots: Sequence[Slot]) -> Slot | None:
    """The pillar slot a plan row names in a cell of its own ("V1 | Visibility | ... |
    July 2026"): template spec 9.1 reads a plan's pillar column as the action's pillar,
    before its words (its date, owner or survey cell is part of the same action and took it
    to the timescale, the owner or the measure)."""
    cells = [cell.strip() for cell in CELL.split(text)] if CELL.search(text) else csv_cells(text)
    if len(cells) < 2:
        return None
    named = {pillar_label(cell) for cell in cells} - {None}
    pillars = [slot for slot in slots if slot.pillar and slot.pillar in named]
    return pillars[0] if len(pillars) == 1 else None


# a theme named as a sentence's opening phrase: "On recognition, ...", "For sustainability, ..."
_OPENING_THEME = re.compile(
    r"^(?:(?:on|for|under|as for|turning to|in terms of|regarding)\s+(?:the\s+)?([A-Za-z ]{3,40}?)\s*[,:]"
    r"|([A-Za-z ]{3,40}?)\s+[–—-]\s)", re.I)  # "Recognition – twenty-five registered by 2029"


def opening_pillar(text: str, slots: Sequence[Slot]) -> Slot | None:
    """The slot a theme named in a sentence's opening phrase names ("On recognition, we
    are aiming for fifteen registered ...", "Recognition – 25 registered by 2029"): a plan
    written as prose labels its actions so, as a list labels them "Recognition:" (spec 9.1,
    the plan's own labels; stop 30)."""
    match = _OPENING_THEME.match(text)
    theme = match and (match.group(1) or match.group(2))
    if not theme or not any(slot.pillar for slot in slots) or not pillar_label(theme):
        return None
    return named_slot(theme, slots)


# "... (Evaluating impact; steering group).", "Ten more registered technicians [Recognition]"
_CLOSING_BRACKET = re.compile(r"[(\[]([^()\[\]]{3,60})[)\]]\s*[.;]?\s*$")
# a tag closing the line, as a notes app tags it: "... #career", "#CareerDevelopment" (stop 32)
_CLOSING_TAG = re.compile(r"(?<!\S)#([A-Za-z][A-Za-z_-]{2,40})\s*[.;]?\s*$")
# a theme's name alone in brackets inside the line: "2027-06-30 [Visibility] Tours ..." (stop 33)
_THEME_IN_BRACKETS = re.compile(r"[(\[]\s*([A-Za-z][A-Za-z &-]{2,40}?)\s*[)\]]")
_TAG_WORD = re.compile(r"[_-]|(?<=[a-z])(?=[A-Z])")  # "career_development", "CareerDevelopment"


def closing_pillar(text: str, slots: Sequence[Slot]) -> Slot | None:
    """The slot a theme's name in brackets or a tag closing a plan's line names ("... – HR
    Manager (Career development)", "... (Evaluating impact; steering group).", "...
    [Recognition]", "... #career"), or a theme's name alone in brackets anywhere in it
    ("2027-06-30 [Visibility] Airside tours ..."): the plan's own label for the action (spec
    9.1), over a label of its time ("Throughout: ..."; stop 30; square brackets, stop 31;
    tags, stop 32; anywhere, stop 33)."""
    if not any(slot.pillar for slot in slots):
        return None
    if tag := _CLOSING_TAG.search(text):
        head = " ".join(_TAG_WORD.split(tag.group(1)))
    elif bracket := _CLOSING_BRACKET.search(text):
        head = re.split(r"[;,]", bracket.group(1))[0]
    else:
        head = ""
    if not pillar_label(head):  # else a theme's name alone in brackets anywhere in the line (stop 33)
        themes = {words for words in _THEME_IN_BRACKETS.findall(text) if pillar_label(words)}
        head = themes.pop() if len(themes) == 1 else ""
    return named_slot(head, slots) if head else None


def coded_pillar(text: str, slots: Sequence[Slot]) -> Slot | None:
    """The slot a plan action's code names ("CD1 Secondment ...", "EI1 Biennial survey",
    "CAR-2 Paid industry weeks", "[REC] Registration support ..."): spec 9.1 reads "a numbering prefix that maps to pillars"
    as the plan's own label. A code's letters map to a theme whose name they abbreviate,
    by its initials ("CD", "EI") or the start of its first word ("V", "REC"); Evaluating
    Impact is the plan's measure (stop 28). Only in a question with pillar slots, and only
    where the letters name one theme."""
    code = _CODE.match(text) or _BRACKETED_CODE.match(text)
    if not code or not any(slot.pillar for slot in slots):
        return None
    letters = code.group(1).upper()
    themes = [theme for theme in load_template().themes if letters in _abbreviations(theme.name)]
    if len(themes) != 1:
        return None
    named = [slot for slot in slots if slot.pillar == themes[0].id or (themes[0].id == EVALUATING_IMPACT and slot.measure)]
    return named[0] if len(named) == 1 else None


def _abbreviations(name: str) -> set[str]:
    """"Career Development" -> CD, C, CA, CAR, ..., CAREER."""
    words = name.upper().split()
    return {"".join(word[0] for word in words)} | {words[0][:end] for end in range(1, len(words[0]) + 1)}


def continues_group(text: str, column: int = 0) -> bool:
    """Whether a plan row leaves its pillar cell empty ("| | Technicians feature in the
    prospectus |", "4<tab><tab>Registration support as now<tab>..."): spec 9.1, "the pillar
    cell is filled only on the first row of its group and carries forward until the next
    pillar label". ``column`` is where the group's first row named its pillar (the first
    cell, or after a number column: stop 30)."""
    cells = _cells_kept(text)
    if len(cells) <= max(column, 1) or cells[column]:
        return False
    return any(cell for index, cell in enumerate(cells) if index != column)


def pillar_column(text: str) -> int | None:
    """The cell of a plan row that names a pillar ("4 | Recognition | ..." -> 1), if one does."""
    cells = _cells_kept(text)
    return next((index for index, cell in enumerate(cells) if pillar_label(cell)), None) if len(cells) >= 2 else None


def _cells_kept(text: str) -> list[str]:
    """A row's cells with its empty ones kept ("4<tab><tab>Registration ..." has three), as
    its columns are counted; a leading pipe opens the row, it is no empty cell."""
    if not CELL.search(text):
        return csv_cells(text)
    return [cell.strip() for cell in _EXACT_CELL.split(text.strip(" ").removeprefix("|"))]


def csv_cells(text: str) -> list[str]:
    """A spreadsheet row pasted as CSV ("Visibility,\"Tours, guided by the team\",Visitor
    Services Manager,Apr 2027", "Team;Sept 2019;Mar 2027"), its cells with the empty ones
    kept; none for a sentence. A CSV export puts no space after its commas or semicolons, as
    prose does, and a number's comma ("£9,000") is no border (stop 33: such rows were read
    by their words, their pillar cell unread)."""
    for delimiter in ",;":  # a spreadsheet set to a European locale exports with semicolons
        try:
            cells = next(csv.reader([_THOUSANDS.sub("", text.strip())], delimiter=delimiter))
        except csv.Error:
            continue
        if len(cells) >= _PLAIN_ROW_CELLS and not any(cell[:1].isspace() for cell in cells[1:]):
            return [cell.strip() for cell in cells]
    return []


def aligned_cells(text: str) -> list[str]:
    """A table pasted as plain text, its columns lined up with spaces ("CC   TEAM   BASE   HC"):
    three cells or more between runs of three spaces; none for a sentence (stop 33)."""
    cells = [cell.strip() for cell in ALIGNED.split(text.strip())]
    return cells if len(cells) >= _PLAIN_ROW_CELLS else []


def question_slot(slots: Sequence[Slot]) -> Slot | None:
    """The question's own slot, which a statement serving no one element goes to."""
    return next((slot for slot in slots if slot.general), None)


_HEADER_WORDS = 6  # a column's name is short: "How we'll know", "We will know it worked when" (stop 30; 4 before)
# a column's name: short, no figure but a year or an academic year ("When we signed (2019)",
# "Now", "2024–25": stop 30)
_HEADER_CELL = re.compile(r"(?:[^\d£%]|(?<!\d)(?:19|20)\d\d(?:\s*[–—/-]\s*(?:(?:19|20)\d\d|\d\d))?(?!\d)){1,30}")


def row_cells(text: str) -> list[str]:
    """A table row's cells, as pasted (pipes, tabs, a CSV export's bare commas or columns
    lined up with spaces; Markdown's outer pipes dropped); none for a line that is not a row."""
    if not CELL.search(text):
        return csv_cells(text) or aligned_cells(text)
    cells = [cell.strip() for cell in CELL.split(text.strip().removeprefix("|").removesuffix("|"))]
    return cells if len(cells) >= 2 else []


def header_row(text: str, before: str = "", after: str = "") -> bool:
    """Whether a row is its table's header ("Team | People", "Ref | Theme | Action | Lead |
    Due"): the table's first row (the statement ``before`` it is no row) with a row
    ``after`` it, and every cell a column's short name, no figure in it. The header names the
    columns; it serves no element (spec 9.1 reads a plan's columns as the labels of the rows
    under them). Stop 27 asked two cells to name slots, and missed headers whose words name
    none ("Due", "Indicator", "People"); stop 29 reads the table's shape instead."""
    cells = row_cells(text)
    if not cells or row_cells(before) or not row_cells(after):
        return False
    named = [cell for cell in cells if cell] if not cells[0] else cells  # an empty corner (stop 30)
    return len(named) >= 2 and all(_HEADER_CELL.fullmatch(cell) and len(cell.split()) <= _HEADER_WORDS for cell in named)



def names_the_themes(text: str, slots: Sequence[Slot]) -> Slot | None:
    """The question's own slot for a statement that names three or more of the themes
    ("Key: A1 visibility, A2 recognition, A3 career development, ..."; "the plan covers
    visibility, recognition, career development and sustainability"): a legend or a
    summary of the whole, no one pillar's (stop 29). Only in a question with pillar slots."""
    if not any(slot.pillar for slot in slots):
        return None
    folded = fold(text)
    named = [theme for theme in load_template().themes
             if any(term_pattern(name).search(folded) for name in (theme.name, *theme.synonyms))]
    return question_slot(slots) if len(named) >= 3 else None


def signing_slot(text: str, slots: Sequence[Slot]) -> Slot | None:
    """The slot a statement about the time of signing serves ("When we signed in 2019 we
    had 58", "We signed in May 2025."): the element of what changed since signing where
    the question has one (renewal q1 .changes, q2 .development: every notes set labels such
    statements so, 24 of 24); in a question of themes or pillars, the question itself when
    it names none of their words (the date the story starts from, 10 of 10; stop 29); in
    any other, the question itself when it names no element's words and gives no figure
    (stop 33)."""
    if not at_signing(text):
        return None
    since = [slot for slot in slots if SINCE_SIGNING in slot.vocabulary]
    if len(since) == 1:
        return since[0]
    pillars = [slot for slot in slots if slot.pillar]
    if pillars and not any(uses(text, slot.vocabulary + slot.related) for slot in pillars):
        return question_slot(slots)
    # elsewhere too, when it names no element's words and gives none of the amounts they ask
    # for ("We signed the Commitment in 2018 and submitted our first self-assessment in 2020";
    # stop 33: 4 of 5 such lines of the notes sets; with a figure it is evidence, "14
    # registered, up from 2 when we signed")
    elements = [slot for slot in slots if not slot.general]
    asked = {kind for slot in elements for kind in slot.figures}
    if not pillars and not any(uses(text, slot.vocabulary + slot.related) for slot in elements) \
            and not figure_kinds(text) & (asked | {"figure"}):
        return question_slot(slots)
    return None


def unit_count_slot(text: str, slots: Sequence[Slot]) -> Slot | None:
    """The element a unit's own count serves where the question asks for one (``Slot.figures``
    "unit count": initial q3's distribution, renewal q1's structure; spec: "a breakdown by
    location/unit"): decisive, as every notes set labels such rows (80 of 80; stop 29), over
    a heading such as "Headcount:" above them."""
    asking = [slot for slot in slots if "unit count" in slot.figures]
    return asking[0] if len(asking) == 1 and "unit count" in figure_kinds(text) else None


def named_slot(words: str, slots: Sequence[Slot]) -> Slot | None:
    """The one slot some words name: a pillar's name or synonym (the fifth theme, Evaluating
    Impact, names how the plan's success is evidenced: ``Slot.measure``; stop 28), the
    slot's label, the question word a plan's field for it is labelled by ("Who", "When":
    ``Slot.asked``, stop 27; as a label only: "who" in a sentence names no owner), or one of
    its vocabulary terms, inflected as ``uses`` reads them. Read whole, else by the head of a
    label of several words, its last word ("Target date" is a date, "Red explanations"
    explanations; stop 28), else by its first ("Point 3" -> "Point", "Owners" -> "owner");
    the first reading that names a slot decides. A label of words joined by "and" names
    what its parts name when they name one slot ("Money and time" -> "money"; stop 31)."""
    folded = fold(words).strip()
    if not folded:
        return None
    joined = _JOINED.split(folded)
    if 1 < len(joined) and all(len(part.split()) <= _JOINED_WORDS for part in joined):
        named = {slot.key: slot for part in joined if (slot := named_slot(part, slots))}
        if named:
            return next(iter(named.values())) if len(named) == 1 else None
    pillar = pillar_label(words)
    readings = [(folded, True), (folded.split()[-1], True), (folded.split()[0], False)]  # a field's words count?
    for candidate, as_field in readings:
        named = [slot for slot in slots if not slot.general and (
            (pillar and slot.pillar == pillar) or (pillar == EVALUATING_IMPACT and slot.measure)
            or _names(slot, candidate, as_field))]
        if named:
            return named[0] if len(named) == 1 else None
    return None


def _names(slot: Slot, words: str, as_field: bool) -> bool:
    """Whether folded words are a slot's label ("red explanations", "changes" for
    "Change"), one of its vocabulary terms, or (``as_field``: a whole label or its head,
    not its first word: "Who takes part" names no owner) a word a field for it is
    labelled by."""
    terms = (_SINGULAR.sub("", fold(slot.label)), *slot.vocabulary)
    return (as_field and words in slot.asked) or any(term_pattern(term).fullmatch(words) for term in terms)


def carried_forward(named: list[Slot | None], texts: Sequence[str]) -> list[Slot | None]:
    """A pillar a plan row names carried to the rows after it that leave its cell empty
    (spec 9.1: "the pillar cell is filled only on the first row of its group and carries
    forward until the next pillar label"; stop 28), in the column where the group's first
    row named it (a table with a "No." column first; stop 30)."""
    named = list(named)
    column = 0
    for row in range(1, len(texts)):
        named_in = pillar_column(texts[row - 1])
        column = column if named_in is None else named_in
        if named[row - 1] and named[row - 1].pillar and continues_group(texts[row], column):
            named[row] = named[row - 1]
    return named
