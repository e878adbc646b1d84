"""Two readings of template spec 9: a plan action's owner or resource given as a labelled
field ("Who: ...", "How much: ..."; 9.1 ``.owner_resource``), and a red item explained by
a sentence that names it by its code or title (9.2 ``.red_explanations``)."""

from __future__ import annotations

from assistant.check import check_file
from assistant.check.answer_text import judge_answer_text
from assistant.check.elements.rag_items import listing
from domain import load_template
from tests.support.check_drafts import write_draft

TEMPLATE = load_template()


def results(question_id: str, text: str) -> dict:
    return {r.id: r for r in judge_answer_text(TEMPLATE.question(question_id), text, TEMPLATE)}


# --- 9.1 .owner_resource: a field's label names the owner or the resource --------------------

# The actions name no owner or resource in their own words (no "lead", "budget", "cost"...).
PLAN = """Visibility
- Technician profiles on every faculty web page. {v1} When: March 2027
Recognition
- Registration drive for technicians, with mentoring. {r1} When: June 2027
Career Development
- Career pathway for farm roles. {c1} When: Sept 2026
Sustainability
- Two apprenticeships in the workshops. {s1} When: Sept 2027
"""


def owner_details(**fields: str) -> tuple[str, list[str]]:
    text = PLAN.format(**{key: fields.get(key, "") for key in ("v1", "r1", "c1", "s1")})
    found = results("renewal.q6", text)["renewal.q6.owner_resource"]
    return found.status, found.details["rows_without_owner"]


def test_who_and_how_much_fields_name_an_owner_and_a_resource():
    assert owner_details(
        v1="Who: Marketing Manager.", r1="How much: £4,000 from the staff development pot.",
        c1="Who: HR Business Partner. How much: 4,000 pounds.", s1="How much: £12,000.",
    ) == ("present", [])


def test_other_labels_of_an_owner_or_a_resource_count_as_fields():
    assert owner_details(
        v1="Responsibility: Marketing Manager.", r1="Resourcing: two days a month from the registered staff.",
        c1="By whom: HR Business Partner.", s1="Owners: Workshop Managers.",
    ) == ("present", [])


def test_who_counts_only_as_a_label_with_a_value():
    status, without = owner_details(
        v1="Who: Marketing Manager.",  # a field
        r1="Technicians who are registered mentor the applicants.",  # "who" in a sentence
        c1="Who: TBC.",  # a placeholder
        s1="Who:",  # a blank field
    )
    assert status == "missing" and without == ["2", "3", "4"]


# --- 9.2 .red_explanations: a sentence naming a red item by its code or title ----------------


def red_details(question_id: str, text: str) -> tuple[str, list[str]]:
    found = results(question_id, text)[f"{question_id}.red_explanations"]
    return found.status, found.details.get("unexplained", [])


def test_a_sentence_naming_a_listed_red_code_explains_it():
    text = (
        "Of our 12 actions, 9 are green, 1 amber and 2 red.\n"
        "Red (2): R4, S1\n"
        "R4 stalled when the shared workshop lost its lead in 2024, and it returns in the new plan.\n"
        "S1 will move into the new plan."
    )
    assert red_details("renewal.q3", text) == ("present", [])


def test_sentences_naming_red_rows_by_code_explain_them_and_a_status_sentence_does_not():
    text = (
        "| Code | Action | Status | Comment |\n"
        "| R4 | Shared workshop days | not achieved | |\n"
        "| S1 | Partner placements | not achieved | |\n"
        "| C2 | Careers film | not achieved | |\n"
        "| V1 | Technician web pages | achieved | |\n"
        "S1: the partner closed in 2023. R4 moves into the new plan.\n"
        "C2, the careers film, is red too."
    )
    assert red_details("renewal.q3", text) == ("missing", ["C2"])


def test_a_sentence_naming_a_red_rows_action_explains_it():
    text = (
        "| No. | Action | RAG | Comment |\n"
        "| 6 | Technician exchange with a partner farm | Red | |\n"
        "| 7 | Newsletter | Green | |\n"
        "The technician exchange with a partner farm will return in the new plan with a closer partner."
    )
    assert red_details("stage_two.q3", text) == ("present", [])


