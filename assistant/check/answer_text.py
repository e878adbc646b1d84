"""The checker on one answer's text rather than a whole file: a draft answer being
written, or a peer's section read back from the store.

The checker reads documents; the text is handed to it as a one-question document whose
prompt is already located. Lines that are exactly a pillar's name open a pillar
sub-section, as they do in a submission, so progress per pillar and plans written as
bullets under pillar headings are read the way the checker reads them in a file.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from assistant.check.answers import Answer
from assistant.check.checker import answer_and_presence, judge_question
from assistant.check.report import CheckResult
from assistant.check.segments import QuestionBlock, Reading
from domain import Question, Template, load_template
from ingest.models import CleanPage, DocumentMeta, RawDocument, RawPage, Section
from ingest.structure.lines import pillar_label


def judge_answer_text(question: Question, text: str, template: Template | None = None, *, own_block: bool = True) -> list[CheckResult]:
    """The checker's results (the question, then its elements) for ``text`` as the answer.

    ``own_block``: judge the text as the question's own answer even where the form makes
    it share another question's prompt (stage two's progress and technician voice): a
    draft of that answer is written on its own."""
    question = replace(question, shares_block_with=None) if own_block else question
    return judge_question(_reading(question, text, template or load_template()), question)


def read_answer_text(question: Question, text: str, template: Template | None = None) -> Answer:
    """The part of ``text`` that answers ``question`` as the checker reads it; for a
    question that shares another's prompt, ``text`` is that prompt's whole answer and the
    result is this question's part of it (e.g. the technician voice within a plan)."""
    return answer_and_presence(_reading(question, text, template or load_template()), question)[0]


def _reading(question: Question, text: str, template: Template) -> Reading:
    stage = template.stage(question.stage_id)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    sections = _sections(question, lines)
    block = QuestionBlock(question, sections, "prompt")
    blocks = {question.id: block}
    if question.shares_block_with:
        blocks[question.shares_block_with] = QuestionBlock(stage.question(question.shares_block_with), sections, "prompt")
    path = Path(f"{question.id}.md")
    return Reading(
        path=path, raw=RawDocument(path, "md", [RawPage(1, lines)]), pages=[CleanPage(1, lines)],
        meta=DocumentMeta("submission", stage=stage.id), stage=stage, stage_source="given",
        sections=sections, header={}, header_page=None, blocks=blocks, appendices=[], signoff=[],
    )


def _sections(question: Question, lines: list[str]) -> list[Section]:
    """The question's section, then one pillar section per pillar heading line."""
    host = question.shares_block_with or question.id
    sections = [Section(question.title, "question", [], 1, 1, host, (), None, [])]
    for line in lines:
        pillar = pillar_label(line)
        if pillar:
            sections.append(Section(line, "pillar", [], 1, 1, None, (pillar,), None, []))
            continue
        sections[-1].lines.append(line)
        sections[-1].line_pages.append(1)
    return sections
