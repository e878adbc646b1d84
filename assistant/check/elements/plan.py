"""Action-plan elements (template spec 9.1): pillar coverage, a timescale per action,
how impact is evidenced, who owns or resources each action, and the plan's horizon.

Actions come from the plan's tables (ingest's ``parse_actions`` over the answer's own
sections and any in-file appendix it names); a plan written as bullets or numbered
items under pillar headings is read item by item. Pillars are the plan's own labels;
only a plan with no labels at all is classified by meaning (pillar keywords).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from assistant.check.elements.context import QuestionContext, mentioned
from assistant.check.finding import Finding, attached, judged, missing, not_applicable, present
from assistant.check.segments import Region
from domain import PILLAR_IDS, ElementCheck, fold, load_template
from ingest.actions import parse_actions
from ingest.models import ActionRecord
from ingest.structure.dates import find_periods
from ingest.structure.lines import is_bullet, pillar_label
from ingest.structure.tables import split_cells

_NUMBERED_ITEM = re.compile(r"^\s*(?:[A-Z]{0,2}\d{1,2}(?:\.\d{1,2})?[.):]?)\s+\S")
_PLAN_IMPACT_WORDS = ("impact", "success", "progress", "outcome")
_PLAN_MEASURING_WORDS = ("measure", "evidence", "KPI", "indicator", "monitor", "track", "evaluate", "report", "survey")
MIN_STATEMENT_WORDS = 8


@dataclass(frozen=True)
class PlanReading:
    actions: list[ActionRecord]
    source: str  # "table" | "list" | "none"
    labelled: bool  # the plan carries its own pillar labels
    statements: list[str]  # plan prose outside the actions (plan-level measures, resourcing)


def read_plan(ctx: QuestionContext) -> PlanReading:
    return ctx.memo("plan", _read_plan)


def _read_plan(ctx: QuestionContext) -> PlanReading:
    sections = ctx.sections()
    actions = parse_actions(ctx.reading.raw, ctx.reading.pages, sections) if sections else []
    source = "table"
    if not actions:
        actions = [a for region in ctx.answer.content for a in _list_actions(region)]
        source = "list" if actions else "none"
    labelled = any(action.pillar for action in actions)
    if not labelled:
        actions = [_classified(action) for action in actions]
    return PlanReading(actions, source, labelled, _statements(ctx, actions))


def _list_actions(region: Region) -> list[ActionRecord]:
    """Bullets or numbered items, each under the pillar label above it."""
    actions: list[ActionRecord] = []
    pillar: str | None = None
    for line, page in zip(region.lines, region.pages, strict=True):
        label = pillar_label(line)
        if label:
            pillar = label
        elif is_bullet(line) or _NUMBERED_ITEM.match(line):
            periods = find_periods(line)
            actions.append(
                ActionRecord(
                    pillar=pillar,
                    number=str(len(actions) + 1),
                    activity=line.strip(" •-*\t"),
                    timescale=line if periods else "",
                    start=periods[0].start if periods else None,
                    end=periods[-1].end if periods else None,
                    page=page,
                )
            )
    return actions


def _classified(action: ActionRecord) -> ActionRecord:
    """A pillar by meaning, for plans without labels: the pillar whose keywords the
    action mentions most (none on a tie)."""
    text = " ".join((action.activity, action.description))
    scores = {p.id: len(mentioned(text, p.keywords)) for p in load_template().pillars}
    best = max(scores.values())
    winners = [pillar for pillar, score in scores.items() if score == best]
    if best == 0 or len(winners) > 1:
        return action
    return ActionRecord(**{**action.__dict__, "pillar": winners[0]})


def _statements(ctx: QuestionContext, actions: list[ActionRecord]) -> list[str]:
    """Plan prose that is not (part of) a table cell: intros, resourcing and measures
    paragraphs."""
    cells = {fold(value) for a in actions for value in _cells(a) if value}
    statements = []
    for region in ctx.answer.content:
        for line in region.lines:
            folded = fold(line)
            if split_cells(line) or len(line.split()) < MIN_STATEMENT_WORDS:
                continue
            if any(folded in cell for cell in cells):
                continue
            statements.append(line.strip())
    return statements


def _cells(action: ActionRecord) -> tuple[str, ...]:
    return (action.activity, action.description, action.timescale, action.owner, action.success_measure)


def _label(action: ActionRecord, index: int) -> str:
    return action.number or str(index + 1)


# --- detectors ----------------------------------------------------------------------


def assessable(ctx: QuestionContext) -> Finding | None:
    """The shared verdict when the plan's rows cannot be judged from the file."""
    plan = read_plan(ctx)
    if plan.actions:
        return None
    if ctx.answer.deferred:
        return attached("the plan itself is in a separate document: " + ctx.answer.deferred.reason)
    return None


