"""What the summarise job returns: a summary of one submission as typed data (key figures,
pillars with their sentences, RAG, plan, strengths, gaps), each part with its JSON form."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from assistant.figures import KeyFigure
from assistant.markup import markdown_text
from assistant.timeline import TimelineItem


def escape(text: str) -> str:
    """Document text made safe to render as Markdown/HTML (assistant/markup.py)."""
    return markdown_text(text)


class NotASubmissionError(ValueError):
    """The document does not read as a self-assessment submission."""


class DocumentNotFoundError(LookupError):
    """No ingested document has this id, or its file is no longer where it was."""


@dataclass(frozen=True)
class Evidence:
    """A sentence of the submission, with where it is."""

    text: str
    page: int | None
    section: str

    def to_json(self) -> dict:
        return {"text": self.text, "page": self.page, "section": self.section}


@dataclass
class PillarSummary:
    pillar: str
    name: str
    sentences: list[Evidence]
    passages: int  # sentences of the submission on this pillar
    figures: int
    actions: int  # planned actions under this pillar
    prose: str | None = None  # written by a language model, when one is configured

    @property
    def richness(self) -> int:
        return self.passages + 2 * self.figures + self.actions

    def to_json(self) -> dict:
        return {
            "pillar": self.pillar,
            "name": self.name,
            "sentences": [s.to_json() for s in self.sentences],
            "passages": self.passages,
            "figures": self.figures,
            "actions": self.actions,
            "prose": self.prose,
        }


@dataclass(frozen=True)
class RedItem:
    label: str
    explanation: str


@dataclass
class RagOverview:
    counts: dict[str, int]
    red_items: list[RedItem]
    deferred: str | None  # why the full review is not in the file, if it is not

    def to_json(self) -> dict:
        return {
            "counts": self.counts,
            "red_items": [{"label": r.label, "explanation": r.explanation} for r in self.red_items],
            "deferred": self.deferred,
        }


@dataclass
class PlanOverview:
    actions: int
    per_pillar: dict[str, int]
    start: date | None
    end: date | None
    items: list[TimelineItem]
    deferred: str | None
    cells: frozenset[str] = frozenset()  # the actions' folded texts (not narrative)

    @property
    def months(self) -> int | None:
        if not (self.start and self.end):
            return None
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def to_json(self) -> dict:
        return {
            "actions": self.actions,
            "per_pillar": self.per_pillar,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "months": self.months,
            "deferred": self.deferred,
        }


@dataclass(frozen=True)
class Gap:
    id: str
    status: str
    severity: str
    reason: str


@dataclass
class Summary:
    file: str
    doc_id: str | None
    institution: str | None
    stage: str
    date: str | None
    lead: str | None
    lead_email: str | None
    figures: list[KeyFigure]
    pillars: list[PillarSummary]
    rag: RagOverview | None
    plan: PlanOverview | None
    strengths: list[str]
    gaps: list[Gap]
    feedback: str | None = None
    notes: list[str] = field(default_factory=list)
    document_type: str = "submission"  # ingest's reading of the file (an update paper is read against a form)

    @property
    def timeline_items(self) -> list[TimelineItem]:
        """The plan's actions as timeline bars (ui/charts.py draws them)."""
        return self.plan.items if self.plan else []

    @property
    def timeline_title(self) -> str:
        return f"{self.institution or self.file}: action plan timeline"

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "doc_id": self.doc_id,
            "institution": self.institution,
            "stage": self.stage,
            "date": self.date,
            "lead": self.lead,
            "lead_email": self.lead_email,
            "figures": [f.to_json() for f in self.figures],
            "pillars": [p.to_json() for p in self.pillars],
            "rag": self.rag.to_json() if self.rag else None,
            "plan": self.plan.to_json() if self.plan else None,
            "strengths": self.strengths,
            "gaps": [g.__dict__ for g in self.gaps],
            "feedback": self.feedback,
            "notes": self.notes,
            "document_type": self.document_type,
        }
