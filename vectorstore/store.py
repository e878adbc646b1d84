"""The corpus store: the catalog (SQLite: registry, texts, keyword index) and the dense
index (Chroma) kept consistent, one document at a time.

Ingesting a document is atomic: its new vectors are journalled as 'adding' before they
reach Chroma; one SQLite transaction swaps the rows and journals the replaced vectors as
'deleting'; then those are removed. ``recover()`` (run on open) finishes or undoes
whatever a killed process left in the journal, so Chroma, the keyword index and the
registry always agree. Writes and recovery hold the store's writer lock (``locking.py``),
so several processes can share one store: recovery never touches a live writer's work.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ingest.chunk import embedding_text
from ingest.models import ParsedDocument
from ingest.statements import passages_read_back, quotable_statements
from vectorstore.catalog import Catalog, ChunkRow, DocumentRow, KeywordHit, now_iso
from vectorstore.catalog_queries import keyword_rows
from vectorstore.catalog_queries import recorded_model_id as catalog_model_id
from vectorstore.dense import (
    DenseHit,
    DenseIndex,
    DenseIndexError,
    StoreMismatchError,
    forget_local_client,
    make_chroma_client,
)
from vectorstore.embedder import Embedder
from vectorstore.filters import SearchFilter
from vectorstore.locking import WriterLock
from vectorstore.rows import action_rows, case_study_rows, chunk_row, dense_metadata, document_row
from vectorstore.second_opinion import SecondOpinion

CATALOG_FILE = "catalog.sqlite"
STATEMENT_MEMO = 50_000  # statement vectors a process keeps in memory (~77 MB)
CHROMA_DIR = "chroma"


class ReplaceError(Exception):
    """No such document to replace, or the new file is already another document."""


class StoreInconsistentError(Exception):
    """Chroma and the catalog disagree beyond what the journal explains (a deleted chroma
    folder, a replaced catalog, a Chroma server that lost its data)."""


@dataclass(frozen=True)
class StoreLocation:
    data_dir: Path
    chroma_host: str | None = None
    chroma_port: int = 8000

    def describe_dense(self) -> str:
        if self.chroma_host:
            return f"the Chroma server at {self.chroma_host}:{self.chroma_port}"
        return f"{self.data_dir / CHROMA_DIR}"


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:80] or "document"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def recorded_model_id(data_dir: Path) -> str | None:
    """The embedding model a store in ``data_dir`` was built with (None: no store yet, or
    one that cannot be read - opening it will say why)."""
    path = data_dir / CATALOG_FILE
    if not path.is_file():
        return None
    return catalog_model_id(path)


class CorpusStore:
    def __init__(self, location: StoreLocation, embedder: Embedder, settle: bool = True, second: SecondOpinion | None = None):
        """``settle=False`` opens without recovery or the count check: only for repairs.
        ``second``: the second sentence model statements are also embedded with, if any."""
        self.location = location
        self.embedder = embedder
        self.second = second
        self.catalog = Catalog(location.data_dir / CATALOG_FILE)
        self._check_catalog_model()
        self.writer_lock = WriterLock(location.data_dir)
        self._dense: DenseIndex | None = None
        self._statement_memo: dict[str, np.ndarray] = {}
        self._second_memo: dict[str, np.ndarray] = {}
        self._settle_on_open = settle
        if settle and self.catalog.journal_entries():
            _ = self.dense  # opening settles the store: a dead writer's journal is undone

    # -- opening ------------------------------------------------------------------------
    def _check_catalog_model(self) -> None:
        recorded = self.catalog.get_meta("embedding_model")
        if recorded is None:
            self.catalog.set_meta("embedding_model", self.embedder.model_id)
            self.catalog.set_meta("dimension", str(self.embedder.dimension))
        elif recorded != self.embedder.model_id:
            raise StoreMismatchError(
                f"{self.location.data_dir}: this store was built with embedding model "
                f"'{recorded}' but the current setting is '{self.embedder.model_id}'; set "
                f"TCA_EMBEDDING_MODEL back, or use a new --data-dir and re-ingest"
            )

    @property
    def dense(self) -> DenseIndex:
        """Opened on first use: listing documents never pays for importing Chroma."""
        if self._dense is None:
            self._dense = self._open_dense()
            if self._settle_on_open:
                self._settle()
        return self._dense

    def _open_dense(self) -> DenseIndex:
        chroma_path = None if self.location.chroma_host else self.location.data_dir / CHROMA_DIR
        client = make_chroma_client(chroma_path, self.location.chroma_host, self.location.chroma_port)
        try:
            return DenseIndex(client, self.embedder.model_id, self.embedder.dimension)
        except DenseIndexError as exc:
            raise DenseIndexError(
                f"{self.location.describe_dense()}: {exc}; rebuild it from the catalog: "
                f"tca docs rebuild-vectors --data-dir {self.location.data_dir}"
            ) from exc

    def _settle(self) -> None:
        """Unless another process is writing right now: undo what a dead writer left, then
        check that Chroma holds exactly the catalog's chunks."""
        with self.writer_lock.try_exclusive() as taken:
            if taken:
                self._recover_locked()
                self._check_counts()

    def recover(self) -> int:
        """Undo half-added documents and finish half-done deletions; returns vectors removed.
        Waits for a live writer to finish its document first."""
        dense = self.dense
        with self.writer_lock.exclusive():
            return self._recover_locked(dense)

    def _recover_locked(self, dense: DenseIndex | None = None) -> int:
        """With the writer lock held every journal entry is a dead writer's. Ids the catalog
        holds as live chunks are only unjournalled, never deleted from Chroma."""
        ids = [chunk_id for chunk_id, _op in self.catalog.journal_entries()]
        if not ids:
            return 0
        live = self.catalog.chunks_by_id(ids)
        orphans = [chunk_id for chunk_id in ids if chunk_id not in live]
        (dense or self._dense).delete(orphans)
        self.catalog.clear_journal(ids)
        return len(orphans)

    def _check_counts(self) -> None:
        vectors, chunks = self._dense.count(), self.catalog.count_chunks()
        if vectors == chunks:
            return
        where, data_dir = self.location.describe_dense(), self.location.data_dir
        if chunks == 0:
            raise StoreInconsistentError(
                f"{where} holds {vectors} vectors but the catalog {data_dir / CATALOG_FILE} lists no "
                f"passages (the catalog was replaced, or another catalog uses this Chroma collection); "
                f"put the right catalog back, or clear the vectors with `tca docs rebuild-vectors --data-dir "
                f"{data_dir}` and ingest your files again"
            )
        lost = "was deleted or lost its data" if vectors == 0 else "is out of step with the catalog"
        raise StoreInconsistentError(
            f"{where} holds {vectors} vectors but the catalog lists {chunks} passages (the vector "
            f"index {lost}); rebuild it from the catalog: tca docs rebuild-vectors --data-dir {data_dir}"
        )

    def rebuild_dense(self) -> int:
        """Refill Chroma from the catalog (vectors from the embedding cache, missing ones
        embedded again) into an emptied collection. Returns the vectors written."""
        with self.writer_lock.exclusive():
            self._dense = self._emptied_dense()
            self._recover_locked(self._dense)
            rows = [row for doc in self.catalog.documents() for row in self.catalog.chunks_of(doc.doc_id)]
            vectors = self._vectors_for([row.embed_text for row in rows])
            self._dense.add([r.chunk_id for r in rows], vectors, [dense_metadata(r) for r in rows])
            return len(rows)

    def _emptied_dense(self) -> DenseIndex:
        """The collection dropped and created again; a local folder Chroma cannot open at
        all is moved aside (``chroma.unreadable-TIME``) and a new one started."""
        chroma_path = None if self.location.chroma_host else self.location.data_dir / CHROMA_DIR
        try:
            client = make_chroma_client(chroma_path, self.location.chroma_host, self.location.chroma_port)
            DenseIndex.drop(client)
        except DenseIndexError:
            if chroma_path is None:
                raise
            chroma_path.rename(chroma_path.with_name(f"{CHROMA_DIR}.unreadable-{now_iso().replace(':', '')}"))
            forget_local_client(chroma_path)
            client = make_chroma_client(chroma_path)
        return DenseIndex(client, self.embedder.model_id, self.embedder.dimension)

    def close(self) -> None:
        self.catalog.close()

    # -- registry -----------------------------------------------------------------------
    def documents(self) -> list[DocumentRow]:
        return self.catalog.documents()

    def document(self, doc_id: str) -> DocumentRow | None:
        return self.catalog.document(doc_id)

    def unchanged(self, path: Path, sha256: str) -> DocumentRow | None:
        """The stored document when ``path`` was ingested with the same bytes."""
        row = self.catalog.document_by_path(str(path.resolve()))
        return row if row is not None and row.sha256 == sha256 else None

    def complete_statement_vectors(self, doc_id: str) -> None:
        """A stored document's statements embedded by every model that lacks them (a store
        built before a statement rule changed, or before the second model was on): ingest
        of an unchanged file is where a writer adds them, so readers need not."""
        rows = sorted(self.catalog.chunks_by_id(self.catalog.chunk_ids(doc_id)).values(), key=lambda row: row.idx)
        self._embed_statements(passages_read_back(rows))

    def _embed_statements(self, passages: list[str]) -> None:
        """The passages' quotable statements into the embedding cache, by each model (a
        document's chunks as the ask job reads each alone: ``passages_read_back``)."""
        statements = [s for passage in passages for s in quotable_statements(passage)]
        self._vectors_for(statements)
        if self.second:
            self._vectors_for(statements, self.second.model_id, self.second.embed_passages)

    def doc_id_for(self, path: Path) -> str:
        """Stable, readable id: the file stem; the extension is added when another file
        already holds the stem (the same report as PDF and DOCX)."""
        existing = self.catalog.document_by_path(str(path.resolve()))
        if existing is not None:
            return existing.doc_id
        base = slugify(path.stem)
        candidates = [base, f"{base}-{path.suffix.lower().lstrip('.')}"]
        candidates += [f"{base}-{n}" for n in range(2, 1000)]
        return next(c for c in candidates if not self.catalog.doc_id_taken(c))

    # -- writing ------------------------------------------------------------------------
    def add(self, parsed: ParsedDocument, replaces: str | None = None) -> DocumentRow:
        """Store a parsed document in place of its file's earlier version (or of document
        ``replaces``). Embedding (the slow part) runs before the writer lock, so processes
        ingesting at once embed in parallel and write one at a time."""
        vectors = self._vectors_for([embedding_text(chunk) for chunk in parsed.chunks])
        self._embed_statements(passages_read_back(parsed.chunks))
        dense = self.dense
        with self.writer_lock.exclusive():
            self._recover_locked(dense)
            parsed = self._settled(parsed, replaces)
            version = parsed.sha256[:8]
            chunk_rows = [chunk_row(parsed, chunk, version) for chunk in parsed.chunks]
            new_ids = [row.chunk_id for row in chunk_rows]
            self.catalog.journal(new_ids, "adding")
            dense.add(new_ids, vectors, [dense_metadata(row) for row in chunk_rows])
            document = document_row(parsed, len(chunk_rows))
            replaced = self.catalog.replace_document(
                document, chunk_rows, action_rows(parsed), case_study_rows(parsed)
            )
            stale = [chunk_id for chunk_id in replaced if chunk_id not in set(new_ids)]
            dense.delete(stale)
            self.catalog.clear_journal(replaced)
        return document

    def _settled(self, parsed: ParsedDocument, replaces: str | None) -> ParsedDocument:
        """The id to write under, settled under the lock: a replaced document's (it exists; the
        file is no other's), else the chosen one unless another file took it since."""
        from ingest.pipeline import with_doc_id

        path = str(parsed.path.resolve())
        holder = self.catalog.document_by_path(path) if replaces else self.catalog.document(parsed.doc_id)
        if not replaces:
            return parsed if holder is None or holder.path == path else with_doc_id(parsed, self.doc_id_for(parsed.path))
        if self.catalog.document(replaces) is None or (holder is not None and holder.doc_id != replaces):
            raise ReplaceError(f"cannot replace '{replaces}' with {parsed.path.name}: " + (
                "no such document" if holder is None else f"that file is document '{holder.doc_id}'"))
        return with_doc_id(parsed, replaces)

    def delete(self, doc_id: str) -> bool:
        dense = self.dense
        with self.writer_lock.exclusive():
            self._recover_locked(dense)
            if self.catalog.document(doc_id) is None:
                return False
            removed = self.catalog.delete_document(doc_id)
            dense.delete(removed)
            self.catalog.clear_journal(removed)
        return True

    def save_keyword_index(self) -> None:
        """After a batch of writes, so the next process loads the keyword index's arrays
        instead of catching up from the change log."""
        self.catalog.save_keyword_index()

    def keep_vectors(self, texts: list[str]) -> None:
        """Texts every answer embeds (the domain's theme prototypes) into the embedding
        cache, so that readers read their vectors (``statement_vectors``) instead of
        embedding them in each new process. A writer's step, as ingest is."""
        self._vectors_for(texts)

    def statement_vectors(self, texts: list[str]) -> np.ndarray:
        """Vectors of quotable statements for answering: embedded at ingest and read from
        the cache; any the cache lacks (a store built before statements were embedded)
        are embedded now and kept in memory, since readers never write the catalog."""
        return self._remembered(texts, self._statement_memo, self.embedder.model_id, self.embedder.embed, self.embedder.dimension)

    def second_statement_vectors(self, texts: list[str]) -> np.ndarray:
        """The same statements' vectors by the second sentence model (``self.second``)."""
        assert self.second is not None, "no second sentence model"
        return self._remembered(texts, self._second_memo, self.second.model_id, self.second.embed_passages, self.second.dimension)

    def _remembered(self, texts: list[str], memo: dict[str, np.ndarray], model_id: str, embed, dimension: int) -> np.ndarray:
        if not texts:
            return np.zeros((0, dimension), dtype=np.float32)
        hashes = [text_hash(t) for t in texts]
        missing = [h for h in hashes if h not in memo]
        if missing:
            memo.update(self.catalog.cached_vectors(model_id, missing))
            todo = sorted({h: t for h, t in zip(hashes, texts, strict=True) if h not in memo}.items())
            if todo:
                memo.update(zip([h for h, _t in todo], embed([t for _h, t in todo]), strict=True))
            while len(memo) > STATEMENT_MEMO:
                memo.pop(next(iter(memo)))
        return np.stack([memo[h] for h in hashes])

    def _vectors_for(self, texts: list[str], model_id: str | None = None, embed=None) -> np.ndarray:
        """Embed, reusing vectors of texts seen before (same model): re-ingesting an edited
        file only embeds the chunks that changed. By the embedder, unless another model's
        id and embedding function are given."""
        model_id, embed = model_id or self.embedder.model_id, embed or self.embedder.embed
        hashes = [text_hash(t) for t in texts]
        cached = self.catalog.cached_vectors(model_id, hashes)
        todo = sorted({h: t for h, t in zip(hashes, texts, strict=True) if h not in cached}.items())
        if todo:
            fresh = embed([t for _h, t in todo])
            self.catalog.cache_vectors(model_id, [(h, v) for (h, _t), v in zip(todo, fresh, strict=True)])
            cached.update({h: v for (h, _t), v in zip(todo, fresh, strict=True)})
        if not texts:
            return np.zeros((0, self.embedder.dimension), dtype=np.float32)
        return np.stack([cached[h] for h in hashes])

    # -- reading ------------------------------------------------------------------------
    def dense_search(self, vector: np.ndarray, k: int, where: SearchFilter | None = None) -> list[DenseHit]:
        return self.dense_search_many(np.atleast_2d(vector), k, where)[0]

    def dense_search_many(self, vectors: np.ndarray, k: int, where: SearchFilter | None = None) -> list[list[DenseHit]]:
        return self.dense.query(vectors, k, (where or SearchFilter()).to_chroma())

    def keyword_search(
        self, query: str, k: int, where: SearchFilter | None = None, stopwords: frozenset[str] = frozenset()
    ) -> list[KeywordHit]:
        return self.catalog.keyword_search(query, k, where, stopwords)

    def chunks(self, chunk_ids: list[str]) -> dict[str, ChunkRow]:
        return self.catalog.chunks_by_id(chunk_ids)

    def consistency(self) -> dict[str, int]:
        """Counts that must agree: vectors in Chroma, rows in the catalog, documents' totals."""
        registry_total = sum(d.chunks for d in self.catalog.documents())
        fts_total = keyword_rows(self.catalog.db)
        return {"chroma": self.dense.count(), "chunks": self.catalog.count_chunks(), "keyword": fts_total, "registry": registry_total}
