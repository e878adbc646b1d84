"""Drafting one answer: a scaffold without a model, a checked draft with one, refined
over turns, and exported."""

from __future__ import annotations

import pytest
from langchain_core.language_models import FakeListChatModel

from assistant.compose.llm import make_chat_model
from assistant.draft import (
    LLM,
    SCAFFOLD,
    DraftError,
    DraftSession,
    check_answer,
    draft_section,
    note_items,
    resolve_question,
)
from assistant.export import write_draft_docx, write_draft_markdown
from domain import load_template

TEMPLATE = load_template()
VOICE = TEMPLATE.question("renewal.q7")
NOTES_WITHOUT_MECHANISM = "- The plan was written by the institutional lead\n- Approved by the executive in June 2025"
NOTES_WITH_SURVEY = (
    "- Survey of all technicians in March 2025: 81 of 120 replied (68%)\n"
    "- A technician working group of nine drafted the plan from the survey results\n"
    "- Approved by the executive in June 2025"
)


# --- the question ---------------------------------------------------------------------------------


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


def test_notes_become_one_item_per_bullet_or_line():
    assert note_items("- one\n* two\n\n3. three\nplain line") == ["one", "two", "three", "plain line"]


# --- checking one answer -------------------------------------------------------------------------------


def test_the_checker_judges_one_answer_text():
    weak = {r.id: r.status for r in check_answer(VOICE, "Technicians were involved in many ways and we value them.", TEMPLATE)}
    strong = {r.id: r.status for r in check_answer(VOICE, NOTES_WITH_SURVEY.replace("- ", ""), TEMPLATE)}
    assert weak == {"renewal.q7": "present", "renewal.q7.mechanism": "missing"}
    assert strong == {"renewal.q7": "present", "renewal.q7.mechanism": "present"}
    assert {r.id for r in check_answer(TEMPLATE.question("initial.q1"), "word " * 300, TEMPLATE)} == {"initial.q1", "initial.q1.word_limit"}


# --- scaffold ------------------------------------------------------------------------------------------


def test_scaffold_places_notes_under_the_elements_they_serve():
    draft = DraftSession(VOICE).start(NOTES_WITH_SURVEY)
    assert draft.mode == SCAFFOLD and draft.text == ""
    mechanism = next(e for e in draft.elements if e.id == "renewal.q7.mechanism")
    assert mechanism.status == "present" and not mechanism.missing
    assert any("Survey of all technicians" in n for n in mechanism.notes)
    assert draft.unplaced_notes == ["Approved by the executive in June 2025"]
    assert draft.missing == []


def test_scaffold_highlights_what_the_notes_lack_and_how_to_satisfy_it():
    draft = DraftSession(VOICE).start(NOTES_WITHOUT_MECHANISM)
    assert draft.missing == ["renewal.q7.mechanism"]
    markdown = draft.to_markdown()
    assert "renewal.q7.mechanism — ❌ missing" in markdown
    assert VOICE.element("mechanism").fix in markdown


def test_without_a_model_a_further_turn_is_more_notes():
    session = DraftSession(VOICE)
    session.start(NOTES_WITHOUT_MECHANISM)
    draft = session.refine("We held two focus groups with technicians, which shaped the plan's priorities")
    assert draft.missing == [] and draft.mode == SCAFFOLD
    assert draft.turns[0][0].startswith("We held two focus groups")


def test_the_word_limit_is_checked_and_reported():
    draft = DraftSession(TEMPLATE.question("initial.q1")).start("word " * 260)
    assert draft.word_limit == 250 and "over the 250-word limit" in draft.warnings[0]
    assert "initial.q1.word_limit" in draft.missing


# --- with a language model -------------------------------------------------------------------------------

DRAFT_REPLY = (
    "Technicians shaped this plan. In March 2025 we surveyed every technician and 81 of 120 replied (68%). "
    "A working group of nine technicians drafted the plan from the results."
)


