"""Composing the text from placed statements: elements in the question's order, plans as
bullets under pillar headings, placeholders, the word limit and a length set in a turn."""

from __future__ import annotations

import re

from assistant.draft.compose import Placed, compose
from assistant.draft.questions import draft_slots, placeholder
from assistant.draft.session import DraftSession
from assistant.draft.statements import NoteStatement, note_statements
from domain import load_template

TEMPLATE = load_template()


def placed(question_id: str, *items: tuple[str, str, float], note: int = 0, continuing: tuple[str, ...] = ()) -> tuple:
    """(slot suffix or "general", statement text, score) -> the slots and Placed items (each
    with its label as the splitter reads it: "Lead: ..." -> "Lead");
    ``continuing``: the ids of statements that continue the one before them."""
    question = TEMPLATE.question(question_id)
    slots = draft_slots(question, TEMPLATE)
    by_key = {("general" if s.general else s.key.removeprefix(question_id + ".")): s for s in slots}
    return question, slots, [
        Placed(NoteStatement(f"s{i + 1}", text, note, label=note_statements([text])[0].label), by_key[key], score,
               continues=f"s{i}" if f"s{i + 1}" in continuing else "")
        for i, (key, text, score) in enumerate(items)
    ]


def test_statements_follow_the_questions_order_one_paragraph_per_element_with_gaps_marked():
    question, slots, items = placed(
        "renewal.q2",
        ("resources", "We give the group £20,000 a year", 0.5),
        ("governance", "A steering group chaired by the COO leads the work", 0.6),
        ("general", "We signed in 2019", 0.4),
        ("engagement", "Our technicians join the regional network", 0.5),
    )
    composition = compose(question, TEMPLATE, slots, items)
    paragraphs = composition.text.split("\n\n")
    assert paragraphs[:3] == ["We signed in 2019.", "A steering group chaired by the COO leads the work.", placeholder(question.element("reporting").fix)]
    assert paragraphs[3] == "We give the group £20,000 a year."
    assert paragraphs[-1] == placeholder(question.element("development").fix)
    missing = [e.id for e in composition.elements if e.missing]
    assert missing == ["renewal.q2.reporting", "renewal.q2.development"]
    for statement in composition.statements:
        assert composition.text[statement.start : statement.end] == statement.text


def test_placeholders_read_as_what_to_add():
    assert placeholder("Say which senior body the group reports to (e.g. executive board, senate, council).") == (
        "[Add: which senior body the group reports to (e.g. executive board, senate, council)]"
    )
    assert placeholder("Group the initiatives under pillar headings.") == "[Add: group the initiatives under pillar headings]"


def test_a_plan_is_written_as_actions_under_pillar_headings_the_checker_reads():
    question, slots, items = placed(
        "renewal.q6",
        ("pillar.visibility", "Publish team profiles by March 2026", 0.5),
        ("pillar.recognition", "Support 25 technicians to registration by 2028", 0.5),
        ("pillar.career_development", "Yearly development reviews from April 2026", 0.5),
        ("pillar.sustainability", "Three apprentices a year from September 2026", 0.5),
        ("impact_measure", "Success is measured by the annual technician survey", 0.5),
    )
    composition = compose(question, TEMPLATE, slots, items)
    assert "Visibility\n- Publish team profiles by March 2026.\n\nRecognition\n- Support" in composition.text
    statuses = {e.id: e.status for e in composition.elements}
    assert all(statuses[f"renewal.q6.pillar.{p}"] == "present" for p in TEMPLATE.pillar_ids)
    assert statuses["renewal.q6.timescale"] == "present"
    assert [e.id for e in composition.elements if e.missing] == ["renewal.q6.owner_resource"]


def test_initiatives_are_grouped_under_the_pillar_each_serves():
    question, slots, items = placed(
        "initial.q6",
        ("themes#recognition", "We ran registration workshops", 0.5),
        ("themes#visibility", "A technician network meets monthly", 0.5),
        ("themes#sustainability", "Two apprentices joined", 0.5),
    )
    composition = compose(question, TEMPLATE, slots, items)
    assert re.findall(r"^(Visibility|Recognition|Career Development|Sustainability)$", composition.text, re.M) == [
        "Visibility", "Recognition", "Sustainability",
    ]
    assert next(e for e in composition.elements if e.id == "initial.q6.themes").status == "present"


