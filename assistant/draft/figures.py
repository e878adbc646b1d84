"""The amounts and other concrete items a statement reports, by the kinds the template asks
some elements for:
money or staff time (resources: "what money/staff time supports it") and any figure at all,
a change ("from 5 to 31") among them (concrete evidence: "at least one link, figure,
testimonial or article"; a plan's success measure: "a measure, target, KPI"), the links and
quotations concrete evidence also takes, a period from a start to an end (a plan's
timescale: "start/end where parseable"), and a line to a senior body (the governance
questions' reporting line: "whom it reports to", said with any verb: "answers to the People
Committee", "minutes go to Senate"; stop 26; or the spec's own verb, a report sent to
whoever is named: "reports each term to UEB"; stop 27), what happens next to an action
and why it stalled (a RAG review's red explanation: "why it stalled and/or what happens
next"; the future tense or the new plan the review's actions move into, stop 26; a route
"instead", stop 27; a reason,
"because", "due to", or the question "Why ... is red", stop 27), and when the plan as a
whole runs (a plan's timescale: the plan or all its actions with a date; stop 27), and a
year (how the governance developed, renewal.q2: "how all this has evolved since signing";
a year dates the then of a then-and-now; stop 27), and a date alone (a plan's timescale:
"Due: March 2027", a line or a label's value that gives nothing but a date; stop 27).

An element lists the kinds that serve it in ``domain/data/element_guidance.toml``; a
statement that reports one counts as using that element's vocabulary
(``assistant/draft/placement.py``): "£8,000 a year" is funding, "a tenth of the
coordinator's time" is staff time, whatever the sentence's subject.
"""

from __future__ import annotations

import re

from assistant.figures import LABEL_BEFORE, NUMBER
from assistant.figures import figure_kinds as _summary_kinds
from ingest.structure.dates import find_periods

KINDS = (
    "money", "staff time", "change", "figure", "link", "quotation", "period", "line", "next", "whole plan", "plan period",
    "reason", "dated", "date", "unit count", "count scope", "then", "followed up",
)
# kinds that say something of the plan as a whole (who owns or pays for it, when it runs):
# a statement that gives one serves no single pillar's action (placement.py), nor sits in
# one action's bullet (compose.py)
PLAN_WIDE = frozenset({"whole plan", "plan period"})
# Any number written in digits is a figure ("rose from 9 in the first year to 34"), unless
# it is a year or a label ("grade 7", "Level 3": the summariser's labels).
_DIGITS = re.compile(rf"(?<![\w£.,])(?:{NUMBER})(?![\w,]*\d)")
_YEAR = re.compile(r"(?:19|20)\d\d")
# A link: an address (template spec 9.3 reads "http(s)://" or a "www." host as one).
_LINK = re.compile(r"https?://|\bwww\.", re.I)
# A quotation: words in quotation marks (or the closing mark of a quotation that began in
# the sentence before), or someone's words reported ("she said", "technicians tell us",
# "wrote that"): the spec's "quotation" and "testimonial" (stage_two.q4, renewal.q4).
_QUOTATION = re.compile(
    r"[\"“][^\"”]{10,}[\"”]|[\"”]\s*$|\b(?:say|says|said|tell|tells|told|write|writes|wrote|commented|quoted?)\b", re.I
)
# A number in words is a figure too ("three times as many", "Fourteen technicians",
# "registrations doubled"), except "one" (also a pronoun: "one of our engineers") and a
# frequency ("meets every two months").
_NUMBER_WORDS = re.compile(
    r"(?<!every )(?<!each )\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?"
    r"|dozens?|twice|doubled|tripled|trebled|halved)\b",
    re.I,
)
# A line to a senior body: "to" and, within a few words, a body's name (the spec's
# reporting line: "whom it reports to", "reporting line to senior committees", "executive
# board, senate, council"), named as one body is, after a determiner or with a capital:
# "sends its minutes to the executive board", "reports to Senate"; not "time allocated to
# committee duties".
_BODY = r"(?:committees?|boards?|council|senate|executive|senior\s+leadership)\b(?!-)"
_LINE = re.compile(rf"\bto\s+(?:the|its|our|their|a|an)\s+(?:[\w'’&-]+\s+){{0,5}}?{_BODY}", re.I)
_NAMED_LINE = re.compile(r"\bto\s+(?:[\w'’&-]+\s+){0,5}?(?:Committees?|Boards?|Council|Senate|Executive|Senior\s+Leadership)\b(?!-)")
# The spec's own verb: "whom it reports to". A report sent to whoever is named after "to",
# a name or its initials ("reports to the Provost", "sends a report each term to UEB"),
# whatever the body is called.
_REPORT_LINE = re.compile(r"\b(?i:report(?:s|ed|ing)?)\b(?:\s+[\w'’-]+){0,4}?\s+to\s+(?:the\s+)?[A-Z]")
# The same line told from the senior body's side: "the Manufacturing Leadership Team receives
# the minutes", "Council sees its annual report" (stop 33)
_RECEIVED_LINE = re.compile(
    r"\b(?!(?:We|I|They|You|It|He|She|Each|Every)\b)(?:[A-Z][\w'’&-]*\s+){1,5}(?i:receives?|received|gets|sees)\s+(?i:the|its|our|their|a|an)\s+"
    r"(?:[\w'’-]+\s+){0,2}?(?i:minutes|reports?|papers?|updates?)\b")
