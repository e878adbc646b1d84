"""Chunks follow sections, fit the model window with their header, and keep pages."""

from __future__ import annotations

from ingest.chunk import chunk_sections, embedding_text, paragraphs, split_sentences
from ingest.models import DocumentMeta, Section


def words(text: str) -> int:
    return len(text.split())


META = DocumentMeta(doc_type="submission", institution="University of Northmoor", stage="initial", date="2024-07-01")


def section(title: str, lines: list[str], **kw) -> Section:
    return Section(title=title, kind=kw.pop("kind", "question"), lines=lines, page_start=kw.pop("page_start", 1), page_end=kw.pop("page_end", 1), **kw)


def test_chunks_never_cross_sections():
    sections = [section("Profile", ["Short profile text."]), section("Voice", ["A survey was run."])]
    chunks = chunk_sections("d", "d.md", META, sections, words, 256)
    assert [(c.section_title, c.text) for c in chunks] == [("Profile", "Short profile text."), ("Voice", "A survey was run.")]


def test_long_section_splits_within_window_including_header():
    sentence = "The technician network met monthly and shared skills across three faculties."
    long = section("Network", [" ".join([sentence] * 60)])
    chunks = chunk_sections("d", "d.md", META, [long], words, 64)
    assert len(chunks) > 3
    assert all(words(embedding_text(c)) + 2 <= 64 for c in chunks)
    assert all(c.text.endswith(".") for c in chunks)


def test_run_on_text_without_sentence_breaks_is_cut_by_words():
    blob = section("Blob", ["word " * 5000])
    chunks = chunk_sections("d", "d.md", META, [blob], words, 128)
    assert sum(words(c.text) for c in chunks) >= 5000
    assert all(words(embedding_text(c)) + 2 <= 128 for c in chunks)


def test_question_sections_use_the_template_short_title():
    prompt = section("Please provide evidence that the technician voice is present in the development of your plan", ["We surveyed all technicians."], question_id="initial.q7")
    chunk = chunk_sections("d", "d.md", META, [prompt], words, 256, {"initial.q7": "Technician voice"})[0]
    assert chunk.section_title == "Technician voice"
    assert embedding_text(chunk).startswith("University of Northmoor | Technician voice\n")


def test_case_study_chunks_carry_their_own_institution_and_pages():
    study = section("Kestrel Bay University", ["Line on page four.", "Line on page five."], kind="case_study", institution="Kestrel Bay University", pillars=("recognition",), page_start=4, page_end=5, line_pages=[4, 5])
    report = DocumentMeta(doc_type="case_study_report", date="2024")
    chunk = chunk_sections("r", "r.pdf", report, [study], words, 256)[0]
    assert (chunk.institution, chunk.pillars, chunk.page_start, chunk.page_end) == ("Kestrel Bay University", ("recognition",), 4, 5)


def test_sentence_split_keeps_abbreviations():
    assert split_sentences("We met Dr. Okafor, e.g. weekly. Then we left.") == ["We met Dr. Okafor, e.g. weekly.", "Then we left."]


def test_wrapped_pdf_lines_are_rejoined_but_lists_and_tables_are_not():
    lines = ["The network now has", "forty members across", "three sites.", "• a bullet item", "Cell one\tCell two", "Next paragraph starts here."]
    assert [p for p, _ in paragraphs(lines, [1, 1, 2, 2, 2, 2])] == [
        "The network now has forty members across three sites.",
        "• a bullet item",
        "Cell one\tCell two",
        "Next paragraph starts here.",
    ]


def test_template_text_in_a_submission_is_not_indexed_as_the_institutions():
    sections = [
        section("Guidance", ["Template guidance words."], kind="preamble"),
        section("Appendix A: Examples", ["Example activity list."], kind="template_appendix"),
        section("Profile", ["Our own profile."]),
    ]
    assert [c.text for c in chunk_sections("d", "d.md", META, sections, words, 256)] == ["Our own profile."]


def test_markdown_table_rows_are_never_joined():
    rows = ["| Pillar | No. | Activity |", "| Visibility | 1 | Newsletter", "| Recognition | 2 | Awards |"]
    assert len(paragraphs(rows, [1, 1, 1])) == 3


def test_a_text_file_written_a_paragraph_per_line_keeps_its_title_line_apart():
    title = "Technicians at Fernbrook launch a skills exchange with three partner universities this spring"
    body = "The exchange pairs workshop staff with laboratory teams for a week at a time. " * 3
    page = section("", [title, body.strip()])
    assert [c.text for c in chunk_sections("d", "news.txt", META, [page], words, 256)] == [f"{title}\n{body.strip()}"]
    wrapped = section("", [title, "the exchange pairs workshop staff with laboratory teams."])  # a PDF's wrapped lines
    assert chunk_sections("d", "news.pdf", META, [wrapped], words, 256)[0].text.startswith(f"{title} the exchange")
