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

from assistant.plan.actions_mining import (
    CASE_STUDY,
    PLAN,
    PROGRESS,
    RAG,
    ActionCandidate,
    mine_actions,
)
from assistant.plan.grouping import (
    EMBEDDING_SHARE,
    action_groups,
    candidate_vectors,
    centrality,
    context_terms,
    group_title,
    is_telling,
    term_space,
)
from assistant.plan.model import GUIDANCE, Suggestion, SuggestionSet, SuggestionSource
from domain import THEME_IDS, Template, fold, load_template
from vectorstore.store import CorpusStore

DEFAULT_LIMIT = 8  # suggestions per pillar
RELEVANCE_WEIGHT, BREADTH_WEIGHT, IMPACT_WEIGHT, LABELLED_BONUS = 3.0, 1.0, 0.5, 0.5
PLAN_LABEL_VOTES = 3  # a plan's own pillar label outweighs sentences filed by keyword
_KIND_ORDER = {PLAN: 0, RAG: 1, PROGRESS: 2, CASE_STUDY: 3}


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
    """Each source once: quotes of one institution that open alike, or one of which holds
    the other whole (a sentence, and the same sentence carried with the one after it), are
    one source, the longer kept in the place of the first."""
    sources: list[SuggestionSource] = []
    for member in ordered:
        source = SuggestionSource(member.institution, member.document, member.page, member.quote or member.text, member.kind)
        same = next((i for i, other in enumerate(sources) if _same_source(other, source)), None)
        if same is None:
            sources.append(source)
        elif len(source.quote) > len(sources[same].quote):
            sources[same] = source
    return tuple(sources)


def _same_source(one: SuggestionSource, other: SuggestionSource) -> bool:
    if (one.institution or one.document) != (other.institution or other.document):
        return False
    a, b = fold(one.quote), fold(other.quote)
    return a[:80] == b[:80] or a in b or b in a


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
