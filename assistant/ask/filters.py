"""User-facing filter values (CLI flags, UI dropdowns) checked against the template ids."""

from __future__ import annotations

from domain import STAGE_IDS, THEME_IDS
from ingest.models import DOC_TYPES
from vectorstore.filters import SearchFilter


class FilterError(ValueError):
    pass


def _checked(value: str | None, valid: tuple[str, ...], name: str) -> str | None:
    if value in (None, "", "any"):
        return None
    if value not in valid:
        raise FilterError(f"unknown {name} '{value}' (valid: {', '.join(valid)})")
    return value


def parse_filters(
    pillar: str | None = None,
    stage: str | None = None,
    institution: str | None = None,
    doc_type: str | None = None,
    year: int | None = None,
) -> SearchFilter:
    return SearchFilter(
        pillar=_checked(pillar, THEME_IDS, "pillar"),
        stage=_checked(stage, STAGE_IDS, "stage"),
        institution=institution or None,
        doc_type=_checked(doc_type, DOC_TYPES, "document type"),
        year=year or None,
    )
