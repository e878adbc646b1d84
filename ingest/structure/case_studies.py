"""Case studies in a multi-institution report: one section per institution, tagged with
the pillar of the group it sits in.

* Groups open with a banner ("Case studies - Visibility", or "Case studies" over a
  pillar name); inside a group the banner also runs as a page header, which the
  cleaner moves to ``furniture``, so a page's furniture tells its group too.
* A case study starts at its institution's name: a short title-case line with an
  organisation word (University, Institute, Centre, Group, ...). Sub-titles, quotes and
  a repeat of the current institution's name (a caption) do not start a new one.
* The case-study part ends where the next chapter listed in the contents after the
  case-study entries begins (e.g. "Our supporter organisations"); without a contents
  list it runs to the end of the document.
"""

from __future__ import annotations

import re

from domain import fold
from ingest.models import CaseStudy, CleanPage, Section
from ingest.structure.body import Draft, body_sections
from ingest.structure.lines import (
    Line,
    is_paragraph,
    looks_like_institution,
    pillar_label,
    strip_page_number,
)

_BANNER = re.compile(r"case stud(?:y|ies)\b\s*(?:[-–—:]\s*(?P<rest>.+))?$", re.I)
_BARE_NUMBER = re.compile(r"\d{1,3}")
_CONTENTS_TITLES = ("contents", "table of contents")
MAX_CONTENTS_LINES = 80


def find_case_studies(sections: list[Section]) -> list[CaseStudy]:
    """The case studies among ``split_sections`` output, in document order."""
    return [
        CaseStudy(
            institution=section.institution or section.title,
            pillar=section.pillars[0] if section.pillars else None,
            page_start=section.page_start,
            page_end=section.page_end,
        )
        for section in sections
        if section.kind == "case_study"
    ]


def has_case_studies(lines: list[Line], pages: list[CleanPage]) -> bool:
    """At least two case studies under a case-study banner."""
    region = case_study_region(lines, pages)
    if region is None:
        return False
    studies = _case_study_drafts(lines, *region, page_pillars(pages))
    return sum(draft.kind == "case_study" for draft in studies) >= 2


def report_sections(lines: list[Line], pages: list[CleanPage]) -> list[Section]:
    """Body sections around the case-study part, one section per case study inside it."""
    region = case_study_region(lines, pages)
    if region is None:
        return body_sections(lines)
    start, end = region
    studies = [
        draft.to_section() for draft in _case_study_drafts(lines, start, end, page_pillars(pages))
    ]
    return (
        body_sections(lines[:start]) + [s for s in studies if s.lines] + body_sections(lines[end:])
    )


def banner_at(lines: list[Line], index: int) -> tuple[str, int] | None:
    """(pillar id, lines used) for a group banner at ``index``; contents entries (with a
    page number) are not banners."""
    text = lines[index].text.strip()
    match = _BANNER.match(text)
    if match is None or strip_page_number(text) != text or _number_follows(lines, index):
        return None
    if match.group("rest"):
        pillar = pillar_label(match.group("rest"))
        return (pillar, 1) if pillar else None
    if index + 1 < len(lines):
        pillar = pillar_label(lines[index + 1].text)
        if pillar and not _number_follows(lines, index + 1):
            return pillar, 2
    return None


def page_pillars(pages: list[CleanPage]) -> dict[int, str]:
    """Page number -> pillar of the case-study banner found in that page's furniture."""
    found: dict[int, str] = {}
    for page in pages:
        for text in page.furniture:
            match = _BANNER.match(text.strip())
            pillar = pillar_label(match.group("rest")) if match and match.group("rest") else None
            if pillar:
                found[page.number] = pillar
    return found


def case_study_region(lines: list[Line], pages: list[CleanPage]) -> tuple[int, int] | None:
    """[start, end) of the case-study part: from the first banner (in the text or in a
    page's furniture) to the next chapter that the contents list after the case studies."""
    furnished = page_pillars(pages)
    start = next(
        (i for i, line in enumerate(lines) if banner_at(lines, i) or line.page in furnished),
        None,
    )
    if start is None:
        return None
    later_chapters = _chapters_after_case_studies(lines)
    longest = max(map(len, later_chapters), default=0)
    end = next(
        (
            i
            for i in range(start + 1, len(lines))
            if len(lines[i].text) <= longest + 2 and fold(lines[i].text.strip()) in later_chapters
        ),
        len(lines),
    )
    return start, end


def _chapters_after_case_studies(lines: list[Line]) -> set[str]:
    entries = _contents_entries(lines)
    banner_positions = [i for i, entry in enumerate(entries) if _BANNER.match(entry)]
    if not banner_positions:
        return set()
    return {fold(entry) for entry in entries[banner_positions[-1] + 1 :]}


def _contents_entries(lines: list[Line]) -> list[str]:
    """Entry titles of the contents list, without page numbers, in order."""
    index = next(
        (i for i, line in enumerate(lines) if fold(line.text.strip()) in _CONTENTS_TITLES), None
    )
    if index is None:
        return []
    entries: list[str] = []
    for position in range(index + 1, min(len(lines), index + 1 + MAX_CONTENTS_LINES)):
        text = lines[position].text.strip()
        if _BARE_NUMBER.fullmatch(text):
            continue
        if is_paragraph(text) and not _number_follows(lines, position):
            break
        entries.append(strip_page_number(text))
    return entries


def _number_follows(lines: list[Line], index: int) -> bool:
    return index + 1 < len(lines) and bool(_BARE_NUMBER.fullmatch(lines[index + 1].text.strip()))


def _case_study_drafts(
    lines: list[Line], start: int, end: int, furnished: dict[int, str]
) -> list[Draft]:
    """Walk the case-study part: banners set the group pillar, institution names open
    case studies, everything else is content of the current one."""
    drafts: list[Draft] = []
    current: Draft | None = None
    pillar: str | None = None
    page: int | None = None
    index = start
    while index < end:
        line = lines[index]
        group = banner_at(lines, index)
        if line.page != page:
            page = line.page
            group = group or ((furnished[page], 0) if page in furnished else None)
        if group is not None:
            if group[0] != pillar:
                current = None  # a new group: what follows is not the previous study
            pillar = group[0]
            if group[1]:
                index += group[1]
                continue
        if _starts_case_study(lines, index, end, current):
            current = Draft(
                line.text.strip(), "case_study", line.page, institution=line.text.strip()
            )
            current.pillars = (pillar,) if pillar else ()
            drafts.append(current)
        else:
            if current is None:
                current = Draft("", "body", line.page, pillars=(pillar,) if pillar else ())
                drafts.append(current)
            current.lines.append(line)
        index += 1
    return drafts


def _starts_case_study(lines: list[Line], index: int, end: int, current: Draft | None) -> bool:
    """An institution's name with content after it, other than the current study's own."""
    text = lines[index].text.strip()
    if not looks_like_institution(text) or index + 1 >= end:
        return False
    if current is not None and current.institution and fold(current.institution) == fold(text):
        return False
    return not looks_like_institution(lines[index + 1].text)
