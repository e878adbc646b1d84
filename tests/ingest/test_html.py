"""Saved web pages: main content only (no navigation, cookie banner or footer), title,
date and publisher from the page's metadata, headings as sections, and an action plan
published as an HTML table read as action records, one passage per action."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ingest.loaders import load_document
from ingest.models import IngestError
from ingest.pipeline import parse_file

FIXTURES = Path(__file__).parent / "fixtures"
NEWS = FIXTURES / "fellside-news-technicians-week.html"
PLAN = FIXTURES / "thornbury-action-plan.html"
BOILERPLATE = ("cookies", "Accept all", "Privacy", "Related stories", "Haverleigh Road", "Study", "Breadcrumb", "Mill Lane")


def parse(path: Path):
    return parse_file(path, path.stem, lambda text: len(text.split()) * 4 // 3, 256)


def test_a_news_page_keeps_its_story_and_drops_the_site_around_it():
    parsed = parse(NEWS)

    assert (parsed.meta.title, parsed.meta.date) == ("Technicians take centre stage at Fellside showcase", "2025-06-18")
    assert parsed.meta.institution == "University of Northmoor"  # the site named in the page title
    assert parsed.file_type == "html" and parsed.pages == 1
    titles = [section.title for section in parsed.sections]
    assert titles[1:] == ["Apprentices lead the tours", "Awards for registration"]
    text = "\n".join(chunk.text for chunk in parsed.chunks)
    assert "second annual technical showcase" in text and "nineteen technicians" in text
    assert "• Twelve apprentices from three faculties acted as guides." in text
    assert not [word for word in BOILERPLATE if word in text]


def test_an_action_plan_table_becomes_action_records_and_a_passage_per_action():
    parsed = parse(PLAN)

    assert parsed.meta.doc_type == "action_plan"
    assert parsed.meta.institution == "Thornbury Institute of Science"
    assert parsed.meta.date == "2025-02-03"  # the page's declared modification date
    assert [(a.pillar, a.number, a.activity) for a in parsed.actions] == [
        ("visibility", "1", "Technical staff directory"),
        ("visibility", "2", "Seats on committees"),  # the pillar cell spans two rows
        ("recognition", "3", "Registration fund"),
        ("career_development", "4", "Shadowing scheme"),
        ("sustainability", "5", "Apprentice intake"),
    ]
    first = parsed.actions[0]
    assert first.description == "Publish a searchable directory of technical staff and the facilities they run."
    assert (first.start, first.end, first.owner) == (date(2025, 3, 1), date(2025, 9, 30), "Head of Technical Services")
    assert first.success_measure == "Directory live and linked from every facility page"
    plan_chunks = [chunk for chunk in parsed.chunks if "Lead: " in chunk.text]
    assert len(plan_chunks) == 5 and all(chunk.text.count("Lead: ") == 1 for chunk in plan_chunks)
    assert plan_chunks[2].section_title == "3 Registration fund"
    assert "When: 2025 - 2027" in plan_chunks[2].text


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "not a web page (binary content)"),
        (b"<html><head><script>var x = 1;</script></head><body><nav><a href='/'>Home</a></nav></body></html>",
         "no main text found in the web page (only navigation, scripts or an empty body)"),
        (b"", "empty file (0 bytes)"),
    ],
)
def test_a_bad_web_page_gets_one_plain_reason(tmp_path, content, reason):
    path = tmp_path / "page.html"
    path.write_bytes(content)
    with pytest.raises(IngestError) as caught:
        load_document(path)
    assert caught.value.reason == reason


def test_a_pdf_saved_with_an_html_name_is_read_as_a_pdf(tmp_path, shared_corpus):
    path = tmp_path / "plan.htm"
    path.write_bytes((shared_corpus / "pdf" / "uol-update-paper-2024.pdf").read_bytes())
    doc = load_document(path)
    assert doc.file_type == "pdf" and len(doc.pages) == 3
    assert doc.warnings[0].startswith("the extension says '.htm' but the content is a PDF")
