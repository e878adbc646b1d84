"""What kind of item a question asks for, when one kind alone answers it: a sum of money
("How much money comes with the prize?"), a date ("When did Sussex sign?"). A statement
that does not give that kind does not answer, however close its words (issue 11: the
prize described without its money, a signing mentioned without its date, were quoted as
answers). General English, read from the question alone. A "how many" question needs a
number (stop 34: the event's dates were quoted for how many came), though a number alone
is only half its answer (``coverage.counted``); "how many of these universities" is
answered by the institutions themselves. Figures asked for as evidence ("with actual
figures", "any hard numbers") ask for a number too (stop 54).
"""

from __future__ import annotations

import re

from assistant.ask.message import HOW_BIG, QUESTION_WORD
from assistant.figures import figure_kinds

# the kind's name as the "nothing found" message gives it -> how a question asks for it
_ASKS = {
    "a sum of money": re.compile(
        # money, or spending it, named anywhere in the clause ("How much does Leeds put into its
        # technician *budget*?"; stop 51)
        r"\bhow much (?!time\b|effort\b)[^?.,;:]*?\b(?:money|funding|cash|funds?|budget|grant|salary|pay|costs?|spen[dt]|paid|worth)\b"
        r"|\bin (?:pounds|sterling)\b", re.IGNORECASE),
    "a date": re.compile(r"^\s*when (?:did|was|were)\b|\b(?:what|which) (?:year|month|date)\b", re.IGNORECASE),
    # a count of years, months ... is a length of time ("How many years does each plan cover?")
    "a length of time": re.compile(
        r"\bhow (?:long|much time)\b|\bhow many (?:more )?(?:years|months|weeks|days|hours|terms|semesters)\b", re.IGNORECASE),
    # how many of something other than the institutions ("How many of these universities
    # ...?" is answered by the institutions that do it, not by a figure)
    "a number": re.compile(
        r"\bhow many\b(?!\s+(?:of\s+)?(?:(?:the|these|those|our|other)\s+)?"
        r"(?:universities|institutions|organi[sz]ations|places|signatories|employers|unis|colleges|institutes|them)\b)"
        r"|" + HOW_BIG.pattern  # a size: "How big is the technical workforce?"
        # figures asked for as evidence ("with actual figures", "any hard numbers", "give a figure")
        + r"|\b(?:actual|hard|real|exact|solid|any|give|gives|giving|with|what)\s+(?:a\s+)?(?:figures?|numbers|statistics|stats)\b",
        re.IGNORECASE),
    "how often it happens": re.compile(r"\bhow (?:often|frequently)\b", re.IGNORECASE),
    "a proportion": re.compile(
        r"\b(?:what|which) (?:proportion|percentage|share|fraction)\b|\bput a percentage\b", re.IGNORECASE),
}
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DATE = re.compile(rf"\b(?:19|20)\d\d\b|\b(?:{_MONTHS})\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d(?:[-/–]\d\d(?:\d\d)?)?\b")  # a year or span is a date, not a count
# a reference to a figure, table, page or part ("Fig.5 shows ...", "see Table 3"): a label, not a count
_REFERENCE = re.compile(r"\b(?:fig(?:ure)?|table|chart|page|pp?|section|appendix|annex|phase|stage|level)\.?\s*\d+[a-z]?\b",
                        re.IGNORECASE)
_NUMBER = re.compile(
    r"\d|\b(?:single|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundreds?|thousands?|dozens?|half|quarter|third)\b", re.IGNORECASE)
_UNIT = r"(?:years?|months?|weeks?|days?|hours?|terms?|semesters?)"
# what a statement must hold to give each kind
_GIVES = {
    "a date": _DATE,
    # an interval: "annually", "every two months", "three times a year", "each term"
    "how often it happens": re.compile(
        rf"\b(?:annual(?:ly)?|yearly|monthly|weekly|fortnightly|quarterly|termly|bi-?annual(?:ly)?|biennial(?:ly)?|daily"
        rf"|twice|once|(?:\w+ )?times (?:a|per|each)|(?:every|each|per|a) (?:\w+ )?{_UNIT})\b", re.IGNORECASE),
    # a length of time: "three years", "a 36-month plan", "2020-2023", "until 2027"
    "a length of time": re.compile(
        rf"\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen|twenty|several)[- ]{_UNIT}\b"
        r"|\b(?:19|20)\d\d\s*(?:[-–/]|to|until)\s*(?:19|20)?\d\d\b|\buntil (?:19|20)\d\d\b", re.IGNORECASE),
    # a share: "40%", "per cent", "half of", "a third", "one in five", "120 of the 300"
    "a proportion": re.compile(
        r"%|\bper ?cent\b|\b(?:half|third|quarter|majority|minority|most|all) of\b|\ba (?:third|quarter|half)\b"
        r"|\b(?:one|\d+) in (?:every )?(?:\d+|two|three|four|five|six|ten)\b|\b\d+ (?:out )?of (?:the |our |its )?\d+\b",
        re.IGNORECASE),
}


# a clause of its own that asks something else ("What does the scheme offer, how many have
# used it, and whom should they contact?"): the other parts are answered without the kind
_CLAUSES = re.compile(rf"\s*[,;]\s*|\s+(?=(?:and|or)\s+{QUESTION_WORD}\b)", re.IGNORECASE)
MIN_CLAUSE_WORDS = 3  # "How much, in pounds, ...": a phrase set off by commas is no clause of its own
_ASKS_SOMETHING = re.compile(rf"^(?:(?:and|or)\s+)?{QUESTION_WORD}\b", re.IGNORECASE)


def asked_kind(question: str) -> str:
    """The kind of item the question asks for, or "" when no single kind answers it: none
    asks for one, or another clause of the question asks for something that is no such
    kind ("how many mentors and how many mentees" asks for numbers only)."""
    kind = next((kind for kind, asks in _ASKS.items() if asks.search(question)), "")
    clauses = _CLAUSES.split(question.strip()) if kind else []
    others = [c for c in clauses if _ASKS_SOMETHING.match(c) and len(c.split()) >= MIN_CLAUSE_WORDS
              and not any(asks.search(c) for asks in _ASKS.values())]
    return "" if others else kind


def gives(kind: str, statement: str) -> bool:
    """Whether a statement gives an item of that kind (money as the summariser reads it: a
    pound sign and a number; a number: any but a year's or a reference's, "Fig. 5", "Level 3";
    the rest by ``_GIVES``)."""
    if kind == "a sum of money":
        return "money" in figure_kinds(statement)
    if kind == "a number":
        return bool(_NUMBER.search(_REFERENCE.sub(" ", _YEAR.sub(" ", statement))))
    return bool(_GIVES[kind].search(statement))