# What happens next (the spec's red explanation: "why it stalled and/or what happens next"):
# the future tense, or the new plan (spec 8: the renewal reviews the previous plan; the new
# plan is the one after it) an action moves into ("will restart", "carries over into the
# new plan"), or the route that replaces the stalled one ("we run it with a college
# instead": what happens next, said without "will"; stop 27).
_NEXT = re.compile(
    r"\b(?:will|shall|(?:new|next)\s+plan|instead"
    # "It has been carried forward", "carries over" (stop 32)
    r"|carr(?:y|ies|ied|ying)\s+(?:(?:it|this|them|these)\s+)?(?:forward|over))\b", re.I)
# Why it stalled (the spec's red explanation: "a sentence on why it stalled"): a reason
# given as general English gives one ("because", "due to", "owing to", "as a result of"), or
# the question itself ("Why R2 is red: ...").
_REASON = re.compile(r"\b(?:because|why|due\s+to|owing\s+to|as\s+a\s+result\s+of)\b", re.I)
# who a count takes in or leaves out: "The figure includes 9 apprentices but not ...", "We do
# not count the postdocs", "Studio tutors are left out" (stop 31)
_COUNT_SCOPE = re.compile(
    r"\b(?:includes|included|excludes|excluded|left\s+out|leaves?\s+out|(?:not|n't)\s+(?:be\s+)?count(?:ed)?|counted"
    # "are not in the figures", "aren't part of the headcount" (stop 32)
    r"|(?:not|n't)\s+(?:in|part\s+of)\s+the\s+(?:figures?|count|numbers?|totals?|headcount))\b", re.I)
_WORD_NUMBER = r"a|an|one|two|three|four|five|six|seven|eight|nine|ten|half\s+a"
_SHARE = rf"(?:{NUMBER})\s?%|(?:a|one|two|three|four)\s+(?:half|third|quarter|fifth|tenth)s?|half"
_STAFF_TIME = re.compile(
    rf"\b(?:{_SHARE})\s+of\s+(?:[\w'’-]+\s+){{0,3}}?(?:time|hours|week|workload)\b"
    rf"|(?:^|\s)(?:{NUMBER})\s?FTE\b"
    rf"|\b(?:{NUMBER}|{_WORD_NUMBER})\s+(?:hours?|days?|half-days?|weeks?)\s+(?:a|per|each|every)\s+(?:week|month|term|year|annum)\b",
    re.I,
)


def _counts(text: str) -> bool:
    """Whether ``text`` holds a number in words, or in digits that are neither a year nor
    a label."""
    return bool(_NUMBER_WORDS.search(text)) or any(
        not _YEAR.fullmatch(m.group()) and not LABEL_BEFORE.search(text[: m.start()]) for m in _DIGITS.finditer(text)
    )


