"""Splitting a document into consecutive sections that chunks never cross.

Submissions and guidance templates are read as the form prints them (template spec
3.1): guidance ``preamble``, form ``header``, one ``question`` section per prompt (the
prompt is the title, the answer the lines), ``pillar`` sub-sections under pillar
headings inside an answer (keeping the question id), ``signoff`` blocks and
``appendix`` sections. Reports get ``case_study`` sections; other prose ``body`` and
``pillar`` sections.
"""

from __future__ import annotations

from domain import Question, Stage, load_template
from ingest.models import CleanPage, DocumentMeta, Section
from ingest.structure.body import Draft, body_sections
from ingest.structure.case_studies import report_sections
from ingest.structure.form import (
    appendix_heading,
    field_check_id,
    form_start,
    header_fields,
    is_signoff_line,
    is_template_appendix,
)
from ingest.structure.lines import (
    Line,
    flatten,
    is_pillar_heading,
    looks_like_heading,
    pillar_label,
    words,
)
from ingest.structure.meta import detect_stage
from ingest.structure.prompts import (
    MIN_WRAPPED_WORDS,
    locatable_questions,
    match_prompt,
    split_glued_prompts,
)

TEMPLATE_APPENDIX_NOTE = "(template examples, not an answer)"
# The form's own examples appendix: guidance text, never an answer, a plan or evidence.
TEMPLATE_APPENDIX_KIND = "template_appendix"


def split_sections(pages: list[CleanPage], meta: DocumentMeta) -> list[Section]:
    """Consecutive, non-overlapping sections of the document, by its type."""
    lines = flatten(pages)
    if meta.doc_type in ("submission", "guidance"):
        return _form_sections(lines, meta)
    if meta.doc_type == "case_study_report":
        return report_sections(_without_title(lines, meta.title), pages)
    return body_sections(_without_title(lines, meta.title))


def _without_title(lines: list[Line], title: str) -> list[Line]:
    """Drop the leading title line(s): the title lives in the metadata."""
    skip = 0
    while (
        skip < len(lines)
        and skip < 2
        and lines[skip].text.strip()
        and lines[skip].text.strip() in title
    ):
        skip += 1
    return lines[skip:]


def _form_sections(lines: list[Line], meta: DocumentMeta) -> list[Section]:
    stage_id = meta.stage or detect_stage(lines)
    stage = load_template().stage(stage_id) if stage_id else None
    start = form_start(lines)
    if start is None:
        return _answer_sections(lines, 0, stage)
    questions = locatable_questions(stage) if stage else []
    lines = lines[:start] + split_glued_prompts(lines[start:], questions)
    after_header = header_fields(lines, start)[1]
    sections = (
        [Draft("Guidance", "preamble", lines[0].page, lines[:start]).to_section()] if start else []
    )
    sections.append(_header_section(lines, start, after_header))
    return sections + _answer_sections(lines, after_header, stage)


def _header_section(lines: list[Line], start: int, end: int) -> Section:
    """The form title line (as the title) and the header fields."""
    first = lines[start]
    if field_check_id(first.text) is not None:  # no title line: the form opens with its fields
        return Draft("Form header", "header", first.page, lines[start:end]).to_section()
    return Draft(first.text.strip(), "header", first.page, lines[start + 1 : end]).to_section()


def _answer_sections(lines: list[Line], begin: int, stage: Stage | None) -> list[Section]:
    """Question, pillar, sign-off, appendix and body sections after the form header."""
    wanted = locatable_questions(stage) if stage else []
    drafts: list[Draft] = []
    current: Draft | None = None
    index = begin
    while index < len(lines):
        opened, index = _open_section(lines, index, stage, wanted, current)
        if opened is not None:
            current = opened
            drafts.append(current)
            continue
        line = lines[index]
        if current is None:
            current = _untitled_body(lines, index)
            drafts.append(current)
            if current.title:
                index += 1
                continue
        current.lines.append(line)
        index += 1
    return [draft.to_section() for draft in drafts if draft.lines or draft.kind == "question"]


def _open_section(
    lines: list[Line],
    index: int,
    stage: Stage | None,
    wanted: list[Question],
    current: Draft | None,
) -> tuple[Draft | None, int]:
    """The section that ``lines[index]`` opens, if any, and the index to continue from."""
    line = lines[index]
    in_appendix = current is not None and current.kind in ("appendix", TEMPLATE_APPENDIX_KIND)
    label = appendix_heading(line.text)
    if label and not _is_bare_reference(current):
        end = _wrapped_title_end(lines, index)
        title = " ".join(line.text.strip() for line in lines[index : end + 1])
        if is_template_appendix(title):
            return Draft(f"{title} {TEMPLATE_APPENDIX_NOTE}", TEMPLATE_APPENDIX_KIND, line.page), end + 1
        return Draft(title, "appendix", line.page), end + 1
    if in_appendix:
        return None, index
    if is_signoff_line(line.text):
        if current is not None and current.kind == "signoff":
            return None, index
        return Draft("Sign-off", "signoff", line.page), index
    if current is not None and current.kind == "signoff" and line.heading is not None:
        # a heading ends the sign-off block: a draft may date itself at the top ("Date: 1 March
        # 2026") and go on with its answers, which are no part of a sign-off
        return Draft(line.text.strip(), "body", line.page), index + 1
    prompt = match_prompt(lines, index, stage, wanted) if stage else None
    if prompt is not None:
        wanted[:] = [q for q in wanted if q.id != prompt.question_id]
        draft = Draft(prompt.text, "question", line.page, question_id=prompt.question_id)
        if prompt.answer_head:
            draft.lines.append(Line(prompt.answer_head, lines[prompt.last].page))
        return draft, prompt.last + 1
    if (
        is_pillar_heading(line)
        and current is not None
        and current.kind in ("question", "pillar", "body")
    ):
        pillar = pillar_label(line.text)
        return Draft(
            line.text.strip(),
            "pillar",
            line.page,
            question_id=current.question_id,
            pillars=(pillar,),
        ), index + 1
    return None, index


def _wrapped_title_end(lines: list[Line], index: int) -> int:
    """The last line of a heading that wrapped: a full-width line, then lower-case words."""
    end = index
    while (
        end + 1 < len(lines)
        and len(words(lines[end].text)) >= MIN_WRAPPED_WORDS
        and lines[end + 1].text[:1].islower()
    ):
        end += 1
    return end


def _is_bare_reference(current: Draft | None) -> bool:
    """ "Appendix B" as the whole answer, right under a prompt, is a reference, not a heading."""
    return current is not None and current.kind == "question" and not current.lines


def _untitled_body(lines: list[Line], index: int) -> Draft:
    """Text after the header and before the first prompt (e.g. workforce figures); a
    heading-shaped first line becomes its title."""
    line = lines[index]
    if looks_like_heading(line) and index + 1 < len(lines):
        return Draft(line.text.strip(), "body", line.page)
    return Draft("", "body", line.page)
