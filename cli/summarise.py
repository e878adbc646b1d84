"""``tca summarise FILE|DOC_ID``: a one-page summary of a submission for a reviewer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.common import AsJson, DataDir, emit_json, fail, settings_for


def register(app: typer.Typer) -> None:
    app.command("summarise")(summarise)


def summarise(
    target: Annotated[str, typer.Argument(help="A file (PDF, DOCX, TXT, MD) or an ingested document id (see `tca docs list`).")],
    stage: Annotated[str, typer.Option(help="auto | initial | stage_two | renewal (files only)")] = "auto",
    data_dir: DataDir = None,
    as_json: AsJson = False,
    as_markdown: Annotated[bool, typer.Option("--md", help="Print the summary as Markdown.")] = False,
    chart: Annotated[Path | None, typer.Option("--chart", help="Write the action-plan timeline to this .png or .svg file.")] = None,
) -> None:
    """Summarise a submission: who and when, key figures, each pillar, RAG, the action
    plan and its timeline, strengths and gaps (written prose and draft feedback when a
    language model is configured)."""
    from assistant.errors import USER_ERRORS
    from assistant.summarise import (
        DocumentNotFoundError,
        NotASubmissionError,
        render_summary_markdown,
    )
    from ui.charts import write_summary_timeline

    settings = settings_for(data_dir)
    try:
        summary = _summary(target, stage, settings)
    except (DocumentNotFoundError, NotASubmissionError, *USER_ERRORS) as exc:
        fail(str(exc))
    if chart is not None:
        summary.notes.append(f"timeline written to {write_summary_timeline(summary, chart)}")
    if as_json:
        emit_json(summary.to_json())
    elif as_markdown:
        typer.echo(render_summary_markdown(summary))
    else:
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(render_summary_markdown(summary)))


def _summary(target: str, stage: str, settings):
    """A file is read directly; anything else is looked up as an ingested document id."""
    from assistant.services import build_chat_model, build_embedder, open_store
    from assistant.summarise import summarise_document, summarise_file

    chat_model = build_chat_model(settings)
    if Path(target).is_file():
        return summarise_file(Path(target), stage=stage, embedder=build_embedder(settings), chat_model=chat_model)
    return summarise_document(open_store(settings), target, chat_model=chat_model)

