"""The Python API, for people who script: one object over one data dir, each job a method
returning the same typed results the CLI prints and the app shows, built by the same
wiring (assistant/services.py).

    from assistant import Assistant

    a = Assistant.open("~/tca-data")
    answer = a.ask("How do institutions recognise technicians?", pillar="recognition")
    print(answer.text, [s.institution for s in answer.sources])
    report = a.check("our-draft.docx")
    summary = a.summarise(a.documents()[0].doc_id)
    plan = a.suggest(pillar="career_development")
    draft = a.draft("renewal.q7", notes="We ran a technician awards scheme ...")
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from assistant.settings import Settings, load_settings

if TYPE_CHECKING:
    from assistant.answer import Answer
    from assistant.ask.conversation import Turn
    from assistant.check import CheckReport
    from assistant.draft import Draft
    from assistant.library import IngestReport
    from assistant.plan.model import SuggestionSet
    from assistant.summarise import Summary
    from vectorstore.catalog import DocumentRow
    from vectorstore.store import CorpusStore


class Assistant:
    """The jobs over one store. The store, the ask service and the chat model (when
    ``TCA_LLM`` names one) are built on first use and kept; ``close()`` releases the store."""

    def __init__(self, settings: Settings, store: CorpusStore | None = None):
        self.settings = settings
        self._store = store
        self._ask = None
        self._chat_model = None

    @classmethod
    def open(cls, data_dir: Path | str | None = None, **settings: object) -> Assistant:
        """Settings as the CLI reads them (TCA_* variables, the config file), with
        ``data_dir`` and any field of ``Settings`` given here applied on top."""
        base = load_settings().with_data_dir(data_dir)
        return cls(base.model_copy(update=settings) if settings else base)

    @property
    def store(self) -> CorpusStore:
        if self._store is None:
            from assistant.services import open_store

            self._store = open_store(self.settings)
        return self._store

    @property
    def chat_model(self):
        if self._chat_model is None and self.settings.llm:
            from assistant.services import build_chat_model

            self._chat_model = build_chat_model(self.settings)
        return self._chat_model

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store, self._ask = None, None

    def __enter__(self) -> Assistant:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the library ---------------------------------------------------------------------

    def ingest(self, *paths: Path | str) -> IngestReport:
        """Files, folders or web addresses into the store (as ``tca ingest``)."""
        from assistant.library import ingest_paths

        return ingest_paths(self.store, [p if str(p).startswith(("http://", "https://")) else Path(p) for p in paths])

    def documents(self) -> list[DocumentRow]:
        from assistant.library import list_documents

        return list_documents(self.store)

    # --- the jobs ------------------------------------------------------------------------

    def ask(self, question: str, *, history: list[Turn] | None = None, **filters: str | int | None) -> Answer:
        """A cited answer from the corpus (as ``tca ask``). ``filters`` are ``parse_filters``'
        (pillar, stage, institution, doc_type, year), with the template's ids."""
        from assistant.ask.filters import parse_filters

        return self._ask_service().ask(question, parse_filters(**filters), history)

    def _ask_service(self):
        if self._ask is None:
            from assistant.services import build_ask_service

            self._ask = build_ask_service(self.settings, self.store)
        return self._ask

    def check(self, path: Path | str, stage: str = "auto", *, examples: bool = True, file_name: str | None = None) -> CheckReport:
        """A draft checked against the template (as ``tca check``), with peers' answers for
        each gap when ``examples`` is on."""
        from assistant.check import check_file

        store = self.store if examples else None
        embedder = store.embedder if store is not None else self._embedder()
        return check_file(Path(path), stage, store=store, embedder=embedder, with_examples=examples, intended_filename=file_name)

    def _embedder(self):
        from assistant.services import build_embedder

        return build_embedder(self.settings)

    def summarise(self, target: str | Path, stage: str = "auto") -> Summary:
        """A summary of an ingested document (an id from ``documents()``) or of a file."""
        from assistant.summarise import summarise_document, summarise_file

        if isinstance(target, Path) or Path(target).is_file():
            return summarise_file(Path(target), stage=stage, embedder=self._embedder(), chat_model=self.chat_model)
        return summarise_document(self.store, str(target), chat_model=self.chat_model)

    def suggest(self, pillar: str | None = None, context: str = "", limit: int | None = None) -> SuggestionSet:
        """Actions other institutions took, ranked, for one pillar (its id or name) or for
        each (as ``tca suggest``)."""
        from assistant.ask.filters import FilterError
        from assistant.plan.suggest import DEFAULT_LIMIT, suggest_actions
        from domain import load_template

        template = load_template()
        pillar_id = template.normalise_pillar(pillar) if pillar else None
        if pillar and pillar_id is None:
            raise FilterError(f"unknown pillar '{pillar}' (valid: {', '.join(t.id for t in template.themes)})")
        return suggest_actions(self.store, pillar_id, context, limit or DEFAULT_LIMIT, template)

    def draft(
        self,
        question: str,
        notes: str,
        *,
        stage: str | None = None,
        institution: str | None = None,
        refine: list[str] | tuple[str, ...] = (),
    ) -> Draft:
        """An answer drafted from notes with peers' answers beside it, then each
        refinement applied in turn (as ``tca draft``); saved as a session in the data dir."""
        from assistant.draft import DraftSession, resolve_question
        from domain import load_template

        session = DraftSession(
            resolve_question(load_template(), question, stage), self.store, self.chat_model, institution,
            data_dir=self.settings.data_dir,
        )
        result = session.start(notes)
        for instruction in refine:
            result = session.refine(instruction)
        return result
