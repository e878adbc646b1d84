"""Scale benchmark: how store-build throughput, query latency, memory and disk use grow
with the size of the corpus, and how long one new 20-page PDF takes to ingest into the
largest store.

    python -m bench.scale_bench [--sizes 1000,10000,100000] [--data-dir DIR] [--fresh]
                                [--rounds 2] [--json] [--plot FILE.svg]
    tca bench scale [same options]

Per size, a synthetic store (``bench/synthetic.py``: Chroma on disk plus the SQLite
catalog, written through ``CorpusStore.add``) is built, or reused from
``<data dir>/bench/synthetic/``. Its vectors are *derived* from a pool of really embedded
sentences, not embedded chunk by chunk, so ``ingest_chunks_per_s`` is store-write
throughput (catalog, FTS5, Chroma); the embedding model's own throughput is what
``bench/ingest_bench.py`` measures. A reused store reports the write time recorded when it
was built (none for stores built before that was recorded); ``--fresh`` builds every size
anew in a temporary data dir (the embedded pool is copied from ``--data-dir``).

Each store is then measured in a fresh process (``bench/ask_bench.py``'s
``measure_store``): retrieval-only and extractive-ask latency p50/p95 (wall) and p50 CPU
over every benchmark question, peak RSS while answering, exact-search recall and one cold
``tca ask``. Disk use is what the store folder occupies (Chroma, catalog).

Growth is the log-log slope between consecutive sizes: 1 means the figure grows in
proportion to the corpus, 0 that it does not grow. ``--plot`` writes the figures against
size as a small log-log SVG.

At the largest size a copy of the store (in a temporary dir, deleted afterwards) takes
new 20-page PDFs (``bench/synthetic_pdf.py``): in this process, the store opened and the
first file ingested (``incremental_ingest_s``), then further files into the open store;
and as cold ``tca ingest FILE --data-dir COPY`` processes (median wall time).
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from itertools import pairwise
from pathlib import Path

from bench.scale_report import FLOORS, PLOTTED, TABLE_ONLY, render_svg, render_table

DEFAULT_SIZES = (1_000, 10_000, 100_000)
INCREMENTAL_PAGES = 20


# -- growth ----------------------------------------------------------------------------
def loglog_slopes(sizes: Sequence[float], values: Sequence[float | None]) -> list[float | None]:
    """d log(value) / d log(size) between consecutive sizes; None where a value is missing
    or not positive."""
    slopes: list[float | None] = []
    for (n1, v1), (n2, v2) in pairwise(zip(sizes, values, strict=True)):
        if v1 is None or v2 is None or v1 <= 0 or v2 <= 0 or n1 <= 0 or n2 <= 0 or n1 == n2:
            slopes.append(None)
        else:
            slopes.append(round(math.log(v2 / v1) / math.log(n2 / n1), 3))
    return slopes


def growth(rows: list[dict], keys: Sequence[str]) -> dict[str, list[float | None]]:
    sizes = [row["size"] for row in rows]
    return {key: loglog_slopes(sizes, [row.get(key) for row in rows]) for key in keys}


# -- one size --------------------------------------------------------------------------
def disk_use_mb(folder: Path) -> dict[str, float]:
    """Space the store's files occupy (allocated blocks, as ``du`` counts): all of it,
    Chroma's folder, and the catalog (with its WAL)."""
    from vectorstore.store import CATALOG_FILE, CHROMA_DIR

    def used(paths) -> float:
        return sum(p.stat().st_blocks * 512 for p in paths if p.is_file()) / 1024**2

    return {
        "disk_mb": round(used(folder.rglob("*")), 1),
        "chroma_mb": round(used((folder / CHROMA_DIR).rglob("*")), 1),
        "catalog_mb": round(used(folder.glob(CATALOG_FILE + "*")), 1),
    }


def measure_size(data_dir: Path, size: int, settings, rounds: int, cli_runs: int, on_progress=None) -> dict:
    """Build (or reuse) the store of ``size`` chunks here; measure it in a fresh process."""
    from bench.ask_bench import measure_in_child, prepare_synthetic

    built = prepare_synthetic(data_dir, size, settings, on_progress)
    folder = Path(built["folder"])
    row = {"size": size, **measure_in_child(folder, settings, rounds, cli_runs), **disk_use_mb(folder)}
    build_s = built["build_s"] or None
    row.update(
        build_s=build_s, ingest_chunks_per_s=round(size / build_s, 1) if build_s else None,
        reused=built["reused"], vector_fidelity=built["vector_fidelity"], folder=str(folder),
    )
    return row


