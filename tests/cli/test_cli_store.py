"""``tca store backup / restore / verify`` as a team uses them: a backup taken while
``tca ingest`` is writing restores into a consistent store holding whole documents only;
verify's exit code says whether the store agrees with itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.assistant.test_fault_atomicity import (
    audit_store,
    catalog_count,
    many_files,
    start_ingest,
    wait_until,
)
from tests.support.store_audit import is_consistent

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


def tca(*args: str, model: str = "hashing") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args], cwd=REPO, capture_output=True, text=True, timeout=600,
        env={**os.environ, "TCA_EMBEDDING_MODEL": model},
    )


def three_times_as_many(folder: Path) -> list[Path]:
    """many_files(), and each text file twice more with its own last line: enough files
    that the ingest is still writing when the backup is done."""
    files = many_files(folder)
    for n in (2, 3):
        for path in [p for p in files if p.suffix in (".md", ".txt")]:
            (folder / f"round{n}-{path.name}").write_text(path.read_text(encoding="utf-8") + f"\nRound {n}.\n", encoding="utf-8")
    return sorted(folder.iterdir())


def test_a_backup_taken_during_a_running_ingest_restores_to_a_consistent_store(tmp_path):
    files = three_times_as_many(tmp_path / "files")
    live, copy, backup = tmp_path / "live", tmp_path / "copy", tmp_path / "backup.zip"
    ingest = start_ingest(tmp_path / "files", live, "hashing")
    try:
        assert wait_until(lambda: catalog_count(live, "documents") >= 5, ingest, 300)
        taken = tca("store", "backup", str(backup), "--data-dir", str(live), "--json")
        ingest_was_running = ingest.poll() is None
        restored = tca("store", "restore", str(backup), "--data-dir", str(copy), "--json")
    finally:
        out, err = ingest.communicate(timeout=900)
    assert taken.returncode == 0, taken.stderr
    assert ingest_was_running  # the snapshot really was taken in the middle of the ingest
    assert ingest.returncode == 0, err

    saved = json.loads(taken.stdout)
    print(f"\nthe backup holds {saved['documents']} of {len(files)} documents ({saved['seconds']} s)")
    assert 5 <= saved["documents"] < len(files)
    assert restored.returncode == 0, restored.stdout + restored.stderr
    result = json.loads(restored.stdout)
    assert result["consistent"] and result["documents"] == saved["documents"] and result["vectors"] == result["chunks"]

    copied, final = audit_store(copy, "hashing"), audit_store(live, "hashing")
    assert is_consistent(copied) and copied["recovered_vectors"] == 0
    assert set(copied["documents"]) < set(final["documents"])  # whole documents, each as the live store has it
    assert is_consistent(final) and len(final["documents"]) == len(files)
    assert tca("store", "verify", "--data-dir", str(copy)).returncode == 0


def test_verify_exit_code_and_json(tmp_path):
    data = tmp_path / "data"
    assert tca("ingest", str(REPO / "demo_corpus"), "--data-dir", str(data), "--json").returncode == 0
    ok = tca("store", "verify", "--data-dir", str(data), "--json")
    assert ok.returncode == 0 and json.loads(ok.stdout)["consistent"] is True

    lose_vectors = (
        "import sys; from pathlib import Path; from vectorstore.embedder import HashingEmbedder;"
        "from vectorstore.store import CorpusStore, StoreLocation;"
        "s = CorpusStore(StoreLocation(Path(sys.argv[1])), HashingEmbedder(), settle=False);"
        "s.dense.delete(s.catalog.chunk_ids('ashdown-renewal-2025')[:3])"
    )
    subprocess.run([sys.executable, "-c", lose_vectors, str(data)], cwd=REPO, check=True)
    bad = tca("store", "verify", "--data-dir", str(data), "--json")
    report = json.loads(bad.stdout)
    assert bad.returncode == 1 and report["consistent"] is False
    assert len(report["only_in_catalog"]) == 3 and report["documents_out_of_step"] == ["ashdown-renewal-2025"]
    said = tca("store", "verify", "--data-dir", str(data))
    assert "NOT consistent" in said.stdout and "3 passage(s) have no vector" in said.stdout


def test_restore_refuses_a_store_and_backup_refuses_a_file(tmp_path):
    data = tmp_path / "data"
    tca("ingest", str(REPO / "demo_corpus"), "--data-dir", str(data))
    assert tca("store", "backup", str(tmp_path / "b.zip"), "--data-dir", str(data)).returncode == 0

    again = tca("store", "backup", str(tmp_path / "b.zip"), "--data-dir", str(data))
    over = tca("store", "restore", str(tmp_path / "b.zip"), "--data-dir", str(data))

    assert again.returncode == 2 and again.stderr.strip().endswith("a backup never replaces a file; choose another name")
    assert over.returncode == 2 and "already holds a store" in over.stderr and len(over.stderr.strip().splitlines()) == 1
