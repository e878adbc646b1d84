"""One file in, one ParsedDocument out: load -> clean -> structure -> actions -> chunks.

Pure: touches no store. Any failure is an IngestError naming the file and the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from domain import load_template
from ingest.actions import parse_actions
from ingest.chunk import chunk_sections
from ingest.clean import clean_pages
from ingest.loaders import SUPPORTED_EXTENSIONS, load_document
from ingest.models import Chunk, DocumentMeta, IngestError, ParsedDocument, RawDocument
from ingest.ocr import OcrOptions
from ingest.structure import detect_meta, find_case_studies, split_sections

SUPPORTED_SUFFIXES = tuple(SUPPORTED_EXTENSIONS)


def question_titles() -> dict[str, str]:
    template = load_template()
    return {q.id: q.title for stage in template.stages for q in stage.questions}


def quoting_questions() -> frozenset[str]:
    """Questions whose answers quote another document (the TALENT recommendations)."""
    return frozenset(q.id for stage in load_template().stages for q in stage.questions if q.is_talent)


def parse_file(
    path: Path,
    doc_id: str,
    count_tokens: Callable[[str], int],
    max_tokens: int,
    password: str | None = None,
    known_institutions: Iterable[str] = (),
    ocr: OcrOptions | None = None,
) -> ParsedDocument:
    """``known_institutions`` (those already in the store) let an internal paper that
    names its institution only by acronym be attributed. ``ocr``: how pages without a
    text layer are read (default: by OCR)."""
    raw = load_document(path, password=password, ocr=ocr)
    pages = clean_pages(raw)
    meta = _with_declared(detect_meta(pages, path.name, tuple(known_institutions)), raw)
    sections = split_sections(pages, meta)
    actions = parse_actions(raw, pages, sections)
    if raw.tables and actions and meta.doc_type == "update_paper":
        meta = replace(meta, doc_type="action_plan")  # a sheet or page that is a plan table
    ocr_pages = tuple(page.number for page in raw.pages if page.ocr)
    chunks = _flag_ocr(chunk_sections(
        doc_id, path.name, meta, sections, count_tokens, max_tokens, question_titles(), quoting_questions()
    ), ocr_pages)
    if not chunks:
        raise IngestError(path, "no text left to index after removing headers and footers")
    return ParsedDocument(
        doc_id=doc_id,
        path=path,
        sha256=raw.sha256,
        file_type=raw.file_type,
        meta=meta,
        pages=len(raw.pages),
        sections=sections,
        chunks=chunks,
        actions=actions,
        case_studies=find_case_studies(sections),
        warnings=list(raw.warnings),
        ocr_pages=ocr_pages,
    )


def _with_declared(meta: DocumentMeta, raw: RawDocument) -> DocumentMeta:
    """What the file declares (a web page's title, date and site) where the text does
    not say it better: a declared title beats one guessed from the first lines, a
    declared date beats a narrated year (a submission's sign-off date beats both), a
    declared institution fills a gap."""
    declared = {
        "title": raw.title or meta.title,
        "date": meta.date if meta.doc_type == "submission" and meta.date else raw.date or meta.date,
        "institution": meta.institution or raw.institution,
    }
    changed = {key: value for key, value in declared.items() if value != getattr(meta, key)}
    return replace(meta, **changed) if changed else meta


def _flag_ocr(chunks: list[Chunk], ocr_pages: tuple[int, ...]) -> list[Chunk]:
    """Chunks holding text from a page read by OCR say so (shown on source cards)."""
    if not ocr_pages:
        return chunks
    read = set(ocr_pages)
    return [
        replace(chunk, ocr=True) if read & set(range(chunk.page_start, chunk.page_end + 1)) else chunk
        for chunk in chunks
    ]


def with_doc_id(parsed: ParsedDocument, doc_id: str) -> ParsedDocument:
    """The same document under another id (ids are settled by the store, in file order)."""
    if parsed.doc_id == doc_id:
        return parsed
    chunks = [replace(chunk, doc_id=doc_id) for chunk in parsed.chunks]
    return replace(parsed, doc_id=doc_id, chunks=chunks)
