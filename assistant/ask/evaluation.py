"""Retrieval evaluation: score the system and three baselines on a labelled question set
(JSONL in the format of ../shared/eval/retrieval_dev.jsonl), in the same run.

Metrics (all at 10 retrieved chunks):
- institution_recall_at_10: per answerable question, the share of its labelled
  institutions found (a top-10 chunk carries the institution, names normalised; or the
  item's source is a single-institution document and a top-10 chunk comes from it);
  averaged over questions. Labelled institutions are counted once per question.
- evidence_hit_at_10: share of all labelled evidence phrases found verbatim (case,
  whitespace, line-end hyphenation and quote style ignored) in a top-10 chunk.
- mrr: mean reciprocal rank of the first chunk of a labelled institution.
- none_correct: share of questions with no relevant items for which found is false.
- false_none: share of answerable questions for which found is false.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.ask.eval_set import (
    EvalQuestion,
    K,
    Relevant,
    Retrieval,
    RetrievedChunk,
    System,
    normalise_name,
    normalise_text,
)
from assistant.ask.retrieval import HybridRetriever
from vectorstore.catalog import ChunkRow
from vectorstore.filters import SearchFilter
from vectorstore.store import CorpusStore


def _evidence_found(evidence: str, chunks: list[RetrievedChunk]) -> bool:
    target = normalise_text(evidence)
    return any(target in normalise_text(c.text) for c in chunks)


def _institution_found(item: Relevant, chunks: list[RetrievedChunk], single_docs: set[str]) -> int | None:
    """1-based rank of the first chunk that counts for this item, else None."""
    name = normalise_name(item.institution)
    for rank, chunk in enumerate(chunks, start=1):
        if normalise_name(chunk.institution) == name:
            return rank
        if item.source in single_docs and chunk.file_stem == item.source:
            return rank
    return None


@dataclass
class QuestionScore:
    id: str
    question: str
    found: bool
    institution_recall: float | None
    evidence_hits: int
    evidence_total: int
    reciprocal_rank: float | None
    missed_institutions: list[str] = field(default_factory=list)
    top_institutions: list[str] = field(default_factory=list)


def score_question(question: EvalQuestion, retrieval: Retrieval, single_docs: set[str]) -> QuestionScore:
    chunks = retrieval.chunks[:K]
    top = [c.institution or c.file_stem for c in chunks]
    if not question.relevant:
        return QuestionScore(question.id, question.question, retrieval.found, None, 0, 0, None, top_institutions=top)
    by_institution: dict[str, Relevant] = {}
    for item in question.relevant:
        by_institution.setdefault(normalise_name(item.institution), item)
    ranks = {name: _institution_found(item, chunks, single_docs) for name, item in by_institution.items()}
    found_ranks = [r for r in ranks.values() if r is not None]
    evidence = [item.evidence for item in question.relevant if item.evidence]
    hits = sum(_evidence_found(e, chunks) for e in evidence)
    return QuestionScore(
        id=question.id,
        question=question.question,
        found=retrieval.found,
        institution_recall=len(found_ranks) / len(ranks),
        evidence_hits=hits,
        evidence_total=len(evidence),
        reciprocal_rank=1.0 / min(found_ranks) if found_ranks else 0.0,
        missed_institutions=[by_institution[n].institution for n, r in ranks.items() if r is None],
        top_institutions=top,
    )


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return round(sum(values) / len(values), 4) if values else 0.0


def summarise(scores: list[QuestionScore]) -> dict[str, float]:
    answerable = [s for s in scores if s.institution_recall is not None]
    unanswerable = [s for s in scores if s.institution_recall is None]
    evidence_total = sum(s.evidence_total for s in answerable)
    return {
        "institution_recall_at_10": _mean(s.institution_recall for s in answerable),
        "evidence_hit_at_10": round(sum(s.evidence_hits for s in answerable) / evidence_total, 4) if evidence_total else 0.0,
        "mrr": _mean(s.reciprocal_rank for s in answerable),
        "none_correct": _mean(0.0 if s.found else 1.0 for s in unanswerable) if unanswerable else 1.0,
        "false_none": _mean(0.0 if s.found else 1.0 for s in answerable),
    }


def evaluate(system: System, questions: list[EvalQuestion], single_docs: set[str]) -> tuple[dict[str, float], list[QuestionScore]]:
    scores = [score_question(q, system(q.question), single_docs) for q in questions]
    return summarise(scores), scores


# -- the systems -----------------------------------------------------------------------

def _retrieved(rows: Iterable[ChunkRow]) -> list[RetrievedChunk]:
    return [RetrievedChunk(r.institution, Path(r.file).stem, r.text) for r in rows]


Judge = Callable[[str], bool]  # does the corpus answer the question? (the ask job's verdict)


def hybrid_system(retriever: HybridRetriever, judge: Judge) -> System:
    def run(question: str) -> Retrieval:
        result = retriever.retrieve(question, k=K)
        return Retrieval(_retrieved(h.chunk for h in result.hits), judge(question))

    return run


def dense_system(store: CorpusStore) -> System:
    def run(question: str) -> Retrieval:
        hits = store.dense_search(store.embedder.embed([question])[0], K)
        rows = store.chunks([h.chunk_id for h in hits])
        return Retrieval(_retrieved(rows[h.chunk_id] for h in hits if h.chunk_id in rows), True)

    return run


def keyword_system(store: CorpusStore) -> System:
    def run(question: str) -> Retrieval:
        hits = store.keyword_search(question, K, SearchFilter())
        rows = store.chunks([h.chunk_id for h in hits])
        return Retrieval(_retrieved(rows[h.chunk_id] for h in hits if h.chunk_id in rows), bool(hits))

    return run


def single_institution_documents(store: CorpusStore) -> set[str]:
    """File stems of documents that speak for one institution (not multi-institution reports)."""
    return {
        Path(d.file).stem for d in store.documents()
        if d.institution and d.doc_type != "case_study_report"
    }


def _score_json(score: QuestionScore) -> dict:
    return {
        "id": score.id, "question": score.question, "found": score.found,
        "institution_recall": score.institution_recall, "evidence_hits": score.evidence_hits,
        "evidence_total": score.evidence_total, "reciprocal_rank": score.reciprocal_rank,
        "missed_institutions": score.missed_institutions, "top_institutions": score.top_institutions,
    }


def run_retrieval_eval(
    store: CorpusStore, retriever: HybridRetriever, questions: list[EvalQuestion], naive_dir: Path, judge: Judge
) -> dict:
    """Scores for the system and the three baselines, same questions, same store; the
    system's found/not-found is ``judge``'s (the ask job's evidence selection)."""
    from assistant.ask.naive_baseline import build_naive_index, naive_system

    single_docs = single_institution_documents(store)
    system_metrics, per_question = evaluate(hybrid_system(retriever, judge), questions, single_docs)
    baselines = {
        "dense": evaluate(dense_system(store), questions, single_docs)[0],
        "keyword": evaluate(keyword_system(store), questions, single_docs)[0],
        "langchain_naive": evaluate(naive_system(build_naive_index(store, naive_dir)), questions, single_docs)[0],
    }
    return {"system": system_metrics, "baselines": baselines, "per_question": [_score_json(s) for s in per_question]}
