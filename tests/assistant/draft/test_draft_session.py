"""Refining a draft in turns, as a lead would: add a note, drop or move a statement, set
a length, ask how others wrote an element; the session is saved and picked up again."""

from __future__ import annotations

import json

import pytest

from assistant.draft import NOTES, DraftError, DraftSession, resolve_question
from domain import load_template

pytestmark = pytest.mark.slow
TEMPLATE = load_template()
GOVERNANCE = TEMPLATE.question("renewal.q2")
NOTES_Q2 = (
    "- A steering group chaired by the Chief Operating Officer leads our Commitment work\n"
    "- The group sends a progress report to the Executive Board every quarter\n"
    "- We set aside a budget of £20,000 a year for the Commitment"
)


@pytest.fixture()
def session(demo_store, tmp_path) -> DraftSession:
    drafting = DraftSession(GOVERNANCE, demo_store, own_institution="University of Westmarch", data_dir=tmp_path)
    drafting.start(NOTES_Q2)
    return drafting


def test_the_first_draft_is_the_notes_in_the_questions_order_with_its_gaps(session):
    draft = session.draft
    assert draft.mode == NOTES and draft.session == session.id
    assert [s.element for s in draft.statements] == ["renewal.q2.governance", "renewal.q2.reporting", "renewal.q2.resources"]
    assert draft.missing == ["renewal.q2.engagement", "renewal.q2.development"]
    assert draft.text.index("steering group") < draft.text.index("Executive Board") < draft.text.index("[Add: internal networks")


def test_a_note_added_in_a_turn_is_placed_and_the_coverage_updates(session):
    draft = session.refine("also: our technicians joined the regional technician network and its annual conference in 2024")
    added = draft.statements[-1]
    assert added.id == "s4" and added.element == "renewal.q2.engagement" and added.start >= 0
    assert "renewal.q2.engagement" not in draft.missing
    assert draft.turns[-1].kind == "notes" and "s4 under renewal.q2.engagement" in draft.turns[-1].reply


def test_dropping_and_moving_statements(session):
    draft = session.refine("drop s3")
    assert [s.id for s in draft.dropped] == ["s3"] and "£20,000" not in draft.text
    assert "renewal.q2.resources" in draft.missing
    draft = session.refine("move s2 to governance")
    moved = next(s for s in draft.statements if s.id == "s2")
    assert moved.element == "renewal.q2.governance" and moved.placed_by == "you"
    with pytest.raises(DraftError, match="no statement s9"):
        session.refine("drop s9")


def test_a_statement_that_continues_another_goes_with_it_when_moved_unless_you_move_it(session):
    def where(draft) -> dict[str, tuple[str, str]]:
        return {s.id: (s.element, s.placed_by) for s in draft.statements if s.id in ("s4", "s5")}

    draft = session.refine("also: We started a technician network in 2022 with 140 members. "
                           "It meets every month to share news and ideas.")
    started, meets = (next(s for s in draft.statements if s.id == i) for i in ("s4", "s5"))
    assert started.element == meets.element == "renewal.q2.engagement"
    assert draft.text[started.end : meets.start] == " "  # one paragraph, side by side
    draft = session.refine("move s4 to development")  # the pair goes together
    assert where(draft) == {"s4": ("renewal.q2.development", "you"), "s5": ("renewal.q2.development", "you")}
    assert "Moved s4, with s5, which continues it, under renewal.q2.development" in draft.turns[-1].reply
    draft = session.refine("move s5 to engagement")  # your own move wins over the link
    assert where(draft) == {"s4": ("renewal.q2.development", "you"), "s5": ("renewal.q2.engagement", "you")}
    draft = session.refine("drop s4")
    assert where(draft) == {"s5": ("renewal.q2.engagement", "you")}


def test_a_continuing_statement_that_serves_another_element_stays_there_when_the_first_moves(session):
    draft = session.refine("also: We paid professional registration fees for 17 technical staff from 2021. "
                           "This tripled the number of registered technicians in the Faculty.")
    paid, tripled = (next(s for s in draft.statements if s.id == i) for i in ("s4", "s5"))
    assert paid.element != tripled.element  # placed by what each says, read with the one before
    # its "This" points back to a statement under another element: the draft says so
    assert any(w.startswith("s5 opens by pointing back to s4") and "move s5 to" in w for w in draft.warnings)
    draft = session.refine("move s4 to development")
    assert next(s for s in draft.statements if s.id == "s5").element == tripled.element
    assert "Moved s4 under renewal.q2.development" in draft.turns[-1].reply
    draft = session.refine("move s5 to development")  # together again: nothing to warn of
    assert not any(w.startswith("s5 opens") for w in draft.warnings)


