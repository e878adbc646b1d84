"""Concurrent clients against the app's ``/ask`` API on loopback: every client asks
question after question for a bounded time; prints requests, errors and latency
percentiles (p50, p95, max; queueing included, as a user waits for it).

    python -m bench.concurrency_bench [--clients 20] [--seconds 30] [--max-requests N]
                                      [--url http://127.0.0.1:7860/] [--data-dir DIR] [--json]

Without ``--url`` it starts ``tca serve`` on a free port with a fresh data dir (the demo
corpus seeds itself) and stops it afterwards. The model is ``TCA_EMBEDDING_MODEL``
(default minilm, as users run it).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench.processes import free_port, stop, wait_for_http

REPO = Path(__file__).resolve().parents[1]
QUESTIONS = [
    "How have others addressed apprenticeships?",
    "What have institutions done about technician career pathways?",
    "How do institutions recognise technicians through awards?",
    "How is technician visibility improved in research outputs?",
    "What mentoring and shadowing schemes exist for technicians?",
    "How do institutions plan succession for retiring technicians?",
    "What development funds are available to technical staff?",
    "How are technicians represented on committees?",
]
READY_TIMEOUT_S = 300


@contextmanager
def running_app(data_dir: Path, port: int, env: dict | None = None) -> Iterator[str]:
    """``tca serve`` as a user starts it; yields its URL; SIGTERM (then SIGKILL) after.
    Its output goes to ``serve-PORT.log`` beside the data dir (a pipe nobody reads
    would fill up and stall the app)."""
    full_env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", **(env or {})}
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    log = data_dir.parent / f"serve-{port}.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "cli.main", "serve", "--port", str(port), "--data-dir", str(data_dir)],
            cwd=REPO, env=full_env, stdout=output, stderr=subprocess.STDOUT, text=True,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_http(url, process, READY_TIMEOUT_S, log)  # once the demo corpus is seeded
        yield url
    finally:
        stop(process)


@dataclass
class LoadResult:
    clients: int
    seconds: float
    latencies_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    empty_answers: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, latency_s: float, error: str | None, empty: bool) -> None:
        with self._lock:
            if error is None:
                self.latencies_s.append(latency_s)
                self.empty_answers += empty
            else:
                self.errors.append(error)

    @property
    def requests(self) -> int:
        return len(self.latencies_s) + len(self.errors)

    def percentile(self, q: float) -> float:
        """Nearest-rank percentile of the successful requests' latency."""
        ordered = sorted(self.latencies_s)
        if not ordered:
            return float("nan")
        return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]

    def to_json(self) -> dict:
        return {
            "clients": self.clients,
            "seconds": round(self.seconds, 1),
            "requests": self.requests,
            "ok": len(self.latencies_s),
            "errors": len(self.errors),
            "error_samples": self.errors[:5],
            "empty_answers": self.empty_answers,
            "throughput_per_s": round(len(self.latencies_s) / self.seconds, 2) if self.seconds else 0.0,
            "p50_s": round(self.percentile(50), 3),
            "p95_s": round(self.percentile(95), 3),
            "max_s": round(max(self.latencies_s, default=float("nan")), 3),
            "mean_s": round(statistics.fmean(self.latencies_s), 3) if self.latencies_s else None,
        }


def _client(url: str):
    from gradio_client import Client

    return Client(url, verbose=False, download_files=False)


def _ask_once(client, question: str) -> tuple[float, str | None, bool]:
    started = time.perf_counter()
    try:
        markdown, sources = client.predict(question, api_name="/ask")
    except Exception as exc:  # noqa: BLE001 - every failure is counted, not raised
        return time.perf_counter() - started, f"{type(exc).__name__}: {str(exc)[:200]}", False
    elapsed = time.perf_counter() - started
    if not isinstance(markdown, str) or not isinstance(sources, list):
        return elapsed, f"unexpected reply types {type(markdown).__name__}, {type(sources).__name__}", False
    return elapsed, None, not markdown.strip()


def run_load(url: str, clients: int = 20, seconds: float = 30, max_requests: int | None = None, seed: int = 0) -> LoadResult:
    """``clients`` threads, each with its own gradio_client, asking until ``seconds`` pass
    or ``max_requests`` have been sent in all; requests in flight at the deadline finish."""
    connected = [_client(url) for _ in range(clients)]  # connecting is not part of the load
    result = LoadResult(clients=clients, seconds=0.0)
    budget = threading.Semaphore(max_requests) if max_requests else None
    start_line = threading.Barrier(clients + 1)
    deadline_box: list[float] = []

    def work(index: int) -> None:
        rng = random.Random(seed + index)
        client = connected[index]
        start_line.wait()
        while time.monotonic() < deadline_box[0]:
            if budget is not None and not budget.acquire(blocking=False):
                return
            latency, error, empty = _ask_once(client, rng.choice(QUESTIONS))
            result.record(latency, error, empty)

    threads = [threading.Thread(target=work, args=(i,), name=f"client-{i}", daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    started = time.monotonic()
    deadline_box.append(started + seconds)
    start_line.wait()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - started
    for client in connected:
        _close(client)
    return result


def _close(client) -> None:
    try:
        client.close()
    except Exception:  # noqa: BLE001 - closing is best effort
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--max-requests", type=int, default=None)
    parser.add_argument("--url", default=None, help="an app already running (else one is started)")
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.url:
        result = run_load(args.url, args.clients, args.seconds, args.max_requests)
    else:
        data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="tca-concurrency-")) / "data"
        with running_app(data_dir, free_port()) as url:
            result = run_load(url, args.clients, args.seconds, args.max_requests)
    report = result.to_json()
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(
            f"{report['clients']} clients, {report['seconds']} s: {report['requests']} requests, "
            f"{report['errors']} errors, {report['throughput_per_s']}/s; latency p50 {report['p50_s']} s, "
            f"p95 {report['p95_s']} s, max {report['max_s']} s"
        )
        for sample in report["error_samples"]:
            print(f"  error: {sample}")
    return 1 if result.errors else 0


if __name__ == "__main__":
    sys.exit(main())
