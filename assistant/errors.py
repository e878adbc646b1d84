"""Domain exceptions the edges (CLI, app) translate into plain messages."""

from __future__ import annotations

from assistant.ask.compose.llm import LLMConfigError
from assistant.ask.filters import FilterError
from assistant.settings import SettingsError
from ingest.models import IngestError
from vectorstore.backup import BackupError
from vectorstore.catalog import CatalogError
from vectorstore.dense import DenseIndexError, StoreMismatchError
from vectorstore.embedder import EmbedderError
from vectorstore.store import ReplaceError, StoreInconsistentError

USER_ERRORS: tuple[type[Exception], ...] = (
    IngestError,
    CatalogError,
    StoreMismatchError,
    DenseIndexError,
    StoreInconsistentError,
    EmbedderError,
    SettingsError,
    LLMConfigError,
    FilterError,
    ReplaceError,
    BackupError,
)
