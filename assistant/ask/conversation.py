"""Follow-up questions: "and at research institutes?", "more on the second one".

A follow-up is read against the previous turn: its topic words carry over, an ordinal
points at the previous answer's n-th citation (its institution becomes the focus), and
a kind of institution narrows the question."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer import Answer
from assistant.ask.message import QUESTION_WORD
from assistant.ask.query import plan_query
from assistant.ask.words import word_spans

ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "sixth": 6, "last": -1,
}
_FOLLOW_UP_START = re.compile(r"^\s*(and|what about|how about|more on|tell me more|what else|also|same|only|just)\b", re.I)
_REFERS_BACK = re.compile(r"\b(they|them|those|that one|this one|the (?:first|second|third|fourth|fifth|last) one|it)\b", re.I)
_ORDINAL = re.compile(r"\b(" + "|".join(ORDINALS) + r")\b(?:\s+(?:one|point|example|institution))?", re.I)
_KIND = re.compile(r"\b(research institutes?|institutes?|universities|colleges?|centres?)\b", re.I)


@dataclass(frozen=True)
class Turn:
    question: str
    answer: Answer


@dataclass(frozen=True)
class ResolvedQuestion:
    query: str  # what is retrieved for
    institution: str | None = None  # focus on one institution (from "the second one")
    institution_kind: str | None = None  # "institute", "university", ... narrows by name


def is_follow_up(question: str) -> bool:
    short = len(question.split()) <= 6
    return bool(_FOLLOW_UP_START.search(question) or _refers_back(question) or (short and _ORDINAL.search(question)))


def _refers_back(question: str) -> bool:
    """A pronoun that points at the earlier turn ("How did they fund it?", "What did Leeds do
    about it?"), not at a thing the question itself names before it ("Which departments put
    together Imperial's lab apprenticeship, and when does it start?"): fewer than two words
    of a topic, written in lower case (a name is whom it asks of), come before the pronoun;
    one is as often the verb asked of the earlier topic ("Has anyone *evaluated* whether it
    worked?")."""
    pronoun = _REFERS_BACK.search(question)
    if not pronoun:
        return False
    before = question[: pronoun.start()]
    lower = {word.removesuffix("'s") for start, end, word in word_spans(before) if before[start:end].islower()}
    return sum(w in lower for w in plan_query(before).content_words) < 2


_SCOPED_KIND = re.compile(r"\b(?:at|in|among|across|from|for|by)\s+(?:the\s+)?(?:other\s+|uk\s+)?" + _KIND.pattern[2:], re.I)
# institutes as whom a question asks of ("How have research institutes addressed ...?",
# "What have other institutes done?"): universities so asked mean every signatory
_INSTITUTES_ASKED = re.compile(
    r"(?:^|[.?!]\s+)(?:which|what|how|do|did|does|have|has|are|were|can|could|should|where)\s+(?:(?!research\b)\w+\s+)?"
    r"(?:the\s+)?(?:any\s+)?(?:other\s+|stand-?alone\s+|independent\s+)?(research\s+institutes|institutes)\b"
    # one institute asked for ("Has any research institute ...?", "Which institute ...?"); not
    # an institute's name ("the Institute of Cancer Research") nor the asker ("We are a research institute")
    r"|(?:^|[.?!]\s+)(?:\w+\s+)?(?:any|which|what)\s+(?:other\s+)?(research\s+institute|institute)\b(?!\s+of\b)", re.I)


def _institution_kind(question: str, follow_up: bool) -> str | None:
    """"at research institutes" narrows to institutions of that kind, as do institutes
    the question asks of ("Which research institutes ...?"); a bare kind word does only
    in a follow-up ("and universities?"): "outreach with schools and colleges" is about
    pupils' colleges, not institutions named College."""
    match = (_KIND if follow_up else _SCOPED_KIND).search(question) or _INSTITUTES_ASKED.search(question)
    if not match:
        return None
    word = next(group for group in match.groups() if group).lower()
    for kind in ("institute", "universit", "college", "centre"):
        if kind in word:
            return kind
    return None


def searched_as_asked_of_kind(resolved: ResolvedQuestion) -> ResolvedQuestion:
    """What is searched for when a question is asked of a kind of institution: its query
    with the institutes it asks of read as institutions (``_kind_as_whom``). The
    conversation keeps the query as asked, the kind's words with it, for the next turn."""
    if not resolved.institution_kind:
        return resolved
    return ResolvedQuestion(
        ". ".join(_kind_as_whom(part) for part in resolved.query.split(". ")), resolved.institution, resolved.institution_kind
    )


def _kind_as_whom(question: str) -> str:
    """A question asked of institutes ("Have any research institutes given technicians
    sabbaticals?"), read as asked of institutions: the kind narrows whom the answer comes
    from (``institution_kind``), it is not what is searched for (a passage about research
    institutes does not answer on sabbaticals). Kept when the question sets kinds against
    each other ("Do research institutes, as opposed to universities, ...?"), and when
    nothing else is asked ("What have other institutes done?")."""
    match = _INSTITUTES_ASKED.search(question)
    if not match:
        return question
    group = 1 if match.group(1) else 2  # the kind in the plural, or one institute asked for
    if _KIND.search(question[: match.start(group)] + " " + question[match.end(group):]):
        return question
    whom = "institutions" if match.group(group).lower().endswith("s") else "institution"
    as_institutions = question[: match.start(group)] + whom + question[match.end(group):]
    return as_institutions if plan_query(as_institutions).topics else question


def _pointed_institution(question: str, answer: Answer) -> str | None:
    match = _ORDINAL.search(question)
    if not match or not answer.citations:
        return None
    index = ORDINALS[match.group(1).lower()]
    citations = sorted(answer.citations, key=lambda c: c.n)
    if index == -1:
        index = len(citations)
    if 1 <= index <= len(citations):
        return citations[index - 1].source.institution
    return None


def resolve(question: str, history: list[Turn]) -> ResolvedQuestion:
    """The question to retrieve for, given the conversation so far."""
    follow_up = bool(history) and is_follow_up(question)
    kind = _institution_kind(question, follow_up)
    if not follow_up:
        return ResolvedQuestion(question, institution_kind=kind)
    previous = history[-1]
    topic = previous.answer.effective_query or previous.question
    # the kind the earlier turn was asked of holds until the follow-up names another
    # ("... at research institutes?" then "Did any of them use the levy?")
    kind = kind or _institution_kind(topic, False)
    institution = _pointed_institution(question, previous.answer)
    if _asks_of_its_own(question):
        # "Did any of them use the levy?": the levy is asked; the earlier turn is its context
        return ResolvedQuestion(f"{_as_context(topic)} {question.strip()}", institution=institution, institution_kind=kind)
    rest = _ORDINAL.sub(" ", _FOLLOW_UP_START.sub(" ", question)).strip(" ?.")
    query = f"{topic} {rest}".strip() if rest else topic
    return ResolvedQuestion(query, institution=institution, institution_kind=kind)


_OWN_QUESTION = re.compile(
    rf"^(?:{QUESTION_WORD}|did|do|does|have|has|had|is|are|was|were|can|could|would|should|will)\b"
    r"(?!\s+(?:about|else)\b)", re.I)


def _asks_of_its_own(question: str) -> bool:
    """Whether a follow-up is a question of its own ("Did any of them use the levy?", "And
    how did they fund it?"), not a fragment of the earlier one ("and at research
    institutes?", "what about funding?", "more on the second one")."""
    rest = _FOLLOW_UP_START.sub("", question.strip(), count=1).strip(" ,")
    return bool(_OWN_QUESTION.match(rest)) and question.strip().endswith("?")


def _as_context(topic: str) -> str:
    """The earlier turn as a message's context (assistant/ask/message.py): a statement
    before the question asked now, so that its words count for less than the new ones,
    and a question that refers back ("How did they fund it?") keeps them as its topic."""
    return re.sub(r"\?(?=\s|$)", ".", topic.strip()).rstrip(".") + "."
