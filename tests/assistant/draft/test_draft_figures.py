"""The amounts a statement reports, by the kinds the template asks elements for."""

from __future__ import annotations

import pytest

from assistant.draft.figures import KINDS, figure_kinds
from assistant.draft.placement import Placer
from assistant.draft.questions import draft_slots
from assistant.draft.vectors import VectorCache
from domain import load_template


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("A ring-fenced fund of £8,000 a year", {"money", "figure"}),
        ("Members have 5% of their working time for the group", {"staff time", "figure"}),
        ("A quarter of the coordinator's time goes to the network", {"staff time", "figure"}),
        ("A coordinator is seconded for 0.4 FTE", {"staff time", "figure"}),
        ("Members have 20 hours a year recognised in their workload", {"staff time", "figure"}),
        ("Registered technicians rose from 5 to 31", {"change", "figure"}),
        ("We employ 310 technicians", {"figure"}),
        ("Since 2021 the role has been at grade 6", {"dated"}),  # a year and a label are not amounts
        ("The group meets every two months", set()),  # a frequency
        ("Applications rose from 9 in the first year to 34 in the second", {"figure"}),  # any number, in digits
        ("Interest has grown, with three times as many applicants as places", {"figure"}),  # or in words
        ("The story is at https://news.example.org/showcase", {"link"}),
        ("A technician told us the scheme helped her win a promotion", {"quotation"}),
        ('She wrote "I finally feel part of the research team" in the blog', {"quotation"}),
        ("Each term the group sends its minutes to the faculty board", {"line"}),  # a line to a senior body
        ("Both stalled projects move into the new plan", {"next"}),  # what happens next
        ("We will try again with a smaller pilot", {"next"}),
        ("A progress report goes each term to UEB", {"line", "followed up"}),  # the spec's "whom it reports to"
        ("The chair reports back to the working group", set()),  # no one named
        ("Paused because the supplier went out of business", {"reason"}),  # why it stalled
        ("Every action closes by July 2029", {"plan period", "dated"}),  # when the plan as a whole runs
        ("The plan's results feed into the 2027 census", {"dated"}),  # a year that names something
        # stop 31: who a count takes in or leaves out; money for "this plan" pays for the whole
        ("We do not count the postdocs who run kit for their own projects", {"count scope"}),
        ("The figure includes 9 apprentices but not the visiting scientists", {"count scope", "figure"}),
        ("The Department has committed £12,000 a year for this plan", {"whole plan", "money", "figure"}),
        # stop 32: the plan's budget named as such, or money approved, is the whole plan's;
        # an allowance per person is an action's, and "over the plan" an action's own span
        ("Finance has raised the annual budget to £9,000", {"whole plan", "money", "figure"}),
        ("The Board has approved £20,000 a year", {"whole plan", "money", "figure"}),
        ("We have approved £400 per technician for courses", {"money", "figure"}),
        ("Twelve placements from May 2027, eight over the plan", {"figure", "dated"}),
        # what there was in a past year is the then of how things evolved: its line to a
        # body is no reporting line today
        ("None of this existed in 2018, when the group reported to the Registrar", {"dated", "then"}),
        ("Staff: 84 → 112, apprentices 2 -> 9", {"change", "figure"}),  # then and now by arrows
        ("Agency staff are not in the figures", {"count scope"}),
        # a sign-off's date is not when the plan runs, unless a period is given too
        ("The Board approved the plan in May 2026.", {"dated"}),
        ("This plan, approved in May 2026, runs from June 2026 to May 2028",
         {"dated", "period", "plan period"}),
        # stop 32, round 4: a story told in years is the then; progress followed up at an
        # interval is how the plan is measured; money a year out of a budget is the plan's
        ("The forum came in 2019 and its budget in 2021.", {"dated", "period", "then"}),
        ("Progress is a standing item at every monthly meeting", {"followed up"}),
        ("Review the career framework every year", set()),  # an action's review, not progress
        ("The Forum owns the plan and checks progress at each meeting", {"whole plan"}),  # its owner
        ("£9,000 a year is earmarked in the faculty budget", {"whole plan", "money", "figure"}),
        ("A training budget of £500 per technician each year", {"money", "figure"}),
        # round 5: a table lined up with spaces, a unit's counts by kind and its total; a
        # red item carried forward; money set aside; actions rated at an interval
        ("Hessle Vale Academy        3    1    1     5", {"unit count", "figure"}),
        ("Hydrotherapy pool                2     1.6", {"unit count", "figure"}),
        ("Team | 12 | 19", {"figure"}),  # two counts: then and now as often as a breakdown
        ("It has been carried forward to the next round", {"next"}),
        ("The trust board has set aside £6,500 a year", {"whole plan", "money", "figure"}),
        ("Every quarter the group will rate each action", {"followed up", "next"}),
        # an action's own budget in brackets is the action's, not the whole plan's
        ("Fund registration, 30 by 2029 (Budget: £4,000 a year from the staff budget)", {"money", "figure", "dated"}),
    ],
)
def test_the_kinds_of_amount_a_statement_reports(text, kinds):
    assert figure_kinds(text) == kinds
    assert kinds <= set(KINDS)


