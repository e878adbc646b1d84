"""Key figures of a submission with their context: headcounts, percentages and changes,
counts of events and people, and funds, each with the sentence it comes from.

Deliberately plain patterns: a reviewer must be able to see why a number was picked,
and every figure carries its sentence, page and section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.text import clipped
from ingest.chunk import split_sentences

MAX_CONTEXT_CHARS = 240
# Shown in this order, at most this many of each kind.
KIND_LIMITS = {"headcount": 4, "change": 4, "money": 3, "count": 3, "percentage": 3}
# Tried in this order: a pound sign or "from X to Y" says more than a bare number.
MATCH_ORDER = ("money", "change", "headcount", "count", "percentage")

NUMBER = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
_PEOPLE = (
    r"technicians?|technical (?:staff|roles?|posts?|colleagues|workforce)|staff|FTE|apprentices?|"
    r"members|trainees|managers|specialists"
)
_EVENTS = (
    r"events?|sessions?|workshops?|awards?|nominations?|visitors|attendees|participants|"
    r"responses|respondents|placements?|surveys?|meetings?|courses?|applications?|people|pupils|"
    r"students|issues|stories|seminars|showcases?|cohorts?|registrations?"
)
_PATTERNS: dict[str, re.Pattern[str]] = {
    "money": re.compile(rf"£\s?(?:{NUMBER})(?:\s?(?:k|m|bn|million|thousand))?\b", re.I),
    "change": re.compile(
        rf"\bfrom\s+(?:{NUMBER})%?\s+(?:\w+\s+){{0,3}}?to\s+(?:{NUMBER})%?"
        rf"|(?:{NUMBER})\s?%\s+(?:increase|decrease|rise|fall|growth|reduction)"
        rf"|(?:increased|decreased|rose|risen|fallen|fell|grown|grew|doubled)\s+(?:\w+\s+){{0,2}}?by\s+(?:{NUMBER})\s?%",
        re.I,
    ),
    "headcount": re.compile(rf"\b(?:{NUMBER})\s+(?:\w+\s+){{0,2}}?(?:{_PEOPLE})\b", re.I),
    "count": re.compile(rf"\b(?:over\s+|more than\s+)?(?:{NUMBER})\s+(?:\w+\s+){{0,2}}?(?:{_EVENTS})\b", re.I),
    "percentage": re.compile(rf"\b(?:{NUMBER})\s?%", re.I),
}
_YEAR_ONLY = re.compile(r"^(?:over\s+|more than\s+)?(?:19|20)\d{2}\b", re.I)
_YEAR_SPAN = re.compile(r"^from\s+(?:19|20)\d{2}\s+to\s+(?:19|20)\d{2}$", re.I)
# A number right after one of these is a label ("Level 3", "Point 6"), not a quantity.
LABEL_BEFORE = re.compile(r"\b(?:level|point|action|grade|fig|figure|appendix|stage|band|phase|year|q|no)\.?\s*$", re.I)


@dataclass(frozen=True)
class KeyFigure:
    value: str  # the figure as written, e.g. "from 42 to 53", "£22,000", "150 technicians"
    kind: str  # headcount | change | money | count | percentage
    context: str  # the sentence it comes from
    page: int | None
    section: str

    def to_json(self) -> dict:
        return {
            "value": self.value,
            "kind": self.kind,
            "context": self.context,
            "page": self.page,
            "section": self.section,
        }


def figures_in(text: str, page: int | None, section: str) -> list[KeyFigure]:
    """The figures of one passage: at most one per sentence, of the most telling kind."""
    found = []
    for line in text.split("\n"):
        for sentence in split_sentences(line.strip()):
            figure = _figure(sentence, page, section)
            if figure:
                found.append(figure)
    return found


def _figure(sentence: str, page: int | None, section: str) -> KeyFigure | None:
    for kind in MATCH_ORDER:
        for match in _PATTERNS[kind].finditer(sentence):
            value = match.group().strip()
            if _is_label_or_year(kind, value, sentence[: match.start()]):
                continue
            context = clipped(sentence, MAX_CONTEXT_CHARS)
            return KeyFigure(value, kind, context, page, section)
    return None


def figure_kinds(sentence: str) -> set[str]:
    """Every kind of figure one sentence holds (a year or a label such as "Level 3" is none)."""
    return {
        kind for kind in MATCH_ORDER
        if any(not _is_label_or_year(kind, m.group().strip(), sentence[: m.start()]) for m in _PATTERNS[kind].finditer(sentence))
    }


def _is_label_or_year(kind: str, value: str, before: str) -> bool:
    if kind in ("headcount", "count") and (_YEAR_ONLY.match(value) or LABEL_BEFORE.search(before)):
        return True
    return kind == "change" and bool(_YEAR_SPAN.match(value))


def _first_number(value: str) -> str:
    match = re.search(NUMBER, value)
    return match.group().replace(",", "") if match else value.casefold()


def key_figures(passages: list[tuple[str, int | None, str]]) -> list[KeyFigure]:
    """The most telling figures of a document's passages (text, page, section): one per
    sentence, a number once per kind, grouped by kind (headcounts, changes, funds, counts,
    percentages) and capped per kind, in document order within a kind."""
    by_kind: dict[str, list[KeyFigure]] = {kind: [] for kind in KIND_LIMITS}
    seen: set[tuple[str, str]] = set()
    for text, page, section in passages:
        for figure in figures_in(text, page, section):
            key = (figure.kind, _first_number(figure.value))
            if key not in seen and len(by_kind[figure.kind]) < KIND_LIMITS[figure.kind]:
                seen.add(key)
                by_kind[figure.kind].append(figure)
    return [figure for kind in KIND_LIMITS for figure in by_kind[kind]]
