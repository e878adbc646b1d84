"""Uploaded file names cannot escape the uploads folder; re-index reads stored files again."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.uploads import reindex, safe_upload_name, save_uploads, uploads_folder

REPO = Path(__file__).resolve().parents[2]


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
    ],
)
def test_safe_upload_name(given, expected):
    assert safe_upload_name(given) == expected


def test_long_names_keep_their_extension():
    name = safe_upload_name("x" * 500 + ".pdf")
    assert len(name) <= 120 and name.endswith(".pdf")


def test_saved_uploads_land_inside_the_uploads_folder(tmp_path):
    incoming = tmp_path / "gradio-cache"
    incoming.mkdir()
    (incoming / "draft.md").write_text("hello", encoding="utf-8")
    data_dir = tmp_path / "data"
    saved = save_uploads([incoming / "draft.md", incoming / "draft.md"], data_dir, names=["../../../outside.md", None])
    folder = uploads_folder(data_dir).resolve()
    assert saved == [folder / "outside.md", folder / "draft.md"]
    assert all(p.parent == folder and p.read_text() == "hello" for p in saved)
    assert not (tmp_path / "outside.md").exists()


def test_reindex_skips_unchanged_files_and_reports_missing_ones(tmp_path):
    from assistant.library import ingest_paths
    from vectorstore.embedder import HashingEmbedder
    from vectorstore.store import CorpusStore, StoreLocation

    store = CorpusStore(StoreLocation(tmp_path / "store"), HashingEmbedder())
    kept = tmp_path / "harrowgate.txt"
    gone = tmp_path / "northmoor.md"
    kept.write_bytes((REPO / "demo_corpus" / "harrowgate-initial-2025.txt").read_bytes())
    gone.write_bytes((REPO / "demo_corpus" / "northmoor-initial-2024.md").read_bytes())
    ingest_paths(store, [kept, gone])
    gone.unlink()
    report = reindex(store)
    assert [d.status for d in report.documents] == ["unchanged"]
    assert len(report.errors) == 1 and report.errors[0].file.endswith("northmoor.md")
    assert len(store.documents()) == 2  # a missing file is reported, its document kept
