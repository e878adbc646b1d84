"""Quotable statements: what an answer may quote on its own."""

import pytest

from ingest.statements import is_cut, is_form_field, quotable_statements, table_row_text


def test_a_sentence_that_leans_on_the_one_before_carries_it_along():
    passage = "We funded twelve technicians to attend the national conference. This made it possible to present our work."
    assert quotable_statements(passage) == [
        "We funded twelve technicians to attend the national conference.",
        "We funded twelve technicians to attend the national conference. This made it possible to present our work.",
    ]


def test_a_chain_of_sentences_each_pointing_back_is_quoted_from_its_start_while_short():
    passage = (
        "Our steering group opened an online space for technicians to share skills. "
        "This was set up on a chat platform and most technicians have joined it.\n"
        "During this period, the space hosted six skills events for 90 people."
    )
    assert quotable_statements(passage)[-1] == (
        "Our steering group opened an online space for technicians to share skills. "
        "This was set up on a chat platform and most technicians have joined it. "
        "During this period, the space hosted six skills events for 90 people."
    )
    # past the context a quote may carry, the end of a long chain carries the sentence before alone
    long_start = "Our steering group opened an online space where " + "technicians of every faculty and grade " * 8 + "share skills."
    chain = f"{long_start} This was set up on a chat platform. During this period, it hosted six events."
    assert quotable_statements(chain)[-1] == "This was set up on a chat platform. During this period, it hosted six events."


def test_a_leaning_sentence_with_nothing_before_it_is_left_out():
    assert quotable_statements("They also publish a newsletter for every technical team.") == []


def test_a_sentence_that_only_adds_to_what_came_before_stands_alone_at_a_passage_start():
    # "In addition" adds to the sentence before, it does not point at it: the sentence says all it says
    added = "In addition, we draw on the staff survey to start conversations with technicians."
    assert quotable_statements(added) == [added]
    assert quotable_statements("In addition, this was agreed by the technical board last year.") == []


def test_a_pronoun_after_a_sentence_too_long_to_carry_takes_that_sentences_opening_clause():
    speakers = ", ".join(f"Dr Speaker {n} of the School of Applied Science" for n in range(8))
    long_before = f"Attendees heard from a number of Northmoor staff, including {speakers}."
    passage = f"{long_before} They were also invited to share their career stories in short profiles."
    assert quotable_statements(passage)[-1] == (
        "Attendees heard from a number of Northmoor staff … "
        "They were also invited to share their career stories in short profiles."
    )
    # "these" may stand for the long sentence's last words: left out, as before
    pointer = f"{long_before} These were also invited to share their career stories in short profiles."
    assert quotable_statements(pointer) == [long_before]


def test_questions_navigation_and_fragments_are_not_statements():
    passage = (
        "Which apprenticeship programmes have you used so far?\n"
        "Find out more about the technician network and its events\n"
        "Details of the steering group can be found on this page.\n"
        "Technician Champions\n"
        "• Improved training & development offers\n"
        "Our champions meet every month with the director of technical services."
    )
    assert quotable_statements(passage) == ["Our champions meet every month with the director of technical services."]


def test_a_web_address_counts_for_no_words_of_a_statement():
    passage = (
        "• ³ https://example.org/reports/Annual Technical Staff Survey Report.pdf\n"
        "The full survey results are published at https://example.org/survey for all staff."
    )
    assert quotable_statements(passage) == ["The full survey results are published at https://example.org/survey for all staff."]


def test_an_existential_there_is_not_a_reference_back():
    passage = "There are three registration workshops a year for technicians in every faculty."
    assert quotable_statements(passage) == [passage]


def test_table_rows_read_as_one_statement():
    row = "| Sustainability | 15 | Succession planning | Agree handover plans for retiring technicians. | Sep 2025 - Sep 2026 |"
    assert table_row_text(row) == "Succession planning — Agree handover plans for retiring technicians. — Sep 2025 - Sep 2026"
    assert quotable_statements(row) == [table_row_text(row)]


