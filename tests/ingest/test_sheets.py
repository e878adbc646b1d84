"""Spreadsheets: an action plan kept as XLSX or CSV becomes action records (columns
mapped by what their headers mean, in any order) and one passage per row; a RAG review
is not a plan; bad files get one plain reason."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from ingest.loaders import load_document
from ingest.models import IngestError
from ingest.pipeline import parse_file
from ingest.table_rows import header_role

FIXTURES = Path(__file__).parent / "fixtures"


def parse(path: Path):
    return parse_file(path, path.stem, lambda text: len(text.split()) * 4 // 3, 256)


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Time Scale", "timescale"),  # a name the PDF parser knows
        ("Key actions", "activity"),
        ("Delivery date", "timescale"),
        ("Responsible person", "owner"),
        ("Action owner", "owner"),  # a known name wins over its words
        ("Success measures / KPIs", "success_measure"),
        ("Current status", "status"),
        ("Theme", "pillar"),
        ("Budget", None),
        ("Action and responsible lead", None),  # two meanings: left unnamed
    ],
)
def test_a_header_is_read_by_what_it_means(header, role):
    assert header_role(header) == role


def test_a_csv_plan_tracker_becomes_records_and_one_passage_per_action():
    parsed = parse(FIXTURES / "ashdown-plan-tracker.csv")

    assert parsed.file_type == "csv" and parsed.meta.doc_type == "action_plan"
    assert parsed.meta.title == "Ashdown Research Institute - Technician Commitment action plan tracker 2025-2028"
    assert parsed.meta.institution == "Ashdown Research Institute"
    got = [(a.number, a.pillar, a.activity, a.owner, a.start, a.end) for a in parsed.actions]
    assert got == [
        ("1.1", "visibility", "Technician profiles on the Institute website", "Head of Communications", date(2025, 12, 1), date(2025, 12, 31)),
        ("1.2", "visibility", "Technician voice on the Strategy Board", "Director of Operations", date(2026, 3, 1), date(2026, 3, 31)),
        ("2.1", "recognition", "Professional registration drive", "Technical Training Lead", date(2025, 1, 1), date(2027, 12, 31)),
        ("3.1", "career_development", "Secondments between facilities", "Facility Managers", date(2026, 9, 1), None),
        ("4.1", "sustainability", "Succession plans for single-person facilities", "Head of Technical Services", None, date(2027, 7, 31)),
    ]
    assert parsed.actions[2].success_measure == "Fifteen new registrations (RSciTech, RSci, CSci)"
    rows = [chunk for chunk in parsed.chunks if "Key actions: " in chunk.text]
    assert [chunk.section_title for chunk in rows] == [f"{a.number} {a.activity}" for a in parsed.actions]
    assert "Current status: In progress" in rows[0].text and "Budget: £1500" in rows[0].text  # unmapped columns kept


def test_a_rag_review_sheet_is_not_a_plan_but_is_still_searchable(tmp_path):
    parsed = parse(FIXTURES / "ashdown-rag-review.csv")
    assert parsed.actions == [] and parsed.meta.doc_type != "action_plan"
    assert "Eleven of twenty profiles published" in "\n".join(chunk.text for chunk in parsed.chunks)


def write_workbook(path: Path) -> Path:
    """A plan as people keep one in Excel: a title block, the header on row 4 with the
    columns in their own order, pillar cells merged down their group, real date cells,
    a formula; and a second sheet of notes."""
    book = openpyxl.Workbook()
    plan = book.active
    plan.title = "Plan 2026-28"
    plan.append(["Kestrel Bay University: Technician Commitment action plan 2026-2028"])
    plan.append(["Agreed by the Technician Steering Group"])
    plan.append([])
    plan.append(["Pillar", "Action", "Owner", "Target date", "Success measure", "Priority score"])
    plan.append(["Visibility", "Quarterly technician newsletter", "Network co-chairs", datetime(2026, 3, 31), "Four issues a year", "=2*3"])
    plan.append([None, "Technician seat on Senate", "University Secretary", datetime(2026, 9, 30), "Seat filled", 4.0])
    plan.append(["Recognition", "Long-service awards for technicians", "HR Reward", datetime(2027, 1, 31), "Awards in the 2027 ceremony", 2.0])
    plan.merge_cells("A5:A6")
    notes = book.create_sheet("Notes")
    notes.append(["The plan is reviewed by the steering group every quarter."])
    notes.append(["Actions with a score above 5 go to the University Executive."])
    book.save(path)
    return path


def test_an_xlsx_plan_reads_each_sheet_with_dates_and_merged_pillars(tmp_path):
    parsed = parse(write_workbook(tmp_path / "kestrel-plan.xlsx"))

    assert parsed.file_type == "xlsx" and parsed.pages == 2
    assert parsed.meta.title == "Kestrel Bay University: Technician Commitment action plan 2026-2028"
    assert parsed.meta.institution == "Kestrel Bay University"
    assert [(a.pillar, a.activity, a.timescale, a.end, a.page) for a in parsed.actions] == [
        ("visibility", "Quarterly technician newsletter", "31 March 2026", date(2026, 3, 31), 1),
        ("visibility", "Technician seat on Senate", "30 September 2026", date(2026, 9, 30), 1),
        ("recognition", "Long-service awards for technicians", "31 January 2027", date(2027, 1, 31), 1),
    ]
    text = "\n".join(chunk.text for chunk in parsed.chunks)
    assert "Priority score: 4" in text and "4.0" not in text
    assert "reviewed by the steering group every quarter" in text
    assert {chunk.page_start for chunk in parsed.chunks if "University Executive" in chunk.text} == {2}


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, data in members.items():
            package.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("a.xlsx", b"Ref,Action\n1,Something\n", None),  # plain text named .xlsx: read, with a warning
        ("b.xlsx", b"\x00\x01\x02garbage" * 20, "not an XLSX (not an Excel workbook ZIP package)"),
        ("c.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
         "not an XLSX: a password-protected or legacy Excel file (.xls); save it as .xlsx without a password"),
        ("d.xlsx", zip_bytes({"notes.txt": b"hello"}), "not an XLSX (not an Excel workbook ZIP package)"),
        ("e.xlsx", zip_bytes({"xl/workbook.xml": b"<not-a-workbook"}), "not a valid XLSX workbook"),
        ("f.csv", b",,,\n,,\n", "empty spreadsheet (no cells with values)"),
        ("g.csv", b"\x00\x00\xff\xfe\x00binary" * 50, "not a text file (binary content)"),
    ],
)
def test_a_bad_spreadsheet_gets_one_plain_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    if reason is None:
        doc = load_document(path)
        assert doc.warnings[0].startswith("the extension says '.xlsx' but the content is plain text")
        return
    with pytest.raises(IngestError) as caught:
        load_document(path)
    assert caught.value.reason.startswith(reason)


def test_an_empty_workbook_is_refused(tmp_path):
    path = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(IngestError) as caught:
        load_document(path)
    assert caught.value.reason == "empty spreadsheet (no cells with values)"
