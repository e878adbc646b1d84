"""What the test run needs from its machine, and what happens when it is missing.

Locally a missing part (``../shared``, Chromium, a test tool) skips the tests that need it,
with the reason in pytest's summary (``-ra``). Under ``CI=true`` nothing that CI installs
or checks out may be missing: the run fails instead of passing with tests quietly skipped.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# Elsewhere than the defaults (and, in tests of this module, somewhere that does not exist):
SHARED = Path(os.environ.get("TCA_TEST_SHARED") or REPO.parent / "shared")
SHARED_CORPUS = SHARED / "corpus"
CHROMIUM = Path(os.environ.get("TCA_TEST_CHROMIUM") or "/usr/bin/chromium")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def unavailable(reason: str) -> None:
    """Skip (locally) or fail (under CI) the current test or fixture."""
    if in_ci():
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


def missing_under_ci() -> list[str]:
    """What CI must have before any test runs."""
    problems = []
    if not (SHARED_CORPUS / "manifest.json").is_file():
        problems.append(f"{SHARED_CORPUS} is missing (check out the shared corpus beside the repository)")
    if not CHROMIUM.exists():
        problems.append(f"{CHROMIUM} is missing (bash scripts/install_chromium.sh)")
    return problems
