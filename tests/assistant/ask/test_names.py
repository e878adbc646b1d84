"""Which institutions a question names, and whether it asks of each of them."""

import pytest

from assistant.ask.names import asks_of_each, named_institutions

KNOWN = ["The Open University", "University of Reading", "The Research Institute Technician Group", "University of Leeds",
         "Liverpool School of Tropical Medicine", "University of Liverpool"]


@pytest.mark.parametrize("question", [
    "Which universities run an open day for technicians?",
    "Which universities give technicians a reading list?",
    "How do institutions run a technician group?",
])
def test_an_everyday_phrase_that_is_also_a_short_name_names_no_institution(question):
    assert named_institutions(question, KNOWN) == ()


@pytest.mark.parametrize("question, named", [
    ("What has Reading done for apprentices?", ("University of Reading",)),
    ("What has the Open University done for apprentices?", ("The Open University",)),
    ("anything from leeds on apprentices?", ("University of Leeds",)),  # typed without capitals
    ("At the Liverpool tropical medicine school, who runs the forum?", ("Liverpool School of Tropical Medicine",)),
])
def test_a_short_name_written_as_a_name_names_its_institution(question, named):
    assert named_institutions(question, KNOWN) == named


def test_a_question_asks_of_each_institution_it_names_unless_it_chooses_among_them():
    assert asks_of_each("How do Cardiff and Edinburgh each keep their technicians informed?")
    assert asks_of_each("How is Cardiff's plan laid out compared with Durham's?")
    assert not asks_of_each("Was it Cranfield or Surrey that ran the leadership programme?")
    assert not asks_of_each("Out of Leeds, York and Bath, which ones created a senior post?")
