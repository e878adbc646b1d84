"""What a refine turn asks for, read from the user's words:

    also: we launched a newsletter in 2024     more notes (any text that is not a command,
                                               when no language model is configured)
    drop s3 | remove 3 and 5                   leave statements out
    move s2 to reporting                       place a statement yourself (element by id,
                                               name or meaning)
    150 words | at most 150 words | shorter    a length for the draft; "no limit" clears it
    how did others evidence this?              peers' sentences for the element in focus
                                               (or the one the question names), cited

With a language model, text that is not a command is an instruction for it ("more
formal"); facts still come only from notes ("also: ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NOTES, DROP, MOVE, LENGTH, ASK, REWRITE = "notes", "drop", "move", "length", "ask", "rewrite"
SHORTER = -1  # a length relative to the current draft
SHORTER_SHARE = 0.75

_NOTES = re.compile(r"^\s*(?:also|add|and|note|notes|plus)\s*[:,;-]\s*(?P<text>.+)$", re.I | re.S)
_DROP = re.compile(r"^\s*(?:drop|remove|delete|cut)\s+(?:statements?\s+)?(?P<ids>s?\d+(?:\s*(?:,|and|&)?\s*s?\d+)*)\s*\.?\s*$", re.I)
_MOVE = re.compile(r"^\s*move\s+(?:statement\s+)?(?P<id>s?\d+)\s+(?:to|under|into|in)\s+(?P<target>.+?)\s*\.?\s*$", re.I)
_NO_LIMIT = re.compile(r"^\s*(?:no|remove\s+the|clear\s+the)\s+(?:length|limit|word\s+limit)\s*\.?\s*$", re.I)
_WORDS = re.compile(r"(?P<n>\d{2,4})\s*(?:words?|w)\b", re.I)
MAX_LENGTH_WORDS = 8  # "keep it to at most 150 words": a length; a longer text is a note
_SHORTER = re.compile(r"^\s*(?:make\s+it\s+)?(?:shorter|more\s+concise|trim\s+it|tighten\s+it)\s*[.!]?\s*$", re.I)
_ASK = re.compile(
    r"\b(?:others?|peers?|other\s+(?:institutions|universities|signatories)|elsewhere|examples?|everyone\s+else)\b", re.I
)
_QUESTION_START = re.compile(r"^\s*(?:how|what|which|where|who|show|give|any|can\s+you\s+show)\b", re.I)


@dataclass(frozen=True)
class Command:
    kind: str
    text: str = ""  # the notes to add, the words naming an element, or the instruction
    statements: tuple[str, ...] = ()
    words: int | None = None  # a length; 0 clears it, SHORTER is relative


def parse_turn(instruction: str, has_model: bool = False) -> Command:
    text = instruction.strip()
    if match := _NOTES.match(text):
        return Command(NOTES, match["text"].strip())
    if match := _DROP.match(text):
        return Command(DROP, statements=tuple(f"s{n}" for n in re.findall(r"\d+", match["ids"])))
    if match := _MOVE.match(text):
        return Command(MOVE, match["target"], (f"s{match['id'].lower().lstrip('s')}",))
    if _NO_LIMIT.match(text):
        return Command(LENGTH, text, words=0)
    if _SHORTER.match(text):
        return Command(LENGTH, text, words=SHORTER)
    if (match := _WORDS.search(text)) and len(text.split()) <= MAX_LENGTH_WORDS:
        return Command(LENGTH, text, words=int(match["n"]))
    if _QUESTION_START.match(text) and _ASK.search(text):
        return Command(ASK, text)
    return Command(REWRITE if has_model else NOTES, text)


def naming_words(text: str) -> str:
    """What is left of an ask or a move target once the asking is removed: the words
    that may name an element ("how did others evidence reporting lines?" -> "evidence
    reporting lines")."""
    text = re.sub(r"[?!.]", " ", text)
    text = re.sub(
        r"\b(?:how|what|which|where|who|did|do|does|have|has|had|show|me|give|any|can|you|the|a|an|"
        r"others?|peers?|other|institutions|universities|signatories|elsewhere|examples?|of|for|on|about|"
        r"they|write|wrote|written|describe|described|handle|handled|address|addressed|go|went|into|in|to|under)\b",
        " ", text, flags=re.I,
    )
    return " ".join(text.split())


def points_back(text: str) -> bool:
    """"this", "it", "that": the element in focus."""
    return re.search(r"\b(?:this|it|that|here|these)\b", text, re.I) is not None