# -- incremental ingest ----------------------------------------------------------------
def incremental_ingest(store_folder: Path, settings, warm_runs: int = 2, cli_runs: int = 3,
                       pages: int = INCREMENTAL_PAGES) -> dict:
    """New ``pages``-page PDFs into a copy of the store (deleted afterwards)."""
    from bench.synthetic_pdf import synthetic_submission_pdf

    with tempfile.TemporaryDirectory(prefix="tca-scale-") as folder:
        work = Path(folder)
        copy = work / "store"
        start = time.perf_counter()
        shutil.copytree(store_folder, copy)
        copy_s = time.perf_counter() - start
        pdfs = [synthetic_submission_pdf(work / f"quarrington-initial-{n}.pdf", pages, seed=n)
                for n in range(1 + warm_runs + cli_runs)]
        figures = {"pages": pages, "copy_s": round(copy_s, 1),
                   **ingest_in_process(copy, pdfs[: 1 + warm_runs], settings),
                   **ingest_cold_cli(copy, pdfs[1 + warm_runs :], settings)}
    return figures


def ingest_in_process(copy: Path, pdfs: list[Path], settings) -> dict:
    """The model loaded first (timed apart); then the store opened and the first PDF
    ingested (``incremental_ingest_s``); then the others into the open store. The seconds
    spent embedding are counted apart, so the store's own share shows."""
    from assistant.library import ingest_paths
    from assistant.services import build_embedder, open_store

    embedder = EmbedTimer(build_embedder(settings))
    start = time.perf_counter()
    embedder.embed([f"warm-up passage {n}" for n in range(64)])  # a batch as ingest sends: loads the model
    model_load_s = time.perf_counter() - start
    start = time.perf_counter()
    store = open_store(settings.with_data_dir(copy), embedder)
    open_s = time.perf_counter() - start
    walls, cpus, embeds, chunks = [], [], [], []
    for pdf in pdfs:
        embedder.seconds = 0.0
        wall, cpu = time.perf_counter(), time.process_time()
        report = ingest_paths(store, [pdf])
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
        embeds.append(embedder.seconds)
        if not report.ok or [d.status for d in report.documents] != ["added"]:
            raise RuntimeError(f"{pdf.name} was not added: {report.to_json()}")
        chunks.append(report.documents[0].chunks)
    consistent = len(set(store.consistency().values())) == 1
    store.close()
    return {
        "model_load_s": round(model_load_s, 2), "open_s": round(open_s, 3),
        "incremental_ingest_s": round(open_s + walls[0], 2), "incremental_ingest_cpu_s": round(cpus[0], 2),
        "incremental_embed_s": round(embeds[0], 2), "incremental_chunks": chunks[0],
        "warm_ingest_p50_s": _median(walls[1:]), "warm_ingest_cpu_p50_s": _median(cpus[1:]),
        "warm_embed_p50_s": _median(embeds[1:]), "warm_ingest_chunks": chunks[1:], "consistent_after": consistent,
    }


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


class EmbedTimer:
    """An embedder that counts the seconds spent in ``embed``; everything else is the
    wrapped embedder's."""

    def __init__(self, embedder):
        self.inner, self.seconds = embedder, 0.0

    def __getattr__(self, name: str):
        return getattr(self.inner, name)

    def embed(self, texts):
        start = time.perf_counter()
        try:
            return self.inner.embed(texts)
        finally:
            self.seconds += time.perf_counter() - start


def ingest_cold_cli(copy: Path, pdfs: list[Path], settings) -> dict:
    """Median wall time of one-shot ``tca ingest PDF --data-dir COPY`` processes."""
    from bench.ask_bench import child_environment, tca_command

    if not pdfs:
        return {}
    walls, chunks = [], []
    for pdf in pdfs:
        command = [*tca_command(), "ingest", str(pdf), "--data-dir", str(copy), "--json"]
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env=child_environment(settings))
        walls.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise RuntimeError(f"tca ingest {pdf.name} failed:\n{done.stderr[-3000:]}")
        chunks.append(sum(d["chunks"] for d in json.loads(done.stdout)["documents"]))
    return {"cli_ingest_cold_s": round(statistics.median(walls), 2), "cli_ingest_runs_s": [round(w, 2) for w in walls],
            "cli_ingest_chunks": chunks}


