"""How a statement is read before it is placed: its subject and predicate (what it says
was done, and by whom), and the statement before it that a pronoun or demonstrative points
back to (``assistant/draft/placement.py`` scores both). General English read with regular
expressions; no parser."""

from __future__ import annotations

import re
from collections.abc import Sequence

# An auxiliary or modal verb, lower case (not "May 2023"), among a statement's first words
# ends its subject: "Eleven of our technicians | have taken part in ...".
_AUXILIARY = re.compile(r"(?:is|are|was|were|has|have|had|do|does|did|can|could|will|would|shall|should|may|might|must)[,;:]?")
_SINGULAR_AUXILIARIES = ("is", "was", "has", "does")  # others: "They" (modals do not show number)
_BE = ("is", "are", "was", "were")
# A form of "be" before one of these is passive or progressive ("is chaired by", "are
# working"): an action. Before anything else it is a copula ("Its chair is a full member
# of the steering group"): the predicate says what the subject is, so the statement is
# read whole.
_ACTION_AFTER_BE = re.compile(r"(?:\w+(?:ed|en|ing)|led|run|held|made|paid|set|kept|built|met|sent|spent|won|taught|brought|bought|done)\W*")
_ADVERBS = re.compile(r"(?:\w+ly|now|also|not|still|already|being)")
_SUBJECT_WORDS = 10
# A date that opens a statement is not its subject: "In 2022 we created ...", "Since
# September 2021 the group has ...", "Over the last three years, ...". Nor is a clause
# or phrase that a subordinating conjunction opens and a comma closes (general English:
# an adverbial before the main clause): "When we signed, the Commitment was run by ...",
# "Before signing the Commitment, ...". The subject is looked for after it, and the
# predicate is read without it.
_OPENING_DATE = re.compile(
    r"^(?:(?:In|Since|By|During|From|After|Before|Until)\s+(?:(?:January|February|March|April|May|June|July|August"
    r"|September|October|November|December|early|late|spring|summer|autumn|winter)\s+)?(?:19|20)\d\d"
    r"|(?:Over|In|During)\s+the\s+(?:last|past)\s+(?:\w+\s+)?(?:years?|months?)|(?:Last|This)\s+year"
    r"|(?:When|While|Once|After|Before|Since|Until|As)\s+[^,;:]{3,60}(?=,)),?\s+(?=[A-Za-z])"
)
# A statement that opens with a demonstrative or a personal pronoun ("These events proved
# very successful ...", "It has since been adopted by ...") continues the statement before
# it (general English: the pronoun's antecedent is there), so it is read with it: its
# meaning score is mixed with the previous statement's by ``placement.CONTEXT_WEIGHT``. A time
# phrase ("This year", "This month") is not anaphora. Nor is the statement's opening the
# only place: a demonstrative among its first ``_OPENING_WORDS`` words refers back as well
# ("From these foundations, we ...", "During this period, seven ...", "Two of these ...";
# not "that", mostly a conjunction). Four, not six or eight, on the tuning set (197, 196,
# 196 of 224 int8).
_TIME = r"(?!\s+(?:year|month|week|term|summer|autumn|spring|winter)\b)"
_ANAPHOR = re.compile(r"(?:This|These|That|Those|Such|It|They|Its|Their)\b" + _TIME)
_DEMONSTRATIVE = re.compile(r"\b(?:these|those|such|this)\b" + _TIME, re.IGNORECASE)
_OPENING_WORDS = 4


def antecedents(
    texts: Sequence[str], hints: Sequence[str] | None = None, notes: Sequence[int] | None = None,
) -> list[int | None]:
    """For each text, the row of the statement it continues: the one just before it, when
    it opens with a pronoun or demonstrative (``_ANAPHOR``) and was written under the same
    heading in the same note; otherwise None. "These events proved very successful,
    attracting over 1000 staff" says what the events were only through the statement
    before it. A note added in a later turn starts afresh, so a statement is placed the
    same when its note is placed alone (the turn's reply) and with all the others (the
    draft)."""
    hints = list(hints) if hints is not None else [""] * len(texts)
    notes = list(notes) if notes is not None else [0] * len(texts)
    return [
        row - 1 if row and hints[row] == hints[row - 1] and notes[row] == notes[row - 1] and _refers_back(text) else None
        for row, text in enumerate(texts)
    ]


def _refers_back(text: str) -> bool:
    """A pronoun or demonstrative opens the text, or a demonstrative is among its first
    words: what it stands for is in the statement before."""
    return bool(_ANAPHOR.match(text) or _DEMONSTRATIVE.search(" ".join(text.split()[:_OPENING_WORDS])))


def predicate(text: str) -> str:
    """The statement with its subject replaced by a pronoun that agrees with the verb, or
    the statement itself when no auxiliary or modal verb follows a subject within its first
    words: "Eleven of our technicians have taken part in ITSS programmes" -> "They have
    taken part in ITSS programmes"; "The fund has made 47 awards" -> "It has made 47
    awards"; "Launched a newsletter" and "Its chair is a full member of ..." stay as they
    are. A date that opens the statement is left out: "In 2022 we created six posts" -> "We
    created six posts"."""
    text = _without_opening(text)
    words = text.split()
    position = _subject_end(words)
    if position is None or (words[position].rstrip(",;:") in _BE and not _action_follows(words[position + 1 :])):
        return text
    pronoun = "It" if words[position].rstrip(",;:") in _SINGULAR_AUXILIARIES else "They"
    return " ".join([pronoun, *words[position:]])


def subject(text: str) -> str:
    """The words before the statement's first auxiliary or modal verb, as ``predicate``
    finds them ("Success will be judged by ..." -> "Success"); "" when there is none."""
    words = _without_opening(text).split()
    position = _subject_end(words)
    return " ".join(words[:position]) if position else ""


def _without_opening(text: str) -> str:
    if opening := _OPENING_DATE.match(text):
        rest = text[opening.end() :]
        return rest[:1].upper() + rest[1:]
    return text


def _subject_end(words: list[str]) -> int | None:
    return next((i for i, word in enumerate(words[1:_SUBJECT_WORDS], start=1) if _AUXILIARY.fullmatch(word)), None)


def _action_follows(words: list[str]) -> bool:
    following = next((word for word in words if not _ADVERBS.fullmatch(word.lower())), "")
    return bool(_ACTION_AFTER_BE.fullmatch(following.lower()))
