"""Wiring: build the swappable parts named by the settings, once, at the edge."""

from __future__ import annotations

from vectorstore.embedder import Embedder, make_embedder
from vectorstore.store import CorpusStore, StoreLocation

from assistant.settings import Settings


def build_embedder(settings: Settings) -> Embedder:
    return make_embedder(settings.embedding_model, settings.embed_batch_size)


def open_store(settings: Settings, embedder: Embedder | None = None, settle: bool = True) -> CorpusStore:
    """``settle=False`` skips recovery and the consistency check (to repair a broken store)."""
    location = StoreLocation(settings.data_dir, settings.chroma_host, settings.chroma_port)
    return CorpusStore(location, embedder or build_embedder(settings), settle=settle)


def build_composer(settings: Settings, embedder: Embedder | None = None):
    """Extractive unless ``TCA_LLM`` names a chat model."""
    from assistant.compose.extractive import ExtractiveComposer

    if not settings.llm:
        return ExtractiveComposer(embedder)
    from assistant.compose.llm import LLMComposer, make_chat_model

    return LLMComposer(make_chat_model(settings.llm, settings.llm_base_url, settings.llm_api_key, settings.llm_temperature))


def build_ask_service(settings: Settings, store: CorpusStore | None = None):
    from assistant.ask import AskService
    from assistant.retrieval import HybridRetriever, RetrievalConfig

    store = store or open_store(settings)
    retriever = HybridRetriever(store, RetrievalConfig(k=settings.retrieval_k))
    return AskService(store, retriever, build_composer(settings, store.embedder))
