"""The Gradio app: a thin adapter over ``assistant/``. Layout and rendering only.

Run with ``tca serve`` (or ``python app.py``); binds to 127.0.0.1 unless configured.
"""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from assistant.settings import Settings, load_settings  # noqa: E402


def _documents_table(store) -> list[list]:
    return [
        [d.doc_id, d.institution or "", d.doc_type, d.stage or "", d.date or "", d.pages, d.chunks, d.actions]
        for d in store.documents()
    ]


def build_app(settings: Settings, store) -> gr.Blocks:
    with gr.Blocks(title="Technician Commitment assistant", analytics_enabled=False) as blocks:
        gr.Markdown("# Technician Commitment assistant\nRetrieval over past self-assessments, guidance and case studies.")
        with gr.Tab("Library"):
            table = gr.Dataframe(
                headers=["id", "institution", "type", "stage", "date", "pages", "chunks", "actions"],
                value=_documents_table(store),
                interactive=False,
            )
            refresh = gr.Button("Refresh")
            refresh.click(lambda: _documents_table(store), outputs=table, api_name="documents")
    return blocks


def launch(blocks: gr.Blocks, settings: Settings) -> None:
    auth = tuple(settings.auth.split(":", 1)) if settings.auth else None
    blocks.queue(default_concurrency_limit=4).launch(
        server_name=settings.host,
        server_port=settings.port,
        share=False,
        auth=auth,
        show_error=True,
    )


if __name__ == "__main__":
    from assistant.serve import serve_app

    serve_app(load_settings())
