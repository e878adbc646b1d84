"""One settings object, read once at the edge (CLI, app) and passed down.

Sources, later wins: defaults, an optional TOML file (``TCA_CONFIG`` or
``~/.config/tca/config.toml``), then ``TCA_*`` environment variables. Defaults run
offline with nothing configured.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ingest.worker import ReadLimit

ENV_PREFIX = "TCA_"


class SettingsError(Exception):
    """Bad configuration; the message names the variable or file."""


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "tca"


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    data_dir: Path = Field(default_factory=default_data_dir)
    embedding_model: str = "minilm-onnx-int8"  # docs/retrieval.md: 2x+ faster, same retrieval scores
    # a second sentence model for ranking an answer's statements (docs/retrieval.md, "Stop 37"); "none": off
    second_model: str = "e5-onnx-int8"
    close_reading: bool = True  # read an answer's likeliest statements word by word (docs/retrieval.md, "Stop 39")
    embed_batch_size: int = 16  # measured: 16 beats 32 on 2 cores (less padding per batch)
    cache_dir: Path | None = None  # models built once (ONNX); None: $XDG_CACHE_HOME/tca or ~/.cache/tca
    chroma_host: str | None = None
    chroma_port: int = 8000
    llm: str | None = None  # e.g. "ollama:llama3.1", "openai:MODEL"; None = extractive
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_temperature: float = 0.2
    retrieval_k: int = 10
    host: str = "127.0.0.1"
    port: int = 7860
    auth: str | None = None  # "user:password" enables the app's login
    max_upload_mb: int = Field(default=50, ge=1)  # a file larger than this is refused before any work
    parse_timeout_s: float = Field(default=120.0, ge=0)  # a file taking longer to read is stopped (0: no limit)
    # more time a file may take for each page it needs read by OCR (measured ~4 s a page on
    # 2 cores, docs/ingest.md; 20 leaves room for a loaded machine)
    ocr_page_timeout_s: float = Field(default=20.0, ge=0)
    demo_corpus: Path | None = None
    ocr: bool = True  # read PDF pages without a usable text layer by OCR (TCA_OCR=off: skip them)
    offline: bool = False  # TCA_OFFLINE=on: never fetch, even an address the user gives

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 2**20

    @property
    def parse_time_limit(self) -> ReadLimit | None:
        """How long a file may take to read (None: no limit, read in process)."""
        return ReadLimit(self.parse_timeout_s, self.ocr_page_timeout_s) if self.parse_timeout_s else None

    def with_data_dir(self, data_dir: Path | str | None) -> Settings:
        """A copy with ``--data-dir`` applied (None keeps the setting)."""
        if data_dir is None:
            return self
        return self.model_copy(update={"data_dir": Path(data_dir).expanduser()})


def _config_file(environ: dict[str, str]) -> Path | None:
    explicit = environ.get(ENV_PREFIX + "CONFIG")
    if explicit:
        return Path(explicit).expanduser()
    candidate = Path.home() / ".config" / "tca" / "config.toml"
    return candidate if candidate.is_file() else None


def _read_config_file(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as exc:
        raise SettingsError(f"{path}: config file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML ({exc})") from exc


def _read_environment(environ: dict[str, str]) -> dict[str, str]:
    fields = Settings.model_fields
    values: dict[str, str] = {}
    for key, value in environ.items():
        if not key.startswith(ENV_PREFIX) or key == ENV_PREFIX + "CONFIG":
            continue
        name = key[len(ENV_PREFIX):].lower()
        if name in fields and value != "":
            values[name] = value
    return values


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Read defaults, then the config file, then ``TCA_*`` variables."""
    environ = dict(os.environ if environ is None else environ)
    values: dict[str, object] = {}
    config = _config_file(environ)
    if config is not None:
        values.update(_read_config_file(config))
    values.update(_read_environment(environ))
    try:
        return Settings(**values)
    except ValidationError as exc:
        problems = "; ".join(
            f"{ENV_PREFIX}{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors()
        )
        raise SettingsError(f"invalid settings: {problems}") from exc