# A sign-off: the plan approved, endorsed, ratified or signed off (template spec 4: the
# submission's sign-off blocks, a senior leader's sign-off; stop 26, second part).
_SIGN_OFF = re.compile(
    r"\b(?:approv(?:e|es|ed|al)|endors(?:e|es|ed|ement)|ratif(?:y|ies|ied)|sign(?:s|ed)?(?:\s+[\w'’]+){0,3}?\s+off|sign-off)\b", re.I
)


def signs_off(text: str) -> bool:
    """Whether ``text`` reports a sign-off ("SMT approved the plan", "the Director signed the
    plan off", "endorsed the draft")."""
    return bool(_SIGN_OFF.search(text))


# Who owns or what pays for the plan as a whole (spec 9.1: a plan's owners or resources):
# the plan or the other actions named with an owner or money ("The Forum owns the plan as a
# whole", "costs come from ... and the other actions use ..."); stop 26.
# an allowance per person ("£500 per technician", "£700 a head"): an action's money, never
# the whole plan's (stop 32)
_PER_PERSON = r"\b(?:per|a|each)\s+(?:head|person|technician)\b"
_WHOLE_PLAN = re.compile(
    # not an action's own span: "20 exchanges over the plan", "during the plan" (stop 32)
    r"(?<!over )(?<!during )(?<!across )(?<!throughout )"
    # its length may name it: "our two-year plan", "the 24-month plan" (stop 33)
    r"\b(?:(?:the|this|our) (?:whole |new |action |entire )?(?:(?:\w+|\d+)-(?:year|month) )?plan|all of it|every action|each action|all (?:the |of the )?actions"
    r"|each line|every line|the other actions|the rest"
    # the plan's money named as such: "raised the annual budget to £15,000", "has approved
    # £36,000 annually" (stop 32); not an allowance per person, which is an action
    r"|the (?:annual |yearly )?budget|(?:approved|committed|agreed|set aside|put aside|ring-?fenced|earmarked|allocated) £)\b"
    rf"(?!.*{_PER_PERSON})", re.I,
)
# money a year out of a named budget, for no one person: the plan's resource ("£14,000 a
# year is earmarked in the company budget", "comes out of the training budget of £9,000 a
# year"; stop 32); not an action's own budget, given in brackets ("Fund registration ...
# (Budget: £4,000 a year from the staff development fund)")
_IN_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_BUDGETED = re.compile(rf"^(?!.*{_PER_PERSON})(?=.*\bbudget\b)(?=.*\b(?:a|per|each)\s+year\b|.*\bannual(?:ly)?\b)", re.I)
# When the plan as a whole runs (spec 9.1 .timescale: "a date, month/year, term, quarter,
# year range"): the plan or all its actions with a date after a word of time ("runs from
# September 2025", "all actions end by June 2027"); not a year that names something ("the
# 2027 survey"), nor a length alone ("over three years"), which the spec does not list.
_PLAN_DATE = re.compile(
    r"\b(?:by|until|till|to|from|in|before|between|through|of)\s+(?:(?:early|mid|late|end|spring|summer|autumn|winter)\s+)?"
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+|q[1-4]\s+)?(?:19|20)\d\d\b",
    re.I,
)
# A date alone (spec 9.1 .timescale: "a date, month/year, term, quarter, year range"): a
# line, or a label's value, that gives nothing but dates and their words of time ("Due:
# March 2027", "by the end of 2026", "Q2 2026 - Q4 2027"); a line that says what is done by
# then is an action (stop 27).
_DATE_WORD = (
    r"(?:by|until|till|to|from|in|on|before|after|between|and|or|through|of|the|end|start|early|mid|late|spring|summer"
    r"|autumn|fall|winter|term|q[1-4]|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|(?:19|20)\d\d(?:/\d\d)?"
    r"|\d{1,2}(?:st|nd|rd|th)?|[-–/,])"
)
_DATE_ALONE = re.compile(rf"\s*(?:{_DATE_WORD}\s*)+[.]?", re.I)
_LABEL = re.compile(r"^[^:]{1,40}:\s*")  # "Due: ", "Timescale for 1.2: "


