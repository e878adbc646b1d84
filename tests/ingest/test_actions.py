"""Action-plan tables -> ActionRecords, and timescales -> dates.

The LJMU plan (Appendix B) is read from its PDF, DOCX and TXT forms in the shared corpus
(skipped when absent); the other table shapes use small tables written for these tests.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from ingest.actions import parse_actions, parse_timescale
from ingest.clean import clean_pages
from ingest.loaders import load_document
from ingest.models import ActionRecord
from ingest.structure import detect_meta, split_sections
from ingest.structure.sections import TEMPLATE_APPENDIX_NOTE

LJMU_PILLAR_COUNTS = {
    "visibility": 7,
    "recognition": 3,
    "career_development": 6,
    "sustainability": 3,
}


def actions_of(path: Path) -> list[ActionRecord]:
    raw = load_document(path)
    pages = clean_pages(raw)
    return parse_actions(raw, pages, split_sections(pages, detect_meta(pages, path.name)))


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text.strip() + "\n", encoding="utf-8")
    return path


# --- corpus ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["pdf", "docx", "txt"])
def test_ljmu_plan_has_its_19_actions_with_pillar_and_timescale(shared_corpus, corpus_doc, fmt):
    actions = actions_of(shared_corpus / corpus_doc("ljmu-initial-2024")["files"][fmt])
    assert [a.number for a in actions] == [str(n) for n in range(1, 20)]
    assert Counter(a.pillar for a in actions) == LJMU_PILLAR_COUNTS
    assert all(a.activity and a.description and a.timescale for a in actions)
    assert all(a.start is not None for a in actions)
    first, last = actions[0], actions[-1]
    assert (first.start, first.end) == (date(2024, 9, 1), date(2025, 9, 30))
    assert (last.start, last.end) == (date(2024, 7, 1), date(2025, 7, 31))
    assert not any(a.owner or a.success_measure for a in actions)  # the plan has no such columns


@pytest.mark.parametrize("fmt", ["pdf", "txt"])
def test_ljmu_template_examples_appendix_yields_no_actions(shared_corpus, corpus_doc, fmt):
    path = shared_corpus / corpus_doc("ljmu-initial-2024")["files"][fmt]
    raw = load_document(path)
    pages = clean_pages(raw)
    sections = split_sections(pages, detect_meta(pages, path.name))
    examples = [s for s in sections if TEMPLATE_APPENDIX_NOTE in s.title]
    assert examples and parse_actions(raw, pages, examples) == []


@pytest.mark.parametrize(
    "slug",
    [
        "lstm-renewal-2024",
        "uol-stage2-2021",
        "uol-update-paper-2024",
        "tc-inception-to-impact-2024",
    ],
)
def test_documents_without_an_in_file_plan_yield_no_actions(shared_corpus, corpus_doc, slug):
    # LSTM and UoL 2021 attach their plans separately; the update paper's tables list
    # achievements, not planned actions; the report has no plan table.
    for relative in corpus_doc(slug)["files"].values():
        assert actions_of(shared_corpus / relative) == [], relative


# --- timescales -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("January 2025-January 2026", date(2025, 1, 1), date(2026, 1, 31)),
        ("July 2024- July 2025", date(2024, 7, 1), date(2025, 7, 31)),
        ("September 2024-September 2026", date(2024, 9, 1), date(2026, 9, 30)),
        ("Q1 2026", date(2026, 1, 1), date(2026, 3, 31)),
        ("2025-2027", date(2025, 1, 1), date(2027, 12, 31)),
        ("Sep 2025 - ongoing", date(2025, 9, 1), None),
        ("July 2024", date(2024, 7, 1), date(2024, 7, 31)),
        ("May - July 2025", date(2025, 5, 1), date(2025, 7, 31)),
        ("by March 2026", None, date(2026, 3, 31)),
        ("from 1 October 2024", date(2024, 10, 1), None),
        ("2024/25", date(2024, 9, 1), date(2025, 8, 31)),
        ("Autumn 2025", date(2025, 9, 1), date(2025, 11, 30)),
        ("TBC", None, None),
        ("", None, None),
    ],
)
def test_parse_timescale(text, start, end):
    assert parse_timescale(text) == (start, end)


# --- table shapes written for these tests -------------------------------------------------

PIPE_PLAN = """
# Orchard Vale Technician Action Plan 2025-2027

