"""A question listing examples of what it asks about is read once per example as well."""

from __future__ import annotations

import numpy as np

from assistant.ask.evidence import _similarity
from assistant.ask.listed import one_example_each


def test_each_listed_example_stands_in_for_the_list():
    assert one_example_each("Which pages describe events for technicians, such as launches, festivals or open forums?") == [
        "Which pages describe events for technicians, such as launches?",
        "Which pages describe events for technicians, such as festivals?",
        "Which pages describe events for technicians, such as open forums?",
    ]


def test_the_list_ends_after_its_last_item_or_where_the_question_asks_something_else():
    assert one_example_each("Who names a body, such as a funder or a national scheme, that helps them?") == [
        "Who names a body, such as a funder, that helps them?",
        "Who names a body, such as a national scheme, that helps them?",
    ]
    assert one_example_each("What support, for example mentoring or funding, and what training did they offer?") == [
        "What support, for example mentoring, and what training did they offer?",
        "What support, for example funding, and what training did they offer?",
    ]


def test_no_list_no_readings():
    assert one_example_each("How have others addressed apprenticeships?") == []
    assert one_example_each("Who has created a senior post, such as a director, to run strategy?") == []  # one example
    # "including" as a verb lists nothing
    assert one_example_each("Is anyone including technicians at their branch campuses, say in Malaysia or China?") == []


def test_a_statement_is_as_close_as_its_closest_reading_of_the_question():
    statements = np.array([[1.0, 0.0], [0.0, 1.0]])
    question = np.array([[0.6, 0.0], [0.6, 0.0]])  # the whole question, and its topic
    festivals = np.array([[0.0, 0.9], [0.0, 0.9]])  # one example it lists
    assert np.allclose(_similarity(question, statements), [0.6, 0.0])
    assert np.allclose(_similarity(question, statements, [festivals]), [0.6, 0.9])
