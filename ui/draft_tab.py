"""Draft: one answer of the form from your notes, with peers' whole answers beside it and
a chat to refine it in turns (add notes, drop or move a statement, set a length, ask how
others wrote an element); export to Word or Markdown. Sessions are saved under the data
dir, so ``tca draft --continue ID`` can pick one up."""

from __future__ import annotations

from html import escape

import gradio as gr

from assistant.draft import DraftError, DraftSession, write_draft_docx, write_draft_markdown
from assistant.errors import USER_ERRORS
from assistant.markup import markdown_text
from ui import views
from ui.context import AppContext
from ui.draft_view import EMPTY, draft_html, draft_reply

TURN_HINT = "also: <more notes> · drop s3 · move s2 to reporting · 150 words · how did others evidence this?"


def build_draft_tab(ctx: AppContext) -> None:
    mode = (
        "a language model rewrites your statements as prose; every sentence is traced back to your notes"
        if ctx.settings.llm else
        "your notes become the draft: each statement placed once under the element it serves, a placeholder for each missing one"
    )
    gr.Markdown(f"Draft one answer of the form from your notes ({mode}). Peers' answers to the same question appear beside it.")
    first_stage = "initial"
    with gr.Row(equal_height=False):
        with gr.Column(scale=2):
            stage = gr.Dropdown(views.stage_choices(ctx.template, any_label=None), value=first_stage, label="Stage", elem_id="draft-stage")
            question = gr.Dropdown(
                views.question_choices(first_stage, ctx.template), value=f"{first_stage}.q1", label="Question", elem_id="draft-question"
            )
            institution = gr.Textbox(label="Your institution (never shown as its own peer)", max_lines=1, elem_id="draft-institution")
            notes = gr.Textbox(
                label="Your notes", lines=10, elem_id="draft-notes",
                placeholder="Lines, bullets or a paragraph: figures, names, what you did, what technicians said…",
            )
            run = gr.Button("Draft", variant="primary", elem_id="draft-run")
            export = gr.Button("Export", elem_id="draft-export")
            with gr.Row():
                docx_file = gr.DownloadButton("⬇ DOCX", visible=False, elem_id="draft-docx")
                md_file = gr.DownloadButton("⬇ Markdown", visible=False, elem_id="draft-md")
        with gr.Column(scale=5):
            gr.Markdown("#### Refine")
            chat = gr.Chatbot(height=220, show_label=False, feedback_options=None, buttons=["copy"], placeholder=TURN_HINT, elem_id="draft-chat")
            with gr.Row():
                message = gr.Textbox(placeholder=TURN_HINT, show_label=False, scale=6, elem_id="draft-message")
                send = gr.Button("Send", scale=1, elem_id="draft-send")
            view = gr.HTML(EMPTY, elem_id="draft-view")
    session = gr.State(None)

    def start(question_id, own, text):
        try:
            drafting = DraftSession(
                ctx.template.question(question_id), ctx.ready_store, ctx.chat_model(), (own or "").strip() or None, ctx.template,
                data_dir=ctx.settings.data_dir,
            )
            draft = drafting.start(text or "")
        except (DraftError, KeyError, *USER_ERRORS) as exc:
            return f'<div class="tca-note">{escape(str(exc))}</div>', None, []
        return draft_html(draft), drafting, [{"role": "assistant", "content": markdown_text(draft_reply(draft))}]

    def refine(instruction, drafting, messages):
        instruction = (instruction or "").strip()
        if not instruction:
            return gr.skip(), drafting, messages, ""
        messages = list(messages or []) + [{"role": "user", "content": markdown_text(instruction)}]
        if drafting is None:
            return gr.skip(), drafting, messages + [{"role": "assistant", "content": "Press Draft first."}], ""
        try:
            draft = drafting.refine(instruction)
        except (DraftError, *USER_ERRORS) as exc:
            return gr.skip(), drafting, messages + [{"role": "assistant", "content": markdown_text(exc)}], ""
        reply = markdown_text(draft.turns[-1].reply).replace("\n", "<br>")
        return draft_html(draft), drafting, messages + [{"role": "assistant", "content": reply}], ""

    def export_draft(drafting):
        hidden = gr.update(visible=False)
        if drafting is None or drafting.draft is None:
            return hidden, hidden
        name = drafting.draft.question_id.replace(".", "-")
        docx_path = write_draft_docx(drafting.draft, ctx.download_path(f"{name}.docx"))
        md_path = write_draft_markdown(drafting.draft, ctx.download_path(f"{name}.md"))
        return gr.update(value=str(docx_path), visible=True), gr.update(value=str(md_path), visible=True)

    stage.change(
        lambda s: gr.update(choices=views.question_choices(s, ctx.template), value=f"{s}.q1"), stage, question, api_visibility="private"
    )
    run.click(start, [question, institution, notes], [view, session, chat], api_visibility="private")
    send.click(refine, [message, session, chat], [view, session, chat, message], api_visibility="private")
    message.submit(refine, [message, session, chat], [view, session, chat, message], api_visibility="private")
    export.click(export_draft, session, [docx_file, md_file], api_visibility="private")
