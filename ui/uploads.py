"""Files the app receives for the library.

An upload is checked before any work (type, size), then copied into the data dir's
``uploads`` folder under a name of its own: a name no other content holds (``report.pdf``,
else ``report-2.pdf``, ...), created without ever replacing a file, so a colleague's
``action-plan.pdf`` never takes the place of another institution's. The same bytes
uploaded again are a no-op. Replacing a stored document with a new file is a separate,
explicit job (``replace_with_upload``). Re-indexing reads every stored document's file again.
"""

from __future__ import annotations

import re
import secrets
import shutil
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from assistant.library import (
    FileProblem,
    IngestReport,
    Progress,
    document_result,
    file_sha256,
    ingest_paths,
    replace_document,
)
from ingest.pipeline import SUPPORTED_SUFFIXES
from ingest.worker import ReadLimit
from vectorstore.backup import place_new
from vectorstore.store import CorpusStore

UPLOADS_DIR = "uploads"
MAX_NAME_CHARS = 120
MAX_COPIES = 1000
_UNSAFE = re.compile(r"[^\w.()+ -]+")  # \w: letters of any script, digits, _
_WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}


@dataclass(frozen=True)
class Upload:
    """A file the browser sent: where the server put it, and the name the user gave it."""

    path: Path
    name: str

    @classmethod
    def of(cls, file: str | Path, name: str | None = None) -> Upload:
        return cls(Path(file), name or Path(file).name)


def safe_upload_name(name: str) -> str:
    """A plain file name from whatever the browser sent: the last component of a
    Windows or POSIX path, letters and digits kept, anything else replaced by ``_``, no
    leading dots (hidden files, ``..``), no Windows device name (``CON``, ``NUL``, ...),
    length capped with the extension kept."""
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
    stem, dot, suffix = base.partition(".")
    if stem.upper() in _WINDOWS_DEVICES:
        base = f"{stem}_{dot}{suffix}"
    return base


def uploads_folder(data_dir: Path) -> Path:
    folder = Path(data_dir) / UPLOADS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def upload_problem(upload: Upload, max_bytes: int | None) -> str | None:
    """Why an upload is refused before any work is done on it (None: accepted)."""
    suffix = Path(upload.name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return f"unsupported file type '{suffix or '(none)'}' (supported: {', '.join(SUPPORTED_SUFFIXES)})"
    try:
        size = upload.path.stat().st_size
    except OSError as exc:
        return f"the upload cannot be read ({exc.strerror})"
    if max_bytes is not None and size > max_bytes:
        return f"{size / 2**20:.1f} MB is over the upload limit of {max_bytes / 2**20:g} MB (TCA_MAX_UPLOAD_MB)"
    return None


def store_upload(upload: Upload, data_dir: Path, sha256: str | None = None) -> Path:
    """The upload's copy in the uploads folder: an existing file with the same bytes, else
    a new file under the first free name (``report.pdf``, ``report-2.pdf``, ...). The copy
    is written under a temporary name and linked into place, which fails rather than
    replaces when another upload took the name first."""
    folder = uploads_folder(data_dir).resolve()
    sha256 = sha256 or file_sha256(upload.path)
    same = _file_with_bytes(folder, sha256, upload.path.stat().st_size)
    if same is not None:
        return same
    name = safe_upload_name(upload.name)
    stem, suffix = Path(name).stem, Path(name).suffix
    partial = folder / f".{secrets.token_hex(8)}.partial"
    shutil.copyfile(upload.path, partial)
    try:
        for n in range(1, MAX_COPIES + 1):
            target = folder / (name if n == 1 else f"{stem}-{n}{suffix}")
            try:
                place_new(partial, target)
                return target
            except FileExistsError:
                continue
        raise OSError(f"{MAX_COPIES} files named like {name} are already stored")
    finally:
        partial.unlink(missing_ok=True)


def _file_with_bytes(folder: Path, sha256: str, size: int) -> Path | None:
    for candidate in sorted(folder.iterdir()):
        if candidate.is_file() and not candidate.name.startswith(".") and candidate.stat().st_size == size:
            if file_sha256(candidate) == sha256:
                return candidate
    return None


def add_uploads(
    store: CorpusStore,
    uploads: Iterable[Upload],
    data_dir: Path,
    *,
    max_bytes: int | None = None,
    time_limit_s: float | ReadLimit | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    ocr: bool = True,
) -> IngestReport:
    """Refused uploads are reported and the rest go on; bytes the library already holds
    (under any name) are reported unchanged; the others are stored under their own names
    and ingested as new documents, with a warning where the name was taken."""
    report = IngestReport()
    paths: list[Path] = []
    for upload in uploads:
        problem = upload_problem(upload, max_bytes)
        if problem:
            report.errors.append(FileProblem(upload.name, problem))
            continue
        sha256 = file_sha256(upload.path)
        held = next((d for d in store.documents() if d.sha256 == sha256), None)
        if held is not None:
            report.documents.append(document_result(held, "unchanged"))
            continue
        stored = store_upload(upload, data_dir, sha256)
        if stored.name != safe_upload_name(upload.name):
            report.warnings.append(FileProblem(upload.name, _renamed(upload, stored, store)))
        if stored not in paths:
            paths.append(stored)
    ingested = ingest_paths(store, paths, on_progress, time_limit_s=time_limit_s, ocr=ocr)
    return _merged(report, ingested)


def _renamed(upload: Upload, stored: Path, store: CorpusStore) -> str:
    same_name = [d.doc_id for d in store.documents() if d.file == safe_upload_name(upload.name)]
    held = f" (document {', '.join(same_name)})" if same_name else ""
    return (
        f"a different file named {safe_upload_name(upload.name)} is already in the library{held}; this one was "
        f"added as a new document from {stored.name}. To put it in that document's place, use Replace instead."
    )


def replace_with_upload(
    store: CorpusStore,
    doc_id: str,
    upload: Upload,
    data_dir: Path,
    *,
    max_bytes: int | None = None,
    time_limit_s: float | ReadLimit | None = None,
    ocr: bool = True,
) -> IngestReport:
    """The explicit replacement: the upload is stored under its own name and takes the
    place of document ``doc_id`` (same id, its passages replaced)."""
    problem = upload_problem(upload, max_bytes)
    if problem:
        return IngestReport(errors=[FileProblem(upload.name, problem)])
    stored = store_upload(upload, data_dir)
    return replace_document(store, doc_id, stored, time_limit_s=time_limit_s, ocr=ocr)


def _merged(first: IngestReport, second: IngestReport) -> IngestReport:
    return IngestReport(
        documents=first.documents + second.documents,
        case_studies=first.case_studies + second.case_studies,
        errors=first.errors + second.errors,
        warnings=first.warnings + second.warnings,
    )


def reindex(
    store: CorpusStore,
    on_progress: Callable[[Progress], None] | None = None,
    time_limit_s: float | ReadLimit | None = None,
    ocr: bool = True,
) -> IngestReport:
    """Read every stored document's file again: changed files replace their passages,
    unchanged ones are skipped, a file that has gone is reported (and its document kept).
    ``ocr`` as for ``ingest_paths`` (TCA_OCR=off: scanned pages are not read)."""
    paths = [Path(row.path) for row in store.documents()]
    return ingest_paths(store, paths, on_progress, time_limit_s=time_limit_s, ocr=ocr)
