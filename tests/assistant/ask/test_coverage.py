"""Which key concepts of a question a statement mentions, as the question means them."""

from __future__ import annotations

import pytest

from assistant.ask.coverage import FRAME_WEIGHT, coverage, sensed_coverage
from assistant.ask.query import plan_query


def test_a_domain_synonym_counts_as_written_not_by_its_stem():
    topics = plan_query("What have institutions done about professional registration?").topics
    weights = {t.word: 1.0 for t in topics}
    assert coverage(topics, weights, "Two technicians became CSci registrants this year.") > 0
    # "chartered" is a synonym of registration; its stem must not find the Athena Swan Charter
    assert coverage(topics, weights, "We were the first directorate to hold an Athena Swan Charter Mark.") == 0


def test_a_t_level_is_a_route_beside_the_apprenticeship_not_another_word_for_it():
    # stop 49: the two were one synonym group, so apprentices answered T Level questions
    topics = plan_query("Who hosts T Level students on placement?").topics
    weights = {t.word: 1.0 for t in topics}
    apprentices = coverage(topics, weights, "We recruited three apprentices to the laboratory team.")
    assert apprentices < coverage(topics, weights, "We hosted two T-Level students in the workshop.")
    t_level = next(t for t in topics if t.word == "t level")
    assert "apprentices" not in t_level.alternatives


def test_a_domain_phrase_in_the_question_is_one_concept_with_its_synonyms():
    topics = plan_query("What are examples of technicians doing public engagement?").topics
    assert [t.word for t in topics] == ["public engagement"]
    weights = {t.word: 1.0 for t in topics}
    assert coverage(topics, weights, "Our technicians ran outreach days with local schools.") == 1.0
    assert coverage(topics, weights, "Technicians are named on publications.") == 0  # "public" alone is not the phrase
    talent = plan_query("How are institutions responding to the TALENT Commission?").topics
    assert "talent" not in talent[0].alternatives  # a word of the phrase alone is broader than the phrase


def test_a_compounds_words_count_only_together_and_the_questions_verb_weighs_less():
    plan = plan_query("Which universities have a technicians' football team?")
    weights = {t.word: 1.0 for t in plan.topics}
    other_sense = "The technical team ran an open day for the department."
    unused = frozenset({"football"})  # no passage of the corpus says "football"
    assert coverage(plan.topics, weights, other_sense) > 0  # the ranking still reads the word
    assert sensed_coverage(plan, weights, other_sense, unused) == 0  # the found decision does not
    assert sensed_coverage(plan, weights, "Technicians formed a five-a-side football team.", unused) == 1.0
    shadowing = plan_query("Which universities run technician job shadowing?")
    weights = {t.word: 1.0 for t in shadowing.topics}
    # the corpus uses "job" elsewhere: its "shadowing" alone may be job shadowing
    assert sensed_coverage(shadowing, weights, "We facilitate shadowing opportunities.") > 0
    plan = plan_query("Do technicians receive performance bonuses?")
    weights = {t.word: 1.0 for t in plan.topics}
    # the first word of a compound never counts without its head; the verb weighs less
    assert sensed_coverage(plan, weights, "Staff receive annual performance reviews.") == pytest.approx(FRAME_WEIGHT / (FRAME_WEIGHT + 2))


def test_the_head_of_the_compound_asked_for_counts_only_with_its_modifier():
    plan = plan_query("How much sick pay do apprentices receive?")
    weights = {t.word: 1.0 for t in plan.topics}
    other_sense = "Some apprentices leave to join a firm that pays more."
    # "sick" is used elsewhere in the corpus, yet this pay is not sick pay
    unrelated = sensed_coverage(plan, weights, "Apprentices are welcome.")
    assert sensed_coverage(plan, weights, other_sense) == unrelated


def test_the_head_of_the_compound_asked_for_counts_alone_when_the_taxonomy_takes_it_alone():
    # "mentoring" is a key term of a theme by itself: "peer mentoring" asked for is what a
    # page calling it mentoring describes; "pay" is no theme's term, so "sick pay" stays whole
    plan = plan_query("Does anyone offer peer mentoring to new technicians?")
    weights = {t.word: 1.0 for t in plan.topics}
    assert plan.asked_for == ("peer", "mentoring")
    unrelated = sensed_coverage(plan, weights, "Every new technician is offered a locker in the first year.")
    assert sensed_coverage(plan, weights, "Every new technician is offered mentoring in the first year.") > unrelated


def test_the_head_of_a_compound_with_a_hyphenated_first_word_counts_only_with_it():
    plan = plan_query("Does anyone cap back-to-back fixed-term contracts for technicians?")
    weights = {t.word: 1.0 for t in plan.topics}
    # stop 54: an open-ended contract is not a fixed-term one, though the corpus says "fixed" elsewhere
    unrelated = sensed_coverage(plan, weights, "Technicians are welcome.")
    assert sensed_coverage(plan, weights, "Technicians move to open-ended contracts.") == unrelated
    assert sensed_coverage(plan, weights, "No technician stays on fixed-term contracts for long.") > unrelated


def test_a_word_in_capitals_is_a_name_found_only_as_written():
    rises = plan_query("Have technicians had pay rises?").topics
    weights = {t.word: 1.0 for t in rises}
    # the RISE project is no pay rise, though "rises" and "RISE" share a stem
    assert coverage(rises, weights, "A senior technician joined the RISE project board.") == 0
    assert coverage(rises, weights, "Technicians had pay rises after the regrading.") == 1.0
    rise = plan_query("Which technicians joined the RISE project?").topics
    assert coverage(rise, {t.word: 1.0 for t in rise}, "A senior technician joined the RISE project board.") == 1.0