def pillar_coverage(ctx: QuestionContext, element: ElementCheck) -> Finding:
    verdict = assessable(ctx)
    if verdict:
        return verdict
    plan = read_plan(ctx)
    covered = _covered_pillars(ctx, plan)
    missing_pillars = [p for p in PILLAR_IDS if p not in covered]
    name = load_template().pillar(element.pillar).name
    how = "by the plan's own labels" if plan.labelled else "classified by meaning (the plan has no pillar labels)"
    count = covered.get(element.pillar, 0)
    return judged(
        count > 0,
        f"{count} action(s) under {name}, {how}",
        f"no action of the plan sits under {name} ({how})",
        missing_pillars=missing_pillars,
    )


def _covered_pillars(ctx: QuestionContext, plan: PlanReading) -> dict[str, int]:
    counts: dict[str, int] = {}
    for action in plan.actions:
        if action.pillar:
            counts[action.pillar] = counts.get(action.pillar, 0) + 1
    if not plan.actions:  # prose plan: pillar headings inside the answer
        for region in ctx.answer.content:
            for line in region.lines:
                label = pillar_label(line)
                if label:
                    counts[label] = counts.get(label, 0) + 1
    return counts


def timescale(ctx: QuestionContext, element: ElementCheck) -> Finding:
    verdict = assessable(ctx)
    if verdict:
        return verdict
    plan = read_plan(ctx)
    if not plan.actions:
        return missing("no actions with timescales could be read from the plan")
    without = [_label(a, i) for i, a in enumerate(plan.actions) if not has_timescale(a.timescale)]
    return judged(
        not without,
        f"all {len(plan.actions)} actions have a timescale",
        f"{len(without)} of {len(plan.actions)} actions have no timescale (blank, TBC or no date)",
        _first_page(plan.actions, without),
        rows_without_timescale=without,
    )


def has_timescale(text: str) -> bool:
    """A date, month, term, quarter or year range; blank, TBC, TBD and dashes fail."""
    failing = {fold(value) for value in load_template().lexicon.failing_timescales}
    return fold(text.strip()) not in failing and bool(find_periods(text))


def impact_measure(ctx: QuestionContext, element: ElementCheck) -> Finding:
    verdict = assessable(ctx)
    if verdict:
        return verdict
    plan = read_plan(ctx)
    if not plan.actions:
        return missing("no actions could be read from the plan to check their measures")
    statement = next((s for s in plan.statements if _states_plan_measures(s)), None)
    if statement:
        return present("the plan states how its impact will be evidenced as a whole")
    cues = load_template().lexicon.impact_measure_cues
    without = _rows_lacking(plan.actions, "success_measure", cues)
    return judged(
        not without,
        "every action says how its success will be evidenced",
        f"{len(without)} of {len(plan.actions)} actions give no success measure",
        _first_page(plan.actions, without),
        rows_without_measure=without,
    )


def _rows_lacking(actions, field: str, cues, labels: tuple[str, ...] = ()) -> list:
    """Labels of actions whose ``field`` column is empty and whose own words do not say
    it either (a measure or owner written into the description, or given as a field under
    one of ``labels``, still counts)."""
    return [_label(a, i) for i, a in enumerate(actions) if not getattr(a, field).strip() and not _says(a, cues, labels)]


def _says(action: ActionRecord, cues, labels: tuple[str, ...]) -> bool:
    text = f"{action.activity} {action.description}"
    return bool(mentioned(text, cues)) or gives_field(text, labels)


