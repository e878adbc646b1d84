"""Scanned PDFs written by the tests (the project's own words, nothing from the corpus).

``scanned_pdf``: every page a picture of typed text and no text layer, as a scanner makes
it, so each page is read by OCR (a second or more a page here). ``part_scanned_pdf``: a
typed page and then a scanned one.
"""

from __future__ import annotations

from pathlib import Path

from bench.scans import image_only_copy

INSTITUTION = "University of Thornwick"


SENTENCES = (
    "The steering group met each term and agreed the actions below.",
    "Registration fees are funded for technicians seeking chartered status.",
    "A shadowing scheme pairs staff from workshops and laboratories for a week.",
    "Technicians are named as contributors on research outputs they support.",
    "Apprentices join the electron microscopy suite each September.",
    "Career pathways for technical roles were published on the staff intranet.",
    "A technical skills fund paid for training courses in twelve departments.",
    "Progress is reported to the university board at the end of each year.",
)


def page_text(number: int) -> list[str]:
    """Lines of page ``number`` of a short report written for these tests: each page its
    own sentences (a line on every page would be dropped as a running header)."""
    title = [f"{INSTITUTION} Technician Commitment progress report"] if number == 1 else []
    rotated = SENTENCES[number % len(SENTENCES):] + SENTENCES[: number % len(SENTENCES)]
    return [*title, f"Section {number} of the report", *(f"{number}.{k} {line}" for k, line in enumerate(rotated[:5], 1))]


def typed_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A PDF with a text layer: one page per list of lines."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    for lines in pages:
        pdf.setFont("Helvetica", 12)
        for row, line in enumerate(lines):
            pdf.drawString(60, 780 - 22 * row, line)
        pdf.showPage()
    pdf.save()
    return path


def scanned_pdf(path: Path, pages: int) -> Path:
    """An image-only PDF of ``pages`` pages of typed text (nothing but pictures)."""
    typed = typed_pdf(path.with_suffix(".typed.pdf"), [page_text(n) for n in range(1, pages + 1)])
    try:
        return image_only_copy(typed, path, dpi=150)
    finally:
        typed.unlink()


def part_scanned_pdf(path: Path, typed_page: int = 1) -> Path:
    """Page 1 typed text (``page_text(typed_page)``), page 2 a picture of typed text."""
    from pypdf import PdfReader, PdfWriter

    typed = typed_pdf(path.with_suffix(".typed.pdf"), [page_text(typed_page)])
    scan = scanned_pdf(path.with_suffix(".scan.pdf"), 1)
    writer = PdfWriter()
    for part in (typed, scan):
        writer.add_page(PdfReader(part).pages[0])
    writer.write(path)
    typed.unlink()
    scan.unlink()
    return path
