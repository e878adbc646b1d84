"""Themes of the taxonomy: how a sentence is classified for an answer's grouping."""

from __future__ import annotations

import pytest

from assistant.ask.themes import ThemeIndex, _has_term, _term_stems
from domain.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def themes(minilm) -> ThemeIndex:
    return ThemeIndex(minilm)


def theme(theme_id: str):
    return next(t for t in load_taxonomy() if t.id == theme_id)


def classify(themes: ThemeIndex, text: str, asked=None):
    return themes.classify(themes.center(themes.embedder.embed([text]))[0], text, asked)


def test_a_themes_term_counts_as_a_phrase_in_its_own_order():
    terms = _term_stems(("staff awards",))
    assert _has_term(terms, " our annual staff award ")
    assert not _has_term(terms, " staff attend the award ceremony ")


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
