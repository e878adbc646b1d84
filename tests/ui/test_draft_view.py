"""The Draft tab's HTML renders a draft: statements marked in the text, placeholders
highlighted, coverage per element with peers' sentences, peers' answers, all escaped."""

from __future__ import annotations

from assistant.draft.model import Draft, ElementDraft, Exemplar, PeerAnswer, Statement, Turn
from ui.draft_view import draft_html, draft_reply, text_html

HOSTILE = '<script>alert("x")</script>'
TEXT = "We employ 120 technicians.\n\n[Add: where technicians are based]"


def sample() -> Draft:
    statement = Statement("s1", "We employ 120 technicians", 0, "initial.q3.count", "initial.q3.count", None, 0.6, "meaning", 0, 25)
    return Draft(
        question_id="initial.q3", stage="initial", number=3, title="Number of technicians", asks="How many?", mode="notes",
        text=TEXT, notes=["We employ 120 technicians"], statements=[statement],
        elements=[
            ElementDraft("initial.q3", "A headcount and where", "required", "Give it.", "present", "answered"),
            ElementDraft("initial.q3.count", "A headcount", "required", "Give the number.", "present", "found", ("s1",), examples=(1,)),
            ElementDraft("initial.q3.distribution", "Where they are", "recommended", "Say where they work.", "missing", "not found",
                         placeholder="[Add: where technicians are based]"),
        ],
        exemplars=[Exemplar(1, "Harrowgate", "Initial 2025", 2, f"We employ 96 {HOSTILE}", 2025, "initial.q3.count")],
        peer_answers=[PeerAnswer("Harrowgate", "h", "Initial 2025", 2025, "initial", "initial.q3", 1, 1, 40, f"Ninety-six {HOSTILE}",
                                 ("initial.q3.count",), ("initial.q3.distribution",))],
        word_count=4, word_limit=None, session="initial-q3-x",
        turns=[Turn("how did others do this?", "ask", "How others wrote initial.q3.count:", (1,), TEXT)],
    )


def test_statements_and_placeholders_are_marked_in_the_text():
    html = text_html(sample())
    assert '<span class="tca-st" data-id="s1" title="s1 → initial.q3.count">We employ 120 technicians<sup>s1</sup></span>' in html
    assert '<mark class="tca-placeholder">[Add: where technicians are based]</mark>' in html


def test_the_view_shows_coverage_the_last_answer_and_peers_all_escaped():
    html = draft_html(sample())
    assert "2 of 3 covered" in html and "tca-status-missing" in html and "Say where they work." in html
    assert 'href="#draft-x1">[1]</a>' in html and 'id="draft-x1"' in html
    assert "Harrowgate</strong> · initial 2025 · initial.q3 · p. 1 · 40 words · covers <code>count</code>" in html
    assert HOSTILE not in html and "&lt;script&gt;" in html


def test_notes_placed_under_an_element_the_checker_does_not_find_show_as_weak_not_missing():
    draft = sample()
    placed = ElementDraft("initial.q3.count", "A headcount", "required", "Give the number.", "missing", "no number", ("s1",))
    draft.elements[1] = placed
    assert placed.coverage == "weak" and not placed.missing
    html = draft_html(draft)
    assert html.count("tca-status-missing") == 1  # only the element left out
    assert "tca-status-weak" in html and "Checker: no number" in html


def test_the_reply_after_a_first_draft_says_what_is_missing():
    assert draft_reply(sample()) == "Drafted from 1 statement(s) of your notes. Still missing: initial.q3.distribution."
