"""clean_pages: running headers, footers and page numbers go to ``furniture``; the body stays."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from bench.synthetic_pdf import write_pdf
from ingest.clean import body_spans, clean_pages, is_page_number
from ingest.loaders import load_document
from ingest.models import RawDocument, RawPage

PAGE_OF = re.compile(r"Page \d+ of \d+")
SECTION_HEADERS = {
    f"Case studies - {pillar}"
    for pillar in ("Visibility", "Recognition", "Career Development", "Sustainability")
}


def raw(*pages: list[str], headings: dict[int, int] | None = None) -> RawDocument:
    raw_pages = [RawPage(number=n, lines=list(lines)) for n, lines in enumerate(pages, start=1)]
    raw_pages[0].heading_levels = dict(headings or {})
    return RawDocument(path=Path("made.txt"), file_type="txt", pages=raw_pages)


# --- the corpus PDFs ----------------------------------------------------------------


@pytest.fixture(scope="module")
def cleaned_pdfs(shared_corpus, manifest) -> dict[str, tuple[RawDocument, list]]:
    cleaned = {}
    for entry in manifest["documents"]:
        doc = load_document(shared_corpus / entry["files"]["pdf"])
        cleaned[entry["slug"]] = (doc, clean_pages(doc))
    return cleaned


def test_no_corpus_pdf_keeps_headers_footers_or_page_numbers(cleaned_pdfs, corpus_doc):
    report_footer = corpus_doc("tc-inception-to-impact-2024")["title"]
    for slug, (_, pages) in cleaned_pdfs.items():
        for page in pages:
            for line in page.lines:
                assert line != "Technician Commitment", (slug, page.number)
                assert not PAGE_OF.fullmatch(line), (slug, page.number, line)
                assert line != report_footer, (slug, page.number)
            edges = page.lines[:1] + page.lines[-1:]
            assert str(page.number) not in edges, (slug, page.number)


def test_every_header_page_loses_exactly_its_header_and_footer(cleaned_pdfs):
    _, pages = cleaned_pdfs["lstm-renewal-2024"]
    assert [page.furniture for page in pages] == [
        ["Technician Commitment", f"Page {page.number} of {len(pages)}"] for page in pages
    ]


def test_report_section_headers_are_furniture_and_case_study_headings_stay(
    cleaned_pdfs, corpus_doc
):
    _, pages = cleaned_pdfs["tc-inception-to-impact-2024"]
    furniture = {line for page in pages for line in page.furniture}
    assert SECTION_HEADERS <= furniture
    first_lines = [page.lines[0] for page in pages]
    institutions = [
        case["institution"] for case in corpus_doc("tc-inception-to-impact-2024")["case_studies"]
    ]
    assert all(name not in furniture for name in institutions)
    assert sum(name in first_lines for name in institutions) >= 25  # one case study per page
    assert pages[0].furniture == [] and pages[0].lines  # the cover has no furniture
    # each pillar opens with a large banner; one repeats the running header's words yet stays
    assert sum(line.startswith("Case studies") for line in first_lines) == 4


def test_table_cells_that_look_like_page_numbers_are_kept(cleaned_pdfs):
    _, pages = cleaned_pdfs["ljmu-initial-2024"]
    appendix_b = pages[6].lines + pages[7].lines
    assert [line for line in appendix_b if line.isdigit() and len(line) <= 2] == [
        str(n) for n in range(1, 20)
    ]
    assert (
        pages[7].lines[-1].isdigit() and pages[7].furniture[-1] == "Page 8 of 8"
    )  # a year ends the page


def test_body_spans_drop_header_and_footer_spans_only(cleaned_pdfs):
    doc, pages = cleaned_pdfs["ljmu-initial-2024"]
    spans = body_spans(doc.pages[6], pages[6])
    texts = [span.text for span in spans]
    assert "Technician Commitment" not in texts and "Page 7 of 8" not in texts
    assert "7" in texts and "Appendix B:" in texts
    assert len(spans) == len(doc.pages[6].spans) - 2


def test_cleaning_keeps_heading_indices_valid(shared_corpus, corpus_doc):
    doc = load_document(shared_corpus / corpus_doc("ljmu-initial-2024")["files"]["docx"])
    for raw_page, page in zip(doc.pages, clean_pages(doc), strict=True):
        assert all(0 <= index < len(page.lines) for index in page.heading_levels)
        headings = {raw_page.lines[i] for i in raw_page.heading_levels} - {"Technician Commitment"}
        assert {page.lines[i] for i in page.heading_levels} == headings


def test_stray_running_header_lines_leave_the_text_extraction(shared_corpus, corpus_doc):
    doc = load_document(shared_corpus / corpus_doc("uol-stage2-2021")["files"]["txt"])
    (page,) = clean_pages(doc)
    assert "Technician Commitment" not in page.lines
    assert page.furniture.count("Technician Commitment") >= 3
    assert len(page.lines) == len(doc.pages[0].lines) - len(page.furniture)


# --- own fixtures -------------------------------------------------------------------


def test_reportlab_pdf_header_and_footer_are_removed(tmp_path):
    header = "Acme Annual Review"
    pages = [
        ["Acme Annual Review 2024: Findings", "First page text."],
        ["Second page text.", "Budget year", "2025"],
        ["Skills we plan to develop-", "ment across teams.", "A 24-", "month plan."],
        ["Fourth page text.", header, "More text."],
        ["Fifth page text."],
    ]
    doc = load_document(write_pdf(tmp_path / "review.pdf", pages, header))
    cleaned = clean_pages(doc)
    assert cleaned[0].lines == pages[0]  # the title differs from the header: kept
    assert cleaned[1].lines == pages[1]  # "2025" before the footer is body, not a page number
    assert cleaned[2].lines == [
        "Skills we plan to development",
        "across teams.",
        "A 24-",
        "month plan.",
    ]
    assert cleaned[3].lines == ["Fourth page text.", "More text."]
    assert cleaned[3].furniture == [header, header, "Page 4 of 5"]
    assert all(
        page.furniture[0] == header and page.furniture[-1].startswith("Page ") for page in cleaned
    )


def test_single_page_text_drops_repeated_short_lines_and_page_labels():
    doc = raw(
        ["Acme Review", "Intro.", "Acme Review", "Body 3", "3", "Page 3 of 8", "Acme Review"]
        + ["July 2024- ongoing"] * 3
    )
    (page,) = clean_pages(doc)
    assert page.lines == ["Intro.", "Body 3", "3"] + ["July 2024- ongoing"] * 3
    assert page.furniture == ["Acme Review", "Acme Review", "Page 3 of 8", "Acme Review"]


def test_a_saved_web_page_loses_its_skip_links_but_not_a_sentence_about_skipping():
    doc = raw(["Skip to main navigation Skip to main content", "Technical representation", "Skip to content",
               "Technicians can skip to the main content of the course."])
    (page,) = clean_pages(doc)
    assert page.lines == ["Technical representation", "Technicians can skip to the main content of the course."]


def test_a_saved_external_page_keeps_its_skip_links_out_of_the_text(shared_corpus):
    page = shared_corpus.parent / "eval" / "external" / "southampton-technical-representation.txt"
    (cleaned,) = clean_pages(load_document(page))
    assert not any("skip to" in line.lower() for line in cleaned.lines)
    assert any("skip to" in line.lower() for line in cleaned.furniture)


def test_heading_indices_follow_removed_lines():
    doc = raw(
        ["Technician Commitment", "Title", "text", "- 2 -", "Part two", "more"],
        headings={1: 0, 4: 2},
    )
    (page,) = clean_pages(doc)
    assert page.lines == ["Title", "text", "Part two", "more"]
    assert page.heading_levels == {0: 0, 2: 2}


def test_bare_page_numbers_go_only_when_they_recur_at_page_edges():
    numbered = raw(
        *[[f"Text {word}.", f"More {word}.", str(n)] for n, word in enumerate("abcd", start=1)]
    )
    assert all(page.furniture == [str(page.number)] for page in clean_pages(numbered))
    one_number = raw(["Intro.", "More."], ["Table row", "12"], ["Closing.", "Done."])
    assert all(page.furniture == [] for page in clean_pages(one_number))
    cell_above_number = raw(
        *[[f"Text {word}.", "Total", "12", str(n)] for n, word in enumerate("abcd", 1)]
    )
    assert all(page.lines[-1] == "12" for page in clean_pages(cell_above_number))


@pytest.mark.parametrize(
    ("first", "second", "mended"),
    [
        (["we will develop-"], ["ment the plan."], ["we will development", "the plan."]),
        (["the co-"], ["ordinated plan"], ["the co-", "ordinated plan"]),
        (["a 24-"], ["month plan"], ["a 24-", "month plan"]),
        (["new T-"], ["Levels route"], ["new T-", "Levels route"]),
        (["by e-"], ["mail"], ["by e-", "mail"]),
        (["one final sugges-"], ["tion"], ["one final suggestion"]),
    ],
)
def test_line_end_hyphenation(first, second, mended):
    (page,) = clean_pages(raw(first + second))
    assert page.lines == mended


def test_runs_of_spaces_collapse_but_tabs_stay():
    (page,) = clean_pages(raw(["a  lot   of    space", "cell\t\tcell"]))
    assert page.lines == ["a lot of space", "cell\t\tcell"]


@pytest.mark.parametrize(
    "line", ["3", "Page 3", "page 3 of 8", "- 3 -", "3 | Annual Review", "Review | 12", "iv"]
)
def test_page_number_shapes(line):
    assert is_page_number(line)


@pytest.mark.parametrize("line", ["2025 budget", "Page three", "civil", "Point 3"])
def test_not_page_numbers(line):
    assert not is_page_number(line)


def test_corpus_pdfs_load_and_clean_in_bounded_time(shared_corpus):
    started = time.perf_counter()
    for path in sorted((shared_corpus / "pdf").glob("*.pdf")):
        clean_pages(load_document(path))
    assert time.perf_counter() - started < 6  # about 1 s on a laptop; this guards against blow-ups
