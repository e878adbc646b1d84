"""Ask: a chat over the corpus with streaming answers, filters beside it, and the sources
panel where each citation [n] opens its card. Also the ``/ask`` API endpoint."""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from assistant.answer import Answer
from assistant.ask.conversation import Turn
from assistant.ask.filters import FilterError, parse_filters
from assistant.errors import USER_ERRORS
from assistant.markup import markdown_text
from ui import answer_view, views
from ui.context import AppContext
from ui.errors import user_error

EXAMPLES = [
    "How have others addressed apprenticeships?",
    "What have institutions done about technician career pathways?",
    "How do institutions recognise technicians through awards?",
]


@dataclass
class AskFilters:
    pillar: gr.Dropdown
    stage: gr.Dropdown
    institution: gr.Dropdown
    doc_type: gr.Dropdown
    year: gr.Dropdown

    @property
    def inputs(self) -> list:
        return [self.pillar, self.stage, self.institution, self.doc_type, self.year]


def filter_updates(ctx: AppContext) -> tuple[dict, dict]:
    """Fresh institution and year choices (after the library changes)."""
    institutions, years = views.read_filter_options(ctx.store)
    return (
        gr.update(choices=[("Any institution", "")] + [(i, i) for i in institutions]),
        gr.update(choices=[("Any year", "")] + [(str(y), str(y)) for y in years]),
    )


def _filters(pillar, stage, institution, doc_type, year):
    if year and not str(year).strip().isdigit():
        raise FilterError(f"the year must be a number such as 2024, not '{year}'")
    return parse_filters(pillar or None, stage or None, institution or None, doc_type or None, int(year) if year else None)


def build_ask_tab(ctx: AppContext) -> AskFilters:
    institutions, years = views.read_filter_options(ctx.store)
    gr.Markdown("Ask how other institutions approached something. Answers quote the corpus and cite each passage: click a citation such as **[1]** to open its source.")
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=200):
            gr.Markdown("#### Filters")
            filters = AskFilters(
                pillar=gr.Dropdown(views.pillar_choices(ctx.template), value="", label="Pillar", elem_id="ask-pillar"),
                stage=gr.Dropdown(views.stage_choices(ctx.template), value="", label="Stage", elem_id="ask-stage"),
                institution=gr.Dropdown(
                    [("Any institution", "")] + [(i, i) for i in institutions], value="", label="Institution", elem_id="ask-institution"
                ),
                doc_type=gr.Dropdown(views.doc_type_choices(), value="", label="Document type", elem_id="ask-doctype"),
                year=gr.Dropdown([("Any year", "")] + [(str(y), str(y)) for y in years], value="", label="Year", elem_id="ask-year"),
            )
        with gr.Column(scale=4):
            chat = gr.Chatbot(
                label="Conversation", height=560, elem_id="ask-chat", sanitize_html=True,
                buttons=["copy"], feedback_options=None, placeholder="Ask a question to start.",
            )
            with gr.Row():
                question = gr.Textbox(
                    placeholder="e.g. How have others addressed apprenticeships?", show_label=False,
                    scale=6, elem_id="ask-input", autofocus=True,
                )
                send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask-send")
            gr.Examples(EXAMPLES, inputs=question, label="Try")
            clear = gr.Button("New conversation", size="sm", variant="secondary")
        with gr.Column(scale=3):
            gr.Markdown("#### Sources")
            sources = gr.HTML(answer_view.sources_panel([]), elem_id="ask-sources")
    turns = gr.State([])

    def respond(text, pillar, stage, institution, doc_type, year, messages, history):
        text = (text or "").strip()
        if not text:
            yield messages, gr.skip(), history, ""
            return
        messages = list(messages or []) + [{"role": "user", "content": markdown_text(text)}, {"role": "assistant", "content": "…"}]
        turn = len(history) + 1
        try:
            filters = _filters(pillar, stage, institution, doc_type, year)
            streamed = ""
            for piece in ctx.ask.stream(text, filters, history):
                if isinstance(piece, Answer):
                    history = history + [Turn(text, piece)]
                    messages[-1] = {"role": "assistant", "content": answer_view.answer_message(piece, turn)}
                    yield messages, answer_view.sources_panel(history), history, ""
                    return
                streamed += piece
                messages[-1] = {"role": "assistant", "content": answer_view.linked_answer(streamed, turn)}
                yield messages, gr.skip(), history, ""
        except (FilterError, *USER_ERRORS) as exc:
            messages[-1] = {"role": "assistant", "content": f"**Could not answer:** {markdown_text(exc)}"}
            yield messages, gr.skip(), history, ""

    inputs = [question, *filters.inputs, chat, turns]
    outputs = [chat, sources, turns, question]
    send.click(respond, inputs, outputs, api_visibility="private")
    question.submit(respond, inputs, outputs, api_visibility="private")
    clear.click(lambda: ([], answer_view.sources_panel([]), [], ""), None, outputs, api_visibility="private")
    _register_api(ctx)
    return filters


def _register_api(ctx: AppContext) -> None:
    def ask(
        question: str, pillar: str = "", stage: str = "", institution: str = "", doc_type: str = "", year: str = ""
    ) -> tuple[str, list[dict]]:
        """Answer a question from the corpus: the answer as Markdown with [n] citations and
        its cited sources listed under it, and the sources as a list (cited first)."""
        try:
            filters = _filters(pillar, stage, institution, doc_type, year)
        except FilterError as exc:
            raise user_error(str(exc)) from exc
        answer = ctx.ask.ask(question, filters)
        return answer_view.answer_with_sources_markdown(answer), answer_view.sources_json(answer)

    gr.api(ask, api_name="ask")
