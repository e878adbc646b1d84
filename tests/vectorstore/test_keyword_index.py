"""The in-memory keyword index ranks exactly as FTS5's bm25() would, and keeps up with
every change to the catalog, from this process or another."""

from __future__ import annotations

import random

import pytest

from tests.vectorstore.test_store import make_parsed
from vectorstore.catalog import Catalog
from vectorstore.embedder import HashingEmbedder
from vectorstore.filters import SearchFilter
from vectorstore.keyword_index import KeywordIndex, query_words
from vectorstore.store import CorpusStore, StoreLocation

WORDS = (
    "technician apprentices apprenticeship mentoring network award registration career pathway "
    "newsletter survey steering group training leadership outreach schools succession retirement "
    "workshop laboratory engineering science professional development recognition visibility"
).split()
QUERIES = (
    "apprentices apprenticeship",
    "mentoring network for technician career pathway",
    "award recognition visibility",
    "succession retirement laboratory",
    "professional registration engineering science",
    "Northmoor",  # the institution column counts too
)


def fts5_ranking(
    catalog: Catalog, query: str, k: int = 50, where: SearchFilter | None = None, stopwords: frozenset[str] = frozenset()
) -> list[tuple[str, float]]:
    """The reference: FTS5 scores the whole match itself."""
    condition, params = (where or SearchFilter()).to_sql("c")
    rows = catalog.db.execute(
        "SELECT c.chunk_id, -bm25(chunks_fts, 1.0, 0.5, 0.5) AS score FROM chunks_fts "
        f"JOIN chunks c ON c.rowid = chunks_fts.rowid WHERE chunks_fts MATCH ? AND {condition} "
        "ORDER BY score DESC, chunks_fts.rowid LIMIT ?",
        [" OR ".join(f'"{word}"' for word in query_words(query, stopwords)), *params, k],
    ).fetchall()
    return [(chunk_id, round(score, 9)) for chunk_id, score in rows]


def index_ranking(
    catalog: Catalog, query: str, k: int = 50, where: SearchFilter | None = None, stopwords: frozenset[str] = frozenset()
) -> list[tuple[str, float]]:
    return [(h.chunk_id, round(h.score, 9)) for h in catalog.keyword_search(query, k, where, stopwords)]


def add_documents(store: CorpusStore, tmp_path, count: int, seed: int, prefix: str = "doc") -> None:
    rng = random.Random(seed)
    for n in range(count):
        texts = [" ".join(rng.choices(WORDS, k=rng.randint(3, 40))) for _ in range(rng.randint(1, 6))]
        institution = rng.choice(["University of Northmoor", "Kestrel Bay University", "Fenwick Institute"])
        pillars = (rng.choice(["visibility", "recognition", "career_development", "sustainability"]),)
        store.add(make_parsed(tmp_path / f"{prefix}{n}.txt", texts, institution=institution, pillars=pillars, sha=f"{seed:02d}{n:062d}"))


@pytest.fixture()
def store(tmp_path) -> CorpusStore:
    store = CorpusStore(StoreLocation(tmp_path / "store"), HashingEmbedder())
    add_documents(store, tmp_path, 30, seed=1)
    return store


def test_scores_equal_fts5_bm25(store):
    for query in QUERIES:
        assert index_ranking(store.catalog, query) == fts5_ranking(store.catalog, query)
    assert index_ranking(store.catalog, "apprentices")  # something was found at all


def test_filters_restrict_the_ranking_as_in_sql(store):
    for where in (SearchFilter(institution="Kestrel Bay University"), SearchFilter(pillar="recognition")):
        found = index_ranking(store.catalog, "technician apprentices award", where=where)
        assert found == fts5_ranking(store.catalog, "technician apprentices award", where=where)
        assert found