def test_over_the_forms_limit_the_statements_to_cut_first_are_marked_not_removed():
    long = " ".join(["word"] * 60)
    question, slots, items = placed("initial.q1", *[("general", f"Point {n} {long}", 0.1 * n) for n in range(1, 6)])
    composition = compose(question, TEMPLATE, slots, items)
    assert composition.word_count > 250 and "over the 250-word limit" in composition.warnings[0]
    marked = [s.id for s in composition.statements if s.cut_first]
    assert marked == ["s1"]  # the least fitting statement; 62 x 4 words then fit
    assert all(s.start >= 0 for s in composition.statements)


def test_a_length_set_in_a_turn_is_respected_sparing_the_newest_note_and_each_elements_last_statement():
    question, slots, items = placed(
        "renewal.q2",
        ("governance", "A steering group chaired by the chief operating officer oversees all of the work", 0.3),
        ("governance", "Five of its nine members are technicians chosen by their peers in an annual vote", 0.4),
        ("reporting", "The group reports each quarter to the executive board of the institute", 0.5),
    )
    newest = Placed(NoteStatement("s4", "We launched a technician newsletter in 2024", 1), items[0].slot, 0.1)
    composition = compose(question, TEMPLATE, slots, [*items, newest], target_words=40, latest_note=1)
    assert composition.word_count <= 40
    assert [s.id for s in composition.statements if s.cut] == ["s1"]
    assert "newsletter" in composition.text and "executive board" in composition.text


def test_a_statement_that_continues_an_action_stays_in_its_bullet():
    question, slots, items = placed(
        "renewal.q6", ("pillar.visibility", "Publish team profiles by March 2026", 0.5),
        ("pillar.visibility", "These will be refreshed every year", 0.4),
        ("pillar.visibility", "Hold an open day each June from 2026", 0.5), continuing=("s2",),
    )
    composition = compose(question, TEMPLATE, slots, items)
    assert "- Publish team profiles by March 2026. These will be refreshed every year.\n- Hold an open day" in composition.text
    assert all(composition.text[s.start : s.end] == s.text for s in composition.statements)


def test_a_length_never_cuts_a_statement_and_keeps_the_one_that_continues_it():
    question, slots, items = placed(
        "renewal.q2", ("resources", "We paid registration fees for eleven technical staff in 2024", 0.2),
        ("resources", "This tripled the number of registered technicians", 0.6),
        ("resources", "The steering group holds a budget of six thousand pounds a year", 0.5), continuing=("s2",),
    )
    composition = compose(question, TEMPLATE, slots, items, target_words=20)
    assert {s.id for s in composition.statements if s.cut} == {"s1", "s2"}  # s1 fits least; s2 says "This" of it
    assert "This" not in composition.text and composition.word_count <= 20


def test_with_no_notes_the_question_itself_is_a_placeholder():
    question, slots, _ = placed("initial.q2")
    composition = compose(question, TEMPLATE, slots, [])
    assert composition.text == placeholder(question.fix) and composition.word_count == 0


def test_a_mechanism_named_without_its_effect_on_the_plan_is_asked_only_for_that_effect():
    question, slots, items = placed(
        "stage_two.q7",
        ("mechanism", "Every technician was invited to a survey in May and 58% replied", 0.6),
        ("mechanism", "A forum of bench staff met four times", 0.5),
    )
    composition = compose(question, TEMPLATE, slots, items)
    mechanism = question.element("mechanism")
    assert placeholder(mechanism.partial_fix) in composition.text
    assert placeholder(mechanism.fix) not in composition.text  # the survey is there: not asked for again
    _question, _slots, none_named = placed("stage_two.q7", ("general", "Our technicians care a great deal about this plan", 0.4))
    assert placeholder(mechanism.fix) in compose(question, TEMPLATE, slots, none_named).text


def test_a_mechanism_that_fed_the_plan_leaves_no_placeholder():
    question, slots, items = placed(
        "stage_two.q7",
        ("mechanism", "A forum of bench staff met four times and its ideas became three actions of the plan", 0.6),
    )
    assert "[Add:" not in compose(question, TEMPLATE, slots, items).text


