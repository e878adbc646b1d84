"""Pieces every CLI command shares: the ``--data-dir``/``--json`` options, settings
loading, JSON output and error exits. Kept light: imported by ``tca --help``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Store folder (default: $TCA_DATA_DIR, else ~/.local/share/tca).", show_default=False),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print one machine-readable JSON object.")]


def settings_for(data_dir: Path | None):
    """The settings object, read once per command, with ``--data-dir`` applied."""
    from assistant.settings import load_settings

    return load_settings().with_data_dir(data_dir)


def emit_json(payload: object) -> None:
    sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")


def fail(message: str, code: int = 2) -> None:
    typer.echo(f"tca: error: {message}", err=True)
    raise typer.Exit(code)
