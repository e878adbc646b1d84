"""Sections of free prose (update papers, report chapters): split at headings.

Headings are styled lines where the format says so (DOCX, Markdown) and otherwise
short capitalised lines followed by prose. A heading that is a pillar's name opens a
``pillar`` section.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.models import Section
from ingest.structure.lines import (
    Line,
    is_named_entry,
    is_paragraph,
    is_pillar_heading,
    looks_like_heading,
    pillar_label,
)


@dataclass
class Draft:
    """A section being collected: title, kind and the lines seen so far."""

    title: str
    kind: str
    page: int
    lines: list[Line] = field(default_factory=list)
    question_id: str | None = None
    pillars: tuple[str, ...] = ()
    institution: str | None = None

    def to_section(self) -> Section:
        pages = [line.page for line in self.lines]
        return Section(
            title=self.title,
            kind=self.kind,
            lines=[line.text for line in self.lines],
            page_start=min(pages, default=self.page),
            page_end=max(pages, default=self.page),
            question_id=self.question_id,
            pillars=self.pillars,
            institution=self.institution,
            line_pages=pages,
        )


def body_sections(lines: list[Line], pillars: tuple[str, ...] = ()) -> list[Section]:
    """Consecutive ``body``/``pillar`` sections; headings with nothing between them merge
    into one title ("Progress and Impact - Our community of ...")."""
    drafts: list[Draft] = []
    current: Draft | None = None
    for index, line in enumerate(lines):
        if is_pillar_heading(line) or is_body_heading(lines, index):
            if current is not None and not current.lines:
                current.title = f"{current.title} - {line.text.strip()}"
                continue
            current = _heading_draft(line, pillars)
            drafts.append(current)
        else:
            if current is None:
                current = Draft("", "body", line.page, pillars=pillars)
                drafts.append(current)
            current.lines.append(line)
    return [draft.to_section() for draft in drafts if draft.lines]


def _heading_draft(line: Line, pillars: tuple[str, ...]) -> Draft:
    pillar = pillar_label(line.text) if is_pillar_heading(line) else None
    if pillar:
        return Draft(line.text.strip(), "pillar", line.page, pillars=(pillar,))
    return Draft(line.text.strip(), "body", line.page, pillars=pillars)


def is_body_heading(lines: list[Line], index: int) -> bool:
    """A heading line: styled as one, or heading-shaped with prose after it (possibly
    after one more heading line, as in a title and its subtitle)."""
    line = lines[index]
    if line.heading is not None:
        return True
    if not looks_like_heading(line) or index + 1 >= len(lines) or (index and _lists_on(lines[index - 1], line)):
        return False
    following = lines[index + 1]
    if is_paragraph(following.text):
        return True
    return (
        looks_like_heading(following)
        and following.page == line.page
        and index + 2 < len(lines)
        and is_paragraph(lines[index + 2].text)
    )


def _lists_on(previous: Line, line: Line) -> bool:
    """A named entry under a lead-in ("Campus contacts:") or after another: a list's entry
    ("Marine Station – Callum Reeve"), kept in the text, not taken for a heading."""
    return is_named_entry(line.text) and (previous.text.rstrip().endswith(":") or is_named_entry(previous.text))
