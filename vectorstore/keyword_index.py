"""BM25 over the keyword index's own tokens, scored with NumPy instead of inside FTS5.

Why: FTS5 computes ``bm25()`` for every row an OR-query matches, and with ordinary words
that is most of a large store (100-200 ms a query at 100k chunks here). The same sum over
per-term posting arrays is a handful of vector operations (a few ms). The postings are
read from FTS5 itself (its ``fts5vocab`` view), so terms, stems, column weights and the
scores are exactly FTS5's (tested against ``bm25()``); FTS5 stays the source of truth.

The arrays are derived data: saved beside the catalog (``keyword_index.npz``, replaced
atomically), tagged with the catalog's change sequence, and brought up to date from the
``chunk_changes`` log that triggers on the chunk table fill. A missing, unreadable or
out-of-step file is simply rebuilt from FTS5.
"""

from __future__ import annotations

import math
import os
import re
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"
FTS_COLUMNS = ("text", "section_title", "institution")
COLUMN_WEIGHTS = {"text": 1.0, "section_title": 0.5, "institution": 0.5}  # bm25() weights
K1, B = 1.2, 0.75  # FTS5's bm25 constants
FORMAT_VERSION = 1
SAVE_AFTER_CHANGES = 2000  # a reader that applied this many changes saves them for the next process


@dataclass(frozen=True)
class Postings:
    rows: np.ndarray  # int32 rowids, unique (int32 and float32 halve the memory at 100k chunks)
    weights: np.ndarray  # float32: occurrences summed with the column weights (multiples of 0.5: exact)


def _postings_from_vocab(db: sqlite3.Connection, vocab: str) -> tuple[dict[str, Postings], np.ndarray, np.ndarray]:
    """Every term's rows and weighted counts from an ``fts5vocab`` instance table (one
    SQL row per term), plus the rows that hold tokens and how many tokens each holds."""
    weight = " ".join(f"WHEN '{col}' THEN {w}" for col, w in COLUMN_WEIGHTS.items())
    sql = f"SELECT term, group_concat(doc), group_concat(CASE col {weight} ELSE 0 END) FROM {vocab} GROUP BY term"
    postings: dict[str, Postings] = {}
    every_row, every_count = [], []
    for term, docs, weights in db.execute(sql):
        doc = np.array(docs.split(","), dtype=np.int64)
        w = np.array(weights.split(","), dtype=np.float64)
        order = np.argsort(doc, kind="stable")
        doc, w = doc[order], w[order]
        starts = np.flatnonzero(np.r_[True, doc[1:] != doc[:-1]])
        postings[term] = Postings(doc[starts].astype(np.int32), np.add.reduceat(w, starts).astype(np.float32))
        every_row.append(doc[starts])
        every_count.append(np.diff(np.r_[starts, len(doc)]))
    if not every_row:
        return postings, np.zeros(0, dtype=np.int64), np.zeros(0)
    tokens = np.bincount(np.concatenate(every_row), weights=np.concatenate(every_count))
    rows = np.flatnonzero(tokens)
    return postings, rows, tokens[rows]


class Tokenizer:
    """FTS5's tokenizer on a private in-memory database: query words and new rows are
    split and stemmed exactly as the keyword index does it."""

    def __init__(self) -> None:
        self.db = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        self.db.execute(f"CREATE VIRTUAL TABLE t USING fts5({', '.join(FTS_COLUMNS)}, tokenize='{FTS_TOKENIZE}')")
        self.db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
        self._stems: dict[str, str | None] = {}

    def stems(self, words: list[str]) -> list[str]:
        """The index term of each word (words FTS5 would not index are dropped)."""
        new = [w for w in dict.fromkeys(words) if w not in self._stems]
        if new:
            self.db.executemany("INSERT INTO t (rowid, text) VALUES (?, ?)", list(enumerate(new)))
            found = dict(self.db.execute("SELECT doc, term FROM v WHERE col = 'text'").fetchall())
            self.db.execute("DELETE FROM t")
            self._stems.update({w: found.get(i) for i, w in enumerate(new)})
        return [s for s in (self._stems[w] for w in words) if s is not None]

    def postings(self, rows: list[tuple]) -> tuple[dict[str, Postings], np.ndarray, np.ndarray]:
        """Postings and token counts of (rowid, text, section_title, institution) rows."""
        self.db.executemany(f"INSERT INTO t (rowid, {', '.join(FTS_COLUMNS)}) VALUES (?, ?, ?, ?)", rows)
        try:
            return _postings_from_vocab(self.db, "v")
        finally:
            self.db.execute("DELETE FROM t")


