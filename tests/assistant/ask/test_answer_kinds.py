"""Questions that only one kind of item answers, and the statements that give it."""

from __future__ import annotations

import pytest

from assistant.ask.answer_kinds import asked_kind, gives
from assistant.ask.query import plan_query


@pytest.mark.parametrize("question, kind", [
    ("How much money comes with the Fenbridge technician award?", "a sum of money"),
    ("How big is the training fund, in pounds?", "a sum of money"),
    ("How much does registration cost for a technician?", "a sum of money"),
    # the verb of spending may stand further on in its clause (stop 34); time spent is no money
    ("How much does any of these organisations spend in a year on its plan?", "a sum of money"),
    ("How much time do technicians spend on training?", "a length of time"),
    # money named further on in the clause (stop 51)
    ("How much does Fenbridge put into its technician budget every year?", "a sum of money"),
    ("How much time is paid for out of the Fenbridge training fund?", "a length of time"),
    ("When did Fenbridge sign the Commitment?", "a date"),
    ("In what year was the network founded?", "a date"),
    ("How much annual leave do technicians get?", ""),  # an amount, not of money
    ("How much support do technicians get with registration?", ""),
    ("When do technicians present their work?", ""),  # an occasion, not a date
    ("Which universities pay registration fees?", ""),
    ("How many people came to the Fenbridge showcase?", "a number"),
    ("Roughly how many technicians does Fenbridge employ?", "a number"),
    ("How big is the technical workforce at Fenbridge?", "a number"),  # a size is a count
    ("How many of these universities run apprenticeships?", ""),  # answered by the institutions
    ("How many universities pay registration fees?", ""),
    ("How often does the Fenbridge network meet?", "how often it happens"),
    ("How long does the apprenticeship take?", "a length of time"),
    ("How many years does each action plan cover?", "a length of time"),  # a count of years is a length
    ("What proportion of technicians took the survey?", "a proportion"),
    # another clause asks something else: statements without the kind answer that part (stop 43)
    ("What does the Fenbridge scheme offer, how many have used it, and whom should they contact?", ""),
    ("How many technicians are there, and where do they work?", ""),
    ("Which universities say how many technicians they employ?", "a number"),  # one clause
    ("How many signed up as mentors and how many as mentees?", "a number"),  # both clauses ask it
    ("How much, in pounds, has Fenbridge saved on lecturers?", "a sum of money"),  # a phrase, no clause
    # figures asked for as evidence (stop 54); a figure that is a person is not
    ("Is there any hard evidence, with actual figures, that Fenbridge technicians get promoted?", "a number"),
    ("Do any of these pages give statistics on technician turnover?", "a number"),
    ("Which senior figure spoke at the Fenbridge launch?", ""),
])
def test_a_question_only_one_kind_of_item_answers_is_known_by_that_kind(question, kind):
    assert asked_kind(plan_query(question).text) == kind


def test_a_statement_gives_a_sum_or_a_date_only_when_it_states_one():
    assert gives("a sum of money", "The fund holds £10,000 a year for courses")
    assert not gives("a sum of money", "The prize comes with significant funding for a project")
    assert gives("a date", "We signed the Commitment in March 2019")
    assert not gives("a date", "We are a proud signatory of the Technician Commitment")


def test_a_statement_gives_a_number_only_when_it_counts_something_not_when_it_dates_it():
    # stop 34: "How many people went to ... in 2023?" was answered by the event's dates
    assert gives("a number", "Over 120 staff attended the showcase")
    assert gives("a number", "Two hundred technicians joined the network")
    assert not gives("a number", "The showcase ran in September 2023 for the 2023-24 cohort")
    assert not gives("a number", "Technicians attended the showcase in large numbers")
    # a figure, a table, a level or a phase is named by its number, not counted by it
    assert not gives("a number", "Fig. 5 shows the employment status of the technical workforce")
    assert not gives("a number", "We recruited Level 3 apprentices under our Phase 2 plan")
    assert gives("a number", "We recruited five Level 3 apprentices")
    # "a single" counts one (stop 52: "a single technical staff place on Senate")
    assert gives("a number", "Technicians hold a single seat on the governing council")
    # "the majority" says how the staff divide, not how many there are
    assert not gives("a number", "Fig. 5 shows that the majority of technicians hold permanent posts")
    assert gives("a number", "Half of our technicians hold permanent posts")


@pytest.mark.parametrize("kind, statement, given", [
    ("how often it happens", "The forum meets six times a year", True),
    ("how often it happens", "The network meets every two months", True),
    ("how often it happens", "The forum meets to share good practice", False),
    ("a length of time", "The apprenticeship takes four years", True),
    ("a length of time", "Our 36-month action plan", True),
    ("a length of time", "The plan runs 2021-2024", True),
    ("a length of time", "The apprenticeship is aligned to a level 3 standard", False),
    ("a proportion", "Over 40% of technicians responded", True),
    ("a proportion", "Half of our technicians joined", True),
    ("a proportion", "Many technicians responded", False),
])
def test_a_statement_gives_an_interval_a_length_or_a_share_only_when_it_states_one(kind, statement, given):
    assert gives(kind, statement) is given


@pytest.mark.slow
def test_a_question_asking_more_than_a_number_is_answered_by_what_answers_its_other_parts(external_store):
    # stop 43: "none gives a number" although Bath's page describes its scheme
    from assistant.services import build_ask_service
    from assistant.settings import Settings

    service = build_ask_service(Settings(), external_store)
    answer = service.ask("What is the Bath Scheme, how many technicians have gained a fellowship through it, and who runs it?")
    assert answer.found and "University of Bath" in answer.institutions

