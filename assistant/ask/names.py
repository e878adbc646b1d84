"""Institutions a question names: in full, by their distinctive words ("Chester",
"Newcastle and Northumbria") or by their initials ("LJMU"), matched against the
institutions the store knows."""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.ask.spelling import english_word
from assistant.ask.words import words
from domain.text import acronyms


def _plain_words(text: str) -> list[str]:
    """Its words without possessive endings, the same in a question and in a name
    ("King's College London" is named in "How many technicians does King's College London have?")."""
    return [w.removesuffix("'s").removesuffix("’s") for w in words(text)]


def _normalise_name(name: str) -> str:
    text = " ".join(_plain_words(name))
    return text[4:] if text.startswith("the ") else text


_NAME_WORDS = frozenset(
    "university universities college institute institution school centre center of the and for "
    "in at london research trust foundation".split()
)
# name words may stand between distinctive ones ("Newcastle and Northumbria" names "Newcastle University and University of Northumbria")
_BETWEEN_NAME_WORDS = r"(?: (?:" + "|".join(sorted(_NAME_WORDS)) + r"))* "


def _distinctive(name: str) -> tuple[str, ...]:
    """The words that tell an institution's name from others ("chester" for "University of
    Chester", "edinburgh napier" for "Edinburgh Napier University")."""
    return tuple(w for w in _plain_words(name) if w not in _NAME_WORDS)


def named_institutions(text: str, known: Iterable[str]) -> tuple[str, ...]:
    """Institutions the question names: in full, or by their distinctive words alone
    ("Chester", "Leeds's") when exactly one known institution is called just that; and
    those it names by their initials ("LJMU")."""
    known = list(known)
    by_name = _named_by_name(text, known)
    return (*by_name, *(name for name in _by_initials(text, known) if name not in by_name))


def _named_by_name(text: str, known: list[str]) -> tuple[str, ...]:
    lowered = " " + " ".join(_plain_words(text)) + " "
    known = sorted(known, key=len, reverse=True)
    found = []
    for name in known:
        norm = _normalise_name(name)
        if norm and f" {norm} " in lowered and not any(norm in _normalise_name(f) for f in found):
            found.append(name)
    if found:
        return tuple(found)
    by_short: dict[str, list[str]] = {}
    for name in known:
        short = " ".join(_distinctive(name))
        if short:
            by_short.setdefault(short, []).append(name)
    for short, names in sorted(by_short.items(), key=lambda item: -len(item[0])):
        named = re.search(" " + _BETWEEN_NAME_WORDS.join(map(re.escape, short.split())) + rf" (?!{_PLURAL_KINDS})", lowered)
        if len(names) == 1 and named and _written_as_a_name(short, text) and not any(short in " ".join(_distinctive(f)) for f in found):
            found.append(names[0])
    return tuple(found)


def _written_as_a_name(short: str, text: str) -> bool:
    """Whether an institution's distinctive words are written as a name: one of them
    capitalised ("Reading", "the Liverpool tropical medicine school"), or in a message typed
    without capitals ("anything from leeds?", "how many has aston hosted?"). Many are also
    everyday words: a reading list, an open day and a technician group name no institution."""
    informal = not text.lstrip()[:1].isupper()
    return informal or any(re.search(rf"(?<![\w-]){w[0].upper()}{re.escape(w[1:])}", text) for w in short.split())


# A place name before institutions in the plural is the place: "Edinburgh's universities"
# are not the University of Edinburgh.
_PLURAL_KINDS = r"(?:universities|institutions|institutes|colleges|organisations|signatories|employers) "


_CAPITALS = re.compile(r"\b[A-Z]{3,6}\b")
_LOWER = re.compile(r"\b[a-z]{3,6}\b")


def _by_initials(text: str, known: list[str]) -> tuple[str, ...]:
    """Institutions the question names by their initials, when exactly one known
    institution has them (a lead writes "LSTM" as often as the full name): in capitals
    ("at LJMU"), or typed in lower case ("icr technicians") when they are no English word."""
    by_initials: dict[str, list[str]] = {}
    for name in known:
        for acronym in acronyms(name):
            by_initials.setdefault(acronym, []).append(name)
    lowered = [token for token in _LOWER.findall(text) if token in by_initials and not english_word(token)]
    tokens = dict.fromkeys([*(token.lower() for token in _CAPITALS.findall(text)), *lowered])
    found = [by_initials[token][0] for token in tokens if len(by_initials.get(token, ())) == 1]
    return tuple(found)


# a question choosing among the institutions it names, not asking of each
_CHOOSES_AMONG = re.compile(r"\b(?:which|whether|or)\b|^\W*(?:was|is) it\b", re.IGNORECASE)


def asks_of_each(text: str) -> bool:
    """Whether a question naming institutions together asks of each of them ("How do
    Cardiff and Edinburgh each keep technicians informed?"), not which of them does
    something ("Was it Cranfield or Surrey that ...?", "Out of these, which ones ...?")."""
    return not _CHOOSES_AMONG.search(text)
