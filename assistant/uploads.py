"""Files the app receives for the library: uploaded names neutralised into the data dir's
``uploads`` folder (no path a browser sends can point outside it), and re-indexing (every
stored document's file read again through the library job).
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from assistant.library import IngestReport, Progress, ingest_paths
from vectorstore.store import CorpusStore

UPLOADS_DIR = "uploads"
MAX_NAME_CHARS = 120
_UNSAFE = re.compile(r"[^\w.()+ -]+")  # \w: letters of any script, digits, _


def safe_upload_name(name: str) -> str:
    """A plain file name from whatever the browser sent: the last component of a
    Windows or POSIX path, letters and digits kept, anything else replaced by ``_``, no
    leading dots (hidden files, ``..``), length capped with the extension kept."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFKC", base)
    base = _UNSAFE.sub("_", base).strip(" ._")
    base = re.sub(r"_{2,}", "_", base)
    if not base or not base.strip("_"):
        return "upload"
    if len(base) > MAX_NAME_CHARS:
        stem, dot, suffix = base.rpartition(".")
        if dot and 0 < len(suffix) <= 8:
            base = stem[: MAX_NAME_CHARS - len(suffix) - 1].rstrip(" ._") + "." + suffix
        else:
            base = base[:MAX_NAME_CHARS]
    return base


def uploads_folder(data_dir: Path) -> Path:
    folder = Path(data_dir) / UPLOADS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_uploads(files: Iterable[str | Path], data_dir: Path, names: Iterable[str | None] | None = None) -> list[Path]:
    """Copy uploaded temp files into the uploads folder under safe names (a later file of
    the same name replaces the earlier one: ingesting it updates that document). ``names``
    are the names the browser gave, where they differ from the temp files' own."""
    folder = uploads_folder(data_dir).resolve()
    given = list(names) if names is not None else []
    saved: list[Path] = []
    for index, file in enumerate(files):
        source = Path(file)
        original = given[index] if index < len(given) and given[index] else source.name
        target = (folder / safe_upload_name(original)).resolve()
        if target.parent != folder:  # cannot happen after safe_upload_name; kept as a guard
            raise ValueError(f"refusing to write outside {folder}: {original!r}")
        if source.resolve() != target:
            shutil.copyfile(source, target)
        if target not in saved:
            saved.append(target)
    return saved


def reindex(store: CorpusStore, on_progress: Callable[[Progress], None] | None = None) -> IngestReport:
    """Read every stored document's file again: changed files replace their passages,
    unchanged ones are skipped, a file that has gone is reported (and its document kept)."""
    paths = [Path(row.path) for row in store.documents()]
    return ingest_paths(store, paths, on_progress)
