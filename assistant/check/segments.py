"""A submission read into the parts the checker judges (template spec 3): the form
header, one answer block per question, sign-off lines and appendices.

Segmentation is ingest's (``split_sections``): prompts located by their phrases, each
answer cut at the next prompt, sign-off line or appendix heading. This module groups
those sections per question and, for drafts that reword their headings, places the
questions whose prompts were not found by embedding similarity (``locate.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from assistant.check.locate import Placement, place_reworded_prompts, unplaced_questions
from domain import Question, Stage, load_template
from ingest.clean import clean_pages
from ingest.loaders import load_document
from ingest.models import CleanPage, DocumentMeta, RawDocument, Section
from ingest.structure import detect_meta, detect_stage, split_sections
from ingest.structure.form import appendix_heading, form_start, header_fields, own_header_fields
from ingest.structure.lines import Line, flatten
from ingest.structure.prompts import locatable_questions, split_glued_prompts
from ingest.structure.sections import TEMPLATE_APPENDIX_KIND
from vectorstore.embedder import Embedder

ANSWER_KINDS = ("question", "pillar", "body", "appendix")


class StageUnknownError(ValueError):
    """The stage could not be detected and no embedder was given to infer it."""


@dataclass(frozen=True)
class Region:
    """Consecutive lines of the author's text with the page of each line."""

    title: str
    lines: tuple[str, ...] = ()
    pages: tuple[int, ...] = ()
    page: int | None = None

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    @classmethod
    def of_sections(cls, title: str, sections: list[Section], with_titles: bool = False) -> Region:
        """The sections' lines as one region; ``with_titles`` keeps sub-headings as lines."""
        lines: list[str] = []
        pages: list[int] = []
        for index, section in enumerate(sections):
            if with_titles and index > 0 and section.title:
                lines.append(section.title)
                pages.append(section.page_start)
            lines.extend(section.lines)
            pages.extend(section.line_pages or [section.page_start] * len(section.lines))
        first = sections[0].page_start if sections else None
        return cls(title, tuple(lines), tuple(pages), first)


@dataclass(frozen=True)
class Appendix:
    label: str | None  # "B", "1"; None when the heading carries no label
    title: str
    template: bool  # the form's own examples appendix: guidance, never an answer
    section: Section

    @property
    def region(self) -> Region:
        return Region.of_sections(self.title, [self.section])


@dataclass
class QuestionBlock:
    """A located question: its prompt section and the pillar sub-sections of its answer."""

    question: Question
    sections: list[Section]
    located_by: str  # "prompt" (its phrases) | "similarity" (a reworded heading)
    similarity: float | None = None

    @property
    def prompt(self) -> str:
        return self.sections[0].title

    @property
    def page(self) -> int:
        return self.sections[0].page_start

    @property
    def region(self) -> Region:
        return Region.of_sections(self.question.title, self.sections, with_titles=True)

    def pillar_regions(self) -> dict[str, Region]:
        return {
            section.pillars[0]: Region.of_sections(section.title, [section])
            for section in self.sections[1:]
            if section.kind == "pillar" and section.pillars
        }


@dataclass
class Reading:
    """Everything the checker needs to know about one file."""

    path: Path
    raw: RawDocument
    pages: list[CleanPage]
    meta: DocumentMeta
    stage: Stage
    stage_source: str  # "given" | "detected" | "similarity"
    sections: list[Section]
    header: dict[str, str]  # doc check id -> field value
    header_page: int | None
    blocks: dict[str, QuestionBlock]
    appendices: list[Appendix]
    signoff: list[Line]
    notes: list[str] = field(default_factory=list)

    def block(self, question: Question) -> QuestionBlock | None:
        return self.blocks.get(question.id)

    def answer_regions(self) -> list[Region]:
        """The author's own text: answers, unprompted body text and in-file appendices
        (never the guidance preamble, the header, sign-off or the template appendix)."""
        return [
            Region.of_sections(section.title, [section])
            for section in self.sections
            if section.kind in ANSWER_KINDS
        ]

    def page_before(self, question: Question) -> int | None:
        """Page of the last located question that precedes ``question`` in the form."""
        earlier = [
            self.blocks[q.id].page
            for q in self.stage.questions
            if q.number < question.number and q.id in self.blocks
        ]
        return earlier[-1] if earlier else None


