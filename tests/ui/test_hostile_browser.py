"""Nothing remote is ever rendered: a submission whose header, answers and action-plan cells
carry Markdown images, raw <img>/<iframe>/<script>/<style>/<svg>/<object>/<form>/<base>
markup with remote URLs, javascript: links, CSS url() and outside links is shown in every
tab of a real Chromium (Ask chat and sources, Summarise, Check report, Draft, Action plan,
Library). After each tab: no request left 127.0.0.1, no script of the document ran, no
remote element or style exists in the page, every link is inert or opens outside only with
rel="noopener noreferrer", and the hostile text itself is on screen as text."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.support.hostile_files import (
    HOSTILE_INSTITUTION,
    PAYLOADS,
    REMOTE,
    hostile_submission,
    write_docx,
)
from tests.support.openai_server import FakeOpenAIServer
from tests.ui.conftest import CHROMIUM_ARGS, REPO, Page, app_environment, start_app  # noqa: F401 - CHROMIUM_ARGS: same browser

pytestmark = [pytest.mark.browser, pytest.mark.slow]
try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (locally) or fails (CI) with the reason
    expect = None

REMOTE_HOST = urlparse(REMOTE).hostname
MODEL_REPLY = "Apprentices were recruited in three faculties [1]. " + " ".join(PAYLOADS)
RENDERED = [  # every place the app shows document or model text
    "#ask-chat", "#ask-sources", "#summarise-summary", "#summarise-chart", "#check-report", "#draft-view",
    "#draft-chat", "#plan-suggestions", "#plan-select", "#plan-chart", "#library-table", "#library-coverage",
    "#library-result",
]
FIND_ESCAPES = """([remote, containers]) => {
  const found = [];
  const show = (why, el) => found.push(why + ': ' + el.outerHTML.slice(0, 160));
  const fetching = ['src', 'srcset', 'href', 'xlink:href', 'data', 'action', 'formaction', 'poster', 'background', 'style', 'content'];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (fetching.includes(name) && attr.value.includes(remote) && !(el.tagName === 'A' && name === 'href')) { show('fetching ' + name, el); break; }
      if (name.startsWith('on') && attr.value.includes('__tca_pwned')) { show('handler ' + name, el); break; }
    }
  }
  for (const el of document.querySelectorAll('script')) if (el.textContent.includes("__tca_pwned='")) show('script', el);
  for (const el of document.querySelectorAll('style')) if (el.textContent.includes("url('" + 'http://' + remote)) show('style', el);
  for (const selector of containers) {
    for (const el of document.querySelectorAll(selector + ' :is(iframe, object, embed, video, audio, form, base, meta, link, script)')) show('element', el);
    for (const el of document.querySelectorAll(selector + ' style')) if (/url\\(|@import/i.test(el.textContent)) show('style', el);
    for (const a of document.querySelectorAll(selector + ' a[href]')) {
      const href = a.getAttribute('href');
      if (/^\\s*(javascript|data|vbscript):/i.test(href)) { show('script link', a); continue; }
      const url = new URL(href, location.href);
      if (url.host !== location.host) {
        const rel = (a.getAttribute('rel') || '').toLowerCase().split(/\\s+/);
        if (!(rel.includes('noopener') && rel.includes('noreferrer'))) show('outside link without rel=noopener noreferrer', a);
      }
    }
  }
  return found;
}"""


def hostile_library(workdir: Path, **env: str):
    """An app whose library holds only the hostile submission, as Markdown and as Word
    (the hashing embedder: no model to load; what is rendered does not depend on it)."""
    document = workdir / "ravenmoor-initial-2024.md"
    document.write_text(hostile_submission(REPO / "demo_corpus"), encoding="utf-8")
    word = write_docx(document.read_text(encoding="utf-8"), workdir / "ravenmoor-initial-2024.docx")
    data_dir = workdir / "data"
    env = {"TCA_EMBEDDING_MODEL": "hashing", **env}
    ingested = subprocess.run(
        [sys.executable, "-m", "cli.main", "ingest", str(document), str(word), "--data-dir", str(data_dir)],
        cwd=REPO, env=app_environment(workdir / "home", **env), capture_output=True, text=True, timeout=300,
    )
    assert ingested.returncode == 0, ingested.stderr
    app = start_app(data_dir, workdir, demo=False, **env)
    app.document, app.word = document, word
    return app


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    app = hostile_library(tmp_path_factory.mktemp("hostile-app"))
    yield app
    app.stop()


@pytest.fixture(scope="module")
def hostile_model_app(tmp_path_factory):
    """The same library with a language model (on 127.0.0.1) whose every reply carries the
    payloads: what a prompt-injected model would write."""
    with FakeOpenAIServer(MODEL_REPLY) as model:
        app = hostile_library(
            tmp_path_factory.mktemp("hostile-model-app"),
            TCA_LLM="openai:test-model", TCA_LLM_BASE_URL=model.base_url, TCA_LLM_API_KEY="local",
        )
        yield app
        app.stop()


def guarded_page(browser, app) -> Page:
    """A page that records every request (and refuses any off 127.0.0.1) and every dialog."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    context.set_default_timeout(60_000)
    blocked: list[str] = []
    local = urlparse(app.url).netloc

    def only_local(route):
        if urlparse(route.request.url).netloc == local:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    page = Page(context.new_page(), app.url)
    page.dialogs = []
    page.page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.blocked = blocked
    page.page.goto(app.url)
    page.page.wait_for_selector("#ask-input textarea")
    return page


