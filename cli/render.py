"""Human-readable rendering for the CLI (tables, progress). JSON output lives in cli.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

if TYPE_CHECKING:  # only named in annotations: asking need not import the ingest pipeline
    from assistant.library import IngestReport
    from assistant.library import Progress as IngestProgress


console = Console(stderr=True)
out = Console(width=max(Console().width, 140))


@contextmanager
def ingest_progress(enabled: bool) -> Iterator[Callable[[IngestProgress], None] | None]:
    """A progress bar on stderr counting files, pages and chunks."""
    if not enabled:
        yield None
        return
    columns = (
        TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("files"),
        TextColumn("{task.fields[pages]} pages, {task.fields[chunks]} chunks"),
        TextColumn("[dim]{task.fields[file]}"), TimeElapsedColumn(),
    )
    totals = {"pages": 0, "chunks": 0}
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task("ingest", total=None, pages=0, chunks=0, file="")

        def update(step: IngestProgress) -> None:
            if step.ocr_pages:  # a scan being read: say which page, gain nothing yet
                bar.update(task, total=step.total, file=f"{step.file}: OCR {step.ocr_page}/{step.ocr_pages} pages")
                return
            totals["pages"] += step.pages
            totals["chunks"] += step.chunks
            bar.update(task, total=step.total, completed=step.done, file=step.file, **totals)

        yield update


def render_ingest_report(report: IngestReport) -> None:
    for problem in report.errors:
        console.print(f"[red]error[/red] {problem.file}: {problem.reason}", highlight=False, soft_wrap=True)
    for problem in report.warnings:
        console.print(f"[yellow]warning[/yellow] {problem.file}: {problem.reason}", highlight=False, soft_wrap=True)
    added = [d for d in report.documents if d.status != "unchanged"]
    unchanged = len(report.documents) - len(added)
    chunks = sum(d.chunks for d in added)
    ocr_pages = sum(d.ocr_pages for d in added)
    by_ocr = f", {ocr_pages} page(s) read by OCR" if ocr_pages else ""
    console.print(
        f"{len(added)} document(s) ingested ({chunks} chunks{by_ocr}), {unchanged} unchanged, "
        f"{len(report.case_studies)} case studies, {len(report.errors)} failed",
        highlight=False,
    )


def render_documents(documents) -> None:
    if not documents:
        out.print("No documents yet: `tca ingest PATH`.")
        return
    table = Table("id", "institution", "type", "stage", "date", "pages", "chunks", "actions")
    for d in documents:
        table.add_row(d.doc_id, d.institution or "-", d.doc_type, d.stage or "-", d.date or "-", str(d.pages), str(d.chunks), str(d.actions))
    out.print(table)


def render_answer(stream) -> None:
    """Print the answer as it streams, then the cited sources."""
    from assistant.answer import Answer

    answer = None
    for piece in stream:
        if isinstance(piece, Answer):
            answer = piece
        else:
            out.print(piece, end="", markup=False, highlight=False, soft_wrap=True)
    out.print()
    if answer is None:
        return
    for note in answer.notes:
        console.print(f"[yellow]note[/yellow] {note}", highlight=False)
    if answer.citations:
        out.print("\n[bold]Sources[/bold]")
    for c in answer.citations:
        out.print(f"[{c.n}] {c.source.where}", markup=False, highlight=False)
    if answer.related:
        out.print("\n[dim]Possibly related (not counted or cited):[/dim]")
    for r in answer.related:
        out.print(f"- {r.institution}: “{r.quote}” ({r.found_in})", markup=False, highlight=False, style="dim")


def render_eval(result: dict) -> None:
    from assistant.ask.eval_set import METRICS

    table = Table("system", *METRICS)
    rows = {"system": result["system"], **result["baselines"]}
    for name, metrics in rows.items():
        table.add_row(name, *(f"{metrics[m]:.3f}" for m in METRICS))
    out.print(table)
    for q in result["per_question"]:
        if q["missed_institutions"]:
            out.print(f"{q['id']}: missed {', '.join(q['missed_institutions'])}", highlight=False)


def render_answer_eval(result: dict) -> None:
    from assistant.ask.answer_eval import METRICS

    table = Table("composer", *METRICS)
    rows = {"system": result["system"], **result["baselines"]}
    for name, metrics in rows.items():
        table.add_row(name, *(f"{metrics[m]:.3f}" if isinstance(metrics[m], float) else str(metrics[m]) for m in METRICS))
    out.print(table)
    for q in result["per_question"]:
        verdict = "found" if q["found"] else "nothing found"
        wrong = " (WRONG)" if q["found"] != q["expected_found"] else ""
        line = f"{q['id']}: {verdict}{wrong}"
        if q["missed_institutions"]:
            line += f"; missed {', '.join(q['missed_institutions'])}"
        if q["extra_institutions"]:
            line += f"; extra {', '.join(q['extra_institutions'])}"
        out.print(line, highlight=False)