def read_submission(
    path: Path, stage: str = "auto", embedder: Embedder | None = None, raw: RawDocument | None = None
) -> Reading:
    """Load, clean and segment a draft; ``stage`` is a stage id or ``auto``.

    ``embedder`` places reworded headings (and infers the stage when nothing names it);
    without it only prompts found by their phrases are used. ``raw``: the file already
    loaded (the app loads uploads in a reader process it can stop).
    """
    raw = raw if raw is not None else load_document(path)
    pages = clean_pages(raw)
    meta = detect_meta(pages, path.name)
    lines = flatten(pages)
    notes: list[str] = []
    stage_id, source = _stage_choice(stage, detect_stage(lines), notes)
    if stage_id is None:
        stage_id, source = _stage_by_similarity(pages, meta, lines, embedder), "similarity"
        notes.append(f"stage not named in the document; inferred as {stage_id} from its headings")
    template_stage = load_template().stage(stage_id)
    sections, placements = _segment(pages, meta, lines, template_stage, embedder)
    start = form_start(lines)
    header = _header(lines, start, template_stage)
    return Reading(
        path=path,
        raw=raw,
        pages=pages,
        meta=replace(meta, stage=stage_id),
        stage=template_stage,
        stage_source=source,
        sections=sections,
        header=header,
        header_page=lines[start].page if start is not None else None,
        blocks=_blocks(sections, template_stage, placements),
        appendices=_appendices(sections),
        signoff=_signoff_lines(sections),
        notes=notes,
    )


def _stage_choice(requested: str, detected: str | None, notes: list[str]) -> tuple[str | None, str]:
    if requested in ("", "auto"):
        return detected, "detected"
    if detected and detected != requested:
        notes.append(f"stage {requested} was given, but the document reads as {detected}")
    return requested, "given"


def _stage_by_similarity(
    pages: list[CleanPage], meta: DocumentMeta, lines: list[Line], embedder: Embedder | None
) -> str:
    """The stage whose questions the document's headings match best."""
    if embedder is None:
        raise StageUnknownError("the document does not say which stage it is: pass --stage")
    scores = {}
    for stage in load_template().stages:
        sections, placements = _segment(pages, meta, lines, stage, embedder)
        located = sum(1 for s in sections if s.kind == "question")
        scores[stage.id] = (located, sum(p.similarity for p in placements.values()))
    return max(scores, key=scores.get)


def _segment(
    pages: list[CleanPage],
    meta: DocumentMeta,
    lines: list[Line],
    stage: Stage,
    embedder: Embedder | None,
) -> tuple[list[Section], dict[str, Placement]]:
    """Sections with every question's prompt located: by phrase, then by similarity."""
    sections = split_sections(pages, replace(meta, doc_type="submission", stage=stage.id))
    unplaced = unplaced_questions(stage, sections)
    if not unplaced or embedder is None:
        return sections, {}
    headings = {(line.page, line.text.strip()) for line in lines if line.heading is not None}
    return place_reworded_prompts(sections, unplaced, headings, embedder)


def _header(lines: list[Line], start: int | None, stage: Stage) -> dict[str, str]:
    """Header field values by doc check id (the first of each); a draft without the form's
    header, those of its opening lines ("Lead: ...")."""
    if start is None:
        fields = own_header_fields(lines)
    else:
        lines = lines[:start] + split_glued_prompts(lines[start:], locatable_questions(stage))
        fields = header_fields(lines, start)[0]
    values: dict[str, str] = {}
    for header_field in fields:
        values.setdefault(header_field.check_id, header_field.value)
    return values


def _blocks(
    sections: list[Section], stage: Stage, placements: dict[str, Placement]
) -> dict[str, QuestionBlock]:
    blocks: dict[str, QuestionBlock] = {}
    for index, section in enumerate(sections):
        if section.kind != "question" or not section.question_id or section.question_id in blocks:
            continue
        group = [section]
        for following in sections[index + 1 :]:
            if following.kind != "pillar" or following.question_id != section.question_id:
                break
            group.append(following)
        placement = placements.get(section.question_id)
        blocks[section.question_id] = QuestionBlock(
            stage.question(section.question_id),
            group,
            "similarity" if placement else "prompt",
            placement.similarity if placement else None,
        )
    return blocks


def _appendices(sections: list[Section]) -> list[Appendix]:
    return [
        Appendix(appendix_heading(s.title), s.title, s.kind == TEMPLATE_APPENDIX_KIND, s)
        for s in sections
        if s.kind in ("appendix", TEMPLATE_APPENDIX_KIND)
    ]


def _signoff_lines(sections: list[Section]) -> list[Line]:
    return [
        Line(text, page)
        for section in sections
        if section.kind == "signoff"
        for text, page in zip(
            section.lines, section.line_pages or [section.page_start] * len(section.lines), strict=True
        )
    ]
