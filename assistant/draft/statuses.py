"""What a progress review's own words say of its items' status (template spec 9.2): a
status given as a value ("A4, the careers film: not delivered", "S3 | red", "✓ C1 ..."),
a colour's count ("Red (2): V3, S2"), counts per status in a sentence, an item's code
with a sentence on why it stalled, and a plan's size, which gives no status.

Both the status and the red explanation share every red word, so a line about a red item
tied between them; these readings tell them apart (stops 27-30, docs/drafting.md).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from assistant.draft.fields import CELL, question_slot
from assistant.draft.figures import figure_kinds
from assistant.draft.questions import Slot
from assistant.draft.vocabulary import term_pattern
from domain import fold, load_template, status_mark, symbol_colour

# a line's fields: a label and its value, a table's cells, or parts set apart by a spaced
# dash ("Outreach to schools – not started – see below"); a comma-separated row's cells,
# as a spreadsheet pastes them ("V2,Team web page,Marketing,G": a comma with no space after
# it, not a number's; stop 32)
_FIELD = re.compile(r"[:|\t]|\s[–—-]\s|,(?=[^\s\d])")
_REASON_WORDS = 5  # words after a red value that make the line a sentence on why (spec 9.2)
# one item said to have a status, then the rest after a colon: "The secondment scheme is red:
# no host team could release staff" (stop 33); not a count's "Two actions are red: ..."
_ONE_ITEM_IS = re.compile(r"^[^:|\t]{3,80}?\b(?:is|was)\s+(?:now\s+|still\s+|also\s+)?([A-Za-z][\w ]{0,15}?)\s*:\s")
_ITEM_CODE = r"(?:(?i:action)\s+)?[A-Za-z]{0,4}-?\d{1,2}(?:\.\d{1,2})?"  # "S1", "CD2", "4.2", "TC-07", "Action 3"
# "[R] ...", "(Amber) ...", after the item's code on a board's ticket: "TC-03 [IN PROGRESS] ..." (stop 33)
_BRACKETED = re.compile(rf"^\s*(?:{_ITEM_CODE}\s+)?[\[(]\s*([A-Za-z][\w ]{{0,15}}?)\s*[\])]")
_LETTERS = {"r": "red", "a": "amber", "g": "green"}  # spec 9.2's status tokens R/A/G


def status_value(text: str, slots: Sequence[Slot]) -> Slot | None:
    """The element a value names where an element that explains its items shares the word
    (``Slot.explains``): "A4, the careers film: not delivered" or "S3 | red" gives the
    status (spec 9.2: a status token, "Red/Amber/Green ... and equivalents"), not the
    explanation, "a sentence on why it stalled and/or what happens next"; both elements
    have every red word, and such a line tied between them. The value is a field after the
    first (after a colon, a pipe or a tab) that is one of the elements' terms, or a token
    in brackets that opens the line ("[R] S2 Succession plan ..."; stop 28) or closes it
    ("Laboratory apprentices [G]"; stop 31); a colour's letter stands for it (spec 9.2:
    "R/A/G"). A label ("Delayed: the host lab closed") is no value. A red value followed
    by a sentence ("S1 – red: no standard fitted the work", five words or more) says why
    the item stalled: the explanation (stop 29; every notes set labels such a line so, or
    accepts either), and so does one item said to be red, then why ("The secondment is red:
    no host team could release staff"; stop 33)."""
    bracketed = _BRACKETED.match(text) or _ONE_ITEM_IS.match(text)
    mark = status_mark(text)  # a symbol opening the line ("✓ C1 ...") or a token closing it ("... [G]")
    opening = [bracketed.group(1)] if bracketed else [mark.colour] if mark and not mark.closing else []
    cells = opening + _FIELD.split(text)[1:]
    explained = _explained_slots(slots)
    for index, cell in enumerate(cells):
        named = _naming(_status_token(cell), slots)
        explaining = [slot for slot in named if slot.explains]
        if explaining and len(" ".join(cells[index + 1:]).split()) >= _REASON_WORDS:
            return explaining[0]
        if named and (explaining or index < len(opening) or any(slot in explained for slot in named)):
            return _the_explained(named)
    return _the_explained(_naming(mark.colour, slots)) if mark else None


def _status_token(cell: str) -> str:
    """A cell's words as the lexicon spells a status: a colour's letter ("R") or symbol
    ("✓") read as its colour."""
    folded = fold(cell).strip(" .;")
    return _LETTERS.get(folded, symbol_colour(folded) or folded)


# an item's code opening a line, then its comment after a colon or a spaced dash: "C2 – the
# partner closed its plant in 2024", "4.2: we trained someone, but she left"
_CODED_COMMENT = re.compile(rf"^\s*{_ITEM_CODE}\s*(?::|\s[–—-])\s*(.+)$", re.IGNORECASE)
# an item's code as the subject of a sentence on why it stalled: "TC-10 could not go ahead
# because ...", "4.2 never started due to ..." (stop 33); not a title ("S1 Apprentices in ...")
_CODE_SUBJECT = re.compile(rf"^\s*{_ITEM_CODE}\s+([a-z].+)$")


def coded_reason(text: str, slots: Sequence[Slot]) -> Slot | None:
    """The explaining slot for a review item's code followed by a sentence on it ("C2 – the
    manufacturer shut its local plant in 2024"), no status given: in a progress review the
    comment written against an item's code says why it stalled or what happens next (spec
    9.2 .red_explanations: "a sentence on why it stalled and/or what happens next"; every
    notes set labels such lines so, 11 of 11; stop 29). A status value is read first
    (``status_value``); neither a table's row nor a comment giving a green or amber status
    is such a line. Nor is a code as a sentence's subject, unless the sentence gives a
    reason ("TC-10 could not go ahead because ...": why it stalled, whatever status word it
    negates; stop 33)."""
    comment = _CODED_COMMENT.match(text)
    match = comment or _reason_of_code(text)
    if not match or CELL.search(text) or len(match.group(1).split()) < _REASON_WORDS:
        return None
    if comment and _gives_status(comment.group(1), ("green", "amber")):
        return None  # a green or amber item's comment ("A4: delivered, with 30 trained")
    explaining = [slot for slot in slots if slot.explains]
    return explaining[0] if len(explaining) == 1 else None


def _reason_of_code(text: str) -> re.Match[str] | None:
    """An item's code as the subject of a sentence that gives a reason ("TC-10 could not go
    ahead because ..."), its comment the rest."""
    match = _CODE_SUBJECT.match(text)
    return match if match and "reason" in figure_kinds(match.group(1)) else None


def carries_status(text: str) -> bool:
    """Whether a line carries its item's status as a mark of its own, a symbol opening it,
    a token in brackets closing it ("🟢 Open day", "Laboratory apprentices [G]") or opening
    it, after its code or not ("TC-03 [IN PROGRESS] Open day", "[x] V1 Photo boards": a
    board's export, whatever its words; stop 33): a listed item, like a table's row (stops
    30-31)."""
    return status_mark(text) is not None or bool(_BRACKETED.match(text))


def _explained_slots(slots: Sequence[Slot]) -> list[Slot]:
    """The slots whose items another slot of the question explains (the RAG status, where
    the question asks for red explanations): a status word given as a value names them,
    green or amber as well as red ("R1 Registration<tab>On track"; stop 29)."""
    return [slot for slot in slots if not slot.explains and not slot.general] if any(s.explains for s in slots) else []


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
# A heading may gloss its colour before the count: "Red – not done (2)" (stop 30), "Red (not
# done): 2, 5, 7", the numbers of the items it lists (stop 31).
_GLOSS = r"(?:\s[–—-]\s*[^:()|\t]{1,25}?\s*|\s*\([^()\d]{1,25}\)\s*)?"
_COUNTED = re.compile(rf"^(?P<term>[^:()|\t]{{1,20}}?)\s*{_GLOSS}(?:\((?P<inner>\d{{1,3}})\)\s*(?::|$)"
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


def status_key(text: str, slots: Sequence[Slot]) -> Slot | None:
    """The status for a key to the review's statuses, a line that names all three colours
    by a word, a letter in brackets or before "=" or ":", or a symbol ("Key: [G] done, [A]
    under way, [R] not started", "G = done, A = started, R = not started"): it says how the
    items' statuses are given, spec 9.2's status, not why one stalled (stop 31). Only
    where an element explains the status's items."""
    if not any(slot.explains for slot in slots):
        return None
    folded = fold(text)
    named = {colour for colour in ("green", "amber", "red") if any(
        term_pattern(term).search(folded) for term in _status_words((colour,)))}
    named |= {_LETTERS[letter.lower()] for pair in _KEYED_LETTER.findall(text) for letter in pair if letter}
    named |= {colour for character in text if (colour := symbol_colour(character))}
    return _the_explained(_explained_slots(slots)) if len(named) == 3 else None


# a colour's letter as a key gives it: "[G] done", "G = done", "R: not started"
_KEYED_LETTER = re.compile(r"[\[(]([RAGrag])[\])]|\b([RAG])\s*[=:]\s*\w")
# a status group's own line: "GREEN (5)", "Amber – partly done", "Not started (2)"
_STATUS_LINE = re.compile(r"^\W*(?P<term>[A-Za-z][A-Za-z ]{1,20}?)\s*(?:\s[–—-]\s*[^:()|\t\d]{1,25}?)?\s*"
                          r"(?:\((?:\d{1,3}|[^()\d]{1,25})\))?\s*:?\s*$")


def status_line(text: str) -> str:
    """The words of a line that heads a group of a review's items by their status ("GREEN
    (5)", "Amber – partly done"), else "": like a heading, it gives the items listed after
    it their status (stop 31: items under "GREEN (5)" were read as red explanations)."""
    match = _STATUS_LINE.match(text)
    return text.strip() if match and _gives_status(match["term"]) else ""


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
    return None if _gives_status(text) else question_slot(slots)