# A plan's time horizon as a line of its own, heading the actions due then: "Now", "Next",
# "Later", "Short term", "Year 2", "Phase one" (a roadmap's columns; stop 32)
_HORIZON = re.compile(
    r"\W*(?:now|next|later|(?:short|medium|mid|long)[- ]term|(?:year|phase) (?:\d|one|two|three|four|five))\s*[.:]?\s*",
    re.I)


def _date_alone(text: str) -> bool:
    """Whether ``text``, or the value after its label, is a date and nothing else, or the
    line is a plan's time horizon alone ("Next")."""
    value = _LABEL.sub("", text, count=1)
    return bool(_YEAR.search(value)) and bool(_DATE_ALONE.fullmatch(value)) or bool(_HORIZON.fullmatch(text))


# A year: the then of a then-and-now (the spec's "how all this has evolved since signing").
_DATED = re.compile(rf"\b{_YEAR.pattern}\b")
# two years of a span ("2025-2028", "from 2026 to 2029"), not two steps of a story ("The
# board came in 2020 and the budget in 2021": what came when, the then; stop 32)
_SPAN = re.compile(r"(?:19|20)\d\d\s*(?:[-–—/]|to|until|till|and)\s*(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+)?(?:19|20)?\d\d\b", re.I)
# What there was, or was not, in a past year: "In 2017 almost none of this was in place",
# "None of this existed in 2019", "Back in 2018 there was no group" (stop 32). Its line to a
# senior body is the then of how governance evolved, not where it reports now.
_THEN_STATE = re.compile(
    r"\b(?:none of (?:this|these|it)|nothing of (?:this|the kind)|there (?:was|were) no|did ?n[o']t exist|existed"
    r"|(?:was|were) (?:not )?(?:yet )?in place)\b", re.I)
_RUNS = re.compile(r"\b(?:owns?|owned|leads?|accountable|responsible|oversees?|costs?|budget|funded|funds|pays?|paid)\b", re.I)


# How the plan's progress is followed up, at a stated interval (spec 9.1 .impact_measure:
# "or, failing that, the plan as a whole in a stated way"): a review, report or score of
# progress, at each meeting, twice a year, every term (stop 32: the notes sets label such
# lines as the measure, 6 of 8 since blind47)
_FOLLOWED_UP = re.compile(
    r"\b(?:progress|standing item|scores?|scored|rate|rates|rated|ratings?|report(?:s|ed)?\s+(?:on|back)"
    # what is reviewed, not when: "reviews every action", not "reviewed every year" (an
    # action's own object reviewed at an interval; stop 33)
    r"|reviews|review(?:s|ed)?\s+(?:it|them|the\s+plan|(?:each|every|all)(?!\s+(?:\w+\s+)?(?:year|month|term|quarter|week|meeting)s?\b)|progress)"
    # the plan's own record reviewed, or where things stand (stop 33: "review the whole
    # board every six months", "report where things stand"), or brought up to date
    r"|(?:review(?:s|ed)?|updates?|updated)\s+(?:the\s+)?(?:whole\s+|full\s+)?(?:board|tracker|spreadsheet|list|rows|tasks|actions|chart|table)"
    r"|\bup\s+to\s+date"
    r"|on\s+track|where\s+(?:things|we|it|each)\s+(?:stand|stands)"
    r"|(?:look|looks)\s+at\s+(?:it|them|the\s+plan))\b", re.I)
_INTERVAL = re.compile(
    r"\b(?:(?:every|each|at\s+each|at\s+every)\s+(?:\w+\s+){0,3}?(?:meeting|month|term|quarter|year|half[- ]term|season|december|march|june|september)s?"
    r"|(?:twice|once|three\s+times)\s+a\s+(?:year|term|month)|monthly|quarterly|termly|yearly|annually)\b", re.I)


# who owns the plan is its owner, whoever else it says follows it up ("The Forum owns the
# plan and checks progress at each quarterly meeting")
_OWNS = re.compile(r"\b(?:owns?|owned|accountable|responsible\s+for)\b", re.I)


# the kinds a text's words alone give
_WORDED_KINDS = (("link", _LINK), ("quotation", _QUOTATION), ("next", _NEXT), ("reason", _REASON),
                 ("count scope", _COUNT_SCOPE))