# A field opens the text, a sentence, a clause or a cell: "... Sept 2026. How much: £4,000".
_FIELD_START = r"(?:^|(?<=[.;!?|\t(•])|(?<=\s[-–—]))\s*"
_FIELD_VALUE_END = re.compile(r"[.;|\t]")
_NEXT_FIELD = re.compile(r"^[^\W\d][\w ]{0,25}:")  # "Who: When: May": the value is the next field


def gives_field(text: str, labels: tuple[str, ...]) -> bool:
    """Whether ``text`` gives a field under one of ``labels`` ("Who: HR Business Partner",
    "How much: 4,000 pounds"): the whole label before a colon where a field starts, and a
    value that is not blank or a placeholder ("Who: TBC"). Only as a label: "who" in a
    sentence ("technicians who train others") names no one."""
    if not labels:
        return False
    for match in _field_pattern(labels).finditer(text):
        value = _FIELD_VALUE_END.split(text[match.end() :], maxsplit=1)[0].strip()
        if any(ch.isalnum() for ch in value) and not _placeholder(value) and not _NEXT_FIELD.match(value):
            return True
    return False


@lru_cache(maxsize=16)
def _field_pattern(labels: tuple[str, ...]) -> re.Pattern:
    names = sorted((r"\s+".join(map(re.escape, label.split())) for label in labels), key=len, reverse=True)
    return re.compile(rf"{_FIELD_START}(?:{'|'.join(names)})s?\s*:", re.I)


def _placeholder(value: str) -> bool:
    """A value standing for one still to come: "TBC", "TBD", "[insert owner]"."""
    folded = fold(value)
    return folded.startswith("[") or folded in {fold(p) for p in load_template().lexicon.placeholders}


def _states_plan_measures(sentence: str) -> bool:
    return bool(mentioned(sentence, _PLAN_IMPACT_WORDS)) and bool(
        mentioned(sentence, _PLAN_MEASURING_WORDS)
    )


def owner_resource(ctx: QuestionContext, element: ElementCheck) -> Finding:
    verdict = assessable(ctx)
    if verdict:
        return verdict
    plan = read_plan(ctx)
    if not plan.actions:
        return missing("no actions could be read from the plan to check their owners")
    lexicon = load_template().lexicon
    cues = lexicon.owner_cues + lexicon.resource_cues
    without = _rows_lacking(plan.actions, "owner", cues, lexicon.owner_labels + lexicon.resource_labels)
    return judged(
        not without,
        "every action names an owner or a resource",
        f"{len(without)} of {len(plan.actions)} actions name no owner or resource",
        _first_page(plan.actions, without),
        rows_without_owner=without,
    )


def horizon(ctx: QuestionContext, element: ElementCheck) -> Finding:
    verdict = assessable(ctx)
    if verdict:
        return verdict
    submitted = iso_date(ctx.reading.meta.date)
    ends = [end for a in read_plan(ctx).actions if (end := planned_end(a))]
    if submitted is None or not ends:
        return not_applicable("needs a sign-off date and dated actions")
    months = ctx.reading.stage.plan_horizon_months + load_template().lexicon.horizon_tolerance_months
    limit = add_months(submitted, months)
    latest = max(ends)
    return judged(
        latest <= limit,
        f"the plan ends by {latest.isoformat()}, within {ctx.reading.stage.plan_horizon_months} months of submission",
        f"the plan runs to {latest.isoformat()}, beyond {limit.isoformat()} "
        f"({ctx.reading.stage.plan_horizon_months} months from submission plus slack)",
        latest_end=latest.isoformat(),
        limit=limit.isoformat(),
    )


def planned_end(action: ActionRecord) -> date | None:
    """When an action ends; a bare year ("2025-2028") may end any time that year, so it
    counts from the year's first day."""
    periods = find_periods(action.timescale)
    if periods and len(periods[-1].iso) == 4:
        return date(int(periods[-1].iso), 1, 1)
    return action.end


def iso_date(text: str | None) -> date | None:
    """A date from ISO text of day, month or year precision (first day of the period)."""
    if not text:
        return None
    parts = [int(part) for part in text.split("-")[:3]]
    return date(parts[0], *(parts[1:] + [1, 1])[:2])


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, 28))


def _first_page(actions: list[ActionRecord], labels: list[str]) -> int | None:
    pages = [a.page for i, a in enumerate(actions) if _label(a, i) in labels and a.page]
    return pages[0] if pages else None

