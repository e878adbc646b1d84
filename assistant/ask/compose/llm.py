"""The language-model composer: a LangChain chat model writes the answer from delimited,
numbered sources (the passages of the statements the evidence selection chose, the same
the extractive composer quotes); afterwards every [n] is checked: unknown numbers and
citations whose source does not support the sentence are removed and reported, and each
kept [n] gets its supporting sentence."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html import escape

from assistant.answer import (
    Answer,
    Citation,
    Source,
    cited_numbers,
    remove_unknown_citations,
    strip_citations,
)
from assistant.ask.compose.base import ComposeRequest
from assistant.ask.query import query_lexicon
from assistant.ask.words import stem, words
from ingest.chunk import split_sentences
from prompts import load_prompt


class LLMConfigError(Exception):
    """The configured language model cannot be built (unknown backend, missing package)."""


def _ollama(model: str, base_url: str | None, api_key: str | None, temperature: float):
    from langchain_ollama import ChatOllama

    return ChatOllama(model=model, base_url=base_url or "http://127.0.0.1:11434", temperature=temperature)


def _openai(model: str, base_url: str | None, api_key: str | None, temperature: float):
    from langchain_openai import ChatOpenAI

    if not base_url:
        raise LLMConfigError("TCA_LLM=openai:MODEL needs TCA_LLM_BASE_URL (the server's /v1 address)")
    return ChatOpenAI(model=model, base_url=base_url, api_key=api_key or "not-needed", temperature=temperature, streaming=True)


CHAT_BACKENDS: dict[str, Callable] = {"ollama": _ollama, "openai": _openai}


def make_chat_model(spec: str, base_url: str | None = None, api_key: str | None = None, temperature: float = 0.2):
    """``ollama:llama3.1`` or ``openai:MODEL`` -> a LangChain chat model."""
    backend, _, model = spec.partition(":")
    if backend not in CHAT_BACKENDS or not model:
        valid = ", ".join(f"{name}:MODEL" for name in CHAT_BACKENDS)
        raise LLMConfigError(f"unknown language model setting '{spec}' (valid: {valid})")
    return CHAT_BACKENDS[backend](model, base_url, api_key, temperature)


def format_sources(sources: list[Source]) -> str:
    """Each source in its own tag; markup inside the text is escaped so a document cannot
    close the data block or open a new one."""
    blocks = []
    for s in sources:
        attributes = (
            f'n="{s.n}" institution="{escape(s.institution or "unknown")}" '
            f'document="{escape(s.document)}" page="{s.page or ""}" section="{escape(s.section)}"'
        )
        blocks.append(f"<source {attributes}>\n{escape(s.passage, quote=False)}\n</source>")
    return "\n".join(blocks)


def format_history(history: tuple[tuple[str, str], ...]) -> str:
    """Earlier turns as escaped, delimited data, like sources: an earlier answer quoted a
    document, so it may carry a document's instructions too."""
    if not history:
        return "<history></history>"
    turns = [
        f"<turn>\n<question>{escape(q, quote=False)}</question>\n<answer>{escape(a[:600], quote=False)}</answer>\n</turn>"
        for q, a in history
    ]
    return "<history>\n" + "\n".join(turns) + "\n</history>"


def build_messages(request: ComposeRequest) -> list[tuple[str, str]]:
    user = load_prompt("ask_user").render(
        history=format_history(request.history),
        sources=format_sources(request.sources),
        question=request.question,
    )
    return [("system", load_prompt("ask_system").render()), ("human", user)]


NOT_COVERED = "NOT IN SOURCES"  # the prompt asks the model to start with this when the sources do not answer
MIN_SHARED = 2  # content words a claim must share with a source that it cites ...
SHARED_SHARE = 0.5  # ... or this share of a short claim's content words


def _content_stems(text: str) -> set[str]:
    generic = query_lexicon().generic
    return {stem(w) for w in words(strip_citations(text)) if w not in generic and len(w) > 2}


