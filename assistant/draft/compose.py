"""The draft's text from placed statements: the question's own slot first, then each
element in the template's order, one paragraph each (a plan's actions as bullets under
their pillar's heading, progress and initiatives under pillar headings); a visible
placeholder wherever an element is missing; the word count against the form's limit or
the length set in a turn, with the statements that would be cut first marked.

It writes no words of its own besides headings (a pillar's name) and placeholders: every
sentence of the text is one of the user's statements, exactly once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.check.answer_text import judge_answer_text
from assistant.check.elements import content, detector_for
from assistant.check.report import CheckResult
from assistant.draft.fields import row_cells
from assistant.draft.figures import PLAN_WIDE, figure_kinds
from assistant.draft.model import ElementDraft, Statement
from assistant.draft.questions import FORM_SUFFIXES, Slot, content_elements, placeholder
from assistant.draft.statements import NoteStatement, word_count
from assistant.draft.statuses import carries_status
from domain import Question, Template

_ENDS_SENTENCE = re.compile(r"[.!?…:;,][\"”’)\]]*$")  # a greeting line ends on its comma ("Hi Sam,"; stop 32)
PLACEHOLDER = re.compile(r"\[add\b[^\]]*\]", re.I)
NOT_PLACEHOLDERS = ("word_limit", "horizon")  # over the limit is shown by marks; the horizon is info


@dataclass(frozen=True)
class Placed:
    """A statement with the slot it serves."""

    statement: NoteStatement
    slot: Slot
    score: float
    placed_by: str = "meaning"
    continues: str = ""  # the id of the statement before it that it continues, under the same slot
    follows: str = ""  # the id of the statement its opening points back to, wherever that sits


@dataclass
class Composition:
    text: str
    statements: list[Statement]
    elements: list[ElementDraft]
    word_count: int
    warnings: list[str]


def compose(
    question: Question, template: Template, slots: tuple[Slot, ...], placed: list[Placed],
    target_words: int | None = None, latest_note: int = 0,
) -> Composition:
    """The text, the statements' positions, and each element's verdict and placeholder.

    Over the form's limit the statements to cut first are marked; over a length the user
    set they are left out (listed as cut), so the text respects it."""
    limit = min(n for n in (question.word_limit, target_words) if n) if (question.word_limit or target_words) else None
    order = {slot.key: index for index, slot in enumerate(slots)}
    placed = sorted(placed, key=lambda p: (order[p.slot.key], _number(p.statement.id)))
    cut = _to_cut(placed, limit, latest_note)
    kept = [p for p in placed if p.statement.id not in cut or not target_words]
    plain, _ = _render(question, slots, kept, {})
    results = {r.id: r for r in judge_answer_text(question, plain, template)}
    elements = _elements(question, slots, kept, results)
    gaps = {e.id: e.placeholder for e in elements if e.placeholder}
    text, positions = _render(question, slots, kept, gaps)
    statements = [_statement(p, positions, cut, bool(target_words)) for p in placed]
    words = word_count(PLACEHOLDER.sub("", text))
    warnings = []
    if limit and words > limit:
        warnings.append(f"{words} words: over the {limit}-word {'length you set' if target_words and limit == target_words else 'limit'}")
    elif cut and not target_words:
        warnings.append(f"{word_count(plain)} words: over the {limit}-word limit")
    return Composition(text, statements, elements, words, warnings)


def _number(statement_id: str) -> int:
    return int(statement_id.lstrip("s") or 0)


def _to_cut(placed: list[Placed], limit: int | None, latest_note: int) -> set[str]:
    """Statements to leave out, least fitting first, until the words fit: never the only
    statement of its slot, nor one added in the latest turn, unless nothing else is left."""
    total = sum(word_count(p.statement.text) for p in placed)
    if not limit or total <= limit:
        return set()
    per_slot: dict[str, int] = {}
    for p in placed:
        per_slot[p.slot.key] = per_slot.get(p.slot.key, 0) + 1
    newest = [p for p in placed if p.statement.note == latest_note and latest_note > 0]
    spare = sorted((p for p in placed if p not in newest and per_slot[p.slot.key] > 1), key=lambda p: p.score)
    rest = sorted((p for p in placed if p not in newest and p not in spare), key=lambda p: p.score)
    cut: set[str] = set()
    for p in spare + rest:
        if total <= limit:
            break
        if p.statement.id in cut:
            continue
        group = with_continuations(p, placed)  # "This doubled ..." goes with what it stands for
        if p in spare and per_slot[p.slot.key] <= len(group):
            continue
        cut.update(g.statement.id for g in group)
        per_slot[p.slot.key] -= len(group)
        total -= sum(word_count(g.statement.text) for g in group)
    return cut


def with_continuations(first: Placed, placed: list[Placed]) -> list[Placed]:
    """A statement and those that continue it (``Placed.continues``, in a chain)."""
    group = [first]
    for p in placed:
        if p.continues and p.continues == group[-1].statement.id:
            group.append(p)
    return group


def _elements(question: Question, slots: tuple[Slot, ...], kept: list[Placed], results: dict[str, CheckResult]) -> list[ElementDraft]:
    serving: dict[str, list[tuple[str, str]]] = {}
    for p in kept:
        serving.setdefault(p.slot.element_id, []).append((p.statement.id, p.statement.text))
    return element_drafts(question, results, serving)


def element_drafts(question: Question, results: dict[str, CheckResult], serving: dict[str, list[tuple[str, str]]]) -> list[ElementDraft]:
    """The question, then each element: the statements serving it (id, text), the
    checker's verdict, and a placeholder when it is missing. The checker decides for
    elements it reads structurally (a headcount, a mechanism that fed the plan, an action
    per pillar, a timescale per action); for an element it can only judge by cue words,
    meaning decides: missing when no statement serves it (its cue words in a statement
    about something else do not fill it; the checker's verdict is still reported). When
    the checker finds part of an element and not the rest (its verdict reports what it
    found: "names a survey but not how it shaped the plan"), the placeholder asks for the
    rest (``ElementCheck.partial_fix``) where the template data says it."""
    own = results[question.id]
    drafts = [_element_draft(question.id, question.complete_answer, question.severity, question.fix, own, serving,
                             own.status == "missing")]
    for element in question.checks:
        result = results[element.id]
        if element.suffix in NOT_PLACEHOLDERS or result.severity == "info":
            gap = False
        elif element in content_elements(question):
            by_words = detector_for(question, element) is content.cues
            gap = element.id not in serving if by_words else result.flagged
        else:
            gap = result.flagged
        fix = element.partial_fix if element.partial_fix and result.details else element.fix  # it found a part
        drafts.append(_element_draft(element.id, element.description, element.severity, fix, result, serving, gap))
    return drafts


def _element_draft(check_id, expects, severity, fix, result: CheckResult, serving, gap: bool) -> ElementDraft:
    mine = serving.get(check_id, [])
    return ElementDraft(
        check_id, expects, severity, fix, result.status, result.reason,
        tuple(i for i, _ in mine), tuple(t for _, t in mine), placeholder(fix) if gap else "",
    )


# --- the text -------------------------------------------------------------------------------------


@dataclass
class _Block:
    kind: str  # heading | paragraph | item (a plan's action, as a bullet)
    items: list  # the heading's words; or statements (Placed) and placeholders (str)


def _render(question: Question, slots: tuple[Slot, ...], kept: list[Placed], gaps: dict[str, str]) -> tuple[str, dict[str, tuple[int, int]]]:
    """The blocks joined as text, and the position of each statement in it."""
    return _join(_blocks(question, slots, kept, gaps), rows_apart=not question.is_action_plan)


def _blocks(question: Question, slots: tuple[Slot, ...], kept: list[Placed], gaps: dict[str, str]) -> list[_Block]:
    by_slot: dict[str, list[Placed]] = {}
    for p in kept:
        by_slot.setdefault(p.slot.key, []).append(p)
    last_slot_of = {slot.element_id: slot.key for slot in slots}
    fields = _fields_of_actions(question, kept)
    attached = {p.statement.id for group in fields.values() for p in group}
    by_slot = {key: [p for p in items if p.statement.id not in attached] for key, items in by_slot.items()}
    blocks = [_Block("paragraph", [gaps[question.id]])] if question.id in gaps and not by_slot.get(question.id) else []
    for slot in slots:
        items: list = list(by_slot.get(slot.key, []))
        if slot.general:
            gap = gaps.get(question.id) if items else None
        else:
            gap = gaps.get(slot.element_id) if last_slot_of[slot.element_id] == slot.key else None
        grouped = slot.key != slot.element_id  # one pillar of an element such as "themes"
        if slot.pillar and (items or (gap and not grouped)):
            blocks.append(_Block("heading", [slot.label]))
        items += [gap] if gap else []
        if question.is_action_plan and slot.pillar:
            for item in items:  # a statement that continues an action stays in its bullet
                joins = isinstance(item, Placed) and item.continues and blocks and blocks[-1].kind == "item"
                if joins and isinstance(blocks[-1].items[-1], Placed) and blocks[-1].items[-1].statement.id == item.continues:
                    blocks[-1].items.append(item)
                else:
                    blocks.append(_Block("item", [item]))
                if isinstance(item, Placed):  # its own "Who:", "When:" lines in its bullet
                    blocks[-1].items.extend(fields.get(item.statement.id, []))
        elif items:
            blocks.append(_Block("paragraph", items))
    for element in question.checks:  # form elements (the web address's scheme...) at the end
        if element.suffix in FORM_SUFFIXES and element.id in gaps:
            blocks.append(_Block("paragraph", [gaps[element.id]]))
    return blocks


# the plan's elements read per action (template spec 9.1: each action's timescale, its
# success measure, its owner or resource)
PER_ACTION = ("timescale", "impact_measure", "owner_resource")


def _fields_of_actions(question: Question, kept: list[Placed]) -> dict[str, list[Placed]]:
    """In a plan, the lines a lead writes under an action for its fields ("Who: the Head
    of Operations", "When: by June 2027", "KPI: 30 registered"): the labelled lines right
    after it in the same note that serve one of the elements read per action. They are
    written in the action's bullet, where a reader and the checker read an action's owner
    and timescale, and still count for their element; apart from it, the date seemed to
    belong to no action and the timescale was flagged missing. One that speaks of the
    whole plan ("The plan runs from ...") stays in its element's paragraph."""
    if not question.is_action_plan:
        return {}
    by_number = {_number(p.statement.id): p for p in kept}
    bullet_of: dict[str, str] = {}  # a statement -> the statement whose bullet it joins
    fields: dict[str, list[Placed]] = {}
    for number, p in sorted(by_number.items()):
        before = by_number.get(number - 1)
        if before is None or before.statement.note != p.statement.note or p.slot.pillar:
            continue
        # a field is a labelled line ("Who: ...", "By when: ..."); a sentence after the last
        # action ("Success is measured by the annual survey") may speak for the whole plan
        if p.slot.element_id.removeprefix(question.id + ".") not in PER_ACTION or not p.statement.label:
            continue
        if figure_kinds(p.statement.text) & PLAN_WIDE:
            continue
        host = before.statement.id if before.slot.pillar else bullet_of.get(before.statement.id)
        if host:
            bullet_of[p.statement.id] = host
            fields.setdefault(host, []).append(p)
    return fields


def _join(blocks: list[_Block], rows_apart: bool = True) -> tuple[str, dict[str, tuple[int, int]]]:
    """Blocks as text: a paragraph's statements run on as sentences, but a table's row stays
    a line of its own (``rows_apart``; stop 29: a RAG table's rows ran together into one
    sentence, and the checker no longer read each item's code and colour), and so does a line
    that carries its item's status as a mark (stops 30-31). Not in a plan,
    whose actions are bullets already: there a row left in an element's paragraph under the
    table's header read as a plan of one action."""
    text = ""
    positions: dict[str, tuple[int, int]] = {}
    for index, block in enumerate(blocks):
        if index:
            close = blocks[index - 1].kind == "heading" or (block.kind == "item" and blocks[index - 1].kind == "item")
            text += "\n" if close else "\n\n"
        if block.kind == "heading":
            text += block.items[0]
            continue
        text += "- " if block.kind == "item" else ""
        row_before = False
        for position, item in enumerate(block.items):
            row = rows_apart and isinstance(item, Placed) and (bool(row_cells(item.statement.text)) or carries_status(item.statement.text))
            text += ("\n" if row or row_before else " ") if position else ""
            row_before = row
            if isinstance(item, str):
                text += item
                continue
            positions[item.statement.id] = (len(text), len(text) + len(item.statement.text))
            text += item.statement.text + ("" if row or _ENDS_SENTENCE.search(item.statement.text) else ".")
    return text, positions


def _statement(p: Placed, positions: dict[str, tuple[int, int]], cut: set[str], applied: bool) -> Statement:
    start, end = positions.get(p.statement.id, (-1, -1))
    return replace(
        Statement(p.statement.id, p.statement.text, p.statement.note, p.slot.element_id, p.slot.key, p.slot.pillar, p.score, p.placed_by),
        start=start, end=end, cut_first=p.statement.id in cut and not applied, cut=p.statement.id in cut and applied,
    )
