"""Public entry point: the template spec as typed data, loaded once.

from domain import load_template, normalise_stage
template = load_template()
template.stage("renewal").question(5).asks
template.all_check_ids("stage_two")
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import NamedTuple

from domain.lexicon import Lexicon
from domain.loader import DATA_DIR, read_template
from domain.model import (
    EVALUATING_IMPACT,
    PILLAR_IDS,
    RAG_COLOURS,
    SEVERITIES,
    STAGE_IDS,
    STATUSES,
    THEME_IDS,
    Check,
    DocCheck,
    ElementCheck,
    Pillar,
    Question,
    Stage,
    TalentRecommendation,
    Template,
    UnknownIdError,
)
from domain.toml_tables import TemplateDataError

__all__ = [
    "DATA_DIR",
    "EVALUATING_IMPACT",
    "PILLAR_IDS",
    "RAG_COLOURS",
    "SEVERITIES",
    "STAGE_IDS",
    "STATUSES",
    "THEME_IDS",
    "Check",
    "DocCheck",
    "ElementCheck",
    "Lexicon",
    "Pillar",
    "Question",
    "Stage",
    "TalentRecommendation",
    "Template",
    "TemplateDataError",
    "UnknownIdError",
    "load_template",
    "normalise_pillar",
    "normalise_rag",
    "normalise_stage",
    "StatusMark",
    "status_mark",
    "symbol_colour",
]


@functools.cache
def load_template(data_dir: str | Path | None = None) -> Template:
    """The validated template from ``domain/data`` (or ``data_dir``); cached per directory.

    Raises ``TemplateDataError`` naming the file and key when a data file is broken.
    """
    return read_template(data_dir)


def normalise_stage(text: str) -> str | None:
    """Stage id for labels like Stage Two, stage 2, stage_two, Stage One, Renewal.

    Returns None when the text names no stage or names more than one.
    """
    return load_template().normalise_stage(text)


def normalise_pillar(text: str) -> str | None:
    """Theme id for labels like Career Progression, career-development, Visibility.

    "Evaluating Impact" gives ``evaluating_impact``; None when unknown or ambiguous.
    """
    return load_template().normalise_pillar(text)


def normalise_rag(text: str) -> str | None:
    """RAG colour for a status cell: Completed / G -> green, in progress -> amber,
    not started / delayed -> red; None when unknown or contradictory."""
    return load_template().normalise_rag(text)


def symbol_colour(token: str) -> str | None:
    """The colour a status symbol stands for, a single character that is no letter or
    digit in the lexicon's RAG lists ("✓" green, "◐" amber, "🔴" red: spec 9.2's
    "equivalents"); None for any other token ("→", a bullet, "R")."""
    return normalise_rag(token) if len(token) == 1 and not token.isalnum() else None


# a status token in brackets closing an item's line: "Laboratory apprentices [G]", "Outreach days (Amber)."
_CLOSING_STATUS = re.compile(r"^(?P<item>.*?\S)\s*[\[(]\s*(?P<token>[A-Za-z][\w ]{0,15}?)\s*[\])]\s*[.;]?$")
_ITEM_MARKS = " *-•\t"  # a bullet before an item, not its status
_COLOUR_WORD = re.compile(r"\b(?:red|amber|green)\b", re.I)  # "2 red (not delivered)": counts, not an item


class StatusMark(NamedTuple):
    colour: str
    item: str
    closing: bool  # a token in brackets closing the line, not a symbol opening it


def status_mark(line: str) -> StatusMark | None:
    """The colour and the item of a line that carries its item's status as a mark of its
    own: a symbol opening it ("🟢 Open day led by technicians", a slide's status column;
    stop 30) or a status token in brackets closing it ("Laboratory apprentices [G]",
    "Outreach days (not started)"; stop 31), spec 9.2's "R/A/G ... and equivalents"; None
    otherwise, and for a line whose words before the token name a colour ("... and 2 red
    (not delivered)")."""
    line = line.strip(_ITEM_MARKS)
    token, _, rest = line.partition(" ")
    if (colour := symbol_colour(token)) and rest.strip():
        return StatusMark(colour, rest.strip(), closing=False)
    closing = _CLOSING_STATUS.match(line)
    if closing and (colour := normalise_rag(closing["token"])) and not _COLOUR_WORD.search(closing["item"]):
        return StatusMark(colour, closing["item"].rstrip(" .;:–—-"), closing=True)
    return None
