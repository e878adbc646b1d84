"""Pages without a text layer are read by OCR and then go through the same cleaning,
structure and action parsing: scans of real corpus pages read like their text layer.

The image-only copies are built here from ../shared/corpus (bench/scans.py), never
checked in. The whole corpus (69 pages) is measured by ``python -m bench.ocr_bench``;
these tests OCR 16 pages."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from bench.ocr_accuracy import LineErrors, cer, line_errors
from bench.scans import image_only_copy
from ingest.loaders import load_document
from ingest.models import IngestError
from ingest.ocr import OcrLine, OcrOptions, ocr_engine
from ingest.ocr_layout import page_from_ocr
from ingest.pdf_ocr import render_page, text_layer_is_garbage
from ingest.pipeline import parse_file

CER_FLOOR = 0.03  # the floor for body text


def count_tokens(text: str) -> int:
    return len(text.split()) * 4 // 3


# --- layout: OCR boxes -> lines and spans (no OCR engine needed) --------------------------


def box(left, top, right, text, height=20):
    return OcrLine(left, top, right, top + height, text)


def test_a_table_reads_cell_by_cell_and_each_row_shares_one_y():
    # header row, then a row whose description cell wraps onto three lines
    lines = [
        box(100, 100, 180, "Activity"), box(300, 101, 420, "Description"), box(500, 99, 590, "Timescale"),
        box(40, 140, 60, "1"), box(100, 141, 260, "Shadowing scheme"), box(300, 140, 470, "Pair technicians"),
        box(500, 142, 600, "Sept 2025"), box(300, 166, 470, "across facilities"), box(300, 192, 450, "for a week."),
        box(40, 240, 60, "2"), box(100, 240, 260, "Apprentices"), box(300, 241, 470, "Recruit two"),
    ]
    page = page_from_ocr(3, lines, dpi=144, page_height=800)

    assert page.ocr and page.number == 3
    assert page.lines == [
        "Activity", "Description", "Timescale",
        "1", "Shadowing scheme", "Pair technicians", "across facilities", "for a week.", "Sept 2025",
        "2", "Apprentices", "Recruit two",
    ]
    row_y = {span.text: span.y for span in page.spans}
    assert row_y["1"] == row_y["Shadowing scheme"] == row_y["Pair technicians"] == row_y["Sept 2025"]
    assert row_y["Activity"] > row_y["1"] > row_y["across facilities"] > row_y["2"]  # points, origin bottom-left
    assert {span.x for span in page.spans if span.text in ("Description", "Pair technicians")} == {150.0}


def test_a_lone_bullet_glyph_starts_its_line_and_prose_keeps_its_order():
    lines = [
        box(60, 100, 70, "•"), box(90, 100, 500, "Visibility of technical roles"),
        box(90, 124, 400, "across every faculty."),
        box(60, 170, 500, "The steering group meets each term."),
    ]
    page = page_from_ocr(1, lines, dpi=72, page_height=842)
    assert page.lines == [
        "• Visibility of technical roles", "across every faculty.", "The steering group meets each term.",
    ]
    assert len({span.size for span in page.spans}) == 1  # one body size, as a text layer has


def test_garbage_text_layers_are_told_from_real_ones():
    assert text_layer_is_garbage(["(cid:41)(cid:72)(cid:70)(cid:75)(cid:81)(cid:76)(cid:70)(cid:76)(cid:68)(cid:81)"])
    shifted = "Wkh vwhhulqj jurxs phhwv hdfk whup dqg uhsruwv wr wkh erdug rq surjuhvv zlwk wkh sodq " * 3
    assert text_layer_is_garbage([shifted])
    assert not text_layer_is_garbage(["The steering group meets each term and reports to the board on the plan. " * 3])
    names = "Head of Technical Services\tInstitute Secretary\tFacility Managers\tHR Resourcing " * 4
    assert not text_layer_is_garbage([names, "Actions agreed for the four themes of the Commitment"])
    assert not text_layer_is_garbage(["Page 3"])  # too little to judge


# --- real scans ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ljmu_scan(shared_corpus, tmp_path_factory):
    return image_only_copy(shared_corpus / "pdf" / "ljmu-initial-2024.pdf", tmp_path_factory.mktemp("scans") / "ljmu-initial-2024.pdf")


@pytest.mark.slow
def test_the_edge_scan_is_read_instead_of_refused(shared_corpus):
    doc = load_document(shared_corpus / "edge" / "image-only-no-text-layer.pdf")
    original = load_document(shared_corpus / "pdf" / "uol-update-paper-2024.pdf")

    assert [page.ocr for page in doc.pages] == [True] and doc.warnings == []
    text = "\n".join(doc.pages[0].lines)
    assert "Technician Commitment Update Paper" in text and "Background" in text
    assert cer("\n".join(original.pages[0].lines), text) <= CER_FLOOR  # a skewed 150 dpi scan, in reading order


@pytest.mark.slow
def test_a_scanned_plan_keeps_its_metadata_actions_and_pages(ljmu_scan, shared_corpus, corpus_doc):
    heard: list[tuple[int, int]] = []
    scanned = parse_file(ljmu_scan, "ljmu", count_tokens, 256, ocr=OcrOptions(on_page=lambda d, t: heard.append((d, t))))
    born = parse_file(shared_corpus / "pdf" / "ljmu-initial-2024.pdf", "ljmu", count_tokens, 256)
    expected = corpus_doc("ljmu-initial-2024")

    assert heard == [(n, 8) for n in range(0, 9)]  # told as OCR starts, then after each page
    assert scanned.ocr_pages == tuple(range(1, 9)) and all(chunk.ocr for chunk in scanned.chunks)
    meta = scanned.meta
    assert (meta.institution, meta.stage, meta.date) == (expected["institution"], expected["stage"], expected["date"])
    assert len(scanned.actions) == len(born.actions) == 19
    for got, want in zip(scanned.actions, born.actions, strict=True):
        assert (got.pillar, got.number, got.start, got.end, got.page) == (want.pillar, want.number, want.start, want.end, want.page)
        assert cer(want.activity, got.activity) <= CER_FLOOR
    assert [s.question_id for s in scanned.sections] == [s.question_id for s in born.sections]


@pytest.mark.slow
def test_body_text_error_rate_on_a_page_of_each_corpus_pdf(shared_corpus, tmp_path):
    total = LineErrors()
    for source in sorted((shared_corpus / "pdf").glob("*.pdf")):
        scan = pdfium.PdfDocument(str(image_only_copy(source, tmp_path / source.name, pages=range(1, 2))))
        original = pdfium.PdfDocument(str(source))[1]
        image, _height = render_page(scan, 0, 150)
        total.add(line_errors(original.get_textpage(), original.get_height(), ocr_engine("rapidocr").read(image), 150 / 72))
    figures = total.to_json()
    print(f"\nOCR on page 2 of each corpus PDF: {figures}")
    assert figures["chars_body"] > 5000
    assert figures["cer_body"] <= CER_FLOOR
    assert figures["missed_share"] <= 0.05


def mixed_pdf(path, scan_of, note: str | None = None, hidden_text: str | None = None):
    """Page 1 typed text; page 2 a full-page picture of ``scan_of`` page 1, optionally
    under a small typed ``note`` (a stamped page number) or an invisible text layer (what
    a scanner's own poor OCR leaves behind)."""
    picture = pdfium.PdfDocument(str(scan_of))[0].render(scale=150 / 72, grayscale=True).to_pil()
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("Helvetica", 11)
    pdf.drawString(60, 780, "Fenwick College sign-off page, kept as typed text.")
    pdf.showPage()
    pdf.drawImage(ImageReader(picture), 0, 0, width=A4[0], height=A4[1])
    if note:
        pdf.setFont("Helvetica", 8)
        pdf.drawString(A4[0] - 60, 20, note)
    if hidden_text:
        layer = pdf.beginText(60, 760)
        layer.setTextRenderMode(3)  # invisible, as OCR layers are
        layer.setFont("Helvetica", 10)
        for line in hidden_text.splitlines():
            layer.textLine(line)
        pdf.drawText(layer)
    pdf.showPage()
    pdf.save()
    return path


def test_with_ocr_off_a_scanned_page_is_skipped_with_a_warning(tmp_path, shared_corpus):
    path = mixed_pdf(tmp_path / "mixed.pdf", shared_corpus / "edge" / "image-only-no-text-layer.pdf")
    doc = load_document(path, ocr=OcrOptions(enabled=False))
    assert doc.pages[1].lines == [] and not doc.pages[1].ocr
    assert doc.warnings == ["page 2 has no usable text layer and OCR is off (TCA_OCR=off): not read"]


@pytest.mark.slow
def test_a_scan_under_a_stamped_page_number_is_read_by_ocr(tmp_path, shared_corpus):
    path = mixed_pdf(tmp_path / "stamped.pdf", shared_corpus / "edge" / "image-only-no-text-layer.pdf", note="2")
    doc = load_document(path)
    assert [page.ocr for page in doc.pages] == [False, True]
    assert doc.pages[0].lines == ["Fenwick College sign-off page, kept as typed text."]
    assert "Background" in doc.pages[1].lines


@pytest.mark.slow
def test_a_scan_under_a_garbage_text_layer_is_read_again_by_ocr(tmp_path, shared_corpus):
    garbage = "\n".join(["Whfkqlfldq Frpplwphqw Xsgdwh Sdshu Iheuxdub"] * 6 + ["Edfnjurxqg lq Rfwrehu wkh vwhhulqj jurxs"] * 6)
    path = mixed_pdf(tmp_path / "bad-layer.pdf", shared_corpus / "edge" / "image-only-no-text-layer.pdf", hidden_text=garbage)
    doc = load_document(path)
    assert [page.ocr for page in doc.pages] == [False, True]
    assert "Background" in doc.pages[1].lines and not any("Whfkqlfldq" in line for line in doc.pages[1].lines)


def test_a_pdf_of_blank_images_says_plainly_that_it_holds_no_text(tmp_path):
    from PIL import Image

    path = tmp_path / "blank-scan.pdf"
    Image.new("L", (1240, 1754), 255).save(path, "PDF", resolution=150.0)
    with pytest.raises(IngestError) as caught:
        load_document(path)
    assert caught.value.reason == "no text found: the PDF has no text layer and OCR found no text on its 1 page(s)"
