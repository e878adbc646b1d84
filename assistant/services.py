"""Wiring: build the swappable parts named by the settings, once, at the edge."""

from __future__ import annotations

from assistant.settings import Settings
from vectorstore.embedder import NAME_FOR_MODEL_ID, Embedder, make_embedder
from vectorstore.second_opinion import SecondOpinion, make_second_opinion
from vectorstore.store import CorpusStore, StoreLocation, recorded_model_id


def build_embedder(settings: Settings) -> Embedder:
    return make_embedder(embedding_model_for(settings), settings.embed_batch_size, settings.cache_dir)


def embedding_model_for(settings: Settings) -> str:
    """The model the settings name; when they name none, the one the data dir's store was
    built with, so a store made before the default changed (fp32 -> int8) keeps opening
    without a setting or a re-ingest. A new store gets the default."""
    if "embedding_model" in settings.model_fields_set:
        return settings.embedding_model
    recorded = recorded_model_id(settings.data_dir)
    return NAME_FOR_MODEL_ID.get(recorded, settings.embedding_model) if recorded else settings.embedding_model


def open_store(settings: Settings, embedder: Embedder | None = None, settle: bool = True) -> CorpusStore:
    """``settle=False`` skips recovery and the consistency check (to repair a broken store)."""
    location = StoreLocation(settings.data_dir, settings.chroma_host, settings.chroma_port)
    return CorpusStore(location, embedder or build_embedder(settings), settle=settle, second=build_second_opinion(settings))


def build_second_opinion(settings: Settings) -> SecondOpinion | None:
    """The second sentence model ``TCA_SECOND_MODEL`` names (None: "none")."""
    return make_second_opinion(settings.second_model, settings.cache_dir)


def build_chat_model(settings: Settings):
    """The LangChain chat model ``TCA_LLM`` names, or None (the jobs then work without one)."""
    if not settings.llm:
        return None
    from assistant.ask.compose.llm import make_chat_model

    return make_chat_model(settings.llm, settings.llm_base_url, settings.llm_api_key, settings.llm_temperature)


def build_composer(settings: Settings):
    """Extractive unless ``TCA_LLM`` names a chat model."""
    from assistant.ask.compose.extractive import ExtractiveComposer

    if not settings.llm:
        return ExtractiveComposer()
    from assistant.ask.compose.llm import LLMComposer

    return LLMComposer(build_chat_model(settings))


def build_ask_service(settings: Settings, store: CorpusStore | None = None):
    from assistant.ask.evidence import EvidenceSelector
    from assistant.ask.retrieval import HybridRetriever, RetrievalConfig
    from assistant.ask.service import AskService
    from assistant.ask.themes import ThemeIndex

    store = store or open_store(settings)
    themes = ThemeIndex(store.embedder, vectors=store.statement_vectors)  # one per service: its prototypes are read once
    retriever = HybridRetriever(store, RetrievalConfig(k=settings.retrieval_k), themes)
    selector = EvidenceSelector(store, themes, settings.close_reading)
    return AskService(store, retriever, build_composer(settings), selector)
