"""Uploads: names cannot escape the uploads folder; a new upload never replaces a different
document (two files with one name are two documents), the same bytes again are a no-op,
replacing is its own explicit job; limits apply before any work; re-index reads stored
files again."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from assistant.library import ingest_paths
from tests.support.hostile_files import slow_pdf
from tests.support.scans import part_scanned_pdf
from ui.uploads import (
    Upload,
    add_uploads,
    reindex,
    replace_with_upload,
    safe_upload_name,
    store_upload,
    uploads_folder,
)
from vectorstore.embedder import HashingEmbedder
from vectorstore.store import CorpusStore, ReplaceError, StoreLocation

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "demo_corpus"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("report.pdf", "report.pdf"),
        ("../../x.pdf", "x.pdf"),
        ("..\\..\\windows\\evil.docx", "evil.docx"),
        ("/etc/passwd", "passwd"),
        ("..", "upload"),
        ("", "upload"),
        (".hidden.md", "hidden.md"),
        ("Prifysgol Bangor – cynllun (v2).PDF", "Prifysgol Bangor _ cynllun (v2).PDF"),
        ("Ünïcødé.md", "Ünïcødé.md"),
        ("a\x00b;rm -rf $HOME.txt", "a_b_rm -rf _HOME.txt"),
        ("CON.txt", "CON_.txt"),
        ("nul.tar.md", "nul_.tar.md"),
    ],
)
def test_safe_upload_name(given, expected):
    assert safe_upload_name(given) == expected


def test_long_names_keep_their_extension():
    name = safe_upload_name("x" * 500 + ".pdf")
    assert len(name) <= 120 and name.endswith(".pdf")


def browser_file(folder: Path, name: str, source: Path | None = None, text: str | None = None) -> Upload:
    """A file as Gradio hands it over: in a temp folder of its own, under the given name."""
    temp = folder / f"gradio-{len(list(folder.iterdir())) if folder.exists() else 0}"
    temp.mkdir(parents=True)
    path = temp / safe_upload_name(name)
    path.write_bytes(source.read_bytes() if source else text.encode("utf-8"))
    return Upload(path, name)


def test_stored_uploads_land_inside_the_uploads_folder_and_never_replace_a_file(tmp_path):
    data_dir = tmp_path / "data"
    first = store_upload(browser_file(tmp_path / "in", "../../../outside.md", text="first"), data_dir)
    second = store_upload(browser_file(tmp_path / "in", "outside.md", text="second"), data_dir)
    again = store_upload(browser_file(tmp_path / "in", "renamed.md", text="first"), data_dir)

    folder = uploads_folder(data_dir).resolve()
    assert (first, second) == (folder / "outside.md", folder / "outside-2.md")
    assert first.read_text() == "first" and second.read_text() == "second"
    assert again == first  # the same bytes are stored once
    assert sorted(p.name for p in folder.iterdir()) == ["outside-2.md", "outside.md"]  # no partial file left
    assert not (tmp_path / "outside.md").exists()


@pytest.fixture()
def store(tmp_path) -> CorpusStore:
    return CorpusStore(StoreLocation(tmp_path / "data"), HashingEmbedder())


def test_two_different_files_with_one_name_are_two_documents(store, tmp_path):
    """A colleague's action-plan.md never takes the place of another institution's."""
    data_dir = store.location.data_dir
    northmoor = browser_file(tmp_path / "in", "action-plan.md", DEMO / "northmoor-initial-2024.md")
    ashdown = browser_file(tmp_path / "in", "action-plan.md", DEMO / "ashdown-renewal-2025.md")

    first = add_uploads(store, [northmoor], data_dir)
    second = add_uploads(store, [ashdown], data_dir)

    assert [d.status for d in first.documents] == ["added"] and [d.status for d in second.documents] == ["added"]
    documents = {d.doc_id: d for d in store.documents()}
    assert set(documents) == {"action-plan", "action-plan-2"}
    assert {d.institution for d in documents.values()} == {"University of Northmoor", "Ashdown Research Institute"}
    assert {d.file for d in documents.values()} == {"action-plan.md", "action-plan-2.md"}
    assert len(second.warnings) == 1
    warning = second.warnings[0].reason
    assert "already in the library (document action-plan)" in warning and "Replace" in warning
    kept = store.catalog.chunks_of("action-plan")
    assert kept and all(c.institution == "University of Northmoor" for c in kept)


def test_the_same_bytes_again_are_a_no_op(store, tmp_path):
    data_dir = store.location.data_dir
    add_uploads(store, [browser_file(tmp_path / "in", "northmoor.md", DEMO / "northmoor-initial-2024.md")], data_dir)
    before = store.consistency()

    again = add_uploads(store, [browser_file(tmp_path / "in", "a-copy-under-another-name.md", DEMO / "northmoor-initial-2024.md")], data_dir)

    assert [(d.id, d.status) for d in again.documents] == [("northmoor", "unchanged")]
    assert store.consistency() == before and len(store.documents()) == 1
    assert [p.name for p in uploads_folder(data_dir).iterdir()] == ["northmoor.md"]


def test_replacing_is_explicit_and_keeps_the_id(store, tmp_path):
    data_dir = store.location.data_dir
    add_uploads(store, [browser_file(tmp_path / "in", "plan.md", DEMO / "northmoor-initial-2024.md")], data_dir)
    old_chunks = set(store.catalog.chunk_ids("plan"))

    report = replace_with_upload(store, "plan", browser_file(tmp_path / "in", "plan.md", DEMO / "ashdown-renewal-2025.md"), data_dir)

    assert [(d.id, d.status) for d in report.documents] == [("plan", "replaced")]
    (document,) = store.documents()
    assert (document.doc_id, document.institution, document.file) == ("plan", "Ashdown Research Institute", "plan-2.md")
    assert not old_chunks & set(store.catalog.chunk_ids("plan"))
    counts = store.consistency()
    assert len(set(counts.values())) == 1 and counts["chunks"] == document.chunks
    assert {p.name for p in uploads_folder(data_dir).iterdir()} == {"plan.md", "plan-2.md"}  # the old file is kept


def test_replacing_needs_a_document_and_a_file_that_is_no_other_document(store, tmp_path):
    kept = tmp_path / "northmoor.md"
    kept.write_bytes((DEMO / "northmoor-initial-2024.md").read_bytes())
    other = tmp_path / "ashdown.md"
    other.write_bytes((DEMO / "ashdown-renewal-2025.md").read_bytes())
    ingest_paths(store, [kept, other])
    from assistant.library import replace_document

    with pytest.raises(ReplaceError, match="no document with id 'nobody'"):
        replace_document(store, "nobody", kept)
    with pytest.raises(ReplaceError, match="that file is document 'ashdown'"):
        replace_document(store, "northmoor", other)
    assert {d.doc_id for d in store.documents()} == {"northmoor", "ashdown"}


def test_limits_apply_before_any_work(store, tmp_path):
    data_dir = store.location.data_dir
    big = browser_file(tmp_path / "in", "big.md", text="technicians " * 200_000)  # 2.3 MB
    typed = browser_file(tmp_path / "in", "notes.exe", text="MZ")
    good = browser_file(tmp_path / "in", "northmoor.md", DEMO / "northmoor-initial-2024.md")

    report = add_uploads(store, [big, typed, good], data_dir, max_bytes=2**21)

    reasons = {e.file: e.reason for e in report.errors}
    assert reasons["big.md"].startswith("2.3 MB is over the upload limit of 2 MB")
    assert reasons["notes.exe"].startswith("unsupported file type '.exe'")
    assert [d.id for d in report.documents] == ["northmoor"]
    assert [p.name for p in uploads_folder(data_dir).iterdir()] == ["northmoor.md"]  # refused ones never stored


def test_a_file_that_reads_too_slowly_is_stopped_and_the_others_go_on(store, tmp_path):
    data_dir = store.location.data_dir
    slow = tmp_path / "in" / "slow.pdf"
    slow.parent.mkdir(parents=True)
    slow.write_bytes(slow_pdf(200_000))  # ~10 s to read here
    good = browser_file(tmp_path / "in", "harrowgate.txt", DEMO / "harrowgate-initial-2025.txt")

    started = time.monotonic()
    report = add_uploads(store, [Upload(slow, "slow.pdf"), good], data_dir, time_limit_s=2)
    elapsed = time.monotonic() - started

    assert [e.reason for e in report.errors] == ["took longer than 2 s to read; reading it was stopped"]
    assert [d.id for d in report.documents] == ["harrowgate"]
    assert elapsed < 8  # the slow file cost its limit, not its full reading time
    counts = store.consistency()
    assert len(set(counts.values())) == 1


def test_reindex_skips_unchanged_files_and_reports_missing_ones(store, tmp_path):
    kept = tmp_path / "harrowgate.txt"
    gone = tmp_path / "northmoor.md"
    kept.write_bytes((DEMO / "harrowgate-initial-2025.txt").read_bytes())
    gone.write_bytes((DEMO / "northmoor-initial-2024.md").read_bytes())
    ingest_paths(store, [kept, gone])
    gone.unlink()
    report = reindex(store)
    assert [d.status for d in report.documents] == ["unchanged"]
    assert len(report.errors) == 1 and report.errors[0].file.endswith("northmoor.md")
    assert len(store.documents()) == 2  # a missing file is reported, its document kept


def test_reindex_with_ocr_off_leaves_scanned_pages_unread(store, tmp_path):
    plan = part_scanned_pdf(tmp_path / "thornwick.pdf")
    ingest_paths(store, [plan], ocr=False)
    part_scanned_pdf(plan, typed_page=2)  # the file changed, so re-index reads it again

    report = reindex(store, ocr=False)

    assert [(d.status, d.ocr_pages) for d in report.documents] == [("updated", 0)]
    assert [w.reason for w in report.warnings] == ["page 2 has no usable text layer and OCR is off (TCA_OCR=off): not read"]


def test_concurrent_uploads_of_one_name_each_get_their_own_file(tmp_path):
    """Two uploads racing for one free name: linking fails for the second, never replaces."""
    from concurrent.futures import ThreadPoolExecutor

    data_dir = tmp_path / "data"
    uploads = [browser_file(tmp_path / "in", "plan.md", text=f"version {n}") for n in range(8)]
    with ThreadPoolExecutor(8) as pool:
        stored = list(pool.map(lambda u: store_upload(u, data_dir), uploads))
    assert len(set(stored)) == 8
    assert sorted(p.read_text() for p in stored) == sorted(f"version {n}" for n in range(8))
    assert not [p for p in os.listdir(uploads_folder(data_dir)) if p.startswith(".")]
