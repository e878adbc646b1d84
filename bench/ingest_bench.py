"""Ingestion benchmark: prints model load time, parse pages/s, embed chunks/s, whole-corpus
ingest time after the model is loaded, and ``tca --help`` wall time.

    python -m bench.ingest_bench [--corpus DIR] [--json]

Baselines in the same run: plain sentence-transformers ``encode`` on the same chunk texts
(the embedder's own path should match or beat it), and a no-op Python start for --help.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "pdf"


def _wall(command: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(corpus: Path) -> dict:
    from assistant.library import IngestReport, collect_files, ingest_paths
    from ingest.models import IngestError
    from ingest.pipeline import parse_file
    from vectorstore.embedder import make_embedder
    from vectorstore.store import CorpusStore, StoreLocation

    embedder = make_embedder("minilm")
    start = time.perf_counter()
    embedder.model  # noqa: B018 - load now, outside the timed ingest
    model_load_s = time.perf_counter() - start

    files = collect_files([corpus], IngestReport())
    start = time.perf_counter()
    parsed = []
    for f in files:
        try:
            parsed.append(parse_file(f, f.stem, embedder.count_tokens, embedder.max_tokens))
        except IngestError:
            pass  # the edge files: counted in ingest_errors below
    parse_s = time.perf_counter() - start
    pages = sum(p.pages for p in parsed)

    from ingest.chunk import embedding_text

    texts = [embedding_text(c) for p in parsed for c in p.chunks]
    start = time.perf_counter()
    embedder.model.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
    baseline_embed_s = time.perf_counter() - start
    start = time.perf_counter()
    embedder.embed(texts)
    embed_s = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as folder:
        store = CorpusStore(StoreLocation(Path(folder)), embedder)
        start = time.perf_counter()
        report = ingest_paths(store, [corpus])
        ingest_s = time.perf_counter() - start
        start = time.perf_counter()
        ingest_paths(store, [corpus])
        reingest_s = time.perf_counter() - start

    python = sys.executable
    help_s = _wall([python, "-m", "cli.main", "--help"])
    bare_python_s = _wall([python, "-c", "pass"])
    return {
        "files": len(files),
        "pages": pages,
        "chunks": len(texts),
        "model_load_s": round(model_load_s, 2),
        "parse_pages_per_s": round(pages / parse_s, 1),
        "embed_chunks_per_s": round(len(texts) / embed_s, 1),
        "baseline_sentence_transformers_chunks_per_s": round(len(texts) / baseline_embed_s, 1),
        "ingest_after_model_load_s": round(ingest_s, 2),
        "reingest_unchanged_s": round(reingest_s, 2),
        "ingest_errors": len(report.errors),
        "tca_help_s": round(help_s, 3),
        "python_start_s": round(bare_python_s, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = measure(args.corpus)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key:48} {value}")


if __name__ == "__main__":
    main()
