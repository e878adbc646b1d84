"""The ``tca`` command as a user runs it: a real process, JSON on stdout, clear errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def tca(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "TCA_EMBEDDING_MODEL": "hashing", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args], capture_output=True, text=True, env=full_env, timeout=120
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
