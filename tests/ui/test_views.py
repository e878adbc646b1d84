"""Display helpers for the app: escaping of document text, clickable citations, source
cards with the quoted sentence highlighted, coverage counts, check colours, choices."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from assistant.answer import Answer, Citation, Source
from assistant.ask.conversation import Turn
from assistant.check.report import CheckReport, CheckResult, Example, Where
from assistant.library import FileProblem, IngestedDocument, IngestReport, Progress
from ui import answer_view, views
from vectorstore.catalog import DocumentRow

REPO = Path(__file__).resolve().parents[2]
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _source(n: int, passage: str, institution: str | None = "Kestrel Bay University", **extra) -> Source:
    fields = dict(
        n=n, chunk_id=f"doc:{n}", doc_id="kestrel", institution=institution, document="Stage Two submission",
        file="kestrel.pdf", page=3, page_end=3, section="Sustainability", passage=passage,
    )
    fields.update(extra)
    return Source(**fields)


def _answer() -> Answer:
    cited = _source(
        4, "Intro line.\nWe recruited 12 apprentices through the Apprenticeship Levy in 2024. Other text follows."
    )
    other = _source(7, "A passage that was retrieved but not used.", institution="Ashdown Research Institute")
    quote = "We recruited 12 apprentices through the Apprenticeship Levy in 2024."
    return Answer(
        question="How have others addressed apprenticeships?",
        text=f"**Kestrel Bay University**: “{quote}” [1]",
        citations=[Citation(1, cited, quote)],
        found=True,
        sources=[cited, other],
    )


# --- citations and source cards -----------------------------------------------------------


def test_citations_become_links_to_the_turns_source_cards():
    html = answer_view.linked_answer("Something [1] and [2].", turn=3)
    assert 'href="#tca-t3-s1"' in html and 'href="#tca-t3-s2"' in html
    assert html.count('class="tca-cite"') == 2


def test_unknown_citation_numbers_stay_plain_text():
    html = answer_view.linked_answer("Known [1], unknown [9].", turn=1, known=[1])
    assert "#tca-t1-s1" in html and "#tca-t1-s9" not in html
    assert "unknown \\[9\\]." in html  # Markdown for a literal [9]


def test_answer_text_is_escaped_before_links_are_added():
    html = answer_view.linked_answer(f"Quote: {HOSTILE} [1]", turn=1)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_markdown_images_and_links_in_answers_stay_text():
    """A model or a PDF writing Markdown that would fetch or link: shown as characters."""
    html = answer_view.linked_answer("See ![x](http://203.0.113.7/p.png) and [here](javascript:alert(1)) [1]", turn=1)
    assert "![x](" not in html and "[here](" not in html
    assert "!\\[x\\](http://203.0.113.7/p.png)" in html and '<a class="tca-cite"' in html


def test_source_card_has_where_and_highlights_the_quoted_sentence():
    answer = _answer()
    card = answer_view.turn_sources(answer, turn=2)
    assert 'id="tca-t2-s1"' in card
    for fact in ("Kestrel Bay University", "Stage Two submission", "Sustainability", "p. 3"):
        assert fact in card
    assert "<mark>We recruited 12 apprentices through the Apprenticeship Levy in 2024.</mark>" in card


def test_only_cited_sources_are_listed_as_cited():
    card = answer_view.turn_sources(_answer(), turn=1)
    cited_part, _, also_part = card.partition("Also retrieved")
    assert "Kestrel Bay University" in cited_part and "Ashdown Research Institute" not in cited_part
    assert "Ashdown Research Institute" in also_part
    assert "Cited (1)" in cited_part


def test_all_document_text_in_a_card_is_escaped():
    source = _source(1, f"Before {HOSTILE} after.", institution=HOSTILE, document=HOSTILE, section=HOSTILE)
    card = answer_view.source_card(source, "tca-t1-s1", "[1]", quote=f"Before {HOSTILE} after.")
    assert "<script>" not in card and "<img" not in card
    assert card.count("&lt;script&gt;") >= 4


def test_highlight_matches_a_table_row_quote_across_cells():
    passage = "| Sustainability | 4.2 | Apprenticeships | Recruit six new Level 3 apprentices each year. | Sep 2024 - Jul 2026 |"
    quote = "Apprenticeships — Recruit six new Level 3 apprentices each year. — Sep 2024 - Jul 2026"
    html = answer_view.highlight_passage(passage, quote)
    # neighbouring cells of one quote read as one highlight; a lone word is not searched for
    assert "<mark>Recruit six new Level 3 apprentices each year. | Sep 2024 - Jul 2026</mark>" in html
    assert "<mark>Apprenticeships" not in html


def test_highlight_ignores_differences_in_spacing_and_quotes():
    passage = "The  survey\nhad 70 responses. Staff said “it’s working”."
    html = answer_view.highlight_passage(passage, "The survey had 70 responses.")
    assert html.startswith("<mark>The  survey\nhad 70 responses.</mark>")
    assert answer_view.highlight_passage("Nothing in common here.", "Completely different words") == "Nothing in common here."


def test_sources_panel_lists_the_latest_turn_first():
    first, second = _answer(), _answer()
    second.question = "and at research institutes?"
    html = answer_view.sources_panel([Turn(first.question, first), Turn(second.question, second)])
    assert html.index("tca-t2-s1") < html.index("tca-t1-s1")
    assert "click a citation" in answer_view.sources_panel([])


def test_api_sources_put_cited_first_and_mark_the_rest():
    items = answer_view.sources_json(_answer())
    assert [i["n"] for i in items] == [1, None]
    assert items[0]["cited"] is True and items[0]["quote"].startswith("We recruited")
    assert items[1]["cited"] is False and items[1]["institution"] == "Ashdown Research Institute"
    markdown = answer_view.answer_with_sources_markdown(_answer())
    assert "[1]" in markdown and "**Sources**" in markdown and "Kestrel Bay University · Stage Two submission · p. 3" in markdown


def test_answer_message_keeps_notes():
    answer = _answer()
    answer.notes = ["removed unknown citation [5]"]
    message = answer_view.answer_message(answer, 1)
    assert "removed unknown citation" in message and "#tca-t1-s5" not in message


# --- library ---------------------------------------------------------------------------------


def _row(**extra) -> DocumentRow:
    fields = dict(
        doc_id="ljmu-initial-2024", path="/x/ljmu.pdf", file="ljmu.pdf", sha256="abc", file_type="pdf",
        doc_type="submission", title="Initial", institution="Liverpool John Moores University", stage="initial",
        date="2024-07-23", lead_name=None, lead_email=None, pages=9, chunks=40, actions=19, warnings="[]",
        ingested_at="2025-01-01",
    )
    fields.update(extra)
    return DocumentRow(**fields)


def test_document_rows_and_choices_read_plainly():
    rows = views.document_rows([_row(), _row(doc_id="case", doc_type="case_study_report", institution=None, stage=None)])
    assert rows[0] == ["Liverpool John Moores University", "Initial", "Submission", "2024-07-23", 9, 40, 19, "ljmu-initial-2024"]
    assert rows[1][0] == "(not named)" and rows[1][2] == "Case-study report"
    choices = views.document_choices([_row(), _row(doc_id="g", doc_type="guidance")], ["submission"])
    assert choices == [("Liverpool John Moores University (2024) · Submission · ljmu-initial-2024", "ljmu-initial-2024")]


def test_ingest_report_shows_each_failure_plainly_by_file_name():
    report = IngestReport(
        documents=[IngestedDocument("a", "/data/uploads/a.pdf", "Uni A", "submission", "initial", "2024", 12, 3, 5, "added")],
        errors=[FileProblem("/data/uploads/locked.pdf", "encrypted (password required)")],
        warnings=[FileProblem("/data/uploads/b.md", f"odd {HOSTILE}")],
    )
    text = views.ingest_report_markdown(report)
    assert "1 added" in text and "5 pages, 12 chunks" in text
    assert "- ✗ locked.pdf — encrypted (password required)" in text
    assert "/data/uploads" not in text and "<script>" not in text


def test_progress_tally_counts_files_pages_chunks():
    tally = views.IngestTally()
    tally.add(Progress(1, 3, "a.pdf", 4, 20))
    line = tally.add(Progress(2, 3, "b.pdf", 6, 30))
    assert line == "2/3 files · 10 pages · 50 chunks · b.pdf"


def test_coverage_heatmap_shades_cells_by_count_and_escapes_names():
    counts = Counter({("Uni A", ""): 10, ("Uni A", "recognition"): 6, ("Uni A", "visibility"): 2, (HOSTILE, ""): 1})
    coverage = views.coverage_from_counts(counts)
    assert coverage.institutions == ("Uni A", HOSTILE) or coverage.institutions == (HOSTILE, "Uni A")
    assert coverage.peak == 6 and coverage.totals["Uni A"] == 10
    html = views.coverage_html(coverage)
    assert "<script>" not in html and "Recognition" in html and "Career Development" in html
    assert 'title="6 passages from Uni A about Recognition">6</td>' in html
    assert "rgba(31,94,168,0.90)" in html  # the peak cell is the darkest
    assert "library is empty" in views.coverage_html(views.coverage_from_counts(Counter()))


def test_passage_pillars_prefer_section_tags_then_keywords():
    template = views.load_template()
    assert views.passage_pillars("anything", "recognition sustainability", template) == ["recognition", "sustainability"]
    assert views.passage_pillars("We recruited apprentices and planned succession.", "", template) == ["sustainability"]
    assert views.passage_pillars("The weather was fine.", "", template) == []


def test_coverage_and_filter_options_read_from_a_store(tmp_path):
    from assistant.library import ingest_paths
    from vectorstore.embedder import HashingEmbedder
    from vectorstore.store import CorpusStore, StoreLocation

    store = CorpusStore(StoreLocation(tmp_path / "store"), HashingEmbedder())
    ingest_paths(store, [REPO / "demo_corpus" / "northmoor-initial-2024.md", REPO / "demo_corpus" / "ashdown-renewal-2025.md"])
    coverage = views.read_coverage(store)
    assert set(coverage.institutions) == {"University of Northmoor", "Ashdown Research Institute"}
    assert sum(coverage.totals.values()) == sum(d.chunks for d in store.documents())
    assert all(coverage.counts.get((i, "sustainability"), 0) > 0 for i in coverage.institutions)
    institutions, years = views.read_filter_options(store)
    assert institutions == ["Ashdown Research Institute", "University of Northmoor"]
    assert years == sorted(years, reverse=True) and 2024 in years


# --- check -------------------------------------------------------------------------------------


def test_check_report_colours_every_status_and_shows_where_why_fix_examples():
    checks = [
        CheckResult("initial.q1", "present", "required", Where(1, "Profile"), "answered (204 words)", "Write it."),
        CheckResult("initial.q3", "missing", "required", Where(None, "Number of technicians"), "prompt not found",
                    "Give the number of technicians.", examples=[Example("Harrowgate", "Initial", 1, f"We employ 96 {HOSTILE}")]),
        CheckResult("initial.q5.timescale", "weak", "recommended", Where(2, "Plan"), "2 actions lack dates", "Date them."),
        CheckResult("initial.q7", "attached", "required", Where(3, "Voice"), "in Appendix B", "Attach it."),
        CheckResult("doc.window", "not_applicable", "info", Where(None, "Sign-off"), "no such rule", ""),
    ]
    report = CheckReport("draft.md", "initial", "detected", "Northmoor", None, checks)
    html = views.check_report_html(report)
    for status in ("present", "weak", "missing", "attached", "not_applicable"):
        assert f"tca-status-{status}" in html
    assert "1 required gap" in html
    gaps = html.split("<h4>All checks</h4>")[0]
    assert "initial.q3" in gaps and "Number of technicians" in gaps and "prompt not found" in gaps
    assert "Give the number of technicians." in gaps and "Harrowgate" in gaps
    assert "initial.q1" not in gaps.split("Gaps to address")[1]
    assert "<script>" not in html


# --- action plan (the draft's HTML: tests/ui/test_draft_view.py) -------------------------------------------------------------------------


def test_parse_month():
    assert views.parse_month("2026-09") == date(2026, 9, 1)
    assert views.parse_month("  ") is None
    with pytest.raises(ValueError, match="2026-09"):
        views.parse_month("Sept 2026")


def test_suggestions_render_with_sources_and_choices_index_them():
    from assistant.plan.model import Suggestion, SuggestionSource

    source = SuggestionSource("Kestrel Bay University", "Stage Two", 4, f"Recruit four apprentices {HOSTILE}", "plan")
    suggestion = Suggestion(
        title="Apprenticeships", pillar="sustainability", description="Recruit apprentices.", described_by="Kestrel Bay University",
        sources=(source,), timescale="about 36 months", timescale_months=36, impact_measure="12 recruited",
        impact_measure_from="Kestrel Bay University", reported_impact=(), score=2.5,
    )
    html = views.suggestions_html([suggestion])
    assert "Apprenticeships" in html and "Sustainability" in html and "p. 4" in html and "<script>" not in html
    assert views.suggestion_choices([suggestion, suggestion]) == [
        ("1. Apprenticeships (Sustainability)", 0), ("2. Apprenticeships (Sustainability)", 1)
    ]
    assert "No actions" in views.suggestions_html([])


def test_question_and_stage_choices_come_from_the_template():
    assert views.question_choices("renewal")[0][1] == "renewal.q1"
    assert [v for _, v in views.stage_choices(any_label=None)] == ["initial", "stage_two", "renewal"]
    assert views.pillar_choices()[0] == ("Any pillar", "")


def test_a_card_says_when_its_passage_was_read_by_ocr_or_fetched_from_the_web():
    url = 'https://technicians.example.ac.uk/plan?a=1&b="2"'
    card = answer_view.source_card(_source(2, "Clear job descriptions.", ocr=True, url=url), "t1-s2", "[2]")
    assert "read by OCR" in card and "OCR from a scanned page" in card
    assert 'href="https://technicians.example.ac.uk/plan?a=1&amp;b=&quot;2&quot;"' in card
    assert 'rel="noopener noreferrer"' in card
    plain = answer_view.source_card(_source(3, "Typed text."), "t1-s3", "[3]")
    assert "OCR" not in plain and "Fetched from" not in plain


def test_progress_tally_shows_the_page_being_read_by_ocr_without_counting_it():
    tally = views.IngestTally()
    tally.add(Progress(1, 2, "a.pdf", 4, 20))
    line = tally.add(Progress(1, 2, "scan.pdf", 0, 0, ocr_page=3, ocr_pages=12))
    assert line == "1/2 files · 4 pages · 20 chunks · scan.pdf: OCR 3/12 pages"
    assert tally.add(Progress(2, 2, "scan.pdf", 12, 30)).startswith("2/2 files · 16 pages · 50 chunks")


def test_ingest_report_names_ocr_pages_and_the_fetched_address():
    document = IngestedDocument("plan", "/data/fetched/plan.html", "Uni A", "action_plan", None, "2025", 6, 5, 1, "added",
                                ocr_pages=0, source_url="https://example.test/plan")
    scan = IngestedDocument("scan", "/data/uploads/scan.pdf", "Uni B", "submission", "initial", "2024", 9, 0, 8, "added", ocr_pages=8)
    text = views.ingest_report_markdown(IngestReport(documents=[document, scan]))
    assert "fetched from https://example.test/plan" in text and "8 pages (8 read by OCR)" in text
