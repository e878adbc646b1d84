"""Quotable statements of a passage: the sentences (and table rows) an answer may quote
on their own. Ingest embeds them once so that answers can weigh each one by meaning;
the ask job reads the same statements back, so both sides must split alike.

A statement stands on its own: one that leans on the sentence before ("This made it
possible", "They also ...") carries that sentence with it, or is left out when there is
none; a lead-in to a list ("... these include:") takes the list's first item; questions,
navigation lines ("Find out more about ...") and fragments are never statements.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from domain.text import WEB_ADDRESS
from ingest.chunk import Placed, same_part, split_sentences
from ingest.structure.lines import is_name_line, is_named_entry, pillar_label

MIN_WORDS = 6  # words with a letter or digit: bullets and dashes do not count
MAX_CONTEXT_WORDS = 60  # a previous sentence longer than this is not carried along
MIN_ITEM_WORDS = 3  # a list item a lead-in takes with it: "• Two elected deputies."
MIN_CELL_WORDS = 4  # a table row, an action plan's item: "Q&A sessions for technical staff |" (stop 51)

# "this", "these", ... pointing back, not naming a time ("this year", "this summer")
_TIME = r"(?:year|years|month|months|week|term|semester|summer|spring|autumn|winter)\b"
_POINTER = rf"(?:this|these|that|those)(?! {_TIME})"
_LEANS_BACK = re.compile(
    rf"^(?:(?:{_POINTER}|it|its|they|their|them|such|he|she|his|her|"
    # ("In addition to the training already offered, ..." and "As a result of the survey, ..." name what they add to)
    r"as (?:above|below|a result(?! of)|mentioned|described)|however|also|in addition(?! to)|additionally|"
    r"furthermore|moreover|similarly|likewise|again|in turn|of these|of those|both|the latter|the former|"
    r"as a consequence|consequently|therefore|thus|hence|as such|accordingly)\b"
    # or an opening phrase ending on a pointer back: "Building on this, ...", "As part of this work, ..."
    # ("that" left out there: "We found that technicians, ..." is a conjunction)
    rf"|[^,.]{{0,30}}\b(?:(?:this|these|those)(?! {_TIME})(?: \w+){{0,2}}|(?:it|them)(?: \w+)?),)",
    re.IGNORECASE,
)
_REFERS_BACK = re.compile(
    r"\b(?:made this possible|made that possible|as above|see above|the above|as mentioned)\b"
    # "this" standing for something said before (a pronoun, not "this year"): "we addressed this by ..."
    r"|\bthis (?:at|by|through|with|via|is|was|has|had|will|would|can|could)\b",
    re.IGNORECASE,
)
_NAVIGATION = re.compile(
    r"^(?:find out more|read more|click|see (?:more|also|the|our|appendix|section|below|above)|for more information|"
    r"more information|details (?:of|about) .* can be found|you can|contact us|get in touch)|"
    r"\b(?:can be found (?:here|on this page|below)|(?:is|are) available here|applied for here|click here|this link)\b",
    re.IGNORECASE,
)


# A form's field: a short label, a colon and a value of names alone ("Name of Institutional
# Lead: ...", "Chair: ...", "Organisation: ..."): it says who or what, nothing done.
_FIELD = re.compile(r"^(?:[•▪◦*–-]\s*)?[A-Z][\w'’-]*(?:\s[\w'’()-]+){0,4}:\s+(?P<value>\S.*)$")
_NAME_JOINERS = frozenset("of and the for at & – - —".split())
_NAME = r"[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){1,2}"
# A list of names ending where a sentence was glued on without a full stop ("Members: A B,
# C D, E F Previously, the forum was ..."): the sentence starts at the capitalised word
# before the first lower-case one.
_ROSTER = re.compile(rf"^(?:{_NAME},\s)+{_NAME}\s(?=[A-Z]\w*,?\s[a-z])")


def is_form_field(text: str) -> bool:
    """A label and a value of names alone, as a form is filled in: never a statement."""
    field = _FIELD.match(text.strip())
    return bool(field) and all(
        word[:1].isupper() or not word[:1].isalpha() or word.lower() in _NAME_JOINERS
        for word in field["value"].split()
    )


def _without_leading_address(sentence: str) -> str:
    """The sentence without a web address standing before it (a link pasted above a
    paragraph, "https://example.org/news/our-awards The story below ..."): a reference, not
    a word of what is quoted."""
    address = WEB_ADDRESS.match(sentence)
    rest = sentence[address.end() :].lstrip() if address else sentence
    return rest if address and rest[:1].isupper() else sentence


def _without_roster(sentence: str) -> str:
    """The sentence glued after a field listing names, or the sentence as it is."""
    field = _FIELD.match(sentence)
    roster = _ROSTER.match(field["value"]) if field else None
    return field["value"][roster.end() :] if roster else sentence


def quotable(sentence: str) -> str:
    """The sentence as it may be quoted: without a web address pasted before it or a roster
    of names glued on ahead of it. One rule for every quote: the ask job's statements, a
    check's peer examples and a draft's peer quotes."""
    return _without_roster(_without_leading_address(sentence.strip()))


# Words a sentence cannot end on: one that does was cut where its passage ends ("... impact on").
_DANGLING = frozenset(
    "a an the and or but nor of on in to for with by from at as into onto via our their its his her your "
    "my whose than until towards toward between among amongst during including upon because although "
    "whether whereas unless".split()
)


_CLOSING = ".!?;:)\"'”’]"  # what a finished sentence, clause or quotation ends on


def is_cut(statement: str) -> bool:
    """The statement stops mid-sentence: no closing punctuation and a last word that
    needs more after it, or a lone small letter left of a word cut in two ("... to aid
    the r"): a passage's chunk, or the page it was copied from, ended there."""
    tail = statement.rstrip()
    if not tail or tail[-1] in _CLOSING:
        return False
    last = re.findall(r"[\w']+", tail)
    return bool(last) and (last[-1].lower() in _DANGLING or (len(last[-1]) == 1 and last[-1].islower() and last[-1].isalpha()))


def table_row_text(line: str) -> str:
    """A table row read as one statement: its substantive cells joined by dashes (row
    numbers, empty cells and cells that are a pillar's label dropped; a cell that only
    mentions a pillar, "Technician visibility campaigns ...", is kept: stop 51)."""
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    kept = [c for c in cells if c and not c.replace(".", "").isdigit() and pillar_label(c) is None]
    return " — ".join(kept)


def is_table_row(line: str) -> bool:
    return " | " in line or line.startswith("|") or line.endswith(" |")


# a numbered point or recommendation quoted before the answer to it: "Point 6 – “Employers of
# technical staff should ...” We are reviewing ...". The quotation is the text responded to
# (a renewal answering the TALENT recommendations), not the institution's own words.
_QUOTED_PROMPT = re.compile(
    r"(?<!\S)(?:[•▪◦*–-]\s*)?(?:point|recommendation)\s+\d+[a-z]?\s*[–—:.-]\s*[“\"][^”\"]+[”\"]\.?", re.IGNORECASE
)


def _sentences(line: str) -> list[str]:
    """The line's sentences; a quoted point it answers is one of them, even when the text
    runs into it or on after it without a full stop ("... national level” We are reviewing
    ...")."""
    if is_table_row(line):
        return [table_row_text(line)]
    prompt = _QUOTED_PROMPT.search(line)
    if prompt:
        before, after = line[: prompt.start()].strip(), line[prompt.end() :].strip()
        return [*(_sentences(before) if before else []), prompt.group(), *(_sentences(after) if after else [])]
    return [quotable(s) for s in split_sentences(line)]


def _is_statement(sentence: str, least: int = MIN_WORDS) -> bool:
    """Enough words (``least``), a web address counting for none (a footnote's "• ³ https://example.org/
    reports/Annual Technical Staff Survey Report.pdf", a file name with spaces, is not a
    statement); no question, navigation line, form field or line of names."""
    return (
        sum(any(c.isalnum() for c in word) for word in WEB_ADDRESS.sub(" ", sentence).split()) >= least
        and not sentence.rstrip("”\"' )").endswith("?")
        and not _NAVIGATION.search(sentence)
        and not is_form_field(sentence) and not is_name_line(sentence)
    )


_OPENERS = "•▪◦-*– \"“"  # a bullet or an opening quote before a sentence's first word


def _leans_back(sentence: str) -> bool:
    return bool(_LEANS_BACK.match(sentence.lstrip(_OPENERS)) or _REFERS_BACK.search(sentence))


def standing_alone(sentence: str, previous: str) -> str | None:
    """The sentence as a quote can show it: itself; with ``previous`` (the sentence before
    it) when it leans on it ("These managers brought ..."); or None when it leans on
    nothing quotable."""
    if not _leans_back(sentence):
        return sentence
    if previous and len(previous.split()) <= MAX_CONTEXT_WORDS and _is_statement(previous):
        return f"{previous} {sentence}"
    return None


# connectives that only add to what came before ("In addition, ...", "Also, ..."), not point at it
_ONLY_ADDS = re.compile(r"^(?:in addition|additionally|also|furthermore|moreover|similarly|likewise)\b,?\s*", re.IGNORECASE)
# a long sentence's opening clause: up to its first comma, semicolon, colon or dash
_OPENING_CLAUSE = re.compile(r"^[^,;:–—]+(?=[,;:–—])")
# a personal pronoun as the subject mostly stands for the subject of the sentence before
# ("Attendees heard from ... They were also encouraged ..."); "this", "these" as often for
# its last words, or the whole of it
_PRONOUN_SUBJECT = re.compile(r"^(?:they|it|he|she)\b", re.IGNORECASE)


def standing_as_last_resort(sentence: str, previous: str) -> str | None:
    """A sentence leaning back on nothing it can carry whole, as a quote can still show
    it: opening on a connective that only adds, with no quotable sentence before it, it
    says all it says ("In addition, we draw on the staff survey ..."); opening on a
    personal pronoun after a sentence too long to carry, with that sentence's opening
    clause, where its subject is, and an ellipsis ("Attendees heard from a number of
    Edinburgh Napier staff … They were also encouraged to share their career stories
    ..."), the words still verbatim; else None (stop 36: 11 of 1,014 statements of both
    corpora were lost so)."""
    opened = sentence.lstrip(_OPENERS)
    rest = _ONLY_ADDS.sub("", opened, count=1)
    quotable_before = _is_statement(previous)
    if not quotable_before and rest != opened and not _leans_back(rest):
        return sentence
    pronoun = _PRONOUN_SUBJECT.match(opened)
    opening = _OPENING_CLAUSE.match(previous) if pronoun and quotable_before else None
    if opening and MIN_WORDS <= len(opening.group(0).split()) <= MAX_CONTEXT_WORDS // 2:
        return f"{opening.group(0).strip()} … {sentence}"
    return None


def standing_forms(sentences: list[str], before: tuple[str, str] = ("", "")) -> tuple[list[str | None], tuple[str, str]]:
    """Each sentence as a quote can show it (``standing_alone``). A sentence that leans
    back carries what the one before it carries, so a chain of sentences each pointing back
    is quoted from its start ("... created a digital space. This was created via Teams.
    During this period, ..."); past ``MAX_CONTEXT_WORDS`` it carries the sentence before
    alone. Returns the forms and what a sentence after the last may lean on (the chain,
    the last sentence), to pass on as ``before``."""
    context, last = before
    forms: list[str | None] = []
    for sentence in sentences:
        form = (
            standing_alone(sentence, context) or standing_alone(sentence, last) or standing_as_last_resort(sentence, last)
        )
        forms.append(form)
        context, last = form or sentence, sentence
    return forms, (context, last)


def _line_statements(sentences: list[str], before: tuple[str, str], least: int) -> tuple[list[str], tuple[str, str]]:
    """A line's statements (its ``sentences``, of ``least`` words), and what a sentence after
    it may lean on. ``before``: that of the line before (a paragraph may open on it)."""
    forms, after = standing_forms(sentences, before)
    statements = []
    for index, (sentence, form) in enumerate(zip(sentences, forms, strict=True)):
        if not form or not _is_statement(sentence, least) or _is_quoted_point(sentence):
            continue
        previous = sentences[index - 1] if index else before[1]  # the line before's last sentence
        point = previous if _is_quoted_point(previous) else ""
        statements.append(f"{point} {form}" if point and not form.startswith(point) else form)
    return statements, after


def opens_leaning_back(passage: str) -> bool:
    """The passage's first sentence leans on one before it that the passage does not hold
    ("It highlighted the dedicated budget ..."): a chunk break fell after the sentence it
    needs, so it can be quoted only with the last sentence of the chunk before (stop 51)."""
    first = [s for line in _lines(passage)[:1] for s in _sentences(line)][:1]
    return bool(first) and _is_statement(first[0]) and standing_forms(first)[0][0] is None


def last_statement(passage: str) -> str:
    """The passage's last sentence when a quote may carry it (``MAX_CONTEXT_WORDS`` at most)."""
    last = ([""] + [s for line in _lines(passage)[-1:] for s in _sentences(line)])[-1]
    return last if _is_statement(last) and len(last.split()) <= MAX_CONTEXT_WORDS else ""


def read_back(passage: str, before: str) -> str:
    """The passage with the last sentence of ``before`` (the chunk before it, of the same
    section) on a line ahead, when its first sentence leans on that one, so it is quoted."""
    last = last_statement(before) if before and opens_leaning_back(passage) else ""
    return f"{last}\n{passage}" if last else passage


def passages_read_back(chunks: list[Placed]) -> list[str]:
    """A document's chunks (in order) as the ask job reads each alone (``read_back``)."""
    return [
        read_back(chunk.text, previous.text if previous is not None and same_part(previous, chunk) else "")
        for previous, chunk in zip([None, *chunks[:-1]], chunks, strict=True)
    ]


def _is_quoted_point(sentence: str) -> bool:
    """A quoted point the text answers ("Point 2 – “Employers should ...”"): its words are
    not the institution's, so it is never quoted alone, but always with the sentence that
    answers it, which it frames ("At Westmarch, ..." says what was done about it)."""
    return bool(_QUOTED_PROMPT.fullmatch(sentence))


def _lines(passage: str) -> list[str]:
    """The passage's non-empty lines, a line cut mid-sentence ("... impact on"), one that
    begins a sentence it does not finish, or one whose last few words the next line holds
    joined with the next (a page or chunk break fell inside the sentence); a lone "|" closes
    the line before as a table row (the cell's border fell on a line of its own)."""
    lines: list[str] = []
    for line in (line.strip() for line in passage.split("\n")):
        if line == "|" and lines and not is_table_row(lines[-1]):
            lines[-1] = f"{lines[-1]} |"
        if not line or line == "|":
            continue
        joins = is_cut(lines[-1]) or _runs_on(lines[-1], line) or _ends_sentence_of(line, lines[-1]) if lines else False
        if joins and not _starts_item(line) and not is_table_row(lines[-1]):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return lines


# a sentence's end, then the opening of the next: the line is running text, not a heading
_SENTENCE_THEN_MORE = re.compile(r"[\w)][.!?][\"”’)]?\s+[A-Z]")


def _runs_on(line: str, following: str) -> bool:
    """The line ends one sentence, begins another it does not finish, and the next line
    finishes it ("... in the region. These led to several new T Level" / "Placements in
    two faculties."): the page broke the sentence, not its author. A line without a
    sentence's end in it may be a heading, and is left as it is."""
    return (
        line.rstrip()[-1:] not in _CLOSING
        and bool(_SENTENCE_THEN_MORE.search(line))
        and following.rstrip()[-1:] in ".!?"
    )


_TAIL_WORDS = 6  # at most this many words end a sentence the line before began
_SENTENCE_WORDS = 10  # a line this long without a sentence's end is running text, not a heading


def _ends_sentence_of(line: str, before: str) -> bool:
    """The line is the last few words of the long line before it, broken where a capital
    opened the next line ("... other activities relating to the Technician" / "Commitment
    will be considered."): a heading is short, and a line after one is a whole sentence."""
    return (
        before.rstrip()[-1:] not in _CLOSING
        and len(before.split()) >= _SENTENCE_WORDS
        and len(line.split()) <= _TAIL_WORDS
        and line.rstrip()[-1:] in ".!?"
        and not _SENTENCE_THEN_MORE.search(line)
    )


def _starts_item(line: str) -> bool:
    """A bullet, a numbered item, a quoted point or a table row: a new item, never the rest
    of a sentence."""
    return bool(re.match(r"^(?:[•▪◦*–-]|\d+[.)]\s|\|)", line) or _QUOTED_PROMPT.match(line)) or is_table_row(line)


def _is_item(sentences: list[str]) -> bool:
    """The line after a lead-in holds a list item worth carrying (a table's header cell
    such as "Action" is not one)."""
    return (
        bool(sentences)
        and sum(any(c.isalnum() for c in w) for w in sentences[0].split()) >= MIN_ITEM_WORDS
        and not is_form_field(sentences[0])
    )


def is_lead_in(statement: str) -> bool:
    """"The committee is structured as follows:": says nothing without what follows."""
    return statement.rstrip().endswith(":")


def quotable_statements(passage: str) -> list[str]:
    """The passage's statements in reading order, each once; a lead-in to a list takes
    the list's first item with it, and is left out without one (a passage ending on it,
    or a list of names). An item too short to stand alone ("Easter Bush – Keith
    Erskine" under "Some key contacts are:") takes the lead-in with it too, while the
    list runs (lines shaped as its first item is: ``_list_shape``); a one-word lead-in
    ("Contacts:") leads in named entries alone."""
    found: dict[str, None] = {}
    before = ("", "")
    lead_in = ""
    shape: ListShape | None = None  # the list's first item's, once it has one
    for line in _lines(passage):
        sentences = _sentences(line)
        entry = _list_shape(line)
        runs = bool(lead_in) and _is_item(sentences) and (shape is None or (entry == shape and entry.may_be_entry))
        runs = runs and (len(lead_in.split()) > 1 or entry.named)  # "Contacts:" leads in named entries alone
        runs = runs and not WEB_ADDRESS.match(line)  # "... can be found here:" and its link
        least = MIN_CELL_WORDS if is_table_row(line) else MIN_WORDS
        if runs and (shape is None or not _is_statement(sentences[0], least)):
            found.setdefault(f"{lead_in} {sentences[0]}", None)
        lead_in, shape = (lead_in, entry) if runs else ("", None)
        statements, before = _line_statements(sentences, before, least)
        for statement in statements:
            if is_lead_in(statement) and statement.endswith(sentences[-1]):
                lead_in, shape = statement, None
            else:
                found.setdefault(statement, None)
        last = sentences[-1] if sentences else ""
        if not lead_in and is_lead_in(last) and not _is_statement(last):
            lead_in, shape = sentences[-1], None  # too short to be a statement: "Key contacts are:", "Contacts:"
    return list(found)


class ListShape(NamedTuple):
    """A list entry's shape: a bullet or numbered item; a name and what it is, set apart
    by a dash ("Easter Bush – Keith Erskine"); whether it may be an entry at all (an item,
    or a short line that ends no sentence)."""

    item: bool
    named: bool
    may_be_entry: bool


def _list_shape(line: str) -> ListShape:
    item = _starts_item(line)
    return ListShape(item, is_named_entry(line), item or (len(line.split()) < _SENTENCE_WORDS and line.rstrip()[-1:] not in ".!?"))

