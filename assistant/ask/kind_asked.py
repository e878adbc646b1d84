"""The one kind of item a question asks for (answer_kinds.asked_kind: a number, a date, a
share ...), applied to the statements the evidence selection scored: those giving it are
quoted first, and an answer none of whose statements gives it is no answer."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import replace

from assistant.ask.answer_kinds import gives
from assistant.ask.bars import ANSWER_BAR, FOUND_BAR, MAX_RELATED, RELATED_MARGIN
from assistant.ask.evidence_data import Evidence, Statement, best_of_each
from assistant.ask.quotes import Scored, answerer

# kinds a statement gives or not by a figure: asked for one, an institution whose quotes give
# none does not answer (stop 54). A date, a length or a frequency may be written in words no
# pattern reads ("since the network began"), so for those the answer as a whole decides.
COUNTED_KINDS = frozenset({"a number", "a proportion", "a sum of money"})


def with_the_kind_asked(kind: str, named: bool, evidence: Evidence) -> Evidence:
    """A question only one kind of item answers (``answer_kinds.asked_kind``: ``kind``) is
    answered only by a statement giving one: when none that would be cited does, nothing is
    found, and those statements are shown apart. Those that give it are marked so
    (``Statement.gives_asked``: the answer opens on them). ``named``: asked of institutions
    the question names, each answers as it can."""
    if not kind or not evidence.found:
        return evidence
    marked = [replace(s, gives_asked=gives(kind, s.text)) for s in evidence.statements]
    if not any(s.gives_asked for s in marked):
        return Evidence(False, evidence.topic, [], evidence.statements[:MAX_RELATED], missing=kind)
    if kind not in COUNTED_KINDS or named:
        return replace(evidence, statements=marked)
    return _apart_unless_giving(evidence, marked)


def _apart_unless_giving(evidence: Evidence, marked: list[Statement]) -> Evidence:
    """Asked for a figure ("Is there hard evidence, with actual figures, that technicians
    are being promoted?"), an institution none of whose quotes gives one is shown apart
    with its best quote, not counted among those that answer: its promotion campaign,
    however close, is no figure."""
    giving = {s.who for s in marked if s.gives_asked}
    kept = [s for s in marked if s.who in giving]
    apart = [s for s in marked if s.who not in giving]
    return replace(evidence, statements=kept, related=best_of_each([*apart, *evidence.related]))


def giving_the_kind_first(kind: str, scored: list[Scored], about: dict[str, float]) -> list[Scored]:
    """For a question only one kind of item answers (``kind``), an institution's
    statements giving it that answer on their own (``ANSWER_BAR``), are a little below
    its best (``RELATED_MARGIN``) or are about the question by meaning and words (``about``,
    each statement's found-decision reading: it alone would be found, ``FOUND_BAR``; not
    so for a number, which any figure gives) are quoted first, a hair above that best
    score, the most about the question first: "How often does the forum meet?" is
    answered by "it meets six times a year", not by the forum's aims; "what share ... lose
    to retirement" by the sentence giving the percentage, not by the heading above it that
    ranks first with its passage; "When did Imperial restart its scheme?" by the sentence
    giving the restart's year, before a plan's start in September (stop 53). Which
    institutions answer is unchanged."""
    if not kind:
        return scored
    best: dict[str, float] = defaultdict(lambda: -math.inf)
    for source, _text, score, _vector in scored:
        best[answerer(source)] = max(best[answerer(source)], score)
    raised = []
    for source, text, score, vector in scored:
        top = best[answerer(source)]
        close = min(top - RELATED_MARGIN, ANSWER_BAR)
        # any figure gives a number, and a headcount is already half of one (coverage.counted):
        # those below the best go above it in their own order; any other kind, the most about it first
        if kind == "a number":
            lifted, order = score < top and close <= score, score
        else:
            near = about[text]
            lifted, order = close <= score or near >= FOUND_BAR, 2 + max(near, -1.0)
        if lifted and gives(kind, text):
            score = top + 1e-6 * order  # too little to lift an institution over the bar
        raised.append((source, text, score, vector))
    return raised
