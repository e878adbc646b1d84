"""The library job: put files (and pages fetched from addresses) into the store, list
them, delete them.

Skips files whose bytes are already stored, replaces changed ones, and keeps going past
bad files: each failure becomes one ``FileProblem`` naming the file and the reason. An
``http(s)://`` address is fetched on request into the data dir's ``fetched`` folder
(ingest/fetch.py) and ingested from there with its address and fetch time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingest.fetch import FetchError, FetchPolicy, fetch_copy, is_url, source_of
from ingest.models import IngestError, ParsedDocument
from ingest.ocr import OcrOptions
from ingest.pipeline import SUPPORTED_SUFFIXES, parse_file, with_doc_id
from vectorstore.catalog import DocumentRow
from vectorstore.store import CorpusStore, slugify

SKIPPED_NAMES = ("readme", "license", "licence", "changelog")
FETCHED_DIR = "fetched"  # copies of pages fetched from addresses, inside the data dir


@dataclass(frozen=True)
class FileProblem:
    file: str
    reason: str


@dataclass(frozen=True)
class IngestedDocument:
    id: str
    file: str
    institution: str | None
    doc_type: str
    stage: str | None
    date: str | None
    chunks: int
    actions: int
    pages: int
    status: str  # "added" | "updated" | "unchanged"
    ocr_pages: int = 0  # pages read by OCR
    source_url: str | None = None  # fetched from this address


@dataclass(frozen=True)
class CaseStudyRecord:
    institution: str
    pillar: str | None
    document: str


@dataclass
class IngestReport:
    documents: list[IngestedDocument] = field(default_factory=list)
    case_studies: list[CaseStudyRecord] = field(default_factory=list)
    errors: list[FileProblem] = field(default_factory=list)
    warnings: list[FileProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_json(self) -> dict:
        return {
            "documents": [
                {k: getattr(d, k) for k in ("id", "file", "institution", "doc_type", "stage", "date", "chunks", "actions", "pages", "status", "ocr_pages", "source_url")}
                for d in self.documents
            ],
            "case_studies": [{"institution": c.institution, "pillar": c.pillar, "document": c.document} for c in self.case_studies],
            "errors": [{"file": e.file, "reason": e.reason} for e in self.errors],
            "warnings": [{"file": w.file, "reason": w.reason} for w in self.warnings],
        }


@dataclass(frozen=True)
class Progress:
    """Sent after each file: how far along, and what the store gained. While a file's
    pages are read by OCR (seconds a page) it is also sent when OCR starts and after each
    page, ``ocr_page`` of ``ocr_pages`` pages read (``ocr_pages`` set), nothing gained yet."""

    done: int
    total: int
    file: str
    pages: int
    chunks: int
    ocr_page: int = 0
    ocr_pages: int = 0


def collect_files(paths: Iterable[Path], report: IngestReport) -> list[Path]:
    """Expand folders (recursively, sorted); refuse unknown types given by name and
    note skipped ones found in folders."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(_files_in_folder(path, report))
        elif not path.exists():
            report.errors.append(FileProblem(str(path), "no such file or folder"))
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            report.errors.append(FileProblem(str(path), _unsupported(path)))
        else:
            files.append(path)
    return files


def _unsupported(path: Path) -> str:
    suffix = path.suffix or "(none)"
    return f"unsupported file type '{suffix}' (supported: {', '.join(SUPPORTED_SUFFIXES)})"


def _files_in_folder(folder: Path, report: IngestReport) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if path.stem.lower() in SKIPPED_NAMES:
            report.warnings.append(FileProblem(str(path), "skipped: looks like a folder's README or licence"))
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            report.warnings.append(FileProblem(str(path), "skipped: " + _unsupported(path)))
        else:
            yield path


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


LOOKAHEAD = 2  # files parsed ahead while the current one is embedded


def ingest_paths(
    store: CorpusStore,
    paths: Iterable[Path | str],
    on_progress: Callable[[Progress], None] | None = None,
    password: str | None = None,
    ocr: bool = True,
    fetch: FetchPolicy | None = None,
) -> IngestReport:
    """Ingest files, folders and ``http(s)://`` addresses (fetched first). Parsing runs
    ahead in a thread while the current file is embedded (torch releases the GIL), so the
    two overlap. ``ocr``: read PDF pages without a text layer by OCR; ``fetch``: when
    addresses may be fetched (default: always)."""
    report = IngestReport()
    files = collect_files(_fetched([*paths], store.location.data_dir / FETCHED_DIR, report, fetch or FetchPolicy()), report)
    finished = [0]  # files done, as the page-by-page OCR progress reports it
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="tca-parse") as pool:
        pending: dict[int, Future] = {}
        for number, path in enumerate(files, start=1):
            for ahead in range(number, min(number + LOOKAHEAD, len(files)) + 1):
                if ahead not in pending:
                    options = _ocr_options(ocr, on_progress, files[ahead - 1].name, len(files), finished)
                    pending[ahead] = pool.submit(_prepare, store, files[ahead - 1], password, options)
            document = _store_one(store, path, pending.pop(number).result(), report, password)
            finished[0] = number
            if on_progress is not None:
                pages, chunks = (document.pages, document.chunks) if document else (0, 0)
                on_progress(Progress(number, len(files), path.name, pages, chunks))
    if any(d.status != "unchanged" for d in report.documents):
        store.save_keyword_index()
    return report


