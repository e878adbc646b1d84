"""Shared fixtures: every test gets its own data dir and offline model settings; the
real corpus in ../shared is used where present. Where it is not, its tests skip locally
(reason in the summary) and, under ``CI=true``, the run stops at once with one line
(``tests/support/environment.py``)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.support.environment import REPO, SHARED_CORPUS, in_ci, missing_under_ci, unavailable

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ["ANONYMIZED_TELEMETRY"] = "False"


def pytest_configure(config):
    """Under CI a missing ../shared or Chromium fails the run before any test, in one line."""
    problems = missing_under_ci() if in_ci() else []
    if problems:
        raise pytest.UsageError("CI=true but " + "; ".join(problems))


@pytest.fixture(scope="session")
def model_cache_dir(tmp_path_factory) -> Path:
    """One cache of built models (the ONNX embedder's) for the whole session: each test
    has its own HOME, and building the model in each would cost seconds a test."""
    return tmp_path_factory.mktemp("model-cache")


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch, model_cache_dir):
    """No test reads the user's config or writes into their data folder."""
    for key in list(os.environ):
        if key.startswith("TCA_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("TCA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TCA_CACHE_DIR", str(model_cache_dir))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    if not (SHARED_CORPUS / "manifest.json").is_file():
        unavailable(f"../shared/corpus is not present ({SHARED_CORPUS})")
    return SHARED_CORPUS


@pytest.fixture(scope="session")
def manifest(shared_corpus) -> dict:
    return json.loads((shared_corpus / "manifest.json").read_text())


@pytest.fixture(scope="session")
def minilm():
    """The real embedding model (loaded once per session)."""
    from vectorstore.embedder import make_embedder

    return make_embedder("minilm")


@pytest.fixture(scope="session")
def minilm_int8(model_cache_dir):
    """The ONNX int8 embedder (its model built once per session into the shared cache)."""
    from vectorstore.embedder import make_embedder

    return make_embedder("minilm-onnx-int8", cache_dir=model_cache_dir)


@pytest.fixture()
def hashing_embedder():
    from vectorstore.embedder import make_embedder

    return make_embedder("hashing")


@pytest.fixture(scope="session")
def corpus_store(shared_corpus, minilm, tmp_path_factory):
    """A real store (Chroma on disk + SQLite) holding ../shared/corpus/pdf, built once per
    session with the real embedding model. Tests must not modify it."""
    from assistant.library import ingest_paths
    from vectorstore.store import CorpusStore, StoreLocation

    store = CorpusStore(StoreLocation(tmp_path_factory.mktemp("corpus-store")), minilm)
    report = ingest_paths(store, [shared_corpus / "pdf"])
    assert report.ok, report.errors
    return store


@pytest.fixture(scope="session")
def external_store(shared_corpus, minilm, tmp_path_factory):
    """A real store holding the external dev set's pages (../shared/eval/external/*.txt):
    a second corpus, of institutions the first has no case study of."""
    from assistant.library import ingest_paths
    from vectorstore.store import CorpusStore, StoreLocation

    store = CorpusStore(StoreLocation(tmp_path_factory.mktemp("external-store")), minilm)
    ingest_paths(store, sorted((shared_corpus.parent / "eval" / "external").glob("*.txt")))
    return store


@pytest.fixture(scope="session")
def demo_store(minilm, tmp_path_factory):
    """A real store holding the project's own demo corpus (always available)."""
    from assistant.library import ingest_paths
    from vectorstore.store import CorpusStore, StoreLocation

    store = CorpusStore(StoreLocation(tmp_path_factory.mktemp("demo-store")), minilm)
    report = ingest_paths(store, [REPO / "demo_corpus"])
    assert report.ok, report.errors
    return store


@pytest.fixture()
def openai_server():
    """A local OpenAI-compatible chat server (127.0.0.1, random port); set ``.reply``."""
    from tests.support.openai_server import FakeOpenAIServer

    with FakeOpenAIServer() as server:
        yield server
