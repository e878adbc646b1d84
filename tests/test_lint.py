"""The code base passes its own lint rules (pyproject's [tool.ruff]: errors, imports,
bugbear, upgrades, and the complexity limits C901 / PLR0915)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff") or (str(REPO / ".venv" / "bin" / "ruff") if (REPO / ".venv" / "bin" / "ruff").exists() else None)
    if ruff is None:
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    result = subprocess.run([ruff, "check", "--output-format", "concise", "."], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
