"""The printed parts of a self-assessment form (template spec 3.1, 5): where the form
starts, its header fields, sign-off lines and appendix headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain import contains_phrase, fold, load_template
from ingest.structure.lines import Line, asks_something, fold_phrase, words


@dataclass(frozen=True)
class HeaderField:
    check_id: str  # the doc check the field serves, e.g. "doc.institution"
    value: str


_HEADER_CHECKS = ("doc.institution", "doc.lead_name", "doc.lead_email", "doc.contact_number")
_MARKUP = re.compile(r"^[*_#\s]+|[*_\s]+$")
_APPENDIX_LABEL = r"(?:[A-Z]|\d{1,2})"
MAX_TITLE_LINES = 2
MAX_TITLE_CHARS = 200
MAX_SIGNOFF_WORDS = 16
MAX_VALUE_WORDS = 12
MAX_FIELD_LINE_CHARS = 300  # a label, its value and perhaps a glued prompt
OWN_HEADER_LINES = 6  # a draft without the form's header: its title, the form's name, a few fields


def form_start(lines: list[Line]) -> int | None:
    """Index of the form title line, or failing that of the first organisation field."""
    lexicon = load_template().lexicon
    for index, line in enumerate(lines):
        if len(line.text) <= MAX_TITLE_CHARS and any(
            contains_phrase(line.text, signal) for signal in lexicon.form_title_signals
        ):
            return index
    for index, line in enumerate(lines):
        if field_check_id(line.text) == "doc.institution":
            return index
    return None


def field_check_id(text: str) -> str | None:
    """The header check a line's label belongs to ("Organisation: X" -> doc.institution)."""
    if ":" not in text or len(text) > MAX_FIELD_LINE_CHARS:
        return None
    folded = fold(_MARKUP.sub("", text))
    for check_id in _HEADER_CHECKS:
        labels = load_template().doc_check(check_id).labels
        if any(folded.startswith(fold_phrase(label)) for label in labels):
            return check_id
    return None


def header_fields(lines: list[Line], start: int) -> tuple[list[HeaderField], int]:
    """Fields of the form header from ``start`` and the index just past the header.

    A value sits after the label or on the next line when that line is not itself a label.
    """
    fields: list[HeaderField] = []
    index = _first_field(lines, start)
    while index < len(lines):
        check_id = field_check_id(lines[index].text)
        if check_id is None:
            break
        value = _field_value(lines[index].text)
        if not value and index + 1 < len(lines) and field_check_id(lines[index + 1].text) is None:
            if _could_be_value(lines[index + 1].text):
                index += 1
                value = _clean_value(lines[index].text)
        fields.append(HeaderField(check_id, value))
        index += 1
    return fields, index


def own_header_fields(lines: list[Line]) -> list[HeaderField]:
    """The labelled fields among a draft's opening lines (``OWN_HEADER_LINES``) when it has
    no form header (a lead's own draft: "Lead: Dr Priya Natarajan, Director of Operations"
    under its title): its own header, read as the form's would be (stop 44)."""
    fields = []
    for line in lines[:OWN_HEADER_LINES]:
        check_id = field_check_id(line.text)
        value = _field_value(line.text) if check_id else ""
        if check_id and value:
            fields.append(HeaderField(check_id, value))
    return fields


def _first_field(lines: list[Line], start: int) -> int:
    """The first field at or just after the form title (whose words may wrap onto a
    line or two), else the line after the title."""
    for index in range(start, min(start + MAX_TITLE_LINES + 1, len(lines))):
        if field_check_id(lines[index].text) is not None:
            return index
    return start + 1


def _field_value(text: str) -> str:
    return _clean_value(text.split(":", 1)[1]) if ":" in text else ""


def _clean_value(text: str) -> str:
    return _MARKUP.sub("", text).strip(" \t.;")


def _could_be_value(text: str) -> bool:
    """A value on its own line is short and asks nothing; else it is the first prompt or answer."""
    return 0 < len(words(text)) <= MAX_VALUE_WORDS and not asks_something(text)


def is_signoff_line(text: str) -> bool:
    """A short sign-off line: "Signed ...", "Date: ...", or one ending in a signatory
    role ("(... Nominated Institutional Lead)"); prose that mentions a role is not one."""
    if len(words(text)) > MAX_SIGNOFF_WORDS:
        return False
    lexicon = load_template().lexicon
    folded = fold(text.strip("[]() "))
    if re.match(rf"{re.escape(fold_phrase(lexicon.signed_label))}\b", folded) or folded.startswith(
        fold_phrase(lexicon.date_label)
    ):
        return True
    labels = (*lexicon.lead_labels, *lexicon.leader_labels)
    return any(folded.rstrip(" .)]").endswith(fold_phrase(label)) for label in labels)


def is_signoff_date(text: str) -> bool:
    label = fold_phrase(load_template().lexicon.date_label)
    return fold(text.strip()[: len(label) + 2]).startswith(label)


def appendix_heading(text: str) -> str | None:
    """The label of a line that starts an appendix ("Appendix B:", "Appendix 2 - Plan").

    "Appendix A for the full RAG" is a reference (the label runs into a lower-case word).
    """
    word = load_template().lexicon.appendix_heading_word
    match = re.match(
        rf"\s*{re.escape(word)}\s+({_APPENDIX_LABEL})(?:\s*$|\s*[:\-–.]|\s+[A-Z(])", text.strip()
    )
    return match.group(1) if match else None


def is_template_appendix(title: str) -> bool:
    """The template's own examples appendix (guidance, never an answer or a plan)."""
    return any(
        contains_phrase(title, signal)
        for signal in load_template().lexicon.template_appendix_signals
    )
