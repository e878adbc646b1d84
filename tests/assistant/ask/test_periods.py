"""Questions asked of a period ("What were these universities up to in 2020?"): the years
they cover, what they ask besides, and the answer, which cites the statements that date
something within the period (stop 31)."""

from __future__ import annotations

import re

import pytest

from assistant.ask.periods import asked_period
from assistant.ask.service import _asks_nothing_else
from assistant.services import build_ask_service
from assistant.settings import Settings


@pytest.mark.parametrize(("question", "first", "last"), [
    ("What did signatories get done during 2022?", 2022, 2022),
    ("What were universities doing for their technicians back in 2019?", 2019, 2019),
    ("What's on these pages from 2023 onwards?", 2023, 9999),
    ("Anything since 2018?", 2018, 9999),
    ("What happened after 2020?", 2021, 9999),
    ("What did they do before 2018?", 1900, 2017),
    ("What changed between 2018 and 2021?", 2018, 2021),
    ("Anything from 2019-21?", 2019, 2021),
])
def test_a_period_is_read_from_the_question(question, first, last):
    period = asked_period(question)
    assert (period.first, period.last) == (first, last)
    assert not re.search(r"\b20\d\d\b", period.rest)


@pytest.mark.parametrize("question", [
    "What were the headline aims of Cardiff's 2020-23 programme?",  # a plan's span, not a period asked of
    "How many technicians are there?",
    "Who won the 2022 award?",  # a year naming a thing, with no word of time
])
def test_a_year_that_names_a_thing_is_no_period(question):
    assert asked_period(question) is None


def test_a_statement_dates_something_in_the_period_by_a_year_or_for_a_longer_period_a_span_it_holds():
    period = asked_period("What happened in 2022?")
    assert period.dates("In November 2022 the board approved a programme.")
    assert not period.dates("our 2022-25 plan")  # a span names a plan, not what was done in 2022
    assert not period.dates("We signed in 2019.")
    since = asked_period("What has happened since 2023?")
    assert since.dates("our 2023-26 plan") and not since.dates("the 2020-2022 plan")


def test_a_period_alone_is_asked_when_no_word_but_one_for_the_institutions_is_left():
    for question in ("What were these universities up to in 2020?", "What did signatories do during 2022?",
                     "what was going on at these unis back in 2019?"):
        assert _asks_nothing_else(asked_period(question).rest, ()), question
    # a verb is a topic as often ("signed up"), and so is a named institution
    for question in ("Which of these universities signed up in 2018?", "What did universities do about apprenticeships in 2021?",
                     "What did Leeds do in 2021?"):
        assert not _asks_nothing_else(asked_period(question).rest, ("University of Leeds",)), question


@pytest.mark.slow
def test_a_question_asked_of_a_period_alone_cites_what_each_institution_dated_in_it(external_store):
    service = build_ask_service(Settings(), external_store)
    answer = service.ask("What were these universities up to in 2021?")
    assert answer.found and "(in 2021)" in answer.text.splitlines()[0]
    assert len(answer.institutions) >= 3
    assert all("2021" in citation.quote for citation in answer.citations)
    nothing = service.ask("What were these universities up to in 2035?")
    assert not nothing.found and "*what was done in 2035*" in nothing.text
