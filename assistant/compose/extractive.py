"""The extractive composer: quotes the sentences that answer the question, groups them by
theme and institution, and cites each one. It writes no claim of its own: every point is
a verbatim sentence from a source; only the overview line and theme labels are generated,
and they are made from counts and the sources' own words."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from assistant.answer import Answer, Citation, Source
from assistant.compose.base import ComposeRequest
from assistant.query import query_lexicon, stem, words
from domain import normalise_pillar
from ingest.chunk import split_sentences

MIN_WORDS = 6
MAX_POINTS_PER_INSTITUTION = 2
MAX_POINTS = 12
TFIDF_THEME_SIMILARITY = 0.18
EMBEDDING_THEME_SIMILARITY = 0.55
OTHER = "Other examples"
STOPWORDS = frozenset(
    "a an and are as at be been by for from has have in into is it its of on or that the their "
    "this to was were will with which who our we us they them these those also such than then "
    "there where when while within without over under more most some any each other".split()
)


@dataclass(frozen=True)
class Point:
    source: Source
    sentence: str
    score: float
    stems: frozenset[str]


def table_row_text(line: str) -> str:
    """A table row read as one statement: its substantive cells joined by dashes (row
    numbers, pillar labels and empty cells dropped)."""
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    kept = [c for c in cells if c and not c.replace(".", "").isdigit() and normalise_pillar(c) is None]
    return " — ".join(kept)


def _sentence_candidates(source: Source) -> Iterator[str]:
    for line in source.passage.split("\n"):
        sentences = [table_row_text(line)] if " | " in line or line.startswith("|") else split_sentences(line)
        for sentence in sentences:
            if len(sentence.split()) >= MIN_WORDS:
                yield sentence.strip()


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    """``stem``, remembered: an answer stems every word of a few hundred candidate
    sentences, mostly the same few hundred words."""
    return stem(word)


def _content_stems(text: str) -> frozenset[str]:
    generic = query_lexicon().generic
    return frozenset(_stem(w) for w in words(text) if w not in generic and len(w) > 2)


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


def tfidf_similarity(points: list[Point]) -> np.ndarray:
    """Cosine similarity of the points' TF-IDF vectors (the fallback without an embedder)."""
    vocabulary = sorted({s for p in points for s in p.stems})
    index = {s: i for i, s in enumerate(vocabulary)}
    df = Counter(s for p in points for s in p.stems)
    matrix = np.zeros((len(points), max(len(vocabulary), 1)), dtype=np.float32)
    for row, point in enumerate(points):
        for s in point.stems:
            matrix[row, index[s]] = math.log(1 + len(points) / df[s])
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)
    return matrix @ matrix.T


def cluster_points(points: list[Point], similarity: np.ndarray, threshold: float) -> list[list[Point]]:
    """Average-link agglomerative clustering: points join while their mean similarity
    stays above ``threshold``. Themes are ordered by their best point."""
    clusters = [[i] for i in range(len(points))]
    while len(clusters) > 1:
        best, pair = threshold, None
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


def _phrases(sentence: str, generic: frozenset[str]) -> set[str]:
    """Word n-grams (1-3) that start and end on a content word."""
    tokens = [w for w in words(sentence) if not w.isdigit() or len(w) == 1]
    found = set()
    for n in (1, 2, 3):
        for i in range(len(tokens) - n + 1):
            gram = tokens[i : i + n]
            shortest_first = 1 if n > 1 else 3  # "T Level" is a phrase, "t" is not a word
            if gram[0] in generic or gram[-1] in generic or len(gram[0]) < shortest_first or len(gram[-1]) < 2:
                continue
            found.add(" ".join(gram))
    return found


def theme_label(cluster: list[Point], others: list[Point], query_stems: set[str]) -> str:
    """The phrase most of this theme's sentences share and the other points use less;
    longer phrases and words beyond the question's own are preferred."""
    generic = query_lexicon().generic | STOPWORDS
    inside = Counter(p for point in cluster for p in _phrases(point.sentence, generic))
    outside = Counter(p for point in others for p in _phrases(point.sentence, generic))
    needed = 2 if len(cluster) > 1 else 1

    def score(phrase: str) -> float:
        parts = phrase.split()
        novelty = 0.0 if all(stem(w) in query_stems for w in parts) else 0.3
        return inside[phrase] / len(cluster) - 0.5 * outside[phrase] / max(len(others), 1) + 0.15 * (len(parts) - 1) + novelty

    candidates = [p for p, count in inside.items() if count >= needed]
    if not candidates:
        return ""
    return _as_written(max(sorted(candidates), key=score), [p.sentence for p in cluster])


