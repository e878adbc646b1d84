"""Wiring: build the swappable parts named by the settings, once, at the edge."""

from __future__ import annotations

from vectorstore.embedder import Embedder, make_embedder
from vectorstore.store import CorpusStore, StoreLocation

from assistant.settings import Settings


def build_embedder(settings: Settings) -> Embedder:
    return make_embedder(settings.embedding_model, settings.embed_batch_size)


def open_store(settings: Settings, embedder: Embedder | None = None) -> CorpusStore:
    location = StoreLocation(settings.data_dir, settings.chroma_host, settings.chroma_port)
    return CorpusStore(location, embedder or build_embedder(settings))
