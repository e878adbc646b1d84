"""The amounts a statement reports, by the kinds the template asks some elements for:
money or staff time (resources: "what money/staff time supports it") and any figure at all,
a change ("from 5 to 31") among them (concrete evidence: "at least one link, figure,
testimonial or article").

An element lists the kinds that serve it in ``domain/data/element_guidance.toml``; a
statement that reports one counts as using that element's vocabulary
(``assistant/draft/placement.py``): "£8,000 a year" is funding, "a tenth of the
coordinator's time" is staff time, whatever the sentence's subject.
"""

from __future__ import annotations

import re

from assistant.summarise.figures import NUMBER
from assistant.summarise.figures import figure_kinds as _summary_kinds

KINDS = ("money", "staff time", "change", "figure")
_WORD_NUMBER = r"a|an|one|two|three|four|five|six|seven|eight|nine|ten|half\s+a"
_SHARE = rf"(?:{NUMBER})\s?%|(?:a|one|two|three|four)\s+(?:half|third|quarter|fifth|tenth)s?|half"
_STAFF_TIME = re.compile(
    rf"\b(?:{_SHARE})\s+of\s+(?:[\w'’-]+\s+){{0,3}}?(?:time|hours|week|workload)\b"
    rf"|(?:^|\s)(?:{NUMBER})\s?FTE\b"
    rf"|\b(?:{NUMBER}|{_WORD_NUMBER})\s+(?:hours?|days?|half-days?|weeks?)\s+(?:a|per|each|every)\s+(?:week|month|term|year|annum)\b",
    re.I,
)


def figure_kinds(text: str) -> frozenset[str]:
    """The kinds of amount ``text`` reports: "money" (£2,000, as the summariser reads it),
    "staff time" (5% of their time, a quarter of the lead's time, 0.4 FTE, 20 hours a
    year), "change" (from 5 to 31, a 20% increase) and "figure" (any of these, or a count,
    a headcount or a percentage; not a year or a label such as "Level 3")."""
    summary = _summary_kinds(text)
    kinds = {"change", "money"} & summary
    if _STAFF_TIME.search(text):
        kinds.add("staff time")
    if kinds or summary:
        kinds.add("figure")
    return frozenset(kinds)
