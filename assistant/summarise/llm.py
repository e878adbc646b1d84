"""The parts of a summary a language model writes: a short paragraph per pillar from the
sentences the extractive summary chose, and draft reviewer feedback from the summary's
facts and the checker's gaps. The document's text goes into the prompts only as
escaped, delimited data (prompts/summarise_*.md, prompts/review_feedback.md)."""

from __future__ import annotations

from html import escape

from assistant.summarise.model import PillarSummary, Summary
from domain import load_template
from prompts import load_prompt

NOTHING = "Nothing reported."


def write_pillar_prose(summary: Summary, chat_model) -> None:
    """Fill ``prose`` of every pillar that has sentences to write from."""
    for pillar in summary.pillars:
        if pillar.sentences:
            text = _ask(chat_model, load_prompt("summarise_pillar").render(
                institution=escape(summary.institution or summary.file),
                stage=load_template().stage(summary.stage).short_name,
                pillar=pillar.name,
                meaning=load_template().pillar(pillar.pillar).meaning,
                passages=_passages(pillar),
            ))
            pillar.prose = None if text.strip() == NOTHING else text.strip()


def write_feedback(summary: Summary, chat_model) -> str:
    return _ask(chat_model, load_prompt("review_feedback").render(
        institution=escape(summary.institution or summary.file),
        stage=load_template().stage(summary.stage).short_name,
        summary=_facts(summary),
        gaps="\n".join(f"- {g.id} ({g.severity}): {escape(g.reason)}" for g in summary.gaps) or "(none)",
    )).strip()


def _ask(chat_model, user: str) -> str:
    reply = chat_model.invoke([("system", load_prompt("summarise_system").render()), ("human", user)])
    content = reply.content
    return content if isinstance(content, str) else "".join(
        part.get("text", "") for part in content if isinstance(part, dict)
    )


def _passages(pillar: PillarSummary) -> str:
    return "\n".join(
        f'<passage page="{s.page or ""}">{escape(s.text, quote=False)}</passage>' for s in pillar.sentences
    )


def _facts(summary: Summary) -> str:
    """The summary's deterministic facts as escaped lines for the feedback prompt."""
    lines = [f"Key figure: {escape(f.context)}" for f in summary.figures]
    for pillar in summary.pillars:
        said = " ".join(escape(s.text) for s in pillar.sentences) or "nothing reported"
        lines.append(f"{pillar.name} ({pillar.passages} passages, {pillar.actions} planned actions): {said}")
    if summary.rag:
        lines.append(f"RAG counts: {summary.rag.counts}; red items: {len(summary.rag.red_items)}")
    if summary.plan:
        lines.append(f"Action plan: {summary.plan.actions} actions over {summary.plan.months or '?'} months; {summary.plan.per_pillar}")
    lines += [f"Strength: {escape(s)}" for s in summary.strengths]
    return "\n".join(lines)