def supporting_sentence(source: Source, claim: str) -> str:
    """The source statement that shares most content words with the claim citing it;
    "" when none shares any (never a sentence picked for nothing)."""
    claim_stems = _content_stems(claim)
    candidates = [s for line in source.passage.split("\n") for s in split_sentences(line) if s.strip()]
    scored = [(len(claim_stems & _content_stems(s)), s) for s in candidates]
    best = max(scored, key=lambda item: item[0], default=(0, ""))
    return best[1] if best[0] > 0 else ""


def supports(source: Source, claim: str) -> bool:
    """Source ``n`` supports a claim that cites it when they share the claim's key content."""
    claim_stems = _content_stems(claim)
    if not claim_stems:
        return True  # nothing to check (e.g. a bare list item)
    shared = claim_stems & _content_stems(source.passage)
    return len(shared) >= MIN_SHARED or len(shared) >= SHARED_SHARE * len(claim_stems)


def _claims(text: str) -> list[str]:
    """Sentences and list items of the answer: each citation is checked against the claim it ends."""
    return [c for line in text.split("\n") for c in re.split(r"(?<=[.!?])\s+|(?<=\])\s+(?=[A-Z])", line) if c.strip()]


def drop_unsupported(text: str, by_number: dict[int, Source]) -> tuple[str, list[int]]:
    """Remove each [n] whose source does not support the claim it is attached to."""
    dropped: list[int] = []
    for claim in _claims(text):
        kept = claim
        for n in cited_numbers(claim):
            if n in by_number and not supports(by_number[n], claim):
                kept = kept.replace(f"[{n}]", "")
                dropped.append(n)
        if kept != claim:
            text = text.replace(claim, kept, 1)
    return text, dropped


def _claims_citing(text: str, n: int) -> str:
    return " ".join(claim for claim in _claims(text) if f"[{n}]" in claim)


def checked_answer(request: ComposeRequest, raw_text: str) -> Answer:
    """Unknown and unsupported citations removed and reported; found is false when the
    model said the sources do not cover the question, or no citation is left."""
    by_number = {s.n: s for s in request.sources}
    text, removed = remove_unknown_citations(raw_text.strip(), set(by_number))
    text, unsupported = drop_unsupported(text, by_number)
    notes = [f"removed citation [{n}]: no such source" for n in removed]
    notes += [f"removed citation [{n}]: source {n} does not support the sentence citing it" for n in dict.fromkeys(unsupported)]
    citations = [
        Citation(n, by_number[n], supporting_sentence(by_number[n], _claims_citing(text, n)))
        for n in sorted(cited_numbers(text))
    ]
    not_covered = text.upper().startswith(NOT_COVERED)
    if not_covered:
        text = text[len(NOT_COVERED):].lstrip(" :.-\n") or "The sources do not cover this question."
    found = bool(citations) and not not_covered
    return Answer(
        question=request.question,
        text=text,
        citations=citations if found else [],
        found=found,
        sources=request.sources,
        institutions=sorted({c.source.institution for c in citations if c.source.institution}) if found else [],
        notes=notes,
    )


class LLMComposer:
    name = "llm"

    def __init__(self, chat_model):
        self.chat_model = chat_model

    def stream(self, request: ComposeRequest) -> Iterator[str | Answer]:
        pieces: list[str] = []
        for chunk in self.chat_model.stream(build_messages(request)):
            piece = chunk.content if isinstance(chunk.content, str) else "".join(
                part.get("text", "") for part in chunk.content if isinstance(part, dict)
            )
            if piece:
                pieces.append(piece)
                yield piece
        yield checked_answer(request, "".join(pieces))

    def compose(self, request: ComposeRequest) -> Answer:
        answer = None
        for item in self.stream(request):
            if isinstance(item, Answer):
                answer = item
        assert answer is not None
        return answer
