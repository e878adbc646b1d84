"""Follow-up questions read against the previous turn."""

from __future__ import annotations

import pytest

from assistant.answer import Answer, Citation, Source
from assistant.ask.conversation import Turn, is_follow_up, resolve, searched_as_asked_of_kind
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
    assert is_follow_up("How did they fund it?") and is_follow_up("What did Leeds do about it?")
    assert is_follow_up("Has anyone evaluated whether it worked?")
    # the pronoun points at a thing the question itself names before it
    assert not is_follow_up("Which departments set up Imperial's lab apprenticeship, and when does it start?")


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
    # one institute asked for is a kind too; an institute's name and the asker are not (stop 45)
    one = resolve("Has any research institute run its own technician conference?", [])
    assert one.institution_kind == "institute"
    assert searched_as_asked_of_kind(one).query == "Has any institution run its own technician conference?"
    assert resolve("What does the Institute of Cancer Research do for technicians?", []).institution_kind is None
    assert resolve("We are a research institute with no budget. Any ideas?", []).institution_kind is None


@pytest.mark.slow
def test_institutes_asked_of_narrow_whom_the_answer_comes_from_not_what_is_searched_for():
    asked = resolve("Have any research institutes given technicians sabbaticals?", [])
    searched = searched_as_asked_of_kind(asked)
    assert searched.institution_kind == "institute"
    assert "institute" not in searched.query and "sabbaticals" in searched.query
    assert "research institutes" in asked.query  # the conversation carries it as asked
    # kinds set against each other stay what is searched for; so does a question of nothing else
    contrasted = "Do research institutes, as opposed to universities, see career routes differently?"
    assert searched_as_asked_of_kind(resolve(contrasted, [])).query == contrasted
    bare = "What have other institutes done?"
    assert searched_as_asked_of_kind(resolve(bare, [])).query == bare


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


@pytest.mark.slow
def test_a_question_asked_of_institutes_is_not_answered_by_passages_about_institutes(corpus_store):
    # stop 45: the Research Institute Technician Group's page talks of research institutes,
    # not of sabbaticals; it was cited as the answer
    service = build_ask_service(Settings(), corpus_store)
    answer = service.ask("Have any research institutes given technicians sabbaticals?")
    assert not answer.found and not answer.citations
    assert "sabbaticals" in answer.text
