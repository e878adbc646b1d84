"""What a line's own words name: its label or heading (``named_slot``), a plan row's pillar
cell (carried forward to the rows that leave it empty), a status given as a value, a
colour's count, a plan table's header row.

A label before a colon, or a heading, names a slot (``named_slot``); the fields after it,
or a pasted table's cells, can name one too, as the template spec reads a plan's or a RAG
review's own columns before their words (stop 27, docs/drafting.md). A count after a
colour ("Red (2): ...") is the status (spec 9.2), a row of column names names the
elements without serving one (stop 27), and an action's code or an empty pillar cell gives
the plan's own pillar (spec 9.1; stop 28).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from assistant.draft.figures import figure_kinds
from assistant.draft.questions import Slot
from assistant.draft.vocabulary import SINCE_SIGNING, at_signing, term_pattern, uses
from domain import fold, load_template
from ingest.structure.lines import pillar_label

_CELL = re.compile(r"\s*[|\t]\s*")  # a plan table's cells, as pasted: pipes or tabs
_EXACT_CELL = re.compile(r" *[|\t] *")  # the same, each tab a border: an empty cell is two tabs
# a line's fields: a label and its value, a table's cells, or parts set apart by a spaced
# dash ("Outreach to schools – not started – see below")
_FIELD = re.compile(r"[:|\t]|\s[–—-]\s")
_REASON_WORDS = 5  # words after a red value that make the line a sentence on why (spec 9.2)
_BRACKETED = re.compile(r"^\s*[\[(]\s*([A-Za-z][\w ]{0,15}?)\s*[\])]")  # "[R] ...", "(Amber) ..."
_LETTERS = {"r": "red", "a": "amber", "g": "green"}  # spec 9.2's status tokens R/A/G
_OPENING_SYMBOL = re.compile(r"^\s*([^\w\s])\s")  # "✓ C1 Career framework", a slide's status column
EVALUATING_IMPACT = "evaluating_impact"  # spec's fifth theme: a plan's actions under it say how success is evidenced
_SINGULAR = re.compile(r"s\b")  # a slot's label as a term: "changes" reads "change" and "changes"
_CODE = re.compile(r"([A-Za-z]{1,4})-?\d{1,2}(?:\.\d{1,2})?(?=[\s|:.)])")  # "V1", "CD2", "EI1", "CAR-2"


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


_CLOSING_BRACKET = re.compile(r"\(([^()]{3,60})\)\s*[.;]?\s*$")  # "... (Evaluating impact; steering group)."


def closing_pillar(text: str, slots: Sequence[Slot]) -> Slot | None:
    """The slot a theme's name in brackets closing a plan's line names ("... – HR Manager
    (Career development)", "... (Evaluating impact; steering group)."): the plan's own label
    for the action (spec 9.1), over a label of its time ("Throughout: ..."; stop 30)."""
    match = _CLOSING_BRACKET.search(text)
    if not match or not any(slot.pillar for slot in slots):
        return None
    head = re.split(r"[;,]", match.group(1))[0]
    return named_slot(head, slots) if pillar_label(head) else None


def coded_pillar(text: str, slots: Sequence[Slot]) -> Slot | None:
    """The slot a plan action's code names ("CD1 Secondment ...", "EI1 Biennial survey",
    "CAR-2 Paid industry weeks"): spec 9.1 reads "a numbering prefix that maps to pillars"
    as the plan's own label. A code's letters map to a theme whose name they abbreviate,
    by its initials ("CD", "EI") or the start of its first word ("V", "REC"); Evaluating
    Impact is the plan's measure (stop 28). Only in a question with pillar slots, and only
    where the letters name one theme."""
    code = _CODE.match(text)
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
    if len(cells) <= max(column, 1) or cells[column].strip():
        return False
    return any(cell.strip() for index, cell in enumerate(cells) if index != column)


def pillar_column(text: str) -> int | None:
    """The cell of a plan row that names a pillar ("4 | Recognition | ..." -> 1), if one does."""
    cells = _cells_kept(text)
    return next((index for index, cell in enumerate(cells) if pillar_label(cell)), None) if len(cells) >= 2 else None


def _cells_kept(text: str) -> list[str]:
    """A row's cells with its empty ones kept ("4<tab><tab>Registration ..." has three), as
    its columns are counted; a leading pipe opens the row, it is no empty cell."""
    return [cell.strip() for cell in _EXACT_CELL.split(text.strip(" ").removeprefix("|"))]


def status_value(text: str, slots: Sequence[Slot]) -> Slot | None:
    """The element a value names where an element that explains its items shares the word
    (``Slot.explains``): "A4, the careers film: not delivered" or "S3 | red" gives the
    status (spec 9.2: a status token, "Red/Amber/Green ... and equivalents"), not the
    explanation, "a sentence on why it stalled and/or what happens next"; both elements
    have every red word, and such a line tied between them. The value is a field after the
    first (after a colon, a pipe or a tab) that is one of the elements' terms, or a token
    in brackets that opens the line ("[R] S2 Succession plan ..."; stop 28); a colour's
    letter stands for it (spec 9.2: "R/A/G"). A label ("Delayed: the host lab closed") is
    no value. A red value followed by a sentence ("S1 – red: no standard fitted the work",
    five words or more) says why the item stalled: the explanation (stop 29; every notes
    set labels such a line so, or accepts either)."""
    bracketed = _BRACKETED.match(text) or _OPENING_SYMBOL.match(text)
    opening = [bracketed.group(1)] if bracketed else []
    cells = opening + _FIELD.split(text)[1:]
    explained = _explained_slots(slots)
    for index, cell in enumerate(cells):
        folded = fold(cell).strip(" .;")
        named = _naming(_LETTERS.get(folded, _symbol_colour(folded) or folded), slots)
        explaining = [slot for slot in named if slot.explains]
        if explaining and len(" ".join(cells[index + 1:]).split()) >= _REASON_WORDS:
            return explaining[0]
        if named and (explaining or index < len(opening) or any(slot in explained for slot in named)):
            return _the_explained(named)
    return None


# an item's code opening a line, then its comment after a colon or a spaced dash: "C2 – the
# partner closed its plant in 2024", "4.2: we trained someone, but she left"
_CODED_COMMENT = re.compile(r"^\s*(?:action\s+)?[A-Za-z]{0,4}-?\d{1,2}(?:\.\d{1,2})?\s*(?::|\s[–—-])\s*(.+)$", re.IGNORECASE)


def coded_reason(text: str, slots: Sequence[Slot]) -> Slot | None:
    """The explaining slot for a review item's code followed by a sentence on it ("C2 – the
    manufacturer shut its local plant in 2024"), no status given: in a progress review the
    comment written against an item's code says why it stalled or what happens next (spec
    9.2 .red_explanations: "a sentence on why it stalled and/or what happens next"; every
    notes set labels such lines so, 11 of 11; stop 29). A status value is read first
    (``status_value``); neither a table's row nor a comment giving a green or amber status
    is such a line."""
    match = _CODED_COMMENT.match(text)
    if not match or _CELL.search(text) or len(match.group(1).split()) < _REASON_WORDS:
        return None
    if _gives_status(match.group(1), ("green", "amber")):
        return None  # a green or amber item's comment ("A4: delivered, with 30 trained")
    explaining = [slot for slot in slots if slot.explains]
    return explaining[0] if len(explaining) == 1 else None


def opens_with_status(text: str) -> bool:
    """Whether a line opens with an item's status symbol ("🟢 Open day", "✗ S3 ..."): a
    listed item, like a table's row (stop 30)."""
    symbol = _OPENING_SYMBOL.match(text)
    return bool(symbol and _symbol_colour(symbol.group(1)))


