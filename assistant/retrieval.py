"""Hybrid retrieval: dense (Chroma) + keyword (FTS5 bm25), fused by reciprocal rank,
filtered by metadata, and spread across institutions so that "how have others..."
answers are not ten chunks of one report."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from vectorstore.catalog import ChunkRow
from vectorstore.filters import SearchFilter
from vectorstore.store import CorpusStore

from assistant.query import QueryPlan, plan_query, query_lexicon, stem, words

RRF_K = 60


@dataclass(frozen=True)
class RetrievalConfig:
    k: int = 10
    candidates: int = 60  # from each index before fusion
    per_institution: int = 2  # cap per institution in one pass of the diversity fill
    dense_weight: float = 1.0
    keyword_weight: float = 1.0
    relevance_floor: float = 0.42  # best topical similarity below this: "nothing on it"


@dataclass(frozen=True)
class Retrieved:
    chunk: ChunkRow
    score: float  # fused score
    dense: float | None  # cosine similarity, when the dense index returned it
    keyword_rank: int | None

    @property
    def institution_key(self) -> str:
        return self.chunk.institution or self.chunk.doc_id


@dataclass
class RetrievalResult:
    plan: QueryPlan
    hits: list[Retrieved]
    found: bool
    reason: str = ""
    filters: SearchFilter = field(default_factory=SearchFilter)


INSTITUTION_KINDS = {
    "institute": ("institute", "centre", "center", "laboratory", "school of"),
    "universit": ("university",),
    "college": ("college",),
    "centre": ("centre", "center"),
}


def _is_kind(institution: str | None, kind: str) -> bool:
    name = (institution or "").lower()
    return any(word in name for word in INSTITUTION_KINDS.get(kind, (kind,)))


def fuse(rankings: list[tuple[list[str], float]], k: int = RRF_K) -> dict[str, float]:
    """Reciprocal rank fusion of several ranked id lists, each with a weight."""
    scores: dict[str, float] = defaultdict(float)
    for ranked_ids, weight in rankings:
        for rank, chunk_id in enumerate(ranked_ids):
            scores[chunk_id] += weight / (k + rank + 1)
    return dict(scores)


def spread_across_institutions(ranked: list[Retrieved], k: int, cap: int) -> list[Retrieved]:
    """Round-robin fill: first each institution's best, then second-best, up to ``cap``."""
    chosen: list[Retrieved] = []
    taken: dict[str, int] = defaultdict(int)
    for round_number in range(1, cap + 1):
        for hit in ranked:
            if len(chosen) == k:
                return chosen
            if hit in chosen or taken[hit.institution_key] >= round_number:
                continue
            chosen.append(hit)
            taken[hit.institution_key] += 1
    for hit in ranked:  # fewer institutions than slots: fill with the rest in rank order
        if len(chosen) == k:
            break
        if hit not in chosen:
            chosen.append(hit)
    return chosen


class HybridRetriever:
    def __init__(self, store: CorpusStore, config: RetrievalConfig | None = None):
        self.store = store
        self.config = config or RetrievalConfig()
        self._institutions: list[str] | None = None

    def known_institutions(self) -> list[str]:
        if self._institutions is None:
            rows = self.store.catalog.db.execute(
                "SELECT DISTINCT institution FROM chunks WHERE institution IS NOT NULL"
            ).fetchall()
            self._institutions = [r[0] for r in rows]
        return self._institutions

    def plan(self, question: str) -> QueryPlan:
        return plan_query(question, self.known_institutions())

    def retrieve(
        self, question: str, filters: SearchFilter | None = None, k: int | None = None, kind: str | None = None
    ) -> RetrievalResult:
        """Top ``k`` passages; ``kind`` ("institute", "university", ...) keeps institutions
        whose name says they are of that kind."""
        k = k or self.config.k
        plan = self.plan(question)
        filters = filters or SearchFilter()
        if len(plan.institutions) == 1 and not filters.institution:
            filters = replace(filters, institution=plan.institutions[0])
        ranked = self._ranked(plan, filters)
        if kind:
            ranked = [h for h in ranked if _is_kind(h.chunk.institution, kind)]
        cap = k if filters.institution else self.config.per_institution
        hits = spread_across_institutions(ranked, k, cap)
        found, reason = self._judge(plan, hits)
        return RetrievalResult(plan, hits, found, reason, filters)

    def _ranked(self, plan: QueryPlan, filters: SearchFilter) -> list[Retrieved]:
        n = self.config.candidates
        vector = self.store.embedder.embed([plan.text])[0]
        dense = self.store.dense_search(vector, n, filters)
        keyword = self.store.keyword_search(plan.keyword_text, n, filters, query_lexicon().generic)
        fused = fuse([
            ([h.chunk_id for h in dense], self.config.dense_weight),
            ([h.chunk_id for h in keyword], self.config.keyword_weight),
        ])
        rows = self.store.chunks(list(fused))
        dense_score = {h.chunk_id: h.score for h in dense}
        keyword_rank = {h.chunk_id: i for i, h in enumerate(keyword)}
        ranked = [
            Retrieved(rows[cid], score, dense_score.get(cid), keyword_rank.get(cid))
            for cid, score in sorted(fused.items(), key=lambda item: -item[1])
            if cid in rows
        ]
        return ranked

    def _judge(self, plan: QueryPlan, hits: list[Retrieved]) -> tuple[bool, str]:
        """Relevance floor: the corpus 'has something' when a hit is semantically close
        and shares a content word with the question (generic words excluded)."""
        if not hits:
            return False, "the corpus returned no passages"
        if not plan.content_words and plan.institutions:
            return True, ""
        stems = plan.stems | {stem(w) for e in plan.expansions for w in words(e)}
        topical = [
            h for h in hits
            if (h.dense or 0.0) >= self.config.relevance_floor
            and stems & {stem(w) for w in words(h.chunk.text)}
        ]
        if topical:
            return True, ""
        best = max((h.dense or 0.0) for h in hits)
        return False, f"no passage is about {' '.join(plan.content_words) or 'this'} (best similarity {best:.2f})"
