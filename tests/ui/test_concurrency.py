"""Twenty clients asking at once through the app's ``/ask`` API on loopback, for a bounded
time: every request answers (no errors, no empty replies) and the p95 latency is
reported. The full-length run is ``python -m bench.concurrency_bench``."""

from __future__ import annotations

import pytest

from bench.concurrency_bench import run_load, running_app
from bench.processes import free_port

pytestmark = pytest.mark.slow

CLIENTS = 20
SECONDS = 15
MAX_REQUESTS = 300


def test_twenty_concurrent_clients_get_answers_without_errors(tmp_path):
    with running_app(tmp_path / "data", free_port()) as url:
        result = run_load(url, clients=CLIENTS, seconds=SECONDS, max_requests=MAX_REQUESTS)

    report = result.to_json()
    print(f"\n{CLIENTS} clients for {report['seconds']} s: {report['ok']} answers, {report['errors']} errors, "
          f"p50 {report['p50_s']} s, p95 {report['p95_s']} s, max {report['max_s']} s")
    assert result.errors == []
    assert report["ok"] >= CLIENTS  # every client got at least one answer's worth of service
    assert report["empty_answers"] == 0