def test_a_table_cell_that_mentions_a_pillar_is_no_pillar_label():
    row = "Sustainability | Career development days with schools and colleges for trainee technicians |"
    assert table_row_text(row) == "Career development days with schools and colleges for trainee technicians"
    assert quotable_statements(row) == [table_row_text(row)]


def test_a_paragraph_opening_with_a_reference_back_carries_the_last_sentence_of_the_one_before():
    passage = (
        "Our reviewers sent a report on the self-assessment in March.\n"
        "\n"
        "It praised the dedicated budget and the network of technician champions."
    )
    assert quotable_statements(passage)[-1] == (
        "Our reviewers sent a report on the self-assessment in March. "
        "It praised the dedicated budget and the network of technician champions."
    )


def test_a_chunk_opening_on_a_sentence_leaning_back_is_read_with_the_last_sentence_of_the_chunk_before():
    from types import SimpleNamespace

    from ingest.statements import passages_read_back

    def chunk(text: str, section: str = "Peer review") -> SimpleNamespace:
        return SimpleNamespace(text=text, section_title=section, institution="University of Northmoor")

    first = chunk("Our peers reviewed the plan. The panel sent its report in May.")
    leaning = chunk("It praised the budget and the network of technician champions.")
    assert passages_read_back([first, leaning])[1] == f"The panel sent its report in May.\n{leaning.text}"
    assert quotable_statements(passages_read_back([first, leaning])[1])[-1] == (
        "The panel sent its report in May. It praised the budget and the network of technician champions."
    )
    assert quotable_statements(leaning.text) == []  # alone, it leans on nothing
    assert passages_read_back([first, chunk(leaning.text, "Awards")])[1] == leaning.text  # another section
    standing = chunk("The panel praised the budget and the network of technician champions.")
    assert passages_read_back([first, standing])[1] == standing.text


def test_a_short_table_row_is_an_action_and_a_lone_border_closes_the_row_before():
    # stop 51: an action plan's cells are short ("Q&A sessions for technical staff")
    table = "Launch of a network of technician champions |\nOpen day for lab staff 2019\n|\nQ&A sessions for technicians |"
    assert quotable_statements(table) == [
        "Launch of a network of technician champions", "Open day for lab staff 2019", "Q&A sessions for technicians"
    ]
    assert quotable_statements("Q&A sessions for technicians") == []  # a short line alone is a heading


def test_a_row_of_a_one_column_table_is_read_without_its_border():
    assert quotable_statements("Launch of a network of technician champions |") == [
        "Launch of a network of technician champions"
    ]


@pytest.mark.parametrize("opening", [
    "As a consequence, we were able to apply for the award.",
    "Building on this, we launched a second network for workshops.",
    "To enable this to happen, every department named a champion.",
    "We have addressed this at an institutional level by adding seats.",
])
def test_connectives_and_pronoun_this_lean_on_the_sentence_before(opening):
    assert quotable_statements(opening) == []  # nothing before it: left out
    before = "Our survey found technicians missing from school committees."
    assert quotable_statements(f"{before} {opening}")[-1] == f"{before} {opening}"


@pytest.mark.parametrize("sentence", [
    "This year we launched a network for all technical staff.",
    "This summer, ten technicians joined the outreach programme.",
    "We found that technicians, on average, stay for twelve years.",
    "In addition to the courses already offered, a leadership programme was launched.",
    "As a result of the survey, technicians now sit on every faculty board.",
])
def test_a_time_or_a_conjunction_is_not_a_reference_back(sentence):
    assert quotable_statements(sentence) == [sentence]


