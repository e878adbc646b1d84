"""A text's words and their stems: a word's forms meet, words of another meaning do not."""

from __future__ import annotations

import pytest

from assistant.ask.words import compared_bases, stem


@pytest.mark.parametrize("family", [
    ("grade", "grades", "grading", "graded"),
    ("place", "placement", "placements", "placed"),
    ("recognise", "recognition", "recognising"),
    ("apprentice", "apprenticeships"),
    ("age", "ageing", "ages"),
    ("promotion", "promotions", "promoted", "promote"),
    ("progression", "progressed", "progress"),
    ("coordinator", "coordinators", "coordinating", "coordinate", "coordination"),
    ("celebrate", "celebrated", "celebrating", "celebration", "celebrations"),
    ("evaluate", "evaluating", "evaluation"),
    ("champion", "champions", "championing", "championed"),
    ("publication", "publications", "published", "publishing"),
    ("secondment", "secondments", "seconded"),
    ("study", "studies", "studied"),
    ("opportunity", "opportunities"),
    ("signatory", "signatories"),
])
def test_a_words_forms_share_one_stem(family):
    assert len({stem(word) for word in family}) == 1


@pytest.mark.parametrize(
    ("word", "other"), [
        ("action", "act"), ("section", "sect"), ("promotional", "promotion"), ("publications", "public"),
        ("secondments", "second"), ("departments", "departing"), ("champions", "champ"), ("millions", "mill"),
    ]
)
def test_words_of_another_meaning_keep_their_own_stem(word, other):
    assert stem(word) != stem(other)


@pytest.mark.parametrize("word, base", [("wider", "wide"), ("bigger", "big"), ("fastest", "fast"), ("newer", "new")])
def test_a_comparative_or_superlative_gives_the_plain_form_it_comes_from(word, base):
    assert base in compared_bases(word)


def test_a_word_that_compares_nothing_gives_no_plain_form():
    assert compared_bases("plan") == () and compared_bases("her") == ()
