"""The placement rules of stop 28 (issue 12, blind28's classes), with no embedder: only the
vocabulary, the kinds of item an element asks for and the plan's own labels decide."""

from __future__ import annotations

from assistant.draft.placement import Placer, VectorCache
from assistant.draft.questions import draft_slots
from domain import load_template

TEMPLATE = load_template()


def _labels(question: str, texts: list[str], hints: list[str] | None = None) -> list[str]:
    placer = Placer(draft_slots(TEMPLATE.question(question), TEMPLATE), VectorCache(None))
    return [p.slot.label for p in placer.place(texts, hints)]


def test_a_plan_rows_pillar_cell_names_its_pillar():
    # Spec 9.1: a pillar column is the plan's own label for the action; the row's other
    # cells (a survey to run, a date, an owner) are part of the same action.
    rows = [
        "A7 | Visibility | Publish survey data on technical roles every term | from May 2026 | Head of Operations",
        "B2\tSustainability\tTrack the target for succession each year\tJan 2026 - Dec 2027",
    ]
    assert _labels("stage_two.q6", rows) == ["Visibility", "Sustainability"]
    # under a heading that names no pillar, too
    assert _labels("stage_two.q6", rows[:1], ["Plan for 2026 to 2029"]) == ["Visibility"]
    # a sentence that only mentions a pillar is not a row that names one
    assert _labels("stage_two.q6", ["Success is measured by survey data on visibility"]) == ["impact_measure"]
