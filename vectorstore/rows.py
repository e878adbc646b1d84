"""A parsed document as the catalog's rows and the vector index's metadata: one row per
document, passage, action and case study, each passage's metadata the filters match on.
CorpusStore.add writes them in one transaction."""

from __future__ import annotations

from ingest.chunk import embedding_text, searchable_text
from ingest.models import ParsedDocument
from vectorstore.catalog import ChunkRow, DocumentRow, now_iso, warnings_json


def chunk_row(parsed: ParsedDocument, chunk, version: str) -> ChunkRow:
    return ChunkRow(
        chunk_id=f"{parsed.doc_id}:{version}:{chunk.index}",
        doc_id=parsed.doc_id,
        idx=chunk.index,
        text=chunk.text,
        search_text=searchable_text(chunk),
        embed_text=embedding_text(chunk),
        file=chunk.file,
        institution=chunk.institution,
        doc_type=chunk.doc_type,
        stage=chunk.stage,
        date=chunk.date,
        year=int(chunk.date[:4]) if chunk.date else None,
        section_title=chunk.section_title,
        section_kind=chunk.section_kind,
        question_id=chunk.question_id,
        pillars=" ".join(chunk.pillars),
        page_start=chunk.page_start,
        page_end=chunk.page_end,
        content_hash=chunk.content_hash,
        ocr=int(chunk.ocr),
    )

def dense_metadata(row: ChunkRow) -> dict:
    metadata = {
        "doc_id": row.doc_id,
        "doc_type": row.doc_type,
        "institution": row.institution or "",
        "stage": row.stage or "",
        "year": row.year or 0,
        "question_id": row.question_id or "",
        "section_kind": row.section_kind or "",
    }
    if row.pillar_list:
        metadata["pillars"] = row.pillar_list
    return metadata

def document_row(parsed: ParsedDocument, chunks: int) -> DocumentRow:
    meta = parsed.meta
    return DocumentRow(
        doc_id=parsed.doc_id,
        path=str(parsed.path.resolve()),
        file=parsed.path.name,
        sha256=parsed.sha256,
        file_type=parsed.file_type,
        doc_type=meta.doc_type,
        title=meta.title,
        institution=meta.institution,
        stage=meta.stage,
        date=meta.date,
        lead_name=meta.lead_name,
        lead_email=meta.lead_email,
        pages=parsed.pages,
        chunks=chunks,
        actions=len(parsed.actions),
        warnings=warnings_json(parsed.warnings),
        ingested_at=now_iso(),
        source_url=parsed.source_url,
        fetched_at=parsed.fetched_at,
        ocr_pages=len(parsed.ocr_pages),
    )

def action_rows(parsed: ParsedDocument) -> list[tuple]:
    return [
        (
            parsed.doc_id, n, a.pillar, a.number, a.activity, a.description, a.timescale,
            a.start.isoformat() if a.start else None, a.end.isoformat() if a.end else None,
            a.owner, a.success_measure, a.page,
        )
        for n, a in enumerate(parsed.actions)
    ]

def case_study_rows(parsed: ParsedDocument) -> list[tuple]:
    return [
        (parsed.doc_id, n, c.institution, c.pillar, c.page_start, c.page_end)
        for n, c in enumerate(parsed.case_studies)
    ]
