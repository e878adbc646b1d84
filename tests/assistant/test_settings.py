"""Settings come from defaults, an optional TOML file, then TCA_* variables."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.settings import SettingsError, load_settings
from ingest.worker import ReadLimit


def test_defaults_run_offline_on_loopback():
    settings = load_settings({})
    assert settings.llm is None and settings.host == "127.0.0.1" and settings.embedding_model == "minilm-onnx-int8"


def test_environment_overrides_config_file(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('llm = "ollama:llama3.1"\nretrieval_k = 7\n')
    settings = load_settings({"TCA_CONFIG": str(config), "TCA_RETRIEVAL_K": "12", "TCA_DATA_DIR": str(tmp_path)})
    assert (settings.llm, settings.retrieval_k, settings.data_dir) == ("ollama:llama3.1", 12, tmp_path)


def test_bad_values_name_the_variable():
    with pytest.raises(SettingsError, match="TCA_PORT"):
        load_settings({"TCA_PORT": "eighty"})


def test_broken_config_file_names_the_file(tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text("llm = ")
    with pytest.raises(SettingsError, match="bad.toml"):
        load_settings({"TCA_CONFIG": str(config)})


def test_data_dir_flag_wins(tmp_path):
    assert load_settings({}).with_data_dir(tmp_path / "x").data_dir == Path(tmp_path / "x")


def test_ocr_is_on_and_fetching_allowed_unless_switched_off():
    assert (load_settings({}).ocr, load_settings({}).offline) == (True, False)
    settings = load_settings({"TCA_OCR": "off", "TCA_OFFLINE": "on"})
    assert (settings.ocr, settings.offline) == (False, True)


def test_the_read_limit_grows_by_an_allowance_for_each_page_read_by_ocr():
    assert load_settings({}).parse_time_limit == ReadLimit(120.0, per_ocr_page_s=20.0)
    limit = load_settings({"TCA_PARSE_TIMEOUT_S": "30", "TCA_OCR_PAGE_TIMEOUT_S": "5"}).parse_time_limit
    assert (limit.for_pages(0), limit.for_pages(40)) == (30, 230)
    assert load_settings({"TCA_PARSE_TIMEOUT_S": "0"}).parse_time_limit is None  # no limit: read in process
