"""A progress review's own status marks and a plan's own labels, read with no embedder
(stop 31): a status token closing an item's line, a key to the statuses, a glossed colour
listing item numbers, a theme in square brackets, a label of joined words, a plan group's
own line with its lead, a review's status group, a heading naming where a paper went, and
a pasted message's greeting and sign-off; a closing tag and a lead-in line (stop 32); a CSV
export, an aligned table's header, a board's tickets and the notes' own layout (stop 33)."""

from __future__ import annotations

from assistant.draft.fields import closing_pillar, coded_pillar, csv_cells, header_row, named_slot
from assistant.draft.framing import frames_the_notes, leads_in
from assistant.draft.groups import group_line_theme
from assistant.draft.placement import Placer
from assistant.draft.questions import draft_slots
from assistant.draft.session import DraftSession
from assistant.draft.statuses import (
    coded_reason,
    colour_count,
    status_key,
    status_line,
    status_value,
)
from assistant.draft.vectors import VectorCache
from domain import load_template

TEMPLATE = load_template()


def _slots(question: str):
    return draft_slots(TEMPLATE.question(question), TEMPLATE)


def test_a_status_token_closing_an_items_line_gives_its_status():
    # Spec 9.2: "R/A/G ... and equivalents"; a review may close each item's line with one.
    slots = _slots("stage_two.q3")
    for text in ("Laboratory apprentices [G]", "Nominations for national awards [R]",
                 "Technician seat on the board (agreed; first member joins in 2027) [A]", "Outreach days (not started)"):
        assert status_value(text, slots).label == "status", text
    # a bracket that is no status, and no review asked, give none
    assert status_value("Registration fees and mentoring (RSciTech)", slots) is None
    assert status_value("Laboratory apprentices [G]", _slots("stage_two.q6")) is None


def test_a_key_naming_every_colour_is_the_status_not_a_red_explanation():
    slots = _slots("renewal.q3")
    for text in ("Key: [G] done, [A] under way, [R] not started", "RAG key: green = complete, amber = in progress, red = delayed"):
        assert status_key(text, slots).label == "status", text
    # two colours, or a red reason, are no key
    assert status_key("It moved from amber to red when the grant ended", slots) is None
    assert status_key("Key: [G] done, [A] under way", slots) is None


def test_a_colour_glossed_in_brackets_and_its_items_numbers_are_the_status():
    slots = _slots("renewal.q3")
    assert colour_count("Red (not done): 2, 5, 7", slots).label == "status"
    assert colour_count("Red (not done): the partner closed in 2024", slots) is None


def test_a_theme_in_square_brackets_closing_a_plans_line_or_anywhere_in_it_names_its_pillar():
    slots = _slots("renewal.q6")
    assert closing_pillar("Ten more registered technicians [Recognition]", slots).pillar == "recognition"
    assert closing_pillar("Ten more registered technicians [see note 3]", slots) is None
    # after its due date (stop 33)
    assert closing_pillar("2027-03-31 [Recognition] Fees paid for registration (owner: HR)", slots).pillar == "recognition"
    assert closing_pillar("2027-03-31 [HR] Fees paid for registration", slots) is None


def test_a_tag_closing_a_plans_line_names_its_pillar():
    # a notes app's tags ("#career", "#CareerDevelopment"): the plan's own label (stop 32)
    slots = _slots("initial.q5")
    assert closing_pillar("Fund two RSciTech applications [HR] by May 2027 #recognition", slots).pillar == "recognition"
    assert closing_pillar("Write grade 6 job descriptions by Dec 2027 #career", slots).pillar == "career_development"
    assert closing_pillar("Apprentice intake each September #Sustainability.", slots).pillar == "sustainability"
    assert closing_pillar("Shadowing week #CareerDevelopment", slots).pillar == "career_development"
    assert closing_pillar("Post the photos on the intranet #teamwork", slots) is None
    assert closing_pillar("Room B#visibility", slots) is None  # not a tag: no space before the mark
    assert named_slot("Careers", slots).pillar == "career_development"  # the pillar's short name as a label
    assert named_slot("Inputs", slots).label == "owner_resource"  # a logic model's resources


