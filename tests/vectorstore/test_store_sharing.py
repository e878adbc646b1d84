"""Several processes on one store: recovery only undoes a dead writer's journal, never a
live one's; an id another writer took is not overwritten; recovery never deletes the
vectors of live chunks; the catalog is created whole."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from tests.vectorstore.test_store import make_parsed
from vectorstore.catalog import BUSY_TIMEOUT_MS, Catalog
from vectorstore.embedder import HashingEmbedder
from vectorstore.store import CorpusStore, StoreInconsistentError, StoreLocation


def half_written(store: CorpusStore, chunk_id: str = "half:aaaaaaaa:0") -> str:
    """What a writer has done just before its catalog swap: vectors journalled and added."""
    store.catalog.journal([chunk_id], "adding")
    store.dense.add([chunk_id], store.embedder.embed(["half written"]), [{"doc_id": "half"}])
    return chunk_id


def test_opening_while_another_writer_is_mid_document_leaves_its_work_alone(tmp_path):
    location = StoreLocation(tmp_path / "store")
    writer = CorpusStore(location, HashingEmbedder())
    writer.add(make_parsed(tmp_path / "kept.txt", ["kept document"]))

    with writer.writer_lock.exclusive():  # the live writer, mid-document
        in_flight = half_written(writer)
        reader = CorpusStore(location, HashingEmbedder())
        assert reader.catalog.journal_entries() == [(in_flight, "adding")]
        assert reader.dense.count() == 2  # the in-flight vector is still there

    # The writer "died" without finishing: the next store opened undoes its work.
    reopened = CorpusStore(location, HashingEmbedder())
    assert reopened.catalog.journal_entries() == []
    assert reopened.consistency() == {"chroma": 1, "chunks": 1, "keyword": 1, "registry": 1}


def test_explicit_recovery_waits_for_the_live_writer(tmp_path):
    location = StoreLocation(tmp_path / "store")
    writer = CorpusStore(location, HashingEmbedder())
    other = CorpusStore(location, HashingEmbedder())
    _ = other.dense
    finished = threading.Event()
    recovered: list[int] = []

    with writer.writer_lock.exclusive():
        half_written(writer)
        thread = threading.Thread(target=lambda: recovered.append(other.recover()) or finished.set())
        thread.start()
        assert not finished.wait(0.5)  # blocked behind the writer
    thread.join(timeout=30)

    assert recovered == [1]


def test_recovery_never_deletes_vectors_of_live_chunks(tmp_path):
    location = StoreLocation(tmp_path / "store")
    store = CorpusStore(location, HashingEmbedder())
    store.add(make_parsed(tmp_path / "live.txt", ["alpha", "beta"]))
    live_id = store.catalog.chunk_ids("live")[0]
    store.catalog.journal([live_id], "deleting")  # a stale entry for an id that is live again
    store.close()

    reopened = CorpusStore(location, HashingEmbedder())

    assert reopened.catalog.journal_entries() == []
    assert reopened.consistency() == {"chroma": 2, "chunks": 2, "keyword": 2, "registry": 2}


def test_re_adding_the_same_version_journals_nothing_for_deletion(tmp_path):
    """Same file, same bytes, added again (two processes ingesting one file): the chunk ids
    are the same, so none of them may be journalled as 'deleting'."""
    store = CorpusStore(StoreLocation(tmp_path / "store"), HashingEmbedder())
    parsed = make_parsed(tmp_path / "same.txt", ["alpha", "beta"])
    store.add(parsed)
    seen: list[list] = []
    original = store.catalog.clear_journal

    def spy(ids):
        seen.append(list(store.catalog.journal_entries()))
        return original(ids)

    store.catalog.clear_journal = spy
    store.add(parsed)

    assert all(op != "deleting" for entries in seen for _id, op in entries)
    assert store.consistency() == {"chroma": 2, "chunks": 2, "keyword": 2, "registry": 2}


def test_an_id_taken_by_another_file_meanwhile_is_not_overwritten(tmp_path):
    """Two processes chose the same id for different files: the second to write gets another."""
    store = CorpusStore(StoreLocation(tmp_path / "store"), HashingEmbedder())
    store.add(make_parsed(tmp_path / "a" / "report.txt", ["first file"], doc_id="report"))

    second = store.add(make_parsed(tmp_path / "b" / "report.txt", ["second file"], doc_id="report"))

    assert second.doc_id != "report"
    assert sorted(d.path for d in store.documents()) == sorted(
        str((tmp_path / d / "report.txt").resolve()) for d in ("a", "b")
    )
    assert store.consistency() == {"chroma": 2, "chunks": 2, "keyword": 2, "registry": 2}


def test_lost_vectors_are_reported_with_the_rebuild_and_rebuilt(tmp_path):
    location = StoreLocation(tmp_path / "store")
    store = CorpusStore(location, HashingEmbedder())
    store.add(make_parsed(tmp_path / "doc.txt", ["alpha", "beta", "gamma"]))
    store.dense.delete(store.catalog.chunk_ids("doc")[:2])  # the vector index lost data
    store.close()

    with pytest.raises(StoreInconsistentError, match="tca docs rebuild-vectors --data-dir"):
        _ = CorpusStore(location, HashingEmbedder()).dense

    repaired = CorpusStore(location, HashingEmbedder(), settle=False)
    assert repaired.rebuild_dense() == 3
    assert CorpusStore(location, HashingEmbedder()).consistency()["chroma"] == 3


def test_catalog_is_created_whole_and_waits_for_writers(tmp_path):
    path = tmp_path / "catalog.sqlite"
    catalogs: list[Catalog] = []
    threads = [threading.Thread(target=lambda: catalogs.append(Catalog(path))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(catalogs) == 8
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".catalog")]  # no temporary left
    assert catalogs[0].db.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS
    assert catalogs[0].db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT value FROM meta WHERE key='schema'").fetchone() is not None


def test_emptied_catalog_is_refused(tmp_path):
    from vectorstore.catalog import CatalogError

    path = tmp_path / "catalog.sqlite"
    Catalog(path).close()
    Path(path).write_bytes(b"")

    with pytest.raises(CatalogError, match="0 bytes"):
        Catalog(path)


def test_a_thread_reading_never_sees_another_threads_open_transaction(tmp_path):
    store = CorpusStore(StoreLocation(tmp_path / "store"), HashingEmbedder())
    store.add(make_parsed(tmp_path / "kept.txt", ["kept document"]))
    inside, release = threading.Event(), threading.Event()

    def write_slowly():
        with store.catalog.transaction() as db:
            db.execute("DELETE FROM chunks")
            inside.set()
            release.wait(10)
            raise RuntimeError("rolled back")

    writer = threading.Thread(target=lambda: pytest.raises(RuntimeError, write_slowly))
    writer.start()
    assert inside.wait(10)
    seen_meanwhile = store.catalog.count_chunks()  # another thread: its own connection
    release.set()
    writer.join()

    assert seen_meanwhile == 1
    assert store.catalog.count_chunks() == 1