# -- the whole run ---------------------------------------------------------------------
def run_scale(
    data_dir: Path, sizes: Sequence[int], settings, rounds: int = 2, cli_runs: int = 1, warm_runs: int = 2,
    ingest_cli_runs: int = 3, fresh: bool = False, log: Callable[[str], None] = lambda _m: None,
) -> dict:
    """Every size measured, then the incremental ingest at the largest; ``fresh`` builds
    the stores in a temporary data dir instead of reusing those under ``data_dir``."""
    from bench.ask_bench import floor_text
    from bench.synthetic import DESCRIPTION

    sizes = sorted(set(sizes))
    started = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    load_before = os.getloadavg()
    with _data_dir(data_dir, fresh) as where:
        rows = []
        for size in sizes:
            log(f"{size:,} chunks: building or reusing the store, then measuring it in a fresh process")
            rows.append(measure_size(where, size, settings, rounds, cli_runs, _progress(log)))
        log(f"{sizes[-1]:,} chunks: ingesting new {INCREMENTAL_PAGES}-page PDFs into a copy of the store")
        incremental = incremental_ingest(Path(rows[-1]["folder"]), settings, warm_runs, ingest_cli_runs)
    result = {
        "sizes": sizes, "rows": rows, "growth": growth(rows, (*PLOTTED, *TABLE_ONLY)), "incremental": incremental,
        "floors": {key: floor_text(floor) for key, floor in FLOORS.items()},
        "measured_at": started, "load_average_1m": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        "fresh": fresh, "embedding_model": settings.embedding_model, "synthetic_vectors": DESCRIPTION,
    }
    result["passed"] = floors_passed(result)
    return result


def floors_passed(result: dict) -> dict[str, bool]:
    """Each floor checked at the largest size (latency and memory) or on the incremental ingest."""
    from bench.ask_bench import meets_floor

    figures = {**result["rows"][-1], **result["incremental"]}
    return {key: meets_floor(figures[key], floor) for key, floor in FLOORS.items() if figures.get(key) is not None}


class _data_dir:
    """``data_dir`` itself, or a temporary one holding a copy of its embedded pool."""

    def __init__(self, data_dir: Path, fresh: bool):
        self.data_dir, self.fresh, self.temp = data_dir, fresh, None

    def __enter__(self) -> Path:
        if not self.fresh:
            return self.data_dir
        self.temp = tempfile.TemporaryDirectory(prefix="tca-scale-data-")
        pool = self.data_dir / "bench" / "pool"
        if pool.is_dir():
            shutil.copytree(pool, Path(self.temp.name) / "bench" / "pool")
        return Path(self.temp.name)

    def __exit__(self, *exc) -> None:
        if self.temp is not None:
            self.temp.cleanup()


def _progress(log: Callable[[str], None], step: int = 10_000) -> Callable[[int, int], None]:
    last = [0]

    def report(done: int, total: int) -> None:
        if done - last[0] >= step or done == total:
            last[0] = done
            log(f"  built {done:,}/{total:,} chunks")

    return report


# -- entry point -----------------------------------------------------------------------
def parse_sizes(text: str) -> list[int]:
    sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    if not sizes or min(sizes) < 1:
        raise ValueError(f"sizes must be positive chunk counts, got {text!r}")
    return sizes


def write_outputs(result: dict, as_json: bool, plot: Path | None, echo: Callable[[str], None] = print) -> None:
    if plot is not None:
        plot.parent.mkdir(parents=True, exist_ok=True)
        plot.write_text(render_svg(result))
        result["plot"] = str(plot)
    echo(json.dumps(result, indent=2) if as_json else render_table(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES))
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--fresh", action="store_true", help="build every store anew in a temporary dir")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--cli-runs", type=int, default=1, help="cold `tca ask` runs per size")
    parser.add_argument("--ingest-runs", type=int, default=3, help="cold `tca ingest` runs at the largest size")
    parser.add_argument("--plot", type=Path, default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from assistant.settings import load_settings

    settings = load_settings().with_data_dir(args.data_dir)
    result = run_scale(settings.data_dir, parse_sizes(args.sizes), settings, args.rounds, args.cli_runs,
                       ingest_cli_runs=args.ingest_runs, fresh=args.fresh, log=lambda m: print(m, file=sys.stderr))
    write_outputs(result, args.json, args.plot)


if __name__ == "__main__":
    main()
