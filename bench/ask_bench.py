"""Ask benchmark: end-to-end ask latency (extractive, in-process), retrieval-only latency,
exact brute-force search and the dense index's recall against it, peak RSS, and the wall
time of one cold ``tca ask`` process, on the shared corpus and on a synthetic corpus of N
chunks (``bench/synthetic.py``: real store, vectors derived from really embedded pool
sentences).

    python -m bench.ask_bench [--chunks N] [--data-dir DIR] [--corpus DIR] [--json]
    tca bench [--chunks N] [--data-dir DIR] [--json]

Each corpus is measured in its own fresh process so that peak RSS is that corpus's
answering cost alone (not the build's, nor the other corpus's). Latencies are medians and
95th percentiles over every question in ``bench/questions.py``, asked ``rounds`` times
after one warm-up question.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "pdf"
DEFAULT_CHUNKS = 100_000
EXACT_K = 10
VECTOR_BATCH = 5000

# Floors on this machine at 100k chunks (issue 3; ask and cold ask tightened by issue 11,
# which answers by weighing every statement); cli_ask_cold_s is for the shared corpus.
FLOORS: dict[str, tuple[str, float]] = {
    "retrieval_p50_ms": ("<", 100.0),
    "ask_p50_ms": ("<", 400.0),
    "recall_vs_exact": (">=", 0.98),
    "rss_mb": ("<", 2048.0),
    "cli_ask_cold_s": ("<", 3.0),
}
KEYS = ("retrieval_p50_ms", "retrieval_p95_ms", "ask_p50_ms", "ask_p95_ms", "exact_p50_ms",
        "recall_vs_exact", "rss_mb", "cli_ask_cold_s")


# -- timing helpers --------------------------------------------------------------------
def percentile(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values, dtype=np.float64), q)) if values else float("nan")


def timed_calls(calls: dict[str, Callable[[str], object]], questions: Sequence[str], rounds: int = 1) -> dict:
    """Wall and CPU milliseconds per call, the calls interleaved question by question (in
    alternating order, so neither always finds the other's cache warm) so that a burst of
    load from other processes hits every kind of call alike."""
    times: dict[str, list[float]] = {f"{name}_{clock}": [] for name in calls for clock in ("wall", "cpu")}
    for _ in range(rounds):
        for number, question in enumerate(questions):
            order = list(calls.items()) if number % 2 == 0 else list(reversed(calls.items()))
            for name, call in order:
                wall, cpu = time.perf_counter(), time.process_time()
                call(question)
                times[f"{name}_cpu"].append((time.process_time() - cpu) * 1000)
                times[f"{name}_wall"].append((time.perf_counter() - wall) * 1000)
    return times


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far. Linux's ``VmHWM`` where there is
    one: ``getrusage`` maxrss of a child started by fork+exec also counts the parent's
    pages at the fork (the benchmark's parent may hold torch: ~700 MB that the child
    never uses)."""
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# -- exact search ------------------------------------------------------------------------
def load_all_vectors(store, batch: int = VECTOR_BATCH) -> tuple[list[str], np.ndarray]:
    """Every vector in the dense index, fetched from Chroma in batches."""
    collection = store.dense.collection
    total = collection.count()
    ids: list[str] = []
    matrix = np.zeros((total, store.embedder.dimension), dtype=np.float32)
    for offset in range(0, total, batch):
        got = collection.get(include=["embeddings"], limit=batch, offset=offset)
        matrix[len(ids) : len(ids) + len(got["ids"])] = np.asarray(got["embeddings"], dtype=np.float32)
        ids.extend(got["ids"])
    matrix = matrix[: len(ids)]
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
    return ids, matrix


def exact_top_k(matrix: np.ndarray, vector: np.ndarray, k: int = EXACT_K) -> np.ndarray:
    """Row indices of the ``k`` most cosine-similar vectors, best first (rows are unit length)."""
    scores = matrix @ (vector / max(float(np.linalg.norm(vector)), 1e-12))
    k = min(k, len(scores))
    top = np.argpartition(-scores, k - 1)[:k]
    return top[np.argsort(-scores[top])]


def measure_exact(store, questions: Sequence[str], k: int = EXACT_K) -> dict:
    """Brute-force numpy top-k latency, and the recall@k of the store's dense index
    (Chroma HNSW) against it, for each question's dense vector."""
    ids, matrix = load_all_vectors(store)
    vectors = [store.embedder.embed([q])[0] for q in questions]  # as the retriever does: no torch
    times, recalls = [], []
    for vector in vectors:
        start = time.perf_counter()
        top = exact_top_k(matrix, vector, k)
        times.append((time.perf_counter() - start) * 1000)
        exact_ids = {ids[i] for i in top}
        found = {hit.chunk_id for hit in store.dense_search(vector, k)}
        recalls.append(len(exact_ids & found) / max(len(exact_ids), 1))
    return {"exact_p50_ms": percentile(times, 50), "recall_vs_exact": float(np.mean(recalls)) if recalls else 0.0,
            "vectors": len(ids)}


# -- latency ---------------------------------------------------------------------------
def measure_latency(store, settings, questions: Sequence[str], rounds: int = 2) -> dict:
    """Retrieval-only and end-to-end ask latency (extractive), after one warm-up."""
    from assistant.ask.retrieval import HybridRetriever
    from assistant.services import build_ask_service

    retriever = HybridRetriever(store)
    service = build_ask_service(settings.model_copy(update={"llm": None}), store)
    retriever.retrieve(questions[0])  # warm-up: opens Chroma, loads the query encoder
    service.ask(questions[0])
    times = timed_calls({"retrieval": retriever.retrieve, "ask": service.ask}, questions, rounds)
    found = sum(service.find(q).evidence.found for q in questions)
    figures = {"questions": len(questions), "answered": found}
    for name in ("retrieval", "ask"):
        figures[f"{name}_p50_ms"] = percentile(times[f"{name}_wall"], 50)
        figures[f"{name}_p95_ms"] = percentile(times[f"{name}_wall"], 95)
        figures[f"{name}_cpu_p50_ms"] = percentile(times[f"{name}_cpu"], 50)  # less sensitive to other load
    return figures


def tca_command() -> list[str]:
    script = Path(sys.executable).parent / "tca"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "cli.main"]


