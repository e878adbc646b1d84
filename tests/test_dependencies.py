"""Every third-party module the code imports is declared in pyproject.toml, and every
declared package is imported (``deptry .``; deliberate exceptions, each with its reason,
are in ``[tool.deptry]``)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from tests.support.environment import unavailable

REPO = Path(__file__).resolve().parents[1]


def test_deptry_finds_no_dependency_issue():
    if importlib.util.find_spec("deptry") is None:
        unavailable("deptry is not installed (pip install -e '.[test]')")
    result = subprocess.run([sys.executable, "-m", "deptry", "."], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
