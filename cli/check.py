"""``tca check FILE``: a draft against the template, check by check, with peers'
examples for every gap.

Exit code: 0 when no required check is missing or weak; 1 when one is (the draft is not
ready to submit); 2 when the file cannot be read or the options are wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.common import AsJson, DataDir, emit_json, fail, settings_for

STAGE_CHOICES = ("auto", "initial", "stage_two", "renewal")
STATUS_STYLES = {
    "present": "green",
    "weak": "yellow",
    "missing": "red",
    "attached": "cyan",
    "not_applicable": "dim",
}


def register(app: typer.Typer) -> None:
    app.command("check")(check)


def check(
    file: Annotated[Path, typer.Argument(help="The draft: PDF, DOCX, TXT or MD.")],
    stage: Annotated[str, typer.Option(help="auto | initial | stage_two | renewal")] = "auto",
    data_dir: DataDir = None,
    as_json: AsJson = False,
    as_markdown: Annotated[bool, typer.Option("--md", help="Print the report as Markdown.")] = False,
    examples: Annotated[bool, typer.Option("--examples/--no-examples", help="Quote peers' answers for each gap.")] = True,
    file_name: Annotated[str | None, typer.Option("--file-name", help="The name you will submit the PDF under (checks doc.filename).")] = None,
) -> None:
    """Check a draft against the template: each check present, weak, missing, attached or
    not applicable. Exits 1 when a required check is missing or weak."""
    from assistant.check import StageUnknownError, check_file, render_markdown
    from assistant.errors import USER_ERRORS

    if stage not in STAGE_CHOICES:
        fail(f"unknown stage '{stage}' (choose from: {', '.join(STAGE_CHOICES)})")
    settings = settings_for(data_dir)
    store, note = _store_for_examples(settings) if examples else (None, None)
    try:
        report = check_file(
            file, stage, store=store, embedder=_embedder(settings, store),
            with_examples=examples, intended_filename=file_name,
        )
    except (StageUnknownError, *USER_ERRORS) as exc:
        fail(str(exc))
    if note:
        report.notes.append(note)
    if as_json:
        emit_json(report.to_json())
    elif as_markdown:
        typer.echo(render_markdown(report))
    else:
        render_report(report)
    raise typer.Exit(report.exit_code)


def _store_for_examples(settings):
    """The store, or None and a note saying why there will be no examples."""
    from assistant.errors import USER_ERRORS
    from assistant.services import open_store

    try:
        return open_store(settings), None
    except USER_ERRORS as exc:
        return None, f"no peer examples: the store cannot be opened ({exc})"


def _embedder(settings, store):
    from assistant.services import build_embedder

    return store.embedder if store is not None else build_embedder(settings)


def render_report(report) -> None:
    """The report as rich tables: every check, then each gap with its fix and examples."""
    from rich.console import Console
    from rich.table import Table

    out = Console(width=max(Console().width, 140))
    out.print(
        f"[bold]{report.institution or report.file}[/bold] · stage {report.stage} "
        f"({report.stage_source}) · {len(report.required_gaps)} required gap(s)",
        highlight=False,
    )
    for note in report.notes:
        out.print(f"[yellow]note[/yellow] {note}", highlight=False)
    table = Table("check", "status", "severity", "where", "reason")
    for result in report.checks:
        style = STATUS_STYLES[result.status]
        table.add_row(result.id, f"[{style}]{result.status}[/{style}]", result.severity, result.where.label(), result.reason)
    out.print(table)
    for result in report.flagged:
        out.print(f"\n[bold]{result.id}[/bold] ({result.status}, {result.severity}) · {result.where.label()}", highlight=False)
        out.print(f"  why: {result.reason}\n  fix: {result.fix}", highlight=False, markup=False)
        for example in result.examples:
            page = f", p. {example.page}" if example.page else ""
            out.print(f"  e.g. {example.institution or example.document}{page}: “{example.quote}”", highlight=False, markup=False)
    for result in report.attachments:
        if result.id.count(".") == 1:  # the question, not each of its elements
            out.print(f"[cyan]attached[/cyan] {result.id}: {result.reason} — make sure it goes in with the submission.", highlight=False)
