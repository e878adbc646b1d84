"""Fixtures for ingestion tests (``shared_corpus`` and ``manifest`` come from tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def corpus_doc(manifest: dict):
    """Look up a manifest document by slug."""
    by_slug = {doc["slug"]: doc for doc in manifest["documents"]}
    return by_slug.__getitem__
