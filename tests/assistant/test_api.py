"""The Python API as a script uses it: open a data dir, ingest, then each job, with the
same results the CLI's wiring gives (the demo corpus, the hashing embedder for speed)."""

from __future__ import annotations

import pytest

from assistant import Assistant
from assistant.ask.filters import FilterError
from assistant.check import check_file
from assistant.plan.suggest import suggest_actions
from assistant.services import build_ask_service
from assistant.summarise import render_summary_markdown
from tests.support.check_drafts import write_draft
from tests.support.environment import REPO
from vectorstore.embedder import make_embedder


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    with Assistant.open(tmp_path_factory.mktemp("api-data"), embedding_model="hashing") as opened:
        report = opened.ingest(REPO / "demo_corpus")
        assert report.ok, report.errors
        yield opened


def test_open_applies_the_data_dir_and_settings(tmp_path):
    a = Assistant.open(tmp_path / "data", embedding_model="hashing", retrieval_k=4)
    assert a.settings.data_dir == tmp_path / "data" and a.settings.retrieval_k == 4
    assert a.store.embedder.model_id == "hashing-bow-384"
    a.close()


def test_documents_lists_what_was_ingested(assistant):
    institutions = {row.institution for row in assistant.documents()}
    assert {"University of Northmoor", "Ashdown Research Institute"} <= institutions


def test_ask_answers_as_the_ask_service_does(assistant):
    question = "How do institutions recognise technicians?"
    answer = assistant.ask(question)
    same = build_ask_service(assistant.settings, assistant.store).ask(question)
    assert answer.text == same.text and answer.sources and answer.to_json() == same.to_json()


def test_ask_filters_restrict_the_sources_and_bad_ids_are_refused(assistant):
    answer = assistant.ask("What did they do about careers?", institution="University of Northmoor")
    assert answer.sources and {s.institution for s in answer.sources} == {"University of Northmoor"}
    with pytest.raises(FilterError, match="unknown pillar 'careers'"):
        assistant.ask("anything", pillar="careers")


def test_check_reports_as_check_file_does(assistant, tmp_path):
    draft = write_draft(tmp_path, "d.txt", "initial", answers={2: "TBC"})
    report = assistant.check(draft, examples=False)
    assert report.to_json() == check_file(draft, embedder=make_embedder("hashing"), with_examples=False).to_json()
    assert report.exit_code == 1


def test_summarise_an_ingested_document_by_id(assistant):
    doc = next(row for row in assistant.documents() if row.institution == "Ashdown Research Institute")
    summary = assistant.summarise(doc.doc_id)
    assert summary.institution == "Ashdown Research Institute" and summary.stage == "renewal"
    assert render_summary_markdown(summary).startswith("## Ashdown Research Institute")


def test_suggest_takes_a_pillar_id_or_name(assistant):
    by_id = assistant.suggest(pillar="sustainability")
    by_name = assistant.suggest(pillar="Sustainability")
    assert by_id.to_json() == by_name.to_json() == suggest_actions(assistant.store, "sustainability").to_json()
    assert by_id.suggestions and all(s.pillar == "sustainability" for s in by_id.suggestions)
    with pytest.raises(FilterError):
        assistant.suggest(pillar="happiness")


def test_draft_from_notes_then_a_refinement(assistant):
    notes = "We run a technician awards scheme every year. Technicians sit on the research committee."
    draft = assistant.draft("renewal.q6", notes, refine=["shorter"])
    assert draft.question_id == "renewal.q6" and draft.text and len(draft.turns) == 1
    assert (assistant.settings.data_dir / "drafts" / f"{draft.session}.json").is_file()