def figure_kinds(text: str) -> frozenset[str]:
    """The kinds of amount ``text`` reports: "money" (£2,000, as the summariser reads it),
    "staff time" (5% of their time, a quarter of the lead's time, 0.4 FTE, 20 hours a
    year), "change" (from 5 to 31, a 20% increase) and "figure" (any of these, or a count,
    a headcount or a percentage; not a year or a label such as "Level 3"), "link" (a web
    address), "quotation" (quoted or reported words: "a technician told us ...") and
    "period" (two dates or more, as the plan tables' timescales read them: "from January
    2025 to December 2026", "Sep 2025 - Aug 2028", "2025-2028"; one date alone, "by June
    2025", is when an action falls due, part of what the action says) and "line" ("to" and a
    senior body's name: "reports to Senate", "sends its minutes to the executive board"; or a
    report sent to a name or initials: "reports each term to UEB"),
    "next" ("will", "shall", the new or next plan: "it carries over into the new plan", or
    "instead": a route that replaces the stalled one),
    "reason" ("because", "due to", "why"), "count scope" (who a count takes in or leaves
    out: "The figure includes 9 apprentices", "we do not count the postdocs"), "then" (what
    there was or was not in a past year: "None of this existed in 2017"; its line to a body
    is then's, no "line"), "whole plan" (the plan or the other actions with
    an owner or money: "The Forum owns the plan as a whole") and "plan period" (the plan or
    all its actions with a date after a word of time: "every action ends by June 2027") and
    "dated" (a year: "the group dates from 2019") and "date" (a date and nothing else, or
    as a label's value: "Due: end of March 2027"; or a plan's horizon alone: "Next") and "unit count" (a unit's name and its
    count, as a breakdown lists them: "Pitches and grounds | 19")."""
    summary = _summary_kinds(text)
    kinds = {"change", "money"} & summary
    if _STAFF_TIME.search(text):
        kinds.add("staff time")
    if kinds or summary or _counts(text):
        kinds.add("figure")
    kinds |= {kind for kind, pattern in _WORDED_KINDS if pattern.search(text)}
    if _DATED.search(text) and (_THEN_STATE.search(text) or len(set(_DATED.findall(text))) >= 2 and not _SPAN.search(text)):
        kinds.add("then")
    elif _LINE.search(text) or _NAMED_LINE.search(text) or _REPORT_LINE.search(text) or _RECEIVED_LINE.search(text):
        kinds.add("line")
    if _FOLLOWED_UP.search(text) and _INTERVAL.search(text) and not _OWNS.search(text):
        kinds.add("followed up")
    if _WHOLE_PLAN.search(text) and (_RUNS.search(text) or "money" in kinds) or "money" in kinds and _BUDGETED.search(_IN_BRACKETS.sub("", text)):
        kinds.add("whole plan")
    if _THEN_AND_NOW.search(text) or _TOTALS.match(text):
        kinds |= {"change", "figure"}
    elif (unit := _UNIT_COUNT.match(_ASIDE.sub("", ALIGNED.sub("\t", text.strip().removeprefix("|")))) or _UNIT_HAS.match(text)) \
            and not _COUNTED_WORDS.search(unit.group(1)):
        kinds.add("unit count")
    elif _BRACKETED_COUNTS.search(text):
        kinds.add("unit count")
    return frozenset(kinds | _dates(text))


# A unit's own count, as a breakdown lists them: "Pitches, turf and grounds | 19", "Imaging,
# AV and digital: 51" (spec: "a breakdown by location/unit"); not the whole's count
# ("Technical staff: 244 people", "Total | 96"), whose label uses the counted words. Stop 29:
# after a spaced dash too ("Rock testing – 7"), with a site's cell before or after the count
# ("Composites | Quayside | 21", "Coating<tab>23<tab>Main building").
_UNIT_COUNT = re.compile(
    # a row's own code or number may open it: "310  Lighthouse engineering ..." (stop 33)
    r"(?:[A-Za-z]{0,4}\d{1,4}[.)]?\s+)?([^:|\t\d]{3,100}?)(?:\s*[|\t]\s*[^|\t\d]{1,60}?)?\s*(?:[:|\t]|\s[–—-])\s*\d{1,4}(?:\.\d)?\s*"
    r"(?:(?:FTE|people|staff|technicians|technical staff)\b)?\s*(?:$|[,;(]|[|\t]\s*(?![\d\s])"
    r"|[|\t]\s*\d{1,4}\.\d\s*(?:$|[|\t])"  # its FTE beside it ("6<tab>5.4"), not then-and-now's second count
    r"|(?:[|\t]\s*\d{1,4}(?:\.\d)?\s*){2,}$)")  # its counts by kind and its total ("Academy | 3 | 1 | 1 | 5"; stop 32)
