"""The hybrid retriever as a LangChain ``BaseRetriever``, so that it drops into a user's
own chains: the same four fused rankings, spread across institutions, that ``tca ask``
uses, each passage a ``Document`` whose metadata says where it is (institution, document,
file, pages, section) and how it scored.

    from assistant.ask import as_langchain_retriever

    retriever = as_langchain_retriever(store, pillar="recognition", k=6)
    chain = {"context": retriever | format_docs, "question": RunnablePassthrough()} | prompt | model
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.ask.filters import parse_filters
from assistant.ask.retrieval import HybridRetriever, RetrievalConfig
from assistant.ask.service import sources_from_hits
from vectorstore.filters import SearchFilter
from vectorstore.store import CorpusStore


class CorpusRetriever(BaseRetriever):
    """Passages of the corpus for a query, best first (at most ``k``, the retriever's
    setting when None), restricted by ``filters``."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: Any  # HybridRetriever: a plain class, not a pydantic model
    filters: SearchFilter | None = None
    k: int | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        result = self.retriever.retrieve(query, self.filters, self.k)
        sources = sources_from_hits(self.retriever.store, result.hits)
        return [
            Document(
                page_content=source.passage,
                id=source.chunk_id,
                metadata={
                    "chunk_id": source.chunk_id,
                    "doc_id": source.doc_id,
                    "institution": source.institution,
                    "document": source.document,
                    "file": source.file,
                    "page": source.page,
                    "page_end": source.page_end,
                    "section": source.section,
                    "url": source.url,
                    "ocr": source.ocr,
                    "score": hit.score,
                },
            )
            for source, hit in zip(sources, result.hits, strict=True)
        ]


def as_langchain_retriever(
    store: CorpusStore, *, k: int | None = None, config: RetrievalConfig | None = None, **filters: str | int | None
) -> CorpusRetriever:
    """The store's hybrid retriever for LangChain. ``filters`` are ``parse_filters``'
    (pillar, stage, institution, doc_type, year), with the template's ids, checked as
    ``tca ask`` checks them (an unknown pillar is a ``FilterError``)."""
    return CorpusRetriever(retriever=HybridRetriever(store, config), filters=parse_filters(**filters), k=k)