def test_codes_listed_under_a_colour_report_the_items_and_their_count():
    text = (
        "Green (9): V1, V2, V4, R1, R2, C1, C3, S1, S3\nAmber (3): R3, C2, S4\nRed (2): V3, S2\n"
        "V3 could not go ahead because the insurer would not cover visitors.\n"
        "S2, a trainee scheme, is red too."
    )
    found = results("stage_two.q3", text)
    assert found["stage_two.q3.status"].details["counts"] == {"green": 9, "amber": 3, "red": 2}
    assert found["stage_two.q3.red_explanations"].details["unexplained"] == ["S2"]
    assert listing("Amber, carried forward: RC2 (grant costings), CD1 (secondments) and S3 (skills register).").codes == (
        "RC2", "CD1", "S3")
    assert listing("Why S3 is red: S3 lost its college.") is None  # a question, not a list


def test_a_submission_file_links_a_red_items_reason_by_its_code(tmp_path):
    text = (
        "Of its four actions, two are green and two are red.\n\n| No. | Action | RAG | Commentary |\n|---|---|---|---|\n"
        "| A1 | Directory | Green | Done. |\n| A2 | Awards | Green | Done. |\n"
        "| A3 | Mentoring | Red | See below. |\n| A4 | Secondments | Red | See below. |\n\n"
        "Both hosts for A4 withdrew in 2023, so A4 will run with academic partners instead. "
        "A3: the coordinator post was vacant all year."
    )
    report = check_file(write_draft(tmp_path, "d.txt", "renewal", answers={3: text}))
    assert report.check("renewal.q3.red_explanations").status == "present"


def test_a_count_and_its_colour_are_read_within_one_line_and_a_status_cell_may_carry_a_comment():
    # Stop 29: "a target of eight" on one row and "Red" on the next are no count of eight
    # red items; "in progress: application sent" is an amber status with its comment.
    text = (
        "C2\tSecondment scheme\tAmber\tfive placements against a target of eight\n"
        "C3\tLeadership course\tRed\tprovider withdrew; we will run it ourselves from 2026\n"
        "R1\tEmployer Champion status\tin progress: application sent in March"
    )
    found = results("renewal.q3", text)
    assert found["renewal.q3.status"].status == "present"
    assert found["renewal.q3.red_explanations"].reason == "all 1 red item(s) are explained"


# --- 9.2 .status: a status list of symbols, one item a line ------------------------------------

def test_lines_opening_with_a_status_symbol_are_rated_items():
    # Stop 30: the coloured circles (and a slide's tick and cross) are spec 9.2's
    # "equivalents" of R/A/G; a line opening with one is an item with that status.
    text = ("Where the last plan got to:\n🟢 Technician profiles online\n✓ Awards scheme\n"
            "🟠 Registration cohort, six of ten\n🔴 Shadowing scheme\n"
            "The shadowing scheme stalled because the host lab closed; it moves into the new plan.")
    found = results("renewal.q3", text)
    assert found["renewal.q3.status"].status == "present"
    assert "4 actions rated: 2 green, 1 amber, 1 red" in found["renewal.q3.status"].reason
    assert found["renewal.q3.red_explanations"].status == "present"
    # a symbol that is no status ("→", a bullet) rates nothing
    assert results("renewal.q3", "→ Technician profiles online\n• Awards scheme")["renewal.q3.status"].status != "present"


def test_a_red_item_is_named_by_its_titles_head():
    # Stop 30: "The shadowing scheme stalled because ..." names the red item "Shadowing scheme
    # with the hospital labs" by the words before the title's first preposition.
    text = ("🟢 Technician profiles online\n🔴 Shadowing scheme with the hospital labs\n🔴 Skills audit of the imaging suite\n"
            "The shadowing scheme stalled because the labs froze visitor access; it moves into the new plan.")
    found = results("stage_two.q3", text)["stage_two.q3.red_explanations"]
    assert found.status == "missing" and found.details["unexplained"] == ["Skills audit of the imaging suite"]
    # a word two items' titles share names neither ("the secondment" of two secondments)
    shared = results("stage_two.q3", "🔴 Secondment to a manufacturer\n🔴 Secondment to a hospital\n"
                     "The secondment stalled because the firm closed.")["stage_two.q3.red_explanations"]
    assert shared.status == "missing" and len(shared.details["unexplained"]) == 2