def _explained_slots(slots: Sequence[Slot]) -> list[Slot]:
    """The slots whose items another slot of the question explains (the RAG status, where
    the question asks for red explanations): a status word given as a value names them,
    green or amber as well as red ("R1 Registration<tab>On track"; stop 29)."""
    return [slot for slot in slots if not slot.explains and not slot.general] if any(s.explains for s in slots) else []


def _symbol_colour(token: str) -> str | None:
    """The colour a status symbol stands for ("✓" green, "✗" red: the lexicon's RAG lists)."""
    if len(token) != 1 or token.isalnum():
        return None
    return next((colour for colour, tokens in load_template().lexicon.rag_tokens.items() if token in tokens), None)


@functools.cache
def _status_words(colours: tuple[str, ...]) -> tuple[str, ...]:
    """The lexicon's status words for some colours, not its single letters or symbols
    (those count only as a whole cell or an opening token)."""
    tokens = load_template().lexicon.rag_tokens
    return tuple(term for colour in colours for term in tokens[colour] if len(term) > 1)


def _gives_status(text: str, colours: tuple[str, ...] = ("green", "amber", "red")) -> bool:
    """Whether the text uses a status word of those colours ("complete", "not started")."""
    folded = fold(text)
    return any(term_pattern(term).search(folded) for term in _status_words(colours))


def _question_slot(slots: Sequence[Slot]) -> Slot | None:
    """The question's own slot, which a statement serving no one element goes to."""
    return next((slot for slot in slots if slot.general), None)


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
# A heading may gloss its colour before the count: "Red – not done (2)" (stop 30).
_COUNTED = re.compile(r"^(?P<term>[^:()|\t]{1,20}?)\s*(?:(?:\s[–—-]\s*[^:()|\t]{1,25}?\s*)?\((?P<inner>\d{1,3})\)\s*(?::|$)"
                      r"|:\s*(?P<value>\d{1,3})\s*(?:$|[,;.(]))")


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


