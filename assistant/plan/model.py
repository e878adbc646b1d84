"""What the plan job returns: suggestions with their sources, as JSON and as Markdown (the
CLI prints it, the app's Plan tab shows it)."""

from __future__ import annotations

from dataclasses import dataclass

from domain import Template, load_template

GUIDANCE = "template guidance"


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
