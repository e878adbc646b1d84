"""The placement rules of stop 27 (issue 12, blind28's classes), with no embedder: only the
vocabulary, the kinds of item an element asks for and the plan's own labels decide."""

from __future__ import annotations

import numpy as np

from assistant.draft.fields import (
    closing_pillar,
    coded_pillar,
    header_row,
    names_the_themes,
    opening_pillar,
    signing_slot,
    unit_count_slot,
)
from assistant.draft.placement import Placer
from assistant.draft.questions import draft_slots
from assistant.draft.statuses import (
    coded_reason,
    colour_count,
    plan_size,
    status_counts,
    status_value,
)
from assistant.draft.vectors import VectorCache
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


class _Near:
    """Every text on one axis but ``near``'s, which share another: those texts read as
    close to one prototype ("why it stalled") by meaning."""

    max_tokens = 256
    dimension = 2

    def __init__(self, near: set[str]):
        self.model_id = f"near-{sorted(near)}"
        self.near = near

    def embed(self, texts):
        return np.array([[1.0, 0.0] if t in self.near else [0.0, 1.0] for t in texts], dtype=np.float32)

    def count_tokens(self, text: str) -> int:
        return len(text.split())


def test_a_status_word_given_as_a_value_is_the_status_not_its_explanation():
    # Spec 9.2: the status is a token ("Red/Amber/Green ... and equivalents"); the red
    # explanation, which shares every red word, is a sentence on why or what next. Here
    # the lines read closest to the explanation's "why it stalled" by meaning.
    texts = ["B6, the technician newsletter: not started", "C2 (exchange visits) | delayed"]
    slots = draft_slots(TEMPLATE.question("renewal.q3"), TEMPLATE)
    placer = Placer(slots, VectorCache(_Near({*texts, "why it stalled"})))
    assert [p.slot.label for p in placer.place(texts)] == ["status", "status"]
    # a red word that labels a sentence is no value: the sentence may explain it; and one
    # item said to be delayed, then why, is its explanation (stop 33)
    assert status_value("Delayed: the host lab closed for a refit", slots) is None
    assert status_value("C2 is delayed: the host lab closed for a refit", slots).label == "red_explanations"


def test_a_labelled_date_under_a_pillars_heading_is_the_timescale():
    # A heading names the pillar of the actions under it; a line that gives only their date
    # serves the timescale (spec 9.1: "a date, month/year ...").
    texts = ["Award technicians for outstanding work each year", "Finish: end of March 2028"]
    assert _labels("stage_two.q6", texts, ["Recognition", "Recognition"]) == ["Recognition", "timescale"]


def test_a_field_labelled_by_its_question_word_is_that_element():
    # Spec 9.1: a plan's owner and timescale; a plan commonly heads their fields "Who" and
    # "When" (stop 27). Here every line reads closest to a pillar by meaning.
    texts = ["Who: the Faculty Operations Manager", "When: first cohort in autumn 2027", "How much: about £3,000 from the faculty"]
    slots = draft_slots(TEMPLATE.question("renewal.q6"), TEMPLATE)
    pillar = next(slot for slot in slots if slot.pillar)
    placer = Placer(slots, VectorCache(_Near({*texts, *pillar.prototypes})))
    labels = ["Who", "When", "How much"]  # a statement's label is its hint (``NoteStatement.hint``)
    assert [p.slot.label for p in placer.place(texts, labels)] == ["owner_resource", "timescale", "owner_resource"]
    # the question word names nothing in a sentence, nor as the start of a longer label
    assert placer.named_slot("Who") is placer.slot("renewal.q6.owner_resource")
    assert placer.named_slot("Who takes part") is None
    assert all(not {"who", "when"} & set(slot.vocabulary) for slot in slots)


