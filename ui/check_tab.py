"""Check: a draft against the template, every check coloured by status with where, why,
how to fix and peers' examples; the report downloadable as Markdown or JSON."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

import gradio as gr

from assistant.check import StageUnknownError, check_file, render_markdown
from assistant.errors import USER_ERRORS
from ui import views
from ui.context import FILE_TYPES, AppContext

STAGES = [("Detect automatically", "auto"), ("Initial", "initial"), ("Stage Two", "stage_two"), ("Renewal", "renewal")]


def build_check_tab(ctx: AppContext) -> None:
    gr.Markdown("Upload a draft self-assessment (PDF, DOCX, TXT or MD). Each check of the template is marked **present**, **weak**, **missing**, **attached** or **not applicable**, with where, why, how to fix it and how peers answered.")
    with gr.Row(equal_height=False):
        with gr.Column(scale=2):
            draft = gr.File(label="Draft", file_count="single", file_types=FILE_TYPES, elem_id="check-file", height=130)
            stage = gr.Dropdown(STAGES, value="auto", label="Stage")
            file_name = gr.Textbox(label="File name you will submit under (optional)", placeholder="e.g. Northmoor_TC_Initial_2025.pdf")
            examples = gr.Checkbox(value=True, label="Quote peers' answers for each gap")
            run = gr.Button("Check draft", variant="primary", elem_id="check-run")
            with gr.Row():
                md_file = gr.DownloadButton("⬇ Report (.md)", visible=False, elem_id="check-md")
                json_file = gr.DownloadButton("⬇ Report (.json)", visible=False, elem_id="check-json")
        with gr.Column(scale=5):
            report_view = gr.HTML('<div class="tca-empty">The report appears here.</div>', elem_id="check-report")

    def check(path, stage_id, with_examples, submit_name):
        hidden = gr.update(visible=False)
        if not path:
            return '<div class="tca-empty">Upload a draft first.</div>', hidden, hidden
        try:
            report = check_file(
                Path(path), stage_id or "auto", store=ctx.ready_store, with_examples=bool(with_examples),
                intended_filename=(submit_name or "").strip() or None, raw=ctx.read_upload(Path(path)),
            )
        except (StageUnknownError, *USER_ERRORS) as exc:
            return f'<div class="tca-note">Could not check {escape(Path(path).name)}: {escape(str(exc))}</div>', hidden, hidden
        stem = Path(report.file).stem or "draft"
        md_path = ctx.download_path(f"{stem}-check.md")
        md_path.write_text(render_markdown(report), encoding="utf-8")
        json_path = ctx.download_path(f"{stem}-check.json")
        json_path.write_text(json.dumps(report.to_json(), indent=2, ensure_ascii=False), encoding="utf-8")
        return (
            views.check_report_html(report, ctx.template),
            gr.update(value=str(md_path), visible=True),
            gr.update(value=str(json_path), visible=True),
        )

    run.click(check, [draft, stage, examples, file_name], [report_view, md_file, json_file], api_visibility="private")
