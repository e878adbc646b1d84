"""The ``tca`` command as a user runs it: a real process, JSON on stdout, clear errors."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest


def tca(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "TCA_EMBEDDING_MODEL": "hashing", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args], capture_output=True, text=True, env=full_env, timeout=120
    )


def test_help_lists_every_job():
    result = tca("--help")
    assert result.returncode == 0
    for command in ("ingest", "docs", "ask", "eval", "serve"):
        assert command in result.stdout


def test_ingest_json_reports_documents_case_studies_and_errors(shared_corpus, tmp_path):
    result = tca(
        "ingest", str(shared_corpus / "pdf" / "lstm-renewal-2024.pdf"), str(shared_corpus / "edge" / "empty-0-bytes.pdf"),
        "--data-dir", str(tmp_path), "--json",
    )
    payload = json.loads(result.stdout)
    assert result.returncode == 1  # something failed
    assert set(payload) >= {"documents", "case_studies", "errors", "warnings"}
    document = payload["documents"][0]
    assert set(document) >= {"id", "file", "institution", "doc_type", "stage", "date", "chunks", "actions"}
    assert (document["stage"], document["date"]) == ("renewal", "2024-07-26")
    assert payload["errors"] == [{"file": str(shared_corpus / "edge" / "empty-0-bytes.pdf"), "reason": "empty file (0 bytes)"}]


def test_docs_list_and_delete(shared_corpus, tmp_path):
    tca("ingest", str(shared_corpus / "pdf" / "uol-update-paper-2024.pdf"), "--data-dir", str(tmp_path))
    listed = json.loads(tca("docs", "list", "--data-dir", str(tmp_path), "--json").stdout)
    assert [d["id"] for d in listed["documents"]] == ["uol-update-paper-2024"]

    deleted = tca("docs", "delete", "uol-update-paper-2024", "--data-dir", str(tmp_path), "--json")
    assert deleted.returncode == 0 and json.loads(deleted.stdout)["deleted"] is True
    missing = tca("docs", "delete", "uol-update-paper-2024", "--data-dir", str(tmp_path))
    assert missing.returncode == 1 and "no document with id" in missing.stderr


def test_unknown_file_type_is_refused_by_name(tmp_path):
    odd = tmp_path / "plan.odt"
    odd.write_text("x")
    result = tca("ingest", str(odd), "--data-dir", str(tmp_path / "d"))
    assert result.returncode == 1
    assert "plan.odt: unsupported file type '.odt'" in result.stderr


def test_bad_setting_is_one_line_not_a_traceback(tmp_path):
    result = tca("docs", "list", "--data-dir", str(tmp_path), env={"TCA_RETRIEVAL_K": "many"})
    assert result.returncode == 2
    assert result.stderr.startswith("tca: error:") and "TCA_RETRIEVAL_K" in result.stderr
    assert "Traceback" not in result.stderr


def test_store_of_another_model_is_refused_with_the_fix(shared_corpus, tmp_path):
    tca("ingest", str(shared_corpus / "pdf" / "uol-update-paper-2024.pdf"), "--data-dir", str(tmp_path))
    result = tca("docs", "list", "--data-dir", str(tmp_path), env={"TCA_EMBEDDING_MODEL": "minilm"})
    assert result.returncode == 2
    assert "built with embedding model 'hashing-bow-384'" in result.stderr and "new --data-dir" in result.stderr


@pytest.mark.slow
def test_ask_json_has_answer_citations_and_found(shared_corpus, tmp_path):
    env = {"TCA_EMBEDDING_MODEL": "minilm"}
    tca("ingest", str(shared_corpus / "pdf"), "--data-dir", str(tmp_path), env=env)
    result = tca("ask", "How have others addressed apprenticeships?", "--data-dir", str(tmp_path), "--json", env=env)
    payload = json.loads(result.stdout)
    assert payload["found"] is True
    assert {"n", "institution", "document", "page", "quote"} <= set(payload["citations"][0])
    assert all(f"[{c['n']}]" in payload["answer"] for c in payload["citations"])

    nothing = json.loads(tca("ask", "What have institutions done about pension arrangements?", "--data-dir", str(tmp_path), "--json", env=env).stdout)
    assert nothing["found"] is False and nothing["citations"] == []


def test_a_same_named_file_is_a_new_document_and_replace_is_explicit(tmp_path):
    from pathlib import Path

    demo = Path(__file__).resolve().parents[2] / "demo_corpus"
    ours, theirs = tmp_path / "ours" / "plan.md", tmp_path / "theirs" / "plan.md"
    for path, source in ((ours, "northmoor-initial-2024.md"), (theirs, "ashdown-renewal-2025.md")):
        path.parent.mkdir()
        path.write_bytes((demo / source).read_bytes())
    data = str(tmp_path / "data")

    tca("ingest", str(ours), "--data-dir", data)
    second = json.loads(tca("ingest", str(theirs), "--data-dir", data, "--json").stdout)
    assert [(d["id"], d["status"]) for d in second["documents"]] == [("plan-md", "added")]  # not in plan's place

    refused = tca("ingest", str(theirs), "--replace", "plan", "--data-dir", data)
    assert refused.returncode == 2 and "that file is document 'plan-md'" in refused.stderr
    tca("docs", "delete", "plan-md", "--data-dir", data)
    shown = tca("ingest", str(theirs), "--replace", "plan", "--data-dir", data)
    assert shown.returncode == 0
    assert re.match(r"replacing plan \(plan\.md, University of Northmoor, \d+ passages\) with plan\.md$", shown.stderr.splitlines()[0])
    listed = json.loads(tca("docs", "list", "--data-dir", data, "--json").stdout)["documents"]
    assert [(d["id"], d["institution"]) for d in listed] == [("plan", "Ashdown Research Institute")]

    assert tca("ingest", str(ours), str(theirs), "--replace", "plan", "--data-dir", data).returncode == 2
    assert "no document with id 'nobody'" in tca("ingest", str(ours), "--replace", "nobody", "--data-dir", data).stderr
