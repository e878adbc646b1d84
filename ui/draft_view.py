"""HTML for the Draft tab: the draft with each statement marked (its id, the element it
serves, whether it would be cut first) and each placeholder highlighted; the coverage
per element with peers' sentences; the answer to the last question about peers; peers'
whole answers; the cited passages. It renders a ``Draft``; it decides nothing."""

from __future__ import annotations

import re
from html import escape

from assistant.draft.model import Draft, ElementDraft, PeerAnswer, Statement
from ingest.structure.lines import pillar_label
from ui.views import status_badge

EMPTY = '<div class="tca-empty">Pick a question, write your notes and press Draft.</div>'
_PLACEHOLDER = re.compile(r"\[add\b[^\]]*\]", re.I)


def _e(text: object) -> str:
    return escape("" if text is None else str(text))


def draft_html(draft: Draft) -> str:
    parts = [
        f'<div class="tca-draft"><h3>{_e(draft.title)} <code>{_e(draft.question_id)}</code></h3>',
        f'<p class="tca-asks">{_e(draft.asks)}</p>',
        f'<div class="tca-draft-text" id="draft-text">{text_html(draft)}</div>',
        f'<p class="tca-sub">{_words_line(draft)}</p>',
    ]
    if draft.warnings or draft.untraceable:
        items = [f"<p>⚠ {_e(w)}</p>" for w in draft.warnings]
        items += [f"<p>not traceable to your notes: <q>{_e(s)}</q></p>" for s in draft.untraceable]
        parts.append('<div class="tca-warnings">' + "".join(items) + "</div>")
    parts.append(_last_answer(draft))
    covered = sum(1 for e in draft.elements if not e.missing)
    parts.append(f"<h4>Coverage · {covered} of {len(draft.elements)} covered</h4>")
    parts += [_element_html(draft, e) for e in draft.elements]
    parts.append(_left_out(draft))
    parts.append(peer_answers_html(draft.peer_answers))
    if draft.exemplars:
        items = "".join(
            f'<li id="draft-x{x.n}">[{x.n}] <strong>{_e(x.institution)}</strong> · {_e(x.document)}'
            f"{f' ({x.year})' if x.year else ''}{f', p. {x.page}' if x.page else ''}: <q>{_e(x.quote)}</q></li>"
            for x in draft.exemplars
        )
        parts.append(f'<h4>Peer passages (other institutions\' work, for reference only)</h4><ul class="tca-exemplars">{items}</ul>')
    return "".join(parts) + "</div>"


def text_html(draft: Draft) -> str:
    """The text with statements as marked spans and placeholders highlighted."""
    spans = sorted((s for s in draft.statements if s.start >= 0), key=lambda s: s.start)
    out, at = [], 0
    for statement in spans:
        if statement.start < at:
            continue  # a model sentence traced to two statements is marked once
        out.append(_plain(draft.text[at : statement.start]))
        out.append(_statement_span(statement, draft.text[statement.start : statement.end]))
        at = statement.end
    out.append(_plain(draft.text[at:]))
    return "".join(out)


def _plain(text: str) -> str:
    html, at = [], 0
    for match in _PLACEHOLDER.finditer(text):
        html.append(_lines(text[at : match.start()]))
        html.append(f'<mark class="tca-placeholder">{_e(match.group())}</mark>')
        at = match.end()
    html.append(_lines(text[at:]))
    return "".join(html)


def _lines(text: str) -> str:
    """Line breaks kept; a line that is a pillar's name shown as a heading."""
    lines = text.split("\n")
    return "<br>".join(f"<strong>{_e(line)}</strong>" if pillar_label(line) else _e(line) for line in lines)


def _statement_span(statement: Statement, shown: str) -> str:
    where = f"{statement.element}" + (f" ({statement.pillar})" if statement.pillar else "")
    classes = "tca-st" + (" tca-cut-first" if statement.cut_first else "")
    title = f"{statement.id} → {where}" + (" · would be cut first" if statement.cut_first else "")
    return f'<span class="{classes}" data-id="{_e(statement.id)}" title="{_e(title)}">{_e(shown)}<sup>{_e(statement.id)}</sup></span>'


