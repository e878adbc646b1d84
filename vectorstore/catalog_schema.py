"""The catalog's tables (SQLite DDL, its version, the columns added since) and the rows
read from them. Only catalog code (catalog.py, catalog_files.py) runs SQL on them."""

from __future__ import annotations

from dataclasses import dataclass

SCHEMA_VERSION = "2"


SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    file_type TEXT NOT NULL,
    doc_type TEXT NOT NULL,
    title TEXT,
    institution TEXT,
    stage TEXT,
    date TEXT,
    lead_name TEXT,
    lead_email TEXT,
    pages INTEGER NOT NULL,
    chunks INTEGER NOT NULL,
    actions INTEGER NOT NULL,
    warnings TEXT NOT NULL DEFAULT '[]',
    ingested_at TEXT NOT NULL,
    source_url TEXT,
    fetched_at TEXT,
    ocr_pages INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS chunks (
    rowid INTEGER PRIMARY KEY,
    chunk_id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    search_text TEXT NOT NULL,
    embed_text TEXT NOT NULL,
    file TEXT NOT NULL,
    institution TEXT,
    doc_type TEXT NOT NULL,
    stage TEXT,
    date TEXT,
    year INTEGER,
    section_title TEXT,
    section_kind TEXT,
    question_id TEXT,
    pillars TEXT NOT NULL DEFAULT '',
    page_start INTEGER,
    page_end INTEGER,
    content_hash TEXT NOT NULL,
    ocr INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
-- every column a SearchFilter tests: filtered keyword search reads this narrow index, not
-- the wide chunk rows (about 100x faster to scan at 100k chunks)
CREATE INDEX IF NOT EXISTS chunks_filters ON chunks(institution, doc_type, stage, year, question_id, doc_id, pillars);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
    text, section_title, institution, tokenize = 'porter unicode61 remove_diacritics 2'
);
-- every chunk row added or removed, in order: the keyword index's arrays
-- (vectorstore/keyword_index.py) catch up from here instead of re-reading FTS5
CREATE TABLE IF NOT EXISTS chunk_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, chunk_rowid INTEGER NOT NULL, op TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS chunk_added AFTER INSERT ON chunks BEGIN
    INSERT INTO chunk_changes (chunk_rowid, op) VALUES (new.rowid, 'add');
END;
CREATE TRIGGER IF NOT EXISTS chunk_removed AFTER DELETE ON chunks BEGIN
    INSERT INTO chunk_changes (chunk_rowid, op) VALUES (old.rowid, 'del');
END;
CREATE TABLE IF NOT EXISTS actions (
    doc_id TEXT NOT NULL, n INTEGER NOT NULL, pillar TEXT, number TEXT, activity TEXT,
    description TEXT, timescale TEXT, start TEXT, end TEXT, owner TEXT,
    success_measure TEXT, page INTEGER, PRIMARY KEY (doc_id, n)
);
CREATE TABLE IF NOT EXISTS case_studies (
    doc_id TEXT NOT NULL, n INTEGER NOT NULL, institution TEXT NOT NULL, pillar TEXT,
    page_start INTEGER, page_end INTEGER, PRIMARY KEY (doc_id, n)
);
CREATE TABLE IF NOT EXISTS embed_cache (
    model_id TEXT NOT NULL, text_hash TEXT NOT NULL, vector BLOB NOT NULL,
    PRIMARY KEY (model_id, text_hash)
);
CREATE TABLE IF NOT EXISTS journal (
    chunk_id TEXT PRIMARY KEY, op TEXT NOT NULL CHECK (op IN ('adding', 'deleting'))
);
"""


# Columns added after schema 2 was first written: a catalog without them gains them on
# open (older readers select their columns by name, so they still read it).
ADDED_COLUMNS = {
    "documents": {"source_url": "TEXT", "fetched_at": "TEXT", "ocr_pages": "INTEGER NOT NULL DEFAULT 0"},
    "chunks": {"ocr": "INTEGER NOT NULL DEFAULT 0"},
}


@dataclass(frozen=True)
class DocumentRow:
    doc_id: str
    path: str
    file: str
    sha256: str
    file_type: str
    doc_type: str
    title: str | None
    institution: str | None
    stage: str | None
    date: str | None
    lead_name: str | None
    lead_email: str | None
    pages: int
    chunks: int
    actions: int
    warnings: str
    ingested_at: str
    source_url: str | None = None  # a fetched page: where it came from, and when
    fetched_at: str | None = None
    ocr_pages: int = 0  # pages whose text was read by OCR


@dataclass(frozen=True)
class ChunkRow:
    chunk_id: str
    doc_id: str
    idx: int
    text: str
    search_text: str  # text less quotations of other documents: what keyword search sees
    embed_text: str
    file: str
    institution: str | None
    doc_type: str
    stage: str | None
    date: str | None
    year: int | None
    section_title: str | None
    section_kind: str | None
    question_id: str | None
    pillars: str
    page_start: int | None
    page_end: int | None
    content_hash: str
    ocr: int = 0  # 1: its text was read by OCR from a page image

    @property
    def pillar_list(self) -> list[str]:
        return self.pillars.split()


@dataclass(frozen=True)
class KeywordHit:
    chunk_id: str
    score: float  # bm25, higher is better


CHUNK_COLUMNS = [f for f in ChunkRow.__dataclass_fields__]


DOCUMENT_COLUMNS = [f for f in DocumentRow.__dataclass_fields__]