def test_a_line_that_introduces_the_lines_after_it_leans_to_the_question():
    assert leads_in("The posts with the most votes in the session were:")
    assert not leads_in("Budget:")  # a label, a heading of its own
    assert not leads_in("Visibility: a photo board in each building")
    slots = _slots("stage_two.q4")
    question = next(i for i, slot in enumerate(slots) if slot.general)
    texts = ["We gathered the evidence in three ways, set out below:", "We gathered the evidence in three ways."]
    scores = Placer(slots, VectorCache(None)).scores(texts)
    assert scores[0, question] > scores[1, question]


def test_a_label_of_joined_words_names_what_its_parts_name_when_they_agree():
    slots = _slots("initial.q5")
    assert named_slot("Money and time", slots).label == "owner_resource"
    assert named_slot("Budget & staff time", slots).label == "owner_resource"
    assert named_slot("Owner and date", slots) is None  # two elements: the label decides nothing
    # a heading's phrase is no label of joined words
    assert named_slot("Minutes of the Network Committee and the Forum", slots) is None


def test_items_closed_by_a_status_token_stay_lines_of_their_own_in_the_draft():
    # the checker reads each as a rated item only when it is its own line (stops 30-31)
    notes = ("Of the four actions, two are green and two are red.\nTechnicians named in run reports [G]\n"
             "Every team on the website [G]\nNominations for national awards [R]\nExchange placements [R]")
    placer_free = DraftSession(TEMPLATE.question("stage_two.q3"), embedder=None).start(notes)
    assert "\nNominations for national awards [R]\n" in placer_free.text


def test_placement_reads_the_marks_before_meaning():
    texts = ["Laboratory apprentices [G]", "Key: [G] done, [A] under way, [R] not started", "Red (not done): 2, 5, 7"]
    placer = Placer(_slots("stage_two.q3"), VectorCache(None))
    assert [p.slot.label for p in placer.place(texts)] == ["status", "status", "status"]


def test_a_plan_groups_own_line_with_its_lead_heads_the_actions_after_it():
    # Spec 9.1: a plan's group heading is its actions' pillar; "Visibility (lead: Dr Ann
    # Lee)" is such a heading with the group's lead beside it (stop 31). Here every action
    # reads closest to another pillar by its words.
    notes = ("Visibility (lead: Dr Ann Lee)\n– Registration mentoring page written by technicians, by 2027.\n"
             "Recognition (lead: the HR Partner)\n– An apprentice intake each September from 2027.")
    draft = DraftSession(TEMPLATE.question("stage_two.q6"), embedder=None).start(notes)
    pillars = {s.text: s.pillar for s in draft.statements}
    assert pillars["Registration mentoring page written by technicians, by 2027."] == "visibility"
    assert pillars["An apprentice intake each September from 2027."] == "recognition"
    # a pillar's line that says what is done is an action, not a group's heading
    assert group_line_theme("Recognition – 25 registered by 2029") == ""


def test_a_headings_senior_body_is_no_reporting_line_for_the_lines_under_it():
    # Stop 31: "Extract from paper X to the Department Board:" says where a paper went; the
    # lines under it (who chairs, who is a member) are the governance, not the reporting.
    texts = ["Its chair is the Deputy Head; of its nine members, six are technicians."]
    placer = Placer(_slots("stage_two.q1"), VectorCache(None))
    heading = "Extract from paper DT/26/04 to the Department Board, October 2026"
    assert [p.slot.label for p in placer.place(texts, [heading], None, [heading])] != ["reporting"]


