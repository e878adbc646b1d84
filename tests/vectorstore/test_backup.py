"""Backups of a store and their restore (in process): everything comes back (documents,
passages, vectors, keyword search, uploaded files, which re-index finds in their new
place); a damaged backup restores nothing; nothing stored is ever replaced; verify
finds the disagreements that matter."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

from assistant.library import ingest_paths
from ui.uploads import Upload, add_uploads, reindex
from vectorstore.backup import (
    BackupError,
    backup_store,
    refuse_occupied,
    restore_files,
    restore_vectors,
)
from vectorstore.embedder import HashingEmbedder
from vectorstore.store import CorpusStore, StoreLocation
from vectorstore.verify import verify_store

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "demo_corpus"


def stored(data_dir: Path) -> CorpusStore:
    return CorpusStore(StoreLocation(data_dir), HashingEmbedder())


def restored(archive: Path, data_dir: Path) -> CorpusStore:
    refuse_occupied(StoreLocation(data_dir))
    restore_files(archive, data_dir)
    store = CorpusStore(StoreLocation(data_dir), HashingEmbedder(), settle=False)
    restore_vectors(archive, store)
    return store


@pytest.fixture()
def library(tmp_path) -> CorpusStore:
    """The demo corpus from its folder, plus one file uploaded through the app's job."""
    store = stored(tmp_path / "live")
    ingest_paths(store, [DEMO])
    upload = tmp_path / "browser" / "plan.md"
    upload.parent.mkdir()
    upload.write_bytes((DEMO / "northmoor-initial-2024.md").read_bytes() + b"\n\nUploaded copy.\n")
    add_uploads(store, [Upload(upload, "plan.md")], store.location.data_dir)
    return store


def test_a_restored_store_holds_everything_the_backup_saw(library, tmp_path):
    summary = backup_store(library, tmp_path / "backup.zip")
    copy = restored(tmp_path / "backup.zip", tmp_path / "copy")

    assert (summary.documents, summary.uploads) == (7, 1)
    assert verify_store(copy).consistent
    assert [d.doc_id for d in copy.documents()] == [d.doc_id for d in library.documents()]
    assert copy.consistency() == library.consistency()
    ids = sorted(library.catalog.chunk_ids("plan"))
    live = library.dense.collection.get(ids=ids, include=["embeddings"])
    back = copy.dense.collection.get(ids=ids, include=["embeddings"])
    assert np.array_equal(np.asarray(live["embeddings"]), np.asarray(back["embeddings"]))  # the very vectors
    assert copy.keyword_search("apprentices technicians", 5) == library.keyword_search("apprentices technicians", 5)


def test_uploaded_documents_point_at_the_restored_uploads_folder(library, tmp_path):
    backup_store(library, tmp_path / "backup.zip")
    copy = restored(tmp_path / "backup.zip", tmp_path / "copy")

    plan = copy.document("plan")
    assert Path(plan.path) == (tmp_path / "copy" / "uploads" / "plan.md").resolve()
    assert Path(plan.path).read_bytes() == Path(library.document("plan").path).read_bytes()
    report = reindex(copy)
    assert report.ok and {d.status for d in report.documents} == {"unchanged"}


def test_vectors_the_cache_lacks_are_taken_from_chroma(library, tmp_path):
    library.catalog.db.execute("DELETE FROM embed_cache WHERE rowid % 3 = 0")  # as an older store might be
    backup_store(library, tmp_path / "backup.zip")
    with zipfile.ZipFile(tmp_path / "backup.zip") as archive:
        assert "vectors.npz" in archive.namelist()

    copy = restored(tmp_path / "backup.zip", tmp_path / "copy")

    assert verify_store(copy).consistent and copy.consistency() == library.consistency()


def test_a_damaged_backup_restores_nothing(library, tmp_path):
    backup_store(library, tmp_path / "backup.zip")
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(tmp_path / "backup.zip") as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, data[:-10] + b"0123456789" if item.filename == "catalog.sqlite" else data)

    with pytest.raises(BackupError, match="catalog.sqlite does not match its checksum"):
        restore_files(damaged, tmp_path / "copy")
    assert not (tmp_path / "copy" / "catalog.sqlite").exists()


def test_nothing_stored_is_replaced(library, tmp_path):
    backup_store(library, tmp_path / "backup.zip")
    with pytest.raises(BackupError, match="never replaces a file"):
        backup_store(library, tmp_path / "backup.zip")
    with pytest.raises(BackupError, match="already holds a store"):
        refuse_occupied(library.location)
    with pytest.raises(BackupError, match="not a tca store backup"):
        restore_files(DEMO / "northmoor-initial-2024.md", tmp_path / "copy")


def test_verify_names_what_disagrees(library):
    assert verify_store(library).consistent
    lost = library.catalog.chunk_ids("plan")[:2]
    library.dense.delete(lost)

    check = verify_store(library)

    assert not check.consistent
    assert check.only_in_catalog == sorted(lost) and check.documents_out_of_step == ["plan"]
    assert check.problems()[0].startswith("2 passage(s) have no vector")


def test_a_file_is_placed_only_under_a_free_name_with_or_without_hard_links(tmp_path, monkeypatch):
    from vectorstore import backup

    source = tmp_path / "whole.bin"
    source.write_bytes(b"x" * 3_000_000)
    backup.place_new(source, tmp_path / "linked.bin")
    with pytest.raises(FileExistsError):
        backup.place_new(source, tmp_path / "linked.bin")

    def no_links(*args):
        raise PermissionError("no hard links on this file system")

    monkeypatch.setattr(backup.os, "link", no_links)
    backup.place_new(source, tmp_path / "copied.bin")
    with pytest.raises(FileExistsError):
        backup.place_new(source, tmp_path / "copied.bin")
    assert (tmp_path / "copied.bin").read_bytes() == (tmp_path / "linked.bin").read_bytes() == source.read_bytes()
