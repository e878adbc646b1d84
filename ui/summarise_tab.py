"""Summarise: one page on a submission (an ingested one, or an uploaded file): who and
when, key figures, pillars, RAG, the action plan with its timeline chart, strengths and gaps."""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from assistant.errors import USER_ERRORS
from assistant.library import list_documents
from assistant.markup import markdown_text
from assistant.summarise import (
    DocumentNotFoundError,
    NotASubmissionError,
    render_summary_markdown,
    summarise_document,
    summarise_file,
)
from ui import views
from ui.charts import timeline_svg
from ui.check_tab import STAGES
from ui.context import FILE_TYPES, AppContext

SUMMARISABLE = ("submission",)
PROBLEMS = (DocumentNotFoundError, NotASubmissionError, *USER_ERRORS)


def document_update(ctx: AppContext) -> dict:
    return gr.update(choices=views.document_choices(list_documents(ctx.store), SUMMARISABLE))


def build_summarise_tab(ctx: AppContext) -> gr.Dropdown:
    """Returns the document picker (refreshed when the library changes)."""
    gr.Markdown("A one-page summary for a reviewer: pick a submission from the library, or upload one.")
    with gr.Row(equal_height=False):
        with gr.Column(scale=2):
            picker = gr.Dropdown(
                views.document_choices(list_documents(ctx.store), SUMMARISABLE), label="Submission in the library", elem_id="summarise-doc"
            )
            from_library = gr.Button("Summarise this submission", variant="primary", elem_id="summarise-run")
            gr.Markdown("**or**")
            upload = gr.File(label="Upload a submission", file_count="single", file_types=FILE_TYPES, height=120, elem_id="summarise-file")
            stage = gr.Dropdown(STAGES, value="auto", label="Stage (uploads)")
            from_file = gr.Button("Summarise the upload", variant="secondary", elem_id="summarise-upload-run")
        with gr.Column(scale=5):
            summary_view = gr.Markdown('<div class="tca-empty">The summary appears here.</div>', elem_id="summarise-summary")
            gr.Markdown("#### Action-plan timeline")
            chart = gr.HTML('<div class="tca-empty">The timeline of the plan appears here.</div>', elem_id="summarise-chart")

    def render(summary):
        return render_summary_markdown(summary), f'<div class="tca-timeline">{timeline_svg(summary.timeline_items, summary.timeline_title)}</div>'

    def of_document(doc_id):
        if not doc_id:
            return "Pick a submission first.", gr.skip()
        try:
            return render(summarise_document(ctx.ready_store, doc_id, chat_model=ctx.chat_model()))
        except PROBLEMS as exc:
            return f"**Cannot summarise:** {markdown_text(exc)}", ""

    def of_file(path, stage_id):
        if not path:
            return "Upload a file first.", gr.skip()
        try:
            summary = summarise_file(
                Path(path), stage=stage_id or "auto", embedder=ctx.ready_store.embedder, chat_model=ctx.chat_model(),
                raw=ctx.read_upload(Path(path)),
            )
            return render(summary)
        except PROBLEMS as exc:
            return f"**Cannot summarise:** {markdown_text(exc)}", ""

    from_library.click(of_document, picker, [summary_view, chart], api_visibility="private")
    from_file.click(of_file, [upload, stage], [summary_view, chart], api_visibility="private")
    return picker