def test_an_actions_own_field_lines_are_written_in_its_bullet_and_keep_their_element():
    question, slots, items = placed(
        "initial.q5",
        ("pillar.visibility", "Open the workshops to visitors twice a year", 0.5),
        ("owner_resource", "Lead: Workshop Manager", 0.5),
        ("timescale", "When: from May 2026", 0.5),
        ("pillar.recognition", "Fund professional registration for ten technicians", 0.5),
        ("timescale", "Target date: March 2027", 0.5),
        ("timescale", "Timescale: the whole plan runs from April 2026 to March 2028", 0.5),
    )
    composition = compose(question, TEMPLATE, slots, items)
    assert "- Open the workshops to visitors twice a year. Lead: Workshop Manager. When: from May 2026.\n" in composition.text
    assert "- Fund professional registration for ten technicians. Target date: March 2027.\n" in composition.text
    # the plan's own period belongs to no action: it stays in the timescale's paragraph
    assert "\n\nTimescale: the whole plan runs from April 2026 to March 2028." in composition.text
    assert {s.id: s.element.removeprefix("initial.q5.") for s in composition.statements if s.id in ("s2", "s3")} == {
        "s2": "owner_resource", "s3": "timescale"}
    assert {e.id: e.status for e in composition.elements}["initial.q5.timescale"] == "present"
    assert all(composition.text[s.start : s.end] == s.text for s in composition.statements)


def test_a_plain_sentence_after_the_last_action_may_speak_for_the_whole_plan():
    question, slots, items = placed(
        "initial.q5",
        ("pillar.sustainability", "Two apprentices a year from September 2026", 0.5),
        ("impact_measure", "We will judge the plan by the yearly technician survey", 0.5),
    )
    text = compose(question, TEMPLATE, slots, items).text
    assert "- Two apprentices a year from September 2026.\n\nWe will judge" in text


def test_a_review_tables_rows_stay_lines_of_their_own_so_the_checker_reads_each_item():
    # Stop 29: rows run together into one sentence hid each item's code and colour; the
    # checker read one green action and no red item, so the reason given for A3 had nothing
    # to explain.
    question, slots, items = placed(
        "stage_two.q3",
        ("status", "A1\tTechnician profiles online\tGreen\tlive since May", 0.6),
        ("status", "A2\tRegistration cohort\tAmber\tsix of ten", 0.6),
        ("status", "A3\tShadowing scheme\tRed\tsee below", 0.6),
        ("red_explanations", "A3 stalled because the host lab closed; it moves into the new plan.", 0.5),
    )
    composition = compose(question, TEMPLATE, slots, items)
    assert "A1\tTechnician profiles online\tGreen\tlive since May\nA2\tRegistration cohort\tAmber\tsix of ten\nA3" in composition.text
    verdicts = {e.id: e.status for e in composition.elements}
    assert verdicts["stage_two.q3.status"] == "present"
    assert verdicts["stage_two.q3.red_explanations"] == "present"


def test_a_status_lists_symbol_lines_stay_lines_and_the_checker_reads_their_colours():
    # Stop 30: lines opening with a coloured circle ("🟢 Open day ...") are a status list,
    # one item a line (spec 9.2's "equivalents" of R/A/G); run together as sentences the
    # checker read no status at all.
    question, slots, items = placed(
        "renewal.q3",
        ("status", "🟢 Technician profiles online", 0.6),
        ("status", "🟠 Registration cohort, six of ten", 0.6),
        ("status", "🔴 Shadowing scheme", 0.6),
        ("red_explanations", "The shadowing scheme stalled because the host lab closed; it moves into the new plan.", 0.5),
    )
    composition = compose(question, TEMPLATE, slots, items)
    assert "🟢 Technician profiles online\n🟠 Registration cohort, six of ten\n🔴 Shadowing scheme" in composition.text
    status = next(e for e in composition.elements if e.id == "renewal.q3.status")
    assert status.status == "present" and "1 green, 1 amber, 1 red" in status.reason


def test_a_pasted_messages_greeting_keeps_its_own_comma_in_the_draft():
    # stop 32: "Hi Sam," became "Hi Sam,." when the draft closed each statement with a stop
    notes = "Hi Sam,\nWe have 48 technicians (44.2 FTE).\nThanks, Ann"
    draft = DraftSession(TEMPLATE.question("initial.q3"), embedder=None).start(notes)
    assert ",." not in draft.text and "Hi Sam," in draft.text
