"""Honest test runs: under CI=true a missing ../shared or Chromium stops the run with one
line before any test; locally the tests that need them skip, with the reason in the summary."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
QUICK_TEST = "tests/ingest/test_cells.py"
BROWSER_TEST = "tests/ui/test_browser.py::test_page_loads_with_every_tab_and_nothing_from_the_internet"
CORPUS_TEST = "tests/ingest/test_actions.py::test_ljmu_plan_has_its_19_actions_with_pillar_and_timescale"


def pytest_run(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("CI", "TCA_TEST_SHARED", "TCA_TEST_CHROMIUM")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=REPO, env={**environment, **env}, capture_output=True, text=True, timeout=300,
    )


def test_under_ci_a_missing_chromium_fails_the_run_in_one_line(tmp_path):
    result = pytest_run(QUICK_TEST, CI="true", TCA_TEST_CHROMIUM=str(tmp_path / "no-chromium"))
    assert result.returncode != 0
    lines = [line for line in (result.stdout + result.stderr).splitlines() if "CI=true but" in line]
    assert len(lines) == 1 and f"{tmp_path / 'no-chromium'} is missing" in lines[0]
    assert " passed" not in result.stdout  # no test ran


def test_under_ci_a_missing_shared_corpus_fails_the_run(tmp_path):
    result = pytest_run(QUICK_TEST, CI="true", TCA_TEST_SHARED=str(tmp_path / "no-shared"))
    assert result.returncode != 0
    assert f"CI=true but {tmp_path / 'no-shared' / 'corpus'} is missing" in result.stdout + result.stderr


def test_locally_they_skip_with_the_reason_in_the_summary(tmp_path):
    result = pytest_run(
        BROWSER_TEST, CORPUS_TEST, "-rs",
        TCA_TEST_CHROMIUM=str(tmp_path / "no-chromium"), TCA_TEST_SHARED=str(tmp_path / "no-shared"),
    )
    assert result.returncode == 0, result.stdout
    summary = result.stdout[result.stdout.index("short test summary"):]
    assert f"{tmp_path / 'no-chromium'} is missing" in summary
    assert "../shared/corpus is not present" in summary
    assert "passed" not in result.stdout.splitlines()[-1]