# a table's total row with two counts, then and now ("Total<tab>221<tab>268", "Total;70;105;"):
# a headcount and its FTE read alike, and no element of their question asks for a change
# (stop 33)
_TOTALS = re.compile(r"\W*(?:grand\s+)?totals?\W+\d[\d,]*(?:\.\d+)?\W+\d[\d,]*(?:\.\d+)?\W*$", re.I)
# a column border in a table pasted as plain text, its columns lined up with spaces (stop 32)
ALIGNED = re.compile(r" {3,}")
# An aside in brackets after a unit's name, before its count: "Digital fabrication (laser
# cutters, CNC router, 3D printers) — 5" (stop 31)
_ASIDE = re.compile(r"\s*\([^()]*\)(?=\s*(?:[:|\t]|\s[–—-]))")
# The same in a sentence: "Music has 19", "The field station has 14, working shifts", "Health
# physics and dosimetry have 6, and the hot cell has 5" (a count with no noun after it; not
# "we have 46 technical staff", not "had": stop 30)
_UNIT_HAS = re.compile(r"(?!(?:we|i|they|it|there)\b)([^:|\t\d]{3,100}?)\s+(?:has|have)\s+\d{1,4}(?=\s*(?:$|[,;.)]|\s+(?:and|between)\b))", re.I)
_SMALL_NUMBER = r"(?:\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|fifty)"
# A breakdown in one sentence: three units or more, each with its count in brackets
# ("cell culture (9), mechanical testing (7), the workshop (8)"; stop 30)
_BRACKETED_COUNTS = re.compile(r"(?:[A-Za-z][^()\d]{2,80}\(\d{1,4}\)[^()]{0,40}){3,}")
# A number beside what it was: "88 (71 in 2019)", "46, down from 52" (spec renewal.q1: "headcount
# then and now")
_THEN_AND_NOW = re.compile(
    r"\b\d[\d,]*\s*\(\s*(?:(?:up|down) from |from |was )?\d[\d,]*\s+in\s+(?:19|20)\d\d\s*\)|\b(?:up|down) from \d"
    # "from five staff to eight", "from 12 to 19 people" (not a span of years; stop 30)
    rf"|\bfrom (?!(?:19|20)\d\d\b){_SMALL_NUMBER}(?: \w+){{0,2}} to {_SMALL_NUMBER}\b"
    # "84 → 112 staff", "2 -> 9 apprentices" (not "2017 → 2026", a span of years; stop 32)
    r"|(?<![\d,])(?!(?:19|20)\d\d\b)\d[\d,]*\s*(?:→|->|⟶)\s*(?!(?:19|20)\d\d\b)\d", re.I)
_COUNTED_WORDS = re.compile(r"\b(?:total|overall|all|headcount|FTE|technicians?|technical|staff|people|employees)\b", re.I)


def _dates(text: str) -> set[str]:
    """The kinds of date ``text`` gives: "period", "plan period", "dated" and "date"."""
    kinds = set()
    # The date parser (about 0.1 ms a text) only where a year is written: a plan's periods
    # carry one ("Oct 2025 - Jul 2026", "2025-2028").
    if _YEAR.search(text) and len(find_periods(text)) > 1:
        kinds.add("period")
    if _DATED.search(text):
        kinds.add("dated")
    # a sign-off's date ("SMT approved the plan in May 2025") dates the sign-off, not when
    # the plan runs, unless a period is given too (stop 32)
    if _WHOLE_PLAN.search(text) and _PLAN_DATE.search(text) and ("period" in kinds or not signs_off(text)):
        kinds.add("plan period")
    if _date_alone(text):
        kinds.add("date")
    return kinds
