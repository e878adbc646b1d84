"""Which of a question's key concepts a statement mentions, read as the question means
them: by the question's word (its stem) or a domain synonym as written, a compound's words
together, the question's own verb weighing less. The evidence selection (evidence.py)
scores statements by it, for the ranking (``coverage``) and for the found decision
(``sensed_coverage``), and lets answer only those that mention the names the question
writes (``mention_the_names``)."""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from assistant.answer import Source
from assistant.ask.query import QueryPlan, Topic
from assistant.ask.words import stem, words
from domain.taxonomy import load_taxonomy

FRAME_WEIGHT = 0.5  # the question's own verb, in the found decision: it says what is asked, not about what

_NUMBER = r"(?:\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundreds?|thousands?)"
# a number of technicians: "150 technicians", "at least 1,300 technical staff", "200 technical colleagues"
_COUNT_OF_TECHNICIANS = re.compile(
    rf"\b{_NUMBER}\s+(?:[\w-]+\s+){{0,2}}?(?:technicians|technical (?:staff|colleagues|employees)|FTE)\b", re.IGNORECASE
)


def counted(plan: QueryPlan, coverage: float, text: str) -> float:
    """For a question asking how many (``QueryPlan.asks_count``), the count is half of what
    it asks: a statement giving a number of technicians covers that half whatever its words
    ("In total there are 150 technicians within the university" answers "What is the
    headcount of technicians at ...?", which shares no word with it)."""
    return (coverage + bool(_COUNT_OF_TECHNICIANS.search(text))) / 2 if plan.asks_count else coverage


def coverage(topics: tuple[Topic, ...], weights: dict[str, float], text: str) -> float:
    """Share of the question's key concepts (rarer ones weigh more) the text mentions: the
    question's own word by stem, a domain synonym as written (or its plural), so that a
    synonym's stem cannot stand for an unrelated word ("chartered" is not "Charter")."""
    mentioned = concepts_mentioned(topics, text)
    return sum(weights[t] for t, m in mentioned.items() if m) / (sum(weights.values()) or 1.0)


def sensed_coverage(plan: QueryPlan, weights: dict[str, float], text: str, unused: frozenset[str] = frozenset()) -> float:
    """``coverage`` with the words read in the question's sense (senses.question_senses),
    a frame word at ``FRAME_WEIGHT``. A compound's first word counts only with its head
    ("performance" of "performance bonuses" is not a performance review); the head
    alone counts unless the first word is ``unused`` by the corpus: when no passage says
    "football", a team it mentions is not a football team, but "shadowing" may be the
    corpus's word for "job shadowing". Nor does it count alone when the compound is the
    thing the question asks for (senses.asked_thing): "How much annual leave ...?" asks
    for annual leave, which "leave for an employer" is not, though the corpus says
    "annual" elsewhere. Nor when the first word is hyphenated: written as one word to say
    which of its head is meant ("fixed-term contracts", "cross-faculty committees"), it is
    no describing word the pages may leave out (stop 54)."""
    mentioned = concepts_mentioned(plan.topics, text)
    asked = plan.asked_for
    topic_of = {part: t.word for t in plan.topics for part in t.word.split()}
    hyphenated = {t.word for t in plan.topics if "-" in t.word}
    for first, second in plan.compounds:
        a, b = topic_of.get(first), topic_of.get(second)
        if a and b and a != b:
            mentioned[a] = mentioned[a] and mentioned[b]
            alone = a not in unused and ((first, second) != asked or _names_a_theme(second)) and a not in hyphenated
            mentioned[b] = mentioned[b] and (mentioned[a] or alone)
    framed = framed_topics(plan)
    weight = {t: w * (FRAME_WEIGHT if t in framed else 1.0) for t, w in weights.items()}
    return sum(weight[t] for t, m in mentioned.items() if m) / (sum(weight.values()) or 1.0)


def framed_topics(plan: QueryPlan) -> set[str]:
    """The key concepts the question's own verb names (senses.question_senses' frames)."""
    return {t.word for t in plan.topics if set(t.word.split()) & plan.frames}


@lru_cache(maxsize=1)
def _theme_words() -> frozenset[str]:
    return frozenset(stem(term.lower()) for theme in load_taxonomy() for term in theme.terms if " " not in term and "-" not in term)


def _names_a_theme(word: str) -> bool:
    """A word the taxonomy takes as evidence of a theme by itself ("shadowing"): a
    compound it heads names the same thing without its modifier ("job shadowing")."""
    return stem(word) in _theme_words()


def mention_the_names(plan: QueryPlan, candidates: list[tuple[Source, str]]) -> np.ndarray:
    """Which statements mention, or stand in a passage that mentions, every name the
    question writes ("a *Papin Prize*") that some of them mention: one that does not is
    about something else of its kind (another prize), so it does not answer, though it may
    be shown apart (stop 52). A name none mentions requires nothing: the pages may call it
    otherwise."""
    said = [_stems(text) | _stems(source.passage) for source, text in candidates]
    required = [stem(name) for name in plan.names if any(stem(name) in s for s in said)]
    return np.array([all(name in s for name in required) for s in said], dtype=bool)


@lru_cache(maxsize=8192)
def _stems(text: str) -> frozenset[str]:
    """The stems of the text's words, a hyphen read as a space ("job-shadowing")."""
    return frozenset(stem(w) for w in words(text.replace("-", " ")))


# a word written in capitals: an acronym or a programme's name ("RISE", "STEM", "TALENT")
_CAPITALS = re.compile(r"(?<![\w-])[A-Z]{3,}(?![\w-])")


def concepts_mentioned(topics: tuple[Topic, ...], text: str) -> dict[str, bool]:
    """Which key concepts the text mentions, by the question's word (by stem) or a synonym.
    A word the text writes in capitals is a name, found only as written: the RISE project
    is no "pay rise"."""
    named = {w.lower() for w in _CAPITALS.findall(text)}
    plain = _CAPITALS.sub(" ", text)
    stems = _stems(plain)
    lowered = f" {' '.join(words(text.replace('-', ' ')))} "
    return {
        t.word: any(_mentions(alt, stems, named, lowered, by_stem=i == 0) for i, alt in enumerate(t.alternatives))
        for t in topics
    }


def _mentions(phrase: str, stems: frozenset[str], named: set[str], lowered: str, by_stem: bool) -> bool:
    parts = words(phrase.replace("-", " "))
    if len(parts) == 1 and by_stem:
        return stem(parts[0]) in stems or parts[0] in named
    if len(parts) == 1:
        return any(f" {parts[0]}{plural} " in lowered for plural in ("", "s", "es"))
    return f" {' '.join(parts)} " in lowered