@pytest.fixture(scope="module")
def hostile_page(browser, hostile_app):
    page = guarded_page(browser, hostile_app)
    yield page
    page.page.context.close()


@pytest.fixture(scope="module")
def model_page(browser, hostile_model_app):
    page = guarded_page(browser, hostile_model_app)
    yield page
    page.page.context.close()


@pytest.fixture(autouse=True)
def fresh_records(request):
    """Each tab's check sees only the requests and dialogs of its own test."""
    for name in ("hostile_page", "model_page"):
        if name in request.fixturenames:
            page = request.getfixturevalue(name)
            page.requests.clear(), page.blocked.clear(), page.dialogs.clear()
    yield


def assert_nothing_escaped(page: Page, where: str) -> None:
    page.page.wait_for_timeout(500)  # let any image, frame or script the page gained try to load
    assert not page.external_requests() and not page.blocked, f"{where}: requests left 127.0.0.1: {page.external_requests() + page.blocked}"
    assert page.page.evaluate("() => window.__tca_pwned") is None, f"{where}: a script of the document ran"
    assert not page.dialogs, f"{where}: a dialog opened: {page.dialogs}"
    escaped = page.page.evaluate(FIND_ESCAPES, [REMOTE_HOST, RENDERED])
    assert not escaped, f"{where}: " + "\n".join(escaped)


def shows_as_text(page: Page, selector: str) -> str:
    """The container's visible text, which must hold the hostile markup as characters."""
    text = page.page.locator(selector).inner_text()
    assert REMOTE_HOST in text or "__tca_pwned" in text, f"{selector} does not show the document's text: {text[:300]}"
    return text


def test_ask_chat_and_sources(hostile_page):
    page = hostile_page.page
    page.fill("#ask-input textarea", "How have others addressed apprenticeships?")
    page.click("#ask-send")
    expect(page.locator("#ask-sources .tca-turn")).to_have_count(1)
    expect(page.locator("#ask-chat a.tca-cite").first).to_be_visible()
    page.locator("#ask-chat a.tca-cite").first.click()
    expect(page.locator("#ask-sources .tca-card.open .tca-card-body")).to_be_visible()
    shows_as_text(hostile_page, "#ask-chat")
    assert HOSTILE_INSTITUTION in shows_as_text(hostile_page, "#ask-sources")
    hostile_page.screenshot("hostile-ask")
    assert_nothing_escaped(hostile_page, "Ask")


def test_summarise_from_the_library_and_an_upload(hostile_page, hostile_app):
    page = hostile_page.page
    hostile_page.open_tab("Summarise")
    page.click("#summarise-run")
    expect(page.locator("#summarise-chart .tca-timeline svg")).to_be_visible(timeout=120_000)
    shows_as_text(hostile_page, "#summarise-summary")
    assert_nothing_escaped(hostile_page, "Summarise (library)")
    page.set_input_files("#summarise-file input[type=file]", str(hostile_app.document))
    page.click("#summarise-upload-run")
    expect(page.locator("#summarise-summary")).to_contain_text("Key figures", timeout=120_000)
    shows_as_text(hostile_page, "#summarise-summary")
    hostile_page.screenshot("hostile-summarise")
    assert_nothing_escaped(hostile_page, "Summarise (upload)")


