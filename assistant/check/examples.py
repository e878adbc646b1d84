"""Peer examples for a gap: passages from other institutions' submissions that answer
the same question, retrieved with the question-id filter and quoted by their best
sentence.

The same question has a different id in each stage (the technician-voice question is
q7 everywhere, the plan is q5 at the initial stage and q6 later), so a question's
counterparts are found by role (plan, RAG, webpage, TALENT, technician voice) or by an
identical title. The checked document and its institution are never their own example.
"""

from __future__ import annotations

import re

from assistant.ask.query import query_lexicon
from assistant.ask.retrieval import HybridRetriever, Retrieved
from assistant.ask.words import stem, words
from assistant.check.answers import is_pointer
from assistant.check.report import Example
from domain import ElementCheck, Question, fold, load_template
from domain.text import clipped
from ingest.chunk import split_sentences
from ingest.statements import quotable
from ingest.structure.tables import column_role
from vectorstore.filters import SearchFilter
from vectorstore.store import CorpusStore

EXAMPLES_PER_GAP = 3
CANDIDATES_PER_QUESTION = 6
MIN_QUOTE_WORDS = 6
MIN_EXAMPLE_WORDS = 25
MAX_QUOTE_CHARS = 320
_ROW_BREAK = re.compile(r"\|\s+\|")  # one row's closing pipe, the next row's opening pipe
_ROLES = ("is_action_plan", "is_rag", "is_url", "is_talent", "is_technician_voice")


def counterpart_ids(question: Question) -> list[str]:
    """The question's id, then the ids of the same question in the other stages: the same
    role, else the same title or at least two of the same elements (stage two's approach
    question and the renewal's governance question both ask for governance, reporting,
    resources and engagement)."""
    role = _role(question)
    same = [
        other.id
        for stage in load_template().stages
        for other in stage.questions
        if other.id != question.id
        and ((role and getattr(other, role)) or (not role and not _role(other) and _same_question(question, other)))
    ]
    return [question.id, *same]


def _role(question: Question) -> str | None:
    return next((flag for flag in _ROLES if getattr(question, flag)), None)


def _same_question(one: Question, other: Question) -> bool:
    shared = {c.suffix for c in one.checks} & {c.suffix for c in other.checks}
    return other.title == one.title or len(shared) >= 2


class PeerExamples:
    """Examples from a store, for the checks of one document."""

    def __init__(self, store: CorpusStore, exclude_doc_ids: set[str], exclude_institution: str | None):
        self.store = store
        self.retriever = HybridRetriever(store)
        self.exclude_doc_ids = exclude_doc_ids
        self.exclude_institution = (exclude_institution or "").casefold()

    def for_check(self, question: Question, element: ElementCheck | None = None) -> list[Example]:
        query = f"{element.description} {element.fix} {question.title}" if element else question.asks
        minimum = 1 if question.is_url else MIN_EXAMPLE_WORDS  # a webpage answer is its URL
        if question.is_url:
            query += " https www"  # quote the sentence that holds the address
        hits = self._hits(query, counterpart_ids(question), minimum)
        titles: dict[str, str] = {}
        examples: dict[tuple[str, str], Example] = {}  # one submission held as two files (PDF and DOCX) quoted once
        for hit in _one_per_institution(hits):
            example = self._example(hit, query, titles)
            examples.setdefault((fold(example.institution or ""), fold(example.quote)), example)
            if len(examples) == EXAMPLES_PER_GAP:
                break
        return list(examples.values())

    def _hits(self, query: str, question_ids: list[str], minimum_words: int) -> list[Retrieved]:
        hits: dict[str, Retrieved] = {}
        for question_id in question_ids:
            result = self.retriever.retrieve(query, SearchFilter(question_id=question_id), k=CANDIDATES_PER_QUESTION)
            for hit in result.hits:
                if self._is_peer(hit) and has_substance(hit.chunk.text, minimum_words):
                    hits.setdefault(hit.chunk.chunk_id, hit)
        return sorted(hits.values(), key=lambda hit: -hit.score)

    def _is_peer(self, hit: Retrieved) -> bool:
        chunk = hit.chunk
        return chunk.doc_id not in self.exclude_doc_ids and (
            not self.exclude_institution or (chunk.institution or "").casefold() != self.exclude_institution
        )

    def _example(self, hit: Retrieved, query: str, titles: dict[str, str]) -> Example:
        chunk = hit.chunk
        if chunk.doc_id not in titles:
            row = self.store.document(chunk.doc_id)
            titles[chunk.doc_id] = row.title if row and row.title else chunk.file
        return Example(
            institution=chunk.institution,
            document=titles[chunk.doc_id],
            page=chunk.page_start,
            quote=best_sentence(chunk.text, query),
            doc_id=chunk.doc_id,
            question_id=chunk.question_id or "",
        )


def _one_per_institution(hits: list[Retrieved]) -> list[Retrieved]:
    """Best hit of each institution first, then the rest: examples from several peers."""
    seen: set[str] = set()
    first, rest = [], []
    for hit in hits:
        (rest if hit.institution_key in seen else first).append(hit)
        seen.add(hit.institution_key)
    return first + rest


def has_substance(text: str, minimum_words: int = MIN_EXAMPLE_WORDS) -> bool:
    """A passage worth showing: enough words besides pointers ("See Appendix B")."""
    kept = [s for line in text.split("\n") for s in split_sentences(line) if not is_pointer(s)]
    return sum(len(s.split()) for s in kept) >= minimum_words


def best_sentence(text: str, query: str) -> str:
    """The passage's sentence (or table row) sharing most content words with the query."""
    wanted = _content_stems(query)
    units = quote_units(text)
    candidates = [unit for unit in units if len(unit.split()) >= MIN_QUOTE_WORDS] or units or [text.strip()]
    best = max(candidates, key=lambda unit: len(wanted & _content_stems(unit)))
    return clipped(best, MAX_QUOTE_CHARS)


def quote_units(text: str) -> list[str]:
    """Sentences of prose, as they may be quoted (``ingest.statements.quotable``); rows of
    Markdown tables (stored glued as "| a | b | | c |") as "a; b", without header rows and
    rules."""
    units: list[str] = []
    for line in text.split("\n"):
        if line.count("|") < 3:
            units += [quotable(s) for s in split_sentences(line.replace("\t", " "))]
            continue
        for row in _ROW_BREAK.split(line):
            cells = [cell.strip() for cell in row.strip(" |").split("|") if cell.strip()]
            if cells and not all(set(cell) <= set("-: ") or column_role(cell) for cell in cells):
                units.append("; ".join(cells))
    return [unit.strip() for unit in units if unit.strip()]


def _content_stems(text: str) -> set[str]:
    generic = query_lexicon().generic
    return {stem(w) for w in words(text) if w not in generic and len(w) > 2}
