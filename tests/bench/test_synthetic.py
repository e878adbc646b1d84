"""The synthetic corpus generator writes a real, consistent store of the size asked for,
and the ask benchmark returns every figure it promises."""

from __future__ import annotations

import numpy as np
import pytest

from bench.ask_bench import KEYS, floors_passed, measure_store, render_table
from bench.synthetic import build_synthetic_store
from bench.synthetic_text import institution_names, pool_sentences
from vectorstore.embedder import HashingEmbedder

CHUNKS = 300


class CountingEmbedder(HashingEmbedder):
    """Counts the texts it embeds: writing the corpus must embed none."""

    def __init__(self) -> None:
        super().__init__()
        self.embedded = 0

    def embed(self, texts):
        self.embedded += len(texts)
        return super().embed(texts)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    embedder = CountingEmbedder()
    built = build_synthetic_store(tmp_path_factory.mktemp("bench-data"), CHUNKS, embedder)
    return built, embedder


def test_pool_and_institutions_are_distinct():
    sentences = [s.text for s in pool_sentences()]
    names = institution_names(400)

    assert len(set(sentences)) == len(sentences) >= 300
    assert len(set(names)) == 400


def test_generator_writes_the_requested_number_of_chunks(synthetic):
    built, _embedder = synthetic

    assert built.store.catalog.count_chunks() == CHUNKS
    assert not built.reused


def test_store_counts_agree(synthetic):
    built, _embedder = synthetic

    assert set(built.store.consistency().values()) == {CHUNKS}


def test_writing_reuses_the_derived_vectors_instead_of_embedding(synthetic):
    built, embedder = synthetic
    pool_texts = len(pool_sentences()) + 400 + 40  # sentences, institutions, section titles
    fidelity_sample = 48

    assert embedder.embedded <= pool_texts + fidelity_sample


def test_corpus_is_varied(synthetic):
    built, _embedder = synthetic
    db = built.store.catalog.db

    assert db.execute("SELECT count(DISTINCT institution) FROM chunks").fetchone()[0] >= 6
    assert db.execute("SELECT count(DISTINCT text) FROM chunks").fetchone()[0] == CHUNKS
    assert db.execute("SELECT count(DISTINCT section_title) FROM chunks").fetchone()[0] >= 5


def test_vectors_are_unit_length(synthetic):
    built, _embedder = synthetic
    got = built.store.dense.collection.get(include=["embeddings"], limit=20)

    assert np.allclose(np.linalg.norm(np.asarray(got["embeddings"]), axis=1), 1.0, atol=1e-4)


def test_query_returns_results(synthetic):
    from assistant.ask.retrieval import HybridRetriever

    built, _embedder = synthetic
    result = HybridRetriever(built.store).retrieve("How have others addressed apprenticeships?")

    assert result.hits
    assert any("apprentice" in h.chunk.text.lower() for h in result.hits)


@pytest.mark.parametrize("field", ["institution", "question_id"])
def test_filtered_keyword_search_equals_filtering_the_full_ranking(synthetic, field):
    from vectorstore.filters import SearchFilter

    built, _embedder = synthetic
    store = built.store
    query = "apprenticeship levy placements survey network"
    everything = store.keyword_search(query, 10_000)
    rows = store.chunks([h.chunk_id for h in everything])
    value = getattr(rows[everything[0].chunk_id], field)
    expected = {(h.chunk_id, h.score) for h in everything if getattr(rows[h.chunk_id], field) == value}

    filtered = store.keyword_search(query, 10_000, SearchFilter(**{field: value}))

    assert expected and {(h.chunk_id, h.score) for h in filtered} == expected
    assert [h.score for h in filtered] == sorted((h.score for h in filtered), reverse=True)


def test_built_store_is_reused(synthetic):
    built, embedder = synthetic
    again = build_synthetic_store(built.folder.parents[2], CHUNKS, embedder)

    assert again.reused and again.folder == built.folder
    assert again.store.catalog.count_chunks() == CHUNKS


def test_bench_returns_every_figure(synthetic):
    from assistant.settings import load_settings

    built, _embedder = synthetic
    settings = load_settings().model_copy(update={"embedding_model": "hashing"}).with_data_dir(built.folder)

    figures = measure_store(built.store, settings, rounds=1, cli_runs=1)

    assert set(KEYS) <= set(figures)
    assert figures["recall_vs_exact"] > 0.5
    assert figures["cli_ask_cold_s"] > 0
    result = {"chunks": CHUNKS, "synthetic": figures}
    assert set(floors_passed(result)) == {"retrieval_p50_ms", "ask_p50_ms", "recall_vs_exact", "rss_mb"}
    assert "recall_vs_exact" in render_table(result)


@pytest.mark.slow
def test_real_model_vectors_are_close_to_real_embeddings(minilm, tmp_path):
    from assistant.services import build_ask_service
    from assistant.settings import Settings

    built = build_synthetic_store(tmp_path, CHUNKS, minilm)
    findings = build_ask_service(Settings(), built.store).find("Which institutions support professional registration?")

    assert built.store.catalog.count_chunks() == CHUNKS
    assert built.fidelity > 0.75
    assert findings.evidence.found and findings.retrieval.hits
