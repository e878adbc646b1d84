"""Public entry point: the template spec as typed data, loaded once.

from domain import load_template, normalise_stage
template = load_template()
template.stage("renewal").question(5).asks
template.all_check_ids("stage_two")
"""

from __future__ import annotations

import functools
from pathlib import Path

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
