"""Chunking along sections: a chunk never crosses a section boundary and never exceeds
the embedder's token window (all-MiniLM-L6-v2 silently truncates past 256 word pieces),
counting the short context header that is embedded with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ingest.models import Chunk, DocumentMeta, Section

# Template text a submission carries (the guidance preamble, the form's examples appendix)
# is the same in every submission and is not the institution's own: not indexed for it.
NOT_THE_AUTHORS_WORDS = ("preamble", "template_appendix")
TARGET_TOKENS = 230  # a paragraph or two; ~1,000 characters, the window's worth with its header
SPECIAL_TOKENS = 2  # [CLS] and [SEP]
HEADER_WORDS = 14

_SENTENCE_END = re.compile(r"(?<=[.!?;])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9•])")
_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|etc|Dr|Prof|Mr|Mrs|Ms|St|No|vs|approx|incl)\.$", re.I)


@dataclass(frozen=True)
class _Unit:
    text: str
    tokens: int
    page: int
    paragraph: int  # units of one paragraph share this; overlap happens only inside one


class Placed(Protocol):
    """A chunk as ingest makes it or the catalog returns it: where it stands in its document."""

    text: str
    section_title: str
    institution: str | None


def same_part(a: Placed, b: Placed) -> bool:
    """One section of one institution's text: a case-study report's consecutive case
    studies share a title ("Case study: Recognition") but not an author."""
    return a.section_title == b.section_title and a.institution == b.institution


def short_title(section: Section, question_titles: dict[str, str]) -> str:
    """A compact section label for headers and citations (question prompts can run to
    sixty words; the template's short title says the same in five)."""
    if section.kind == "case_study":
        themes = " and ".join(p.replace("_", " ").capitalize() for p in section.pillars)
        return f"Case study: {themes}" if themes else "Case study"
    if section.question_id and section.question_id in question_titles:
        label = question_titles[section.question_id]
        if section.kind == "pillar" and section.title:
            return f"{label} - {_clip_words(section.title, 6)}"
        return label
    return _clip_words(section.title, HEADER_WORDS)


def _clip_words(text: str, limit: int) -> str:
    words = text.split()
    return " ".join(words[:limit]) + (" ..." if len(words) > limit else "")


def searchable_text(chunk: Chunk) -> str:
    """The passage without its quotations of other documents (see ``quotations``)."""
    text = chunk.text
    for quote in chunk.quoted:
        text = text.replace(quote, "“…”")
    return text


def embedding_text(chunk: Chunk) -> str:
    """What is embedded: who and where, then the passage. Institution-aware vectors let
    "what did X do about Y" and cross-institution questions find the right passages."""
    header = " | ".join(part for part in (chunk.institution, chunk.section_title) if part)
    body = searchable_text(chunk)
    return f"{header}\n{body}" if header else body


_QUOTATION = re.compile(r"“[^”]{80,}”|\"[^\"]{80,}\"")


def quotations(text: str, question_id: str | None, quoting_questions: frozenset[str]) -> tuple[str, ...]:
    """Long quotations in answers to questions that invite quoting (the TALENT question:
    institutions quote each recommendation before their response). The quoted words are
    the Commission's, not the institution's, and match every topic; they stay in the
    passage a reader sees but are left out of what is embedded and keyword-indexed."""
    if question_id not in quoting_questions:
        return ()
    return tuple(m.group(0) for m in _QUOTATION.finditer(text))


def split_sentences(paragraph: str) -> list[str]:
    """Sentence split that keeps abbreviations ("e.g.", "Dr.") inside their sentence."""
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        candidate = paragraph[start : match.start()].rstrip()
        if _ABBREVIATION.search(candidate):
            continue
        pieces.append(paragraph[start : match.end()].strip())
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        pieces.append(tail)
    return [p for p in pieces if p]


def _word_windows(text: str, count: Callable[[str], int], limit: int) -> Iterator[str]:
    """Split a run-on sentence (tables flattened to one line, a 2 MB single line) into
    pieces that fit, by words, in linear time."""
    words = text.split()
    step = max(8, limit // 2)
    start = 0
    while start < len(words):
        end = min(len(words), start + step)
        piece = " ".join(words[start:end])
        while end - start > 4 and count(piece) > limit:
            end = start + (end - start) * 3 // 4
            piece = " ".join(words[start:end])
        yield piece
        start = end


_LIST_ITEM = re.compile(r"^(?:[•▪◦\-*–]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s")
_ENDS_BLOCK = re.compile(r"[.!?:;]['\"”’)]*$")


def _is_table_row(line: str) -> bool:
    return "\t" in line or line.startswith("|")


def _starts_block(line: str) -> bool:
    return bool(_LIST_ITEM.match(line)) or _is_table_row(line) or line[:1].isupper() and len(line) < 40


HEADING_WORDS = 7  # a line this short that does not end a sentence, before a capital: a heading


def _is_heading_before(previous: str, text: str) -> bool:
    """A short unpunctuated line followed by a capitalised one is a heading (web pages,
    Word files), not a sentence a PDF wrapped: wrapped lines run the column's width."""
    return len(previous.split()) <= HEADING_WORDS and len(previous) < 60 and text[:1].isupper()


WRAP_CHARS = 160  # a text file with a line longer than this is not hard-wrapped: a line is a paragraph


def is_unwrapped_text(file: str, sections: list[Section]) -> bool:
    """A plain-text or Markdown file written a paragraph per line (a saved web page): its
    line breaks end paragraphs, so a title line without a full stop is not joined to the
    paragraph after it. PDFs and hard-wrapped text are re-joined (``paragraphs``)."""
    return Path(file).suffix.lower() in (".txt", ".md") and any(
        len(line) > WRAP_CHARS for section in sections for line in section.lines
    )


def paragraphs(lines: list[str], pages: list[int], wrapped: bool = True) -> list[tuple[str, int]]:
    """Re-join lines that a PDF wrapped mid-sentence, so sentences can be quoted whole.
    Table rows, list items, headings and lines ending a sentence stay where they are;
    lines of an unwrapped text (``wrapped=False``) all do."""
    joined: list[tuple[str, int]] = []
    for line, page in zip(lines, pages, strict=True):
        text = line.strip()
        if not text:
            continue
        previous = joined[-1][0] if joined else ""
        if (
            wrapped and joined and not _is_table_row(previous) and not _ENDS_BLOCK.search(previous)
            and not _starts_block(text) and not _is_heading_before(previous, text)
        ):
            previous, first_page = joined[-1]
            joined[-1] = (f"{previous} {text}", first_page)
        else:
            joined.append((text, page))
    return joined


def _units(section: Section, count: Callable[[str], int], limit: int, wrapped: bool = True) -> list[_Unit]:
    units: list[_Unit] = []
    pages = section.line_pages if len(section.line_pages) == len(section.lines) else [section.page_start] * len(section.lines)
    for number, (paragraph, page) in enumerate(paragraphs(section.lines, pages, wrapped)):
        text = paragraph.replace("\t", " | ")
        sentences = [text] if count(text) <= limit else split_sentences(text)
        for sentence in sentences:
            tokens = count(sentence)
            if tokens <= limit:
                units.append(_Unit(sentence, tokens, page, number))
                continue
            for piece in _word_windows(sentence, count, limit):
                units.append(_Unit(piece, count(piece), page, number))
    return units


def _pack(units: list[_Unit], target: int) -> Iterator[list[_Unit]]:
    """Greedy packing up to ``target`` tokens (units are never above the window); when a paragraph is cut,
    the next chunk repeats its last sentence so a phrase on the cut stays findable."""
    current: list[_Unit] = []
    size = 0
    for unit in units:
        if current and size + unit.tokens > target:
            yield current
            last = current[-1]
            carry = last.paragraph == unit.paragraph and last.tokens + unit.tokens <= target // 2
            current, size = ([last], last.tokens) if carry else ([], 0)
        current.append(unit)
        size += unit.tokens
    if current:
        yield current


def chunk_sections(
    doc_id: str,
    file: str,
    meta: DocumentMeta,
    sections: list[Section],
    count_tokens: Callable[[str], int],
    max_tokens: int,
    question_titles: dict[str, str] | None = None,
    quoting_questions: frozenset[str] = frozenset(),
) -> list[Chunk]:
    """Chunks for every section, each within ``max_tokens`` including its header.

    ``count_tokens`` counts word pieces without the model's special tokens."""
    chunks: list[Chunk] = []
    titles = question_titles or {}
    wrapped = not is_unwrapped_text(file, sections)
    for section in sections:
        if section.kind in NOT_THE_AUTHORS_WORDS and meta.doc_type != "guidance":
            continue
        title = short_title(section, titles)
        institution = section.institution or meta.institution
        header = " | ".join(p for p in (institution, title) if p)
        budget = max_tokens - SPECIAL_TOKENS - (count_tokens(header) + 1 if header else 0)
        limit = max(32, budget)
        for group in _pack(_units(section, count_tokens, limit, wrapped), min(TARGET_TOKENS, limit)):
            text = "\n".join(unit.text for unit in group)
            chunks.append(
                Chunk(
                    doc_id=doc_id,
                    index=len(chunks),
                    text=text,
                    file=file,
                    institution=institution,
                    doc_type=meta.doc_type,
                    stage=meta.stage,
                    date=meta.date,
                    section_title=title,
                    section_kind=section.kind,
                    question_id=section.question_id,
                    pillars=section.pillars,
                    page_start=min(unit.page for unit in group),
                    page_end=max(unit.page for unit in group),
                    quoted=quotations(text, section.question_id, quoting_questions),
                )
            )
    return chunks