def test_a_colours_count_is_the_status_not_a_red_explanation():
    # Spec 9.2: "counts per colour covering the whole plan" are the status; the red
    # explanation, which shares the colour's word, says why one stalled (stop 27). Here the
    # lines read closest to the explanation's "why it stalled" by meaning.
    texts = ["Red (4): B1, B3, C2, D5", "Red: 3, all three in the apprenticeship strand"]
    slots = draft_slots(TEMPLATE.question("stage_two.q3"), TEMPLATE)
    placer = Placer(slots, VectorCache(_Near({*texts, "why it stalled"})))
    assert [p.slot.label for p in placer.place(texts, ["Red (4)", "Red"])] == ["status", "status"]
    # a colour that labels a sentence gives no count
    assert colour_count("Red: the loan scheme stopped when its funder withdrew", slots) is None
    assert colour_count("Red: 40% of the budget went unspent", slots) is None


def test_counts_per_status_in_a_sentence_and_a_glossed_colour_heading_are_the_status():
    # Spec 9.2: "counts per colour covering the whole plan" are the status, written as a
    # sentence of status words or as a colour heading with a gloss (stop 30). Here the lines
    # read closest to the explanation's "why it stalled" by meaning.
    texts = ["Of 9 actions, 5 are complete, 3 are in progress and 1 was not started.", "Red – not done (2)"]
    slots = draft_slots(TEMPLATE.question("renewal.q3"), TEMPLATE)
    placer = Placer(slots, VectorCache(_Near({*texts, "why it stalled"})))
    assert [p.slot.label for p in placer.place(texts)] == ["status", "status"]
    assert status_counts("Five delivered and two delayed", slots).label == "status"
    # one status's count, a year, or a sentence on why an item stalled gives no counts
    for text in ("Two were not started because the grant ended", "In 2024 we completed the survey, which was delayed"):
        assert status_counts(text, slots) is None, text
    assert colour_count("Red – the partner closed (2019)", slots) is None
    # no progress review asked: no status to give
    assert status_counts(texts[0], draft_slots(TEMPLATE.question("stage_two.q6"), TEMPLATE)) is None


def test_the_plans_own_period_is_its_timescale_not_the_question_at_large():
    # Spec 9.1 .timescale: when the plan as a whole runs is the timescale's item, even where
    # the line reads like the question itself ("a plan for the next three years"; stop 27).
    texts = ["The plan runs from September 2026 to August 2029"]
    slots = draft_slots(TEMPLATE.question("stage_two.q6"), TEMPLATE)
    general = next(slot for slot in slots if slot.general)
    placer = Placer(slots, VectorCache(_Near({*texts, *general.prototypes})))
    assert [p.slot.label for p in placer.place(texts)] == ["timescale"]


def test_a_plan_tables_header_row_serves_the_question_not_an_element():
    # Spec 9.1: a plan's columns label the rows under them; the header row names the
    # owner, the measure and the timescale and serves none of them (stop 27).
    header = "Strand | Task | Owner | Budget | Deadline | KPI"
    row = "Recognition | Awards for technicians | Head of Operations | £2,000 | June 2027 | 12 nominated"
    slots = draft_slots(TEMPLATE.question("renewal.q6"), TEMPLATE)
    owner = next(slot for slot in slots if slot.label == "owner_resource")
    placer = Placer(slots, VectorCache(_Near({header, *owner.prototypes})))
    assert [p.slot.label for p in placer.place([header, row])][0] == "general"
    assert header_row(f"| {header} |", after=f"| {row} |")  # a Markdown table's outer pipes
    # a row of the table itself is no header: its cells give an action, a figure, a date
    assert not header_row(row, before=header, after=row)


def test_a_header_is_read_by_the_tables_shape_not_by_the_slots_its_words_name():
    # Stop 29: "Unit | Staff" names no element, yet it is the header of the table under it:
    # the first row, every cell a short name without a figure, a row after it.
    header, rows = "Unit\tStaff", ["Mass spectrometry suite\t14", "Glassblowing workshop\t3"]
    assert _labels("initial.q3", [header, *rows])[0] == "general"
    assert header_row(header, after=rows[0])
    assert not header_row(header)  # a lone row, with no table under it
    assert not header_row(header, before="Lead\tDr Okafor", after=rows[0])  # not the first row
    # a then-and-now table's header names its years (stop 29)
    assert header_row("Division\tWhen we signed (2019)\tNow", after="Workshops\t12\t15")


