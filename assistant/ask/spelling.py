"""Typing slips in a question ("techincal", "univeristies", "reserch"): a word that
neither the corpus nor an English dictionary knows, one edit (a letter left out, added,
changed or two swapped) from a word the corpus uses, is read as that word. Left as typed,
it is a word no passage mentions, which makes the question seem to ask about something the
corpus lacks. Words the corpus uses are never changed (names, acronyms: "RSciTech",
"Keele"), nor are English words it lacks ("parking" stays what a `none` question asks).
A slip keeps its first letter ("funder" is no slip of "under") and a British spelling is
no slip of the American one ("honour", "organise"). The dictionary is pyspellchecker's
English word list, loaded on the first word the corpus does not know.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

_WORD = re.compile(r"[A-Za-z]{5,}")
_BRITISH = (("our", "or"), ("ise", "ize"), ("isation", "ization"), ("tre", "ter"), ("yse", "yze"), ("ogue", "og"))


@cache
def _english():
    from spellchecker import SpellChecker

    return SpellChecker(distance=1)


def english_word(word: str) -> bool:
    """Whether the English word list knows ``word`` (lower case)."""
    return word in _english()


def corrected(text: str, in_corpus: Callable[[str], bool]) -> str:
    """``text`` with each slip replaced by the corpus's word it was meant to be;
    ``in_corpus``: whether some passage uses the word (in any form)."""

    def correct(match: re.Match[str]) -> str:
        word = match.group(0)
        lower = word.lower()
        if in_corpus(lower) or english_word(lower):
            return word
        fix = _english().correction(lower)
        if not fix or fix == lower or fix[0] != lower[0] or _british_of(lower, fix) or not in_corpus(fix):
            return word
        return fix

    return _WORD.sub(correct, text)


def _british_of(word: str, other: str) -> bool:
    return any(british in word and word.replace(british, american) == other for british, american in _BRITISH)
