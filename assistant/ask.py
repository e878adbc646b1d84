"""The ask job: retrieve across institutions, compose a cited answer, keep the thread."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from assistant.answer import Answer, Source
from assistant.compose.base import Composer, ComposeRequest
from assistant.compose.extractive import not_found_answer
from assistant.conversation import Turn, resolve
from assistant.retrieval import HybridRetriever, RetrievalResult, Retrieved
from vectorstore.filters import SearchFilter
from vectorstore.store import CorpusStore


def sources_from_hits(store: CorpusStore, hits: list[Retrieved]) -> list[Source]:
    titles: dict[str, str] = {}
    urls: dict[str, str | None] = {}
    sources = []
    for n, hit in enumerate(hits, start=1):
        chunk = hit.chunk
        if chunk.doc_id not in titles:
            row = store.document(chunk.doc_id)
            titles[chunk.doc_id] = (row.title if row and row.title else chunk.file)
            urls[chunk.doc_id] = row.source_url if row else None
        sources.append(
            Source(
                n=n, chunk_id=chunk.chunk_id, doc_id=chunk.doc_id, institution=chunk.institution,
                document=titles[chunk.doc_id], file=chunk.file, page=chunk.page_start,
                page_end=chunk.page_end, section=chunk.section_title or "", passage=chunk.text,
                ocr=bool(chunk.ocr), url=urls[chunk.doc_id],
            )
        )
    return sources


class AskService:
    def __init__(self, store: CorpusStore, retriever: HybridRetriever, composer: Composer):
        self.store = store
        self.retriever = retriever
        self.composer = composer

    def _retrieve(self, question: str, filters: SearchFilter, history: list[Turn]) -> tuple[RetrievalResult, str]:
        resolved = resolve(question, history)
        if resolved.institution and not filters.institution:
            filters = replace(filters, institution=resolved.institution)
        result = self.retriever.retrieve(resolved.query, filters, kind=resolved.institution_kind)
        return result, resolved.query

    def _request(self, question: str, result: RetrievalResult, history: list[Turn]) -> ComposeRequest:
        return ComposeRequest(
            question=question,
            plan=result.plan,
            sources=sources_from_hits(self.store, result.hits),
            history=tuple((t.question, t.answer.text) for t in history[-3:]),
            dense_scores=tuple(h.dense for h in result.hits),
        )

    def ask(self, question: str, filters: SearchFilter | None = None, history: list[Turn] | None = None) -> Answer:
        history = history or []
        result, query = self._retrieve(question, filters or SearchFilter(), history)
        request = self._request(question, result, history)
        answer = self.composer.compose(request) if result.found else not_found_answer(request, result.reason)
        answer.effective_query = query
        return answer

    def stream(self, question: str, filters: SearchFilter | None = None, history: list[Turn] | None = None) -> Iterator[str | Answer]:
        history = history or []
        result, query = self._retrieve(question, filters or SearchFilter(), history)
        request = self._request(question, result, history)
        if not result.found:
            answer = not_found_answer(request, result.reason)
            answer.effective_query = query
            yield answer.text
            yield answer
            return
        for piece in self.composer.stream(request):
            if isinstance(piece, Answer):
                piece.effective_query = query
            yield piece
