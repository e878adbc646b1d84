"""The checker on one answer's text (a draft being written, a peer's section)."""

from __future__ import annotations

from assistant.check.answer_text import judge_answer_text, read_answer_text
from assistant.check.examples import counterpart_ids
from domain import load_template

TEMPLATE = load_template()
VOICE = TEMPLATE.question("renewal.q7")
SURVEY = "Survey of all technicians in March 2025: 81 of 120 replied.\nA technician working group drafted the plan from the survey results."


def statuses(question_id: str, text: str) -> dict[str, str]:
    return {r.id: r.status for r in judge_answer_text(TEMPLATE.question(question_id), text, TEMPLATE)}


def test_one_answer_is_judged_question_and_elements():
    assert statuses("renewal.q7", "Technicians were involved in many ways and we value them.") == {
        "renewal.q7": "present", "renewal.q7.mechanism": "missing",
    }
    assert statuses("renewal.q7", SURVEY) == {"renewal.q7": "present", "renewal.q7.mechanism": "present"}
    assert set(statuses("initial.q1", "word " * 300)) == {"initial.q1", "initial.q1.word_limit"}
    assert statuses("initial.q1", "word " * 300)["initial.q1.word_limit"] == "missing"


def test_pillar_heading_lines_open_pillar_sections():
    text = "Visibility\nWe launched a newsletter that reaches every member of staff each term.\nRecognition\nEighteen technicians are now registered with the Science Council."
    found = statuses("stage_two.q2", text)
    assert found["stage_two.q2.pillar.visibility"] == "present" and found["stage_two.q2.pillar.recognition"] == "present"
    assert found["stage_two.q2.pillar.sustainability"] == "missing"


def test_a_question_that_shares_a_prompt_is_read_from_its_part_of_the_shared_answer():
    plan_answer = (
        "Our plan has twelve actions grouped by theme, each with a named owner and dates.\n"
        "Technician voice: a survey of all technicians and two focus groups shaped the plan's priorities."
    )
    voice = read_answer_text(TEMPLATE.question("stage_two.q7"), plan_answer, TEMPLATE)
    assert voice.text.startswith("Technician voice:") and "twelve actions" not in voice.text
    assert statuses("stage_two.q7", SURVEY)["stage_two.q7.mechanism"] == "present"  # a draft of it stands alone


def test_counterparts_share_a_role_a_title_or_two_elements():
    assert counterpart_ids(TEMPLATE.question("renewal.q2")) == ["renewal.q2", "stage_two.q1"]
    assert counterpart_ids(TEMPLATE.question("stage_two.q1")) == ["stage_two.q1", "renewal.q2"]
    assert counterpart_ids(TEMPLATE.question("stage_two.q2")) == ["stage_two.q2"]  # pillar elements, but not a plan
