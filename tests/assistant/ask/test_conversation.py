"""Follow-up questions read against the previous turn."""

from __future__ import annotations

from assistant.answer import Answer, Citation, Source
from assistant.ask.conversation import Turn, is_follow_up, resolve


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
