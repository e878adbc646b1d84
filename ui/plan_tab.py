"""Action plan: actions other institutions took, ranked for your context, with sources;
pick some, see them on a timeline and export the plan (CSV, DOCX)."""

from __future__ import annotations

from html import escape

import gradio as gr

from assistant.errors import USER_ERRORS
from assistant.markup import markdown_text
from assistant.plan.suggest import suggest_actions
from ui import views
from ui.charts import timeline_svg
from ui.context import AppContext
from ui.export import plan_rows, timeline_items, write_plan_csv, write_plan_docx

EMPTY_CHART = '<div class="tca-empty">Select actions to see them on a timeline.</div>'


def build_plan_tab(ctx: AppContext) -> None:
    gr.Markdown("Suggested actions mined from every action plan, RAG review and case study in the library, merged across institutions and ranked for your context.")
    with gr.Row(equal_height=False):
        with gr.Column(scale=2):
            pillar = gr.Dropdown(views.pillar_choices(ctx.template, "All pillars"), value="", label="Pillar", elem_id="plan-pillar")
            context = gr.Textbox(
                label="Your context", lines=3, elem_id="plan-context",
                placeholder="e.g. research institute, ageing workforce, few apprentices",
            )
            limit = gr.Slider(1, 15, value=6, step=1, label="Suggestions per pillar")
            run = gr.Button("Suggest actions", variant="primary", elem_id="plan-run")
            chosen = gr.CheckboxGroup([], label="Select actions for your plan", elem_id="plan-select")
        with gr.Column(scale=5):
            cards = gr.HTML('<div class="tca-empty">Suggestions appear here.</div>', elem_id="plan-suggestions")
            gr.Markdown("#### Timeline of the selected actions")
            chart = gr.HTML(EMPTY_CHART, elem_id="plan-chart")
            with gr.Row(equal_height=True):
                start = gr.Textbox(placeholder="Start month, e.g. 2026-09", show_label=False, max_lines=1, scale=2)
                export = gr.Button("Export plan", variant="primary", elem_id="plan-export", scale=1)
                csv_file = gr.DownloadButton("⬇ CSV", visible=False, elem_id="plan-csv", scale=1)
                docx_file = gr.DownloadButton("⬇ DOCX", visible=False, elem_id="plan-docx", scale=1)
            status = gr.Markdown()
    found = gr.State([])

    def suggest(pillar_id, text, per_pillar):
        try:
            result = suggest_actions(ctx.ready_store, pillar_id or None, text or "", int(per_pillar), ctx.template)
        except USER_ERRORS as exc:
            return f'<div class="tca-note">{escape(str(exc))}</div>', gr.update(choices=[], value=[]), [], EMPTY_CHART
        suggestions = list(result.suggestions)
        choices = views.suggestion_choices(suggestions, ctx.template)
        return f'<div class="tca-scroll">{views.suggestions_html(suggestions, ctx.template)}</div>', gr.update(choices=choices, value=[]), suggestions, EMPTY_CHART

    def selected(indexes, suggestions):
        return [suggestions[i] for i in sorted(indexes or []) if 0 <= i < len(suggestions)]

    def draw(indexes, suggestions, month):
        picked = selected(indexes, suggestions)
        if not picked:
            return EMPTY_CHART
        try:
            rows = plan_rows(picked, views.parse_month(month), template=ctx.template)
        except ValueError as exc:
            return f'<div class="tca-note">{escape(str(exc))}</div>'
        return f'<div class="tca-timeline">{timeline_svg(timeline_items(rows), "Your action plan")}</div>'

    def export_plan(indexes, suggestions, month):
        hidden = gr.update(visible=False)
        picked = selected(indexes, suggestions)
        if not picked:
            return "Select at least one action first.", hidden, hidden
        try:
            rows = plan_rows(picked, views.parse_month(month), template=ctx.template)
        except ValueError as exc:
            return markdown_text(exc), hidden, hidden
        csv_path = write_plan_csv(rows, ctx.download_path("action-plan.csv"))
        docx_path = write_plan_docx(rows, ctx.download_path("action-plan.docx"))
        return (
            f"Plan of {len(rows)} action{'s' if len(rows) != 1 else ''} ready to download.",
            gr.update(value=str(csv_path), visible=True),
            gr.update(value=str(docx_path), visible=True),
        )

    run.click(suggest, [pillar, context, limit], [cards, chosen, found, chart], api_visibility="private")
    chosen.change(draw, [chosen, found, start], chart, api_visibility="private")
    start.submit(draw, [chosen, found, start], chart, api_visibility="private")
    export.click(export_plan, [chosen, found, start], [status, csv_file, docx_file], api_visibility="private")
