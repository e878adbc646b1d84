"""The app in a real browser (headless Debian Chromium): ask and open a citation, upload
a PDF and find it, check a draft with a removed section, export an action plan, draft an answer in three turns. Every
test also asserts that no request left 127.0.0.1 (the ``app_page`` fixture)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]
try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (locally) or fails (CI) with the reason
    expect = None

REPO = Path(__file__).resolve().parents[2]
SHARED_PDF = REPO.parent / "shared" / "corpus" / "pdf"
SHARED_EDGE = REPO.parent / "shared" / "corpus" / "edge"
APPRENTICESHIPS = "How have others addressed apprenticeships?"


def ask(page, question: str) -> None:
    page.page.fill("#ask-input textarea", question)
    page.page.click("#ask-send")


def test_page_loads_with_every_tab_and_nothing_from_the_internet(app_page):
    page = app_page.page
    page.wait_for_load_state("load")
    page.wait_for_timeout(2000)  # Gradio keeps a heartbeat open, so "networkidle" never comes
    for tab in ("Ask", "Draft", "Action plan", "Check", "Summarise", "Library"):
        expect(page.get_by_role("tab", name=tab, exact=True)).to_be_visible()
    expect(page.locator("h1")).to_contain_text("Technician Commitment assistant")
    assert app_page.requests, "the page made no requests at all?"
    assert not app_page.external_requests()
    app_page.screenshot("00-home")


def test_ask_answers_with_citations_and_a_citation_opens_its_source(app_page):
    page = app_page.page
    ask(app_page, APPRENTICESHIPS)
    chat = page.locator("#ask-chat")
    expect(chat.locator("a.tca-cite").first).to_be_visible()
    expect(page.locator("#ask-sources .tca-turn")).to_have_count(1)
    answer_text = chat.inner_text()
    assert "apprentice" in answer_text.lower()
    cited = sorted({int(n) for n in re.findall(r"\[(\d+)\]", answer_text)})
    assert cited and cited[0] == 1
    cited_cards = page.locator("#ask-sources .tca-card-cited")
    expect(cited_cards).to_have_count(len(cited))  # only cited sources are listed as cited

    card = page.locator("#tca-t1-s1")
    expect(card.locator(".tca-card-body")).to_be_hidden()
    chat.locator("a.tca-cite", has_text="[1]").first.click()
    expect(card).to_have_class(re.compile(r"\bopen\b"))
    body = card.locator(".tca-card-body")
    expect(body).to_be_visible()
    for label in ("Institution", "Document", "Page", "Section"):
        expect(body.locator("dt", has_text=label)).to_be_visible()
    expect(body.locator(".tca-passage mark").first).to_be_visible()  # the quoted sentence
    app_page.screenshot("01-ask-citation-open")

    ask(app_page, "and at research institutes?")  # a follow-up reads the earlier turn
    expect(page.locator("#ask-sources .tca-turn")).to_have_count(2)
    expect(page.locator("#tca-t2-s1")).to_contain_text("Institute")
    app_page.screenshot("02-ask-follow-up")


def test_uploaded_pdf_is_listed_and_searchable_and_bad_files_are_reported(app_page, shared_corpus):
    page = app_page.page
    app_page.open_tab("Library")
    files = [str(SHARED_PDF / "ljmu-initial-2024.pdf"), str(SHARED_EDGE / "encrypted-password-secret.pdf")]
    page.set_input_files("#library-files input[type=file]", files)
    page.click("#library-add")
    result = page.locator("#library-result")
    expect(result).to_contain_text("1 added", timeout=180_000)
    expect(result).to_contain_text("encrypted-password-secret.pdf")
    expect(result).to_contain_text("password")
    table = page.locator("#library-table")
    expect(table).to_contain_text("Liverpool John Moores University")
    expect(table).to_contain_text("ljmu-initial-2024")
    expect(page.locator("#library-coverage")).to_contain_text("Liverpool John Moores University")
    app_page.screenshot("03-library-upload")

    app_page.open_tab("Ask")
    ask(app_page, "How has Liverpool John Moores University recognised its technicians?")
    expect(page.locator("#ask-chat a.tca-cite").first).to_be_visible()
    expect(page.locator("#ask-sources .tca-card-cited").first).to_contain_text("Liverpool John Moores University")
    app_page.screenshot("04-ask-uploaded-document")

    app_page.open_tab("Library")  # re-index skips unchanged files; delete takes the document out
    page.click("#library-reindex")
    expect(result).to_contain_text("Re-indexed", timeout=180_000)
    expect(result).to_contain_text("0 added, 0 updated")
    page.click("#library-doc input")
    page.get_by_role("option", name=re.compile("ljmu-initial-2024")).click()
    page.click("#library-delete")
    expect(result).to_contain_text("Deleted ljmu-initial-2024")
    expect(table).not_to_contain_text("ljmu-initial-2024")


def test_check_flags_a_removed_section(app_page, tmp_path):
    page = app_page.page
    text = (REPO / "demo_corpus" / "northmoor-initial-2024.md").read_text(encoding="utf-8")
    sections = re.split(r"(?m)^(?=## )", text)
    draft = tmp_path / "northmoor-draft.md"
    draft.write_text("".join(s for s in sections if not s.startswith("## How many technicians")), encoding="utf-8")

    app_page.open_tab("Check")
    page.set_input_files("#check-file input[type=file]", str(draft))
    page.click("#check-run")
    report = page.locator("#check-report .tca-report")
    expect(report).to_be_visible(timeout=120_000)
    expect(report).to_contain_text("1 required gap")
    gap = report.locator(".tca-gap", has_text="initial.q3")
    expect(gap.locator(".tca-status-missing")).to_be_visible()
    for label in ("Where", "Why", "How to fix"):
        expect(gap.locator("dt", has_text=label)).to_be_visible()
    expect(report.locator("tr.tca-row-missing", has_text="initial.q3")).to_be_visible()
    expect(report.locator("tr.tca-row-present").first).to_be_visible()
    # statuses are coloured: a missing badge is red, a present one green
    assert page.locator(".tca-status-missing").first.evaluate("e => getComputedStyle(e).color") == "rgb(198, 40, 40)"
    assert page.locator(".tca-status-present").first.evaluate("e => getComputedStyle(e).color") == "rgb(26, 127, 55)"
    with page.expect_download() as download:
        page.click("#check-md")
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert "initial.q3" in saved and "missing" in saved
    app_page.screenshot("05-check-removed-section")


def test_action_plan_export_gives_the_file(app_page):
    page = app_page.page
    app_page.open_tab("Action plan")
    page.fill("#plan-context textarea", "research institute, ageing workforce")
    page.click("#plan-run")
    expect(page.locator("#plan-suggestions .tca-suggestion").first).to_be_visible(timeout=120_000)
    boxes = page.locator("#plan-select input[type=checkbox]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    expect(page.locator("#plan-chart .tca-timeline svg")).to_be_visible()
    page.click("#plan-export")
    expect(page.locator("#plan-csv")).to_be_visible()
    with page.expect_download() as download:
        page.click("#plan-csv")
    assert download.value.suggested_filename == "action-plan.csv"
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert rows[0][:3] == ["Pillar", "Number", "Activity"] and len(rows) == 3
    with page.expect_download() as download:
        page.click("#plan-docx")
    assert Path(download.value.path()).read_bytes()[:2] == b"PK"  # a Word (zip) file
    app_page.screenshot("06-action-plan-export")


def test_summarise(app_page):
    page = app_page.page
    app_page.open_tab("Summarise")
    page.click("#summarise-run")
    expect(page.locator("#summarise-chart .tca-timeline svg")).to_be_visible(timeout=120_000)
    expect(page.locator("#summarise-summary")).to_contain_text("Key figures")
    app_page.screenshot("07-summarise")
    if SHARED_PDF.is_dir():  # an uploaded submission, not in the library
        page.set_input_files("#summarise-file input[type=file]", str(SHARED_PDF / "lstm-renewal-2024.pdf"))
        page.click("#summarise-upload-run")
        expect(page.locator("#summarise-summary")).to_contain_text("Liverpool School of Tropical Medicine", timeout=120_000)
        expect(page.locator("#summarise-chart .tca-timeline svg")).to_be_visible()


GOVERNANCE_NOTES = (
    "- A steering group chaired by the Chief Operating Officer leads our Commitment work\n"
    "- The group sends a progress report to the Executive Board every quarter\n"
    "- We set aside a budget of £20,000 a year for events and registration fees\n"
    "- Five of the group's nine members are technicians chosen by their colleagues"
)


def send_turn(page, words: str) -> None:
    page.fill("#draft-message textarea", words)
    page.keyboard.press("Enter")


def test_draft_in_three_turns_ends_with_the_new_note_the_length_and_peers_cited(app_page):
    page = app_page.page
    app_page.open_tab("Draft")
    page.click("#draft-stage input")
    page.get_by_role("option", name="Renewal Self-Assessment & Action Plan").click()
    page.click("#draft-question input")
    page.get_by_role("option", name=re.compile(r"^Q2\. Governance")).click()
    page.fill("#draft-institution input", "Ashdown Research Institute")
    page.fill("#draft-notes textarea", GOVERNANCE_NOTES)
    page.click("#draft-run")
    view = page.locator("#draft-view .tca-draft")
    expect(view).to_be_visible(timeout=120_000)
    expect(view.locator("#draft-text .tca-st")).to_have_count(4)
    expect(view.locator("#draft-text .tca-placeholder").first).to_be_visible()  # engagement and development are missing
    expect(view).to_contain_text("Peers' answers to this question")
    expect(view.locator(".tca-peer-answer", has_text="Kestrel Bay University")).to_have_count(1)
    expect(view.locator(".tca-peer-answer", has_text="Ashdown")).to_have_count(0)  # never its own peer

    send_turn(page, "also: our technicians joined the regional technician network and its annual conference in 2024")
    expect(page.locator("#draft-chat")).to_contain_text("s5 under renewal.q2.engagement")
    expect(view.locator("#draft-text")).to_contain_text("regional technician network")
    send_turn(page, "60 words")
    expect(page.locator("#draft-chat")).to_contain_text("Length set to at most 60 words")
    send_turn(page, "How did others evidence this?")
    answer = view.locator(".tca-draft-answer")
    expect(answer).to_be_visible()
    expect(answer.locator("a.tca-cite").first).to_be_visible()

    text = view.locator("#draft-text").inner_text()
    assert "regional technician network" in text  # the new note survives the length
    words = int(re.search(r"(\d+) words \(your length 60\)", view.inner_text()).group(1))
    assert words <= 60 and len(re.sub(r"\[Add:[^\]]*\]|s\d+", " ", text).split()) <= 60
    cited = answer.inner_text()
    assert re.search(r"\[\d+\]", cited) and "Ashdown" not in cited
    assert any(peer in cited for peer in ("Kestrel Bay University", "University of Northmoor", "Harrowgate Institute of Science"))
    app_page.screenshot("08-draft-three-turns")

    page.click("#draft-export")
    with page.expect_download() as download:
        page.click("#draft-md")
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert exported.startswith("# Renewal question 2:") and "regional technician network" in exported
    assert "## Appendix: peer passages used" in exported


def test_a_fetched_page_and_a_scan_are_cited_as_such(app_page):
    """The Library tab's address box fetches a page (from a server on 127.0.0.1 here), an
    uploaded scan is read by OCR, and the source cards say where each passage came from."""
    from tests.support.web_server import LocalWebServer

    if not SHARED_EDGE.is_dir():
        pytest.skip("../shared/corpus is not present")
    page = app_page.page
    plan = (REPO / "tests" / "ingest" / "fixtures" / "thornbury-action-plan.html").read_bytes()
    with LocalWebServer({"/technicians/action-plan": (200, "text/html", plan)}) as web:
        url = web.url("/technicians/action-plan")
        app_page.open_tab("Library")
        page.locator("#library-url").locator("textarea, input").first.fill(url)
        page.click("#library-fetch")
        result = page.locator("#library-result")
        expect(result).to_contain_text("1 added", timeout=120_000)
        expect(result).to_contain_text(f"fetched from {url}")
    expect(page.locator("#library-table")).to_contain_text("Thornbury Institute of Science")

    page.set_input_files("#library-files input[type=file]", str(SHARED_EDGE / "image-only-no-text-layer.pdf"))
    page.click("#library-add")
    expect(result).to_contain_text("(1 read by OCR)", timeout=180_000)
    app_page.screenshot("09-library-fetch-and-scan")

    app_page.open_tab("Ask")
    ask(app_page, "What did Thornbury Institute of Science plan for professional registration fees?")
    card = page.locator("#ask-sources .tca-card-cited").first
    expect(card).to_contain_text("Thornbury Institute of Science", timeout=120_000)
    card.locator(".tca-card-head").click()
    expect(card.locator(f'.tca-card-body a[href="{url}"]')).to_be_visible()

    ask(app_page, "What is the Technical Leaders' Forum for?")  # only the scan tells
    expect(page.locator("#ask-sources .tca-turn")).to_have_count(2, timeout=120_000)
    expect(page.locator("#ask-sources .tca-turn").first.locator(".tca-card-cited .tca-ocr").first).to_be_visible()
    app_page.screenshot("10-ask-ocr-and-url-sources")
