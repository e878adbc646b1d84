"""The extractive composer: quotes the sentences that answer the question, groups them by
theme and institution, and cites each one. It writes no claim of its own: every point is
a verbatim sentence from a source; only the overview line and theme labels are generated,
and they are made from counts and the sources' own words."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace

import numpy as np

from ingest.chunk import split_sentences

from assistant.answer import Answer, Citation, Source
from assistant.compose.base import ComposeRequest
from assistant.query import query_lexicon, stem, words

MIN_WORDS = 6
MAX_POINTS_PER_INSTITUTION = 2
MAX_POINTS = 12
THEME_SIMILARITY = 0.18


@dataclass(frozen=True)
class Point:
    source: Source
    sentence: str
    score: float
    stems: frozenset[str]


def _sentence_candidates(source: Source) -> Iterator[str]:
    for line in source.passage.split("\n"):
        for sentence in split_sentences(line.replace(" | ", "; ")):
            if len(sentence.split()) >= MIN_WORDS:
                yield sentence.strip()


def _content_stems(text: str) -> frozenset[str]:
    generic = query_lexicon().generic
    return frozenset(stem(w) for w in words(text) if w not in generic and len(w) > 2)


def _query_weights(request: ComposeRequest) -> dict[str, float]:
    weights: dict[str, float] = {}
    for phrase in request.plan.expansions:
        for w in words(phrase):
            weights[stem(w)] = 0.5
    for w in request.plan.content_words:
        weights[stem(w)] = 1.0
    return weights


def score_sentence(stems: frozenset[str], weights: dict[str, float], rank_prior: float) -> float:
    """Weighted overlap with the question (length-normalised) plus the passage's rank."""
    overlap = sum(weights.get(s, 0.0) for s in stems)
    if overlap == 0:
        return 0.0
    return overlap / math.sqrt(max(len(stems), 4)) + rank_prior


def select_points(request: ComposeRequest) -> list[Point]:
    """Best sentences per institution, non-redundant, in order of relevance."""
    weights = _query_weights(request)
    per_institution: dict[str, list[Point]] = defaultdict(list)
    total = max(len(request.sources), 1)
    for position, source in enumerate(request.sources):
        prior = 0.3 * (1 - position / total)
        candidates = []
        for sentence in _sentence_candidates(source):
            stems = _content_stems(sentence)
            score = score_sentence(stems, weights, prior)
            if score > 0:
                candidates.append(Point(source, sentence, score, stems))
        key = source.institution or source.doc_id
        for point in sorted(candidates, key=lambda p: -p.score):
            chosen = per_institution[key]
            if len(chosen) >= MAX_POINTS_PER_INSTITUTION:
                break
            if all(_jaccard(point.stems, other.stems) < 0.5 for other in chosen):
                chosen.append(point)
    points = [p for group in per_institution.values() for p in group]
    return sorted(points, key=lambda p: -p.score)[:MAX_POINTS]


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / max(len(a | b), 1)


def cluster_points(points: list[Point]) -> list[list[Point]]:
    """Group similar points (TF-IDF cosine, average link) so the answer reads by theme."""
    if len(points) <= 2:
        return [points] if points else []
    vocabulary = sorted({s for p in points for s in p.stems})
    index = {s: i for i, s in enumerate(vocabulary)}
    df = Counter(s for p in points for s in p.stems)
    matrix = np.zeros((len(points), len(vocabulary)), dtype=np.float32)
    for row, point in enumerate(points):
        for s in point.stems:
            matrix[row, index[s]] = math.log(1 + len(points) / df[s])
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)
    similarity = matrix @ matrix.T
    clusters = [[i] for i in range(len(points))]
    while len(clusters) > 1:
        best, pair = THEME_SIMILARITY, None
        for a in range(len(clusters)):
            for b in range(a + 1, len(clusters)):
                link = float(similarity[np.ix_(clusters[a], clusters[b])].mean())
                if link > best:
                    best, pair = link, (a, b)
        if pair is None:
            break
        a, b = pair
        clusters[a] += clusters.pop(b)
    ordered = sorted(clusters, key=lambda c: -max(points[i].score for i in c))
    return [[points[i] for i in sorted(c, key=lambda i: -points[i].score)] for c in ordered]


