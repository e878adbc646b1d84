"""load_document: one RawDocument per readable file, one plain IngestError reason otherwise."""

from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path

import docx
import pytest
from docx.text.paragraph import Paragraph

from ingest.loaders import MAX_LINE_CHARS, load_document, split_long_line, strip_markup
from ingest.models import IngestError
from ingest.ocr import OcrOptions


def reason_for(path: Path, password: str | None = None) -> str:
    with pytest.raises(IngestError) as caught:
        load_document(path, password=password)
    assert caught.value.file == str(path)
    return caught.value.reason


def all_lines(doc) -> list[str]:
    return [line for page in doc.pages for line in page.lines]


# --- corpus edge cases --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty-0-bytes.pdf", "empty file (0 bytes)"),
        ("encrypted-password-secret.pdf", "encrypted PDF, password required"),
    ],
)
def test_edge_pdf_is_refused_with_its_own_reason(shared_corpus, name, reason):
    assert reason_for(shared_corpus / "edge" / name) == reason


def test_image_only_pdf_is_refused_plainly_when_ocr_is_off(shared_corpus):
    path = shared_corpus / "edge" / "image-only-no-text-layer.pdf"
    with pytest.raises(IngestError) as caught:
        load_document(path, ocr=OcrOptions(enabled=False))
    assert caught.value.reason == (
        "no extractable text: the PDF has no text layer and OCR is off (set TCA_OCR=on to read scans)"
    )


def test_truncated_pdf_is_refused_as_truncated(shared_corpus):
    reason = reason_for(shared_corpus / "edge" / "truncated-first-40-percent.pdf")
    assert reason.startswith("truncated or corrupt PDF: ")


def test_encrypted_pdf_opens_with_its_password(shared_corpus, corpus_doc):
    doc = load_document(shared_corpus / "edge" / "encrypted-password-secret.pdf", password="secret")
    plain = load_document(shared_corpus / corpus_doc("uol-update-paper-2024")["files"]["pdf"])
    assert len(doc.pages) == 3
    assert all_lines(doc) == all_lines(plain)


def test_encrypted_pdf_with_wrong_password_says_so(shared_corpus):
    reason = reason_for(shared_corpus / "edge" / "encrypted-password-secret.pdf", password="not-it")
    assert reason == "encrypted PDF, wrong password"


def test_text_named_pdf_is_read_as_text_with_a_warning(shared_corpus, corpus_doc):
    doc = load_document(shared_corpus / "edge" / "plain-text-with-pdf-extension.pdf")
    same_text = load_document(shared_corpus / corpus_doc("uol-update-paper-2024")["files"]["txt"])
    assert doc.file_type == "txt"
    assert any("'.pdf'" in warning and "plain text" in warning for warning in doc.warnings)
    assert all_lines(doc) == all_lines(same_text)


def test_windows_1252_text_decodes_without_replacement_characters(shared_corpus):
    doc = load_document(shared_corpus / "edge" / "windows-1252-pound-curly-quotes.txt")
    text = "\n".join(all_lines(doc))
    assert "£4.9 million" in text
    assert all(char in text for char in "“”–")  # curly quotes and the dash survive
    assert "\ufffd" not in text and "\r" not in text
    assert any("Windows-1252" in warning for warning in doc.warnings)


def test_two_megabyte_single_line_loads_quickly_in_bounded_lines(shared_corpus):
    path = shared_corpus / "edge" / "long-single-line-2mb.txt"
    started = time.perf_counter()
    doc = load_document(path)
    assert time.perf_counter() - started < 5  # a hang guard, not a benchmark
    lines = all_lines(doc)
    assert len(lines) > 500
    assert max(len(line) for line in lines) <= MAX_LINE_CHARS
    assert doc.pages[0].heading_levels == {}  # a 2 MB line starting with "##" is not a heading
    assert sum(len(line) for line in lines) > 0.9 * path.stat().st_size


# --- corpus documents ---------------------------------------------------------------


def test_every_corpus_pdf_has_its_pages_hash_and_spans(shared_corpus, manifest):
    for entry in manifest["documents"]:
        doc = load_document(shared_corpus / entry["files"]["pdf"])
        assert doc.file_type == "pdf"
        assert len(doc.pages) == entry["pdf_pages"]
        assert doc.sha256 == entry["sha256"]["pdf"]
        assert [page.number for page in doc.pages] == list(range(1, entry["pdf_pages"] + 1))
        assert all(line == line.strip() and line for page in doc.pages for line in page.lines)
        assert sum(len(page.spans) for page in doc.pages) > 10 * len(doc.pages)


def test_upper_case_extension_is_accepted(shared_corpus, corpus_doc, tmp_path):
    entry = corpus_doc("lstm-renewal-2024")
    copy = tmp_path / "LSTM.PDF"
    shutil.copy(shared_corpus / entry["files"]["pdf"], copy)
    doc = load_document(copy)
    assert doc.file_type == "pdf" and len(doc.pages) == entry["pdf_pages"]
    assert any("Kyle Walker" in line for line in all_lines(doc))


def test_report_case_study_headings_are_large_bold_spans(shared_corpus, corpus_doc):
    entry = corpus_doc("tc-inception-to-impact-2024")
    doc = load_document(shared_corpus / entry["files"]["pdf"])
    heading_spans = {
        span.text for page in doc.pages for span in page.spans if span.bold and span.size >= 14
    }
    assert {case["institution"] for case in entry["case_studies"]} <= heading_spans
    body_sizes = {span.size for span in doc.pages[10].spans if not span.bold}
    assert max(body_sizes) < 14


