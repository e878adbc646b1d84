"""``tca bench``: ask latency, retrieval latency, exact-search recall, peak RSS and cold
``tca ask`` time on the shared corpus and on a synthetic corpus of N chunks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.cli_common import AsJson, DataDir, emit_json, fail, settings_for

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "pdf"


def register(app: typer.Typer) -> None:
    app.command("bench")(bench)


def bench(
    chunks: Annotated[int, typer.Option(help="Size of the synthetic corpus (built once, then reused).")] = 100_000,
    corpus: Annotated[Path, typer.Option(help="Real documents to measure as well (ingested if needed).")] = DEFAULT_CORPUS,
    rounds: Annotated[int, typer.Option(help="Times each benchmark question is asked.")] = 2,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Benchmark asking: latency p50/p95, recall against exact search, peak RSS, cold
    `tca ask`. Stores are kept under DATA_DIR/bench/; the synthetic corpus's vectors are
    derived from really embedded pool sentences (see bench/synthetic.py)."""
    from bench.ask_bench import progress_printer, render_table, run_bench

    if chunks < 1:
        fail("--chunks must be at least 1")
    settings = settings_for(data_dir)
    result = run_bench(settings.data_dir, chunks, settings, corpus, rounds, on_progress=progress_printer())
    if as_json:
        emit_json(result)
    else:
        typer.echo(render_table(result))