def theme_label(cluster: list[Point], query_stems: set[str], all_points: list[Point]) -> str:
    """Two or three words that this theme's sentences share and others use less."""
    counts: Counter[str] = Counter()
    surface: dict[str, Counter[str]] = defaultdict(Counter)
    generic = query_lexicon().generic
    for point in cluster:
        for w in set(words(point.sentence)):
            if w in generic or len(w) < 4 or w.isdigit():
                continue
            counts[stem(w)] += 1
            surface[stem(w)][w] += 1
    background = Counter(s for p in all_points for s in p.stems)
    ranked = sorted(
        counts,
        key=lambda s: (-(counts[s] / len(cluster)) * math.log(1 + len(all_points) / background.get(s, 1))
                       - (0.5 if s in query_stems else 0.0), s),
    )
    chosen = [surface[s].most_common(1)[0][0] for s in ranked[:3]]
    return ", ".join(chosen) if chosen else "other"


def _quote(sentence: str) -> str:
    return sentence.strip().strip('"“”')


def render(clusters: list[list[Point]], labels: list[str]) -> tuple[str, list[Citation]]:
    """Markdown: the overview line, then each theme's points with [n] citations; a
    passage quoted twice keeps one number and both sentences in its citation."""
    numbers: dict[str, int] = {}
    quotes: dict[int, list[str]] = defaultdict(list)
    sources: dict[int, Source] = {}
    institutions = sorted({p.source.institution or p.source.document for c in clusters for p in c})
    lines = [_overview(institutions, labels)]
    for cluster, label in zip(clusters, labels, strict=True):
        lines.append("")
        if len(clusters) > 1:
            lines.append(f"**{label.capitalize()}**")
        for point in cluster:
            n = numbers.setdefault(point.source.chunk_id, len(numbers) + 1)
            sources[n] = replace(point.source, n=n)
            quotes[n].append(point.sentence)
            who = point.source.institution or point.source.document
            lines.append(f"- **{who}**: “{_quote(point.sentence)}” [{n}]")
    citations = [Citation(n, sources[n], " … ".join(quotes[n])) for n in sorted(sources)]
    return "\n".join(lines), citations


def _overview(institutions: list[str], labels: list[str]) -> str:
    count = len(institutions)
    noun = "institution" if count == 1 else "institutions"
    themes = "; ".join(labels[:4])
    return f"**{count} {noun}** in the corpus address this" + (f" — themes: {themes}." if themes else ".")


class ExtractiveComposer:
    name = "extractive"

    def compose(self, request: ComposeRequest) -> Answer:
        points = select_points(request)
        if not points:
            return not_found_answer(request, "none of the retrieved passages has a sentence on it")
        clusters = cluster_points(points)
        query_stems = {stem(w) for w in request.plan.content_words}
        labels = [theme_label(c, query_stems, points) for c in clusters]
        text, citations = render(clusters, labels)
        return Answer(
            question=request.question,
            text=text,
            citations=citations,
            found=True,
            sources=request.sources,
            themes=labels,
            institutions=sorted({c.source.institution for c in citations if c.source.institution}),
        )

    def stream(self, request: ComposeRequest) -> Iterator[str | Answer]:
        answer = self.compose(request)
        yield answer.text
        yield answer


def not_found_answer(request: ComposeRequest, reason: str) -> Answer:
    topic = " ".join(request.plan.content_words) or "that"
    text = (
        f"I found nothing in the corpus about {topic}: {reason}. "
        "Try other words, remove filters, or add documents that cover it."
    )
    return Answer(question=request.question, text=text, citations=[], found=False, sources=request.sources)