def test_a_labels_head_word_names_its_element_before_its_first_word():
    # Stop 28: a label of several words is named by its head, its last word, as English
    # compounds are: "Target date" is a date (spec 9.1 .timescale), not a target; "Red
    # explanations" are explanations, though "red" is the status's word too.
    placer = Placer(draft_slots(TEMPLATE.question("initial.q5"), TEMPLATE), VectorCache(None))
    assert placer.named_slot("Target date") is placer.slot("initial.q5.timescale")
    assert placer.named_slot("Success measure") is placer.slot("initial.q5.impact_measure")
    assert placer.named_slot("Point 3") is None  # a number heads nothing; its first word names no slot
    rag = Placer(draft_slots(TEMPLATE.question("renewal.q3"), TEMPLATE), VectorCache(None))
    assert rag.named_slot("Red explanations") is rag.slot("renewal.q3.red_explanations")
    # a slot's own label, inflected: "Change since we signed" names the changes
    profile = Placer(draft_slots(TEMPLATE.question("renewal.q1"), TEMPLATE), VectorCache(None))
    assert profile.named_slot("Change since 2020, when we signed") is profile.slot("renewal.q1.changes")


def test_a_heading_names_the_element_of_statements_whose_own_label_names_none():
    # An item's code ("S4:") labels a statement but names no element: the heading the user
    # wrote the explanations under does (stop 28). Here every line reads closest to the
    # status by meaning, and "S4" is the status's row code too.
    texts = ["S4: both senior preparators left", "S4: paused"]
    slots = draft_slots(TEMPLATE.question("renewal.q3"), TEMPLATE)
    status = next(slot for slot in slots if slot.label == "status")
    placer = Placer(slots, VectorCache(_Near({*texts, *status.prototypes})))
    assert [p.slot.label for p in placer.place(texts[:1], ["S4"], None, ["Red explanations"])] == ["red_explanations"]
    # without the heading, the code alone names nothing and meaning decides (a sentence of
    # five words or more after the code explains the item: stop 29, ``coded_reason``)
    assert [p.slot.label for p in placer.place(texts[1:], ["S4"])] == ["status"]


def test_a_status_token_in_brackets_or_a_colours_letter_gives_the_status():
    # Spec 9.2: "Red/Amber/Green, R/A/G, and equivalents" are status tokens; a RAG review
    # written "[R] S2 ..." opens each row with one (stop 28).
    slots = draft_slots(TEMPLATE.question("renewal.q3"), TEMPLATE)
    status = next(slot for slot in slots if slot.label == "status")
    for text in ("[R] S2 Succession plan for the instrument workshop", "[A] S3 Apprentice intake: three came in 2024",
                 "(Green) V1 newsletter", "| 4.3 | Outreach with schools | R | lapsed in 2024"):
        assert status_value(text, slots) is status, text
    for text in ("[Draft] S2 will move into the new plan", "S2 stalled when its lead left in 2024"):
        assert status_value(text, slots) is None, text


def test_a_pillar_cell_carries_forward_to_rows_that_leave_it_empty_and_evaluating_impact_is_the_measure():
    # Spec 9.1: "the pillar cell is filled only on the first row of its group and carries
    # forward"; an action under the fifth theme, Evaluating Impact, says how success is
    # evidenced (stop 28). Here every row reads closest to Career Development by meaning.
    rows = ["| Visibility | A credit at the end of every film |", "| | Technicians in the prospectus and open day film |"]
    slots = draft_slots(TEMPLATE.question("stage_two.q6"), TEMPLATE)
    career = next(slot for slot in slots if slot.pillar == "career_development")
    placer = Placer(slots, VectorCache(_Near({*rows, "Repeat the staff survey", *career.prototypes})))
    assert [p.slot.label for p in placer.place(rows)] == ["Visibility", "Visibility"]
    assert [p.slot.label for p in placer.place(rows[1:])] == ["Career Development"]  # nothing to carry
    # the pillar column after a number column ("No. | Pillar | Action"), tabs as pasted (stop 30)
    numbered = ["3\tVisibility\tA credit at the end of every film\tComms lead", "4\t\tTechnicians in the prospectus and open day film\tComms lead"]
    placer = Placer(slots, VectorCache(_Near({*numbered, *career.prototypes})))
    assert [p.slot.label for p in placer.place(numbered)] == ["Visibility", "Visibility"]
    placed = placer.place(["Repeat the staff survey"], ["Evaluating impact"], None, ["Evaluating impact"])
    assert [p.slot.label for p in placed] == ["impact_measure"]


