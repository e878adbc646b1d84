"""Which mined actions are the same action: candidates compared by meaning (embeddings)
and by words (TF-IDF over content terms), near-duplicates merged, siblings under one
telling title joined. Each group becomes one suggestion (suggest.py)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.ask.query import query_lexicon
from assistant.ask.words import words
from assistant.plan.actions_mining import (
    ActionCandidate,
)
from assistant.plan.phrases import (
    STOPWORDS,
    activity_phrases,
    canonical,
    title_anchors,
    title_keywords,
)
from assistant.plan.titles import short_title
from domain import Template, fold
from vectorstore.store import CorpusStore, text_hash

# Two candidates' similarity: the mean of their embedding cosine and their TF-IDF cosine
# (shared rare words: "shadowing", "T Level"); above MERGE_SIMILARITY (average link) two
# groups are one action. Tuned on the demo corpus, where the same action appears under
# four institutions' own labels, and checked on the real corpus.
EMBEDDING_SHARE = 0.5
MERGE_SIMILARITY = 0.36

# Groups whose titles name the same thing ("fund", "apprenticeship") merge at these
# average similarities: lower when one is told only in prose (wording varies more).
ABSORB_SIMILARITY, SIBLING_SIMILARITY = 0.2, 0.28

_NON_CONTENT = STOPWORDS | query_lexicon().generic


def action_groups(
    candidates: Sequence[ActionCandidate], vectors: np.ndarray, terms: TermSpace, template: Template
) -> list[list[int]]:
    """Candidates that say the same thing, as lists of indexes: clustered on meaning and
    wording, then groups naming the same action merged."""
    similarity = EMBEDDING_SHARE * (vectors @ vectors.T) + (1 - EMBEDDING_SHARE) * (terms.rows @ terms.rows.T)
    groups = merge_near_duplicates(similarity, MERGE_SIMILARITY)
    groups = merge_siblings(groups, candidates, vectors, similarity, template)
    return merge_same_titles(groups, candidates, vectors, template)


def candidate_vectors(store: CorpusStore, candidates: Sequence[ActionCandidate]) -> np.ndarray:
    """Unit vectors of the candidates' texts, embedded once per store: the catalog's
    embedding cache keeps them by text hash, so later runs embed nothing."""
    texts = [c.match_text for c in candidates]
    hashes = [text_hash(t) for t in texts]
    model = store.embedder.model_id
    cached = store.catalog.cached_vectors(model, hashes)
    missing = {h: t for h, t in zip(hashes, texts, strict=True) if h not in cached}
    if missing:
        fresh = store.embedder.embed(list(missing.values()))
        store.catalog.cache_vectors(model, list(zip(missing, fresh, strict=True)))
        cached.update(zip(missing, fresh, strict=True))
    return np.stack([cached[h] for h in hashes]).astype(np.float32)


@dataclass(frozen=True)
class TermSpace:
    """TF-IDF over the candidates' content words (canonical forms): rare shared words
    ("shadowing", "succession") weigh most. ``rows`` are unit vectors, one per candidate."""

    index: dict[str, int]
    idf: np.ndarray
    rows: np.ndarray

    def coverage(self, terms: frozenset[str], rows: np.ndarray) -> float:
        """Share of the terms' weight (IDF; unseen terms weigh most) that the rows use."""
        used = rows.sum(axis=0) > 0
        weights = {t: float(self.idf[self.index[t]]) if t in self.index else float(self.idf.max(initial=1.0)) for t in terms}
        found = sum(w for t, w in weights.items() if t in self.index and used[self.index[t]])
        return found / max(sum(weights.values()), 1e-9)

    def vector(self, terms: Counter[str]) -> np.ndarray:
        vector = np.zeros(len(self.index), dtype=np.float32)
        for term, count in terms.items():
            if term in self.index:
                vector[self.index[term]] = (1 + math.log(count)) * self.idf[self.index[term]]
        return vector / max(float(np.linalg.norm(vector)), 1e-9)


def term_space(candidates: Sequence[ActionCandidate]) -> TermSpace:
    bags = [content_terms(f"{c.title} {c.title} {c.text}") for c in candidates]
    document_frequency = Counter(term for bag in bags for term in bag)
    index = {term: i for i, term in enumerate(document_frequency)}
    idf = np.array([math.log(len(bags) / document_frequency[t]) for t in index], dtype=np.float32)
    space = TermSpace(index, idf, np.zeros((0, len(index)), dtype=np.float32))
    return TermSpace(index, idf, np.stack([space.vector(bag) for bag in bags]))


def content_terms(text: str) -> Counter[str]:
    """Canonical content words (title words are passed twice by the caller to weigh more)."""
    terms = (canonical(w) for w in words(fold(text)))
    return Counter(t for t in terms if t not in _NON_CONTENT and len(t) > 2 and not t.isdigit())


def context_terms(context: str) -> frozenset[str]:
    """The user's context in content words, plus the domain synonyms it triggers: a
    synonym group joins when all words of one of its members are in the context, in any
    order ("our workforce is ageing" -> "succession planning", "retirement", ...)."""
    terms = set(content_terms(context))
    for group in query_lexicon().groups:
        if any(set(content_terms(member)) <= terms for member in group if content_terms(member)):
            terms |= {t for member in group for t in content_terms(member)}
    return frozenset(terms)


