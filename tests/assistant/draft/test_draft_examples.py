"""Worked examples of each element as evidence for placement (stop 33): the mean cosine of
a statement's nearest examples per slot, added to what the template's own words give."""

from __future__ import annotations

import numpy as np

from assistant.draft.examples import ExampleEvidence, example_key
from assistant.draft.placement import Placer
from assistant.draft.questions import draft_slots
from assistant.draft.vectors import VectorCache
from domain import load_template
from domain.examples import ElementExample
from vectorstore.embedder import make_embedder

TEMPLATE = load_template()


def _slots(question: str):
    return draft_slots(TEMPLATE.question(question), TEMPLATE)


def _example(text: str, *serves: str) -> ElementExample:
    return ElementExample("stage_two.q1", text, frozenset(serves))


def test_each_slot_scores_the_mean_of_its_nearest_examples_and_a_slot_without_any_scores_nothing():
    slots = _slots("stage_two.q1")
    keys = [example_key(slot, "stage_two.q1") for slot in slots]
    examples = [_example("a", "governance"), _example("b", "governance", "reporting"), _example("c", "general")]
    evidence = ExampleEvidence(slots, examples)
    example_vectors = np.array([[1.0, 0.0], [0.6, 0.8], [0.0, 1.0]], dtype=np.float32)
    scores = evidence.scores(np.array([[1.0, 0.0]], dtype=np.float32), example_vectors)[0]
    assert scores[keys.index("governance")] == np.float32((1.0 + 0.6) / 2)  # both its examples (fewer than three)
    assert scores[keys.index("reporting")] == np.float32(0.6)
    assert scores[keys.index("general")] == np.float32(0.0)
    assert scores[keys.index("resources")] == 0  # no example of it


def test_the_domains_examples_are_read_for_the_question_of_the_slots():
    evidence = ExampleEvidence(_slots("renewal.q2"))
    assert evidence and all(example.question == "renewal.q2" for example in evidence.examples)


def test_a_statement_goes_where_its_nearest_examples_sit_when_the_template_reads_it_elsewhere():
    # a monthly breakfast for technicians is the group's internal engagement, as the
    # examples write it; hashed words stand in for meaning here
    slots = _slots("stage_two.q1")
    vectors = VectorCache(make_embedder("hashing"))
    examples = [_example("A breakfast for technicians in the canteen each month draws about thirty people", "engagement"),
                _example("Each member is given two hours a week for panel work", "resources")]
    statement = ["On the first Monday of each month a canteen breakfast for technicians draws forty people."]
    with_examples = Placer(slots, vectors, examples=examples).place(statement)[0].slot.label
    without = Placer(slots, vectors, example_weight=0).place(statement)[0].slot.label
    assert (with_examples, without) == ("engagement", "resources")


class _CountingEmbedder:
    """Hashed words, counting the texts it embeds; its models' cache in a folder of the test's."""

    def __init__(self, cache_dir, model_id="counting-hashing"):
        self.inner = make_embedder("hashing")
        self.model_id = model_id
        self.dimension = self.inner.dimension
        self.cache_dir = cache_dir
        self.embedded = 0

    def embed(self, texts):
        self.embedded += len(texts)
        return self.inner.embed(texts)


def test_the_examples_vectors_are_embedded_once_per_machine_and_read_back_after(tmp_path, monkeypatch):
    from assistant.draft import examples

    monkeypatch.setattr(examples, "_LOADED", {})
    evidence = ExampleEvidence(_slots("renewal.q2"))
    first = _CountingEmbedder(tmp_path)
    vectors = evidence.vectors(VectorCache(first))
    assert first.embedded == len(set(evidence.texts)) and list(tmp_path.glob("examples/counting-hashing-*.npy"))
    examples._LOADED.clear()  # a new process
    second = _CountingEmbedder(tmp_path)
    assert np.array_equal(evidence.vectors(VectorCache(second)), vectors) and second.embedded == 0
    # a cache that cannot be written: embedded, and the draft goes on
    examples._LOADED.clear()
    (tmp_path / "ro").write_text("a file where the cache folder would be")
    third = _CountingEmbedder(tmp_path / "ro", "another-model")  # none of its vectors in memory either
    assert np.array_equal(evidence.vectors(VectorCache(third)), vectors) and third.embedded == len(set(evidence.texts))
