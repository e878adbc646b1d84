"""The language-model composer: a LangChain chat model writes the answer from delimited,
numbered sources; afterwards every [n] is checked against the sources given, unknown
numbers are removed and reported, and each kept [n] gets its supporting sentence."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from html import escape

from assistant.answer import Answer, Citation, Source, cited_numbers, remove_unknown_citations
from assistant.compose.base import ComposeRequest
from assistant.query import stem, words
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
    if not history:
        return "(none)"
    return "\n".join(f"Q: {q}\nA: {a[:600]}" for q, a in history)


def build_messages(request: ComposeRequest) -> list[tuple[str, str]]:
    user = load_prompt("ask_user").render(
        history=format_history(request.history),
        sources=format_sources(request.sources),
        question=request.question,
    )
    return [("system", load_prompt("ask_system").render()), ("human", user)]


def supporting_sentence(source: Source, claim: str) -> str:
    """The source sentence that shares most words with the claim citing it."""
    from ingest.chunk import split_sentences

    claim_stems = {stem(w) for w in words(claim)}
    sentences = [s for line in source.passage.split("\n") for s in split_sentences(line)] or [source.passage]
    return max(sentences, key=lambda s: len(claim_stems & {stem(w) for w in words(s)}))


def _claims_citing(text: str, n: int) -> str:
    return " ".join(line for line in text.replace(". ", ".\n").split("\n") if f"[{n}]" in line)


def checked_answer(request: ComposeRequest, raw_text: str) -> Answer:
    by_number = {s.n: s for s in request.sources}
    text, removed = remove_unknown_citations(raw_text, set(by_number))
    citations = [
        Citation(n, by_number[n], supporting_sentence(by_number[n], _claims_citing(text, n)))
        for n in sorted(cited_numbers(text))
    ]
    notes = [f"removed citation [{n}]: no such source" for n in removed]
    return Answer(
        question=request.question,
        text=text.strip(),
        citations=citations,
        found=True,
        sources=request.sources,
        institutions=sorted({c.source.institution for c in citations if c.source.institution}),
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
