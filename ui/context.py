"""What every tab shares: the settings, the open store, the services built from them
(once, lazily) and a private folder for files offered for download."""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from assistant.settings import Settings
from domain import Template, load_template
from ingest.pipeline import SUPPORTED_SUFFIXES
from vectorstore.store import CorpusStore

FILE_TYPES = list(SUPPORTED_SUFFIXES)  # what every file picker of the app offers (and the server accepts)


@dataclass
class AppContext:
    settings: Settings
    store: CorpusStore
    template: Template = field(default_factory=load_template)
    downloads: Path = field(default_factory=lambda: Path(tempfile.gettempdir()) / f"tca-downloads-{uuid.uuid4().hex}")
    _ask: object | None = None
    _chat_model: object | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _open_lock: threading.Lock = field(default_factory=threading.Lock)
    _dense_open: bool = False
    _reader: object | None = None

    @property
    def ready_store(self) -> CorpusStore:
        """The store with its vector index open. Opening Chroma from two threads at once
        fails, so the first opening happens once, under a lock; every job goes through here."""
        if not self._dense_open:
            with self._open_lock:
                if not self._dense_open:
                    _ = self.store.dense
                    self._dense_open = True
        return self.store

    @property
    def ask(self):
        """The ask service (rebuilt after the library changes: it caches institutions)."""
        store = self.ready_store
        with self._lock:
            if self._ask is None:
                from assistant.services import build_ask_service

                self._ask = build_ask_service(self.settings, store)
            return self._ask

    def chat_model(self):
        """The configured language model, or None (extractive / scaffold modes)."""
        if not self.settings.llm:
            return None
        with self._lock:
            if self._chat_model is None:
                from assistant.services import build_chat_model

                self._chat_model = build_chat_model(self.settings)
            return self._chat_model

    def read_upload(self, path: Path):
        """An uploaded file loaded for Check or Summarise: in a reader process stopped after
        ``TCA_PARSE_TIMEOUT_S`` (IngestError "took longer than N s to read"), so a hostile
        file costs one request its limit and never stalls the app."""
        from ingest.loaders import load_document

        limit = self.settings.parse_time_limit
        if limit is None:
            return load_document(path)
        with self._lock:
            if self._reader is None:
                from ingest.worker import ParseWorker

                self._reader = ParseWorker(limit)
                atexit.register(self._reader.close)
        return self._reader.load(path)

    def library_changed(self) -> None:
        with self._lock:
            self._ask = None

    def __post_init__(self) -> None:
        atexit.register(shutil.rmtree, self.downloads, ignore_errors=True)

    def download_path(self, name: str) -> Path:
        """A fresh path for one download (each request its own folder: users never share
        files). The app's folder is made on the first download, private to this user, so a
        server stopped by a signal (no exit handlers) leaves nothing behind unless it served one."""
        self.downloads.mkdir(mode=0o700, exist_ok=True)
        return Path(tempfile.mkdtemp(dir=self.downloads)) / name

    def warm_up(self) -> None:
        """Open the vector index and load the query encoder before the first question,
        then count the library's coverage (cached for the Library tab)."""
        from ui.views import read_coverage

        try:
            self.ask.retriever.retrieve("technician career development")
            read_coverage(self.store, self.template)
        except Exception:  # noqa: BLE001 - warming is best effort; the real call reports errors
            pass