def _as_written(phrase: str, sentences: list[str]) -> str:
    """The phrase with the capitals a source used ("T Level", not "t level")."""
    pattern = re.compile(r"\b" + r"[\s-]+".join(map(re.escape, phrase.split())) + r"\b", re.IGNORECASE)
    for sentence in sentences:
        match = pattern.search(sentence)
        if match:
            return match.group(0)
    return phrase


def _quote(sentence: str) -> str:
    return sentence.strip().strip('"“”')


def render(clusters: list[list[Point]], labels: list[str]) -> tuple[str, list[Citation]]:
    """Markdown: the overview line, then each theme's points with [n] citations; a
    passage quoted twice keeps one number and both sentences in its citation."""
    numbers: dict[str, int] = {}
    quotes: dict[int, list[str]] = defaultdict(list)
    sources: dict[int, Source] = {}
    institutions = sorted({p.source.institution or p.source.document for c in clusters for p in c})
    themes = [(label, len({p.source.institution or p.source.document for p in c})) for c, label in zip(clusters, labels, strict=True)]
    lines = [_overview(institutions, themes)]
    for cluster, label in zip(clusters, labels, strict=True):
        lines.append("")
        if len(clusters) > 1:
            lines.append(f"**{label[:1].upper() + label[1:]}**")
        for point in cluster:
            n = numbers.setdefault(point.source.chunk_id, len(numbers) + 1)
            sources[n] = replace(point.source, n=n)
            quotes[n].append(point.sentence)
            who = point.source.institution or point.source.document
            lines.append(f"- **{who}**: “{_quote(point.sentence)}” [{n}]")
    citations = [Citation(n, sources[n], " … ".join(quotes[n])) for n in sorted(sources)]
    return "\n".join(lines), citations


def _overview(institutions: list[str], themes: list[tuple[str, int]]) -> str:
    """One line: how many institutions, and the themes with how many institutions each."""
    count = len(institutions)
    noun = "institution" if count == 1 else "institutions"
    named = [f"*{label}* ({n})" for label, n in themes if label and label != OTHER][:5]
    return f"**{count} {noun}** in the corpus address this" + (f". Themes: {', '.join(named)}." if named else ".")


def group_into_themes(points: list[Point], similarity: np.ndarray, threshold: float, query_stems: set[str]) -> tuple[list[list[Point]], list[str]]:
    """Themes with a label; points that fit no theme (or whose theme has no shared
    phrase) are gathered last under "Other examples"."""
    themes: list[list[Point]] = []
    labels: list[str] = []
    rest: list[Point] = []
    for cluster in cluster_points(points, similarity, threshold):
        others = [p for p in points if p not in cluster]
        label = theme_label(cluster, others, query_stems) if len(cluster) > 1 else ""
        if label:
            themes.append(cluster)
            labels.append(label)
        else:
            rest.extend(cluster)
    if rest:
        themes.append(sorted(rest, key=lambda p: -p.score))
        labels.append(OTHER if themes[:-1] else "")
    return themes, labels


class ExtractiveComposer:
    """``embedder`` (optional) clusters the chosen sentences by meaning; without it,
    by shared words."""

    name = "extractive"

    def __init__(self, embedder=None):
        self.embedder = embedder

    def _similarity(self, points: list[Point]) -> tuple[np.ndarray, float]:
        if self.embedder is None:
            return tfidf_similarity(points), TFIDF_THEME_SIMILARITY
        vectors = self.embedder.embed([p.sentence for p in points])
        return vectors @ vectors.T, EMBEDDING_THEME_SIMILARITY

    def compose(self, request: ComposeRequest) -> Answer:
        points = select_points(request)
        if not points:
            return not_found_answer(request, "none of the retrieved passages has a sentence on it")
        similarity, threshold = self._similarity(points)
        query_stems = {stem(w) for w in request.plan.content_words}
        clusters, labels = group_into_themes(points, similarity, threshold, query_stems)
        text, citations = render(clusters, labels)
        return Answer(
            question=request.question,
            text=text,
            citations=citations,
            found=True,
            sources=request.sources,
            themes=[label for label in labels if label and label != OTHER],
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

