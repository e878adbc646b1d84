"""Suggest actions per pillar: every action the corpus holds (``actions_mining``), near-
duplicates merged across institutions into one suggestion that keeps every source, ranked
by relevance to the user's context, by how many institutions did it and by whether they
reported impact.

Each suggestion says what to do in the sources' own words: its title is a label a source
gave the action (or a phrase cut from a source's sentence), its description is quoted from
the most typical source, its timescale is the median of the parsed durations, and its
impact measure is a success measure from the corpus, else one built from the template's
guidance on evidencing impact. Nothing is written about an institution that its source
does not say.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

import numpy as np

from assistant.ask.query import query_lexicon, words
from assistant.plan.actions_mining import (
    CASE_STUDY,
    PLAN,
    PROGRESS,
    RAG,
    STOPWORDS,
    ActionCandidate,
    activity_phrases,
    canonical,
    mine_actions,
    short_title,
    title_anchors,
    title_keywords,
)
from domain import THEME_IDS, Template, fold, load_template
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
DEFAULT_LIMIT = 8  # suggestions per pillar
RELEVANCE_WEIGHT, BREADTH_WEIGHT, IMPACT_WEIGHT, LABELLED_BONUS = 3.0, 1.0, 0.5, 0.5
PLAN_LABEL_VOTES = 3  # a plan's own pillar label outweighs sentences filed by keyword
_KIND_ORDER = {PLAN: 0, RAG: 1, PROGRESS: 2, CASE_STUDY: 3}
GUIDANCE = "template guidance"
_NON_CONTENT = STOPWORDS | query_lexicon().generic


@dataclass(frozen=True)
class SuggestionSource:
    """Where an institution says it did (or planned) the action; ``institution`` is None
    when the document names none (it is then cited by its title)."""

    institution: str | None
    document: str
    page: int | None
    quote: str
    kind: str  # plan | rag | progress | case_study

    def to_json(self) -> dict:
        return {
            "institution": self.institution, "document": self.document, "page": self.page,
            "quote": self.quote, "kind": self.kind,
        }


@dataclass(frozen=True)
class Suggestion:
    title: str
    pillar: str
    description: str  # what it involves, quoted from ``described_by``'s source
    described_by: str  # an institution, or the document's title when it names none
    sources: tuple[SuggestionSource, ...]
    timescale: str  # "about 12 months", "ongoing", or "" when no source gives one
    timescale_months: int | None
    impact_measure: str
    impact_measure_from: str  # who set that success measure (institution, else document), or GUIDANCE
    reported_impact: tuple[SuggestionSource, ...]  # results the institutions reported
    score: float

    @property
    def institutions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.institution for s in self.sources if s.institution))

    def to_json(self) -> dict:
        return {
            "title": self.title,
            "pillar": self.pillar,
            "description": self.description,
            "described_by": self.described_by,
            "institutions": list(self.institutions),
            "sources": [s.to_json() for s in self.sources],
            "timescale": self.timescale,
            "timescale_months": self.timescale_months,
            "impact_measure": self.impact_measure,
            "impact_measure_from": self.impact_measure_from,
            "reported_impact": [s.to_json() for s in self.reported_impact],
            "score": round(self.score, 3),
        }


@dataclass(frozen=True)
class SuggestionSet:
    suggestions: tuple[Suggestion, ...]
    pillar: str | None
    context: str
    candidates: int  # actions mined before merging

    def to_json(self) -> dict:
        return {
            "pillar": self.pillar,
            "context": self.context,
            "candidates": self.candidates,
            "suggestions": [s.to_json() for s in self.suggestions],
        }

    def to_markdown(self, template: Template | None = None) -> str:
        return render_suggestions(self, template or load_template())


# --- the job --------------------------------------------------------------------------------


def suggest_actions(
    store: CorpusStore,
    pillar: str | None = None,
    context: str = "",
    limit: int = DEFAULT_LIMIT,
    template: Template | None = None,
) -> SuggestionSet:
    """Ranked suggestions for one pillar (``limit`` of them), or ``limit`` per theme."""
    template = template or load_template()
    candidates = mine_actions(store, template)
    if not candidates:
        return SuggestionSet((), pillar, context, 0)
    vectors = candidate_vectors(store, candidates)
    terms = term_space(candidates)
    query = Query(store.embedder.embed([context])[0], context_terms(context)) if context.strip() else None
    suggestions = []
    for group in action_groups(candidates, vectors, terms, template):
        fit = context_fit(vectors[group], terms.coverage(query.terms, terms.rows[group]), query) if query else 0.0
        suggestion = build_suggestion([candidates[i] for i in group], vectors[group], fit, template)
        if suggestion is not None:
            suggestions.append(suggestion)
    chosen = [s for s in suggestions if pillar is None or s.pillar == pillar]
    return SuggestionSet(tuple(top_per_pillar(chosen, limit)), pillar, context, len(candidates))


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


# --- one suggestion -----------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """The user's context as an embedding and as content words."""

    vector: np.ndarray
    terms: frozenset[str]


