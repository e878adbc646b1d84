"""Does a store agree with itself? Chunk by chunk: the catalog's passages, the registry's
totals, the FTS5 keyword index and its in-memory arrays, and the vectors in Chroma.

Read under the writer lock, so a live writer's half-done document is never mistaken for
damage, and nothing is changed: a journal left by a dead writer is reported (the next
store opened for use finishes it), not recovered here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

import numpy as np

from vectorstore.catalog_queries import snapshot
from vectorstore.store import CorpusStore

SHOWN_IDS = 20  # ids listed per kind of disagreement (the counts are always whole)


@dataclass
class StoreCheck:
    documents: int
    chunks: int
    vectors: int
    keyword: int  # rows of the FTS5 keyword index
    keyword_arrays: int  # rows the in-memory keyword index holds
    registry: int  # passages the documents' rows say they have
    journal: int
    only_in_catalog: list[str] = field(default_factory=list)
    only_in_vectors: list[str] = field(default_factory=list)
    documents_out_of_step: list[str] = field(default_factory=list)
    rows_without_document: list[str] = field(default_factory=list)

    @property
    def consistent(self) -> bool:
        return (
            self.chunks == self.vectors == self.keyword == self.keyword_arrays == self.registry
            and self.journal == 0
            and not (self.only_in_catalog or self.only_in_vectors or self.documents_out_of_step or self.rows_without_document)
        )

    def problems(self) -> list[str]:
        """Each disagreement in one line (empty when consistent)."""
        found = []
        if self.only_in_catalog:
            found.append(f"{len(self.only_in_catalog)} passage(s) have no vector (e.g. {self.only_in_catalog[0]})")
        if self.only_in_vectors:
            found.append(f"{len(self.only_in_vectors)} vector(s) belong to no passage (e.g. {self.only_in_vectors[0]})")
        if self.keyword != self.chunks or self.keyword_arrays != self.chunks:
            found.append(f"the keyword index holds {self.keyword} rows ({self.keyword_arrays} in its arrays) for {self.chunks} passages")
        if self.registry != self.chunks or self.documents_out_of_step:
            found.append(f"documents out of step with their passages: {', '.join(self.documents_out_of_step) or 'registry totals'}")
        if self.rows_without_document:
            found.append(f"passages of no registered document: {', '.join(self.rows_without_document)}")
        if self.journal:
            found.append(f"{self.journal} journal entries of an interrupted write (opening the store for use finishes it)")
        return found

    def to_json(self) -> dict:
        shown = {k: v[:SHOWN_IDS] if isinstance(v, list) else v for k, v in asdict(self).items()}
        return {"consistent": self.consistent, **shown, "problems": self.problems()}


def verify_store(store: CorpusStore) -> StoreCheck:
    with store.writer_lock.exclusive():
        return _check(store)


def _check(store: CorpusStore) -> StoreCheck:
    held = snapshot(store.catalog.db)
    catalog, fts_by_doc, keyword = held.chunk_documents, held.keyword_documents, held.keyword_rows
    registered, journal = held.registered_chunks, held.journal_rows
    vectors = _vector_owners(store)
    index = store.catalog.keyword_index
    index.refresh()
    by_doc, vectors_by_doc = Counter(catalog.values()), Counter(vectors.values())
    return StoreCheck(
        documents=len(registered),
        chunks=len(catalog),
        vectors=len(vectors),
        keyword=keyword,
        keyword_arrays=int(np.count_nonzero(index.present)),
        registry=sum(registered.values()),
        journal=journal,
        only_in_catalog=sorted(set(catalog) - set(vectors)),
        only_in_vectors=sorted(set(vectors) - set(catalog)),
        documents_out_of_step=sorted(
            d for d, n in registered.items() if not n == by_doc[d] == fts_by_doc[d] == vectors_by_doc[d]
        ),
        rows_without_document=sorted(set(by_doc) - set(registered)),
    )


def _vector_owners(store: CorpusStore, page: int = 5000) -> dict[str, str]:
    """Every vector id in Chroma and the document its metadata names."""
    collection = store.dense.collection
    owners: dict[str, str] = {}
    offset = 0
    while True:
        batch = collection.get(include=["metadatas"], limit=page, offset=offset)
        owners.update({i: (m or {}).get("doc_id", "") for i, m in zip(batch["ids"], batch["metadatas"], strict=True)})
        if len(batch["ids"]) < page:
            return owners
        offset += page
