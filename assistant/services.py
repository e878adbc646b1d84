"""Wiring: build the swappable parts named by the settings, once, at the edge."""

from __future__ import annotations

from assistant.settings import Settings
from vectorstore.embedder import NAME_FOR_MODEL_ID, Embedder, make_embedder
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
    return CorpusStore(location, embedder or build_embedder(settings), settle=settle)


def build_composer(settings: Settings, embedder: Embedder | None = None):
    """Extractive unless ``TCA_LLM`` names a chat model."""
    from assistant.compose.extractive import ExtractiveComposer

    if not settings.llm:
        return ExtractiveComposer(_exact(embedder))
    from assistant.compose.llm import LLMComposer, make_chat_model

    return LLMComposer(make_chat_model(settings.llm, settings.llm_base_url, settings.llm_api_key, settings.llm_temperature))


def _exact(embedder: Embedder | None) -> Embedder | None:
    """Themes cluster an answer's sentences at a cosine threshold tuned on the fp32 model;
    the int8 ONNX embedder lends its fp32 twin for that (measured on the 20 dev questions:
    the answer's first line matched the fp32 system's in 7 with int8 themes, 16 with fp32
    themes; the rest differ by what was retrieved)."""
    from vectorstore.onnx_embedder import OnnxEmbedder

    return embedder.exact if isinstance(embedder, OnnxEmbedder) else embedder


def build_ask_service(settings: Settings, store: CorpusStore | None = None):
    from assistant.ask import AskService
    from assistant.retrieval import HybridRetriever, RetrievalConfig

    store = store or open_store(settings)
    retriever = HybridRetriever(store, RetrievalConfig(k=settings.retrieval_k))
    return AskService(store, retriever, build_composer(settings, store.embedder))