def test_a_red_item_is_named_by_a_word_only_its_title_has():
    # Stop 31: "Nobody was nominated nationally" names "Nominations for national awards" by
    # a word no other item's title has (its start: "nominated", "nominations"); the reason
    # may follow in the next sentence ("The new plan gives it ...").
    text = ("Registration fees and mentoring [G]\nNominations for national awards [R]\n"
            "Exchange placements with a partner laboratory [R]\nLaboratory apprentices [G]\n"
            "Nobody was nominated nationally: both volunteers were on leave. The new plan gives it an owner.\n"
            "The partner laboratory was merged into a regional service.")
    found = results("stage_two.q3", text)
    assert "4 actions rated: 2 green, 2 red" in found["stage_two.q3.status"].reason
    assert found["stage_two.q3.red_explanations"].details["unexplained"] == ["Exchange placements with a partner laboratory"]


def test_a_line_closing_with_a_status_token_is_a_rated_item_when_the_review_lists_them():
    # Stop 31: "[G]", "(A)", "(not started)" closing a line is spec 9.2's status token, as
    # a symbol opening it is; one such line alone, or a count ending in one, rates nothing.
    text = "Technicians named in run reports [G]\nCross-training on the robots (A)\nEvery team on the website (not started)"
    assert "3 actions rated: 1 green, 1 amber, 1 red" in results("renewal.q3", text)["renewal.q3.status"].reason
    counts = "17 actions are green, 5 amber and 2 red (not delivered)\nThe survey ran late (delayed)"
    assert results("renewal.q3", counts)["renewal.q3.status"].details["counts"] == {"green": 17, "amber": 5, "red": 2}


def test_item_numbers_listed_under_a_glossed_colour_are_the_items():
    # Stop 31: "Red (not done): 2, 5, 7" lists items 2, 5 and 7 as red; one number is a count.
    assert listing("Red (not done): 2, 5, 7").codes == ("2", "5", "7")
    assert listing("Red: 2") is None
    found = results("renewal.q3", "Green (done): 1, 3, 4\nRed (not done): 2, 5\nAction 2 stalled because the board was restructured.")
    assert found["renewal.q3.status"].status == "present"
    assert found["renewal.q3.red_explanations"].details["unexplained"] == ["5"]


def test_a_boards_own_status_words_are_read_by_its_key_and_its_tickets_codes_name_them():
    # Stop 33: a project board's export gives each ticket's state in brackets, in its own
    # words, and a key says which colour each word stands for; "PX-07 ..." names its ticket.
    text = ("We count Finished as green, Under way as amber and Parked as red.\n"
            "PX-01 [Finished] Team pages on the intranet\nPX-02 [Under way] Mentoring pairs for new starters\n"
            "PX-07 [Parked] Placements with the regional hospital\nPX-08 [Parked] Skills audit of the imaging suite\n"
            "PX-07 stalled because the hospital froze all visitor access, and it moves into the new plan.")
    found = results("stage_two.q3", text)
    assert "4 actions rated: 1 green, 1 amber, 2 red" in found["stage_two.q3.status"].reason
    assert found["stage_two.q3.red_explanations"].details["unexplained"] == ["PX-08"]
    # without the key the words are no status
    assert results("stage_two.q3", text.split("\n", 1)[1])["stage_two.q3.status"].status == "missing"


def test_a_boards_tickets_stay_lines_of_their_own_in_the_draft():
    from assistant.draft.session import DraftSession

    notes = "PX-01 [Finished] Team pages on the intranet\nPX-07 [Parked] Placements with the regional hospital"
    draft = DraftSession(TEMPLATE.question("stage_two.q3"), embedder=None).start(notes)
    assert "intranet\nPX-07 [Parked]" in draft.text