def test_pdf_spans_carry_page_coordinates(shared_corpus, corpus_doc):
    doc = load_document(shared_corpus / corpus_doc("ljmu-initial-2024")["files"]["pdf"])
    top = max(doc.pages[0].spans, key=lambda span: span.y)
    assert top.text == "Technician Commitment" and top.bold and top.y > 780
    footer = min(doc.pages[0].spans, key=lambda span: span.y)
    assert footer.text == "Page 1 of 8" and footer.y < 60


def test_ljmu_docx_appendix_b_rows_are_tab_joined_in_order(shared_corpus, corpus_doc):
    doc = load_document(shared_corpus / corpus_doc("ljmu-initial-2024")["files"]["docx"])
    lines = all_lines(doc)
    start = lines.index("Appendix B:")
    rows = [line.split("\t") for line in lines[start + 1 :] if "\t" in line]
    numbered = [row for row in rows if row[1].isdigit()]
    assert [int(row[1]) for row in numbered] == list(range(1, 20))
    assert all(len(row) == 5 for row in rows)
    # the pillar column is merged vertically: named on the first row of each pillar only
    assert [row[0] for row in numbered if row[0]] == [
        "Visibility",
        "Recognition",
        "Career Development",
        "Sustainability",
    ]


def test_ljmu_docx_has_styles_pages_and_no_header_or_footer(shared_corpus, corpus_doc):
    doc = load_document(shared_corpus / corpus_doc("ljmu-initial-2024")["files"]["docx"])
    assert doc.file_type == "docx"
    assert len(doc.pages) == 4  # three explicit page breaks
    assert doc.pages[0].heading_levels[0] == 0  # Title
    assert doc.pages[-1].lines[0] == "Appendix B:" and doc.pages[-1].heading_levels[0] == 1
    lines = all_lines(doc)
    assert not any(line.startswith("Page ") and " of " in line for line in lines)
    assert sum(line.startswith("• ") for line in lines) >= 10


# --- own fixtures -------------------------------------------------------------------


def test_unknown_extension_is_refused_by_name(tmp_path):
    path = tmp_path / "notes.xyz"
    path.write_text("hello")
    assert reason_for(path) == (
        "unsupported file type '.xyz' (supported: .pdf, .docx, .txt, .md, .html, .htm, .xlsx, .csv)"
    )


@pytest.mark.parametrize("content", [b"", b"  \r\n\t\n \f \n"])
def test_empty_text_file_is_refused(tmp_path, content):
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    assert reason_for(path).startswith("empty file")


def test_binary_garbage_named_pdf_is_not_a_pdf(tmp_path):
    path = tmp_path / "image.pdf"
    path.write_bytes(bytes(range(256)) * 8)
    assert reason_for(path) == "not a PDF (missing %PDF- header)"


def test_corrupt_pdf_body_is_reported_not_raised(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ngarbage\n%%EOF\n"
    )
    assert reason_for(path).startswith("truncated or corrupt PDF: ")


def test_docx_that_is_not_a_package_is_refused(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)))
    assert reason_for(path) == "not a DOCX (not a Word ZIP package)"


def test_text_file_pages_encoding_and_headings(tmp_path):
    path = tmp_path / "notes.md"
    path.write_bytes(
        "\ufeff# Plan\r\nIntro with **bold** and [a link](https://example.org).\r\n\r\n"
        "## Next\fSecond page <https://example.org/x>\r\n".encode("utf-8")
    )
    doc = load_document(path)
    assert doc.file_type == "md" and doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert [page.lines for page in doc.pages] == [
        ["Plan", "Intro with bold and a link (https://example.org).", "Next"],
        ["Second page https://example.org/x"],
    ]
    assert doc.pages[0].heading_levels == {0: 1, 2: 2}


def test_docx_reading_order_merges_breaks_and_skipped_header(tmp_path):
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Running header"
    document.add_heading("Report", level=0)
    document.add_paragraph("Before the table.")
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "Pillar"
    table.cell(0, 1).text = "first"
    table.cell(1, 1).text = "second"
    table.cell(2, 0).text = "Other"
    table.cell(2, 1).text = "third\tcell"
    continued_cell = table.rows[1]._tr.tc_lst[0]  # under the merge; Word shows nothing of it
    Paragraph(continued_cell.p_lst[0], None).add_run("stale")
    document.add_paragraph("After the table.")
    document.add_page_break()
    document.add_heading("Appendix", level=1)
    document.add_paragraph("An item", style="List Bullet")
    path = tmp_path / "made.DOCX"
    document.save(path)

    doc = load_document(path)
    assert [page.lines for page in doc.pages] == [
        [
            "Report",
            "Before the table.",
            "Pillar\tfirst",
            "\tsecond",
            "Other\tthird cell",
            "After the table.",
        ],
        ["Appendix", "• An item"],
    ]
    assert doc.pages[0].heading_levels == {0: 0}
    assert doc.pages[1].heading_levels == {0: 1}


def test_strip_markup_lightens_inline_markdown():
    assert strip_markup("**Point 1** and *stress* here") == "Point 1 and stress here"
    assert strip_markup("[Site](https://a.example/x) or [me@a.example](mailto:me@a.example)") == (
        "Site (https://a.example/x) or me@a.example"
    )
    assert strip_markup("see <https://a.example/>") == "see https://a.example/"
    assert strip_markup("· item") == "• item"
    assert strip_markup("2*3*4 and * not italic *") == "2*3*4 and * not italic *"


def test_split_long_line_prefers_sentence_ends_and_stays_linear():
    sentence = "Word " * 30 + "end. "
    pieces = split_long_line(sentence * 100, limit=500)
    assert all(len(piece) <= 500 and piece.endswith("end.") for piece in pieces)
    started = time.perf_counter()
    pieces = split_long_line("x" * 3_000_000)
    assert time.perf_counter() - started < 1
    assert len(pieces) == 1500 and "".join(pieces) == "x" * 3_000_000
