"""Notes become statements; a turn's words become a command."""

from __future__ import annotations

import pytest

from assistant.draft.statements import note_statements, split_note
from assistant.draft.turns import (
    ASK,
    DROP,
    LENGTH,
    MOVE,
    NOTES,
    REWRITE,
    SHORTER,
    naming_words,
    parse_turn,
    points_back,
)


def test_bullets_lines_and_sentences_become_statements():
    notes = "- one thing we did\n* another thing we did\n\n3. a third thing\nA plain line. And a second sentence here."
    assert [text for text, _ in split_note(notes)] == [
        "One thing we did", "Another thing we did", "A third thing", "A plain line.", "And a second sentence here.",
    ]


def test_a_paragraph_splits_by_sentence_and_keeps_abbreviations_and_short_tails():
    notes = "We employ approx. 120 technicians, e.g. in labs. Dr Smith leads the group. Since 2020."
    assert [text for text, _ in split_note(notes)] == [
        "We employ approx. 120 technicians, e.g. in labs.", "Dr Smith leads the group. Since 2020.",
    ]


def test_headings_are_hints_not_statements_and_labels_are_kept():
    statements = note_statements(["Governance and reporting:\n- Chaired by the COO\nVisibility\n- Point 3: school visits every term"])
    assert [(s.text, s.heading, s.label) for s in statements] == [
        ("Chaired by the COO", "Governance and reporting", ""),
        ("Point 3: school visits every term", "Visibility", "Point 3"),
    ]
    assert statements[1].hint == "Point 3"


def test_markdown_headings_are_hints_not_statements():
    # notes pasted from a wiki or an editor: "### Visibility" groups the actions under it
    statements = note_statements(["## Action plan 2026-2029\n### Visibility\n- V1 Credit technicians on reports\n"
                                  "### Evaluating impact\n- A staff survey every two years\n#1 priority is pay"])
    assert [(s.text, s.heading) for s in statements] == [
        ("V1 Credit technicians on reports", "Visibility"),
        ("A staff survey every two years", "Evaluating impact"),
        ("#1 priority is pay", "Evaluating impact"),  # no space after the hashes: not a heading
    ]


def test_statements_are_numbered_once_across_notes_and_remember_their_note():
    statements = note_statements(["- first\n- second point here", "also a third point"])
    assert [(s.id, s.note) for s in statements] == [("s1", 0), ("s2", 0), ("s3", 1)]


def test_a_sentence_starting_with_an_address_is_not_capitalised():
    assert split_note("https://www.example.ac.uk/tc holds the plan")[0][0].startswith("https://")
    assert split_note("the plan is online")[0][0] == "The plan is online"


@pytest.mark.parametrize(
    ("words", "kind", "expected"),
    [
        ("also: we launched a newsletter in 2024", NOTES, "we launched a newsletter in 2024"),
        ("Add - two more apprentices", NOTES, "two more apprentices"),
        ("Another 30 technicians work in the Research Facilities Directorate.", NOTES, None),
        ("drop s3", DROP, ("s3",)),
        ("remove 2 and 5", DROP, ("s2", "s5")),
        ("move s2 to reporting", MOVE, "reporting"),
        ("150 words", LENGTH, 150),
        ("keep it to at most 120 words", LENGTH, 120),
        ("shorter", LENGTH, SHORTER),
        ("no limit", LENGTH, 0),
        ("How did others evidence this?", ASK, None),
        ("show me examples of reporting lines", ASK, None),
    ],
)
def test_turns_are_read_from_the_users_words(words, kind, expected):
    command = parse_turn(words)
    assert command.kind == kind
    if kind == NOTES and expected:
        assert command.text == expected
    if kind == DROP:
        assert command.statements == expected
    if kind == MOVE:
        assert command.statements == ("s2",) and command.text == expected
    if kind == LENGTH:
        assert command.words == expected


def test_with_a_model_plain_words_are_an_instruction_and_notes_need_also():
    assert parse_turn("more formal, please", has_model=True).kind == REWRITE
    assert parse_turn("also: 81 of 120 replied", has_model=True).kind == NOTES
    assert parse_turn("a long note that mentions 150 words among many other words here", has_model=False).kind == NOTES


def test_what_an_ask_names():
    assert naming_words("How did others evidence reporting lines?") == "evidence reporting lines"
    assert points_back("how did others do this?") and not points_back("how did others fund the work?")


def test_a_plans_group_heading_names_its_pillar_among_the_words_that_frame_it():
    # Spec 9.1: a plan's group headings are its actions' pillar labels, however framed.
    notes = ("Pillar 1 – Visibility\n| Crew credit on every film | Head of Production | Jan 2026 |\n"
             "Theme: Recognition\n- Back twelve technicians through registration\n"
             "CAREER DEVELOPMENT ACTIONS\n- Role profiles for every grade\n"
             "Evaluating impact (fifth theme)\n- Repeat the staff survey in 2027\n"
             "Visibility: a new newsletter for all staff")
    statements = note_statements([notes])
    assert [(s.text, s.heading) for s in statements] == [
        ("| Crew credit on every film | Head of Production | Jan 2026 |", "Visibility"),
        ("Back twelve technicians through registration", "Recognition"),
        ("Role profiles for every grade", "CAREER DEVELOPMENT"),
        ("Repeat the staff survey in 2027", "Evaluating impact"),
        ("Visibility: a new newsletter for all staff", "Evaluating impact"),  # says more: a labelled statement
    ]
    assert statements[-1].label == "Visibility"


def test_words_in_brackets_that_open_a_statement_are_its_label():
    statements = note_statements(["(Visibility) Technician names on every report\n[R] S2 Succession plan"])
    assert [s.label for s in statements] == ["Visibility", "R"]


def test_a_tables_rule_line_is_neither_a_statement_nor_a_heading():
    statements = note_statements(["| Group | 2021 | 2025 |\n|---|---|---|\n| Workshops | 12 | 15 |"])
    assert [s.text for s in statements] == ["| Group | 2021 | 2025 |", "| Workshops | 12 | 15 |"]
