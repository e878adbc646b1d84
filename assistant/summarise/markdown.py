"""A summary as one page of Markdown: the CLI's --md output and the app's Summarise tab
render the same text. Document text in it is escaped (assistant/markup.py)."""

from __future__ import annotations

from assistant.summarise.model import PillarSummary, PlanOverview, RagOverview, Summary, escape
from domain import load_template
from domain.text import clipped
from ingest.models import DOC_TYPE_LABELS


def render_summary_markdown(summary: Summary) -> str:
    """The one-page summary as Markdown (the CLI's --md and the app's Summarise tab)."""
    lines = [f"## {escape(summary.institution or summary.file)}", "", _headline(summary)]
    if summary.figures:
        lines += ["", "### Key figures"]
        lines += [f"- **{escape(f.value)}** — {escape(f.context)} (p. {f.page})" for f in summary.figures]
    lines += ["", "### Pillars"]
    for pillar in summary.pillars:
        lines += ["", f"**{pillar.name}** · {pillar.passages} passages, {pillar.actions} planned actions"]
        lines += [escape(pillar.prose)] if pillar.prose else [f"- {escape(s.text)} (p. {s.page})" for s in pillar.sentences]
        if not pillar.sentences and not pillar.prose:
            lines += _planned_only(pillar, summary.plan)
    lines += _rag_markdown(summary.rag) + _plan_markdown(summary.plan)
    lines += ["", "### Strengths"] + ([f"- {s}" for s in summary.strengths] or ["- (no pillar stands out)"])
    lines += ["", "### Gaps"] + ([f"- `{g.id}` {g.status} ({g.severity}): {escape(g.reason)}" for g in summary.gaps] or ["- none flagged"])
    if summary.feedback:
        lines += ["", "### Draft reviewer feedback", "", escape(summary.feedback)]
    lines += [f"> {escape(note)}" for note in summary.notes]
    return "\n".join(lines) + "\n"


MAX_RED_ITEM_CHARS = 300  # a red item's explanation, as the summary shows it
PLANNED_SHOWN = 3  # planned actions shown for a pillar no passage speaks of
MAX_PLANNED_CHARS = 160


def _planned_only(pillar: PillarSummary, plan: PlanOverview | None) -> list[str]:
    """A pillar no passage speaks of: said so, and, when the action plan plans under it,
    what it plans (a reviewer would otherwise read "nothing" beside "7 planned actions")."""
    if not pillar.actions or plan is None:
        return ["- (nothing in the submission is about this pillar)"]
    planned = [item.label for item in plan.items if item.pillar == pillar.pillar][:PLANNED_SHOWN]
    return [
        f"- (no passage outside the action plan is about this pillar; the plan has {pillar.actions} actions under it)",
        *(f"- Planned: {escape(clipped(label, MAX_PLANNED_CHARS))}" for label in planned),
    ]


def _headline(summary: Summary) -> str:
    """The stage's form and the date; a file that is not a submission (an update paper
    read against a form's questions) says what it is first, so a reviewer does not take
    it for the form itself."""
    stage = load_template().stage(summary.stage).name
    lead = f" · lead: {summary.lead}" if summary.lead else ""
    if summary.document_type != "submission":
        kind = DOC_TYPE_LABELS.get(summary.document_type, summary.document_type)
        return f"{kind} · {summary.date or 'undated'}{escape(lead)} · read against the questions of the {stage}"
    return f"{stage} · {summary.date or 'undated'}{escape(lead)}"


def _rag_markdown(rag: RagOverview | None) -> list[str]:
    if rag is None:
        return []
    counts = ", ".join(f"{rag.counts[c]} {c}" for c in ("green", "amber", "red") if c in rag.counts)
    lines = ["", "### RAG review of the previous plan", f"- {counts or 'no statuses in the file'}"]
    if rag.deferred:
        lines.append(f"- full review: {escape(rag.deferred)}")
    lines += [f"- red **{escape(item.label)}**: {escape(clipped(item.explanation, MAX_RED_ITEM_CHARS))}" for item in rag.red_items]
    return lines


def _plan_markdown(plan: PlanOverview | None) -> list[str]:
    if plan is None:
        return []
    if plan.deferred:
        return ["", "### Action plan", f"- {escape(plan.deferred)}"]
    names = {p.id: p.name for p in load_template().themes}
    spread = ", ".join(f"{names.get(p, p)} {n}" for p, n in plan.per_pillar.items())
    span = f"{plan.start:%b %Y} – {plan.end:%b %Y} ({plan.months} months)" if plan.months else "undated"
    return ["", "### Action plan", f"- {plan.actions} actions: {spread}", f"- time span: {span}"]
