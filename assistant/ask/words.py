"""A text's words as the ask job reads them: lower case, with inner apostrophes and
hyphens kept ("king's", "job-shadowing"), and their stems."""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")

# the auxiliaries a question asked yes or no opens on, before its subject ("*Does* any
# university ...?", "*Has* anyone ...?"), and the forms of "be" that do so ("*Is* there ...?")
INVERTING = frozenset("do does did has have had can could will would should may might".split())
BE = frozenset("is are was were".split())
AUXILIARY = rf"(?:{'|'.join(sorted(INVERTING | BE))})"  # any of them, as a pattern's part


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """Each word as ``words`` reads it, with where it stands in ``text`` (start, end): to
    quote the text's own stretch between two words."""
    # folded letter by letter, so that the offsets are the text's ("İ".lower() is two characters)
    folded = "".join(c.lower() if len(c.lower()) == 1 else c for c in text).replace("’", "'")
    return [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(folded)]


_SUFFIXES = (
    "isations", "izations", "isation", "ization", "itions", "ition", "ations", "ation",
    "ions", "ion", "ships", "ship", "ments", "ment", "ising", "izing", "ised", "ized", "ises", "izes", "ise", "ize",
    "ators", "ator", "ings", "ing", "ies", "ied", "es", "ed", "s",
)
# derivations the suffixes would take to another word's stem: a publication is published,
# not public ("show their work to the public" is not about publications); a secondment is
# no "second cohort", a department does not depart ("departing technicians")
_DERIVED_FROM = {"publication": "publish", "secondment": "secondment", "seconded": "secondment", "department": "department"}
_LONG_STEM_SUFFIXES = ("ions", "ion")  # only off a stem of 5 letters: action and section stay
# what a suffix leaves in its place: the agent keeps its verb's stem (coordinator,
# coordinating); a final "y" turned "i" comes back (study/studies/studied, policy/policies)
_LEAVES = {"ators": "at", "ator": "at", "ies": "y", "ied": "y"}


def _takes_off(word: str, suffix: str) -> bool:
    """Whether ``suffix`` comes off ``word``: a stem long enough is left, and "-ion" only
    after the "t", "s" or "x" of a verb (promotion, discussion; not champion, million)."""
    if not word.endswith(suffix) or len(word) - len(suffix) < (5 if suffix in _LONG_STEM_SUFFIXES else 3):
        return False
    return suffix not in _LONG_STEM_SUFFIXES or word[-len(suffix) - 1] in "tsx"


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light English stemmer: enough to match apprentice/apprenticeships,
    recognise/recognition/recognising, ageing/age, grade/grading, promotion/promoted (not
    "promotional": publicity), progress/progression (not act/action), coordinator/
    coordinating/coordination, celebrate/celebration, publication/published (not "public"),
    study/studies/studied.
    Cached: the relevance floor stems every word of the passages it reads."""
    word = word.replace("’", "'").removesuffix("'s")
    if word.removesuffix("s") in _DERIVED_FROM:
        return _DERIVED_FROM[word.removesuffix("s")]
    for suffix in _SUFFIXES:
        if suffix == "s" and word.endswith("ss"):  # progress, class: no plural to take off
            break
        if _takes_off(word, suffix):
            word = word[: -len(suffix)] + _LEAVES.get(suffix, "")
            break
    # a final "e" goes too, as the suffixes took it: grade/grading, measure/measured, place/placement
    word = word[:-1] if word.endswith("e") and len(word) > 3 else word
    # a verb in "-ate" meets its noun in "-ation": celebrate/celebration, evaluate/evaluation
    return word[:-2] if word.endswith("at") and len(word) >= 6 else word


def compared_bases(word: str) -> tuple[str, ...]:
    """The plain forms a comparative or superlative may come from ("wider": "wide";
    "bigger": "big"; "fastest": "fast"): a corpus that says "a wide range" knows the word a
    question compares with it."""
    for ending in ("est", "er"):
        plain = word.removesuffix(ending)
        if plain != word and len(plain) >= 3:
            doubled = (plain[:-1],) if len(plain) > 3 and plain[-1] == plain[-2] else ()
            return (plain, plain + "e", *doubled)
    return ()
