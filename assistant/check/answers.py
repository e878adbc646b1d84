"""An answer as the spec reads it (3.3, 3.4): the region's text without figure
placeholders, what it defers to (an in-file appendix, a separate attachment, or an
appendix the file lacks), and whether it answers the question at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.check.finding import Finding, attached, missing, present
from assistant.check.segments import Appendix, Reading, Region
from domain import Question, contains_phrase, fold, load_template
from domain.text import find_phrase
from ingest.chunk import split_sentences

FIGURE_LINE_MAX_WORDS = 12
_APPENDIX_REFERENCE = re.compile(r"(?i:\bappendix)\s+([A-Z]|\d{1,2})(?![A-Za-z0-9])")
_BRACKETED_PLACEHOLDER = re.compile(r"\[(?:insert|add|tbc|tbd)[^\]]*\]", re.I)
_WORD = re.compile(r"[^\W_][\w'’&/.-]*")


@dataclass(frozen=True)
class Deferral:
    """A sentence of the answer that points elsewhere, classified by spec 3.4."""

    kind: str  # "in_file" | "attached" | "absent"
    sentence: str
    label: str | None = None
    appendix: Appendix | None = None

    @property
    def reason(self) -> str:
        if self.kind == "in_file":
            return f"answered in Appendix {self.label} of the file"
        if self.kind == "absent":
            return f"points to Appendix {self.label}, which the file does not contain"
        if self.label:
            return f"points to Appendix {self.label}; the file has no appendices, so it travels separately"
        return "says the material is attached as a separate document"


@dataclass
class Answer:
    """A question's answer: the inline region (cleaned) and what it defers to."""

    question: Question
    region: Region
    deferrals: list[Deferral] = field(default_factory=list)
    located: bool = True

    @property
    def inline_words(self) -> int:
        """Words of real answer text: pointer sentences and placeholders excluded."""
        return sum(
            len(content_words(sentence))
            for sentence in sentences(self.region)
            if not is_pointer(sentence)
        )

    @property
    def appendices(self) -> list[Appendix]:
        return [d.appendix for d in self.deferrals if d.kind == "in_file" and d.appendix]

    @property
    def deferred(self) -> Deferral | None:
        """The first deferral to material outside the file, if the answer makes one."""
        return next((d for d in self.deferrals if d.kind == "attached"), None)

    @property
    def content(self) -> list[Region]:
        """Where the answer's content is: inline, then any in-file appendix it names."""
        return [self.region] + [appendix.region for appendix in self.appendices]

    @property
    def text(self) -> str:
        return "\n".join(region.text for region in self.content)


def clean_region(region: Region) -> Region:
    """The region without figure placeholders and blank lines (running headers are
    already gone: ingest drops standalone ones)."""
    kept = [
        (line, page)
        for line, page in zip(region.lines, region.pages, strict=True)
        if line.strip() and not is_figure_placeholder(line)
    ]
    return Region(region.title, tuple(t for t, _ in kept), tuple(p for _, p in kept), region.page)


def is_figure_placeholder(line: str) -> bool:
    """ "[image: ...]" lines, and short lines that only announce a figure or chart."""
    stripped = line.strip()
    if stripped.lower().startswith("[image:"):
        return True
    markers = load_template().lexicon.figure_markers
    return len(stripped.split()) <= FIGURE_LINE_MAX_WORDS and any(
        stripped.startswith(marker) for marker in markers
    )


def content_words(text: str) -> list[str]:
    """Words that count towards an answer: placeholders (TBC, [insert ...], lorem
    ipsum, ellipses) removed."""
    lexicon = load_template().lexicon
    if contains_phrase(text, "lorem ipsum"):
        return []
    text = _BRACKETED_PLACEHOLDER.sub(" ", text).replace("…", " ").replace("...", " ")
    placeholders = {fold(p) for p in lexicon.placeholders if p.isalpha() and len(p) <= 3}
    return [w for w in _WORD.findall(text) if fold(w) not in placeholders]


def sentences(region: Region) -> list[str]:
    return [s for line in region.lines for s in split_sentences(line.strip())]


def is_pointer(sentence: str) -> bool:
    """A sentence that refers the reader to an appendix or an attachment."""
    return bool(_APPENDIX_REFERENCE.search(sentence)) or _says_attached(sentence)


def _says_attached(sentence: str) -> bool:
    folded = fold(sentence)
    return any(
        find_phrase(folded, fold(phrase)) for phrase in load_template().lexicon.attachment_phrases
    )


def find_deferrals(region: Region, appendices: list[Appendix]) -> list[Deferral]:
    """Every pointer in the region, classified against the file's appendix headings."""
    found: list[Deferral] = []
    for sentence in sentences(region):
        labels = _APPENDIX_REFERENCE.findall(sentence)
        if _says_attached(sentence):
            found.append(Deferral("attached", sentence, labels[0] if labels else None))
            continue
        found.extend(_appendix_deferral(sentence, label, appendices) for label in labels)
    return found


def _appendix_deferral(sentence: str, label: str, appendices: list[Appendix]) -> Deferral:
    """Spec 3.4: headed X in the file -> in_file; no appendix headings at all -> the form
    travelled without them (attached); other headings but not X -> absent."""
    own = [a for a in appendices if not a.template and a.label == label]
    if own:
        return Deferral("in_file", sentence, label, own[0])
    if not appendices:
        return Deferral("attached", sentence, label)
    return Deferral("absent", sentence, label)


def answer_for(reading: Reading, question: Question) -> Answer:
    """The question's own block as an answer (empty and not located when no prompt)."""
    block = reading.block(question)
    if block is None:
        return Answer(question, Region(question.title), located=False)
    region = clean_region(block.region)
    return Answer(question, region, find_deferrals(region, reading.appendices))


def judge_presence(answer: Answer) -> Finding:
    """Answered (spec 3.3): 8+ words of real text, an allowed nil statement, or a pointer
    to an in-file appendix with content; deferred outside the file -> attached."""
    page = answer.region.page
    if not answer.located:
        return missing("the question's prompt was not found in the document")
    words = answer.inline_words
    minimum = load_template().lexicon.min_answer_words
    if words >= minimum:
        return present(f"answered ({words} words)", page, words=words)
    if answer.question.allows_nil and _is_nil(answer.region):
        return present("answered with an explicit nil statement (allowed here)", page)
    if answer.deferrals:
        return _presence_by_deferral(answer.deferrals, page, minimum)
    if not answer.region.lines:
        return missing("the prompt is there but nothing is written under it", page)
    return missing(
        f"the answer has only {words} word(s) of real text (at least {minimum} are needed; "
        "placeholders such as TBC do not count)",
        page,
        words=words,
    )


def _presence_by_deferral(deferrals: list[Deferral], page: int | None, minimum: int) -> Finding:
    by_kind = {d.kind: d for d in reversed(deferrals)}
    if "in_file" in by_kind:
        pointer = by_kind["in_file"]
        words = len(content_words(pointer.appendix.region.text)) if pointer.appendix else 0
        if words >= minimum:
            return present(pointer.reason, pointer.appendix.section.page_start, appendix=pointer.label)
        return missing(f"Appendix {pointer.label} is in the file but empty", page)
    if "attached" in by_kind:
        return attached(by_kind["attached"].reason, page)
    return missing(by_kind["absent"].reason, page, appendix=by_kind["absent"].label)


def _is_nil(region: Region) -> bool:
    folded = fold(region.text).strip(" .")
    return any(
        folded == fold(nil) or folded.startswith(fold(nil) + " ")
        for nil in load_template().lexicon.nil_statements
    )
