"""Wiring from settings: which embedding model a data dir's store is opened with."""

from __future__ import annotations

import pytest

from assistant.services import embedding_model_for, open_store
from assistant.settings import load_settings
from tests.vectorstore.test_store import make_parsed
from vectorstore.catalog import Catalog
from vectorstore.dense import StoreMismatchError
from vectorstore.embedder import MINILM_ID, HashingEmbedder
from vectorstore.store import CorpusStore, StoreLocation


def test_a_new_data_dir_gets_the_default_model(tmp_path):
    settings = load_settings().with_data_dir(tmp_path / "new")
    assert embedding_model_for(settings) == settings.embedding_model == "minilm-onnx-int8"


def test_a_store_built_before_the_default_changed_keeps_its_model(tmp_path):
    catalog = Catalog(tmp_path / "old" / "catalog.sqlite")
    catalog.set_meta("embedding_model", MINILM_ID)  # what a fp32 (sentence-transformers) store records
    catalog.close()
    assert embedding_model_for(load_settings().with_data_dir(tmp_path / "old")) == "minilm-onnx"


def test_an_existing_store_opens_with_the_model_it_was_built_with(tmp_path):
    built = CorpusStore(StoreLocation(tmp_path / "store"), HashingEmbedder())
    built.add(make_parsed(tmp_path / "a.txt", ["apprentice scheme"]))

    reopened = open_store(load_settings().with_data_dir(tmp_path / "store"))

    assert reopened.embedder.model_id == HashingEmbedder().model_id
    assert reopened.keyword_search("apprentice", 5)


def test_a_model_the_user_names_still_wins_and_a_mismatch_is_refused(tmp_path, monkeypatch):
    CorpusStore(StoreLocation(tmp_path / "store"), HashingEmbedder())
    monkeypatch.setenv("TCA_EMBEDDING_MODEL", "minilm-onnx-int8")
    settings = load_settings().with_data_dir(tmp_path / "store")
    assert embedding_model_for(settings) == "minilm-onnx-int8"
    with pytest.raises(StoreMismatchError, match="TCA_EMBEDDING_MODEL"):
        open_store(settings)
