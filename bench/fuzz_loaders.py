"""Fuzz the loaders: mutated PDFs, DOCX packages and text files go through the whole parse
(``ingest.pipeline.parse_file``, which starts with ``load_document``). The only allowed
outcomes are a parsed document or an ``IngestError``; anything else (another exception,
a call past the time bound, the worker process dying) is a failure, saved for replay.

    python -m bench.fuzz_loaders [--examples 3000] [--timeout 20] [--keep DIR] [--json]

Prints how many inputs were tried and what came of them. The test suite runs the same
generator for ~200 examples (tests/ingest/test_fuzz_loaders.py).

Inputs come from seeds: small files generated here (an uncompressed PDF, whose content
streams mutations can reach, a DOCX with headings, a list, a table and a page break,
Markdown with headings and a pipe table) plus real files of the demo corpus and
../shared/corpus. Mutations act on the bytes (flip, overwrite, insert format tokens,
delete, duplicate, truncate); for DOCX, also on the XML parts inside the package, which
is then zipped again so the damage reaches python-docx rather than stopping at the zip.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.fuzz_inputs import FuzzInput, fuzz_inputs, make_seeds

TIME_BOUND_S = 20.0
WORKER_START_S = 120.0  # imports and the OCR models, before any file is timed
OCR_BOUND_FACTOR = 6  # a mutated PDF whose pages are all read by OCR gets this many bounds
MEMORY_LIMIT_BYTES = 3 * 1024**3


# -- seeds -----------------------------------------------------------------------------


# -- mutations -------------------------------------------------------------------------


# -- running a parse in a worker with a time bound ----------------------------------------------


class LoaderWorker:
    """The app's own reader process (ingest/worker.py: a separate process parsing one file
    at a time, killed and replaced after a timeout) with the fuzzer's outcomes: a hang is
    a timeout we acted on, and a crash of the interpreter is an outcome."""

    def __init__(self, time_bound_s: float = TIME_BOUND_S):
        from ingest.worker import ParseWorker

        self._worker = ParseWorker(time_bound_s, None, 256, MEMORY_LIMIT_BYTES)

    @property
    def time_bound_s(self) -> float:
        return self._worker.time_limit_s

    @time_bound_s.setter
    def time_bound_s(self, seconds: float) -> None:
        self._worker.time_limit_s = seconds

    def parse(self, path: Path) -> tuple[str, str, float]:
        """(outcome, detail, seconds): outcome is parsed, ingest_error, crash, hang or died."""
        from ingest.models import IngestError
        from ingest.worker import ParseTimeout, ReaderFailed

        started = time.monotonic()
        try:
            parsed = self._worker.parse(path, "fuzz")
            outcome, detail = "parsed", f"{len(parsed.chunks)} chunks"
        except ParseTimeout:
            outcome, detail = "hang", f"no result after {self.time_bound_s:g} s"
        except ReaderFailed as exc:
            outcome, detail = ("died" if exc.detail.startswith("worker exit code") else "crash"), exc.detail
        except IngestError as exc:
            outcome, detail = "ingest_error", exc.reason
        return outcome, detail, time.monotonic() - started

    def close(self) -> None:
        self._worker.close()


FAILURES = ("crash", "hang", "died")


@dataclass
class Tally:
    """What came of each input, and the failing ones kept for replay."""

    outcomes: Counter = field(default_factory=Counter)
    reasons: Counter = field(default_factory=Counter)
    by_seed: Counter = field(default_factory=Counter)
    failures: list[dict] = field(default_factory=list)
    slowest_s: float = 0.0

    @property
    def tried(self) -> int:
        return sum(self.outcomes.values())

    def record(self, item: FuzzInput, outcome: str, detail: str, seconds: float, keep: Path | None) -> None:
        self.outcomes[outcome] += 1
        self.by_seed[item.seed] += 1
        self.slowest_s = max(self.slowest_s, seconds)
        if outcome == "ingest_error":
            self.reasons[_reason_kind(detail)] += 1
        if outcome in FAILURES:
            saved = _save(item, keep) if keep else None
            self.failures.append({"seed": item.seed, "suffix": item.suffix, "outcome": outcome, "detail": detail, "saved": saved})

    def to_json(self) -> dict:
        return {
            "tried": self.tried,
            "outcomes": dict(self.outcomes),
            "ingest_error_reasons": dict(self.reasons.most_common()),
            "by_seed": dict(self.by_seed),
            "slowest_s": round(self.slowest_s, 2),
            "failures": self.failures,
        }


def _reason_kind(reason: str) -> str:
    """The reason up to its first detail: 'truncated or corrupt PDF', 'not a valid DOCX', ..."""
    return reason.split(":")[0].split("(")[0].strip()[:60]


def _save(item: FuzzInput, keep: Path) -> str:
    keep.mkdir(parents=True, exist_ok=True)
    path = keep / f"failure-{len(list(keep.iterdir())):04d}-{item.seed}{item.suffix}"
    path.write_bytes(item.data)
    return str(path)


def run_one(worker: LoaderWorker, item: FuzzInput, folder: Path, tally: Tally, keep: Path | None = None) -> str:
    """Write the input under a neutral name with its extension, parse it, record the outcome."""
    path = folder / f"input{item.suffix}"
    path.write_bytes(item.data)
    outcome, detail, seconds = worker.parse(path)
    tally.record(item, outcome, detail, seconds, keep)
    return outcome


def fuzz(examples: int, time_bound_s: float, keep: Path | None) -> Tally:
    """Run ``examples`` inputs through one worker, driven by hypothesis (no shrinking: each
    input is tried once and counted)."""
    from hypothesis import HealthCheck, Phase, given, settings

    tally = Tally()
    seeds = make_seeds()
    worker = LoaderWorker(time_bound_s)
    folder = Path(tempfile.mkdtemp(prefix="tca-fuzz-"))

    @settings(
        max_examples=examples, deadline=None, database=None, phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(fuzz_inputs(seeds))
    def one(item: FuzzInput) -> None:
        run_one(worker, item, folder, tally, keep)

    try:
        one()
    finally:
        worker.close()
        shutil.rmtree(folder, ignore_errors=True)
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=3000)
    parser.add_argument("--timeout", type=float, default=TIME_BOUND_S, help="seconds allowed per input")
    parser.add_argument("--keep", type=Path, default=None, help="save failing inputs here")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    started = time.monotonic()
    tally = fuzz(args.examples, args.timeout, args.keep)
    report = {**tally.to_json(), "seconds": round(time.monotonic() - started, 1), "time_bound_s": args.timeout}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        _print_report(report)
    return 1 if tally.failures else 0


def _print_report(report: dict) -> None:
    print(f"inputs tried: {report['tried']} in {report['seconds']} s (bound {report['time_bound_s']} s per input, slowest {report['slowest_s']} s)")
    for outcome, count in sorted(report["outcomes"].items()):
        print(f"  {outcome:13} {count}")
    print("ingest errors by reason:")
    for reason, count in report["ingest_error_reasons"].items():
        print(f"  {count:6}  {reason}")
    print("inputs per seed: " + ", ".join(f"{seed} {n}" for seed, n in report["by_seed"].items()))
    for failure in report["failures"]:
        print(f"FAILURE {failure['outcome']} from {failure['seed']} as {failure['suffix']}: {failure['detail'][-600:]}")
    if not report["failures"]:
        print("no crash, no hang: every input parsed or gave a clear IngestError")


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.exit(main())