def child_environment(settings) -> dict[str, str]:
    """The benchmark's settings for a child process; extractive (no language model)."""
    environment = {k: v for k, v in os.environ.items() if k != "TCA_LLM"}
    environment["TCA_EMBEDDING_MODEL"] = settings.embedding_model
    return environment


def cli_ask_cold_s(store_dir: Path, question: str, settings, runs: int = 3) -> float:
    """Median wall time of a one-shot ``tca ask QUESTION --data-dir STORE`` process."""
    command = [*tca_command(), "ask", question, "--data-dir", str(store_dir), "--json"]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, env=child_environment(settings))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def store_questions(store) -> list[str]:
    from bench.questions import questions_for

    return questions_for(store.catalog.document_institutions()[:3])


def measure_store(store, settings, rounds: int = 2, cli_runs: int = 3) -> dict:
    """Every figure for one store, in this process: latencies first, then peak RSS
    (answering only), then the exact search (which holds every vector in memory)."""
    questions = store_questions(store)
    figures = measure_latency(store, settings, questions, rounds)
    figures["rss_mb"] = peak_rss_mb()
    figures.update(measure_exact(store, questions))
    figures["rss_with_exact_mb"] = peak_rss_mb()
    figures["chunks"] = store.catalog.count_chunks()
    figures["cli_ask_cold_s"] = (
        cli_ask_cold_s(store.location.data_dir, questions[0], settings, cli_runs) if cli_runs else None
    )
    return {key: _rounded(value) for key, value in figures.items()}


def _rounded(value):
    return round(value, 3) if isinstance(value, float) else value


# -- preparing the stores --------------------------------------------------------------
def prepare_shared(data_dir: Path, corpus: Path, settings) -> Path:
    """The shared corpus ingested into ``<data dir>/bench/shared`` (a no-op when unchanged)."""
    from assistant.library import ingest_paths
    from assistant.services import open_store

    folder = data_dir / "bench" / "shared"
    store = open_store(settings.with_data_dir(folder))
    report = ingest_paths(store, [corpus])
    if not report.documents and not store.documents():
        raise RuntimeError(f"{corpus}: nothing could be ingested")
    store.close()
    return folder


def prepare_synthetic(data_dir: Path, chunks: int, settings, on_progress=None) -> dict:
    """Build (or reuse) the synthetic store; returns its folder and how it was made."""
    from assistant.services import build_embedder, build_second_opinion
    from bench.synthetic import build_synthetic_store

    built = build_synthetic_store(
        data_dir, chunks, build_embedder(settings), on_progress=on_progress, second=build_second_opinion(settings))
    info = {"folder": str(built.folder), "reused": built.reused, "build_s": round(built.build_s, 2),
            "vector_fidelity": built.fidelity, "consistency": built.store.consistency()}
    built.store.close()
    return info


