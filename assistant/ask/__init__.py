"""Ask: plan a question, retrieve (hybrid keyword + dense), select evidence, compose a cited
answer; the retrieval and answer evaluations; and the retriever for LangChain chains.

Kept light: other jobs import ``assistant.ask.query``, which loads this package first."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.ask.langchain import CorpusRetriever


def as_langchain_retriever(store, **options) -> CorpusRetriever:
    """The hybrid retriever as a LangChain ``BaseRetriever`` (assistant/ask/langchain.py)."""
    from assistant.ask.langchain import as_langchain_retriever as build

    return build(store, **options)
