"""Typed results of the ask job: an answer with numbered citations to exact passages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_CITATION = re.compile(r"\[(\d{1,3})\]")


@dataclass(frozen=True)
class Source:
    """A retrieved passage offered to the composer as [n]."""

    n: int
    chunk_id: str
    doc_id: str
    institution: str | None
    document: str  # title, else file name
    file: str
    page: int | None
    page_end: int | None
    section: str
    passage: str
    ocr: bool = False  # the passage was read by OCR from a page image
    url: str | None = None  # the document was fetched from this address

    @property
    def pages(self) -> str:
        """"p. 3", "pp. 3–4", or nothing when the page is unknown (a web page)."""
        if not self.page:
            return ""
        if self.page_end and self.page_end != self.page:
            return f"pp. {self.page}–{self.page_end}"
        return f"p. {self.page}"

    @property
    def where(self) -> str:
        """Who, which document, pages, section and provenance: the known ones, joined as a
        source line reads ("Uni A · Stage two plan · p. 3 · Recognition")."""
        return " · ".join(x for x in (self.institution or "", self.document, self.pages, self.section, *self.provenance) if x)

    @property
    def provenance(self) -> list[str]:
        """How the passage reached the library, in words for a source card."""
        return (["read by OCR"] if self.ocr else []) + ([self.url] if self.url else [])


@dataclass(frozen=True)
class Citation:
    n: int
    source: Source
    quote: str  # the sentence(s) of the passage the answer relies on

    def to_json(self) -> dict:
        s = self.source
        return {
            "n": self.n, "institution": s.institution, "document": s.document, "file": s.file,
            "doc_id": s.doc_id, "page": s.page, "section": s.section, "quote": self.quote,
            "ocr": s.ocr, "url": s.url,
        }


@dataclass(frozen=True)
class Related:
    """A statement that came close to answering but not close enough: shown apart from
    the answer, never counted or cited in it."""

    institution: str
    quote: str
    source: Source

    @property
    def found_in(self) -> str:
        """Where to read it: the document, and its pages when known."""
        return ", ".join(x for x in (self.source.document, self.source.pages) if x)

    def to_json(self) -> dict:
        s = self.source
        return {"institution": self.institution, "document": s.document, "doc_id": s.doc_id, "page": s.page, "quote": self.quote}


@dataclass
class Answer:
    question: str
    text: str  # Markdown; [n] refers to citations
    citations: list[Citation]
    found: bool
    sources: list[Source] = field(default_factory=list)  # everything offered, cited or not
    themes: list[str] = field(default_factory=list)
    institutions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. citation numbers removed
    effective_query: str = ""
    related: list[Related] = field(default_factory=list)  # weaker matches, not in citations
    closest: list[str] = field(default_factory=list)  # institutions named that answer only by their closest passage

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.text,
            "found": self.found,
            "citations": [c.to_json() for c in self.citations],
            "institutions": self.institutions,
            "themes": self.themes,
            "notes": self.notes,
            "related": [r.to_json() for r in self.related],
            "closest_institutions": self.closest,
        }


def strip_citations(text: str) -> str:
    """The text without its [n] markers."""
    return _CITATION.sub(" ", text)


def cited_numbers(text: str) -> list[int]:
    """[n] markers in order of first appearance."""
    seen: list[int] = []
    for match in _CITATION.finditer(text):
        n = int(match.group(1))
        if n not in seen:
            seen.append(n)
    return seen


def remove_unknown_citations(text: str, known: set[int]) -> tuple[str, list[int]]:
    """Drop [n] markers that point at no source; returns the text and the removed numbers."""
    removed: list[int] = []

    def replace(match: re.Match) -> str:
        n = int(match.group(1))
        if n in known:
            return match.group(0)
        if n not in removed:
            removed.append(n)
        return ""

    return _CITATION.sub(replace, text), removed