def test_items_under_a_status_groups_own_line_take_its_status():
    # Stop 31: "GREEN (5)" heads the items listed after it, as a heading would; under a red
    # group, an item and the sentences on why it stalled are told apart by their words.
    texts = ["GREEN (2)", "Named credit for engineers on software releases", "Data centre apprentices (two started in 2025)"]
    placer = Placer(_slots("stage_two.q3"), VectorCache(None))
    assert [p.slot.label for p in placer.place(texts, None, [0, 0, 0], ["", "", ""])] == ["status"] * 3
    assert status_line("Amber – partly done") and status_line("Not started (2)")
    assert not status_line("Named credit for engineers on software releases")


def test_a_key_may_give_the_colours_letters_before_an_equals_sign():
    assert status_key("G = done, A = started but not finished, R = not started.", _slots("renewal.q3")).label == "status"


def test_where_the_notes_came_from_and_a_pasted_messages_greeting_and_sign_off_go_to_the_question():
    # Stop 31: a line saying where the notes came from, and an e-mail reply pasted whole:
    # their frame answers no element.
    slots = _slots("stage_two.q1")
    for text in ("Re: TC stage two – governance bit", "Hi Marisol,", "Hey Sam,", "Thanks, Ottoline",
                 "Copied from the slides for the School Executive, January 2026.",
                 "Hi Jo – the governance part, as asked, tidied up from what I sent last month."):
        assert frames_the_notes(text, slots).label == "general", text
    # a greeting that goes on to report a figure answers; a sentence of thanks is no sign-off
    assert frames_the_notes("Hi Tamsin – as of 31 January we have 58 people in technical roles.", _slots("initial.q3")) is None
    assert frames_the_notes("Thanks to the steering group, every lab now has a technician rep.", slots) is None


def test_a_pasted_messages_header_minutes_title_and_prompts_go_to_the_question():
    # Stop 32: an e-mail's header, a meeting's minutes by their title, a line saying it is
    # pasted as it was, and a question the notes ask frame the notes.
    slots = _slots("initial.q3")
    for text in ("From: Bethan Yardley", "To: g.oakenfold@example.org", "Sent: 29 September 2026 16:42",
                 "Minutes of the meeting held on 15 September 2026 in the boardroom",
                 "The figures come from HR, and I have pasted her e-mail as it reached me:",
                 "Who does the working group answer to?"):
        assert frames_the_notes(text, slots).label == "general", text
    # a date as a field's value, a quotation from someone, a label's question: no frame
    for text in ("From: January 2027", "From a technician: \"I finally feel seen.\"",
                 "Post-it exercise: what should the next plan do?"):
        assert frames_the_notes(text, slots) is None, text


def test_a_plan_groups_line_numbered_by_a_letter_heads_the_actions_after_it():
    # Stop 32: "Theme B – Recognition" is a group heading the splitter keeps as a statement
    assert group_line_theme("Theme B – Recognition") == "Recognition"
    assert group_line_theme("Strand iii: Sustainability") == "Sustainability"
    assert group_line_theme("Theme B – a web page for each team") == ""
    notes = "Theme A – Visibility\n- An apprentice each September.\nTheme B – Recognition\n- A page for each team."
    draft = DraftSession(TEMPLATE.question("renewal.q6"), embedder=None).start(notes)
    pillars = {s.text: s.pillar for s in draft.statements}
    assert pillars["An apprentice each September."] == "visibility"
    assert pillars["A page for each team."] == "recognition"


def test_a_comma_separated_rows_status_cell_is_its_status():
    # Stop 32: a review pasted from a spreadsheet as comma-separated rows
    slots = _slots("stage_two.q3")
    assert status_value('V2,Team web page for every technician,Marketing,G,"46 profiles"', slots).label == "status"
    assert status_value("Profiles cost £1,500, a lot", slots) is None  # a number's comma, a sentence's


