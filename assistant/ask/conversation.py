"""Follow-up questions: "and at research institutes?", "more on the second one".

A follow-up is read against the previous turn: its topic words carry over, an ordinal
points at the previous answer's n-th citation (its institution becomes the focus), and
a kind of institution narrows the question."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer import Answer

ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "sixth": 6, "last": -1,
}
_FOLLOW_UP_START = re.compile(r"^\s*(and|what about|how about|more on|tell me more|what else|also|same|only|just)\b", re.I)
_REFERS_BACK = re.compile(r"\b(they|them|those|that one|this one|the (?:first|second|third|fourth|fifth|last) one|it)\b", re.I)
_ORDINAL = re.compile(r"\b(" + "|".join(ORDINALS) + r")\b(?:\s+(?:one|point|example|institution))?", re.I)
_KIND = re.compile(r"\b(research institutes?|institutes?|universities|colleges?|centres?)\b", re.I)


@dataclass(frozen=True)
class Turn:
    question: str
    answer: Answer


@dataclass(frozen=True)
class ResolvedQuestion:
    query: str  # what is retrieved for
    institution: str | None = None  # focus on one institution (from "the second one")
    institution_kind: str | None = None  # "institute", "university", ... narrows by name


def is_follow_up(question: str) -> bool:
    short = len(question.split()) <= 6
    return bool(_FOLLOW_UP_START.search(question) or _REFERS_BACK.search(question) or (short and _ORDINAL.search(question)))


_SCOPED_KIND = re.compile(r"\b(?:at|in|among|across|from|for|by)\s+(?:the\s+)?(?:other\s+|uk\s+)?" + _KIND.pattern[2:], re.I)


def _institution_kind(question: str, follow_up: bool) -> str | None:
    """"at research institutes" narrows to institutions of that kind; a bare kind word
    does only in a follow-up ("and universities?"): "outreach with schools and colleges"
    is about pupils' colleges, not institutions named College."""
    match = (_KIND if follow_up else _SCOPED_KIND).search(question)
    if not match:
        return None
    word = match.group(1).lower()
    for kind in ("institute", "universit", "college", "centre"):
        if kind in word:
            return kind
    return None


def _pointed_institution(question: str, answer: Answer) -> str | None:
    match = _ORDINAL.search(question)
    if not match or not answer.citations:
        return None
    index = ORDINALS[match.group(1).lower()]
    citations = sorted(answer.citations, key=lambda c: c.n)
    if index == -1:
        index = len(citations)
    if 1 <= index <= len(citations):
        return citations[index - 1].source.institution
    return None


def resolve(question: str, history: list[Turn]) -> ResolvedQuestion:
    """The question to retrieve for, given the conversation so far."""
    follow_up = bool(history) and is_follow_up(question)
    kind = _institution_kind(question, follow_up)
    if not follow_up:
        return ResolvedQuestion(question, institution_kind=kind)
    previous = history[-1]
    topic = previous.answer.effective_query or previous.question
    # the kind the earlier turn was asked of holds until the follow-up names another
    # ("... at research institutes?" then "Did any of them use the levy?")
    kind = kind or _institution_kind(topic, False)
    institution = _pointed_institution(question, previous.answer)
    rest = _ORDINAL.sub(" ", _FOLLOW_UP_START.sub(" ", question)).strip(" ?.")
    query = f"{topic} {rest}".strip() if rest else topic
    return ResolvedQuestion(query, institution=institution, institution_kind=kind)
