"""The store keeps Chroma, the keyword index and the registry in step, one document at a time."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ingest.models import ActionRecord, Chunk, DocumentMeta, ParsedDocument
from vectorstore.dense import StoreMismatchError
from vectorstore.embedder import HashingEmbedder
from vectorstore.filters import SearchFilter
from vectorstore.store import CorpusStore, StoreLocation


def make_parsed(
    path: Path, texts: list[str], institution="University of Northmoor", sha="a" * 64,
    pillars=("sustainability",), doc_id: str | None = None,
) -> ParsedDocument:
    doc_id = doc_id or path.stem
    meta = DocumentMeta(doc_type="submission", institution=institution, stage="initial", date="2024-07-01")
    chunks = [
        Chunk(
            doc_id=doc_id, index=i, text=text, file=path.name, institution=institution,
            doc_type="submission", stage="initial", date="2024-07-01", section_title="Action plan",
            section_kind="question", question_id="initial.q5", pillars=pillars, page_start=1, page_end=1,
        )
        for i, text in enumerate(texts)
    ]
    actions = [ActionRecord(pillar="sustainability", number="1", activity="Apprenticeships", timescale="2025")]
    return ParsedDocument(
        doc_id=doc_id, path=path, sha256=sha, file_type="txt", meta=meta, pages=1,
        sections=[], chunks=chunks, actions=actions,
    )


@pytest.fixture()
def store(tmp_path) -> CorpusStore:
    return CorpusStore(StoreLocation(tmp_path / "store"), HashingEmbedder())


def test_added_document_is_searchable_both_ways(store, tmp_path):
    store.add(make_parsed(tmp_path / "northmoor.txt", ["We recruited two apprentice technicians.", "A newsletter for staff."]))

    keyword = store.keyword_search("apprentices", k=5)
    dense = store.dense_search(store.embedder.embed(["apprentice technicians"])[0], k=1)

    assert [store.chunks([h.chunk_id])[h.chunk_id].text for h in keyword] == ["We recruited two apprentice technicians."]
    assert store.chunks([dense[0].chunk_id])[dense[0].chunk_id].idx == 0
    assert store.consistency() == {"chroma": 2, "chunks": 2, "keyword": 2, "registry": 2}


def test_filters_apply_to_both_indexes(store, tmp_path):
    store.add(make_parsed(tmp_path / "a.txt", ["apprentice scheme"], institution="University of Northmoor"))
    store.add(make_parsed(tmp_path / "b.txt", ["apprentice scheme"], institution="Kestrel Bay University", pillars=("recognition",)))

    only_kestrel = SearchFilter(institution="Kestrel Bay University")
    by_pillar = SearchFilter(pillar="recognition")
    query = store.embedder.embed(["apprentice"])[0]

    for where in (only_kestrel, by_pillar):
        dense_ids = [h.chunk_id for h in store.dense_search(query, 5, where)]
        keyword_ids = [h.chunk_id for h in store.keyword_search("apprentice", 5, where)]
        assert dense_ids == keyword_ids and len(dense_ids) == 1
        assert dense_ids[0].startswith("b:")


def test_changed_file_replaces_its_chunks_and_reuses_unchanged_vectors(store, tmp_path):
    path = tmp_path / "plan.txt"
    store.add(make_parsed(path, ["first version", "kept paragraph"], sha="1" * 64))
    calls: list[list[str]] = []
    original = store.embedder.embed
    store.embedder.embed = lambda texts: calls.append(list(texts)) or original(texts)

    store.add(make_parsed(path, ["second version", "kept paragraph"], sha="2" * 64))

    assert len(calls) == 1 and len(calls[0]) == 1 and "second version" in calls[0][0]
    assert [c.text for c in store.catalog.chunks_of("plan")] == ["second version", "kept paragraph"]
    assert store.consistency() == {"chroma": 2, "chunks": 2, "keyword": 2, "registry": 2}
    assert store.keyword_search("first", 5) == []


def test_delete_leaves_nothing(store, tmp_path):
    store.add(make_parsed(tmp_path / "gone.txt", ["alpha", "beta"]))
    assert store.delete("gone") is True
    assert store.documents() == []
    assert store.consistency() == {"chroma": 0, "chunks": 0, "keyword": 0, "registry": 0}
    assert store.catalog.actions() == []
    assert store.delete("gone") is False


def test_interrupted_add_is_undone_on_reopen(tmp_path):
    location = StoreLocation(tmp_path / "store")
    store = CorpusStore(location, HashingEmbedder())
    store.add(make_parsed(tmp_path / "kept.txt", ["kept document"]))
    parsed = make_parsed(tmp_path / "half.txt", ["half written"])
    # Simulate a crash after the vectors reached Chroma but before the catalog swap.
    store.catalog.journal(["half:aaaaaaaa:0"], "adding")
    store.dense.add(["half:aaaaaaaa:0"], store.embedder.embed(["half written"]), [{"doc_id": "half"}])
    store.close()

    reopened = CorpusStore(location, HashingEmbedder())

    assert [d.doc_id for d in reopened.documents()] == ["kept"]
    assert reopened.consistency() == {"chroma": 1, "chunks": 1, "keyword": 1, "registry": 1}
    reopened.add(parsed)
    assert reopened.consistency()["chroma"] == 2


def test_store_refuses_another_embedding_model(tmp_path):
    location = StoreLocation(tmp_path / "store")
    CorpusStore(location, HashingEmbedder(dimension=384)).add(make_parsed(tmp_path / "x.txt", ["text"]))

    with pytest.raises(StoreMismatchError, match="hashing-bow-384"):
        CorpusStore(location, HashingEmbedder(dimension=128))


def test_doc_ids_are_readable_and_unique(store, tmp_path):
    pdf, docx = tmp_path / "LJMU Initial 2024.pdf", tmp_path / "LJMU Initial 2024.docx"
    assert store.doc_id_for(pdf) == "ljmu-initial-2024"
    store.add(make_parsed(pdf, ["x"], doc_id=store.doc_id_for(pdf)))
    assert store.doc_id_for(docx) == "ljmu-initial-2024-docx"
    assert store.doc_id_for(pdf) == "ljmu-initial-2024"


def test_vectors_are_unit_length():
    vectors = HashingEmbedder().embed(["one two three", "four"])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)


def test_ocr_flags_and_source_address_are_stored(store, tmp_path):
    from dataclasses import replace

    parsed = make_parsed(tmp_path / "scan.pdf", ["typed page", "scanned page"])
    parsed = replace(
        parsed, chunks=[parsed.chunks[0], replace(parsed.chunks[1], ocr=True)], ocr_pages=(2,),
        source_url="https://example.test/scan.pdf", fetched_at="2026-01-05T10:00:00+00:00",
    )
    row = store.add(parsed)
    assert (row.ocr_pages, row.source_url, row.fetched_at) == (1, "https://example.test/scan.pdf", "2026-01-05T10:00:00+00:00")
    assert [chunk.ocr for chunk in store.catalog.chunks_of("scan")] == [0, 1]


def test_a_catalog_from_before_ocr_and_fetching_gains_the_columns_and_keeps_its_rows(tmp_path):
    import sqlite3

    location = StoreLocation(tmp_path / "store")
    CorpusStore(location, HashingEmbedder()).add(make_parsed(tmp_path / "old.txt", ["an older passage"]))
    db = sqlite3.connect(tmp_path / "store" / "catalog.sqlite")
    for table, column in (("chunks", "ocr"), ("documents", "source_url"), ("documents", "fetched_at"), ("documents", "ocr_pages")):
        db.execute(f"ALTER TABLE {table} DROP COLUMN {column}")  # the catalog as the previous version wrote it
    db.commit()
    db.close()

    reopened = CorpusStore(location, HashingEmbedder())
    assert [(d.doc_id, d.source_url, d.ocr_pages) for d in reopened.documents()] == [("old", None, 0)]
    assert [c.ocr for c in reopened.catalog.chunks_of("old")] == [0]
    reopened.add(make_parsed(tmp_path / "new.txt", ["a newer passage"]))
    assert reopened.consistency() == {"chroma": 2, "chunks": 2, "keyword": 2, "registry": 2}


def test_a_chunk_opening_on_a_sentence_leaning_back_has_its_carried_statement_embedded_at_ingest(store, tmp_path):
    from ingest.statements import quotable_statements, read_back
    from vectorstore.store import text_hash

    texts = ["Our peers reviewed the action plan.\nThe panel sent its report in May.", "It praised the budget and the champions network."]
    store.add(make_parsed(tmp_path / "northmoor.txt", texts))

    carried = "The panel sent its report in May. It praised the budget and the champions network."
    assert carried in quotable_statements(read_back(texts[1], texts[0]))  # as the ask job reads the second chunk
    assert store.catalog.cached_vectors(store.embedder.model_id, [text_hash(carried)])  # embedded once, at ingest
