"""The app's shared context: what it leaves on the machine."""

from __future__ import annotations

import stat

from assistant.settings import Settings
from ui.context import AppContext
from vectorstore.store import CorpusStore, StoreLocation


def test_the_download_folder_is_made_on_the_first_download_and_is_private(tmp_path, hashing_embedder):
    ctx = AppContext(Settings(), CorpusStore(StoreLocation(tmp_path / "store"), hashing_embedder))
    assert not ctx.downloads.exists()  # a server stopped by a signal leaves no empty folder in /tmp
    path = ctx.download_path("draft.docx")
    assert path.parent.parent == ctx.downloads and path.parent.is_dir()
    assert stat.S_IMODE(ctx.downloads.stat().st_mode) == 0o700
    assert ctx.download_path("draft.docx").parent != path.parent  # each download its own folder