def measure_in_child(store_dir: Path, settings, rounds: int, cli_runs: int) -> dict:
    """``measure_store`` in a fresh process (clean peak RSS); its JSON is the last line."""
    command = [sys.executable, "-m", "bench.ask_bench", "--measure", str(store_dir),
               "--rounds", str(rounds), "--cli-runs", str(cli_runs)]
    done = subprocess.run(command, capture_output=True, text=True, env=child_environment(settings), cwd=REPO)
    if done.returncode != 0:
        raise RuntimeError(f"measuring {store_dir} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_bench(
    data_dir: Path, chunks: int, settings, corpus: Path = DEFAULT_CORPUS, rounds: int = 2, cli_runs: int = 3,
    on_progress=None,
) -> dict:
    """Prepare both stores here, measure each in its own process."""
    from bench.synthetic import DESCRIPTION

    shared_dir = prepare_shared(data_dir, corpus, settings) if corpus.exists() else None
    synthetic = prepare_synthetic(data_dir, chunks, settings, on_progress)
    result: dict = {"chunks": chunks}
    if shared_dir is not None:
        result["shared"] = measure_in_child(shared_dir, settings, rounds, cli_runs)
    result["synthetic"] = measure_in_child(Path(synthetic["folder"]), settings, rounds, cli_runs)
    result["synthetic"].update(
        build_s=synthetic["build_s"], reused=synthetic["reused"], vector_fidelity=synthetic["vector_fidelity"]
    )
    result["synthetic_vectors"] = DESCRIPTION
    result["floors"] = {key: floor_text(floor) for key, floor in FLOORS.items()}
    result["passed"] = floors_passed(result)
    return result


def floors_passed(result: dict) -> dict[str, bool]:
    """Each floor checked at the synthetic size, ``cli_ask_cold_s`` on the shared corpus."""
    passed = {}
    for key, floor in FLOORS.items():
        corpus = "shared" if key == "cli_ask_cold_s" else "synthetic"
        value = result.get(corpus, {}).get(key)
        if value is not None:
            passed[key] = meets_floor(value, floor)
    return passed


def meets_floor(value: float, floor: tuple[str, float]) -> bool:
    """``floor`` is ``("<", limit)`` or ``(">=", limit)``."""
    op, limit = floor
    return value < limit if op == "<" else value >= limit


def floor_text(floor: tuple[str, float] | None) -> str:
    return f"{floor[0]} {floor[1]:g}" if floor else ""


# -- output ----------------------------------------------------------------------------
def render_table(result: dict) -> str:
    corpora = [c for c in ("shared", "synthetic") if c in result]
    headers = {"shared": "shared", "synthetic": f"synthetic {result['chunks']:,}"}
    lines = [f"{'figure':22}" + "".join(f"{headers[c]:>18}" for c in corpora) + f"{'floor':>12}  ok"]
    for key in (*KEYS, "retrieval_cpu_p50_ms", "ask_cpu_p50_ms", "rss_with_exact_mb", "chunks", "answered"):
        row = f"{key:22}" + "".join(f"{show_value(result[c].get(key)):>18}" for c in corpora)
        floor = FLOORS.get(key)
        ok = result.get("passed", {}).get(key)
        row += f"{floor_text(floor):>12}  {ok_text(ok)}"
        lines.append(row)
    synthetic = result.get("synthetic", {})
    lines.append("")
    lines.append(f"synthetic store: {'reused' if synthetic.get('reused') else 'built in ' + str(synthetic.get('build_s')) + ' s'}; "
                 f"derived vectors' mean cosine to the real embedding: {synthetic.get('vector_fidelity')}")
    lines.append(f"synthetic vectors: {result.get('synthetic_vectors', '')}")
    return "\n".join(lines)


def show_value(value) -> str:
    if value is None:
        return "-"
    return f"{value:,.3f}" if isinstance(value, float) else f"{value:,}" if isinstance(value, int) else str(value)


def ok_text(ok: bool | None) -> str:
    return "" if ok is None else ("yes" if ok else "NO")


def _measure_main(store_dir: Path, rounds: int, cli_runs: int) -> None:
    from assistant.services import open_store
    from assistant.settings import load_settings

    settings = load_settings().with_data_dir(store_dir)
    print(json.dumps(measure_store(open_store(settings), settings, rounds, cli_runs)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=DEFAULT_CHUNKS)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--cli-runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # internal: one store, in this process
    args = parser.parse_args()
    if args.measure:
        _measure_main(args.measure, args.rounds, args.cli_runs)
        return
    from assistant.settings import load_settings

    settings = load_settings().with_data_dir(args.data_dir)
    result = run_bench(settings.data_dir, args.chunks, settings, args.corpus, args.rounds, args.cli_runs,
                       on_progress=progress_printer())
    print(json.dumps(result, indent=2) if args.json else render_table(result))


def progress_printer(step: int = 5000) -> Callable[[int, int], None]:
    """Build progress on stderr, every ``step`` chunks."""
    last = [0]
    start = time.perf_counter()

    def report(done: int, total: int) -> None:
        if done - last[0] >= step or done == total:
            last[0] = done
            print(f"synthetic store: {done:,}/{total:,} chunks, {time.perf_counter() - start:.0f} s", file=sys.stderr)

    return report


if __name__ == "__main__":
    main()