def build_suggestion(
    members: list[ActionCandidate], vectors: np.ndarray, fit: float, template: Template
) -> Suggestion | None:
    """The suggestion a group makes, or None when it names no clear action (a group told
    only in prose whose best title is a bare "programme" or "event")."""
    weights = centrality(vectors)
    title = group_title(members, weights, template)
    if not any(m.labelled for m in members) and not is_telling(title, template):
        return None
    order = sorted(range(len(members)), key=lambda i: (_KIND_ORDER[members[i].kind], -weights[i]))
    ordered = [members[i] for i in order]
    described = _describing_member(ordered)
    measure, measure_from = impact_measure(ordered, template)
    months = typical_months(members)
    impact = _reported_impact(ordered)
    return Suggestion(
        title=title,
        pillar=group_pillar(members),
        description=described.text,
        described_by=described.institution or described.document,
        sources=_sources(ordered),
        timescale=_timescale_text(months, members),
        timescale_months=months,
        impact_measure=measure,
        impact_measure_from=measure_from,
        reported_impact=impact,
        score=score(members, fit, impact),
    )


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


def group_pillar(members: list[ActionCandidate]) -> str:
    """The pillar most sources file the action under; a plan's own label counts most."""
    votes: Counter[str] = Counter()
    for member in members:
        if member.pillar:
            votes[member.pillar] += PLAN_LABEL_VOTES if member.kind == PLAN else 1
    best = max(votes.values())
    return next(p for p in THEME_IDS if votes.get(p) == best)


def typical_months(members: list[ActionCandidate]) -> int | None:
    """The median duration of the actions whose timescale has a start and an end."""
    durations = [m.duration_months for m in members if m.duration_months]
    return round(median(durations)) if durations else None


def _timescale_text(months: int | None, members: list[ActionCandidate]) -> str:
    if months:
        return f"about {months} month{'s' if months != 1 else ''}"
    return "ongoing" if any(m.ongoing for m in members) else ""


def impact_measure(ordered: list[ActionCandidate], template: Template) -> tuple[str, str]:
    """A success measure a source set for this action, else one from the template's
    guidance on evidencing impact."""
    for member in ordered:
        if member.success_measure:
            return member.success_measure, member.institution or member.document
    return guidance_measure(template), GUIDANCE


def guidance_measure(template: Template) -> str:
    """A measure against a baseline, in the kinds of evidence the template asks an action
    plan to name (the fix of its impact-measure element)."""
    fix = template.stage("renewal").action_plan_question.element("impact_measure").fix
    kinds = fix.split(":", 1)[1].strip().rstrip(".") if ":" in fix else fix.rstrip(".")
    return f"Measure it against a baseline, with {kinds}"


def _describing_member(ordered: list[ActionCandidate]) -> ActionCandidate:
    """A plan row says best what an action involves; otherwise the most typical source."""
    return next((m for m in ordered if m.kind == PLAN and m.text != m.title), ordered[0])


