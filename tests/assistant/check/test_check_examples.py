"""Peer examples for gaps: retrieved with the question-id filter (and its counterparts in
other stages), from other institutions only, quoted from the stored passage."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.check import EMPTY_STORE_NOTE, check_file
from assistant.check.examples import best_sentence, counterpart_ids, quote_units
from domain import load_template
from tests.support.check_drafts import write_draft

REPO = Path(__file__).resolve().parents[3]


def test_counterparts_across_stages_by_role_or_title():
    assert counterpart_ids(load_template().question("initial.q7")) == ["initial.q7", "stage_two.q7", "renewal.q7"]
    assert counterpart_ids(load_template().question("renewal.q6")) == ["renewal.q6", "initial.q5", "stage_two.q6"]
    assert counterpart_ids(load_template().question("renewal.q4")) == ["renewal.q4", "stage_two.q4"]
    assert counterpart_ids(load_template().question("initial.q2")) == ["initial.q2"]


def test_table_rows_are_quoted_as_rows_without_the_header():
    text = "| No. | Activity | Timescale | | --- | --- | --- | | 1 | Run a skills exchange each term | Sep 2025 - Jul 2026 |"
    assert quote_units(text) == ["1; Run a skills exchange each term; Sep 2025 - Jul 2026"]


def test_a_roster_glued_before_a_sentence_is_not_quoted():
    # a form's field of names runs into the next sentence with no full stop between them
    text = "Forum Members: Ada Marsh, Tom Reyes, Bea Collins Together, the members plan our showcase every term with technicians."
    assert quote_units(text) == ["Together, the members plan our showcase every term with technicians."]


def test_the_quote_is_the_sentence_closest_to_the_gap():
    text = "We value our staff. Technicians shaped the plan through a survey and focus groups. The plan runs to 2027."
    assert best_sentence(text, "how technicians shaped the plan: survey, focus group") == (
        "Technicians shaped the plan through a survey and focus groups."
    )


def test_an_empty_store_gives_no_examples_and_says_so(tmp_path, hashing_embedder):
    from vectorstore.store import CorpusStore, StoreLocation

    store = CorpusStore(StoreLocation(tmp_path / "store"), hashing_embedder)
    report = check_file(write_draft(tmp_path, "d.txt", "initial", answers={2: "TBC"}), store=store)
    assert report.check("initial.q2").examples == []
    assert EMPTY_STORE_NOTE in report.notes


@pytest.mark.slow
def test_gaps_get_examples_from_other_institutions(tmp_path, demo_store):
    answers = {7: "", 8: "Not yet published."}
    report = check_file(write_draft(tmp_path, "d.txt", "renewal", answers=answers), store=demo_store)
    voice = report.check("renewal.q7")
    assert voice.status == "missing" and 2 <= len(voice.examples) <= 3
    assert len({e.institution for e in voice.examples}) == len(voice.examples)  # one per peer first
    assert {e.question_id for e in voice.examples} <= set(counterpart_ids(load_template().question("renewal.q7")))
    for example in voice.examples:  # a sentence quoted verbatim from the stored passage
        assert example.document and any(example.quote in row.text for row in demo_store.catalog.chunks_of(example.doc_id))
    assert any("http" in e.quote for e in report.check("renewal.q8").examples)
    assert report.check("renewal.q8.https").examples == []  # not flagged: n/a under a missing parent


@pytest.mark.slow
def test_the_checked_institution_is_never_its_own_example(tmp_path, demo_store):
    lines = (REPO / "demo_corpus" / "ashdown-renewal-2025.md").read_text(encoding="utf-8").split("\n")
    voice = next(i for i, line in enumerate(lines) if line.startswith("## 7."))
    url = next(i for i, line in enumerate(lines) if line.startswith("## 8."))
    path = tmp_path / "ashdown.md"
    path.write_text("\n".join(lines[: voice + 1] + lines[url:]), encoding="utf-8")
    examples = check_file(path, store=demo_store).check("renewal.q7").examples
    assert examples and all(e.institution != "Ashdown Research Institute" for e in examples)


@pytest.mark.slow
def test_real_corpus_examples_exclude_the_same_submission_in_another_format(shared_corpus, corpus_store, tmp_path):
    lines = (shared_corpus / "txt" / "ljmu-initial-2024.txt").read_text(encoding="utf-8").split("\n")
    path = tmp_path / "ljmu.txt"
    path.write_text("\n".join(line for line in lines if not line.startswith("https://")), encoding="utf-8")
    report = check_file(path, store=corpus_store)
    examples = report.check("initial.q8").examples
    assert examples and all(e.institution != "Liverpool John Moores University" for e in examples)


@pytest.mark.slow
def test_one_submission_held_as_two_files_is_quoted_once(shared_corpus, minilm, tmp_path):
    # stop 43: a store holding LJMU's submission as DOCX and as text gave each quote twice
    from assistant.library import ingest_paths
    from vectorstore.store import CorpusStore, StoreLocation

    store = CorpusStore(StoreLocation(tmp_path / "store"), minilm)
    files = [shared_corpus / "docx" / "ljmu-initial-2024.docx", shared_corpus / "txt" / "ljmu-initial-2024.txt"]
    assert ingest_paths(store, files).ok
    report = check_file(write_draft(tmp_path, "d.txt", "initial", answers={2: "", 3: "", 5: ""}), store=store)
    examples = [e for qid in ("initial.q2", "initial.q3", "initial.q5") for e in report.check(qid).examples]
    assert examples and all(e.institution == "Liverpool John Moores University" for e in examples)
    for qid in ("initial.q2", "initial.q3", "initial.q5"):
        quotes = [e.quote for e in report.check(qid).examples]
        assert len(quotes) == len(set(quotes)), qid
