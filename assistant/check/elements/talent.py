"""TALENT Commission coverage (template spec 8, renewal.q5; 10): every recommendation
1-16 is addressed. When the answer numbers its points ("Point 6", "Recommendation 6",
"Points 1-3") coverage is read from the numbers and a gap in the sequence is a miss;
otherwise a recommendation counts as addressed when the answer uses its keywords.
"""

from __future__ import annotations

import re

from assistant.check.elements.context import QuestionContext, mentioned
from assistant.check.finding import Finding, judged
from domain import ElementCheck, load_template

_LIST_ITEM = r"\d{1,2}(?:\s*(?:-|–|to)\s*\d{1,2})?"


def _markers_pattern() -> re.Pattern[str]:
    markers = "|".join(re.escape(m) for m in load_template().lexicon.talent_point_markers)
    return re.compile(
        rf"\b(?:{markers})s?\s+({_LIST_ITEM}(?:\s*(?:,|and|&)\s*{_LIST_ITEM})*)",
        re.I,
    )


def numbered_points(text: str) -> set[int]:
    """Recommendation numbers the text names with a marker, ranges expanded."""
    found: set[int] = set()
    for match in _markers_pattern().finditer(text):
        for item in re.findall(_LIST_ITEM, match.group(1)):
            bounds = [int(n) for n in re.findall(r"\d{1,2}", item)]
            found.update(range(bounds[0], bounds[-1] + 1))
    return {n for n in found if 1 <= n <= len(load_template().talent)}


def addressed_by_meaning(text: str) -> set[int]:
    return {rec.number for rec in load_template().talent if mentioned(text, rec.keywords)}


def coverage(ctx: QuestionContext, element: ElementCheck) -> Finding:
    text = ctx.answer.text
    numbered = numbered_points(text)
    addressed = numbered or addressed_by_meaning(text)
    how = "by number" if numbered else "by meaning (the answer does not number its points)"
    everything = [rec.number for rec in load_template().talent]
    absent = [n for n in everything if n not in addressed]
    return judged(
        not absent,
        f"all {len(everything)} recommendations are addressed ({how})",
        f"recommendation(s) {', '.join(map(str, absent))} are not addressed ({how})",
        missing_recommendations=absent,
    )
