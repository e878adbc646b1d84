"""Small text helpers of action mining: cleaning a cell, a short title cut at a phrase
boundary, a label made into a title others can use, whether a text carries a figure,
the sentence around a match, a stored date."""

from __future__ import annotations

import re
from datetime import date

from assistant.ask.words import words
from assistant.plan.phrases import (
    COMMON_NAME_WORDS,
    all_keywords,
)
from domain import fold

MAX_TITLE_WORDS = 8


_TITLE_BOUNDARY = frozenset(
    "across within in for to by with through at so that which as and from on of".split()
)


_FIGURE = re.compile(r"\d+(?:[.,]\d+)?\s*%|£\s?\d|\b\d{1,3}(?:,\d{3})+\b|\b(?!(?:19|20)\d{2}\b)\d+\b")


_NUMBER_WORDS = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|fifty|hundred)\b",
    re.IGNORECASE,
)


def short_title(text: str, max_words: int = MAX_TITLE_WORDS) -> str:
    """A label of at most ``max_words`` words, cut at a phrase boundary, first letter capital."""
    parts = clean(text).rstrip(".;:,").split()
    if len(parts) > max_words:
        cut = max((i for i in range(2, max_words + 1) if fold(parts[i]) in _TITLE_BOUNDARY), default=max_words)
        parts = parts[:cut]
    title = " ".join(parts).strip(" ,;:-–")
    return title[:1].upper() + title[1:]


def label_title(label: str, institution: str | None) -> str:
    """A source's label as a title others can use: "Ashdown Technical Excellence Awards"
    -> "Technical Excellence Awards" (the institution's own name words dropped)."""
    own = set(words(institution or "")) - COMMON_NAME_WORDS - {w for k in all_keywords() for w in words(k)}
    kept = [w for w in label.split() if not (w[:1].isupper() and re.sub(r"['’]s?$", "", w.lower()) in own)]
    return short_title(" ".join(kept) or label)


def has_figure(text: str) -> bool:
    """A reported number (a count, a percentage, money), years aside."""
    return bool(_FIGURE.search(text) or _NUMBER_WORDS.search(text))


def sentence_around(text: str, offset: int) -> str:
    start = max(text.rfind("\n", 0, offset), text.rfind(". ", 0, offset) + 1, 0)
    end = text.find("\n", offset)
    return clean(text[start : end if end != -1 else len(text)])


def clean(text: str) -> str:
    return " ".join(text.replace("**", "").split())


def stored_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
