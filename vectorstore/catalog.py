"""The catalog: one SQLite file holding the document registry, chunk texts and metadata,
the FTS5 keyword index, action records, case studies, an embedding cache, and a journal
that makes each document's ingestion atomic across SQLite and Chroma.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

import numpy as np

from vectorstore.catalog_schema import (
    ADDED_COLUMNS,
    CHUNK_COLUMNS,
    DOCUMENT_COLUMNS,
    SCHEMA,
    SCHEMA_VERSION,
    ChunkRow,
    DocumentRow,
    KeywordHit,
)
from vectorstore.filters import SearchFilter
from vectorstore.keyword_index import FTS_TOKEN, KeywordIndex, query_words

BUSY_TIMEOUT_MS = 30_000  # another process's write transaction is waited for, not an error


class CatalogError(Exception):
    """The catalog file is unreadable or was written by something else."""


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Catalog:
    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._create_atomically()
        self._refuse_emptied_file()
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.executescript(SCHEMA)
            self._check_schema()
            self._add_missing_columns()
        except sqlite3.DatabaseError as exc:
            raise CatalogError(
                f"{path}: the catalog is unreadable ({exc}); restore it from a copy, or move the "
                f"folder {path.parent} aside and ingest your files again (tca ingest PATH --data-dir {path.parent})"
            ) from exc

    @property
    def db(self) -> sqlite3.Connection:
        """One connection per thread: the app answers in several threads while one of
        them may be ingesting, and a reader must never see (or end) another thread's open
        transaction; WAL gives each connection a consistent snapshot."""
        connection = getattr(self._local, "db", None)
        if connection is None:
            connection = sqlite3.connect(
                str(self.path), check_same_thread=False, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000
            )
            connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA synchronous=NORMAL")
            self._local.db = connection
            with self._connections_lock:
                self._connections.append(connection)
        return connection

    def _create_atomically(self) -> None:
        """A new catalog is built under a temporary name and linked into place whole, so
        another process never sees it half-created, two processes creating the store at
        once end with one catalog, and a 0-byte catalog can only mean damage."""
        if self.path.exists():
            return
        building = self.path.with_name(f".{self.path.name}.{os.getpid()}.{secrets.token_hex(4)}.new")
        try:
            db = sqlite3.connect(str(building), isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")  # recorded in the file header
            db.executescript(SCHEMA)
            db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            db.close()
            os.link(building, self.path)
        except FileExistsError:
            pass  # another process created it first: use theirs
        finally:
            for leftover in (building, *(building.with_name(building.name + end) for end in ("-wal", "-shm"))):
                leftover.unlink(missing_ok=True)

    def _refuse_emptied_file(self) -> None:
        """SQLite would open a 0-byte file as a new empty catalog and the store would look
        empty; a catalog is never 0 bytes once created, so this one was truncated."""
        if self.path.is_file() and self.path.stat().st_size == 0:
            raise CatalogError(
                f"{self.path}: the catalog is empty (0 bytes: truncated or overwritten); restore it "
                f"from a copy, or move the folder {self.path.parent} aside and ingest your files again "
                f"(tca ingest PATH --data-dir {self.path.parent})"
            )

    def _check_schema(self) -> None:
        row = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if row is None:
            self.db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        elif row[0] != SCHEMA_VERSION:
            raise CatalogError(
                f"{self.path}: written by another version of tca (catalog schema {row[0]}, this "
                f"version reads {SCHEMA_VERSION}); ingest your files again into a new --data-dir"
            )

    def _add_missing_columns(self) -> None:
        for table, columns in ADDED_COLUMNS.items():
            present = {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}
            for name, kind in columns.items():
                if name not in present:
                    self.db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")

    def close(self) -> None:
        if "keyword_index" in self.__dict__:
            self.keyword_index.close()
        with self._connections_lock:
            for connection in self._connections:
                connection.close()
            self._connections.clear()
        self._local = threading.local()

    # -- meta -------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # -- documents ----------------------------------------------------------------------
    def document_by_path(self, path: str) -> DocumentRow | None:
        row = self.db.execute(
            f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents WHERE path=?", (path,)
        ).fetchone()
        return DocumentRow(*row) if row else None

    def document(self, doc_id: str) -> DocumentRow | None:
        row = self.db.execute(
            f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents WHERE doc_id=?", (doc_id,)
        ).fetchone()
        return DocumentRow(*row) if row else None

    def documents(self) -> list[DocumentRow]:
        rows = self.db.execute(
            f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents ORDER BY institution, date, doc_id"
        ).fetchall()
        return [DocumentRow(*row) for row in rows]

    def doc_id_taken(self, doc_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM documents WHERE doc_id=?", (doc_id,)).fetchone() is not None

    def chunk_ids(self, doc_id: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT chunk_id FROM chunks WHERE doc_id=?", (doc_id,))]

    def document_institutions(self) -> list[str]:
        """Institutions that documents in the store speak for (case-study subjects excluded:
        an internal paper belongs to a signatory whose own submissions we hold)."""
        rows = self.db.execute("SELECT DISTINCT institution FROM documents WHERE institution IS NOT NULL")
        return sorted(r[0] for r in rows)

    def chunk_institutions(self) -> list[str]:
        """Institutions that passages carry (case-study subjects included), in the
        database's order."""
        rows = self.db.execute("SELECT DISTINCT institution FROM chunks WHERE institution IS NOT NULL")
        return [r[0] for r in rows]

    def chunk_years(self) -> list[int]:
        rows = self.db.execute("SELECT DISTINCT year FROM chunks WHERE year IS NOT NULL")
        return [r[0] for r in rows]

    def count_chunks(self) -> int:
        return self.db.execute("SELECT count(*) FROM chunks").fetchone()[0]

    # -- journal: atomic ingestion across SQLite and Chroma ---------------------------------
    def journal(self, chunk_ids: Iterable[str], op: str) -> None:
        with self.transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO journal VALUES (?, ?)", [(cid, op) for cid in chunk_ids]
            )

    def clear_journal(self, chunk_ids: Iterable[str]) -> None:
        with self.transaction():
            self.db.executemany("DELETE FROM journal WHERE chunk_id=?", [(c,) for c in chunk_ids])

    def journal_entries(self) -> list[tuple[str, str]]:
        return self.db.execute("SELECT chunk_id, op FROM journal").fetchall()

    def transaction(self):
        return _Transaction(self.db)

    def replace_document(
        self,
        document: DocumentRow,
        chunks: Sequence[ChunkRow],
        actions: Sequence[tuple],
        case_studies: Sequence[tuple],
    ) -> list[str]:
        """Swap a document's rows in one transaction; returns the chunk ids it replaced.

        The replaced ids are journalled as 'deleting' in the same transaction and the new
        ids leave the 'adding' journal, so a crash at any point is recoverable.
        """
        with self.transaction():
            old_ids = self._delete_rows(document.doc_id, path=document.path)
            kept = {c.chunk_id for c in chunks}  # same id, same vector: live again, never 'deleting'
            self.db.executemany(
                "INSERT OR REPLACE INTO journal VALUES (?, 'deleting')", [(c,) for c in old_ids if c not in kept]
            )
            self.db.execute(
                f"INSERT INTO documents ({', '.join(DOCUMENT_COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(DOCUMENT_COLUMNS))})",
                tuple(getattr(document, c) for c in DOCUMENT_COLUMNS),
            )
            for chunk in chunks:
                cursor = self.db.execute(
                    f"INSERT INTO chunks ({', '.join(CHUNK_COLUMNS)}) "
                    f"VALUES ({', '.join('?' * len(CHUNK_COLUMNS))})",
                    tuple(getattr(chunk, c) for c in CHUNK_COLUMNS),
                )
                self.db.execute(
                    "INSERT INTO chunks_fts (rowid, text, section_title, institution) VALUES (?, ?, ?, ?)",
                    (cursor.lastrowid, chunk.search_text, chunk.section_title or "", chunk.institution or ""),
                )
            self.db.executemany(
                "INSERT INTO actions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", actions
            )
            self.db.executemany("INSERT INTO case_studies VALUES (?, ?, ?, ?, ?, ?)", case_studies)
            self.db.executemany(
                "DELETE FROM journal WHERE chunk_id=? AND op='adding'", [(c.chunk_id,) for c in chunks]
            )
        return old_ids

    def delete_document(self, doc_id: str) -> list[str]:
        """Remove a document's rows; its chunk ids are journalled for deletion from Chroma."""
        with self.transaction():
            old_ids = self._delete_rows(doc_id)
            self.db.executemany("INSERT OR REPLACE INTO journal VALUES (?, 'deleting')", [(c,) for c in old_ids])
        return old_ids

    def _delete_rows(self, doc_id: str, path: str | None = None) -> list[str]:
        doc_ids = {doc_id}
        if path is not None:
            doc_ids |= {r[0] for r in self.db.execute("SELECT doc_id FROM documents WHERE path=?", (path,))}
        old_ids: list[str] = []
        for did in doc_ids:
            rows = self.db.execute("SELECT rowid, chunk_id FROM chunks WHERE doc_id=?", (did,)).fetchall()
            self.db.executemany("DELETE FROM chunks_fts WHERE rowid=?", [(r[0],) for r in rows])
            old_ids.extend(r[1] for r in rows)
            for table in ("chunks", "actions", "case_studies", "documents"):
                self.db.execute(f"DELETE FROM {table} WHERE doc_id=?", (did,))
        return old_ids

    # -- chunks and search ------------------------------------------------------------------
    def chunks_by_id(self, chunk_ids: Sequence[str]) -> dict[str, ChunkRow]:
        found: dict[str, ChunkRow] = {}
        step = 500
        for start in range(0, len(chunk_ids), step):
            batch = list(chunk_ids[start : start + step])
            rows = self.db.execute(
                f"SELECT {', '.join(CHUNK_COLUMNS)} FROM chunks WHERE chunk_id IN ({', '.join('?' * len(batch))})",
                batch,
            ).fetchall()
            found.update({row[0]: ChunkRow(*row) for row in rows})
        return found

    def question_sections(self, question_ids: Sequence[str]) -> list[ChunkRow]:
        """Every chunk that answers one of these questions, document by document, in order."""
        if not question_ids:
            return []
        rows = self.db.execute(
            f"SELECT {', '.join(CHUNK_COLUMNS)} FROM chunks WHERE question_id IN ({', '.join('?' * len(question_ids))}) "
            "ORDER BY doc_id, idx",
            list(question_ids),
        ).fetchall()
        return [ChunkRow(*row) for row in rows]

    def chunks_of(self, doc_id: str) -> list[ChunkRow]:
        rows = self.db.execute(
            f"SELECT {', '.join(CHUNK_COLUMNS)} FROM chunks WHERE doc_id=? ORDER BY idx", (doc_id,)
        ).fetchall()
        return [ChunkRow(*row) for row in rows]

    @cached_property
    def keyword_index(self) -> KeywordIndex:
        return KeywordIndex(self.path)

    def keyword_search(
        self, query: str, k: int, where: SearchFilter | None = None, stopwords: frozenset[str] = frozenset()
    ) -> list[KeywordHit]:
        """Top ``k`` by bm25, the scores FTS5's ``bm25(chunks_fts, 1.0, 0.5, 0.5)`` gives for
        the OR of the query's words, computed by the in-memory keyword index (vectorstore/
        keyword_index.py: 100-200 ms a query becomes a few ms at 100k chunks). A filter
        becomes the allowed rowids, read from the narrow ``chunks_filters`` index."""
        words = query_words(query, stopwords)
        if not words:
            return []
        condition, params = (where or SearchFilter()).to_sql("c")
        allowed = None
        if condition != "1=1":
            found = self.db.execute(f"SELECT c.rowid FROM chunks c WHERE {condition}", params).fetchall()
            allowed = np.array([r[0] for r in found], dtype=np.int64)
        ranked = self.keyword_index.search(words, k, allowed)
        if not ranked:
            return []
        rowids = [rowid for rowid, _score in ranked]
        ids = dict(self.db.execute(
            f"SELECT rowid, chunk_id FROM chunks WHERE rowid IN ({', '.join('?' * len(rowids))})", rowids
        ).fetchall())
        return [KeywordHit(ids[rowid], score) for rowid, score in ranked if rowid in ids]

    def save_keyword_index(self) -> None:
        """After writing: keep the index's arrays for the next process, then drop the
        change log they now hold (a writer's job: readers never write the catalog)."""
        index = self.keyword_index
        index.save()
        self.db.execute("DELETE FROM chunk_changes WHERE seq <= ?", (index.saved_seq,))

    def document_frequency(self, word: str) -> int:
        """How many chunks contain ``word`` (stemmed as the keyword index stems it); several
        words count as one phrase (a single word is a lookup in the keyword index's
        arrays; FTS5 would walk the word's whole row list)."""
        tokens = FTS_TOKEN.findall(word.lower())
        if not tokens:
            return 0
        if len(tokens) == 1:
            return self.keyword_index.document_frequency(tokens[0])
        match = '"' + " ".join(tokens) + '"'
        return self.db.execute("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?", (match,)).fetchone()[0]

    # -- actions and case studies ---------------------------------------------------------
    def actions(self, doc_id: str | None = None) -> list[sqlite3.Row]:
        self.db.row_factory = sqlite3.Row
        try:
            sql = "SELECT * FROM actions" + (" WHERE doc_id=?" if doc_id else "") + " ORDER BY doc_id, n"
            return self.db.execute(sql, (doc_id,) if doc_id else ()).fetchall()
        finally:
            self.db.row_factory = None

    def case_studies(self, doc_id: str | None = None) -> list[tuple]:
        sql = "SELECT * FROM case_studies" + (" WHERE doc_id=?" if doc_id else "") + " ORDER BY doc_id, n"
        return self.db.execute(sql, (doc_id,) if doc_id else ()).fetchall()

    # -- embedding cache -------------------------------------------------------------------
    def cached_vectors(self, model_id: str, text_hashes: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        step = 500
        for start in range(0, len(text_hashes), step):
            batch = list(text_hashes[start : start + step])
            rows = self.db.execute(
                f"SELECT text_hash, vector FROM embed_cache WHERE model_id=? AND text_hash IN ({', '.join('?' * len(batch))})",
                [model_id, *batch],
            ).fetchall()
            found.update({h: np.frombuffer(v, dtype=np.float32) for h, v in rows})
        return found

    def cache_vectors(self, model_id: str, items: Sequence[tuple[str, np.ndarray]]) -> None:
        with self.transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO embed_cache VALUES (?, ?, ?)",
                [(model_id, h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in items],
            )


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``/``ROLLBACK`` on a connection in autocommit mode."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, exc, tb):
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
        return False


def warnings_json(warnings: Sequence[str]) -> str:
    return json.dumps(list(warnings))
