"""Follow-up questions read against the previous turn."""

from __future__ import annotations

import pytest

from assistant.answer import Answer, Citation, Source
from assistant.ask.conversation import Turn, is_follow_up, resolve
from assistant.ask.query import plan_query
from assistant.services import build_ask_service
from assistant.settings import Settings


def previous() -> Turn:
    sources = [Source(n, f"c{n}", "d", inst, "doc", "f", 1, 1, "s", "p") for n, inst in [(1, "Aston University"), (2, "John Innes Centre")]]
    answer = Answer("How have others addressed apprenticeships?", "text", [Citation(s.n, s, "q") for s in sources], True)
    answer.effective_query = "How have others addressed apprenticeships?"
    return Turn(answer.question, answer)


def test_new_question_stands_alone():
    assert resolve("What awards exist for technicians?", [previous()]).query == "What awards exist for technicians?"


def test_and_at_research_institutes_keeps_the_topic_and_narrows_the_kind():
    resolved = resolve("and at research institutes?", [previous()])
    assert "apprenticeships" in resolved.query and resolved.institution_kind == "institute"


def test_the_kind_a_turn_was_asked_of_holds_until_a_follow_up_names_another():
    narrowed = Turn("and at research institutes?", Answer("and at research institutes?", "text", [], True))
    narrowed.answer.effective_query = resolve("and at research institutes?", [previous()]).query
    assert resolve("Did any of them use the levy?", [previous(), narrowed]).institution_kind == "institute"
    assert resolve("And universities?", [previous(), narrowed]).institution_kind == "universit"


def test_more_on_the_second_one_focuses_its_institution():
    resolved = resolve("more on the second one", [previous()])
    assert resolved.institution == "John Innes Centre" and "apprenticeships" in resolved.query


def test_follow_up_detection():
    assert is_follow_up("what about them?") and not is_follow_up("How do universities define technicians?")


def test_a_follow_up_asking_a_question_of_its_own_asks_it_with_the_earlier_turn_as_context():
    # stop 43: the earlier question was read as the question and the levy as its context,
    # so every apprenticeship statement answered "Did any of them use the levy?"
    resolved = resolve("Did any of them use the levy?", [previous()])
    assert resolved.query == "How have others addressed apprenticeships. Did any of them use the levy?"
    assert plan_query(resolved.query).topic == "levy"
    # a question that refers back keeps the earlier topic as its own
    assert "apprenticeships" in plan_query(resolve("And how did they fund it?", [previous()]).query).topic
    # fragments still extend the earlier question
    assert resolve("what about funding?", [previous()]).query == "How have others addressed apprenticeships? funding"


def test_institutes_a_question_asks_of_narrow_it_to_institutes():
    assert resolve("How have research institutes addressed apprenticeships?", []).institution_kind == "institute"
    assert resolve("We are a small lab. What have other institutes done?", []).institution_kind == "institute"
    # universities asked of are every signatory; a network's name is no kind
    assert resolve("How have universities addressed apprenticeships?", []).institution_kind is None
    assert resolve("How does the Research Institute Technician Group meet?", []).institution_kind is None


@pytest.mark.slow
def test_a_follow_up_on_the_levy_is_answered_only_by_what_mentions_it(corpus_store):
    service = build_ask_service(Settings(), corpus_store)
    first = service.ask("How have universities addressed apprenticeships?")
    follow_up = service.ask("Did any of them use the levy?", history=[Turn(first.question, first)])
    assert follow_up.found and follow_up.citations
    # the statement on the levy comes first; the apprenticeships alone no longer answer
    assert "levy" in follow_up.citations[0].quote.lower()
    assert len(follow_up.institutions) <= 2 < len(first.institutions)
    # asked of research institutes, the universities' apprenticeships are not the answer
    institutes = service.ask("How have research institutes addressed apprenticeships?")
    assert institutes.found and set(institutes.institutions) <= {"Institute of Cancer Research", "Liverpool School of Tropical Medicine"}
    assert "in the corpus (research institutes)" in institutes.text  # the reader sees whom it was asked of


@pytest.mark.slow
def test_a_kind_that_finds_nothing_shows_what_other_kinds_say_apart(corpus_store):
    # stop 44: nothing from research institutes on the levy; the university that does say
    # something is shown apart, by its closest passage, never cited
    service = build_ask_service(Settings(), corpus_store)
    first = service.ask("How have research institutes addressed apprenticeships?")
    follow_up = service.ask("Did any of them use the levy?", history=[Turn(first.question, first)])
    assert not follow_up.found and not follow_up.citations
    assert "of another kind does" in follow_up.text or "of other kinds do" in follow_up.text
    assert follow_up.related and all("Institute" not in r.institution for r in follow_up.related)
    assert any("levy" in r.quote.lower() for r in follow_up.related)
