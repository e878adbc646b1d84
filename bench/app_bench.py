"""App benchmark: seconds from starting ``tca serve`` to HTTP 200 and to the first
``/ask`` answer (through ``gradio_client``), with the demo corpus already ingested.

    python -m bench.app_bench [--data-dir DIR] [--runs 3] [--json]

The store is prepared first (the demo corpus ingested into DIR, default a temp folder,
kept between runs when given), so the timings are of a launch, not of seeding. Each run
starts a fresh process; the figure is the median over runs. Target: ready < 15 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.processes import free_port, stop, wait_for_http

REPO = Path(__file__).resolve().parents[1]
QUESTION = "How have others addressed apprenticeships?"
TARGET_S = 15.0


def _environment(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TCA_")}
    env.update(
        HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False", ANONYMIZED_TELEMETRY="False",
        TCA_DATA_DIR=str(data_dir),
    )
    return env


def prepare_store(data_dir: Path) -> None:
    """Ingest the demo corpus (a no-op when it already is)."""
    subprocess.run(
        [sys.executable, "-m", "cli.main", "ingest", str(REPO / "demo_corpus"), "--json"],
        cwd=REPO, env=_environment(data_dir), check=True, stdout=subprocess.DEVNULL,
    )


def one_launch(data_dir: Path, timeout: float = 120.0) -> dict[str, float]:
    """Start the app once; seconds to HTTP 200 and to the first /ask answer."""
    from gradio_client import Client

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--port", str(port), "--no-demo"],
        cwd=REPO, env=_environment(data_dir), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_http(url, process, timeout, poll_s=0.05)  # fine-grained: this is what is timed
        http_s = time.monotonic() - started
        markdown, sources = Client(url, verbose=False).predict(QUESTION, api_name="/ask")
        ask_s = time.monotonic() - started
        if "[1]" not in markdown or not sources:
            raise RuntimeError("the first /ask came back without citations")
        return {"http_200_s": http_s, "first_answer_s": ask_s}
    finally:
        stop(process)


def run(data_dir: Path, runs: int) -> dict:
    prepare_store(data_dir)
    launches = [one_launch(data_dir) for _ in range(runs)]
    ready = statistics.median(x["first_answer_s"] for x in launches)
    return {
        "runs": launches,
        "http_200_s": round(statistics.median(x["http_200_s"] for x in launches), 2),
        "first_answer_s": round(ready, 2),
        "target_s": TARGET_S,
        "ok": ready < TARGET_S,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="store to use (demo corpus ingested into it); default a temp folder")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tca-app-bench-") as scratch:
        result = run(args.data_dir or Path(scratch) / "data", max(args.runs, 1))
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"app launch -> HTTP 200:          {result['http_200_s']:.2f} s (median of {len(result['runs'])})")
        print(f"app launch -> first /ask answer: {result['first_answer_s']:.2f} s (target < {TARGET_S:.0f} s: {'ok' if result['ok'] else 'MISSED'})")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
