"""How drafting reads a slot's vocabulary in a statement: each word of a term may inflect,
a term right after a negation is not used, and the spec's "since signing" is also said of
the time of signing. Read by the placement's vocabulary bonus and by a label that names a
slot (``assistant/draft/placement.py``). The negation and the time of signing were chosen
together at stop 24 on the tuning set and the labelled notes (held-out 160 -> 161 of 177
fp32; each alone moved none of them): docs/drafting.md."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from domain import fold

_ENDINGS = r"(?:s|es|'s|s'|d|ed|ing)?"  # the checker's endings, and the possessives
# A term under a negation is not used (general English: "no budget", "without a budget",
# "not a committee" say the item is absent): "At signing we had a volunteer group and no
# budget" reports no resource.
_NEGATED = re.compile(r"\b(?:no|without|not|never)(?:\s+(?:a|an|any))?\s+$")
# The spec's "since signing" (renewal.q1.changes, renewal.q2.development: "how all this has
# evolved since signing") said of the time of signing ("At signing, ...", "When we signed,
# ...", "before signing") or with a date for it ("Since 2021 the Faculty has added 38
# posts"): the then of a then-and-now, so the statement uses the term.
SINCE_SIGNING = "since signing"
_AT_SIGNING = r"\b(?:since|at|when|before|until)\s+(?:we\s+|the\s+\w+\s+)?sign(?:ing|ed)\b"  # the time of signing itself
_SIGNING = re.compile(_AT_SIGNING + r"|\bsince\s+(?:\w+\s+)?(?:19|20)\d\d\b", re.I)


def uses(text: str, terms: Sequence[str]) -> bool:
    """Whether the text uses one of the terms, each word of a term in any of its
    inflected forms (general English: a phrase's words inflect one by one, not only its
    last): "technician network" finds "technicians' networks", "job description" finds
    "job descriptions"; the words must still stand side by side in the term's order. The
    checker's ``mentioned`` inflects only a term's last word; drafting reads the user's
    own phrasing more loosely. A term right after a negation is not used ("no budget",
    "without a budget": ``_NEGATED``)."""
    folded = fold(text)
    return any(
        not _NEGATED.search(folded[: match.start()]) for term in terms for match in term_pattern(term).finditer(folded)
    )


@lru_cache(maxsize=8192)
def term_pattern(term: str) -> re.Pattern:
    """The term's words, each with the checker's endings; a term that starts with a
    symbol is matched as it is. Cached: the same vocabulary is read for every statement."""
    words = fold(term).split()
    if not words or not words[0][:1].isalnum():
        return re.compile(re.escape(fold(term)))
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(word) + _ENDINGS for word in words) + r"(?!\w)")


def signing(text: str) -> bool:
    """Whether the text speaks of the time of signing or of a change since a date
    (``_SIGNING``): it then uses the spec's "since signing"."""
    return bool(_SIGNING.search(text))


def at_signing(text: str) -> bool:
    """Whether the text speaks of the time of signing itself ("When we signed in 2019 we
    had 58", "We signed in May 2025", "At signing ..."), not only of a change since a date."""
    return bool(re.search(_AT_SIGNING + r"|^\s*(?:we\s+)?signed\b", text, re.I))
