"""``tca draft``: one answer of the form from your notes. Without a language model, a
scaffold (the elements the question expects, your notes under them, what is missing,
peers' examples); with one (``TCA_LLM``), a draft in your voice, refined by ``--refine``
turns. Either way the text is run through the checker for that question."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli_common import AsJson, DataDir, emit_json, fail, settings_for


def register(app: typer.Typer) -> None:
    app.command("draft")(draft)


def draft(
    question: Annotated[str, typer.Option(help="A question id (renewal.q7) or its number with --stage (7).")],
    stage: Annotated[str | None, typer.Option(help="initial | stage_two | renewal (needed with a question number).")] = None,
    notes: Annotated[Path | None, typer.Option(help="A file of your notes (bullets, figures, names); '-' reads stdin.")] = None,
    refine: Annotated[list[str] | None, typer.Option(help="A refinement turn, e.g. 'shorter' (repeatable; with a language model).")] = None,
    institution: Annotated[str | None, typer.Option(help="Your institution, so that it is never its own peer example.")] = None,
    export_docx: Annotated[Path | None, typer.Option("--export-docx", help="Write the draft as a Word document.")] = None,
    export_md: Annotated[Path | None, typer.Option("--export-md", help="Write the draft as Markdown.")] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Draft an answer from your notes, checked against what the question expects."""
    from assistant.draft import DraftError, draft_section, resolve_question
    from assistant.services import open_store
    from domain import load_template

    settings = settings_for(data_dir)
    try:
        chosen = resolve_question(load_template(), question, stage)
        result = draft_section(
            chosen, _read_notes(notes), open_store(settings), _chat_model(settings), institution, refine or []
        )
    except DraftError as exc:
        fail(str(exc))
    written = _export(result, export_docx, export_md)
    if as_json:
        emit_json(result.to_json() | {"exports": [str(p) for p in written]})
        return
    typer.echo(result.to_markdown())
    for path in written:
        typer.echo(f"wrote {path}", err=True)


def _read_notes(path: Path | None) -> str:
    if path is None:
        return ""
    if str(path) == "-":
        return sys.stdin.read()
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        fail(f"cannot read notes file {path}: {exc.strerror or exc}")
    return ""


def _chat_model(settings):
    if not settings.llm:
        return None
    from assistant.compose.llm import make_chat_model

    return make_chat_model(settings.llm, settings.llm_base_url, settings.llm_api_key, settings.llm_temperature)


def _export(result, docx_path: Path | None, md_path: Path | None) -> list[Path]:
    if not (docx_path or md_path):
        return []
    from assistant.export import write_draft_docx, write_draft_markdown

    written = []
    if docx_path:
        written.append(write_draft_docx(result, docx_path))
    if md_path:
        written.append(write_draft_markdown(result, md_path))
    return written
