"""The library job: put files (and pages fetched from addresses) into the store, list
them, delete them, replace one.

Skips files whose bytes are already stored, updates a file ingested before from the same
path, and keeps going past bad files: each failure becomes one ``FileProblem`` naming the
file and the reason. A different file takes another document's place only when asked
(``replace_document``). An ``http(s)://`` address is fetched on request into the data
dir's ``fetched`` folder (ingest/fetch.py) and ingested from there with its address and
fetch time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from assistant.ask.themes import theme_texts
from ingest.fetch import FetchError, FetchPolicy, fetch_copy, is_url, source_of
from ingest.models import IngestError, ParsedDocument
from ingest.ocr import OcrOptions
from ingest.pipeline import SUPPORTED_SUFFIXES, parse_file, with_doc_id
from ingest.worker import ParseWorker, ReadLimit
from vectorstore.catalog import DocumentRow
from vectorstore.store import CorpusStore, ReplaceError, slugify

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
    status: str  # "added" | "updated" | "replaced" | "unchanged"
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
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


LOOKAHEAD = 2  # files parsed ahead while the current one is embedded

Parse = Callable[[Path, str, "str | None", tuple[str, ...], OcrOptions], ParsedDocument]


def ingest_paths(
    store: CorpusStore,
    paths: Iterable[Path | str],
    on_progress: Callable[[Progress], None] | None = None,
    password: str | None = None,
    time_limit_s: float | ReadLimit | None = None,
    ocr: bool = True,
    fetch: FetchPolicy | None = None,
) -> IngestReport:
    """Ingest files, folders and ``http(s)://`` addresses (fetched first). Parsing runs one
    file ahead while the current file is embedded, so the two overlap; with
    ``time_limit_s`` (seconds, or a ``ReadLimit`` that grows with the pages read by OCR)
    it runs in a reader process that is stopped when a file takes longer
    (ingest/worker.py), else in a thread. ``ocr``: read PDF pages without a text layer by
    OCR; ``fetch``: when addresses may be fetched (default: always)."""
    report = IngestReport()
    files = collect_files(_fetched([*paths], store.location.data_dir / FETCHED_DIR, report, fetch or FetchPolicy()), report)
    with reader(store, time_limit_s) as parse:
        _ingest_files(store, files, report, parse, on_progress, password, ocr=ocr)
    return report


def replace_document(
    store: CorpusStore,
    doc_id: str,
    path: Path,
    password: str | None = None,
    time_limit_s: float | ReadLimit | None = None,
    ocr: bool = True,
) -> IngestReport:
    """Put ``path`` in the place of document ``doc_id``: same id, its passages, actions and
    case studies replaced by the new file's. The one way a stored document is replaced by
    a different file: an explicit action naming both."""
    existing = store.document(doc_id)
    if existing is None:
        raise ReplaceError(f"no document with id '{doc_id}' to replace (see `tca docs list`)")
    path = Path(path)
    if path.is_dir():
        raise ReplaceError(f"{path} is a folder: a document is replaced by one file")
    report = IngestReport()
    files = collect_files([path], report)
    if files and file_sha256(path) == existing.sha256:
        report.documents.append(document_result(existing, "unchanged"))
        return report
    with reader(store, time_limit_s) as parse:
        _ingest_files(store, files, report, parse, None, password, replaces=doc_id, ocr=ocr)
    return report


@contextmanager
def reader(store: CorpusStore, time_limit_s: float | ReadLimit | None) -> Iterator[Parse]:
    """How files are parsed: in a reader process with a time limit when one is set and the
    embedder's token counter can travel there (OCR runs there too: the limit grows by the
    ``ReadLimit``'s allowance for each page read by OCR, and each page's progress comes
    back to ``OcrOptions.on_page``); otherwise in this process. A fetched copy gets its
    address and fetch time either way."""
    counter = getattr(store.embedder, "token_counter", None)
    if not time_limit_s or counter is None:
        yield lambda path, doc_id, password, known, ocr: _with_source(path, parse_file(
            path, doc_id, store.embedder.count_tokens, store.embedder.max_tokens, password, known, ocr
        ))
        return
    with ParseWorker(time_limit_s, counter, store.embedder.max_tokens) as worker:
        yield lambda path, doc_id, password, known, ocr: _with_source(
            path, worker.parse(path, doc_id, password, known, ocr=ocr.enabled, on_page=ocr.on_page)
        )


def _with_source(path: Path, parsed: ParsedDocument) -> ParsedDocument:
    source = source_of(path)
    return replace(parsed, source_url=source.url, fetched_at=source.fetched_at) if source else parsed


def _ingest_files(
    store: CorpusStore,
    files: list[Path],
    report: IngestReport,
    parse: Parse,
    on_progress: Callable[[Progress], None] | None,
    password: str | None,
    replaces: str | None = None,
    ocr: bool = True,
) -> None:
    finished = [0]  # files done, as the page-by-page OCR progress reports it
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="tca-parse") as pool:
        pending: dict[int, Future] = {}
        for number, path in enumerate(files, start=1):
            for ahead in range(number, min(number + LOOKAHEAD, len(files)) + 1):
                if ahead not in pending:
                    options = _ocr_options(ocr, on_progress, files[ahead - 1].name, len(files), finished)
                    pending[ahead] = pool.submit(_prepare, store, files[ahead - 1], parse, password, options, not replaces)
            document = _store_one(store, path, pending.pop(number).result(), report, parse, password, replaces)
            finished[0] = number
            if on_progress is not None:
                pages, chunks = (document.pages, document.chunks) if document else (0, 0)
                on_progress(Progress(number, len(files), path.name, pages, chunks))
    if any(d.status != "unchanged" for d in report.documents):
        store.save_keyword_index()
    store.keep_vectors(theme_texts())


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


def _prepare(
    store: CorpusStore, path: Path, parse: Parse, password: str | None, ocr: OcrOptions, skip_unchanged: bool = True
) -> _Prepared:
    try:
        sha = file_sha256(path)
    except OSError as exc:
        return _Prepared(problem=f"cannot read file ({exc.strerror})")
    existing = store.unchanged(path, sha) if skip_unchanged else None
    if existing is not None:
        return _Prepared(sha, unchanged=existing)
    known = tuple(store.catalog.document_institutions())
    try:
        parsed = parse(path, slugify(path.stem), password, known, ocr)
    except IngestError as exc:
        return _Prepared(sha, problem=exc.reason)
    return _Prepared(sha, parsed=parsed, known_institutions=known)


def _with_settled_institution(store: CorpusStore, path: Path, prepared: _Prepared, parse: Parse, password: str | None) -> ParsedDocument:
    """A paper that names its institution only by acronym is attributed from the
    institutions already stored; when it was parsed ahead, before the file that names
    the institution was stored, parse it again now that the store knows more."""
    parsed = prepared.parsed
    known = tuple(store.catalog.document_institutions())
    if parsed.meta.institution is None and parsed.meta.doc_type != "case_study_report" and set(known) - set(prepared.known_institutions):
        return parse(path, slugify(path.stem), password, known, OcrOptions(enabled=bool(parsed.ocr_pages)))
    return parsed


def _store_one(
    store: CorpusStore, path: Path, prepared: _Prepared, report: IngestReport, parse: Parse,
    password: str | None, replaces: str | None = None,
) -> IngestedDocument | None:
    if prepared.problem is not None:
        report.errors.append(FileProblem(str(path), prepared.problem))
        return None
    if prepared.unchanged is not None:
        store.complete_statement_vectors(prepared.unchanged.doc_id)
        document = document_result(prepared.unchanged, "unchanged")
    else:
        had_version = store.catalog.document_by_path(str(path.resolve())) is not None
        try:
            parsed = _with_settled_institution(store, path, prepared, parse, password)
        except IngestError as exc:
            report.errors.append(FileProblem(str(path), exc.reason))
            return None
        parsed = with_doc_id(parsed, replaces or store.doc_id_for(path))  # ids settle in file order
        row = store.add(parsed, replaces=replaces)
        report.warnings.extend(FileProblem(str(path), w) for w in parsed.warnings)
        document = document_result(row, "replaced" if replaces else "updated" if had_version else "added")
    report.documents.append(document)
    report.case_studies.extend(_case_studies_of(store, document.id))
    return document


def document_result(row: DocumentRow, status: str) -> IngestedDocument:
    """What the report says of a stored document."""
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
