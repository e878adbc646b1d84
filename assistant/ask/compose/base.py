"""The composer protocol: turn the selected evidence and its passages into an answer. Two kinds are
registered by name: ``extractive`` (default, no model) and ``llm`` (LangChain chat model)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from assistant.answer import Answer, Source
from assistant.ask.evidence_data import Evidence
from assistant.ask.query import QueryPlan


@dataclass(frozen=True)
class ComposeRequest:
    question: str
    plan: QueryPlan
    sources: list[Source]
    history: tuple[tuple[str, str], ...] = ()  # earlier (question, answer text) turns
    evidence: Evidence | None = None  # the statements that answer, and those close to it


class Composer(Protocol):
    name: str

    def compose(self, request: ComposeRequest) -> Answer: ...


class StreamingComposer(Composer, Protocol):
    def stream(self, request: ComposeRequest) -> Iterator[str | Answer]:
        """Yields text pieces as they come, then the final checked ``Answer``."""
        ...
