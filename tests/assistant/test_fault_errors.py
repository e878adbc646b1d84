"""A broken store gives one clear line with the fix through the CLI, never a traceback:
a garbage, truncated or emptied catalog; a deleted or corrupted chroma folder; a store
filled by another embedding model; an unreachable Chroma server. Where the fix is
``tca docs rebuild-vectors``, following it makes ``tca ask`` answer as before."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.processes import free_port

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
QUESTION = "How have others supported apprenticeships?"


def tca(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "TCA_EMBEDDING_MODEL": "hashing", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args], cwd=REPO, capture_output=True, text=True, env=full_env, timeout=120
    )


def one_clear_line(result: subprocess.CompletedProcess) -> str:
    """The error contract: exit 2, a single ``tca: error:`` line on stderr, no traceback."""
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert len(lines) == 1 and lines[0].startswith("tca: error: "), result.stderr
    return lines[0]


def cited_documents(data_dir: Path) -> list[str]:
    result = tca("ask", QUESTION, "--data-dir", str(data_dir), "--json")
    assert result.returncode == 0, result.stderr
    return [c["doc_id"] for c in json.loads(result.stdout)["citations"]]


@pytest.fixture(scope="module")
def healthy_store(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("healthy") / "data"
    result = tca("ingest", str(REPO / "demo_corpus"), "--data-dir", str(data_dir), "--json")
    assert result.returncode == 0, result.stderr
    return data_dir


@pytest.fixture(scope="module")
def healthy_citations(healthy_store) -> list[str]:
    citations = cited_documents(healthy_store)
    assert citations
    return citations


@pytest.fixture()
def store_copy(healthy_store, tmp_path) -> Path:
    copy = tmp_path / "store"
    shutil.copytree(healthy_store, copy)
    return copy


def garbage(path: Path) -> None:
    path.write_bytes(os.urandom(64 * 1024))


def truncate_to_half(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


def empty(path: Path) -> None:
    path.write_bytes(b"")


@pytest.mark.parametrize("damage", [garbage, truncate_to_half, empty], ids=["garbage", "truncated", "emptied"])
@pytest.mark.parametrize("command", [("docs", "list"), ("ask", QUESTION)], ids=["docs-list", "ask"])
def test_damaged_catalog_is_one_line_with_the_fix(store_copy, damage, command):
    damage(store_copy / "catalog.sqlite")

    line = one_clear_line(tca(*command, "--data-dir", str(store_copy)))

    assert "catalog.sqlite" in line
    assert f"tca ingest PATH --data-dir {store_copy}" in line


def delete_folder(data_dir: Path) -> None:
    shutil.rmtree(data_dir / "chroma")


def garbage_chroma_database(data_dir: Path) -> None:
    garbage(data_dir / "chroma" / "chroma.sqlite3")


def truncated_chroma_database(data_dir: Path) -> None:
    truncate_to_half(data_dir / "chroma" / "chroma.sqlite3")


@pytest.mark.parametrize(
    "damage", [delete_folder, garbage_chroma_database, truncated_chroma_database],
    ids=["deleted", "garbage", "truncated"],
)
def test_damaged_vector_index_names_the_rebuild_and_the_rebuild_works(store_copy, healthy_citations, damage):
    damage(store_copy)

    line = one_clear_line(tca("ask", QUESTION, "--data-dir", str(store_copy)))
    assert f"tca docs rebuild-vectors --data-dir {store_copy}" in line

    rebuilt = tca("docs", "rebuild-vectors", "--data-dir", str(store_copy), "--json")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert json.loads(rebuilt.stdout)["vectors"] > 0
    assert cited_documents(store_copy) == healthy_citations


def test_listing_still_works_without_the_vector_index(store_copy):
    """The registry lives in the catalog: a lost chroma folder does not hide the documents."""
    delete_folder(store_copy)
    listed = tca("docs", "list", "--data-dir", str(store_copy), "--json")
    assert listed.returncode == 0 and len(json.loads(listed.stdout)["documents"]) == 6


def test_replaced_catalog_with_vectors_left_over_is_explained(store_copy):
    (store_copy / "catalog.sqlite").unlink()
    for leftover in store_copy.glob("catalog.sqlite-*"):
        leftover.unlink()

    line = one_clear_line(tca("ask", QUESTION, "--data-dir", str(store_copy)))

    assert "lists no passages" in line and "tca docs rebuild-vectors" in line


def test_store_of_another_embedding_model_is_refused_with_the_fix(store_copy):
    for command in (("docs", "list"), ("ask", QUESTION)):
        line = one_clear_line(tca(*command, "--data-dir", str(store_copy), env={"TCA_EMBEDDING_MODEL": "minilm"}))
        assert "hashing-bow-384" in line and "TCA_EMBEDDING_MODEL" in line and "--data-dir" in line


def test_unreachable_chroma_server_is_one_line_with_the_fix(store_copy):
    port = free_port()
    env = {"TCA_CHROMA_HOST": "127.0.0.1", "TCA_CHROMA_PORT": str(port)}

    line = one_clear_line(tca("ask", QUESTION, "--data-dir", str(store_copy), env=env))

    assert f"127.0.0.1:{port}" in line and "chroma run" in line and "TCA_CHROMA_HOST" in line
