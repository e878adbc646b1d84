"""The model path: a configured language model rewrites the composed statements as
prose, turn by turn.

The model is given the notes (as numbered statements), the element list and peers'
sentences, each inside its own delimited block and escaped, as data it must not take
instructions from. It must not add facts: every sentence of its text is traced back to a
statement by meaning (and its figures to the notes); a sentence that cannot be traced is
listed as untraceable and shown to the user, as are figures the notes do not hold and
peers' names.
"""

from __future__ import annotations

import re
from dataclasses import replace
from html import escape

import numpy as np

from assistant.check.answer_text import judge_answer_text
from assistant.draft.compose import PLACEHOLDER, element_drafts
from assistant.draft.model import Draft, ElementDraft
from assistant.draft.statements import word_count
from assistant.draft.vectors import VectorCache
from domain import Question, Template, fold
from ingest.chunk import split_sentences
from ingest.structure.lines import pillar_label
from prompts import load_prompt

# A model sentence whose meaning is this close to a statement restates it (MiniLM:
# paraphrases score well above, unrelated sentences of the same topic well below).
TRACE_MIN = 0.5
_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?%?")
_FENCED = re.compile(r"```[a-zA-Z]*\n(.*)\n```", re.S)


def first_messages(question: Question, template: Template, draft: Draft) -> list[tuple[str, str]]:
    user = load_prompt("draft_user").render(
        stage=template.stage(question.stage_id).name, title=question.title, asks=question.asks,
        complete_answer=question.complete_answer, elements=format_elements(draft.elements),
        word_limit=length_line(draft), notes=format_statements(draft), examples=format_examples(draft),
    )
    return [("system", load_prompt("draft_system").render()), ("human", user)]


def revision_message(question: Question, draft: Draft, instruction: str) -> tuple[str, str]:
    missing = [e for e in draft.elements if e.missing]
    return ("human", load_prompt("draft_refine").render(
        instruction=escape(instruction, quote=False), word_limit=length_line(draft), notes=format_statements(draft),
        missing=format_elements(missing) if missing else "(nothing: every element the checker looks for is there)",
    ))


def reply(chat_model, messages: list[tuple[str, str]]) -> str:
    """The model's answer to the conversation (appended to it), without a code fence."""
    answer = chat_model.invoke(list(messages))
    content = answer.content if isinstance(answer.content, str) else "".join(
        part.get("text", "") for part in answer.content if isinstance(part, dict)
    )
    text = content.strip()
    fenced = _FENCED.fullmatch(text)
    text = (fenced.group(1) if fenced else text).strip()
    messages.append(("ai", text))
    return text


# --- prompts' parts ---------------------------------------------------------------------------------


def format_statements(draft: Draft) -> str:
    """The statements, numbered, escaped so that they cannot close the block they sit in."""
    lines = [f"[{s.id}] ({s.element}) {escape(s.text, quote=False)}" for s in draft.statements if not s.cut]
    return "\n".join(lines) or "(no notes given)"


def format_elements(elements: list[ElementDraft]) -> str:
    lines = []
    for element in elements:
        state = "MISSING from the notes" if element.missing else "covered"
        lines.append(f"- {element.id} ({element.severity}, {state}): {element.expects}")
    return "\n".join(lines)


def format_examples(draft: Draft) -> str:
    """Peers' sentences as untrusted data, each tagged with whose it is."""
    blocks = [
        f'<example n="{x.n}" institution="{escape(x.institution)}" element="{escape(x.element)}">\n'
        f"{escape(x.quote, quote=False)}\n</example>"
        for x in draft.exemplars
    ]
    return "\n".join(blocks) or "(no peer examples in the library)"


def length_line(draft: Draft) -> str:
    if draft.limit:
        return f"The answer must not exceed {draft.limit} words."
    return "The form sets no word limit for this answer; keep it as short as the content allows."


# --- the model's text as the draft -------------------------------------------------------------------


