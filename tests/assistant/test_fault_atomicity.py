"""Ingestion is atomic per document: ``tca ingest`` killed with SIGKILL anywhere in a large
batch leaves no half document (Chroma, the keyword index and the registry agree chunk id
by chunk id), and running it again stores the rest.

Each kill lands at a different moment: after some documents are stored, while a
document's vectors are journalled but not yet swapped into the catalog, and after a
random delay. After each kill the store is opened in a fresh process (which runs
recovery, as a user's next command would) and audited.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.store_audit import is_consistent

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]

MIN_FILES = 40
SHARED = REPO.parent / "shared" / "corpus"


def many_files(folder: Path) -> list[Path]:
    """40+ distinct files: the demo corpus and, where present, the shared TXT extractions,
    each copied with its own last line (so bytes and doc ids differ), plus the shared PDFs."""
    folder.mkdir()
    shared = SHARED if (SHARED / "txt").is_dir() else None
    sources = [p for p in sorted((REPO / "demo_corpus").iterdir()) if p.suffix in (".md", ".txt") and p.stem != "README"]
    if shared is not None:
        sources += sorted((shared / "txt").glob("*.txt"))
    for n in range(1, -(-MIN_FILES // len(sources)) + 1):
        for source in sources:
            target = folder / f"copy{n}-{source.name}"
            target.write_text(source.read_text(encoding="utf-8", errors="replace") + f"\n\nCopy number {n} of this file.\n")
    if shared is not None:
        for pdf in sorted((shared / "pdf").glob("*.pdf")):
            shutil.copy(pdf, folder / pdf.name)
    return sorted(folder.iterdir())


def start_ingest(folder: Path, data_dir: Path, model: str) -> subprocess.Popen:
    env = {**os.environ, "TCA_EMBEDDING_MODEL": model}
    return subprocess.Popen(
        [sys.executable, "-m", "cli.main", "ingest", str(folder), "--data-dir", str(data_dir), "--json"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def catalog_count(data_dir: Path, table: str) -> int:
    """Rows in a catalog table, read from outside the ingest process (0 before it exists)."""
    path = data_dir / "catalog.sqlite"
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
            return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def wait_until(condition: Callable[[], bool], process: subprocess.Popen, limit_s: float) -> bool:
    """Poll ``condition`` until it holds, the process ends, or ``limit_s`` passes."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline and process.poll() is None:
        if condition():
            return True
        time.sleep(0.002)
    return False


def kill_hard(process: subprocess.Popen) -> bool:
    """SIGKILL; True when the process was still running (the kill really interrupted it)."""
    alive = process.poll() is None
    if alive:
        process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    return alive


def audit_store(data_dir: Path, model: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "tests.support.store_audit", str(data_dir)],
        cwd=REPO, capture_output=True, text=True, timeout=120, env={**os.environ, "TCA_EMBEDDING_MODEL": model},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def kill_points(rng: random.Random, total: int) -> list[tuple[str, Callable]]:
    """Where each round's SIGKILL lands: a description and a trigger(data_dir, process)."""

    def after_documents(n):
        return lambda d, p: wait_until(lambda: catalog_count(d, "documents") >= n, p, 300)

    def mid_document(n):  # past n stored documents, with vectors journalled but not yet swapped in
        return lambda d, p: after_documents(n)(d, p) and wait_until(lambda: catalog_count(d, "journal") > 0, p, 300)

    def after_delay(seconds):
        return lambda d, p: time.sleep(seconds) or True

    return [
        ("after 3 documents", after_documents(3)),
        ("mid-document after 5", mid_document(5)),
        (f"after {total // 3} documents", after_documents(total // 3)),
        (f"mid-document after {total // 3 + 2}", mid_document(total // 3 + 2)),
        ("random delay", after_delay(rng.uniform(2.0, 4.0))),
        (f"mid-document after {total // 2}", mid_document(total // 2)),
        (f"after {2 * total // 3} documents", after_documents(2 * total // 3)),
    ]


def run_kill_rounds(folder: Path, data_dir: Path, model: str, rounds: list[tuple[str, Callable]]) -> list[dict]:
    """Start, kill, audit, repeat; returns what each round saw."""
    seen = []
    for description, trigger in rounds:
        process = start_ingest(folder, data_dir, model)
        trigger(data_dir, process)
        interrupted = kill_hard(process)
        report = audit_store(data_dir, model)
        assert is_consistent(report), (description, report)
        seen.append({"kill": description, "interrupted": interrupted, "stored": len(report["documents"]),
                     "recovered_vectors": report["recovered_vectors"], "counts": report["counts"]})
    return seen


def print_rounds(rounds: list[dict], final: dict) -> None:
    for r in rounds:
        print(f"{r['kill']}: interrupted={r['interrupted']} stored={r['stored']} "
              f"recovered_vectors={r['recovered_vectors']} counts={r['counts']}")
    print(f"final: {len(final['documents'])} documents, counts={final['counts']}")


def finish_and_check(folder: Path, data_dir: Path, model: str, files: list[Path]) -> dict:
    process = start_ingest(folder, data_dir, model)
    stdout, stderr = process.communicate(timeout=900)
    assert process.returncode == 0, stderr
    report = audit_store(data_dir, model)
    assert is_consistent(report), report
    assert report["files"] == sorted(f.name for f in files)
    statuses = {d["status"] for d in json.loads(stdout)["documents"]}
    assert statuses <= {"added", "unchanged"}
    return report


def test_sigkill_mid_batch_leaves_whole_documents_and_rerun_completes(tmp_path):
    files = many_files(tmp_path / "files")
    assert len(files) >= MIN_FILES
    rng = random.Random(7)

    rounds = run_kill_rounds(tmp_path / "files", tmp_path / "data", "hashing", kill_points(rng, len(files)))
    final = finish_and_check(tmp_path / "files", tmp_path / "data", "hashing", files)

    print_rounds(rounds, final)
    assert sum(r["interrupted"] for r in rounds) >= 5  # the kills really cut into the batch
    assert any(r["recovered_vectors"] for r in rounds)  # at least one landed inside a document's write


def test_sigkill_with_the_real_model(tmp_path):
    """Fewer rounds: with all-MiniLM-L6-v2 each document takes longer to embed."""
    files = many_files(tmp_path / "files")
    rng = random.Random(11)
    points = [point for point in kill_points(rng, len(files)) if point[0].startswith(("mid-document", "after 3 "))]

    rounds = run_kill_rounds(tmp_path / "files", tmp_path / "data", "minilm", points)
    final = finish_and_check(tmp_path / "files", tmp_path / "data", "minilm", files)

    print_rounds(rounds, final)
    assert any(r["recovered_vectors"] for r in rounds)