def test_a_plan_actions_code_names_the_theme_its_letters_abbreviate():
    # Spec 9.1: "a numbering prefix that maps to pillars" is the plan's own label; letter
    # codes abbreviate a theme's name (stop 28). Here every row reads closest to
    # Recognition by meaning.
    rows = ["CD1\tSecondment to a partner institute\tDeputy Director", "EI1\tBiennial technician survey\tMar 2026",
            "CAR-2 Paid industry weeks at a mill", "S2 Finish the station skills handbook"]
    slots = draft_slots(TEMPLATE.question("renewal.q6"), TEMPLATE)
    recognition = next(slot for slot in slots if slot.pillar == "recognition")
    placer = Placer(slots, VectorCache(_Near({*rows, *recognition.prototypes})))
    assert [p.slot.label for p in placer.place(rows)] == ["Career Development", "impact_measure", "Career Development", "Sustainability"]
    # letters that abbreviate no theme, or a RAG item's code where no pillar is asked, name nothing
    assert coded_pillar("Q3 2026 start of the scheme", slots) is None
    assert coded_pillar("S2 Succession plan for the workshop", draft_slots(TEMPLATE.question("renewal.q3"), TEMPLATE)) is None


def test_a_plans_resource_and_owner_field_labels_are_the_checkers_own():
    # Stop 29: the draft reads the field labels the plan checker reads (lexicon
    # owner_labels / resource_labels), so "Resourcing:" and "Money:" name the plan's owner
    # and resource element as "Who:" and "How much:" did; a sum alone also fits a
    # development fund, so the label decides.
    placer = Placer(draft_slots(TEMPLATE.question("stage_two.q6"), TEMPLATE), VectorCache(None))
    for label in ("Resourcing", "Money", "Responsibility", "Funded by"):
        assert placer.named_slot(label) is placer.slot("stage_two.q6.owner_resource"), label
    texts = ["Resourcing: £6,500 a year from the faculty plus the apprenticeship levy"]
    assert _labels("stage_two.q6", texts, ["Resourcing"]) == ["owner_resource"]


def test_a_status_set_apart_by_dashes_is_the_status_and_a_red_value_with_its_reason_explains():
    # Stop 29: "Action – status – comment" lines give the status as a value between spaced
    # dashes (spec 9.2, a status token); a red value followed by a sentence on why the item
    # stalled is the red item's explanation.
    texts = [
        "Technician tours for sixth formers – not started – see below",
        "S2 – red: the only firm offering the standard stopped taking apprentices",
    ]
    assert _labels("stage_two.q3", texts) == ["status", "red_explanations"]


def test_a_plans_size_without_a_colour_is_the_reviews_context_not_its_status():
    # Stop 29: spec 9.2's status is each item's colour or the counts per colour; "the plan
    # had 13 actions" gives neither, so it serves the question, not the status.
    texts = ["Our 2022-2025 plan had 17 actions.", "Of its 17 actions, 12 are green, 3 amber and 2 red."]
    slots = draft_slots(TEMPLATE.question("renewal.q3"), TEMPLATE)
    status = next(slot for slot in slots if slot.label == "status")
    placer = Placer(slots, VectorCache(_Near({texts[0], *status.prototypes})))  # read as a status by meaning
    assert [p.slot.label for p in placer.place(texts[:1])] == ["general"]
    assert plan_size(texts[1], slots) is None  # the counts per colour are the status
    # outside a progress review, a count of actions is left to the other rules
    assert plan_size(texts[0], draft_slots(TEMPLATE.question("renewal.q6"), TEMPLATE)) is None


