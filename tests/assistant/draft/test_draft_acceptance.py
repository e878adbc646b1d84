"""Acceptance: notes written for every question of every stage (``notes/*.toml``, labelled
by hand from the template's definitions) become a draft in which each statement sits
under an element it serves, appears exactly once in ``text`` (at its recorded position),
and every element the notes leave out shows its placeholder.

The placement rule was chosen on a separate tuning set (``bench/draft_placement.py``);
these labels were written before the first run and never changed to fit it. Questions
where placement stays below 90% are marked ``xfail(strict=True)``: the shortfall is
recorded (docs/drafting.md), and the mark must go when a better rule reaches the bar.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.draft import DraftSession, note_statements
from domain import load_template
from tests.support.labelled_notes import load_note_sets, placed_right

pytestmark = pytest.mark.slow
NOTES = Path(__file__).parent / "notes"
TEMPLATE = load_template()
REQUIRED_SHARE = 0.9
# Below 90% with all-MiniLM-L6-v2, the template's descriptions and the worked examples
# (measured, not tuned away: docs/drafting.md; none since stop 33):
BELOW_BAR: set[str] = set()
# ... and where a statement placed under a left-out element by mistake hides its placeholder:
PLACEHOLDER_HIDDEN: set[str] = set()


SETS = load_note_sets(NOTES, TEMPLATE)


def test_every_question_of_every_stage_has_notes_of_six_to_ten_statements():
    assert set(SETS) == {q.id for stage in TEMPLATE.stages for q in stage.questions}
    for notes in SETS.values():
        assert 6 <= len(notes["statements"]) <= 10, notes["id"]
    paragraphs = [n for n in SETS.values() if "\n" not in n["notes"].strip()]
    assert len(paragraphs) >= 6  # some sets are one paragraph of sentences


@pytest.fixture(scope="module")
def drafts(minilm) -> dict:
    """Each set drafted once with the real embedding model and no store."""
    return {qid: DraftSession(TEMPLATE.question(qid), embedder=minilm).start(notes["notes"]) for qid, notes in SETS.items()}


@pytest.mark.parametrize("question_id", sorted(SETS))
def test_notes_split_into_the_labelled_statements(question_id):
    assert [s.text for s in note_statements([SETS[question_id]["notes"]])] == [s[0] for s in SETS[question_id]["statements"]]


@pytest.mark.parametrize(
    "question_id",
    [pytest.param(q, marks=pytest.mark.xfail(strict=True, reason="placement below 90% (docs/drafting.md)")) if q in BELOW_BAR else q
     for q in sorted(SETS)],
)
def test_statements_are_placed_under_the_elements_they_serve(drafts, question_id):
    right = placed_right(SETS[question_id], question_id, drafts[question_id])
    assert sum(right) / len(right) >= REQUIRED_SHARE


def test_over_all_questions_at_least_nine_in_ten_statements_are_placed_right(drafts):
    right = [hit for qid, draft in drafts.items() for hit in placed_right(SETS[qid], qid, draft)]
    assert sum(right) / len(right) >= REQUIRED_SHARE


@pytest.mark.parametrize("question_id", sorted(SETS))
def test_every_statement_is_in_the_text_exactly_once_where_it_says(drafts, question_id):
    draft = drafts[question_id]
    assert len(draft.statements) == len(SETS[question_id]["statements"])
    for statement in draft.statements:
        assert draft.text[statement.start : statement.end] == statement.text
        assert draft.text.count(statement.text) == 1


@pytest.mark.parametrize(
    "question_id",
    [pytest.param(q, marks=pytest.mark.xfail(strict=True, reason="a misplaced statement fills the element")) if q in PLACEHOLDER_HIDDEN
     else q for q in sorted(q for q, n in SETS.items() if n.get("absent"))],
)
def test_each_element_the_notes_leave_out_has_a_placeholder(drafts, question_id):
    draft = drafts[question_id]
    for element_id in SETS[question_id]["absent"]:
        element = next(e for e in draft.elements if e.id == element_id)
        assert element.missing and element.placeholder.startswith("[Add: ")
        assert draft.text.count(element.placeholder) == 1
