"""A question asked of a place or a grouping of institutions ("Anything from Scotland or
Northern Ireland?", "What are post-92 universities doing?", "outside the Russell Group"):
the institutions it covers, read from the register of UK institutions
(``domain/data/institutions.toml``), since the documents rarely say where their
institution is; and the question without the place's words, which say where, not what
about (stop 29: "the south-west of England" found passages that mention England)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from domain.institutions import Institution, Place, load_register

_SEPARATOR = r"[\s\-–]+"
# "from the Midlands", "Scotland or Northern Ireland"
_WHERE = r"\b(?:in|from|across|around|throughout|within|of|to|and|or)\s+(?:the\s+)?"
_INSTITUTIONS = r"(?:universities|university|unis|institutions|institutes|HEIs|colleges|signatories|organisations|employers)\b"
_NOT = r"\b(?:outside|beyond|not\s+in|not\s+part\s+of|non)(?:\s+the)?[\s\-]+"  # "outside the Russell Group"
_NOT_IN = r"\b(?:outside|not\s+in|not|except|excluding|leaving\s+out|other\s+than)\s+(?:the\s+)?"  # "(not London)", "outside London"


@dataclass(frozen=True)
class Scope:
    label: str  # "Scotland or Northern Ireland", "post-92 universities"
    regions: frozenset[str]
    groups: frozenset[str]
    excluded: frozenset[str]  # groupings the question asks outside of
    rest: str  # the question without the words that name the place
    excluded_regions: frozenset[str] = frozenset()  # "(not London)", "outside London" (stop 31)

    def includes(self, institution: Institution | None) -> bool:
        if institution is None:
            return False
        if (self.regions and institution.region not in self.regions) or institution.region in self.excluded_regions:
            return False
        if self.groups and not self.groups & set(institution.groups):
            return False
        if self.excluded and (self.excluded & set(institution.groups) or "research_institute" in institution.groups):
            return False  # outside a grouping of universities: the other universities
        return True


def _phrase(words: str) -> str:
    return _SEPARATOR.join(re.escape(word) for word in words.split())


@functools.cache
def _patterns(place: Place) -> list[tuple[re.Pattern, bool]]:
    """(pattern, negated): a grouping's name anywhere (or after "outside the"); a place's
    name where the question speaks of a place; an adjective before institutions."""
    if place.group:
        return [(re.compile(_NOT + _phrase(w) + r"\b", re.I), True) for w in place.words] + [
            (re.compile(r"(?<![\w-])" + _phrase(w) + r"(?![\w-])", re.I), False) for w in place.words]
    named = [re.compile(_WHERE + "(" + _phrase(w) + r")\b", re.I) for w in place.words]
    named += [re.compile(r"\b(" + _phrase(w) + r")\s+" + _INSTITUTIONS, re.I) for w in (*place.words, *place.adjectives)]
    # "what about the South East?", not "about London weighting"
    named += [re.compile(r"\babout\s+(?:the\s+)?(" + _phrase(w) + r")(?=\s*(?:[,.?!;:)]|$))", re.I) for w in place.words]
    outside = [re.compile(_NOT_IN + _phrase(w) + r"\b", re.I) for w in place.words]
    return [(pattern, True) for pattern in outside] + [(pattern, False) for pattern in named]


@functools.cache
def _longest_first(places: tuple[Place, ...]) -> list[tuple[Place, re.Pattern, bool]]:
    """Every place's patterns, a place asked outside of first ("not in London" is no "in
    London"), then the longest first (compiled and ordered once per register)."""
    return sorted(((place, pattern, negated) for place in places for pattern, negated in _patterns(place)),
                  key=lambda item: (not (item[2] and not item[0].group), -len(item[1].pattern)))


def _nation_after(rest: str, place: Place) -> int:
    """The length of the nation's name right after a region's ("South East *England*"),
    which names no place of its own; 0 when none follows."""
    if place.group:
        return 0
    for nation in load_register().places:
        if not nation.group and set(place.regions) < set(nation.regions):
            for word in nation.words:
                if match := re.match(r"\s+" + _phrase(word) + r"\b", rest, re.I):
                    return match.end()
    return 0


def asked_scope(question: str) -> Scope | None:
    """The place or grouping the question asks about, or None. Longer names first, each
    span read once ("the south-west of England" is the South West, not England; so is
    "south-west England": a region's nation after its name is part of it, stop 31)."""
    found: list[tuple[int, Place, bool]] = []  # (where the question names it, place, negated)
    text = question
    rest = question  # without the places' words, a partnership's name kept unless it says whom
    for place, pattern, negated in _longest_first(load_register().places):
        match = pattern.search(text)
        if not match:
            continue
        span = match.span(1) if pattern.groups else match.span()
        span = (span[0], span[1] + _nation_after(text[span[1]:], place))
        text = _blanked(text, span)
        if not place.partnership or _names_whom(question, span):
            rest = _blanked(rest, span)
        if not any(place == seen and negated == was for _, seen, was in found):
            found.append((span[0], place, negated))
    if not found:
        return None
    named = [(place, negated) for _, place, negated in sorted(found, key=lambda item: item[0])]  # as the question names them
    return Scope(
        label=_label(named),
        regions=frozenset(r for place, negated in named if not place.group and not negated for r in place.regions),
        excluded_regions=frozenset(r for place, negated in named if not place.group and negated for r in place.regions),
        groups=frozenset(place.group for place, negated in named if place.group and not negated),
        excluded=frozenset(place.group for place, negated in named if place.group and negated),
        rest=re.sub(r"\s+", " ", rest).strip(),
    )


def _blanked(text: str, span: tuple[int, int]) -> str:
    """The text with the span's characters made spaces (later spans keep their places)."""
    return text[: span[0]] + " " * (span[1] - span[0]) + text[span[1]:]


# a partnership's name saying whom the question asks of, not what about: "the GW4
# universities", "the N8 research universities", "members of the GW4 alliance" (stop 44)
_WHOM_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:universities|unis|institutions|members|partners)\b", re.IGNORECASE)
_WHOM_BEFORE = re.compile(r"\bmembers?\s+of\s+(?:the\s+)?$", re.IGNORECASE)


def _names_whom(question: str, span: tuple[int, int]) -> bool:
    """Whether the partnership's name at ``span`` names whom the question asks of (its
    name then kept out of the topic, as a region's is), not the partnership itself ("Which
    universities make up GW4?", "at the GW4 alliance's event": kept)."""
    return bool(_WHOM_AFTER.match(question, span[1]) or _WHOM_BEFORE.search(question[: span[0]]))


def _label(named: list[tuple[Place, bool]]) -> str:
    """"Scotland or Northern Ireland", "outside Russell Group universities", "the South
    East, outside London"."""
    inside = " or ".join(place.label for place, negated in named if not negated)
    outside = " or ".join(place.label for place, negated in named if negated)
    return ", ".join(part for part in (inside, outside and "outside " + outside) if part)


def institutions_within(scope: Scope, known: Iterable[str]) -> tuple[str, ...]:
    """The store's institutions (as the store names them) that the scope covers."""
    register = load_register()
    return tuple(name for name in known if scope.includes(register.find(name)))
