"""Quotable statements: what an answer may quote on its own."""

from ingest.statements import quotable_statements, table_row_text


def test_a_sentence_that_leans_on_the_one_before_carries_it_along():
    passage = "We funded twelve technicians to attend the national conference. This made it possible to present our work."
    assert quotable_statements(passage) == [
        "We funded twelve technicians to attend the national conference.",
        "We funded twelve technicians to attend the national conference. This made it possible to present our work.",
    ]


def test_a_leaning_sentence_with_nothing_before_it_is_left_out():
    assert quotable_statements("They also publish a newsletter for every technical team.") == []


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


def test_an_existential_there_is_not_a_reference_back():
    passage = "There are three registration workshops a year for technicians in every faculty."
    assert quotable_statements(passage) == [passage]


def test_table_rows_read_as_one_statement():
    row = "| Sustainability | 15 | Succession planning | Agree handover plans for retiring technicians. | Sep 2025 - Sep 2026 |"
    assert table_row_text(row) == "Succession planning — Agree handover plans for retiring technicians. — Sep 2025 - Sep 2026"
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


def test_a_row_of_a_one_column_table_is_read_without_its_border():
    assert quotable_statements("Launch of a network of technician champions |") == [
        "Launch of a network of technician champions"
    ]
