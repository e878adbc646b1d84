"""``tca bench``: ask latency, retrieval latency, exact-search recall, peak RSS and cold
``tca ask`` time on the shared corpus and on a synthetic corpus of N chunks;
``tca bench scale``: how those figures, store-write throughput and disk use grow with
corpus size, and incremental ingest into the largest store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.common import AsJson, DataDir, emit_json, fail, settings_for

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "pdf"


bench_app = typer.Typer()


def register(app: typer.Typer) -> None:
    app.add_typer(bench_app, name="bench")


@bench_app.callback(invoke_without_command=True)
def bench(
    ctx: typer.Context,
    chunks: Annotated[int, typer.Option(help="Size of the synthetic corpus (built once, then reused).")] = 100_000,
    corpus: Annotated[Path, typer.Option(help="Real documents to measure as well (ingested if needed).")] = DEFAULT_CORPUS,
    rounds: Annotated[int, typer.Option(help="Times each benchmark question is asked.")] = 2,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Benchmark asking: latency p50/p95, recall against exact search, peak RSS, cold `tca ask`.

    `tca bench scale` measures growth with corpus size. Stores are kept under DATA_DIR/bench/; the synthetic corpus's vectors are
    derived from really embedded pool sentences (see bench/synthetic.py)."""
    if ctx.invoked_subcommand:
        return
    from bench.ask_bench import progress_printer, render_table, run_bench

    if chunks < 1:
        fail("--chunks must be at least 1")
    settings = settings_for(data_dir)
    result = run_bench(settings.data_dir, chunks, settings, corpus, rounds, on_progress=progress_printer())
    if as_json:
        emit_json(result)
    else:
        typer.echo(render_table(result))


@bench_app.command("scale")
def scale(
    sizes: Annotated[str, typer.Option(help="Corpus sizes in chunks, comma-separated (stores built once, then reused).")] = "1000,10000,100000",
    rounds: Annotated[int, typer.Option(help="Times each benchmark question is asked per size.")] = 2,
    fresh: Annotated[bool, typer.Option(help="Build every store anew in a temporary dir (measures build throughput).")] = False,
    plot: Annotated[Path | None, typer.Option(help="Write a log-log SVG of the figures against size.")] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """How latency, memory, disk and store-write throughput grow with corpus size.

    Per size: store-write throughput, retrieval and ask latency p50/p95, peak RSS while
    answering and disk use, with log-log slopes between sizes; then a new 20-page PDF
    ingested into a copy of the largest store. Synthetic vectors are derived, not embedded
    by the model: real embedding throughput is in bench/ingest_bench.py."""
    import importlib.util

    from bench.scale_bench import parse_sizes, run_scale, write_outputs

    if importlib.util.find_spec("reportlab") is None:  # writes the 20-page PDF it ingests
        fail("tca bench scale needs the test extras (reportlab): pip install -e '.[test]'")
    try:
        chosen = parse_sizes(sizes)
    except ValueError as error:
        fail(str(error))
    settings = settings_for(data_dir)
    result = run_scale(settings.data_dir, chosen, settings, rounds, fresh=fresh, log=lambda m: typer.echo(m, err=True))
    write_outputs(result, as_json, plot, echo=typer.echo)