def merge_near_duplicates(similarity: np.ndarray, threshold: float) -> list[list[int]]:
    """Average-link clustering: groups of candidates that say the same thing. Average
    link (not single) so that one broad sentence cannot chain two actions together."""
    link = similarity.astype(np.float64)
    np.fill_diagonal(link, -np.inf)
    sizes = np.ones(len(link))
    groups = {i: [i] for i in range(len(link))}
    while len(groups) > 1:
        i, j = np.unravel_index(int(np.argmax(link)), link.shape)
        if link[i, j] < threshold:
            break
        merged = (sizes[i] * link[i] + sizes[j] * link[j]) / (sizes[i] + sizes[j])
        link[i], link[:, i] = merged, merged
        link[j], link[:, j] = -np.inf, -np.inf
        link[i, i] = -np.inf
        sizes[i] += sizes[j]
        groups[int(i)] += groups.pop(int(j))
    return list(groups.values())


def merge_siblings(
    groups: list[list[int]], candidates: Sequence[ActionCandidate], vectors: np.ndarray,
    similarity: np.ndarray, template: Template,
) -> list[list[int]]:
    """Groups whose titles name the same thing and whose sources are close enough are one
    action. Two labelled groups may share an activity noun ("Development Fund",
    "Opportunities Fund"); a group told only in prose must share a pillar keyword
    ("apprentices" -> "Apprenticeships") and joins at a lower similarity, because
    case-study sentences vary too much to cluster on wording alone."""
    groups = [list(g) for g in groups]
    named = [_names(g, candidates, vectors, template) for g in groups]
    sums, sizes = _similarity_sums(groups, similarity)
    while True:
        average = sums / np.outer(sizes, sizes)
        pairs = [
            (average[a, b], a, b)
            for a in range(len(groups)) for b in range(a + 1, len(groups))
            if named[a][1] & named[b][1]
            and average[a, b] >= (SIBLING_SIMILARITY if named[a][0] and named[b][0] else ABSORB_SIMILARITY)
        ]
        if not pairs:
            return groups
        _score, a, b = max(pairs)
        groups[a] += groups.pop(b)
        named.pop(b)
        named[a] = _names(groups[a], candidates, vectors, template)
        sums[a] += sums[b]
        sums[:, a] += sums[:, b]
        sums = np.delete(np.delete(sums, b, axis=0), b, axis=1)
        sizes[a] += sizes[b]
        sizes = np.delete(sizes, b)


def _names(group: list[int], candidates: Sequence[ActionCandidate], vectors: np.ndarray, template: Template) -> tuple[bool, frozenset]:
    """Whether the group has a source's own label, and what its title names: activity
    nouns too when labelled, pillar keywords only when told in prose."""
    labelled = any(candidates[i].labelled for i in group)
    title = group_title([candidates[i] for i in group], centrality(vectors[group]), template)
    return labelled, title_anchors(title, template) if labelled else title_keywords(title, template)


def _similarity_sums(groups: list[list[int]], similarity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Summed similarity between the members of every two groups, and the groups' sizes."""
    membership = np.zeros((len(groups), len(similarity)))
    for row, group in enumerate(groups):
        membership[row, group] = 1.0
    return membership @ similarity @ membership.T, membership.sum(axis=1)


def is_telling(title: str, template: Template) -> bool:
    """More than a bare noun: "Apprenticeship programme" or a pillar keyword ("Outreach"),
    not "Programme" or "Event"."""
    return len(title_key(title)) > 1 or bool(title_keywords(title, template))


def merge_same_titles(
    groups: list[list[int]], candidates: Sequence[ActionCandidate], vectors: np.ndarray, template: Template
) -> list[list[int]]:
    """Groups that would carry the same title say the same thing: one suggestion."""
    by_title: dict[tuple[str, ...], list[int]] = {}
    for group in groups:
        members = [candidates[i] for i in group]
        by_title.setdefault(title_key(group_title(members, centrality(vectors[group]), template)), []).extend(group)
    return list(by_title.values())


def centrality(vectors: np.ndarray) -> np.ndarray:
    """Mean similarity of each member to the others: the most typical wording scores highest."""
    if len(vectors) == 1:
        return np.ones(1)
    similarity = vectors @ vectors.T
    return (similarity.sum(axis=1) - 1.0) / (len(vectors) - 1)


def group_title(members: list[ActionCandidate], weights: np.ndarray, template: Template) -> str:
    """The label most institutions gave the action (an activity or action cell); with no
    label, the phrase naming the activity that most institutions' sentences share (a bare
    "event" or "programme" only when nothing more telling is there)."""
    labelled = [(m, float(w)) for m, w in zip(members, weights, strict=True) if m.labelled]
    options = [(m.title, w) for m, w in labelled] or [
        (phrase, float(w)) for m, w in zip(members, weights, strict=True)
        for phrase in (m.title, *activity_phrases(m.text, template))
    ]
    if not labelled:
        options = [(t, w) for t, w in options if is_telling(t, template)] or options
    said_by = [m for m, _w in labelled] or members
    support = {title_key(t): {m.institution for m in said_by if _mentions(m, title_key(t), labelled)} for t, _w in options}
    best = max(options, key=lambda o: (len(support[title_key(o[0])]) * (1 + 0.1 * min(len(title_key(o[0])) - 1, 3)), o[1]))
    return short_title(best[0])


def title_key(title: str) -> tuple[str, ...]:
    """A title's words in canonical form: "T Level industry placements" and "T-Level
    industry placement" are one title."""
    return tuple(canonical(w) for w in words(fold(title)))


def _mentions(member: ActionCandidate, key: tuple[str, ...], label_only: bool) -> bool:
    return set(key) <= (member.title_forms if label_only else member.word_forms)
