"""The SQL of the store's maintenance tools, kept with the catalog: reads of catalog files
that are not open as a ``Catalog`` (a backup's snapshot, a data dir's recorded model, a
restored copy whose documents move), and the one-transaction snapshot ``tca docs verify``
compares with the vector index."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path


def recorded_model_id(path: Path) -> str | None:
    """The embedding model a catalog file was built with, read without writing to it;
    None when the file has none recorded or cannot be read."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            row = db.execute("SELECT value FROM meta WHERE key='embedding_model'").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def cached_text_hashes(path: Path, model_id: str) -> set[str]:
    """Text hashes whose vectors of ``model_id`` the file's embedding cache holds."""
    with closing(sqlite3.connect(str(path))) as db:
        return {h for (h,) in db.execute("SELECT text_hash FROM embed_cache WHERE model_id=?", (model_id,))}


def embed_texts(path: Path) -> Iterator[tuple[str, str]]:
    """Each passage's id and the text its vector was made from."""
    with closing(sqlite3.connect(str(path))) as db:
        yield from db.execute("SELECT chunk_id, embed_text FROM chunks")


def row_counts(path: Path) -> tuple[int, int]:
    """Documents and passages in a catalog file."""
    with closing(sqlite3.connect(str(path))) as db:
        documents = db.execute("SELECT count(*) FROM documents").fetchone()[0]
        chunks = db.execute("SELECT count(*) FROM chunks").fetchone()[0]
    return documents, chunks


def move_documents(path: Path, old_folder: Path, new_folder: Path) -> None:
    """Documents whose file was in ``old_folder`` point at the same name in ``new_folder``."""
    with closing(sqlite3.connect(str(path))) as db, db:
        rows = db.execute("SELECT doc_id, path FROM documents").fetchall()
        moved = [(str(new_folder / Path(p).name), d) for d, p in rows if Path(p).parent == old_folder]
        db.executemany("UPDATE documents SET path=? WHERE doc_id=?", moved)


@dataclass(frozen=True)
class CatalogSnapshot:
    """What the catalog holds at one moment: each passage's document, the keyword index's
    rows per document and in all, each document's registered passage count, the journal."""

    chunk_documents: dict[str, str]
    keyword_documents: Counter
    keyword_rows: int
    registered_chunks: dict[str, int]
    journal_rows: int


def snapshot(db: sqlite3.Connection) -> CatalogSnapshot:
    db.execute("BEGIN")  # one snapshot of the catalog for every count below
    try:
        return CatalogSnapshot(
            chunk_documents=dict(db.execute("SELECT chunk_id, doc_id FROM chunks").fetchall()),
            keyword_documents=Counter(
                d for (d,) in db.execute("SELECT c.doc_id FROM chunks_fts f JOIN chunks c ON c.rowid = f.rowid")
            ),
            keyword_rows=keyword_rows(db),
            registered_chunks=dict(db.execute("SELECT doc_id, chunks FROM documents").fetchall()),
            journal_rows=db.execute("SELECT count(*) FROM journal").fetchone()[0],
        )
    finally:
        db.execute("COMMIT")


def keyword_rows(db: sqlite3.Connection) -> int:
    return db.execute("SELECT count(*) FROM chunks_fts").fetchone()[0]