def test_check_report_of_the_hostile_draft_and_its_peer_examples(hostile_page, hostile_app, tmp_path):
    page = hostile_page.page
    hostile_page.open_tab("Check")
    page.set_input_files("#check-file input[type=file]", str(hostile_app.document))
    page.click("#check-run")
    expect(page.locator("#check-report .tca-report")).to_be_visible(timeout=120_000)
    shows_as_text(hostile_page, "#check-report")
    assert_nothing_escaped(hostile_page, "Check (hostile draft)")

    text = (REPO / "demo_corpus" / "northmoor-initial-2024.md").read_text(encoding="utf-8")
    draft = tmp_path / "northmoor-draft.md"  # a clean draft with a gap: the examples are Ravenmoor's
    draft.write_text("".join(s for s in re.split(r"(?m)^(?=## )", text) if not s.startswith("## Please show how")), encoding="utf-8")
    page.reload()  # a fresh file picker
    page.wait_for_selector("#ask-input textarea")
    hostile_page.open_tab("Check")
    page.set_input_files("#check-file input[type=file]", str(draft))
    page.click("#check-run")
    expect(page.locator("#check-report .tca-examples").first).to_be_visible(timeout=120_000)
    shows_as_text(hostile_page, "#check-report .tca-examples")
    hostile_page.screenshot("hostile-check")
    assert_nothing_escaped(hostile_page, "Check (peer examples)")


def test_draft_with_hostile_notes_and_peer_examples(hostile_page):
    page = hostile_page.page
    hostile_page.open_tab("Draft")
    page.fill("#draft-notes textarea", "We employ 120 technicians.\n" + "\n".join(PAYLOADS))
    page.click("#draft-run")
    view = page.locator("#draft-view .tca-draft")
    expect(view).to_be_visible(timeout=120_000)
    shows_as_text(hostile_page, "#draft-view")
    page.fill("#draft-message textarea", "Add this: " + " ".join(PAYLOADS[:6]))
    page.keyboard.press("Enter")
    expect(page.locator("#draft-chat")).to_contain_text(REMOTE_HOST)
    hostile_page.screenshot("hostile-draft")
    assert_nothing_escaped(hostile_page, "Draft")


def test_action_plan_suggestions_and_timeline(hostile_page):
    page = hostile_page.page
    hostile_page.open_tab("Action plan")
    page.fill("#plan-context textarea", "research institute <img src=x onerror=window.__tca_pwned='context'>")
    page.click("#plan-run")
    expect(page.locator("#plan-suggestions .tca-suggestion").first).to_be_visible(timeout=120_000)
    shows_as_text(hostile_page, "#plan-suggestions")
    boxes = page.locator("#plan-select input[type=checkbox]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    expect(page.locator("#plan-chart .tca-timeline svg")).to_be_visible()
    hostile_page.screenshot("hostile-plan")
    assert_nothing_escaped(hostile_page, "Action plan")


def test_library_table_and_coverage(hostile_page):
    page = hostile_page.page
    hostile_page.open_tab("Library")
    expect(page.locator("#library-table")).to_contain_text("Ravenmoor")
    expect(page.locator("#library-coverage")).to_contain_text("Ravenmoor")
    shows_as_text(hostile_page, "#library-table")
    shows_as_text(hostile_page, "#library-coverage")
    hostile_page.screenshot("hostile-library")
    assert_nothing_escaped(hostile_page, "Library")


def test_model_text_in_ask_summarise_and_draft(model_page):
    page = model_page.page
    page.fill("#ask-input textarea", "How have others addressed apprenticeships?")
    page.click("#ask-send")
    expect(page.locator("#ask-sources .tca-turn")).to_have_count(1, timeout=120_000)
    shows_as_text(model_page, "#ask-chat")
    assert_nothing_escaped(model_page, "Ask (model)")

    model_page.open_tab("Summarise")
    page.click("#summarise-run")
    expect(page.locator("#summarise-chart .tca-timeline svg")).to_be_visible(timeout=120_000)
    shows_as_text(model_page, "#summarise-summary")
    assert_nothing_escaped(model_page, "Summarise (model)")

    model_page.open_tab("Draft")
    page.fill("#draft-notes textarea", "We employ 120 technicians.")
    page.click("#draft-run")
    expect(page.locator("#draft-view .tca-draft")).to_be_visible(timeout=120_000)
    shows_as_text(model_page, "#draft-view")
    model_page.screenshot("hostile-model")
    assert_nothing_escaped(model_page, "Draft (model)")
