"""Placing questions whose prompts a draft rewords (template spec 3.2, last rule).

Phrase matching (ingest) finds the form's own prompts. A draft may instead head an
answer "How our technicians shaped this plan": such heading-like lines are compared by
embedding similarity with each unplaced question's paraphrased ``asks`` line and short
title. Short headings score modestly against long paraphrases, so the form's order
does the rest: headings are aligned to questions in order (a small dynamic programme
maximising total similarity above ``SIMILARITY_FLOOR``), each between the prompts that
phrase matching already found around it. Placed headings become question sections, cut
out of whatever section held them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from domain import Question, Stage, load_template
from domain.text import contains_phrase
from ingest.models import Section
from ingest.structure.lines import (
    Line,
    asks_something,
    is_bullet,
    looks_like_heading,
    pillar_label,
    words,
)
from ingest.structure.prompts import locatable_questions
from ingest.structure.tables import split_cells
from vectorstore.embedder import Embedder

SIMILARITY_FLOOR = 0.4
# a heading this close to one question is that question wherever the draft puts it (a
# free-form draft may give its impact after its plan); the rest follow the form's order
CLEAR_MATCH = 0.65
MAX_HEADING_WORDS = 40
SEARCHED_KINDS = ("body", "question", "pillar")
_APPENDIX = re.compile(r"\bappendix\b", re.I)
# a heading's own number ("5. ", "Q5) ", "Question 5: "): it says where, not what, and
# would weigh in a short heading's meaning
_NUMBERING = re.compile(r"^\(?(?:q(?:uestion)?\s*)?\d+(?:\.\d+)*[.):]?\s+", re.I)
# a question's number ("Q3. Action plan", "Question 3:"): a heading, never a list's item
_QUESTION_NUMBER = re.compile(r"^\(?q(?:uestion)?\s*\d+[.):]?\s+", re.I)
EMBED_BATCH = 8  # the embedder's fast path (no torch import) takes batches this small


@dataclass(frozen=True)
class Placement:
    question_id: str
    section: int  # index into the sections list
    line: int  # index of the heading in the section's lines; -1 for the section's title
    text: str
    similarity: float


def unplaced_questions(stage: Stage, sections: list[Section]) -> list[Question]:
    """Questions with a prompt of their own that no section carries."""
    found = {section.question_id for section in sections if section.kind == "question"}
    return [q for q in locatable_questions(stage) if q.id not in found]


def place_reworded_prompts(
    sections: list[Section],
    questions: list[Question],
    styled_headings: set[tuple[int, str]],
    embedder: Embedder,
) -> tuple[list[Section], dict[str, Placement]]:
    """Sections with the best-matching headings turned into these questions' prompts."""
    candidates = _candidates(sections, styled_headings)
    if not candidates:
        return sections, {}
    similarity = _similarity(candidates, questions, embedder)
    allowed = _windows(sections, candidates, questions)
    clear = _clear_matches(similarity)
    rest = np.where(allowed, similarity, -1.0)
    for row, column in clear:  # each heading and question placed once
        rest[row, :] = -1.0
        rest[:, column] = -1.0
    placements = [_placement(candidates, questions, similarity, row, column) for row, column in clear + _align(rest)]
    placements.sort(key=lambda p: (p.section, p.line))
    return _split(sections, placements), {p.question_id: p for p in placements}


def _placement(
    candidates: list[tuple[int, int, str]], questions: list[Question], similarity: np.ndarray, row: int, column: int
) -> Placement:
    section, line, text = candidates[row]
    return Placement(questions[column].id, section, line, text, round(float(similarity[row, column]), 3))


def _clear_matches(similarity: np.ndarray) -> list[tuple[int, int]]:
    """(candidate, question) pairs of headings clearly one question's (``CLEAR_MATCH``),
    closest first, each heading and question once, in whatever order the draft gives them."""
    pairs: list[tuple[int, int]] = []
    for flat in np.argsort(-similarity, axis=None):
        row, column = (int(i) for i in np.unravel_index(flat, similarity.shape))
        if similarity[row, column] < CLEAR_MATCH:
            break
        if all(row != r and column != c for r, c in pairs):
            pairs.append((row, column))
    return pairs


def _candidates(
    sections: list[Section], styled: set[tuple[int, str]]
) -> list[tuple[int, int, str]]:
    """(section index, line index or -1 for a title, text) of heading-like lines."""
    found: list[tuple[int, int, str]] = []
    for index, section in enumerate(sections):
        if section.kind not in SEARCHED_KINDS:
            continue
        if section.kind == "body" and section.title:
            found.append((index, -1, section.title))
        pages = section.line_pages or [section.page_start] * len(section.lines)
        for position, (text, page) in enumerate(zip(section.lines, pages, strict=True)):
            if _is_heading_like(text, page, styled):
                found.append((index, position, text.strip()))
    return found


