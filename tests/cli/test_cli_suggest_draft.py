"""``tca suggest`` and ``tca draft`` as a user runs them: options, JSON, exports, errors."""

from __future__ import annotations

import csv
import json

import pytest
import typer
from typer.testing import CliRunner

from cli import draft as cli_draft
from cli import suggest as cli_suggest


@pytest.fixture(scope="module")
def cli() -> typer.Typer:
    app = typer.Typer(pretty_exceptions_enable=False)
    cli_suggest.register(app)
    cli_draft.register(app)
    return app


def run(cli, *args: str):
    """With the embedding model that filled the shared ``demo_store`` (the plain MiniLM)."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, env={"TCA_EMBEDDING_MODEL": "minilm"})


def test_tca_registers_both_jobs_and_help_stays_light():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "cli.main", "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and "suggest" in result.stdout and "draft" in result.stdout
    heavy = ("numpy", "assistant.plan.suggest", "assistant.draft", "assistant.check", "docx")
    loaded = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert not loaded & set(heavy)


def test_an_unknown_pillar_is_refused_with_the_valid_ones(cli, tmp_path):
    result = run(cli, "suggest", "--pillar", "happiness", "--data-dir", str(tmp_path))
    assert result.exit_code == 2 and "valid: visibility, recognition" in result.output


def test_a_question_number_needs_a_stage(cli, tmp_path):
    result = run(cli, "draft", "--question", "7", "--data-dir", str(tmp_path))
    assert result.exit_code == 2 and "needs a stage" in result.output


OLD_KEYS = {"question_id", "stage", "title", "asks", "mode", "text", "word_count", "word_limit", "missing", "elements",
            "unplaced_notes", "exemplars", "warnings", "turns"}


def test_draft_on_an_empty_store_is_the_notes_as_text_with_statements_and_no_peers(cli, tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_text("- A technician forum meets each term and drafted our priorities\n- We signed in 2019\n")
    data_dir = str(tmp_path / "d")
    result = run(cli, "draft", "--stage", "renewal", "--question", "7", "--notes", str(notes), "--data-dir", data_dir, "--json")
    payload = json.loads(result.stdout)
    assert OLD_KEYS <= set(payload) and {"statements", "peer_answers", "session"} <= set(payload)
    assert payload["mode"] == "notes" and payload["exemplars"] == [] and payload["peer_answers"] == []
    for statement in payload["statements"]:
        assert {"text", "element", "start", "end"} <= set(statement)
        assert payload["text"][statement["start"] : statement["end"]] == statement["text"]
    placed = {statement["text"]: statement["element"] for statement in payload["statements"]}
    assert placed["A technician forum meets each term and drafted our priorities"] == "renewal.q7.mechanism"
    assert payload["missing"] == []
    assert {"id", "status", "notes", "peer_practice"} <= set(payload["elements"][1])

    more = run(cli, "draft", "--continue", payload["session"], "--refine", "also: a survey in 2025 had 140 replies",
               "--refine", "drop s2", "--data-dir", data_dir, "--json")
    resumed = json.loads(more.stdout)
    assert resumed["session"] == payload["session"] and "140 replies" in resumed["text"] and "2019" not in resumed["text"]
    assert [t["kind"] for t in resumed["turns"]] == ["notes", "drop"]


def test_the_question_may_be_given_without_its_option(cli, tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_text("- Technicians shaped the plan at two open workshops\n")
    result = run(cli, "draft", "renewal.q7", "--notes", str(notes), "--data-dir", str(tmp_path / "d"), "--json")
    assert json.loads(result.stdout)["question_id"] == "renewal.q7"


def test_a_draft_needs_a_question_or_a_session(cli, tmp_path):
    assert "give --question" in run(cli, "draft", "--data-dir", str(tmp_path)).output
    result = run(cli, "draft", "--continue", "renewal-q7-nope", "--data-dir", str(tmp_path))
    assert result.exit_code == 2 and "no draft session 'renewal-q7-nope'" in result.output


@pytest.mark.slow
def test_suggest_json_and_exports(cli, demo_store, tmp_path):
    data_dir = str(demo_store.location.data_dir)
    result = run(
        cli, "suggest", "--pillar", "Sustainability", "--limit", "4", "--data-dir", data_dir, "--json",
        "--export-csv", str(tmp_path / "plan.csv"), "--export-docx", str(tmp_path / "plan.docx"),
        "--chart", str(tmp_path / "plan.svg"), "--start", "2026-09",
    )
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["pillar"] == "sustainability" and len(payload["suggestions"]) == 4
    first = payload["suggestions"][0]
    assert {"title", "pillar", "description", "sources", "timescale", "impact_measure"} <= set(first)
    assert len(payload["exports"]) == 3
    with (tmp_path / "plan.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Pillar", "Number", "Activity", "Description", "Timescale", "Success measure", "Owner"]
    assert rows[1][:3] == ["Sustainability", "4.1", first["title"]] and rows[1][4].startswith("Sep 2026 - ")
    assert "<rect" in (tmp_path / "plan.svg").read_text()


@pytest.mark.slow
def test_suggest_prints_markdown_with_citations(cli, demo_store):
    result = run(cli, "suggest", "--pillar", "recognition", "--limit", "2", "--data-dir", str(demo_store.location.data_dir))
    assert result.exit_code == 0
    assert result.stdout.startswith("## Recognition") and "**What it involves**" in result.stdout
    assert "1. **" in result.stdout


@pytest.mark.slow
def test_draft_shows_a_missing_mechanism_peers_and_exports(cli, demo_store, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("- The plan was written by the institutional lead\n- Approved by the executive in June 2025\n")
    result = run(
        cli, "draft", "--question", "renewal.q7", "--notes", str(notes), "--data-dir", str(demo_store.location.data_dir),
        "--export-md", str(tmp_path / "q7.md"), "--export-docx", str(tmp_path / "q7.docx"),
    )
    assert result.exit_code == 0
    assert "`renewal.q7.mechanism` ❌ missing" in result.stdout and "[Add: how technicians were consulted" in result.stdout
    assert "## Peers' answers to this question" in result.stdout
    exported = (tmp_path / "q7.md").read_text()
    assert exported.startswith("# Renewal question 7: Technician voice") and "The plan was written by the institutional lead." in exported
    assert "## Appendix: peer passages used" in exported and (tmp_path / "q7.docx").stat().st_size > 0


@pytest.mark.slow
def test_draft_with_a_language_model_server_and_refinements(cli, demo_store, openai_server, tmp_path, monkeypatch):
    replies = iter(["A technician working group of nine drafted the plan after our March survey (68% replied).", "A technician working group drafted the plan."])
    openai_server.reply = lambda messages: next(replies)
    monkeypatch.setenv("TCA_LLM", "openai:test-model")
    monkeypatch.setenv("TCA_LLM_BASE_URL", openai_server.base_url)
    notes = tmp_path / "notes.txt"
    notes.write_text("- March survey of technicians, 68% replied\n- A technician working group of nine drafted the plan\n")
    result = run(
        cli, "draft", "--question", "renewal.q7", "--notes", str(notes), "--refine", "shorter",
        "--data-dir", str(demo_store.location.data_dir), "--json",
    )
    payload = json.loads(result.stdout)
    assert payload["mode"] == "llm" and payload["text"] == "A technician working group drafted the plan."
    assert [(t["instruction"], t["text"]) for t in payload["turns"]] == [("shorter", payload["text"])]
    assert len(openai_server.requests) == 2
    last = openai_server.requests[1]["messages"]
    assert [m["role"] for m in last] == ["system", "user", "assistant", "user"] and "shorter" in last[-1]["content"]


def test_the_draft_coverage_never_reads_covered_and_missing_at_once():
    from assistant.draft.model import ElementDraft
    from tests.ui.test_draft_view import sample

    draft = sample()
    draft.elements[1] = ElementDraft("initial.q3.count", "A headcount", "required", "Give it.", "missing", "no number", ("s1",))
    lines = cli_draft.render(draft).splitlines()
    assert "- `initial.q3.count` ⚠ weak ← s1" in lines
    assert "- `initial.q3.distribution` ❌ missing" in lines
    assert not any("✅ missing" in line for line in lines)


def test_an_element_with_statements_yet_missing_says_what_it_lacks():
    from assistant.draft.model import ElementDraft
    from tests.ui.test_draft_view import sample

    draft = sample()
    draft.elements[1] = ElementDraft(
        "initial.q3.count", "A headcount", "required", "Give the number.", "missing", "gives no number of technicians",
        ("s1",), ("Most of our technicians work in the sciences",), "[Add: the number]",
    )
    lines = cli_draft.render(draft).splitlines()
    assert "- `initial.q3.count` ❌ missing ← s1 (gives no number of technicians)" in lines
    assert "- `initial.q3.distribution` ❌ missing" in lines  # no statements: nothing more to say
