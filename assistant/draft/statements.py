"""The user's notes as statements: one per line, bullet or sentence, each remembering
the note it came from (so every sentence of a draft can be traced to what the user
wrote). A short line ending in a colon, a pillar's name on its own, or a Markdown heading
("### Visibility") is a heading: not a statement, but a hint of what the statements under
it are about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.chunk import split_sentences
from ingest.structure.lines import pillar_label

_BULLET = re.compile(r"^\s*(?:[-*•▪◦–·]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
_BRACKETED_LABEL = re.compile(r"[(\[]([^()\[\]]{1,40})[)\]]\s+(?=\S)")
_TABLE_RULE = re.compile(r"[|:\-=+\s]*-[|:\-=+\s]*")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(?=\S)")
# the words that frame a pillar's name in a plan's group heading, and its punctuation
_GROUP_WORDS = re.compile(r"\b(?:pillar|theme|area|strand|priority|actions?|first|second|third|fourth|fifth|\d+)\b|[–—:()#.-]", re.I)
GROUP_HEADING_MAX_WORDS = 6
HEADING_MAX_WORDS = 12  # a lead-in line ending in a colon, above the points it introduces
LABEL_MAX_WORDS = 4  # "Visibility: launch a newsletter" - the words before the colon label the statement
MIN_STATEMENT_WORDS = 3  # a shorter sentence stays with the one before it ("Approx. 120.")


@dataclass(frozen=True)
class NoteStatement:
    """A statement as split from the notes, before it is placed."""

    id: str  # "s1", "s2", ... in the order the notes were given; never reused
    text: str
    note: int  # index of the note (the text given in one turn) it came from
    heading: str = ""  # the heading line above it in the notes, if any
    label: str = ""  # the words before a colon that open it ("Visibility", "Point 3"), if any

    @property
    def hint(self) -> str:
        """What the user said this statement is about: its own label, else its heading."""
        return self.label or self.heading


def split_note(text: str) -> list[tuple[str, str]]:
    """(statement, heading) pairs of one note, in order."""
    pairs: list[tuple[str, str]] = []
    heading = ""
    for raw in text.splitlines():
        line = _BULLET.sub("", raw).strip()
        if not line or _TABLE_RULE.fullmatch(line):  # "|---|---|": a table's rule, no words
            continue
        if is_heading(line):
            heading = group_pillar(line) or _MARKDOWN_HEADING.sub("", line).rstrip(":").strip()
            continue
        for sentence in _sentences(line):
            pairs.append((_capitalised(sentence), heading))
    return pairs


def is_heading(line: str) -> bool:
    """A pillar's name on its own, a short line ending in a colon, or a Markdown heading
    ("### Visibility", "## Action plan 2026-2029": notes pasted from a wiki or an editor)."""
    words = line.split()
    return bool(pillar_label(line) or group_pillar(line) or _MARKDOWN_HEADING.match(line)) or (
        line.endswith(":") and len(words) <= HEADING_MAX_WORDS)


def group_pillar(line: str) -> str:
    """The pillar a plan's group heading names among the words that frame it ("Pillar 1 –
    Visibility", "Theme: Recognition", "CAREER DEVELOPMENT ACTIONS", "Evaluating impact
    (fifth theme)"): spec 9.1 reads a plan's group headings as its actions' pillar. The
    pillar's name as the heading, or "" for a line that says more ("Visibility: a new
    newsletter" is a labelled statement)."""
    if len(line.split()) > GROUP_HEADING_MAX_WORDS:
        return ""
    rest = " ".join(_GROUP_WORDS.sub(" ", line).split())
    return rest if rest and pillar_label(rest) else ""


def _capitalised(sentence: str) -> str:
    """A sentence starts with a capital, unless it starts with an address."""
    first = sentence.split(maxsplit=1)[0] if sentence.strip() else ""
    if "://" in first or first.lower().startswith("www."):
        return sentence
    return sentence[:1].upper() + sentence[1:]


def _sentences(line: str) -> list[str]:
    merged: list[str] = []
    for sentence in split_sentences(line):
        if merged and len(sentence.split()) < MIN_STATEMENT_WORDS:
            merged[-1] = f"{merged[-1]} {sentence}"
        else:
            merged.append(sentence)
    return merged


def note_statements(notes: list[str]) -> list[NoteStatement]:
    """Every statement of every note, numbered once in order."""
    statements: list[NoteStatement] = []
    for index, note in enumerate(notes):
        for text, heading in split_note(note):
            statements.append(NoteStatement(f"s{len(statements) + 1}", text, index, heading, _label(text)))
    return statements


def _label(text: str) -> str:
    """The words before a colon that open a statement, or those in brackets ("(Visibility)
    Technician names on reports", "[R] S2 ..."; stop 28)."""
    if bracketed := _BRACKETED_LABEL.match(text):
        return bracketed.group(1).strip()
    head, colon, rest = text.partition(":")
    if not colon or not rest.strip() or "//" in rest[:2] or not 0 < len(head.split()) <= LABEL_MAX_WORDS:
        return ""
    return head.strip()


def word_count(text: str) -> int:
    return len(text.split())
