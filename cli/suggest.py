"""``tca suggest``: actions other institutions took, per pillar, merged across
institutions and ranked for the user's context; optionally exported as an action-plan
table (CSV, DOCX) with a timeline chart."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from cli.common import AsJson, DataDir, emit_json, fail, settings_for


def register(app: typer.Typer) -> None:
    app.command("suggest")(suggest)


def suggest(
    pillar: Annotated[str | None, typer.Option(help="visibility | recognition | career_development | sustainability | evaluating_impact (or its name).")] = None,
    context: Annotated[str, typer.Option(help="About your institution, to rank what fits it best.")] = "",
    limit: Annotated[int, typer.Option(min=1, help="Suggestions per pillar.")] = 8,
    export_csv: Annotated[Path | None, typer.Option("--export-csv", help="Write the suggestions as an action-plan table (CSV).")] = None,
    export_docx: Annotated[Path | None, typer.Option("--export-docx", help="Write the action-plan table as a Word document.")] = None,
    chart: Annotated[Path | None, typer.Option(help="Write a timeline chart of the plan (.svg or .png).")] = None,
    start: Annotated[str | None, typer.Option(help="First month of the exported plan, YYYY-MM (default: next month).")] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Suggest actions per pillar from what institutions in the corpus did, with citations."""
    from assistant.plan.suggest import suggest_actions
    from assistant.services import open_store
    from domain import load_template

    template = load_template()
    pillar_id = template.normalise_pillar(pillar) if pillar else None
    if pillar and pillar_id is None:
        fail(f"unknown pillar '{pillar}' (valid: {', '.join(t.id for t in template.themes)})")
    result = suggest_actions(open_store(settings_for(data_dir)), pillar_id, context, limit, template)
    written = _export(list(result.suggestions), _start_month(start), export_csv, export_docx, chart)
    if as_json:
        emit_json(result.to_json() | {"exports": [str(p) for p in written]})
        return
    typer.echo(result.to_markdown(template))
    for path in written:
        typer.echo(f"wrote {path}", err=True)


def _start_month(text: str | None) -> date | None:
    if not text:
        return None
    try:
        year, month = (int(part) for part in text.split("-", 1))
        return date(year, month, 1)
    except ValueError:
        fail(f"--start must be a month as YYYY-MM, not '{text}'")
    return None


def _export(suggestions, start: date | None, csv_path: Path | None, docx_path: Path | None, chart_path: Path | None) -> list[Path]:
    if not (csv_path or docx_path or chart_path):
        return []
    from ui.export import plan_rows, write_plan_csv, write_plan_docx, write_timeline

    rows = plan_rows(suggestions, start)
    written = []
    if csv_path:
        written.append(write_plan_csv(rows, csv_path))
    if docx_path:
        written.append(write_plan_docx(rows, docx_path))
    if chart_path:
        written.append(write_timeline(rows, chart_path))
    return written
