"""Ingesting the real corpus: metadata matches the manifest, bad files are reported one
line each, re-ingest is a no-op, delete leaves nothing."""

from __future__ import annotations

import re
import shutil

import pytest

from assistant.library import ingest_paths
from vectorstore.embedder import HashingEmbedder
from vectorstore.store import CorpusStore, StoreLocation


@pytest.fixture()
def store(tmp_path) -> CorpusStore:
    return CorpusStore(StoreLocation(tmp_path / "store"), HashingEmbedder())


def test_every_format_of_every_document_matches_the_manifest(store, shared_corpus, manifest):
    files = [shared_corpus / path for doc in manifest["documents"] for path in doc["files"].values()]
    report = ingest_paths(store, files)

    assert report.errors == []
    by_file = {d.file: d for d in report.documents}
    for doc in manifest["documents"]:
        for path in doc["files"].values():
            got = by_file[path.split("/")[-1]]
            assert (got.institution, got.doc_type, got.stage, got.date) == (
                doc["institution"], doc["document_type"], doc["stage"], doc["date"]
            ), path


def test_case_studies_come_out_with_institution_and_pillar(store, shared_corpus, manifest):
    report_doc = next(d for d in manifest["documents"] if d["document_type"] == "case_study_report")
    report = ingest_paths(store, [shared_corpus / report_doc["files"]["pdf"]])
    got = [(c.institution, c.pillar) for c in report.case_studies]
    expected = [(c["institution"], c["pillar"]) for c in report_doc["case_studies"]]
    assert sum(g == e for g, e in zip(got, expected, strict=False)) / len(expected) >= 0.95
    assert len(got) == len(expected)


def test_ljmu_plan_yields_19_actions_with_pillar_and_timescale(store, shared_corpus):
    report = ingest_paths(store, [shared_corpus / "pdf" / "ljmu-initial-2024.pdf"])
    assert report.documents[0].actions == 19
    actions = store.catalog.actions(report.documents[0].id)
    assert all(a["pillar"] and a["timescale"] for a in actions)


def test_no_running_header_footer_or_page_number_survives_into_chunks(store, shared_corpus):
    ingest_paths(store, [shared_corpus / "pdf"])
    never = re.compile(r"^(Technician Commitment|Page \d+ of \d+|\d{1,3}|.*Seven Years of the Technician Commitment\s+\d+)$")
    section_banner = re.compile(r"^Case studies\s*[-–]\s*[A-Za-z ]+$")
    banners: list[str] = []
    for (text,) in store.catalog.db.execute("SELECT text FROM chunks"):
        for line in text.split("\n"):
            assert not never.match(line.strip()), line
            if section_banner.match(line.strip()):
                banners.append(line.strip())
    # A pillar banner may open its section once; a running header would repeat per page.
    assert len(banners) <= 4, banners


def test_reingest_is_a_no_op_and_a_changed_file_replaces_its_chunks(store, shared_corpus, tmp_path):
    copy = tmp_path / "plan.txt"
    shutil.copy(shared_corpus / "txt" / "uol-update-paper-2024.txt", copy)
    first = ingest_paths(store, [copy]).documents[0]
    calls = []
    original = store.embedder.embed
    store.embedder.embed = lambda texts: calls.append(len(texts)) or original(texts)

    again = ingest_paths(store, [copy]).documents[0]
    assert (again.status, again.chunks, calls) == ("unchanged", first.chunks, [])

    copy.write_text(copy.read_text(encoding="utf-8") + "\nA new closing paragraph about apprentices.\n", encoding="utf-8")
    changed = ingest_paths(store, [copy]).documents[0]
    assert changed.status == "updated" and sum(calls) < changed.chunks  # unchanged passages reuse vectors
    assert store.consistency()["chroma"] == store.consistency()["chunks"] == changed.chunks