def test_changes_by_another_process_are_picked_up(store, tmp_path):
    reader = Catalog(store.catalog.path)
    before = index_ranking(reader, "apprentices mentoring")
    writer = CorpusStore(StoreLocation(store.location.data_dir), HashingEmbedder())
    add_documents(writer, tmp_path, 5, seed=2, prefix="late")
    writer.delete("doc3")

    after = index_ranking(reader, "apprentices mentoring")

    assert after != before
    assert after == fts5_ranking(writer.catalog, "apprentices mentoring")
    assert not any(chunk_id.startswith("doc3:") for chunk_id, _ in after)


def test_a_reused_rowid_is_not_confused_with_the_deleted_chunk(store, tmp_path):
    catalog = store.catalog
    index_ranking(catalog, "laboratory")  # the arrays exist before the change
    last = catalog.db.execute("SELECT doc_id FROM chunks ORDER BY rowid DESC LIMIT 1").fetchone()[0]
    top_rowid = catalog.db.execute("SELECT max(rowid) FROM chunks").fetchone()[0]
    store.delete(last)
    store.add(make_parsed(tmp_path / "fresh.txt", ["laboratory laboratory outreach"], sha="f" * 64))

    assert catalog.db.execute("SELECT max(rowid) FROM chunks").fetchone()[0] <= top_rowid  # SQLite reused it
    assert index_ranking(catalog, "laboratory outreach") == fts5_ranking(catalog, "laboratory outreach")


def test_saved_arrays_are_loaded_not_rebuilt_and_the_log_is_pruned(store, monkeypatch):
    store.save_keyword_index()
    assert store.catalog.db.execute("SELECT count(*) FROM chunk_changes").fetchone()[0] == 0

    def no_rebuild(self, seq):
        raise AssertionError("rebuilt from FTS5 although a current file was saved")

    monkeypatch.setattr(KeywordIndex, "_build", no_rebuild)
    fresh = Catalog(store.catalog.path)
    assert index_ranking(fresh, "career pathway") == fts5_ranking(store.catalog, "career pathway")


def test_a_damaged_file_is_rebuilt_from_fts5(store):
    store.save_keyword_index()
    store.catalog.keyword_index.file.write_bytes(b"not an npz file")

    fresh = Catalog(store.catalog.path)

    assert index_ranking(fresh, "survey steering group") == fts5_ranking(store.catalog, "survey steering group")


def test_an_empty_store_and_wordless_queries_find_nothing(tmp_path):
    empty = CorpusStore(StoreLocation(tmp_path / "empty"), HashingEmbedder())
    assert empty.keyword_search("apprentices", 5) == []
    add_documents(empty, tmp_path, 1, seed=3)
    assert empty.keyword_search("?? !!", 5) == []
    assert empty.keyword_search("zzzunknownword", 5) == []


def test_query_words_are_stemmed_as_fts5_stems_them(tmp_path):
    index = KeywordIndex(tmp_path / "catalog.sqlite")
    assert index.tokenizer.stems(["apprenticeships", "apprenticeship", "mentoring", "café"]) == [
        "apprenticeship", "apprenticeship", "mentor", "cafe",
    ]


def test_real_corpus_rankings_equal_fts5(demo_store):
    from assistant.ask.query import plan_query, query_lexicon

    generic = query_lexicon().generic
    for question in ("How have others addressed apprenticeships?", "technician awards and prizes", "succession planning"):
        text = plan_query(question).keyword_text
        found = index_ranking(demo_store.catalog, text, 30, stopwords=generic)
        assert found == fts5_ranking(demo_store.catalog, text, 30, stopwords=generic)
        assert len(found) >= 5


def test_document_frequency_of_a_word_matches_fts5(store):
    for word in ("apprentices", "laboratory", "Northmoor", "zzzunknownword"):
        reference = store.catalog.db.execute(
            "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?", (f'"{word.lower()}"',)
        ).fetchone()[0]
        assert store.catalog.document_frequency(word) == reference
    assert store.catalog.document_frequency("apprentices") > 0