| Pillar | No. | Activity | Description | Timescale | Owner | Success measure |
|---|---|---|---|---|---|---|
| **Visibility** | 1 | Technician map | Publish a map of every technical team and its services. | Jan 2025 - Jun 2025 | Network chair | Map live on the intranet |
| | 2 | Open labs week | Invite staff and visitors into technical spaces for a week each spring. | Q2 2025 | Facilities lead | 300 visitors a year |
| Recognition | 3 | Registration support | Pay first-year fees for professional registration. | 2025-2027 | HR partner | 20 technicians registered |
| Career Progression | 4 | Shadowing scheme | Pair technicians across faculties for short shadowing visits. | Sep 2025 - ongoing | Learning team | 12 pairs a year |
| Sustainability | 5 | Apprentice intake | Recruit two laboratory apprentices every September. | September 2025-September 2027 | Technical director | Four apprentices in post |
"""


def test_markdown_pipe_table_gives_owner_and_measure(tmp_path):
    actions = actions_of(write(tmp_path, "orchard-vale-plan.md", PIPE_PLAN))
    assert [(a.number, a.pillar) for a in actions] == [
        ("1", "visibility"),
        ("2", "visibility"),
        ("3", "recognition"),
        ("4", "career_development"),
        ("5", "sustainability"),
    ]
    second = actions[1]
    assert (second.activity, second.owner, second.success_measure) == (
        "Open labs week",
        "Facilities lead",
        "300 visitors a year",
    )
    assert (second.start, second.end) == (date(2025, 4, 1), date(2025, 6, 30))
    assert actions[3].end is None and actions[4].end == date(2027, 9, 30)


START_END_PLAN = """
Action plan
| Action | Pillar | Owner | Start date | End date | Success measure |
|---|---|---|---|---|---|
| Run an annual technician showcase | Visibility | Head of Technical Services | Sep 2026 | Jul 2027 | 150 attendees |
| Mentoring scheme for new technicians | Career Development | Learning team | Jan 2027 | ongoing | 20 pairs a year |
"""


def test_a_plan_timing_its_actions_in_start_and_end_columns_reads_them_as_the_timescale(tmp_path):
    first, second = actions_of(write(tmp_path, "orchard-vale-plan.md", START_END_PLAN))
    assert (first.timescale, first.start, first.end) == ("Sep 2026 – Jul 2027", date(2026, 9, 1), date(2027, 7, 31))
    assert (second.start, second.end) == (date(2027, 1, 1), None)


TAB_PLAN = """
Action plan of the Orchard Vale workshops
Theme\tActivity\tLead\tDeadline\tKPI
Visibility\tName technicians on project pages\tWeb editor\tDecember 2025\tAll pages updated
\tTechnician stories in the staff magazine\tComms officer\tMarch 2026\tSix stories a year
Sustainability\tSkills-at-risk review\tTechnical manager\tJune 2026\tReview approved
"""


def test_tab_separated_table_columns_found_by_header_names(tmp_path):
    actions = actions_of(write(tmp_path, "workshops-plan.txt", TAB_PLAN))
    assert [(a.pillar, a.activity, a.owner, a.success_measure, a.timescale) for a in actions] == [
        (
            "visibility",
            "Name technicians on project pages",
            "Web editor",
            "All pages updated",
            "December 2025",
        ),
        (
            "visibility",
            "Technician stories in the staff magazine",
            "Comms officer",
            "Six stories a year",
            "March 2026",
        ),
        (
            "sustainability",
            "Skills-at-risk review",
            "Technical manager",
            "Review approved",
            "June 2026",
        ),
    ]


WORDED_HEADER_PLAN = """Our plan for 2026-2029
Theme\tAction\tLead\tStart\tEnd\tSuccess looks like
Visibility\tTechnician profiles on the school's web pages\tComms officer\tApr 2026\tDec 2026\tevery team profiled
\tTechnicians named on exhibition labels\tGallery manager\tSep 2026\tMar 2027\tlabels in every new display
Recognition\tFees paid for professional registration\tHead of Operations\tApr 2026\tMar 2029\t12 registered
"""


def test_a_tab_table_whose_header_names_its_columns_in_other_words_is_a_plan(tmp_path):
    # Stop 30: a header read by its words, as a sheet's is ("Lead", "Success looks like"),
    # not only by the names the PDF tables use; before, no action was read from it.
    actions = actions_of(write(tmp_path, "worded-plan.txt", WORDED_HEADER_PLAN))
    assert [(a.pillar, a.owner) for a in actions] == [
        ("visibility", "Comms officer"), ("visibility", "Gallery manager"), ("recognition", "Head of Operations")]
    assert actions[2].success_measure == "12 registered"


UNNAMED_ACTIONS_PLAN = """
| Theme | What we will do | Owner | When | Measure |
|---|---|---|---|---|
| Visibility | Technician profiles on the school's web pages | Comms officer | by Dec 2026 | every team profiled |
| Recognition | Fees paid for professional registration | Head of Operations | 2026-2029 | 12 registered |
"""


def test_the_one_unnamed_column_beside_a_pillar_and_two_details_holds_the_actions(tmp_path):
    # Stop 30: "What we will do" names no column; beside a theme, an owner, a date and a
    # measure, it is the actions' column (spec 9.1).
    actions = actions_of(write(tmp_path, "unnamed-plan.md", UNNAMED_ACTIONS_PLAN))
    assert [(a.pillar, a.activity, a.owner) for a in actions] == [
        ("visibility", "Technician profiles on the school's web pages", "Comms officer"),
        ("recognition", "Fees paid for professional registration", "Head of Operations")]
    # two unnamed columns: which holds the actions is not said, so no plan is read
    assert actions_of(write(tmp_path, "two.md", UNNAMED_ACTIONS_PLAN.replace("| Measure |", "| Notes |"))) == []


NUMBERED_PLAN = """
| No. | Action | Description | Timescale |
|---|---|---|---|
| 1.1 | Technician newsletter | A termly newsletter written by technicians. | 2025 |
| 2.1 | Awards | An annual award for technical excellence. | 2026 |
| 4.2 | Apprentices | Two new apprentices a year. | 2025-2028 |
"""


def test_numbering_maps_to_pillars_when_the_plan_has_no_pillar_labels(tmp_path):
    actions = actions_of(write(tmp_path, "numbered-plan.md", NUMBERED_PLAN))
    assert [a.pillar for a in actions] == ["visibility", "recognition", "sustainability"]


REVIEW_TABLE = """
| No. | Action | Description | RAG status |
|---|---|---|---|
| 1.1 | Technician newsletter | A termly newsletter written by technicians. | Green |
"""


def test_a_rag_review_table_is_not_a_plan(tmp_path):
    assert actions_of(write(tmp_path, "review.md", REVIEW_TABLE)) == []
    # nor one whose header names its columns in other words, with a lead and a date (stop 30)
    review = "Action\tLead\tDue\tRAG\nTechnician newsletter\tComms officer\tMay 2025\tGreen\n"
    assert actions_of(write(tmp_path, "review.txt", review)) == []
