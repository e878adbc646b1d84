"""Typed records that flow through ingestion: file -> pages -> sections -> chunks.

Every stage of ``ingest/`` takes and returns these; nothing downstream sees raw dicts.
Ids (stages, question ids, pillars, document types) are those of the template spec.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

DOC_TYPES = ("submission", "guidance", "update_paper", "case_study_report", "action_plan")
DOC_TYPE_LABELS = {
    "submission": "Submission",
    "guidance": "Guidance",
    "update_paper": "Update paper",
    "case_study_report": "Case-study report",
    "action_plan": "Action plan",
}
STAGES = ("initial", "stage_two", "renewal")


class IngestError(Exception):
    """A file that cannot be ingested; ``reason`` is one plain sentence for the user."""

    def __init__(self, file: str | Path, reason: str):
        self.file = str(file)
        self.reason = reason
        super().__init__(f"{Path(self.file).name}: {reason}")


@dataclass(frozen=True)
class TextSpan:
    """A run of text on a PDF page with its position (points, origin bottom-left) and font."""

    x: float
    y: float
    text: str
    size: float = 0.0
    bold: bool = False


@dataclass
class RawPage:
    """One page as the loader read it: 1-based ``number``; ``lines`` in reading order.

    ``spans`` carries positioned text where the format has it (PDF), for table and
    heading recovery; ``heading_levels`` maps a line index to a heading level where the
    format says so (DOCX styles, Markdown ``#``). ``ocr``: the text was read from the
    page's image (ingest/ocr.py), not from a text layer.
    """

    number: int
    lines: list[str]
    spans: list[TextSpan] = field(default_factory=list)
    heading_levels: dict[int, int] = field(default_factory=dict)
    ocr: bool = False


@dataclass
class RawTable:
    """A table as its file holds it in cells (a worksheet, an HTML table): the header
    row's cells, the rows under it, and the page (a workbook's sheet) it is on."""

    header: list[str]
    rows: list[list[str]]
    page: int = 1


@dataclass
class RawDocument:
    """``title``/``date``/``institution``: what the file itself declares (a web page's
    metadata and site name), used where the text does not say."""

    path: Path
    file_type: str  # "pdf" | "docx" | "txt" | "md" | "html" | "xlsx" | "csv"
    pages: list[RawPage]
    warnings: list[str] = field(default_factory=list)
    sha256: str = ""
    title: str | None = None
    date: str | None = None
    institution: str | None = None
    tables: list[RawTable] = field(default_factory=list)  # cell tables (sheets, HTML)


@dataclass
class CleanPage:
    """A page after running headers/footers and page numbers were removed.

    ``furniture`` keeps what was removed (e.g. a running "Case studies - Visibility"
    header): structure detection may read it, chunks never contain it.
    """

    number: int
    lines: list[str]
    furniture: list[str] = field(default_factory=list)
    heading_levels: dict[int, int] = field(default_factory=dict)


@dataclass
class DocumentMeta:
    doc_type: str  # one of DOC_TYPES
    title: str = ""
    institution: str | None = None
    stage: str | None = None  # one of STAGES, None when not a submission
    date: str | None = None  # ISO, as precise as the document allows: "2024-07-26", "2024-02", "2024"
    lead_name: str | None = None
    lead_email: str | None = None

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None


@dataclass
class Section:
    """A contiguous region of a document that a chunk may never cross.

    ``kind``: preamble | header | question | pillar | case_study | appendix |
    template_appendix (the form's own examples: guidance, never an answer) | body | signoff.
    """

    title: str
    kind: str
    lines: list[str]
    page_start: int
    page_end: int
    question_id: str | None = None
    pillars: tuple[str, ...] = ()
    institution: str | None = None  # set on case studies (differs from the document's)
    line_pages: list[int] = field(default_factory=list)  # page of each line, when known

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class ActionRecord:
    """One row of an action-plan table (template spec 9.1)."""

    pillar: str | None
    number: str | None
    activity: str
    description: str = ""
    timescale: str = ""
    start: date | None = None
    end: date | None = None
    owner: str = ""
    success_measure: str = ""
    page: int | None = None


@dataclass
class CaseStudy:
    institution: str
    pillar: str | None
    page_start: int
    page_end: int


@dataclass
class Chunk:
    """The unit that is embedded and retrieved; metadata is flat so Chroma can filter on it."""

    doc_id: str
    index: int
    text: str
    file: str
    institution: str | None
    doc_type: str
    stage: str | None
    date: str | None
    section_title: str
    section_kind: str
    question_id: str | None
    pillars: tuple[str, ...]
    page_start: int
    page_end: int
    quoted: tuple[str, ...] = ()  # passages quoting another document (not searched)
    ocr: bool = False  # its text was read by OCR from a page image

    @property
    def id(self) -> str:
        return f"{self.doc_id}:{self.index}"

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]


@dataclass
class ParsedDocument:
    """Everything ingestion learns about one file, ready to be stored."""

    doc_id: str
    path: Path
    sha256: str
    file_type: str
    meta: DocumentMeta
    pages: int
    sections: list[Section]
    chunks: list[Chunk]
    actions: list[ActionRecord] = field(default_factory=list)
    case_studies: list[CaseStudy] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ocr_pages: tuple[int, ...] = ()  # pages whose text was read by OCR
    source_url: str | None = None  # fetched from this address (ingest/fetch.py)
    fetched_at: str | None = None


def short_reason(exc: BaseException) -> str:
    """The first line of an exception message, bounded, for a user-facing reason."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return message[:160]