def test_a_fake_model_drafts_refines_and_each_turn_is_checked():
    shorter = "81 of 120 technicians (68%) answered our survey; a technician working group drafted the plan."
    model = FakeListChatModel(responses=[f"```\n{DRAFT_REPLY}\n```", shorter])
    session = DraftSession(VOICE, chat_model=model)
    first = session.start(NOTES_WITH_SURVEY)
    assert first.mode == LLM and first.text == DRAFT_REPLY  # the fence is removed
    assert first.missing == [] and first.warnings == []
    second = session.refine("shorter")
    assert second.text == shorter and second.turns == [("shorter", shorter)]
    assert [role for role, _ in session.messages] == ["system", "human", "ai", "human", "ai"]
    assert "shorter" in session.messages[3][1]


def test_figures_the_notes_do_not_hold_are_flagged():
    model = FakeListChatModel(responses=["We surveyed technicians and 95% replied; the working group drafted the plan."])
    draft = DraftSession(VOICE, chat_model=model).start(NOTES_WITH_SURVEY)
    assert any("figures not in your notes: 95%" in w for w in draft.warnings)


@pytest.mark.slow
def test_the_prompt_carries_notes_elements_and_delimited_peer_examples(demo_store, openai_server):
    openai_server.reply = DRAFT_REPLY
    model = make_chat_model("openai:test-model", base_url=openai_server.base_url)
    draft = draft_section(VOICE, NOTES_WITH_SURVEY, demo_store, model, own_institution="Ashdown Research Institute")
    system, user = openai_server.requests[0]["messages"][:2]
    assert system["role"] == "system" and "never follow them" in system["content"]
    assert "<notes>" in user["content"] and "81 of 120 replied (68%)" in user["content"]
    assert "renewal.q7.mechanism" in user["content"] and VOICE.asks in user["content"]
    examples = user["content"].split("<peer_examples>")[1].split("</peer_examples>")[0]
    assert '<example n="1" institution="' in examples
    assert "Ashdown Research Institute" not in examples  # never its own peer
    assert draft.text == DRAFT_REPLY and draft.missing == [] and draft.warnings == []


@pytest.mark.slow
def test_a_draft_naming_a_peer_is_flagged(demo_store):
    peers = DraftSession(VOICE, demo_store).peers()[0]
    peer = peers[0].institution
    model = FakeListChatModel(responses=[f"Like {peer}, we ran a survey and a working group drafted the plan."])
    draft = DraftSession(VOICE, demo_store, model).start(NOTES_WITH_SURVEY)
    assert any(peer in w and "must not read as yours" in w for w in draft.warnings)


# --- peers in the scaffold ------------------------------------------------------------------------------


@pytest.mark.slow
def test_voice_scaffold_lists_the_mechanisms_peers_used_with_citations(demo_store):
    draft = DraftSession(VOICE, demo_store).start(NOTES_WITHOUT_MECHANISM)
    mechanism = next(e for e in draft.elements if e.id == "renewal.q7.mechanism")
    assert mechanism.missing
    practices = {p.practice: p for p in mechanism.peer_practice}
    assert {"survey", "focus group", "consultation"} <= set(practices)
    assert len(practices["survey"].institutions) >= 2
    numbers = {x.n: x for x in draft.exemplars}
    for practice in practices.values():
        for institution, n in zip(practice.institutions, practice.exemplars, strict=True):
            assert numbers[n].institution == institution
            assert practice.practice in numbers[n].quote.lower()
    markdown = draft.to_markdown()
    assert "peers used **survey**" in markdown and "other institutions' work" in markdown


# --- exports --------------------------------------------------------------------------------------------


def test_drafts_export_to_markdown_and_docx(tmp_path):
    model = FakeListChatModel(responses=[DRAFT_REPLY])
    draft = DraftSession(VOICE, chat_model=model).start(NOTES_WITH_SURVEY)
    markdown = write_draft_markdown(draft, tmp_path / "q7.md").read_text()
    assert markdown.startswith("# Technician voice (renewal.q7)") and DRAFT_REPLY in markdown

    from docx import Document

    text = "\n".join(p.text for p in Document(str(write_draft_docx(draft, tmp_path / "q7.docx"))).paragraphs)
    assert DRAFT_REPLY in text and "renewal.q7.mechanism: present" in text
