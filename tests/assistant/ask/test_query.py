"""Reading a question: what it asks about, without what it says of the asker."""

from __future__ import annotations

import pytest

from assistant.ask.query import asked_part, plan_query, stem


def test_what_a_message_says_about_the_asker_is_context_not_the_topic():
    message = "I'm the lead at a small institute and we have no money; what have others done to make technicians visible?"
    assert asked_part(message) == "what have others done to make technicians visible?"
    assert "money" not in plan_query(message).content_words


def test_a_message_that_is_all_question_or_all_context_is_read_whole():
    assert asked_part("How have others addressed apprenticeships?") == "How have others addressed apprenticeships?"
    both = "Tell me about apprenticeships. Which institutions run schemes?"
    assert asked_part(both) == both  # a request is not context
    assert asked_part("We are a small institute. Our budget is tiny.") == "We are a small institute. Our budget is tiny."
    assert asked_part("What did we say about awards?") == "What did we say about awards?"


@pytest.mark.parametrize("family", [
    ("grade", "grades", "grading", "graded"),
    ("place", "placement", "placements", "placed"),
    ("recognise", "recognition", "recognising"),
    ("apprentice", "apprenticeships"),
    ("age", "ageing", "ages"),
    ("promotion", "promotions", "promoted", "promote"),
    ("progression", "progressed", "progress"),
    ("coordinator", "coordinators", "coordinating", "coordinate"),
])
def test_a_words_forms_share_one_stem(family):
    assert len({stem(word) for word in family}) == 1


@pytest.mark.parametrize(("word", "other"), [("action", "act"), ("section", "sect"), ("promotional", "promotion")])
def test_words_of_another_meaning_keep_their_own_stem(word, other):
    assert stem(word) != stem(other)


def test_adjacent_content_words_are_one_compound_and_the_verb_after_the_subject_a_frame():
    plan = plan_query("Do technicians receive performance bonuses?")
    assert plan.compounds == (("performance", "bonuses"),)
    assert plan.frames == {"receive"}
    assert plan_query("Which universities have a technicians' football team?").compounds == (("football", "team"),)
    # a possessive is no subject; auxiliaries may stand between the subject and its verb
    assert plan_query("Has anyone surveyed their technicians' skills?").frames == {"surveyed"}
    assert plan_query("Which universities have appointed champions?").frames == {"appointed"}
    # a word after "to" starts no compound; a clause break ends a run
    assert plan_query("What are institutions doing to improve appraisals for technicians?").compounds == ()
    assert plan_query("Which showcase, awards or prizes have others run?").compounds == ()