def test_a_lead_in_to_a_list_takes_the_lists_first_item():
    passage = (
        "The steering group is structured as follows:\n"
        "• A chair drawn from the senior technical staff.\n"
        "• Two deputies elected by the technician network."
    )
    statements = quotable_statements(passage)
    assert statements[0] == "The steering group is structured as follows: • A chair drawn from the senior technical staff."
    assert "The steering group is structured as follows:" not in statements


def test_an_item_too_short_to_stand_alone_takes_the_lead_in_while_the_list_runs():
    passage = (
        "Each campus has a named champion. Site contacts:\n"
        "North Campus – Ada Fenwick and Tom Ries\n"
        "Harbour Lab – Sam Orme\n"
        "Training Fund\n"
        "The fund opened in 2024 and has paid for forty courses so far."
    )
    statements = quotable_statements(passage)
    assert "Site contacts: North Campus – Ada Fenwick and Tom Ries" in statements
    assert "Site contacts: Harbour Lab – Sam Orme" in statements
    # a heading after the list is not one of its items
    assert not any("Training Fund" in s for s in statements)
    assert "The fund opened in 2024 and has paid for forty courses so far." in statements


def test_an_entry_of_names_alone_is_no_statement_without_its_lead_in():
    # stop 57: a passage opening mid-list quoted a contact line ("... College of Art – <name>")
    # as an answer about a collaboration; long enough, yet it names and says nothing
    passage = "Faculty of Fine Arts and Design – Marta Oyelaran-Hughes\nThe fund opened in 2024 and has paid for forty courses."
    assert quotable_statements(passage) == ["The fund opened in 2024 and has paid for forty courses."]
    listed = quotable_statements("Site contacts:\n" + passage)
    assert "Site contacts: Faculty of Fine Arts and Design – Marta Oyelaran-Hughes" in listed
    # a dash in a sentence that says something keeps it a statement
    said = "Our Technical Excellence Awards – run every June – celebrate technicians across the university."
    assert quotable_statements(said) == [said]


def test_a_one_word_lead_in_leads_in_named_entries_alone():
    # stop 46: "Contacts:" on a page of our own lost its entries ("Medical School – Tomasz Nowak")
    passage = "Contacts:\nEngineering – Priya Lal\nMedical School – Tomasz Nowak\nThe fund opened in 2024 and has paid for forty courses."
    statements = quotable_statements(passage)
    assert "Contacts: Engineering – Priya Lal" in statements and "Contacts: Medical School – Tomasz Nowak" in statements
    # a one-word label before other lines leads nothing in
    assert quotable_statements("Action:\nRecruit two apprentices a year from local schools.") == [
        "Recruit two apprentices a year from local schools."
    ]


def test_a_statement_cut_where_its_passage_ends_is_known_as_cut():
    assert is_cut("The programme will have a profound impact on")
    assert is_cut("We will make the job description library more useful to aid the r")  # a word cut in two
    assert not is_cut("Bob won the Papin Prize in 2021;")
    assert not is_cut("Creation of a technician champions network")  # a heading-like row ends on a noun


def test_a_line_cut_mid_sentence_reads_on_into_the_next_but_never_into_a_new_item():
    passage = (
        "Our apprenticeship programme had a profound impact on\n"
        "the technical workforce of the whole region.\n"
        "• Keep an eye out for our news on\n"
        "• Develop clear job profiles and a career ladder for technicians"
    )
    statements = quotable_statements(passage)
    assert statements[0] == "Our apprenticeship programme had a profound impact on the technical workforce of the whole region."
    assert "• Develop clear job profiles and a career ladder for technicians" in statements


def test_a_sentence_broken_after_a_preposition_reads_on_into_the_next_line():
    passage = "The summary of achievements made up until\nDecember 2023 shows twelve actions completed."
    assert quotable_statements(passage) == ["The summary of achievements made up until December 2023 shows twelve actions completed."]


def test_a_lead_in_before_a_table_header_is_not_joined_to_the_header_nor_quoted_alone():
    passage = "The summary of achievements made up until December 2023 is as follows:\nAction\nAchievements"
    assert quotable_statements(passage) == []