_NUMBER = r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"


def status_counts(text: str, slots: Sequence[Slot]) -> Slot | None:
    """The status for a count of a plan's items per status, two colours or more ("Of 8
    actions, 4 are complete, 2 are in progress and 2 were not started", "green 4, amber 2"):
    spec 9.2, "counts per colour covering the whole plan"; a sentence, not a colour's label,
    so ``colour_count`` does not read it, and it tied with the red explanation (stop 30).
    Only where an element explains the status's items (a progress review)."""
    if not any(slot.explains for slot in slots):
        return None
    folded = fold(text)
    tokens = load_template().lexicon.rag_tokens
    counted = [colour for colour in ("green", "amber", "red")
               if any(_counted(term, folded) for term in tokens[colour] if len(term) > 1)]
    return _the_explained(_explained_slots(slots)) if len(counted) >= 2 else None


@functools.cache
def _count_pattern(term: str) -> re.Pattern[str]:
    """A count beside a status word: "4 are complete", "2 were not started", "green 4"."""
    word = term_pattern(term).pattern
    return re.compile(rf"\b{_NUMBER}\s+(?:\w+\s+){{0,2}}?{word}|{word}\s*[:=]?\s*{_NUMBER}\b")


def _counted(term: str, folded: str) -> bool:
    return bool(_count_pattern(term).search(folded))


# a column's name: short, no figure but a year or an academic year ("When we signed (2019)",
# "Now", "2024–25": stop 30)
_HEADER_CELL = re.compile(r"(?:[^\d£%]|(?<!\d)(?:19|20)\d\d(?:\s*[–—/-]\s*(?:(?:19|20)\d\d|\d\d))?(?!\d)){1,30}")


def row_cells(text: str) -> list[str]:
    """A table row's cells, as pasted (pipes or tabs; Markdown's outer pipes dropped); none
    for a line that is not a row."""
    if not _CELL.search(text):
        return []
    cells = [cell.strip() for cell in _CELL.split(text.strip().removeprefix("|").removesuffix("|"))]
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
    return all(_HEADER_CELL.fullmatch(cell) and len(cell.split()) <= 4 for cell in cells)


# a count of a plan's actions: "had 13 actions", "(10 actions)", "Twelve actions in the plan"
_ACTIONS_COUNTED = re.compile(
    r"\b(?:\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty)\s+(?:\w+\s+)?actions\b",
    re.IGNORECASE)
_RAG_LETTER_COUNT = re.compile(r"\b[RAG]\s*[:=]?\s*\d|\b\d+\s*[RAG]\b")  # "G 12", "15 G / 4 A"


def plan_size(text: str, slots: Sequence[Slot]) -> Slot | None:
    """The question's own slot for a count of a plan's actions that gives no status ("Our
    last plan (2023-2026) had 13 actions."): spec 9.2's status is each item's colour or the
    counts per colour, and the plan's size is the review's context (stop 29; the notes sets
    label it so, or accept either). Only where an element explains the status's items (a
    progress review)."""
    if not any(slot.explains for slot in slots) or not _ACTIONS_COUNTED.search(text) or _RAG_LETTER_COUNT.search(text):
        return None
    return None if _gives_status(text) else _question_slot(slots)


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
    return _question_slot(slots) if len(named) >= 3 else None


def signing_slot(text: str, slots: Sequence[Slot]) -> Slot | None:
    """The slot a statement about the time of signing serves ("When we signed in 2019 we
    had 58", "We signed in May 2025."): the element of what changed since signing where
    the question has one (renewal q1 .changes, q2 .development: every notes set labels such
    statements so, 24 of 24); in a question of themes or pillars, the question itself when
    it names none of their words (the date the story starts from, 10 of 10; stop 29)."""
    if not at_signing(text):
        return None
    since = [slot for slot in slots if SINCE_SIGNING in slot.vocabulary]
    if len(since) == 1:
        return since[0]
    pillars = [slot for slot in slots if slot.pillar]
    if pillars and not any(uses(text, slot.vocabulary + slot.related) for slot in pillars):
        return _question_slot(slots)
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
    the first reading that names a slot decides."""
    folded = fold(words).strip()
    if not folded:
        return None
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
        column = pillar_column(texts[row - 1]) if pillar_column(texts[row - 1]) is not None else column
        if named[row - 1] and named[row - 1].pillar and continues_group(texts[row], column):
            named[row] = named[row - 1]
    return named