def _words_line(draft: Draft) -> str:
    limits = []
    if draft.word_limit:
        limits.append(f"form limit {draft.word_limit}")
    if draft.target_words:
        limits.append(f"your length {draft.target_words}")
    shown = f" ({', '.join(limits)})" if limits else ""
    mode = "rewritten by the language model" if draft.mode == "llm" else "your statements, no model"
    return f"{draft.word_count} words{_e(shown)} · {_e(mode)} · session <code>{_e(draft.session)}</code>"


def _last_answer(draft: Draft) -> str:
    if not draft.turns or draft.turns[-1].kind != "ask":
        return ""
    turn = draft.turns[-1]
    quotes = "".join(
        f"<li><q>{_e(x.quote)}</q> — {_e(x.institution)}{f', p. {x.page}' if x.page else ''} "
        f'<a class="tca-cite" href="#draft-x{x.n}">[{x.n}]</a></li>'
        for x in map(draft.exemplar, turn.cited)
    )
    head = _e(turn.reply.split("\n")[0])
    return f'<div class="tca-examples tca-draft-answer"><p><strong>{_e(turn.instruction)}</strong></p><p>{head}</p><ul>{quotes}</ul></div>'


def _element_html(draft: Draft, element: ElementDraft) -> str:
    status = element.coverage
    statements = " ".join(f"<code>{_e(i)}</code>" for i in element.statements)
    examples = "".join(
        f"<li><q>{_e(x.quote)}</q> — {_e(x.institution)} [{x.n}]</li>" for x in map(draft.exemplar, element.examples)
    )
    return (
        f'<div class="tca-element tca-border-{_e(status)}"><div>{status_badge(status)} <code>{_e(element.id)}</code> '
        f'<span class="tca-sev">{_e(element.severity.replace("_", " "))}</span> {statements}</div>'
        f"<p>{_e(element.expects)}</p>"
        + (f'<p class="tca-fix"><strong>To add:</strong> {_e(element.fix)}</p>' if element.missing else "")
        + (f'<p class="tca-sub">Checker: {_e(element.reason)}</p>' if element.reason else "")
        + (f'<details><summary>How peers wrote it</summary><ul class="tca-practice">{examples}</ul></details>' if examples else "")
        + "</div>"
    )


def _left_out(draft: Draft) -> str:
    cut = [s for s in draft.statements if s.cut]
    parts = []
    if cut:
        items = "".join(f"<li><code>{_e(s.id)}</code> {_e(s.text)}</li>" for s in cut)
        parts.append(f"<h4>Left out to meet your length</h4><ul>{items}</ul>")
    if draft.dropped:
        items = "".join(f"<li><code>{_e(s.id)}</code> {_e(s.text)}</li>" for s in draft.dropped)
        parts.append(f"<h4>Dropped</h4><ul>{items}</ul>")
    return "".join(parts)


def peer_answers_html(answers: list[PeerAnswer]) -> str:
    if not answers:
        return '<h4>Peers\' answers</h4><p class="tca-sub">No other institution\'s answer to this question is in the library.</p>'
    rows = []
    for answer in answers:
        pages = f"{answer.page_start}" + (f"-{answer.page_end}" if answer.page_end and answer.page_end != answer.page_start else "")
        covered = " ".join(f"<code>{_e(c.rsplit('.', 1)[-1])}</code>" for c in answer.covered) or "none"
        rows.append(
            f'<details class="tca-peer-answer"><summary><strong>{_e(answer.institution)}</strong> · {_e(answer.stage)} '
            f"{_e(answer.year)} · {_e(answer.question_id)} · p. {_e(pages)} · {answer.words} words · covers {covered}</summary>"
            f'<div class="tca-passage">{_e(answer.text)}</div></details>'
        )
    return f"<h4>Peers' answers to this question ({len(answers)}), best covered first</h4>" + "".join(rows)


def draft_reply(draft: Draft) -> str:
    """The chat's reply after the first draft."""
    placed = len([s for s in draft.statements if s.start >= 0])
    done = f"Drafted from {placed} statement(s) of your notes."
    if draft.missing:
        return f"{done} Still missing: {', '.join(draft.missing)}."
    return f"{done} Every element the question expects is covered."