def test_a_length_is_respected_and_can_be_cleared(session):
    before = session.draft.word_count
    draft = session.refine("20 words")
    assert draft.target_words == 20 and draft.word_count <= 20 < before
    assert any(s.cut for s in draft.statements)
    draft = session.refine("no limit")
    assert draft.target_words is None and draft.word_count == before


def test_asking_how_others_wrote_an_element_answers_from_peers_with_citations(session):
    session.refine("also: technicians from every site join our monthly technician forum")
    draft = session.refine("How did others evidence this?")
    turn = draft.turns[-1]
    assert turn.kind == "ask" and turn.cited and "renewal.q2.engagement" in turn.reply
    for n in turn.cited:
        cited = draft.exemplar(n)
        assert cited.institution != "University of Westmarch" and f"[{n}]" in turn.reply
        assert cited.element == "renewal.q2.engagement"
    last_quote, status = turn.reply.rsplit("\n\n", 1)
    assert last_quote.rstrip().endswith("]") and status.startswith(("Still missing", "Every element"))  # not glued to the last quote
    draft = session.refine("how did others describe their budget?")
    assert draft.exemplar(draft.turns[-1].cited[0]).element == "renewal.q2.resources"


def test_a_session_is_saved_after_each_turn_and_resumed(session, demo_store, tmp_path):
    session.refine("also: a technician forum meets every month")
    session.refine("30 words")
    saved = tmp_path / "drafts" / f"{session.id}.json"
    assert json.loads(saved.read_text())["question_id"] == "renewal.q2"
    resumed = DraftSession.resume(tmp_path, session.id, demo_store)
    assert resumed.draft.text == session.draft.text and resumed.draft.target_words == 30
    assert [t.instruction for t in resumed.draft.turns] == ["also: a technician forum meets every month", "30 words"]
    resumed.refine("drop s1")
    assert DraftSession.resume(tmp_path, session.id, demo_store).draft.dropped[0].id == "s1"


def test_bad_sessions_are_refused_by_name(tmp_path):
    with pytest.raises(DraftError, match="no draft session 'renewal-q2-x'"):
        DraftSession.resume(tmp_path, "renewal-q2-x")
    with pytest.raises(DraftError, match="not a draft session id"):
        DraftSession.resume(tmp_path, "../../etc/passwd")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "broken.json").write_text("{not json")
    with pytest.raises(DraftError, match="broken.json: cannot read"):
        DraftSession.resume(tmp_path, "broken")


def test_a_refinement_needs_a_draft_first(minilm):
    with pytest.raises(DraftError, match="start a draft"):
        DraftSession(GOVERNANCE, embedder=minilm).refine("drop s1")


@pytest.mark.parametrize(
    ("question", "stage", "expected"),
    [("renewal.q7", None, "renewal.q7"), ("7", "renewal", "renewal.q7"), ("q5", "Stage Two", "stage_two.q5"), ("1", "initial", "initial.q1")],
)
def test_questions_resolve_from_ids_or_numbers_with_a_stage(question, stage, expected):
    assert resolve_question(TEMPLATE, question, stage).id == expected


@pytest.mark.parametrize(("question", "stage"), [("7", None), ("9", "renewal"), ("renewal.q12", None), ("seven", "renewal")])
def test_bad_questions_are_refused_by_name(question, stage):
    with pytest.raises(DraftError):
        resolve_question(TEMPLATE, question, stage)


def test_asking_how_others_did_this_when_nothing_is_missing_answers_from_the_whole_question(corpus_store, tmp_path):
    """With every element covered, "this" is the question: peers' sentences for any of its
    elements answer, not only the question's own context (which, in a question asking for
    one thing, holds nothing of theirs on the shared corpus)."""
    voice = DraftSession(TEMPLATE.question("stage_two.q7"), corpus_store, own_institution="University of Westmarch", data_dir=tmp_path)
    voice.start("- Technicians voted on the draft actions in an online survey\n- The technician forum reviewed the plan twice")
    assert not voice.draft.missing
    turn = voice.refine("how did others evidence this?").turns[-1]
    assert turn.kind == "ask" and turn.cited