def test_delete_leaves_nothing(store, shared_corpus):
    document = ingest_paths(store, [shared_corpus / "pdf" / "ljmu-initial-2024.pdf"]).documents[0]
    assert store.delete(document.id)
    assert store.consistency() == {"chroma": 0, "chunks": 0, "keyword": 0, "registry": 0}
    assert store.catalog.actions() == [] and store.catalog.cached_vectors("x", ["y"]) == {}


def test_bad_files_fail_one_line_each_and_the_rest_goes_on(store, shared_corpus):
    edge = shared_corpus / "edge"
    good = shared_corpus / "pdf" / "uol-update-paper-2024.pdf"
    report = ingest_paths(store, [*sorted(edge.glob("*.pdf")), good])

    reasons = {e.file.split("/")[-1]: e.reason for e in report.errors}
    assert reasons["empty-0-bytes.pdf"] == "empty file (0 bytes)"
    assert "encrypted" in reasons["encrypted-password-secret.pdf"] and "password" in reasons["encrypted-password-secret.pdf"]
    assert "truncated or corrupt" in reasons["truncated-first-40-percent.pdf"]
    assert "image-only-no-text-layer.pdf" not in reasons  # read by OCR
    read = {d.file: d for d in report.documents}
    assert read["image-only-no-text-layer.pdf"].ocr_pages == 1
    assert set(read) >= {"uol-update-paper-2024.pdf", "image-only-no-text-layer.pdf"}
    assert not report.ok


def test_windows_1252_and_2mb_single_line_files_ingest(store, shared_corpus):
    report = ingest_paths(store, [shared_corpus / "edge" / "windows-1252-pound-curly-quotes.txt", shared_corpus / "edge" / "long-single-line-2mb.txt"])
    assert report.errors == []
    text = " ".join(r[0] for r in store.catalog.db.execute("SELECT text FROM chunks"))
    assert "£4.9 million" in text and "\ufffd" not in text


def test_upper_case_extension_works_and_unknown_types_are_refused_by_name(store, shared_corpus, tmp_path):
    upper = tmp_path / "LJMU.PDF"
    shutil.copy(shared_corpus / "pdf" / "ljmu-initial-2024.pdf", upper)
    odd = tmp_path / "slides.pptx"
    odd.write_bytes(b"PK")
    report = ingest_paths(store, [upper, odd])
    assert [d.file for d in report.documents] == ["LJMU.PDF"]
    assert report.errors[0].reason.startswith("unsupported file type '.pptx'")


def test_failed_file_leaves_the_store_unchanged(store, shared_corpus):
    ingest_paths(store, [shared_corpus / "pdf" / "uol-update-paper-2024.pdf"])
    before = store.consistency()
    ingest_paths(store, [shared_corpus / "edge" / "truncated-first-40-percent.pdf"])
    assert store.consistency() == before


def test_paper_naming_its_institution_by_acronym_is_attributed_in_one_batch(store, shared_corpus):
    """The update paper is parsed ahead of time while the submission that names the
    institution is still being stored; it must still come out attributed."""
    report = ingest_paths(store, [shared_corpus / "pdf" / "uol-stage2-2021.pdf", shared_corpus / "pdf" / "uol-update-paper-2024.pdf"])
    assert [d.institution for d in report.documents] == ["University of Liverpool", "University of Liverpool"]


def test_ingest_keeps_the_theme_vectors_so_a_new_process_reads_them_instead_of_embedding(store, shared_corpus, monkeypatch):
    from assistant.ask.themes import ThemeIndex, theme_texts

    ingest_paths(store, [shared_corpus / "pdf" / "ljmu-initial-2024.pdf"])
    texts = store.embedder.embed(theme_texts())
    embedded = ThemeIndex(store.embedder)
    expected = (embedded.center(texts), embedded.profile(embedded.center(texts)))

    def no_embedding(texts):
        raise AssertionError(f"embedded {len(texts)} texts the cache holds")

    monkeypatch.setattr(store.embedder, "embed", no_embedding)
    read = ThemeIndex(store.embedder, vectors=store.statement_vectors)
    assert (read.center(texts) == expected[0]).all()
    assert (read.profile(read.center(texts)) == expected[1]).all()