def test_a_line_to_a_senior_body_counts_for_the_reporting_line():
    # Spec: "whom it reports to", "reporting line to senior committees", in any verb; a
    # body's name that only qualifies a noun ("committee work") names no body.
    slots = draft_slots(load_template().question("stage_two.q1"), load_template())
    reporting = next(i for i, s in enumerate(slots) if s.label == "reporting")
    assert slots[reporting].figures == ("line",)
    assert Placer(slots, VectorCache(None)).scores(["It answers to the University Finance Committee"])[0, reporting] > 0
    assert "line" not in figure_kinds("New members are introduced to committee work by the chair")


def test_why_an_item_stalled_counts_for_the_red_explanation_not_the_status():
    # Spec 9.2: a red explanation is "a sentence on why it stalled and/or what happens
    # next"; the status and the red explanation share every red word, so the reason decides.
    slots = draft_slots(load_template().question("stage_two.q3"), load_template())
    placer = Placer(slots, VectorCache(None))
    placed = placer.place(["The glass studio item is red because the kiln failed twice", "The glass studio item is red"])
    assert [p.slot.label for p in placed] == ["red_explanations", "status"]


def test_a_report_sent_to_a_named_body_is_the_reporting_line():
    # Spec: "whom it reports to", whatever the body is called or however it is shortened.
    slots = draft_slots(load_template().question("renewal.q2"), load_template())
    placer = Placer(slots, VectorCache(None))
    assert placer.place(["Twice a year a short report goes to ULT"])[0].slot.label == "reporting"
    assert placer.place(["A short report goes round the working group"])[0].slot.label != "reporting"


def test_a_year_counts_for_how_the_arrangements_developed():
    # Spec renewal.q2: "how all this has evolved since signing"; a year dates the then of a
    # then-and-now, whatever the words for the change.
    slots = draft_slots(load_template().question("renewal.q2"), load_template())
    placer = Placer(slots, VectorCache(None))
    assert placer.place(["Up to 2020 one volunteer in Estates did all of it"])[0].slot.label == "development"
    assert placer.place(["One volunteer in Estates does all of it"])[0].slot.label != "development"


def test_staff_time_given_to_the_groups_members_is_a_resource_not_the_governance():
    # Spec stage_two.q1: "what money/staff time supports it"; naming whose time it is
    # (the committee's members) does not make it the committee that leads.
    slots = draft_slots(load_template().question("stage_two.q1"), load_template())
    placer = Placer(slots, VectorCache(None))
    texts = ["Steering committee members get three hours a week for it", "The steering committee has eight members"]
    assert [p.slot.label for p in placer.place(texts)] == ["resources", "governance"]


def test_a_route_taken_instead_is_what_happens_next():
    # Spec 9.2: "what happens next", said without "will": the route that replaces the
    # stalled one.
    assert "next" in figure_kinds("The Estates team covers the induction course instead")
    assert "next" not in figure_kinds("The Estates team covers the induction course")


def test_a_date_alone_is_a_timescale_and_a_dated_action_is_not():
    # Spec 9.1 .timescale: "a date, month/year, term, quarter, year range"; an end date on
    # its own line (or as a label's value) is the action's timescale.
    for text in ("Finish: end of March 2028", "Spring term 2027", "By: Q1 2027 - Q3 2028"):
        assert "date" in figure_kinds(text), text
    for text in ("Open the new workshop by March 2028", "Finish: 40 apprentices by March 2028", "Due: ongoing"):
        assert "date" not in figure_kinds(text), text


def test_a_roadmaps_horizon_on_its_own_line_is_a_timescale():
    # a plan set out as Now / Next / Later (or short and long term) dates its actions by
    # these lines; the same words inside an action do not (stop 32)
    for text in ("Next", "Later:", "Short term", "Medium-term", "Year 2", "Phase two"):
        assert "date" in figure_kinds(text), text
    for text in ("Next steps for the forum", "Later in the year we open the store", "Stage 2"):
        assert "date" not in figure_kinds(text), text


def test_money_for_the_whole_plan_is_its_resource_not_its_timescale():
    # the owner or resource and the timescale each take the plan-wide kind they ask for:
    # "approved £36,000 annually" reads close to a date by meaning (stop 32)
    slots = draft_slots(load_template().question("renewal.q6"), load_template())
    scores = Placer(slots, VectorCache(None)).scores(["The Executive has approved £30,000 annually."])[0]
    labels = [slot.label for slot in slots]
    assert scores[labels.index("timescale")] < 0 < scores[labels.index("owner_resource")]


