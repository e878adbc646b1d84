"""Embedding benchmark: plain sentence-transformers against each embedder path, in one run.

    python -m bench.embed_bench [--corpus DIR] [--rounds N] [--json]

The texts are the chunks ingest makes of the corpus (``parse_file``, then what the store
embeds). The baseline is plain ``SentenceTransformer(path).encode(texts)`` (its default
batch of 32). Rounds are interleaved, each round in a rotated order, so a machine shared
with other work slows every path alike; figures are medians over rounds. The speed-up is
the median of each round's ratio to that round's baseline. CPU time is the process's
(all threads) for one pass over the texts. Cosines compare each path's vectors with the
baseline's, text by text.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "pdf"
BASELINE = "sentence-transformers"
CANDIDATES = ("minilm", "minilm-onnx", "minilm-onnx-int8")  # registry keys
PAUSE_S = 0.3  # lets the previous path's threads go idle before the next is timed


def chunk_texts(corpus: Path, embedder) -> list[str]:
    from ingest.chunk import embedding_text
    from ingest.models import IngestError
    from ingest.pipeline import SUPPORTED_SUFFIXES, parse_file

    texts = []
    for path in sorted(corpus.iterdir()):
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        try:
            parsed = parse_file(path, path.stem, embedder.count_tokens, embedder.max_tokens)
        except IngestError:
            continue  # an edge file the ingest report names; it has no chunks to embed
        texts += [embedding_text(chunk) for chunk in parsed.chunks]
    return texts


def _paths(texts: list[str], cache_dir: Path) -> tuple[dict[str, Callable[[], np.ndarray]], dict[str, float]]:
    """Each path as a no-argument call, warmed up (models loaded, ONNX built) untimed;
    also how long the warm-up took (for the ONNX paths: building the cached model)."""
    from sentence_transformers import SentenceTransformer

    from vectorstore.embedder import make_embedder, packaged_minilm_path

    model = SentenceTransformer(str(packaged_minilm_path()), device="cpu")
    paths: dict[str, Callable[[], np.ndarray]] = {BASELINE: lambda: model.encode(texts)}
    for name in CANDIDATES:
        embedder = make_embedder(name, cache_dir=cache_dir)
        paths[name] = lambda embedder=embedder: embedder.embed(texts)
    warm_up_s = {}
    for name, run in paths.items():
        start = time.perf_counter()
        run()
        warm_up_s[name] = time.perf_counter() - start
    return paths, warm_up_s


def measure(corpus: Path, rounds: int, cache_dir: Path) -> dict:
    from vectorstore.embedder import make_embedder

    texts = chunk_texts(corpus, make_embedder("minilm"))
    paths, warm_up_s = _paths(texts, cache_dir)
    names = list(paths)
    rates: dict[str, list[float]] = {n: [] for n in names}
    cpu: dict[str, list[float]] = {n: [] for n in names}
    vectors: dict[str, np.ndarray] = {}
    for number in range(rounds):
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            time.sleep(PAUSE_S)
            wall, process = time.perf_counter(), time.process_time()
            vectors[name] = np.asarray(paths[name](), dtype=np.float32)
            rates[name].append(len(texts) / (time.perf_counter() - wall))
            cpu[name].append(time.process_time() - process)
    base = vectors[BASELINE]
    results = {}
    for name in names:
        cosines = np.sum(vectors[name] * base, axis=1)
        ratios = [rate / b for rate, b in zip(rates[name], rates[BASELINE], strict=True)]
        results[name] = {
            "chunks_per_s": round(statistics.median(rates[name]), 1),
            "speedup": round(statistics.median(ratios), 2),
            "cpu_s": round(statistics.median(cpu[name]), 2),
            "cosine_mean": round(float(cosines.mean()), 5),
            "cosine_min": round(float(cosines.min()), 5),
            "warm_up_s": round(warm_up_s[name], 2),
            "rounds_chunks_per_s": [round(r, 1) for r in rates[name]],
        }
    return {"chunks": len(texts), "rounds": rounds, "baseline": BASELINE, "paths": results}


def table(figures: dict) -> str:
    lines = [
        f"{figures['chunks']} chunks, {figures['rounds']} interleaved rounds; medians; "
        f"baseline: plain {BASELINE} encode (batch 32)",
        f"{'path':22} {'chunks/s':>9} {'speed-up':>9} {'CPU s':>7} {'cos mean':>9} {'cos min':>8} {'warm-up s':>10}",
    ]
    for name, row in figures["paths"].items():
        lines.append(
            f"{name:22} {row['chunks_per_s']:9.1f} {row['speedup']:8.2f}x {row['cpu_s']:7.2f} "
            f"{row['cosine_mean']:9.5f} {row['cosine_min']:8.5f} {row['warm_up_s']:10.2f}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cache-dir", type=Path, help="ONNX model cache (default: a fresh temp dir, so the build is timed as warm-up)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        figures = measure(args.corpus, args.rounds, args.cache_dir or Path(scratch))
    print(json.dumps(figures, indent=2) if args.json else table(figures))


if __name__ == "__main__":
    main()
