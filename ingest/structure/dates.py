"""Dates as documents write them, each read as a period with its precision.

"26 July 2024" is a day, "March 2021" a month, "Q1 2026" a quarter, "2024/25" an
academic year, "2025" a year. Numeric dates are UK day-first ("02/07/2024" is 2 July).
Meta wants the ISO text at the written precision; action timescales want start and end.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (calendar.month_name[number].lower(), calendar.month_abbr[number].lower())
}
_MONTHS["sept"] = 9
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 2),
}

_PERIOD = re.compile(
    rf"""
    \b(?P<iso_y>\d{{4}})-(?P<iso_m>\d{{1,2}})-(?P<iso_d>\d{{1,2}})\b
  | \b(?P<num_d>\d{{1,2}})[/.-](?P<num_m>\d{{1,2}})[/.-](?P<num_y>\d{{4}}|\d{{2}})\b
  | \b(?P<dmy_d>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?(?P<dmy_m>{_MONTH}),?\s*(?P<dmy_y>\d{{4}})\b
  | \b(?P<mdy_m>{_MONTH})\s+(?P<mdy_d>\d{{1,2}}){_ORDINAL},?\s+(?P<mdy_y>\d{{4}})\b
  | \b(?P<my_m>{_MONTH}),?\s*(?P<my_y>\d{{4}})\b
  | \bQ(?P<q>[1-4])\s*(?P<q_y>\d{{4}})\b
  | \b(?P<yq_y>\d{{4}})\s*Q(?P<yq>[1-4])\b
  | \b(?P<season>spring|summer|autumn|fall|winter)(?:\s+term)?\s+(?P<season_y>\d{{4}})\b
  | \b(?P<ay>\d{{4}})\s*/\s*(?P<ay_end>\d{{4}}|\d{{2}})\b
  | \b(?P<year>(?:19|20)\d{{2}})\b
  | \b(?P<bare_m>{_MONTH})(?=\s*(?:-|–|—|to|until)\s*)
    """,
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class Period:
    """A written date as the span of days it covers; ``iso`` keeps the written precision."""

    start: date
    end: date
    iso: str
    offset: int  # where it was found in the text


def find_periods(text: str) -> list[Period]:
    """Every date expression in ``text``, in order; a month without a year ("May - July
    2025") takes the year of the next period."""
    periods: list[Period] = []
    pending_months: list[tuple[int, int]] = []
    for match in _PERIOD.finditer(text):
        if match.group("bare_m"):
            pending_months.append((_MONTHS[_month_key(match.group("bare_m"))], match.start()))
            continue
        period = _period_from_match(match)
        if period is None:
            continue
        periods.extend(
            _month_period(period.start.year, month, offset) for month, offset in pending_months
        )
        pending_months.clear()
        periods.append(period)
    return sorted(periods, key=lambda period: period.offset)


def parse_date(text: str) -> Period | None:
    """The first date written in ``text``, if any."""
    periods = find_periods(text)
    return periods[0] if periods else None


def _month_key(token: str) -> str:
    return token.lower().rstrip(".")


def _period_from_match(match: re.Match) -> Period | None:
    """Build the Period of one regex match; None for impossible dates (31/02)."""
    group = match.group
    offset = match.start()
    try:
        if group("iso_y"):
            return _day_period(
                int(group("iso_y")), int(group("iso_m")), int(group("iso_d")), offset
            )
        if group("num_d"):
            return _day_period(
                _full_year(group("num_y")), int(group("num_m")), int(group("num_d")), offset
            )
        if group("dmy_d"):
            return _day_period(
                int(group("dmy_y")),
                _MONTHS[_month_key(group("dmy_m"))],
                int(group("dmy_d")),
                offset,
            )
        if group("mdy_d"):
            return _day_period(
                int(group("mdy_y")),
                _MONTHS[_month_key(group("mdy_m"))],
                int(group("mdy_d")),
                offset,
            )
    except ValueError:
        return None
    if group("my_m"):
        return _month_period(int(group("my_y")), _MONTHS[_month_key(group("my_m"))], offset)
    if group("q") or group("yq"):
        quarter, year = int(group("q") or group("yq")), int(group("q_y") or group("yq_y"))
        return _months_period(
            year, 3 * quarter - 2, year, 3 * quarter, f"{year}-Q{quarter}", offset
        )
    if group("season"):
        return _season_period(group("season").lower(), int(group("season_y")), offset)
    if group("ay"):
        return _academic_year(int(group("ay")), group("ay_end"), offset)
    year = int(group("year"))
    return Period(date(year, 1, 1), date(year, 12, 31), str(year), offset)


def _full_year(text: str) -> int:
    return int(text) if len(text) == 4 else 2000 + int(text)


def _day_period(year: int, month: int, day: int, offset: int) -> Period:
    day_date = date(year, month, day)
    return Period(day_date, day_date, day_date.isoformat(), offset)


def _month_period(year: int, month: int, offset: int) -> Period:
    return _months_period(year, month, year, month, f"{year}-{month:02d}", offset)


def _months_period(
    first_year: int, first: int, last_year: int, last: int, iso: str, offset: int
) -> Period:
    end_day = calendar.monthrange(last_year, last)[1]
    return Period(date(first_year, first, 1), date(last_year, last, end_day), iso, offset)


def _season_period(season: str, year: int, offset: int) -> Period:
    first, last = _SEASONS[season]
    last_year = year + 1 if last < first else year
    return _months_period(year, first, last_year, last, f"{year}-{first:02d}", offset)


def _academic_year(year: int, end_text: str, offset: int) -> Period | None:
    """ "2024/25" or "2024/2025": September to August."""
    end_year = _full_year(end_text) if len(end_text) == 4 else year // 100 * 100 + int(end_text)
    if end_year != year + 1:
        return None
    return _months_period(year, 9, end_year, 8, str(year), offset)
