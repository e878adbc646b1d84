"""Locating the template's question prompts in a submission (template spec 3.2).

A prompt is found by its signal phrases, matched anywhere in a block of lines after
folding (case, quotes, hyphens, -ise/-ize). Renewal prompts must also start with their
number. Unnumbered prompts must read as a request ("please" or a question mark), which
keeps signal phrases that an answer happens to repeat from being taken for prompts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain import Question, Stage, fold, load_template
from ingest.structure.form import is_signoff_line
from ingest.structure.lines import (
    Line,
    asks_something,
    ends_sentence,
    fold_phrase,
    glue_points,
    words,
)
from ingest.structure.tables import split_cells

MAX_PROMPT_LINES = 6  # a prompt wraps over at most this many lines before its end mark
MIN_WRAPPED_WORDS = 6  # a line cut by wrapping is at least this long
_ANSWER_AFTER = re.compile(r"[:?]\s+(?=\S)")
_LEADING_MARKUP = re.compile(r"^[\s*_#>]+")
_URL_AT_END = re.compile(r"(?:https?://|www\.)\S+$")


@dataclass(frozen=True)
class Prompt:
    question_id: str
    last: int  # index of the prompt's last line
    text: str  # the prompt's words: a section title, never answer text
    answer_head: str  # answer text printed on the prompt's last line, if any


def locatable_questions(stage: Stage) -> list[Question]:
    """Questions with a prompt of their own (q7 of stage two lives in q6's prompt)."""
    return [q for q in stage.questions if q.signals and not q.shares_block_with]


def split_glued_prompts(lines: list[Line], questions: list[Question]) -> list[Line]:
    """Lines with a prompt glued to preceding text ("...4336To provide") cut in two."""
    result: list[Line] = []
    for line in lines:
        cut = _glued_prompt_offset(line.text, questions)
        if cut is None:
            result.append(line)
        else:
            result.append(Line(line.text[:cut].rstrip(), line.page, line.heading))
            result.append(Line(line.text[cut:], line.page))
    return result


def _glued_prompt_offset(text: str, questions: list[Question]) -> int | None:
    for offset in glue_points(text):
        tail = text[offset:]
        if asks_something(tail):
            folded = fold(tail)
            if any(_signal_offset(folded, q) is not None for q in questions):
                return offset
    return None


def match_prompt(
    lines: list[Line], index: int, stage: Stage, wanted: list[Question]
) -> Prompt | None:
    """The prompt starting at ``lines[index]``, if one of ``wanted`` starts there."""
    if not _can_start_prompt(lines, index):
        return None
    last = _prompt_end(lines, index, len(lines))
    block = " ".join(line.text for line in lines[index : last + 1])
    question = _best_question(block, stage, wanted)
    if question is None:
        return None
    block = _LEADING_MARKUP.sub("", block)
    if lines[last].heading is not None:  # a styled heading is all prompt, never an answer
        return Prompt(question.id, last, block.strip(), "")
    text, answer_head = _split_answer_head(block)
    return Prompt(question.id, last, text, answer_head)


def _can_start_prompt(lines: list[Line], index: int) -> bool:
    """A prompt starts a sentence: capitalised or numbered, after a finished line."""
    text = _LEADING_MARKUP.sub("", lines[index].text)
    if not text or not (text[0].isupper() or text[0].isdigit()):
        return False
    if index == 0 or lines[index].heading is not None:
        return True
    previous = lines[index - 1].text.rstrip()
    return (
        ends_sentence(previous)
        or previous.endswith(")")
        or len(words(previous)) < 8
        or "://" in previous
        or split_cells(previous) is not None  # a table row is complete in itself
    )


def _prompt_end(lines: list[Line], index: int, stop: int) -> int:
    """The prompt's last line: the first that ends like a sentence, then any continuation
    clause lines ("This may be detailed here ..."), each also up to its end mark."""
    last = _sentence_end(lines, index, stop)
    while last + 1 < stop and _is_continuation(lines[last + 1].text):
        last = _sentence_end(lines, last + 1, stop)
    return last


def _sentence_end(lines: list[Line], index: int, stop: int) -> int:
    """The line where the sentence begun at ``index`` ends; a short line without an end
    mark is complete in itself (wrapped lines run the width of the page)."""
    for last in range(index, min(stop, index + MAX_PROMPT_LINES)):
        text = lines[last].text
        if (
            ends_sentence(text)
            or lines[last].heading is not None
            or len(words(text)) < MIN_WRAPPED_WORDS
            or _URL_AT_END.search(text)
            or (last + 1 < stop and is_signoff_line(lines[last + 1].text))
        ):
            return last
    return index


def _is_continuation(text: str) -> bool:
    """A line that carries on the prompt (its appendix or examples clause)."""
    head = fold(text)[:40]
    return any(
        fold_phrase(phrase) in head for phrase in load_template().lexicon.prompt_continuations
    )


def _best_question(block: str, stage: Stage, wanted: list[Question]) -> Question | None:
    """The wanted question whose signal comes first in the block, if the block can be its prompt."""
    if stage.numbered:
        head = _LEADING_MARKUP.sub("", block)
        candidates = [q for q in wanted if q.number_prefix and head.startswith(q.number_prefix)]
    elif asks_something(block):
        candidates = wanted
    else:
        candidates = []
    folded = fold(block)
    found = [(offset, q) for q in candidates if (offset := _signal_offset(folded, q)) is not None]
    return min(found, key=lambda item: item[0])[1] if found else None


def _signal_offset(folded_text: str, question: Question) -> int | None:
    """Where the question's first signal phrase occurs in already folded text, if anywhere."""
    offsets = [folded_text.find(fold_phrase(signal)) for signal in question.signals]
    found = [offset for offset in offsets if offset >= 0]
    return min(found) if found else None


def _split_answer_head(block: str) -> tuple[str, str]:
    """Split answer text printed after the prompt's last ": " or "? " (a URL after
    "URL here:"); text that still asks, continues the prompt or carries on its sentence
    in lower case stays in the prompt."""
    matches = list(_ANSWER_AFTER.finditer(block))
    if not matches:
        return block.strip(), ""
    cut = matches[-1]
    tail = block[cut.end() :]
    carries_on = tail[:1].islower() and not tail.startswith(("http", "www."))
    if asks_something(tail) or _is_continuation(tail) or carries_on:
        return block.strip(), ""
    return block[: cut.start() + 1].strip(), tail.strip()
