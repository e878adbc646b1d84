"""Internal errors reach the browser as one short message with a log reference: never the
exception's text or a traceback, in the page or through the API; the log has the whole
story under that reference. Every handler of the real app is guarded this way."""

from __future__ import annotations

import logging
import re

import gradio as gr
import pytest

from app import build_app, launch
from assistant.settings import Settings
from bench.processes import free_port
from ui.errors import guard_events

pytestmark = pytest.mark.slow
SECRET = "secret-detail /srv/tca/catalog.sqlite"


def failing_blocks() -> gr.Blocks:
    with gr.Blocks() as blocks:
        out = gr.Textbox(elem_id="out")
        crash = gr.Button("Crash", elem_id="crash")
        stream = gr.Button("Stream", elem_id="stream")
        shown = gr.Button("Shown", elem_id="shown")

        def fails():
            raise RuntimeError(SECRET)

        def streams_then_fails():
            yield "first part"
            raise KeyError(SECRET)

        def refuses():
            raise gr.Error("A message the handler chose to show.")

        crash.click(fails, None, out, api_name="crash")
        stream.click(streams_then_fails, None, out, api_name="stream")
        shown.click(refuses, None, out, api_name="shown")
    return guard_events(blocks)


@pytest.fixture()
def failing_app(tmp_path):
    blocks = failing_blocks()
    settings = Settings(data_dir=tmp_path / "data", port=free_port())
    launch(blocks, settings, prevent_thread_lock=True)
    yield f"http://127.0.0.1:{settings.port}/"
    blocks.close()


def test_the_browser_sees_a_reference_not_the_exception(browser, failing_app, caplog):
    caplog.set_level(logging.ERROR, logger="tca.app")
    page = browser.new_page()
    try:
        page.goto(failing_app)
        page.click("#crash")
        toast = page.get_by_text(re.compile(r"log reference [0-9a-f]{8}"))
        toast.first.wait_for(timeout=30_000)
        ref = re.search(r"log reference ([0-9a-f]{8})", toast.first.inner_text()).group(1)
        page.click("#stream")
        page.get_by_text(re.compile(r"log reference [0-9a-f]{8}")).nth(1).wait_for(timeout=30_000)
        page.wait_for_timeout(500)
        html = page.content()
    finally:
        page.close()
    assert SECRET not in html and "Traceback" not in html and "RuntimeError" not in html and "KeyError" not in html
    logged = [r for r in caplog.records if f"ref={ref}" in r.getMessage()]
    assert len(logged) == 1 and logged[0].exc_info and SECRET in str(logged[0].exc_info[1])
    assert sum("internal error ref=" in r.getMessage() for r in caplog.records) == 2


def test_the_api_sees_a_reference_and_chosen_messages_pass(failing_app):
    from gradio_client import Client

    client = Client(failing_app, verbose=False)
    with pytest.raises(Exception) as crashed:
        client.predict(api_name="/crash")
    assert re.search(r"log reference [0-9a-f]{8}", str(crashed.value)) and SECRET not in str(crashed.value)
    with pytest.raises(Exception, match="A message the handler chose to show"):
        client.predict(api_name="/shown")


def test_every_handler_of_the_app_is_guarded(tmp_path):
    from vectorstore.embedder import HashingEmbedder
    from vectorstore.store import CorpusStore, StoreLocation

    settings = Settings(data_dir=tmp_path / "data")
    blocks = build_app(settings, CorpusStore(StoreLocation(settings.data_dir), HashingEmbedder()))
    handlers = [f.fn for f in blocks.fns.values() if f.fn is not None]
    assert len(handlers) > 20
    assert all(getattr(fn, "tca_guarded", False) for fn in handlers)


def test_every_file_picker_of_the_app_is_restricted(tmp_path):
    """Library, Check, Summarise (and any picker a tab gains later) offer only what ingest reads."""
    from ingest.pipeline import SUPPORTED_SUFFIXES
    from vectorstore.embedder import HashingEmbedder
    from vectorstore.store import CorpusStore, StoreLocation

    settings = Settings(data_dir=tmp_path / "data")
    blocks = build_app(settings, CorpusStore(StoreLocation(settings.data_dir), HashingEmbedder()))
    pickers = [b for b in blocks.blocks.values() if isinstance(b, gr.File | gr.UploadButton)]
    assert len(pickers) >= 4
    assert all(p.file_types == list(SUPPORTED_SUFFIXES) for p in pickers), [(p.elem_id, p.file_types) for p in pickers]
