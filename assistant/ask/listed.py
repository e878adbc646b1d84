"""A question that lists examples of what it asks about ("Which pages describe events for
technicians, such as launches, festivals or open forums?"): read once per example as well,
so that a statement about one of them is judged against that example, not against the
whole list, which no one statement answers (docs/retrieval.md, "Stop 43").

Only an explicit list: a marker ("such as", "for example", "for instance", "e.g.", or
", including"), then two to six items joined by commas and an "or" or "and"; the list ends at
the first comma after its last item ("such as a funder or a national scheme, that helps
them ..."). "Including" as a verb ("Is anyone including technicians ...?") lists nothing.
"""

from __future__ import annotations

import re

from assistant.ask.message import QUESTION_WORD

_MARKER = re.compile(r"(?:\b(?:such as|for example|for instance|e\.g\.,?)|,\s*including)\s+([^?.!;:]+)", re.I)
_LAST_JOIN = re.compile(r"\s(?:or|and)\s", re.I)
_ITEM_BREAK = re.compile(r"\s*,\s*(?:or\s+|and\s+)?|\s+(?:or|and)\s+", re.I)
# ", and what did it cost?": the question goes on to ask something else
_NEXT_ASK = re.compile(rf",?\s+(?:and|or)\s+(?:{QUESTION_WORD}|did|do|does|is|are|was|were)\b", re.I)
MAX_EXAMPLES = 6


def one_example_each(question: str) -> list[str]:
    """The question once per example it lists, the others left out ("..., such as
    festivals?"); empty when it lists none."""
    marker = _MARKER.search(question)
    if not marker:
        return []
    listed = marker.group(1)
    if ask := _NEXT_ASK.search(listed):
        listed = listed[: ask.start()]
    join = _LAST_JOIN.search(listed)
    if not join:
        return []
    if (comma := listed.find(",", join.end())) >= 0:
        listed = listed[:comma]
    items = [item.strip() for item in _ITEM_BREAK.split(listed) if item.strip()]
    if not 2 <= len(items) <= MAX_EXAMPLES:
        return []
    start, end = marker.start(1), marker.start(1) + len(listed)
    return [question[:start] + item + question[end:] for item in items]
