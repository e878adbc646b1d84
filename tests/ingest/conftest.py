"""Fixtures for ingestion tests: the shared test corpus lives beside the repo, not in it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """The corpus folder (../shared/corpus from the repo root); skips when it is absent."""
    if not (CORPUS / "manifest.json").is_file():
        pytest.skip(f"shared test corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def manifest(shared_corpus: Path) -> dict:
    return json.loads((shared_corpus / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def corpus_doc(manifest: dict):
    """Look up a manifest document by slug."""
    by_slug = {doc["slug"]: doc for doc in manifest["documents"]}
    return by_slug.__getitem__