def as_model_draft(draft: Draft, text: str, question: Question, template: Template, vectors: VectorCache) -> Draft:
    """The draft with the model's text: statements traced into it, the checker's verdict
    on it, and warnings for what the notes do not support."""
    spans = sentence_spans(text)
    traced, untraceable = trace(spans, draft, vectors)
    statements = [replace(s, start=traced[s.id][0], end=traced[s.id][1]) if s.id in traced else replace(s, start=-1, end=-1)
                  for s in draft.statements]
    serving: dict[str, list[tuple[str, str]]] = {}
    for s in statements:
        if s.start >= 0:
            serving.setdefault(s.element, []).append((s.id, s.text))
    results = {r.id: r for r in judge_answer_text(question, PLACEHOLDER.sub("", text), template)}
    examples = {e.id: e.examples for e in draft.elements}
    elements = [replace(e, examples=examples.get(e.id, ())) for e in element_drafts(question, results, serving)]
    words = word_count(PLACEHOLDER.sub("", text))
    warnings = [w for w in draft.warnings if "words:" not in w]
    if draft.limit and words > draft.limit:
        warnings.append(f"{words} words: over the {draft.limit}-word limit")
    warnings += model_warnings(text, draft, untraceable)
    return replace(draft, text=text, statements=statements, elements=elements, word_count=words,
                   warnings=warnings, untraceable=untraceable)


def sentence_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, sentence) of each sentence of the text; headings and placeholders skipped."""
    spans = []
    offset = 0
    for line in text.split("\n"):
        for sentence in split_sentences(line):
            start = text.find(sentence, offset)
            offset = start + len(sentence)
            plain = PLACEHOLDER.sub("", sentence).strip(" -•*")
            if len(plain.split()) >= 2 and not pillar_label(plain):
                spans.append((start, offset, plain))
    return spans


def trace(spans: list[tuple[int, int, str]], draft: Draft, vectors: VectorCache) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """Each model sentence to the statement it restates (by meaning, with its figures in
    the notes); returns the first span per statement and the sentences nothing supports."""
    statements = [s for s in draft.statements if not s.cut]
    if not spans:
        return {}, []
    if not statements:
        return {}, [plain for _, _, plain in spans]
    similarity = vectors([p for _, _, p in spans]) @ vectors([s.text for s in statements]).T
    if vectors.embedder is None:  # no embedder: a sentence is traced by shared words
        similarity = np.array([[_overlap(p, s.text) for s in statements] for _, _, p in spans])
    known = set(_FIGURE.findall(" ".join(draft.notes)))
    traced: dict[str, tuple[int, int]] = {}
    untraceable = []
    for (start, end, plain), row in zip(spans, similarity, strict=True):
        best = int(np.argmax(row))
        if row[best] < TRACE_MIN or not set(_FIGURE.findall(plain)) <= known:
            untraceable.append(plain)
            continue
        traced.setdefault(statements[best].id, (start, end))
    return traced, untraceable


def _overlap(one: str, other: str) -> float:
    a, b = set(fold(one).split()), set(fold(other).split())
    return len(a & b) / max(1, len(a))


def model_warnings(text: str, draft: Draft, untraceable: list[str]) -> list[str]:
    """Figures the notes do not hold, peers named, sentences no note supports."""
    warnings = []
    known = set(_FIGURE.findall(" ".join(draft.notes) + " " + draft.asks))
    invented = sorted({f for f in _FIGURE.findall(text) if f not in known})
    if invented:
        warnings.append(f"figures not in your notes: {', '.join(invented)} — check them or remove them")
    notes = fold(" ".join(draft.notes))
    peers = {x.institution for x in draft.exemplars} | {a.institution for a in draft.peer_answers}
    named = sorted(p for p in peers if p and fold(p) in fold(text) and fold(p) not in notes)
    if named:
        warnings.append(f"names a peer institution: {', '.join(named)} — their work must not read as yours")
    if untraceable:
        warnings.append(f"{len(untraceable)} sentence(s) not traceable to your notes: check or remove them")
    return warnings
