"""The Gradio app: a thin adapter over ``assistant/``. Layout and rendering only; each tab
lives in ``ui/`` (one module a tab) and calls the jobs in ``assistant/``.

Run with ``tca serve`` (or ``python app.py``); binds to 127.0.0.1 unless configured.
Scripts can use the jobs through Gradio's API (``gradio_client``): ``/ask`` and
``/documents``.
"""

from __future__ import annotations

import json
import os
import threading

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from assistant.settings import Settings, SettingsError, load_settings  # noqa: E402
from ui.ask_tab import build_ask_tab, filter_updates  # noqa: E402
from ui.check_tab import build_check_tab  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.draft_tab import build_draft_tab  # noqa: E402
from ui.errors import guard_events  # noqa: E402
from ui.library_tab import build_library_tab  # noqa: E402
from ui.plan_tab import build_plan_tab  # noqa: E402
from ui.serve import open_for_serving  # noqa: E402
from ui.summarise_tab import build_summarise_tab, document_update  # noqa: E402
from ui.theme import CSS, HEAD, theme  # noqa: E402

TITLE = "Technician Commitment assistant"
CONCURRENCY = 2  # events run at once (2 cores); the rest wait in the queue
QUEUE_SIZE = 64


def _header(ctx: AppContext) -> str:
    documents = ctx.store.documents()
    institutions = {d.institution for d in documents if d.institution}
    return (
        f"# {TITLE}\n"
        f"Ask, draft, plan, check and summarise from past self-assessments, guidance and case studies, "
        f"on this machine. Library: {len(documents)} documents from {len(institutions)} institutions."
    )


def build_app(settings: Settings, store) -> gr.Blocks:
    ctx = AppContext(settings, store)
    # uploaded files sit in Gradio's cache: cleared hourly of anything older than a day
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=(3600, 86400)) as blocks:
        header = gr.Markdown(_header(ctx), elem_classes="tca-title")
        with gr.Tabs():
            with gr.Tab("Ask", id="ask"):
                filters = build_ask_tab(ctx)
            with gr.Tab("Draft", id="draft"):
                build_draft_tab(ctx)
            with gr.Tab("Action plan", id="plan"):
                build_plan_tab(ctx)
            with gr.Tab("Check", id="check"):
                build_check_tab(ctx)
            with gr.Tab("Summarise", id="summarise"):
                summarise_picker = build_summarise_tab(ctx)
            with gr.Tab("Library", id="library") as library_tab:
                library_events = build_library_tab(ctx, library_tab)

        def refresh_choices():
            return (*filter_updates(ctx), document_update(ctx), _header(ctx))

        for event in library_events:
            event.then(refresh_choices, None, [filters.institution, filters.year, summarise_picker, header], api_visibility="private")
    guard_events(blocks)  # internal errors: a short message with a log reference (ui/errors.py)
    blocks.tca_context = ctx
    return blocks


def _auth(settings: Settings) -> tuple[str, str] | None:
    if not settings.auth:
        return None
    user, sep, password = settings.auth.partition(":")
    if not sep or not user or not password:
        raise SettingsError("TCA_AUTH must be 'user:password'")
    return user, password


def launch(blocks: gr.Blocks, settings: Settings, *, prevent_thread_lock: bool = False):
    """Serve on ``settings.host:port`` (127.0.0.1 by default) with the queue on, analytics
    off, no share link, no exception text sent to browsers, and uploads over
    ``TCA_MAX_UPLOAD_MB`` refused; once it listens, the ask service warms up in the background."""
    ctx = getattr(blocks, "tca_context", None)
    served = blocks.queue(default_concurrency_limit=CONCURRENCY, max_size=QUEUE_SIZE).launch(
        server_name=settings.host,
        server_port=settings.port,
        share=False,
        auth=_auth(settings),
        show_error=False,
        max_file_size=settings.max_upload_bytes,
        theme=theme(),
        css=CSS,
        head=HEAD,
        footer_links=["api", "settings"],
        allowed_paths=[str(ctx.downloads)] if ctx is not None else None,
        prevent_thread_lock=True,
        mcp_server=False,
        pwa=False,
    )
    if ctx is not None:
        threading.Thread(target=ctx.warm_up, name="tca-warm-up", daemon=True).start()
    if not prevent_thread_lock:
        blocks.block_thread()
    return served


def serve_app(settings: Settings, with_demo: bool = True, as_json: bool = False) -> None:
    """Start the web app (``tca serve``): the store ready, Gradio bound to loopback with
    analytics off; with ``as_json`` the address is printed as JSON first."""
    store = open_for_serving(settings, with_demo)
    blocks = build_app(settings, store)
    if as_json:
        print(json.dumps({"url": f"http://{settings.host}:{settings.port}/"}), flush=True)
    launch(blocks, settings)


if __name__ == "__main__":
    serve_app(load_settings())
