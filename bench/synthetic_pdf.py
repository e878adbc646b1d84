"""Small PDFs written here, for tests and benchmarks: ``write_pdf`` lays out given lines
(a running header, body lines and a "Page N of M" footer on every page), and
``synthetic_submission_pdf`` fills a given number of pages with a fictional initial
self-assessment made of the synthetic corpus's sentences (``bench/synthetic.py``), so
every word is the project's own.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np

LINES_PER_PAGE = 48  # body rows between the header (y=810) and the footer (y=30), 14 pt apart
WRAP_CHARS = 90  # Helvetica 10 pt within A4's 495 pt text width
INSTITUTION = "University of Quarrington"  # not a name ``synthetic.institution_names`` makes


def write_pdf(path: Path, pages: list[list[str]], header: str) -> Path:
    """A small A4 PDF: a running header, body lines, and a "Page N of M" footer on every page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    for number, body in enumerate(pages, start=1):
        pdf.setFont("Helvetica-Bold", 9)
        pdf.drawString(50, 810, header)
        pdf.setFont("Helvetica", 10)
        for row, line in enumerate(body):
            pdf.drawString(50, 760 - 14 * row, line)
        pdf.setFont("Helvetica", 8)
        pdf.drawString(50, 30, f"Page {number} of {len(pages)}")
        pdf.showPage()
    pdf.save()
    return path


def submission_lines(pages: int, seed: int = 0, institution: str = INSTITUTION) -> list[list[str]]:
    """``pages`` full pages of an initial self-assessment: a title block, then the
    template's questions in turn (numbered headings), each answered by paragraphs of
    pool sentences, cycling through the questions until the pages are full."""
    from bench.synthetic_text import pool_sentences
    from domain import load_template

    rng = np.random.default_rng(seed)
    sentences = [s.text for s in pool_sentences()]
    questions = next(s for s in load_template().stages if s.id == "initial").questions
    lines = [f"Technician Commitment Initial Self-Assessment - {institution}",
             f"Institution: {institution}", ""]
    number = 0
    while len(lines) < pages * LINES_PER_PAGE:
        question = questions[number % len(questions)]
        lines += ["", f"{question.number}. {question.title}"]
        for _paragraph in range(int(rng.integers(2, 5))):
            picked = rng.choice(len(sentences), size=int(rng.integers(3, 7)), replace=False)
            lines += textwrap.wrap(" ".join(sentences[i] for i in picked), WRAP_CHARS) + [""]
        number += 1
    lines = lines[: pages * LINES_PER_PAGE]
    return [lines[p * LINES_PER_PAGE : (p + 1) * LINES_PER_PAGE] for p in range(pages)]


def synthetic_submission_pdf(path: Path, pages: int = 20, seed: int = 0, institution: str = INSTITUTION) -> Path:
    """A text-layer PDF of exactly ``pages`` pages (see ``submission_lines``)."""
    header = f"{institution} - Technician Commitment"
    return write_pdf(path, submission_lines(pages, seed, institution), header)