def test_a_bracketed_code_of_letters_names_the_pillar_it_abbreviates():
    # stop 32: "[REC]", "[CAR]", "[SUS]" open a plan's actions as "CD1" does
    slots = _slots("renewal.q6")
    assert coded_pillar("[REC] Registration support continued – lead: HR – to 2029", slots).pillar == "recognition"
    assert coded_pillar("[CAR] Industry placements – lead: group leaders", slots).pillar == "career_development"
    assert coded_pillar("[R] Industry placements", slots) is None  # a colour's letter, the status's
    assert coded_pillar("[HR] Industry placements", slots) is None  # letters that abbreviate no theme



def test_a_csv_export_names_its_pillar_by_its_cell_and_its_header_row_serves_the_question():
    # stop 33: a plan kept in a spreadsheet and pasted as its CSV export, commas or
    # semicolons and no space after them; its dates and owners no longer take the row
    texts = ["Theme,Action,Lead,Start,End,Measure",
             'Recognition,"Fees for registration, with a mentor",HR Manager,Mar 2027,Mar 2029,Six registered',
             "Sustainability;Two apprentices a year;Head of Estates;Sep 2027;Sep 2029;Both in post"]
    placed = Placer(_slots("initial.q5"), VectorCache(None)).place(texts)
    assert [(p.slot.general, p.slot.pillar) for p in placed] == [(True, None), (False, "recognition"), (False, "sustainability")]
    assert csv_cells("We ran tours, talks, and open days") == []  # prose: a space after each comma
    assert csv_cells("It cost £9,000,£4,000 and £2,500 in all") == []  # numbers' commas


def test_an_aligned_tables_header_row_serves_the_question():
    header = "CODE   TEAM                 SITE          HC    FTE"
    assert header_row(header, after="410    Estates workshop     North site     7    6.5")
    assert not header_row("Two teams share the site.", after="410    Estates workshop     North site     7    6.5")


def test_a_tickets_status_after_its_code_and_a_reason_given_by_its_code_are_told_apart():
    # a project board's export: "PX-4 [IN PROGRESS] ..." is the status; "PX-7 stalled
    # because ..." why it stalled, even where it negates a green word (stop 33)
    slots = _slots("stage_two.q3")
    assert status_value("PX-4 [IN PROGRESS] Mentoring pairs for new starters, cut back in 2026 because of cost", slots).label == "status"
    reason = coded_reason("PX-7 stalled because the host lab closed, so the visits could not be completed", slots)
    assert reason.label == "red_explanations"
    assert coded_reason("PX-7 Apprentices in the workshop and the stores team", slots) is None


def test_a_sentence_on_the_notes_own_layout_goes_to_the_question_and_one_pointing_on_leans_to_it():
    # stop 33: "each line gives ..." describes the notes' layout, naming the elements its
    # lines give; "below", "what follows" and "here is" point to the lines after it
    slots = _slots("initial.q5")
    for text in ("Every row below gives the theme, the owner, the deadline and the measure.",
                 "The plan is laid out by pillar, with an owner after each action."):
        assert frames_the_notes(text, slots).label == "general", text
    for text in ("The rows below come from the HR system.", "What follows is the board's own summary.",
                 "Here is the tracker as it stood in June."):
        assert leads_in(text), text
    for text in ("Below the Director are four managers.", "Outreach – not started – see below",
                 "Part-time work keeps the FTE well below 10.", 'The newsletter is called "Below Stairs".'):
        assert not leads_in(text), text


def test_one_item_said_to_be_red_with_a_sentence_after_the_colon_is_its_explanation():
    # stop 33: "The X scheme is red: <why>" explains one item; a count's "Two actions are
    # red: X and Y" lists items, and a status with a pointer ("is red: see below") is the status
    slots = _slots("renewal.q3")
    assert status_value("The shadowing scheme is red: no host lab could take anyone during the refit", slots).label == "red_explanations"
    assert status_value("The staff survey is also red: the supplier withdrew the software", slots).label == "red_explanations"
    assert status_value("The registration drive is red: see below", slots).label == "status"
    assert status_value("Two actions are red: the exchange with the hospital and the skills review", slots) is None