def test_a_units_own_count_is_a_breakdown_and_the_wholes_is_not():
    # Spec 6 initial.q3 and 8 renewal.q1: "a breakdown by location/unit" lists each unit
    # with its number; the whole's number is labelled by the counted words (stop 28).
    for text in ("Pitches, turf and grounds | 19", "Imaging, AV and digital: 51", "Faculty of Science: 42 technicians",
                 "Conservation science: 71, including the analytical lab", "| Ice core laboratories | 19 |",
                 # stop 29: after a spaced dash, and with a site's cell before or after the count
                 "Glassblowing and optics – 7", "| Composites | Riverside site | 21 |", "Coating labs\t23\tEast wing",
                 "Tree nursery\tNorth site\t6\t5.4",  # with its FTE beside it
                 # stop 30: in a sentence, and three units or more with counts in brackets
                 "The film school has 33 and music has 19.",
                 "We number 41 in six groups: tissue culture (9), mechanical testing (7), the workshop (8), electronics (6)",
                 # stop 31: an aside in brackets after the unit's name, digits and all
                 "Digital fabrication (laser cutters, 3D printers) — 5 (4.4 FTE)"):
        assert "unit count" in figure_kinds(text), text
    # two numbers in a row are as often a then and a now ("| Workshops | 12 | 15 |") as a headcount and its FTE
    for text in ("Technical staff: 244 people in four teams", "Total | 96", "Team\tPeople\tFTE", "| Workshops | 12 | 15 |",
                 "Beamline support\t83\t97",
                 "We have 96 technicians across six units",
                 "Point 3: 12 nominations made"):
        assert "unit count" not in figure_kinds(text), text


def test_a_number_beside_what_it_was_is_a_change_not_a_units_count():
    # Spec renewal.q1: "headcount then and now" is a change (stop 28)
    for text in ("Remote and online labs: 31 (9 in 2019)", "Media production: 64, up from 60",
                 "Trials work has taken the workshop from five staff to eight"):  # stop 30
        kinds = figure_kinds(text)
        assert "change" in kinds and "unit count" not in kinds, text
    assert "change" not in figure_kinds("The plan runs from 2019 to 2022")  # a span of years


def test_the_plans_progress_reviewed_or_brought_up_to_date_at_an_interval_is_its_measure():
    # spec 9.1 .impact_measure, "the plan as a whole in a stated way": its own record (the
    # board, the chart) reviewed or updated at each meeting or every few months (stop 33)
    for text in ("The panel will review the whole tracker every two months.",
                 "At each meeting the group brings the Gantt chart up to date.",
                 "Twice a year I report where things stand to the Estates Committee.",
                 "Every quarter the leads mark each action as on track or behind."):
        assert "followed up" in figure_kinds(text), text
    # an action's own object reviewed at an interval is that action, not the plan's measure
    assert "followed up" not in figure_kinds("A register of single-person skills, reviewed every year from 2027")
    slots = draft_slots(load_template().question("stage_two.q6"), load_template())
    scores = Placer(slots, VectorCache(None)).scores(["The Staff Committee will review every action each quarter."])[0]
    assert all(score < 0 for slot, score in zip(slots, scores, strict=True) if slot.pillar)


def test_a_plan_named_by_its_length_is_the_plan_as_a_whole():
    # "our three-year plan runs from ..." dates the whole plan, as "our plan runs from ..." does (stop 33)
    assert "plan period" in figure_kinds("Our three-year plan starts in May 2027 and ends in April 2030.")
    assert "plan period" in figure_kinds("The 18-month plan runs from January 2027.")


def test_a_total_row_with_two_counts_is_a_change_in_the_headcount():
    # renewal q1's then-and-now table closes on its totals ("Total<tab>61<tab>84"), the
    # change since signing (stop 33); a total with one count is no change
    slots = draft_slots(load_template().question("renewal.q1"), load_template())
    for text in ("Total\t61\t84", "Total;61;84;", "Grand total | 61 | 84 |"):
        assert "change" in figure_kinds(text), text
        assert Placer(slots, VectorCache(None)).place([text])[0].slot.label == "changes", text
    assert "change" not in figure_kinds("Total | 96")


def test_a_senior_body_receiving_the_minutes_is_the_reporting_line():
    # the line told from the body's side (stop 33); not the writer receiving something
    assert "line" in figure_kinds("The group meets monthly, and the Senior Leadership Team receives the minutes.")
    assert "line" in figure_kinds("Council sees its annual report each July.")
    assert "line" not in figure_kinds("We received the minutes a week late.")


def test_a_rows_own_code_may_open_a_units_count_in_an_aligned_table():
    # a cost centre's number before the team's name (stop 33)
    assert "unit count" in figure_kinds("410  Estates workshop            North site      7    6.5")
