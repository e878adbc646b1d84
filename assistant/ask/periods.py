"""A question asked of a period ("What did signatories get done during 2022?", "What's on
these pages from 2023 onwards?", "What were universities doing back in 2019?"): the years
it covers, and the question without the words that say when. Asked of a period alone,
what the institutions did then answers: the statements that date something within it
(stop 31: the year was one rare word among the question's, and the answer cited one
institution of the eight whose passages date their work in that year)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

_YEAR = r"((?:19|20)\d\d)"
# "2020-23", "2019 to 2022", "between 2018 and 2021"
_SPAN = re.compile(rf"\b(?:between\s+)?{_YEAR}\s*(?:-|–|to|and|until)\s*((?:19|20)?\d\d)\b(?!\s*%)", re.I)
# "since 2018", "from 2023 onwards", "2023 onwards", "after 2020"
_FROM = re.compile(rf"\b(since|from|after)\s+{_YEAR}(?:\s+onwards?)?\b|\b{_YEAR}\s+onwards?\b", re.I)
# "before 2018", "until 2020", "up until 2021"
_UNTIL = re.compile(rf"\b(before|until|till|up until)\s+{_YEAR}\b", re.I)
# "in 2022", "during 2022", "back in 2019", "over 2021"
_IN = re.compile(rf"\b(?:(?:back\s+)?in|during|over|throughout)\s+{_YEAR}\b(?![-–/])", re.I)
# a year or a span of years a statement dates something by: "2022", "2020-23", "2020/21"
_DATED = re.compile(r"\b((?:19|20)\d\d)(?:\s*[-–/]\s*((?:19|20)?\d\d))?\b")


@dataclass(frozen=True)
class Period:
    first: int
    last: int
    label: str  # the words that said when: "during 2022", "from 2023 onwards"
    rest: str  # the question without them

    def dates(self, text: str) -> bool:
        """Whether a statement dates something within the period: a year of it; for a period
        of several years, a span of years that starts or ends in it too. A span names a plan
        or a strategy ("the 2020-2030 strategy"), not what was done in its first year."""
        for match in _DATED.finditer(text):
            first = int(match.group(1))
            if not match.group(2):
                if self.first <= first <= self.last:
                    return True
            elif self.first < self.last:
                last = _full_year(match.group(2), first)
                if self.first <= first <= self.last or self.first <= last <= self.last:
                    return True
        return False

    @property
    def years(self) -> list[int]:
        """The period's years, to search by (an open end stops at this year)."""
        return list(range(self.first, min(self.last, datetime.date.today().year) + 1))


def asked_period(question: str) -> Period | None:
    """The period a question asks about, or None (a question may name a year for other
    reasons: "Cardiff's 2020-23 programme" asks of the programme, not of those years, so
    only a span, or a year after a word of time, is a period)."""
    if match := _SPAN.search(question):
        first = int(match.group(1))
        last = _full_year(match.group(2), first)
        if last < first or _possessive_before(question, match.start()):
            return None
        return _period(question, match, first, last)
    if match := _FROM.search(question):
        year = int(match.group(2) or match.group(3))
        after = (match.group(1) or "").lower() == "after"  # "after 2020" starts in 2021
        return _period(question, match, year + 1 if after else year, 9999)
    if match := _UNTIL.search(question):
        year = int(match.group(2))
        return _period(question, match, 1900, year - (match.group(1).lower() == "before"))
    if match := _IN.search(question):
        year = int(match.group(1))
        return _period(question, match, year, year)
    return None


def _period(question: str, match: re.Match, first: int, last: int) -> Period:
    rest = re.sub(r"\s+", " ", question[: match.start()] + " " + question[match.end():]).strip()
    return Period(first, last, match.group(0).strip(), rest)


def _full_year(text: str, first: int) -> int:
    """"23" after 2020 is 2023."""
    return int(text) if len(text) == 4 else first // 100 * 100 + int(text)


def _possessive_before(question: str, start: int) -> bool:
    """"Cardiff's 2020-23 programme": a span that names a plan, not a period asked of."""
    return bool(re.search(r"'s\s*$|’s\s*$|\b(?:the|its|their|our|a)\s*$", question[:start], re.I))
