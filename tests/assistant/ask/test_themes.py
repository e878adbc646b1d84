"""Themes of the taxonomy: how a sentence is classified for an answer's grouping."""

from __future__ import annotations

import pytest

from assistant.ask.themes import ThemeIndex, _term_pattern
from domain.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def themes(minilm) -> ThemeIndex:
    return ThemeIndex(minilm)


def theme(theme_id: str):
    return next(t for t in load_taxonomy() if t.id == theme_id)


def classify(themes: ThemeIndex, text: str, asked=None):
    return themes.classify(themes.center(themes.embedder.embed([text]))[0], text, asked)


def test_a_themes_term_counts_as_a_phrase_in_its_own_order():
    terms = _term_pattern(("staff awards",))
    assert terms.search("our annual staff award")
    assert not terms.search("staff attend the award ceremony")


def test_a_term_counts_as_written_not_by_its_stem():
    """A stem stands for other words: "secondment" is no "second week", "fellowship" no
    "fellow technicians", "award" no "awarded the status"; a plural or possessive is the
    same word."""
    assert not _term_pattern(("secondment",)).search("in the second week of the course")
    assert not _term_pattern(("fellowship",)).search("helped by fellow technicians")
    assert not _term_pattern(("award",)).search("we were awarded the status")
    assert _term_pattern(("award",)).search("two new Awards for apprentices")
    assert _term_pattern(("technician voice",)).search("so that the technicians' voice is heard")
    assert _term_pattern(("T Level",)).search("hosting T-Level students")


def test_a_term_written_in_capitals_counts_only_in_capitals():
    """"TALENT" names a programme and a commission; "talent" is a word of every strategy."""
    terms = _term_pattern(("TALENT", "recommendation"))
    assert terms.search("funded by the TALENT programme")
    assert not terms.search("we attract the best technical talent")
    assert terms.search("the Recommendations of the report")


def test_the_asked_theme_decides_between_close_themes(themes):
    sentence = "Creation of a technician champions network across the faculties"
    assert classify(themes, sentence, theme("technician_network")).id == "technician_network"
    assert classify(themes, sentence, theme("champions")).id == "champions"


def test_the_asked_theme_never_labels_a_sentence_of_no_theme(themes):
    sentence = "The canteen menu changes every Tuesday and Friday."
    assert classify(themes, sentence) is None
    assert classify(themes, sentence, theme("technician_network")) is None


def test_what_the_commitment_is_is_not_quoted_as_an_action(themes):
    texts = [
        "The Commitment aims to ensure visibility, recognition, career development and sustainability for technicians.",
        "The Technician Commitment includes four key areas for every signatory.",
        "The Technician Commitment has underpinned a change in how our faculties plan their technical teams.",
    ]
    vectors = themes.embedder.embed(texts)
    assert themes.restates_aim(vectors, texts).tolist() == [True, True, False]


def test_a_theme_none_of_whose_terms_is_used_labels_only_a_clear_match(themes):
    """A headcount that mentions laboratories is no sharing of facilities: without the
    theme's own terms, sounding a little like it is not enough."""
    assert classify(themes, "Some 300 technicians support our laboratories, studios and workshops across five campuses.") is None
    assert classify(themes, "Our core facility opens its microscopes to researchers from other universities.").id == "shared_facilities"


def test_a_longer_term_of_another_theme_hides_the_term_inside_it(themes):
    """"Employer Champion" is a registration status, not a technician champion;
    "management training" is leadership development, not any training."""
    assert classify(themes, "Our Employer Champion status was renewed last spring.") is None
    assert classify(themes, "The management training scheme took twelve technicians this year.").id == "leadership_development"


def test_an_accrediting_bodys_full_name_is_a_term_as_its_initials_are(themes):
    """A lead writes "ILM" as often as the Institute of Leadership and Management's name."""
    for sentence in (
        "Staff taking on supervisory duties can join our Institute of Leadership and Management accredited programmes.",
        "Supervisors are offered places on Institute of Leadership and Management courses.",
    ):
        assert classify(themes, sentence).id == "leadership_development"


def test_a_word_of_another_common_sense_is_no_key_term(themes):
    """"Leadership" in a university's documents is mostly its senior team, and every award
    takes nominations: neither says which theme a sentence reports."""
    assert classify(themes, "The plan was agreed by the senior leadership team and published on the intranet.") is None
    assert classify(themes, "Twelve technicians joined the leadership programme for aspiring technical managers.").id == "leadership_development"
    assert classify(themes, "Two of our technicians were nominated for this year's staff awards.").id == "internal_awards"


def test_a_questions_topic_is_read_together_with_the_intervention_it_asks_about(themes):
    question = themes.center(themes.embedder.embed([
        "Is there a community where technicians from different departments meet and share ideas?",
        "community departments meet share ideas",
    ]))
    asked = themes.asked(question)
    assert asked is not None and asked.id == "technician_network"
    toward = themes.toward(question, asked)
    network = themes.center(themes.embedder.embed(["Our technician network has 200 members and meets every month."]))[0]
    assert toward[-1] @ network > question[-1] @ network
    assert (toward[0] == question[0]).all()  # the whole question as asked
    assert themes.toward(question, None) is question


def test_a_question_using_a_themes_own_term_asks_about_it_as_a_sentence_would(themes):
    """"Career ladder" is a term of career pathways: a question that uses it asks about
    them, though its other words ("written up", "lab staff") pull it a little away by
    meaning; the term counts as it does when a sentence is classified (``TERM_BONUS``).
    A term alone does not make a question about a theme it is far from."""
    question = "Has anyone written up a career ladder for lab staff?"
    vectors = themes.center(themes.embedder.embed([question, "written career ladder lab staff"]))
    assert themes.asked(vectors) is None  # by meaning alone it fits no theme well
    assert themes.asked(vectors, question).id == "career_pathways"
    far = "Who has drawn up a progression route for workshop staff?"
    assert themes.asked(themes.center(themes.embedder.embed([far, "drawn progression route workshop staff"])), far) is None
