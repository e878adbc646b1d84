"""``tca check`` and ``tca summarise``: options, output formats and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from cli import check as cli_check
from cli import summarise as cli_summarise
from tests.support.check_drafts import write_draft

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.fixture()
def app() -> typer.Typer:
    app = typer.Typer()
    cli_check.register(app)
    cli_summarise.register(app)
    return app


@pytest.fixture()
def hashing_store(monkeypatch):
    """An empty store on the instant hashing embedder (no model load in these tests)."""
    monkeypatch.setenv("TCA_EMBEDDING_MODEL", "hashing")


def test_check_json_and_exit_code_one_for_a_required_gap(app, tmp_path, hashing_store):
    path = write_draft(tmp_path, "d.txt", "initial", answers={7: ""})
    result = runner.invoke(app, ["check", str(path), "--json"])
    assert result.exit_code == 1, result.output
    payload = json.loads(result.stdout)
    assert payload["stage"] == "initial" and payload["required_gaps"] == ["initial.q7"]
    assert any("store holds no documents" in note for note in payload["notes"])


def test_check_exit_code_zero_and_human_output(app, tmp_path, hashing_store):
    path = write_draft(tmp_path, "d.txt", "renewal")
    result = runner.invoke(app, ["check", str(path), "--no-examples", "--stage", "renewal"])
    assert result.exit_code == 0, result.output
    assert "renewal.q8.domain" in result.stdout and "0 required gap" in result.stdout


def test_check_markdown(app, tmp_path, hashing_store):
    path = write_draft(tmp_path, "d.txt", "initial", answers={2: "TBC"})
    result = runner.invoke(app, ["check", str(path), "--md", "--no-examples"])
    assert result.exit_code == 1 and "### Gaps" in result.stdout and "`initial.q2`" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--stage", "stage_three"], "unknown stage"), ([], "no such file")],
)
def test_check_errors_exit_two_with_one_line(app, tmp_path, hashing_store, args, message):
    target = write_draft(tmp_path, "d.txt", "initial") if args else tmp_path / "absent.pdf"
    result = runner.invoke(app, ["check", str(target), *args])
    assert result.exit_code == 2
    assert message in result.output.lower()


def test_summarise_file_json_and_chart(app, tmp_path, hashing_store):
    path = write_draft(tmp_path, "d.txt", "renewal")
    chart = tmp_path / "timeline.svg"
    result = runner.invoke(app, ["summarise", str(path), "--json", "--chart", str(chart)])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["institution"] == "Fenwick Institute" and payload["plan"]["actions"] == 4
    assert chart.read_text().startswith("<svg")


def test_summarise_markdown(app, tmp_path, hashing_store):
    result = runner.invoke(app, ["summarise", str(write_draft(tmp_path, "d.txt", "initial")), "--md"])
    assert result.exit_code == 0 and result.stdout.startswith("## Fenwick Institute")


def test_summarise_unknown_document_id(app, hashing_store):
    result = runner.invoke(app, ["summarise", "no-such-document"])
    assert result.exit_code == 2 and "tca docs list" in result.output


def test_summarise_uses_the_configured_language_model(app, tmp_path, hashing_store, monkeypatch, openai_server):
    monkeypatch.setenv("TCA_LLM", "openai:test-model")
    monkeypatch.setenv("TCA_LLM_BASE_URL", openai_server.base_url)
    openai_server.reply = "Your submission shows steady progress."
    result = runner.invoke(app, ["summarise", str(write_draft(tmp_path, "d.txt", "stage_two")), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["feedback"] == "Your submission shows steady progress."
    assert openai_server.requests


def test_cli_modules_import_nothing_heavy():
    code = (
        "import sys, cli.check, cli.summarise; "
        "print(sorted(m for m in ('torch', 'chromadb', 'sentence_transformers', 'gradio', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