def _sources(ordered: list[ActionCandidate]) -> tuple[SuggestionSource, ...]:
    seen: set[tuple[str, str]] = set()
    sources = []
    for member in ordered:
        key = (member.institution or member.document, fold(member.text)[:80])
        if key not in seen:
            seen.add(key)
            sources.append(SuggestionSource(member.institution, member.document, member.page, member.quote or member.text, member.kind))
    return tuple(sources)


def _reported_impact(ordered: list[ActionCandidate]) -> tuple[SuggestionSource, ...]:
    """The first reported result of each institution."""
    seen: set[str] = set()
    results = []
    for member in ordered:
        who = member.institution or member.document
        if member.reported_impact and who not in seen:
            seen.add(who)
            results.append(SuggestionSource(
                member.institution, member.document, member.page, member.reported_impact, member.kind
            ))
    return tuple(results)


def context_fit(vectors: np.ndarray, coverage: float, query: Query) -> float:
    """How close the action is to the user's context: its closest source by meaning, and
    how much of the context's wording its sources use (``TermSpace.coverage``); the
    embedding alone hears "technicians" in everything."""
    closest = float((vectors @ query.vector).max())
    return EMBEDDING_SHARE * closest + (1 - EMBEDDING_SHARE) * coverage


def score(members: list[ActionCandidate], fit: float, impact: Sequence) -> float:
    """Relevance to the user's context, breadth (how many institutions did it) and
    reported impact, breadth and impact on log scales so that they saturate."""
    institutions = len({m.institution for m in members if m.institution})
    labelled = any(m.labelled for m in members)
    return (
        RELEVANCE_WEIGHT * fit + BREADTH_WEIGHT * math.log1p(institutions)
        + IMPACT_WEIGHT * math.log1p(len(impact)) + (LABELLED_BONUS if labelled else 0.0)
    )


def top_per_pillar(suggestions: list[Suggestion], limit: int) -> list[Suggestion]:
    """Best first within each theme, themes in template order."""
    ranked = sorted(suggestions, key=lambda s: (THEME_IDS.index(s.pillar), -s.score, s.title))
    kept: list[Suggestion] = []
    for theme in THEME_IDS:
        kept.extend([s for s in ranked if s.pillar == theme][:limit])
    return kept


# --- Markdown ---------------------------------------------------------------------------------


def render_suggestions(result: SuggestionSet, template: Template) -> str:
    """Markdown the CLI prints and the app shows: one section per suggestion, with its
    sources numbered."""
    if not result.suggestions:
        return "No actions found in the corpus" + (f" for {result.pillar}." if result.pillar else ".")
    lines: list[str] = []
    current = None
    for suggestion in result.suggestions:
        if suggestion.pillar != current:
            current = suggestion.pillar
            lines += ["", f"## {template.pillar(current).name}"]
        lines += ["", *render_suggestion(suggestion)]
    return "\n".join(lines).strip()


def render_suggestion(s: Suggestion) -> list[str]:
    who = ", ".join(s.institutions)
    lines = [
        f"### {s.title}",
        f"*Done or planned by {len(s.institutions)} institution{'s' if len(s.institutions) != 1 else ''}: {who}*",
        "",
        f"**What it involves** ({s.described_by}): {s.description}",
        f"**Typical timescale:** {s.timescale or 'not stated in the sources'}",
        f"**How impact could be evidenced:** {s.impact_measure}"
        + (f" ({s.impact_measure_from})" if s.impact_measure_from != GUIDANCE else " (from the template's guidance)"),
    ]
    if s.reported_impact:
        lines.append("**Impact reported:** " + " ".join(f"{r.institution or r.document}: “{r.quote}”" for r in s.reported_impact))
    lines.append("")
    for n, source in enumerate(s.sources, start=1):
        page = f", p. {source.page}" if source.page else ""
        who = f"**{source.institution}** — " if source.institution else ""
        lines.append(f"{n}. {who}{source.document}{page}: “{source.quote}”")
    return lines