def _fetched(items: list[Path | str], folder: Path, report: IngestReport, policy: FetchPolicy) -> list[Path]:
    """Paths as given, each web address replaced by its fetched copy (or by a problem)."""
    paths: list[Path] = []
    for item in items:
        if not is_url(str(item)):
            paths.append(Path(item))
            continue
        try:
            paths.append(fetch_copy(str(item), folder, policy).path)
        except FetchError as exc:
            report.errors.append(FileProblem(exc.url, exc.reason))
    return paths


def _ocr_options(
    enabled: bool, on_progress: Callable[[Progress], None] | None, name: str, total: int, finished: list[int]
) -> OcrOptions:
    """OCR settings for one file, its page-by-page progress told as ``Progress``."""
    if on_progress is None:
        return OcrOptions(enabled=enabled)

    def on_page(page: int, pages: int) -> None:
        on_progress(Progress(finished[0], total, name, 0, 0, ocr_page=page, ocr_pages=pages))

    return OcrOptions(enabled=enabled, on_page=on_page)


@dataclass(frozen=True)
class _Prepared:
    """A file read and, unless its bytes are already stored, parsed (in the worker)."""

    sha256: str | None = None
    unchanged: DocumentRow | None = None
    parsed: ParsedDocument | None = None
    problem: str | None = None
    known_institutions: tuple[str, ...] = ()  # what the store knew when this was parsed


def _prepare(store: CorpusStore, path: Path, password: str | None, ocr: OcrOptions) -> _Prepared:
    try:
        sha = file_sha256(path)
    except OSError as exc:
        return _Prepared(problem=f"cannot read file ({exc.strerror})")
    existing = store.unchanged(path, sha)
    if existing is not None:
        return _Prepared(sha, unchanged=existing)
    known = tuple(store.catalog.document_institutions())
    try:
        parsed = _parse(store, path, password, known, ocr)
    except IngestError as exc:
        return _Prepared(sha, problem=exc.reason)
    return _Prepared(sha, parsed=parsed, known_institutions=known)


def _parse(
    store: CorpusStore, path: Path, password: str | None, known: tuple[str, ...], ocr: OcrOptions | None = None
) -> ParsedDocument:
    """Parse, with the address and fetch time of a fetched copy. A file parsed again
    reuses its OCR reading (ingest/pdf_ocr.py keeps recent pages)."""
    parsed = parse_file(
        path, slugify(path.stem), store.embedder.count_tokens, store.embedder.max_tokens, password, known, ocr
    )
    source = source_of(path)
    return replace(parsed, source_url=source.url, fetched_at=source.fetched_at) if source else parsed


def _with_settled_institution(store: CorpusStore, path: Path, prepared: _Prepared, password: str | None) -> ParsedDocument:
    """A paper that names its institution only by acronym is attributed from the
    institutions already stored; when it was parsed ahead, before the file that names
    the institution was stored, parse it again now that the store knows more."""
    parsed = prepared.parsed
    known = tuple(store.catalog.document_institutions())
    if parsed.meta.institution is None and parsed.meta.doc_type != "case_study_report" and set(known) - set(prepared.known_institutions):
        return _parse(store, path, password, known, OcrOptions(enabled=bool(parsed.ocr_pages)))
    return parsed


def _store_one(
    store: CorpusStore, path: Path, prepared: _Prepared, report: IngestReport, password: str | None
) -> IngestedDocument | None:
    if prepared.problem is not None:
        report.errors.append(FileProblem(str(path), prepared.problem))
        return None
    if prepared.unchanged is not None:
        document = _ingested(prepared.unchanged, "unchanged")
    else:
        had_version = store.catalog.document_by_path(str(path.resolve())) is not None
        parsed = _with_settled_institution(store, path, prepared, password)
        parsed = with_doc_id(parsed, store.doc_id_for(path))  # ids settle in file order
        row = store.add(parsed)
        report.warnings.extend(FileProblem(str(path), w) for w in parsed.warnings)
        document = _ingested(row, "updated" if had_version else "added")
    report.documents.append(document)
    report.case_studies.extend(_case_studies_of(store, document.id))
    return document


def _ingested(row: DocumentRow, status: str) -> IngestedDocument:
    return IngestedDocument(
        id=row.doc_id, file=row.file, institution=row.institution, doc_type=row.doc_type,
        stage=row.stage, date=row.date, chunks=row.chunks, actions=row.actions, pages=row.pages,
        status=status, ocr_pages=row.ocr_pages, source_url=row.source_url,
    )


def _case_studies_of(store: CorpusStore, doc_id: str) -> list[CaseStudyRecord]:
    return [CaseStudyRecord(c[2], c[3], doc_id) for c in store.catalog.case_studies(doc_id)]


def list_documents(store: CorpusStore) -> list[DocumentRow]:
    return store.documents()


def delete_document(store: CorpusStore, doc_id: str) -> bool:
    deleted = store.delete(doc_id)
    if deleted:
        store.save_keyword_index()
    return deleted
