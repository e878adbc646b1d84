"""Typed results of the draft job. The CLI and the app render these; they decide nothing.

JSON keys of earlier versions are kept (``mode``, ``text``, ``elements``, ``exemplars``,
``missing``, ``unplaced_notes``, ``warnings``, ``turns``...); new ones are added.
"""

from __future__ import annotations

from dataclasses import dataclass, field

NOTES, LLM = "notes", "llm"  # drafted from the notes alone | rewritten by a language model


@dataclass(frozen=True)
class Statement:
    """One statement of the user's notes, where it sits and where it is in ``text``."""

    id: str
    text: str
    note: int  # index into Draft.notes: the note it came from
    element: str  # the check id it serves (the question's own id: context for the whole answer)
    slot: str  # the element id, or "<element id>#<pillar>" where an element is grouped by pillar
    pillar: str | None
    score: float  # how well it fits the slot (cosine + vocabulary bonus)
    placed_by: str  # "meaning" | "you" (moved in a turn, or continuing one that was)
    start: int = -1  # position in ``text``; -1 when it is not in the text (cut to meet a length)
    end: int = -1
    cut_first: bool = False  # over the limit: among the statements that would be cut first
    cut: bool = False  # left out to meet the length you set

    def to_json(self) -> dict:
        return {
            "id": self.id, "text": self.text, "note": self.note, "element": self.element, "slot": self.slot,
            "pillar": self.pillar, "score": round(self.score, 3), "placed_by": self.placed_by,
            "start": self.start, "end": self.end, "cut_first": self.cut_first, "cut": self.cut,
        }


@dataclass(frozen=True)
class Exemplar:
    """A cited peer passage (a sentence of another institution's answer): an example of
    what others wrote, never a fact about the user's institution."""

    n: int
    institution: str
    document: str
    page: int | None
    quote: str
    year: int | None = None
    element: str = ""  # the element it shows, when chosen for one

    def to_json(self) -> dict:
        return {
            "n": self.n, "institution": self.institution, "document": self.document, "page": self.page,
            "quote": self.quote, "year": self.year, "element": self.element,
        }


@dataclass(frozen=True)
class PeerAnswer:
    """Another institution's whole answer to the same question (or its counterpart in
    another stage), with the checker's verdict on it for this question's elements."""

    institution: str
    doc_id: str
    document: str
    year: int | None
    stage: str | None
    question_id: str  # the peer's own question id
    page_start: int | None
    page_end: int | None
    words: int
    text: str
    covered: tuple[str, ...]  # this question's element ids the checker finds present
    not_covered: tuple[str, ...]

    def to_json(self) -> dict:
        return {
            "institution": self.institution, "doc_id": self.doc_id, "document": self.document, "year": self.year,
            "stage": self.stage, "question_id": self.question_id, "page_start": self.page_start,
            "page_end": self.page_end, "words": self.words, "covered": list(self.covered),
            "not_covered": list(self.not_covered), "text": self.text,
        }


@dataclass(frozen=True)
class ElementDraft:
    """One thing the question expects: the statements that serve it, the checker's
    verdict on the draft, the placeholder when it is missing, how peers wrote it."""

    id: str  # a check id: the question itself or one of its elements
    expects: str
    severity: str
    fix: str
    status: str  # the checker's status for the draft text
    reason: str
    statements: tuple[str, ...] = ()  # statement ids
    notes: tuple[str, ...] = ()  # their texts
    placeholder: str = ""  # the visible gap in ``text`` ("" when covered)
    examples: tuple[int, ...] = ()  # Exemplar numbers: peers' sentences for this element

    @property
    def missing(self) -> bool:
        return bool(self.placeholder)

    @property
    def coverage(self) -> str:
        """What to show: "missing" when the draft leaves the element out (its placeholder);
        "weak" when notes were placed under it but the checker does not find it in the text
        (the lead should say it more plainly); else the checker's status."""
        if self.missing:
            return "missing"
        return "weak" if self.status == "missing" and self.statements else self.status

    def to_json(self) -> dict:
        return {
            "id": self.id, "expects": self.expects, "severity": self.severity, "status": self.status,
            "reason": self.reason, "fix": self.fix if self.missing else "", "notes": list(self.notes),
            "statements": list(self.statements), "placeholder": self.placeholder, "examples": list(self.examples),
        }


@dataclass(frozen=True)
class Turn:
    """One refine turn: what was asked, how it was read, and the reply."""

    instruction: str
    kind: str  # notes | drop | move | length | ask | rewrite
    reply: str
    cited: tuple[int, ...] = ()  # Exemplar numbers the reply quotes (an "ask" turn)
    text: str = ""  # the draft text after the turn

    def to_json(self) -> dict:
        return {"instruction": self.instruction, "kind": self.kind, "reply": self.reply, "cited": list(self.cited), "text": self.text}


@dataclass
class Draft:
    question_id: str
    stage: str
    number: int
    title: str
    asks: str
    mode: str  # notes | llm
    text: str
    notes: list[str]
    statements: list[Statement]
    elements: list[ElementDraft]
    exemplars: list[Exemplar]
    peer_answers: list[PeerAnswer]
    word_count: int
    word_limit: int | None  # the form's limit
    target_words: int | None = None  # the length set in a turn
    session: str = ""
    warnings: list[str] = field(default_factory=list)
    untraceable: list[str] = field(default_factory=list)  # model sentences no note supports
    dropped: list[Statement] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        return [e.id for e in self.elements if e.missing]

    @property
    def limit(self) -> int | None:
        limits = [n for n in (self.word_limit, self.target_words) if n]
        return min(limits) if limits else None

    @property
    def in_text(self) -> list[Statement]:
        return [s for s in self.statements if s.start >= 0]

    @property
    def unplaced_notes(self) -> list[str]:
        """Statements that serve no single element (kept under the question itself)."""
        return [s.text for s in self.statements if s.element == self.question_id]

    def _element_json(self, element: ElementDraft) -> dict:
        """``peer_practice`` (an earlier key) now lists the peers' sentences for the element."""
        practice = [
            {"practice": x.quote, "institutions": [x.institution], "exemplars": [x.n]}
            for x in map(self.exemplar, element.examples)
        ]
        return element.to_json() | {"peer_practice": practice}

    def exemplar(self, n: int) -> Exemplar:
        return next(x for x in self.exemplars if x.n == n)

    def to_json(self) -> dict:
        return {
            "question_id": self.question_id, "stage": self.stage, "number": self.number, "title": self.title,
            "asks": self.asks, "mode": self.mode, "session": self.session, "text": self.text,
            "word_count": self.word_count, "word_limit": self.word_limit, "target_words": self.target_words,
            "missing": self.missing, "elements": [self._element_json(e) for e in self.elements],
            "statements": [s.to_json() for s in self.statements], "dropped": [s.to_json() for s in self.dropped],
            "unplaced_notes": self.unplaced_notes, "untraceable": self.untraceable,
            "exemplars": [x.to_json() for x in self.exemplars], "peer_answers": [p.to_json() for p in self.peer_answers],
            "warnings": self.warnings, "notes": self.notes, "turns": [t.to_json() for t in self.turns],
        }
