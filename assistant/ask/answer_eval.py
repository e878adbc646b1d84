"""Answer-level evaluation: score what the reader of an answer sees, not what retrieval
ranked. Runs the ask job end to end (the extractive composer, as ``tca ask``) on every
question of a labelled set (the format of ../shared/eval/retrieval_dev.jsonl) and, in the
same run, a baseline composer over the same retrieval.

Metrics:
- abstention_acc: share of questions where ``found`` is right (false exactly on
  ``kind: none``); with the counts false_none (answerable, said nothing) and
  false_answer (``none``, answered anyway).
- inst_recall: labelled institutions cited / labelled institutions, per answerable
  question (0 when nothing was found), averaged.
- inst_prec: cited institutions that are labelled / cited institutions, per answered
  ``broad``, ``pillar`` or ``synonym`` question (their labels list every institution
  that answers), averaged.
- quote_ev: labelled evidence phrases found inside a quoted citation / all labelled
  evidence phrases (case, whitespace, quote style and punctuation ignored).
- top3_prec: of the first three citations, the share that quote a labelled passage or
  come from a labelled institution, per answered answerable question, averaged.

A citation counts for an institution by name (normalised as in the retrieval evaluation)
or, for a document that speaks for one institution, by its file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.answer import Answer
from assistant.ask.evaluation import (
    EvalQuestion,
    Relevant,
    normalise_name,
    normalise_text,
    single_institution_documents,
)
from assistant.ask.words import stem, words
from vectorstore.store import CorpusStore

METRICS = ("abstention_acc", "false_none", "false_answer", "inst_recall", "inst_prec", "quote_ev", "top3_prec")
EXHAUSTIVE_KINDS = frozenset({"broad", "pillar", "synonym"})
BASELINE_PASSAGES = 8


@dataclass(frozen=True)
class CitedQuote:
    """One citation as the reader sees it: who, from which file, the quoted words, and
    the passage they come from."""

    institution: str | None
    file_stem: str
    quote: str
    passage: str


@dataclass
class AnswerRun:
    found: bool
    citations: list[CitedQuote]


AnswerSystem = Callable[[str], AnswerRun]


def normalise_quote(text: str) -> str:
    """``normalise_text`` and then punctuation dropped: evidence phrases match quotes
    whatever their dashes, commas and quote marks."""
    return " ".join(re.sub(r"[^\w\s]", " ", normalise_text(text)).split())


@dataclass
class AnswerScore:
    id: str
    question: str
    kind: str
    found: bool
    expected_found: bool
    cited: list[str]
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    inst_recall: float | None = None
    inst_prec: float | None = None
    evidence_hits: int = 0
    evidence_total: int = 0
    top3_prec: float | None = None

    def to_json(self) -> dict:
        return {
            "id": self.id, "question": self.question, "kind": self.kind, "found": self.found,
            "expected_found": self.expected_found, "cited_institutions": self.cited,
            "missed_institutions": self.missed, "extra_institutions": self.extra,
            "inst_recall": self.inst_recall, "inst_prec": self.inst_prec,
            "evidence_hits": self.evidence_hits, "evidence_total": self.evidence_total,
            "top3_prec": self.top3_prec,
        }


class _Labels:
    """The labelled institutions of one question, and which of them a citation counts for."""

    def __init__(self, relevant: tuple[Relevant, ...], single_docs: set[str]):
        self.items: dict[str, Relevant] = {}
        for item in relevant:
            self.items.setdefault(normalise_name(item.institution), item)
        self.single_docs = single_docs
        self.evidence = [normalise_quote(r.evidence) for r in relevant if r.evidence]

    def institution_of(self, citation: CitedQuote) -> str | None:
        """The labelled institution (normalised) a citation counts for, if any."""
        name = normalise_name(citation.institution)
        if name in self.items:
            return name
        for key, item in self.items.items():
            if item.source in self.single_docs and citation.file_stem == item.source:
                return key
        return None

    def quotes_labelled_passage(self, citation: CitedQuote) -> bool:
        passage = normalise_quote(citation.passage)
        return any(e in passage for e in self.evidence)


def cited_key(citation: CitedQuote) -> str:
    return normalise_name(citation.institution) if citation.institution else f"[{citation.file_stem}]"


def score_answer(question: EvalQuestion, run: AnswerRun, single_docs: set[str]) -> AnswerScore:
    labels = _Labels(question.relevant, single_docs)
    expected = bool(question.relevant)
    cited = list(dict.fromkeys(cited_key(c) for c in run.citations)) if run.found else []
    score = AnswerScore(question.id, question.question, question.kind, run.found, expected, cited)
    if not expected:
        score.extra = cited
        return score
    counted = {labels.institution_of(c) for c in run.citations} - {None} if run.found else set()
    score.missed = [labels.items[k].institution for k in labels.items if k not in counted]
    score.extra = [cited_key(c) for c in run.citations if run.found and labels.institution_of(c) is None]
    score.extra = list(dict.fromkeys(score.extra))
    score.inst_recall = len(counted) / len(labels.items)
    quotes = " | ".join(normalise_quote(c.quote) for c in run.citations) if run.found else ""
    score.evidence_total = len(labels.evidence)
    score.evidence_hits = sum(e in quotes for e in labels.evidence)
    if run.found and run.citations:
        if question.kind in EXHAUSTIVE_KINDS:
            score.inst_prec = (len(cited) - len(score.extra)) / len(cited)
        first = run.citations[:3]
        good = [c for c in first if labels.institution_of(c) is not None or labels.quotes_labelled_passage(c)]
        score.top3_prec = len(good) / len(first)
    return score


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0


def summarise_scores(scores: list[AnswerScore]) -> dict[str, float]:
    answerable = [s for s in scores if s.expected_found]
    evidence_total = sum(s.evidence_total for s in answerable)
    return {
        "abstention_acc": _mean([float(s.found == s.expected_found) for s in scores]),
        "false_none": sum(1 for s in answerable if not s.found),
        "false_answer": sum(1 for s in scores if s.found and not s.expected_found),
        "inst_recall": _mean([s.inst_recall or 0.0 for s in answerable]),
        "inst_prec": _mean([s.inst_prec for s in answerable if s.inst_prec is not None]),
        "quote_ev": round(sum(s.evidence_hits for s in answerable) / evidence_total, 4) if evidence_total else 0.0,
        "top3_prec": _mean([s.top3_prec for s in answerable if s.top3_prec is not None]),
    }


def evaluate_answers(system: AnswerSystem, questions: list[EvalQuestion], single_docs: set[str]) -> tuple[dict, list[AnswerScore]]:
    scores = [score_answer(q, system(q.question), single_docs) for q in questions]
    return summarise_scores(scores), scores


# -- the systems -----------------------------------------------------------------------

def _file_stem(file: str) -> str:
    return Path(file).stem


def run_from_answer(answer: Answer) -> AnswerRun:
    return AnswerRun(
        answer.found,
        [CitedQuote(c.source.institution, _file_stem(c.source.file), c.quote, c.source.passage) for c in answer.citations],
    )


def ask_system(service) -> AnswerSystem:
    """The ask job itself (``AskService.ask``), as ``tca ask`` runs it."""
    return lambda question: run_from_answer(service.ask(question))


def best_sentence(passage: str, question: str) -> str:
    """The sentence of a passage sharing the most stems with the question."""
    from ingest.chunk import split_sentences

    wanted = {stem(w) for w in words(question)}
    sentences = [s for line in passage.split("\n") for s in split_sentences(line) if s.strip()] or [passage]
    return max(sentences, key=lambda s: len(wanted & {stem(w) for w in words(s)}))


def baseline_system(service) -> AnswerSystem:
    """The simple composer to beat: the best-matching sentence (most words shared with
    the question) of each of the top 8 retrieved passages, cited in rank order, with the
    same found/not-found as the system."""

    def run(question: str) -> AnswerRun:
        findings = service.find(question)
        if not findings.evidence.found:
            return AnswerRun(False, [])
        return AnswerRun(True, [
            CitedQuote(s.institution, _file_stem(s.file), best_sentence(s.passage, question), s.passage)
            for s in findings.candidates[:BASELINE_PASSAGES]
        ])

    return run


def run_answer_eval(store: CorpusStore, service, questions: list[EvalQuestion]) -> dict:
    """The system and the baseline on the same questions and store."""
    single_docs = single_institution_documents(store)
    system, per_question = evaluate_answers(ask_system(service), questions, single_docs)
    baseline, _ = evaluate_answers(baseline_system(service), questions, single_docs)
    return {"system": system, "baselines": {"best_sentence_top8": baseline}, "per_question": [s.to_json() for s in per_question]}
