"""The gap checker: a draft (PDF, DOCX, TXT, MD) against the template spec, check by
check, with peers' examples for every gap.

    from assistant.check import check_file
    report = check_file(Path("draft.pdf"), store=store)   # -> CheckReport
    report.to_json(); render_markdown(report); report.exit_code

No language model is involved: every status comes from a small detector whose reason
says what it found (``assistant/check/elements``).
"""

from __future__ import annotations

from pathlib import Path

from assistant.check.checker import judge_reading
from assistant.check.report import CheckReport, CheckResult, Example, Where, render_markdown
from assistant.check.segments import Reading, StageUnknownError, read_submission
from domain import DocCheck, ElementCheck, load_template
from ingest.models import RawDocument
from vectorstore.embedder import Embedder
from vectorstore.store import CorpusStore

__all__ = [
    "CheckReport",
    "CheckResult",
    "Example",
    "Reading",
    "StageUnknownError",
    "Where",
    "check_file",
    "check_reading",
    "render_markdown",
]

EMPTY_STORE_NOTE = "no peer examples: the store holds no documents yet (add past submissions with `tca ingest`)"


def check_file(
    path: Path,
    stage: str = "auto",
    *,
    store: CorpusStore | None = None,
    embedder: Embedder | None = None,
    with_examples: bool = True,
    intended_filename: str | None = None,
    raw: RawDocument | None = None,
) -> CheckReport:
    """Check one file. ``store`` supplies peer examples (and its embedder places reworded
    headings); ``stage`` is ``auto`` or a stage id; ``intended_filename`` enables
    ``doc.filename``; ``raw`` is the file when it is already loaded."""
    embedder = embedder or (store.embedder if store else None)
    reading = read_submission(Path(path), stage, embedder, raw)
    report = check_reading(reading, intended_filename)
    if with_examples and store is not None:
        add_examples(report, reading, store)
    return report


def check_reading(reading: Reading, intended_filename: str | None = None) -> CheckReport:
    """The report for an already segmented document (the summariser reuses the reading)."""
    return CheckReport(
        file=reading.path.name,
        stage=reading.stage.id,
        stage_source=reading.stage_source,
        institution=reading.header.get("doc.institution") or reading.meta.institution,
        date=reading.meta.date,
        checks=judge_reading(reading, intended_filename),
        notes=list(reading.notes),
    )


def add_examples(report: CheckReport, reading: Reading, store: CorpusStore) -> None:
    """Fill ``examples`` of every flagged question or element check from peers' answers."""
    from assistant.check.examples import PeerExamples

    if not store.documents():
        report.notes.append(EMPTY_STORE_NOTE)
        return
    own = store.catalog.document_by_path(str(reading.path.resolve()))
    peers = PeerExamples(store, {own.doc_id} if own else set(), report.institution)
    template = load_template()
    for result in report.flagged:
        check = template.check(result.id)
        if isinstance(check, DocCheck):
            continue
        if isinstance(check, ElementCheck):
            result.examples = peers.for_check(template.question(check.question_id), check)
        else:
            result.examples = peers.for_check(check)