def test_a_legend_or_summary_naming_three_themes_serves_no_one_pillar():
    # Stop 29: "Codes: VIS visibility, REC recognition, CAR career development, ..." keys
    # the plan's codes; it is no action of any one pillar.
    legend = "Key: P1 visibility, P2 recognition, P3 career development, P4 sustainability"
    slots = draft_slots(TEMPLATE.question("stage_two.q6"), TEMPLATE)
    sustainability = next(slot for slot in slots if slot.pillar == "sustainability")
    placer = Placer(slots, VectorCache(_Near({legend, *sustainability.prototypes})))
    assert [p.slot.label for p in placer.place([legend])] == ["general"]
    assert names_the_themes("Recognition: awards for technicians and visibility on web pages", slots) is None  # two


def test_an_items_code_followed_by_a_sentence_on_it_explains_the_item():
    # Stop 29: in a progress review, "C2 – the partner closed ..." written against an item's
    # code says why it stalled (spec 9.2 .red_explanations), even under a heading whose
    # words name the status ("The two that weren't delivered"); a green item's comment does
    # not, nor does a short status.
    texts = ["C2 – the firm that hosted our placements shut its local site in 2024",
             "V1: delivered in full, with thirty technicians named on reports",
             "S2 – not started"]
    heading = "The two that weren't delivered"
    assert _labels("renewal.q3", texts, [heading] * 3)[0] == "red_explanations"
    slots = draft_slots(TEMPLATE.question("renewal.q3"), TEMPLATE)
    assert coded_reason(texts[1], slots) is None and coded_reason(texts[2], slots) is None


def test_the_time_of_signing_is_what_changed_since_or_where_the_story_starts():
    # Stop 29: "When we signed in 2018 we had 40" is the then of renewal q1's then-and-now
    # (.changes, "since signing"); in a question of themes, "We signed in June 2025." is the
    # date the progress starts from, no one theme's, unless it names a theme's work.
    then = "When we signed in 2018 we had 40 technicians in three teams"
    renewal = draft_slots(TEMPLATE.question("renewal.q1"), TEMPLATE)
    structure = next(slot for slot in renewal if slot.label == "structure")
    placer = Placer(renewal, VectorCache(_Near({then, *structure.prototypes})))  # reads as the structure by meaning
    assert [p.slot.label for p in placer.place([then])] == ["changes"]
    slots = draft_slots(TEMPLATE.question("initial.q6"), TEMPLATE)
    assert signing_slot("We signed in June 2025 and spent the first months listening.", slots).general
    assert signing_slot("Since we signed we have paid registration fees for eight technicians", slots) is None
    assert signing_slot("Our network has grown steadily this year", slots) is None


def test_a_slides_status_symbol_and_a_green_value_give_the_status():
    # Stop 29: spec 9.2's "equivalents" of R/A/G: a tick, half-circle or cross opening a
    # line ("✓ C1 Career framework"), and a green or amber word given as a row's value,
    # name the status, as a red one does.
    slots = draft_slots(TEMPLATE.question("stage_two.q3"), TEMPLATE)
    status = next(slot for slot in slots if slot.label == "status")
    for text in ("✓ C1 Career framework agreed", "✗ S3 Third trained operator", "◐ R1 Registration, 11 of 15",
                 "R2 Awards\tcomplete\tfirst round in May"):
        assert status_value(text, slots) is status, text


def test_a_units_count_serves_the_breakdown_even_under_a_headcount_heading():
    # Stop 29: initial q3 asks for "a breakdown by location/unit"; a unit's own count
    # ("Bindery – 6") is that breakdown, whatever its meaning reads closest to and under a
    # heading ("Headcount:") that names the count.
    rows = ["Glassblowing – 4", "Mass spectrometry suite\t14\t12.5"]
    slots = draft_slots(TEMPLATE.question("initial.q3"), TEMPLATE)
    count = next(slot for slot in slots if slot.label == "count")
    placer = Placer(slots, VectorCache(_Near({*rows, *count.prototypes})))  # read as the count by meaning
    assert [p.slot.label for p in placer.place(rows, ["Headcount"] * 2, None, ["Headcount"] * 2)] == ["distribution"] * 2
    assert unit_count_slot("We have 96 technical staff in total", slots) is None


