"""An answer shaped for the app's Ask tab: citations [n] as links to source cards, each
card with its passage and the quoted words highlighted, the related block, and the
answer with its sources as Markdown and JSON. Document text is escaped before it goes
into HTML (ui/views.py has the shared labels)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape

from assistant.answer import Answer, Source
from assistant.ask.conversation import Turn
from assistant.markup import markdown_text
from ui.views import esc

_CITATION = re.compile(r"\[(\d{1,3})\]")


_WORD = re.compile(r"[^\W_]+")


_FRAGMENT_BREAK = re.compile(r"\s+[—–]\s+|…|\.\.\.|\s*\|\s*|\n+")


_SENTENCE_END = re.compile(r"[.!?…]+[\"”’)]?")


MIN_FRAGMENT_WORDS = 2


def source_anchor(turn: int, n: int) -> str:
    return f"tca-t{turn}-s{n}"


def linked_answer(text: str, turn: int, known: Iterable[int] | None = None) -> str:
    """The answer's Markdown for the chat, escaped, with each ``[n]`` a link that opens
    source card n of this turn (a ``[n]`` that is not a known citation stays plain)."""
    known_set = set(known) if known is not None else None

    pieces, end = [], 0
    for match in _CITATION.finditer(text):
        n = int(match.group(1))
        pieces.append(markdown_text(text[end : match.start()]))
        if known_set is not None and n not in known_set:
            pieces.append(markdown_text(match.group(0)))
        else:
            anchor = source_anchor(turn, n)
            pieces.append(f'<a class="tca-cite" href="#{anchor}" data-card="{anchor}" title="Open source {n}">[{n}]</a>')
        end = match.end()
    return "".join(pieces) + markdown_text(text[end:])


def answer_message(answer: Answer, turn: int) -> str:
    """The final chat message for an answer: cited text, any notes, and the weaker
    matches collapsed apart (never cited, never counted)."""
    body = linked_answer(answer.text, turn, [c.n for c in answer.citations])
    notes = "".join(f"\n\n*{markdown_text(note)}*" for note in answer.notes)
    return body + notes + related_block(answer)


def related_block(answer: Answer) -> str:
    if not answer.related:
        return ""
    items = "".join(
        f'<li><strong>{esc(r.institution)}</strong>: “{esc(r.quote)}” <span class="tca-card-where">({esc(r.found_in)})</span></li>'
        for r in answer.related
    )
    return (
        f'\n\n<details class="tca-related"><summary>Possibly related ({len(answer.related)}), '
        f"not counted or cited</summary><ul>{items}</ul></details>"
    )


def _quote_spans(passage: str, quote: str) -> list[tuple[int, int]]:
    """Where the quote's pieces are in the passage: each piece (a sentence, a table cell)
    matched word by word, whatever the punctuation and spacing between the words."""
    spans: list[tuple[int, int]] = []
    for fragment in _FRAGMENT_BREAK.split(quote or ""):
        found = _WORD.findall(fragment)
        if len(found) < MIN_FRAGMENT_WORDS and not (found and len(found[0]) > 3 and fragment.strip() == quote.strip()):
            continue
        pattern = r"[\W_]+".join(re.escape(w) for w in found)
        match = re.search(rf"(?<![^\W_]){pattern}(?![^\W_])", passage, flags=re.IGNORECASE)
        if match:
            end = match.end()
            tail = _SENTENCE_END.match(passage, end)
            spans.append((match.start(), tail.end() if tail else end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + 3:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight_passage(passage: str, quote: str) -> str:
    """The passage as escaped HTML with the quoted sentence(s) in ``<mark>``."""
    parts, position = [], 0
    for start, end in _quote_spans(passage, quote):
        parts.append(escape(passage[position:start]))
        parts.append(f"<mark>{escape(passage[start:end])}</mark>")
        position = end
    parts.append(escape(passage[position:]))
    return "".join(parts)


def source_card(source: Source, anchor: str, label: str, quote: str = "", cited: bool = True) -> str:
    """One source: a header (click to open) and, when open, where it is and the passage
    with the quoted sentence highlighted. A passage read by OCR, or from a page fetched
    from the web, says so (and links the address)."""
    who = esc(source.institution or "Unattributed")
    pages = source.pages
    facts = [
        ("Institution", source.institution or "not named"),
        ("Document", source.document),
        ("File", source.file),
        ("Page", pages.replace("p. ", "").replace("pp. ", "") if pages else "n/a"),
        ("Section", source.section or "n/a"),
    ]
    if source.ocr:
        facts.append(("Read by", "OCR from a scanned page: check figures against the original"))
    rows = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in facts)
    if source.url:
        rows += f'<dt>Fetched from</dt><dd><a href="{esc(source.url)}" rel="noopener noreferrer" target="_blank">{esc(source.url)}</a></dd>'
    kind = "cited" if cited else "retrieved"
    badge = '<span class="tca-ocr"> · read by OCR</span>' if source.ocr else ""
    return (
        f'<div class="tca-card tca-card-{kind}" id="{anchor}">'
        f'<a class="tca-card-head" href="#{anchor}" data-card="{anchor}">'
        f'<span class="tca-n">{esc(label)}</span> <strong>{who}</strong>'
        f'<span class="tca-card-where"> · {esc(source.document)}{" · " + esc(pages) if pages else ""}</span>{badge}</a>'
        f'<div class="tca-card-body"><dl class="tca-facts">{rows}</dl>'
        f'<div class="tca-passage">{highlight_passage(source.passage, quote)}</div></div></div>'
    )


def turn_sources(answer: Answer, turn: int) -> str:
    """The cards for one answer: cited sources numbered as in the answer, then the other
    passages retrieved (listed apart, never as cited)."""
    cited_ids = {c.source.chunk_id for c in answer.citations}
    cited = [
        source_card(c.source, source_anchor(turn, c.n), f"[{c.n}]", c.quote, cited=True)
        for c in sorted(answer.citations, key=lambda c: c.n)
    ]
    others = [s for s in answer.sources if s.chunk_id not in cited_ids]
    parts = [f'<h4 class="tca-turn-q">{esc(answer.question)}</h4>']
    if cited:
        parts.append(f'<p class="tca-sub">Cited ({len(cited)})</p>' + "".join(cited))
    else:
        parts.append('<p class="tca-sub">Nothing cited: the corpus has no passage that answers this.</p>')
    if others:
        cards = "".join(source_card(s, f"tca-t{turn}-r{i}", "·", cited=False) for i, s in enumerate(others, 1))
        parts.append(f'<details class="tca-also"><summary>Also retrieved, not cited ({len(others)})</summary>{cards}</details>')
    return f'<section class="tca-turn" data-turn="{turn}">{"".join(parts)}</section>'


def sources_panel(turns: Sequence[Turn]) -> str:
    """Every turn's sources, the latest first."""
    if not turns:
        return '<div class="tca-sources tca-empty">Sources appear here: click a citation such as [1] in an answer to open its passage.</div>'
    sections = [turn_sources(t.answer, i) for i, t in reversed(list(enumerate(turns, start=1)))]
    return f'<div class="tca-sources">{"".join(sections)}</div>'


def sources_json(answer: Answer) -> list[dict]:
    """The API's source list: cited sources (``cited: true``, numbered as in the answer)
    with their passages, then the other passages retrieved (``n`` null)."""
    cited_ids = {c.source.chunk_id for c in answer.citations}
    items = [c.to_json() | {"cited": True, "passage": c.source.passage} for c in sorted(answer.citations, key=lambda c: c.n)]
    for source in answer.sources:
        if source.chunk_id not in cited_ids:
            items.append({
                "n": None, "cited": False, "institution": source.institution, "document": source.document,
                "file": source.file, "doc_id": source.doc_id, "page": source.page, "section": source.section,
                "quote": "", "passage": source.passage, "ocr": source.ocr, "url": source.url,
            })
    return items


def answer_with_sources_markdown(answer: Answer) -> str:
    """The answer as plain Markdown with its cited sources listed under it (for the API)."""
    lines = [answer.text.rstrip()]
    if answer.citations:
        lines += ["", "**Sources**", ""]
        for c in sorted(answer.citations, key=lambda c: c.n):
            lines.append(f"[{c.n}] {c.source.where}")
    return "\n".join(lines) + "\n"