class KeywordIndex:
    def __init__(self, catalog_path: Path):
        self.catalog_path = catalog_path
        self.file = catalog_path.with_name("keyword_index.npz")
        self.tokenizer = Tokenizer()
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._loaded = False
        self._seq = -1
        self._saved_seq = -1
        self._changes_since_save = 0
        self.postings: dict[str, Postings] = {}
        self.lengths = np.zeros(0, dtype=np.float64)  # tokens per rowid (0 where absent)
        self.present = np.zeros(0, dtype=bool)

    @property
    def saved_seq(self) -> int:
        """The change sequence the saved file holds (-1: none saved or loaded)."""
        return self._saved_seq

    # -- reading the catalog ---------------------------------------------------------------
    @property
    def db(self) -> sqlite3.Connection:
        """Its own connection: snapshots are read in a transaction of their own, never
        inside a writer's transaction on the catalog's shared connection."""
        if self._db is None:
            self._db = sqlite3.connect(str(self.catalog_path), check_same_thread=False, isolation_level=None)
        return self._db

    def _current_seq(self) -> int:
        row = self.db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'chunk_changes'").fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    # -- keeping up to date ---------------------------------------------------------------
    def refresh(self) -> None:
        """Bring the arrays to the catalog's current state: load the saved file, then
        apply the logged changes since; rebuild from FTS5 when that is not possible."""
        with self._lock:
            self._refresh_locked()

    def _refresh_locked(self) -> None:
        if self._loaded and self._current_seq() == self._seq:
            return
        self.db.execute("BEGIN")
        try:
            seq = self._current_seq()
            if not self._loaded or not self._apply_changes(seq):
                if not (self._load_file() and self._apply_changes(seq)):
                    self._build(seq)
        finally:
            self.db.execute("COMMIT")
        self._loaded = True
        if self._changes_since_save >= SAVE_AFTER_CHANGES:
            self._save_locked()

    def _apply_changes(self, seq: int) -> bool:
        """False when the log no longer reaches back to the arrays' state."""
        if seq == self._seq:
            return True
        if seq < self._seq:
            return False  # the catalog was replaced by an older one
        oldest = self.db.execute("SELECT min(seq) FROM chunk_changes").fetchone()[0]
        if oldest is None or oldest > self._seq + 1:
            return False
        changes = self.db.execute(
            "SELECT chunk_rowid, op FROM chunk_changes WHERE seq > ? AND seq <= ? ORDER BY seq", (self._seq, seq)
        ).fetchall()
        final = dict(changes)  # a rowid's last change wins
        touched = np.fromiter(final, dtype=np.int64, count=len(final))
        self._remove(touched)
        added = [r for r, op in final.items() if op == "add"]
        for start in range(0, len(added), 500):
            batch = added[start : start + 500]
            rows = self.db.execute(
                f"SELECT rowid, {', '.join(FTS_COLUMNS)} FROM chunks_fts WHERE rowid IN ({', '.join('?' * len(batch))})",
                batch,
            ).fetchall()
            self._add(*self.tokenizer.postings(rows), np.array([r[0] for r in rows], dtype=np.int64))
        self._seq = seq
        self._changes_since_save += len(changes)
        return True

    def _build(self, seq: int) -> None:
        self.db.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.chunks_vocab USING fts5vocab(main, 'chunks_fts', 'instance')"
        )
        self.postings = {}
        self.lengths = np.zeros(0, dtype=np.float64)
        self.present = np.zeros(0, dtype=bool)
        rowids = np.array([r[0] for r in self.db.execute("SELECT rowid FROM chunks_fts")], dtype=np.int64)
        self._add(*_postings_from_vocab(self.db, "temp.chunks_vocab"), rowids)
        self._seq = seq
        self._changes_since_save = SAVE_AFTER_CHANGES  # worth keeping

    def _grow(self, top: int) -> None:
        if top >= len(self.present):
            size = max(top + 1, int(len(self.present) * 1.25))
            self.lengths = np.concatenate([self.lengths, np.zeros(size - len(self.lengths))])
            self.present = np.concatenate([self.present, np.zeros(size - len(self.present), dtype=bool)])

    def _add(self, postings: dict[str, Postings], doc: np.ndarray, tokens: np.ndarray, rowids: np.ndarray) -> None:
        if len(rowids):
            self._grow(int(rowids.max()))
            self.present[rowids] = True
            self.lengths[doc] = tokens
        for term, new in postings.items():
            old = self.postings.get(term)
            self.postings[term] = new if old is None else Postings(
                np.concatenate([old.rows, new.rows]), np.concatenate([old.weights, new.weights])
            )

    def _remove(self, rowids: np.ndarray) -> None:
        rowids = rowids[rowids < len(self.present)]
        gone = rowids[self.present[rowids]]
        if not len(gone):
            return
        mask = np.zeros(len(self.present), dtype=bool)
        mask[gone] = True
        for term, p in list(self.postings.items()):
            keep = ~mask[p.rows]
            if not keep.all():
                if keep.any():
                    self.postings[term] = Postings(p.rows[keep], p.weights[keep])
                else:
                    del self.postings[term]
        self.present[gone] = False
        self.lengths[gone] = 0

    # -- the file ---------------------------------------------------------------------------
    def save(self) -> None:
        """Write the current state for the next process (atomically), then let the writer
        forget the logged changes the file now holds."""
        with self._lock:
            self._refresh_locked()
            if self._saved_seq != self._seq:
                self._save_locked()

    def _save_locked(self) -> None:
        terms = sorted(self.postings)
        sizes = np.array([len(self.postings[t].rows) for t in terms], dtype=np.int64)
        empty = np.zeros(0)
        temporary = self.file.with_name(f".{self.file.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            with temporary.open("wb") as handle:
                np.savez(
                    handle,
                    version=np.int64(FORMAT_VERSION),
                    seq=np.int64(self._seq),
                    terms=np.array(terms, dtype=str),
                    indptr=np.r_[0, np.cumsum(sizes)],
                    rows=np.concatenate([self.postings[t].rows for t in terms] or [empty.astype(np.int32)]),
                    weights=np.concatenate([self.postings[t].weights for t in terms] or [empty.astype(np.float32)]),
                    lengths=self.lengths.astype(np.int32),
                    present=self.present,
                )
            os.replace(temporary, self.file)
        except OSError:
            temporary.unlink(missing_ok=True)  # a read-only data folder: the log still has it
            return
        self._saved_seq = self._seq
        self._changes_since_save = 0

    def _load_file(self) -> bool:
        try:
            with np.load(self.file, allow_pickle=False) as data:
                if int(data["version"]) != FORMAT_VERSION:
                    return False
                terms, indptr = data["terms"], data["indptr"]
                rows, weights = data["rows"].astype(np.int32, copy=False), data["weights"].astype(np.float32, copy=False)
                self.lengths = data["lengths"].astype(np.float64)
                self.present = data["present"].astype(bool)
                self._seq = self._saved_seq = int(data["seq"])
        except (OSError, ValueError, KeyError, EOFError):
            return False  # missing or damaged: rebuilt from FTS5
        self.postings = {
            str(t): Postings(rows[indptr[i] : indptr[i + 1]], weights[indptr[i] : indptr[i + 1]])
            for i, t in enumerate(terms)
        }
        self._changes_since_save = 0
        return True

    # -- searching ------------------------------------------------------------------------
    def document_frequency(self, word: str) -> int:
        """Rows holding ``word`` (after stemming)."""
        with self._lock:
            self._refresh_locked()
            terms = self.tokenizer.stems([word])
            postings = self.postings.get(terms[0]) if terms else None
            return 0 if postings is None else len(postings.rows)

    def search(self, words: list[str], k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The top ``k`` (rowid, bm25) for an OR of ``words`` (each word one phrase, as in
        the FTS5 query), best first; ties by rowid. ``allowed`` restricts the rowids."""
        with self._lock:
            self._refresh_locked()
            terms = self.tokenizer.stems(words)
            rows_total = int(self.present.sum())
            if not terms or rows_total == 0:
                return []
            average = self.lengths.sum() / rows_total
            scores = np.zeros(len(self.present))
            for term in terms:
                p = self.postings.get(term)
                if p is None:
                    continue
                idf = math.log((rows_total - len(p.rows) + 0.5) / (len(p.rows) + 0.5))
                idf = idf if idf > 0 else 1e-6
                norm = K1 * (1 - B + B * self.lengths[p.rows] / average)
                weights = p.weights.astype(np.float64)
                scores[p.rows] += idf * (weights * (K1 + 1)) / (weights + norm)
        if allowed is None:
            candidates = np.flatnonzero(scores)
        else:
            allowed = allowed[allowed < len(scores)]
            candidates = allowed[scores[allowed] > 0]
        if len(candidates) > k:
            threshold = np.partition(scores[candidates], len(candidates) - k)[len(candidates) - k]
            candidates = candidates[scores[candidates] >= threshold]
        order = np.lexsort((candidates, -scores[candidates]))[:k]
        return [(int(candidates[i]), float(scores[candidates[i]])) for i in order]


FTS_TOKEN = re.compile(r"[A-Za-z0-9]+")


def query_words(text: str, stopwords: frozenset[str] = frozenset()) -> list[str]:
    """The words of free text a keyword search looks for: each once, no stopwords."""
    words: list[str] = []
    for token in FTS_TOKEN.findall(text.lower()):
        if token in stopwords or len(token) < 2 or token in words:
            continue
        words.append(token)
    return words