@pytest.mark.parametrize(
    "field",
    [
        "Chair: Morag Ellison",
        "Name of Institutional Lead: Dr Owen Pryce, Head of Technical Services",
        "Organisation: Fenbridge Institute of Marine Science",
        "• Deputy chair: Ana Sousa",
    ],
)
def test_a_form_field_naming_someone_is_not_a_statement(field):
    assert is_form_field(field)
    assert quotable_statements(f"Our technician forum is organised as follows:\n{field}") == []


def test_a_field_whose_value_says_something_is_a_statement():
    sentence = "Visibility: we launched a termly newsletter written by technicians."
    assert not is_form_field(sentence)
    assert quotable_statements(sentence) == [sentence]


def test_a_sentence_glued_after_a_list_of_names_is_quoted_without_them():
    passage = "Forum members: Ana Sousa, Owen Pryce, Morag Ellison Since then, the forum has met every month with a set agenda."
    assert quotable_statements(passage) == ["Since then, the forum has met every month with a set agenda."]


def test_a_line_that_begins_a_sentence_it_does_not_finish_reads_on_into_the_line_that_does():
    passage = (
        "We ran taster days for schools across the UK. These led to two new summer\n"
        "Placements in the Physics workshop.\n"
        "Technical Awards\n"
        "Each year staff nominate colleagues for an award."
    )
    assert quotable_statements(passage) == [
        "We ran taster days for schools across the UK.",
        "We ran taster days for schools across the UK. These led to two new summer Placements in the Physics workshop.",
        "Each year staff nominate colleagues for an award.",
    ]


def test_a_long_line_broken_before_a_capital_reads_on_into_the_few_words_that_end_it():
    # a page's line broke before a name; a short heading and the whole sentence after it stay apart
    passage = (
        "From next year our steering group will report each term to the University's\n"
        "Research and Innovation Committee.\n"
        "Technician Awards\n"
        "Each year staff nominate their colleagues for an award in May.\n"
    )
    assert quotable_statements(passage) == [
        "From next year our steering group will report each term to the University's Research and Innovation Committee.",
        "Each year staff nominate their colleagues for an award in May.",
    ]


def test_a_web_address_standing_before_a_sentence_is_not_quoted_with_it():
    passage = "https://example.org/news/awards-2023 The story below tells how our technicians won two awards."
    assert quotable_statements(passage) == ["The story below tells how our technicians won two awards."]
    assert quotable_statements("See www.example.org for the full list of twelve awards.") == [
        "See www.example.org for the full list of twelve awards."
    ]


def test_a_quoted_point_the_text_answers_is_quoted_only_with_the_answer_to_it():
    """A renewal answering a report's recommendations quotes each before its answer; the
    quotation is the report's words, not the institution's, so it is never quoted alone but
    always with the sentence answering it, even where the text runs into it or on after it
    without a full stop."""
    passage = (
        "Point 2 – “Employers should make it easier to move between technical and academic careers.” "
        "Westmarch has a clear route for technicians to move into research posts.\n"
        "Several technicians have done so this year Point 3 – “Employers should support outreach to local "
        "schools and colleges.” This is not yet done in a planned way, though some staff visit schools.\n"
        "Point 4 – “Employers should widen entry routes into technical careers” Westmarch took on its "
        "first two apprentices in 2023 and plans to take four more."
    )
    assert quotable_statements(passage) == [
        "Point 2 – “Employers should make it easier to move between technical and academic careers.” "
        "Westmarch has a clear route for technicians to move into research posts.",
        "Several technicians have done so this year",
        "Point 3 – “Employers should support outreach to local schools and colleges.” "
        "This is not yet done in a planned way, though some staff visit schools.",
        "Point 4 – “Employers should widen entry routes into technical careers” "
        "Westmarch took on its first two apprentices in 2023 and plans to take four more.",
    ]
