"""Line-level helpers shared by meta, section and case-study detection.

Structure detection reads a document as one flat list of lines, each remembering its
page, because prompts, tables and case studies run across page breaks.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from domain import fold, load_template
from ingest.models import CleanPage


@dataclass(frozen=True)
class Line:
    text: str
    page: int
    heading: int | None = None  # heading level where the format says so (DOCX, Markdown)


def flatten(pages: list[CleanPage]) -> list[Line]:
    """All lines of all pages in reading order, minus standalone running headers that
    flat text keeps (a line that is only "Technician Commitment")."""
    running = {fold(header) for header in load_template().lexicon.running_headers}
    longest = max(map(len, running), default=0)
    return [
        Line(text, page.number, page.heading_levels.get(index))
        for page in pages
        for index, text in enumerate(page.lines)
        if len(text) > longest + 2 or fold(text) not in running
    ]


_TERMINAL = re.compile(r"[.:?!;][\"'\u2019\u201d)\]*]*$")
_BULLET = re.compile(r"^(?:[•·▪●◦‣\-–*]|\(?[a-z0-9]{1,2}[.)])\s+", re.I)
# Where extraction glued two sentences together: "...4336To provide", "...Lead)Please".
_GLUE = re.compile(r"(?<=[a-z0-9)\]])(?=[A-Z][a-z])")
_WORD = re.compile(r"[^\W_][\w'’&-]*")
_TRAILING_PAGE_NUMBER = re.compile(r"(?:\t|\s{2,}|\s)\d{1,3}$")
_REQUEST = re.compile(r"\bplease\b|\?", re.I)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def asks_something(text: str) -> bool:
    """Text that reads as a request: it says "please" or asks a question."""
    return bool(_REQUEST.search(text))


def ends_sentence(text: str) -> bool:
    """True when a line ends like a sentence or a prompt (., :, ?, ! or ;)."""
    return bool(_TERMINAL.search(text.rstrip()))


def is_bullet(text: str) -> bool:
    return bool(_BULLET.match(text.strip()))


def glue_points(text: str) -> list[int]:
    """Offsets where a new sentence starts with no space after the previous one."""
    return [match.start() for match in _GLUE.finditer(text)]


def strip_page_number(text: str) -> str:
    """A contents entry without its trailing page number ("Background\t6" -> "Background")."""
    return _TRAILING_PAGE_NUMBER.sub("", text).strip()


# a name and what it is, set apart by a dash: "Easter Bush – Keith Erskine"
_NAMED_ENTRY = re.compile(r"\S\s+[–—-]\s+\S")


def is_named_entry(text: str) -> bool:
    """A list's entry of a name and what it is, set apart by a dash ("Marine Station – Callum
    Reeve"), as a list of contacts or sites writes them."""
    return bool(_NAMED_ENTRY.search(text))


def is_name_line(text: str) -> bool:
    """Names set apart by a dash and nothing else, every word capitalised ("Edinburgh
    College of Art – Neil Kempsell": a list of contacts' entry whose lead-in another passage
    holds): it says who, and nothing done (stop 57)."""
    return is_named_entry(text) and is_title_case(text.lstrip("•▪◦*–- "))


def is_paragraph(text: str) -> bool:
    """A line of running prose (not a heading, label or contents entry)."""
    return len(words(text)) >= 8 and not _TRAILING_PAGE_NUMBER.search(text)


MAX_PILLAR_LABEL_CHARS = 60
_HEADING_CONNECTORS = frozenset("of the and for in at on to a an de la upon".split())


def is_title_case(text: str) -> bool:
    """Every word capitalised except short connectors ("University of the West of England")."""
    tokens = words(text)
    return (
        bool(tokens)
        and tokens[0][0].isupper()
        and all(
            token[0].isupper() or token[0].isdigit() or token.lower() in _HEADING_CONNECTORS
            for token in tokens
        )
    )


def looks_like_heading(line: Line) -> bool:
    """A short capitalised line that does not end like a sentence: a section heading."""
    text = line.text.strip()
    if line.heading is not None:
        return True
    return (
        0 < len(words(text)) <= 8
        and len(text) <= 70
        and text[0].isupper()
        and "\t" not in text
        and not ends_sentence(text)
        and not text.rstrip().endswith(",")
        and not is_bullet(text)
        and "://" not in text
        and not _TRAILING_PAGE_NUMBER.search(text)
    )


INSTITUTION_WORDS = frozenset(
    "university universities college institute institution centre center school group "
    "trust laboratory laboratories academy council foundation hospital observatory museum "
    "agency polytechnic conservatoire consortium".split()
)


def looks_like_institution(text: str) -> bool:
    """The shape of an organisation's name: a short title-case line with no digits or
    sentence punctuation that contains an organisation word (University, Institute, ...)."""
    text = text.strip()
    tokens = words(text)
    return (
        1 <= len(tokens) <= 10
        and len(text) <= 80
        and not any(char.isdigit() for char in text)
        and not re.search(r"[.:;!?,()\[\]\"“”]", text)
        and not is_bullet(text)
        and is_title_case(text)
        and any(token.lower() in INSTITUTION_WORDS for token in tokens)
        and any(token.lower() not in INSTITUTION_WORDS | _HEADING_CONNECTORS for token in tokens)
    )


fold_phrase = functools.cache(fold)
"""``fold`` for the template's fixed phrases, folded once and remembered."""


@functools.cache
def _pillar_labels() -> dict[str, str]:
    """Folded pillar name or synonym -> theme id."""
    return {
        fold(label): theme.id
        for theme in load_template().themes
        for label in (theme.name, *theme.synonyms)
    }


def pillar_label(text: str) -> str | None:
    """The theme id of a line that is exactly a pillar's name or synonym ("Career
    Development"), not a sentence that mentions one."""
    if len(text) > MAX_PILLAR_LABEL_CHARS:
        return None
    return _pillar_labels().get(fold(text.strip(" \t*:")))


def is_pillar_heading(line: Line) -> bool:
    return not is_bullet(line.text) and pillar_label(line.text) is not None