def _is_heading_like(text: str, page: int, styled: set[tuple[int, str]]) -> bool:
    """A styled heading, a short heading-shaped line, or a short request ending in ? or :.
    A numbered line is a list's item unless styled as a heading ("## 5. Action plan") or
    numbered as a question ("Q5. Action plan")."""
    stripped = text.strip()
    count = len(words(stripped))
    styled_heading = (page, stripped) in styled
    numbered = _QUESTION_NUMBER.match(stripped)
    if not 2 <= count <= MAX_HEADING_WORDS or (is_bullet(stripped) and not styled_heading and not numbered) or split_cells(text):
        return False
    if pillar_label(stripped) or "://" in stripped or _APPENDIX.search(stripped) or _names_a_form(stripped):
        return False
    request = stripped.endswith("?") or (stripped.endswith(":") and asks_something(stripped))
    return styled_heading or request or looks_like_heading(Line(stripped[numbered.end():] if numbered else stripped, page))


def _names_a_form(text: str) -> bool:
    """The draft's title ("Technician Commitment - Stage Two Self-Assessment and Action
    Plan"), which names a stage's form, not one of its questions."""
    signals = [signal for stage in load_template().stages for signal in stage.title_signals]
    return any(contains_phrase(text, signal) for signal in (*signals, *load_template().lexicon.form_title_signals))


def _similarity(
    candidates: list[tuple[int, int, str]], questions: list[Question], embedder: Embedder
) -> np.ndarray:
    """Candidates x questions: the better of the similarity to ``asks`` and to ``title``."""
    heading_vectors = embed_in_small_batches(embedder, [_NUMBERING.sub("", text) for _, _, text in candidates])
    asks = embed_in_small_batches(embedder, [q.asks for q in questions])
    titles = embed_in_small_batches(embedder, [q.title for q in questions])
    return np.maximum(heading_vectors @ asks.T, heading_vectors @ titles.T)


def _windows(
    sections: list[Section], candidates: list[tuple[int, int, str]], questions: list[Question]
) -> np.ndarray:
    """Candidates x questions: True where the heading lies after the prompt found for an
    earlier question and before the prompt found for a later one."""
    numbers = {q.id: q.number for q in load_template().stage(questions[0].stage_id).questions}
    found = {s.question_id: i for i, s in enumerate(sections) if s.kind == "question" and s.question_id}
    allowed = np.ones((len(candidates), len(questions)), dtype=bool)
    for column, question in enumerate(questions):
        low = max((i for qid, i in found.items() if numbers[qid] < question.number), default=-1)
        high = min((i for qid, i in found.items() if numbers[qid] > question.number), default=len(sections))
        for row, (section, _, _) in enumerate(candidates):
            allowed[row, column] = low <= section < high
    return allowed


def _align(similarity: np.ndarray) -> list[tuple[int, int]]:
    """(candidate, question) pairs of headings matched to questions in document and form
    order, maximising the summed similarity above the floor (sequence alignment)."""
    rows, columns = similarity.shape
    gain = similarity - SIMILARITY_FLOOR
    best = np.zeros((rows + 1, columns + 1))
    for i in range(1, rows + 1):
        for j in range(1, columns + 1):
            match = best[i - 1, j - 1] + gain[i - 1, j - 1] if gain[i - 1, j - 1] > 0 else -np.inf
            best[i, j] = max(best[i - 1, j], best[i, j - 1], match)
    pairs: list[tuple[int, int]] = []
    i, j = rows, columns
    while i > 0 and j > 0:
        if best[i, j] == best[i - 1, j]:
            i -= 1
        elif best[i, j] == best[i, j - 1]:
            j -= 1
        else:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
    return pairs[::-1]


def _split(sections: list[Section], placements: list[Placement]) -> list[Section]:
    """Each placed heading starts a question section that runs to the next placed heading
    or the end of the section that held it."""
    by_section: dict[int, list[Placement]] = {}
    for placement in placements:
        by_section.setdefault(placement.section, []).append(placement)
    result: list[Section] = []
    for index, section in enumerate(sections):
        cuts = sorted(by_section.get(index, []), key=lambda p: p.line)
        result.extend(_cut(section, cuts) if cuts else [section])
    return result


def _cut(section: Section, cuts: list[Placement]) -> list[Section]:
    pages = section.line_pages or [section.page_start] * len(section.lines)
    pieces: list[Section] = []
    if cuts[0].line > 0:
        pieces.append(_piece(section, section.title, section.kind, section.question_id, 0, cuts[0].line, pages))
    for position, cut in enumerate(cuts):
        end = cuts[position + 1].line if position + 1 < len(cuts) else len(section.lines)
        pieces.append(_piece(section, cut.text, "question", cut.question_id, cut.line + 1, end, pages))
    return pieces


def _piece(
    section: Section, title: str, kind: str, question_id: str | None, start: int, end: int, pages: list[int]
) -> Section:
    kept = pages[start:end]
    return replace(
        section,
        title=title,
        kind=kind,
        question_id=question_id,
        lines=section.lines[start:end],
        line_pages=kept,
        page_start=min(kept, default=section.page_start),
        page_end=max(kept, default=section.page_start),
        pillars=section.pillars if kind == "pillar" else (),
    )


def embed_in_small_batches(embedder: Embedder, texts: Sequence[str]) -> np.ndarray:
    """Vectors for ``texts``, asked for a few at a time: the embedder encodes small
    batches without importing torch, which keeps a one-shot check fast."""
    if not texts:
        return np.zeros((0, embedder.dimension), dtype=np.float32)
    return np.vstack(
        [embedder.embed(list(texts[i : i + EMBED_BATCH])) for i in range(0, len(texts), EMBED_BATCH)]
    )