def test_a_units_count_in_a_sentence_serves_the_breakdown():
    # Stop 30: "Music has 19", a count with no noun after it, is a unit's own count as a
    # breakdown gives it in prose; the whole's count ("We have 46 technical staff") is not.
    slots = draft_slots(TEMPLATE.question("initial.q3"), TEMPLATE)
    for text in ("The film school has 33 and music has 19.", "Health physics and dosimetry have 6, and the hot cell has 5."):
        assert unit_count_slot(text, slots).label == "distribution", text
    for text in ("We have 46 technical staff", "The Institute has 46 technicians.", "When we signed in 2019 we had 58"):
        assert unit_count_slot(text, slots) is None, text


def test_a_theme_in_closing_brackets_or_an_opening_phrase_names_the_actions_pillar():
    # Stop 30: spec 9.1 reads the plan's own label for an action's pillar; "(Recognition)" or
    # "(Evaluating impact; steering group)" closing the line is that label, and "Throughout:"
    # says only when. Here every line reads closest to Career Development by meaning.
    texts = ["Throughout: the staff survey repeated in 2027 and 2029 (Evaluating impact; steering group).",
             "Nominate technicians for the national awards – steering group (Recognition)"]
    slots = draft_slots(TEMPLATE.question("stage_two.q6"), TEMPLATE)
    career = next(slot for slot in slots if slot.pillar == "career_development")
    placer = Placer(slots, VectorCache(_Near({*texts, *career.prototypes})))
    assert [p.slot.label for p in placer.place(texts)] == ["impact_measure", "Recognition"]
    assert closing_pillar("We met twice (March 2026)", slots) is None
    # a plan in prose names its theme in the sentence's opening phrase
    prose = ["On recognition, we aim for fifteen registered technicians by 2029.", "For sustainability, a second beekeeper trained by July."]
    placer = Placer(slots, VectorCache(_Near({*prose, *career.prototypes})))
    assert [p.slot.label for p in placer.place(prose)] == ["Recognition", "Sustainability"]
    assert opening_pillar("On reflection, the plan was too long.", slots) is None
    assert opening_pillar("Recognition – twenty registered technicians by 2029", slots).label == "Recognition"
    assert opening_pillar("Outreach – school visits each term", slots) is None  # no theme's name


def test_an_academic_years_column_names_and_an_empty_corner_are_a_header():
    # Stop 30: "2024–25" names a column as a year does ("Measure | 2022–23 | 2024–25"),
    # and a then-and-now table's corner cell may be empty.
    assert header_row("Measure\t2022–23\t2024–25", after="Registered technicians\t3\t9")
    assert header_row("| | When we signed (2017) | Now (2026) |", after="| Committee | none | elected, with a budget |")
    # a column named in a few words ("We will know it worked when")
    assert header_row("Ref\tTheme\tAction\tLead\tWe will know it worked when", after="V1\tVisibility\tFilms\tComms\tviews")
    assert not header_row("Registered technicians\t3\t9", after="Awards\t1\t4")


def test_the_time_of_signing_alone_is_the_questions_own_context_in_any_question():
    # Stop 33: in a question of no pillars and no "since signing" element, the signing date
    # that names no element's words and gives no figure is context for the question; with an
    # element's words or a figure it is that element's ("up from 2 when we signed": evidence).
    governance = draft_slots(TEMPLATE.question("stage_two.q1"), TEMPLATE)
    assert signing_slot("We signed in 2019 and sent our first self-assessment in 2021.", governance).general
    evidence = draft_slots(TEMPLATE.question("stage_two.q4"), TEMPLATE)
    assert signing_slot("Registered technicians: 14, up from 2 when we signed", evidence) is None
