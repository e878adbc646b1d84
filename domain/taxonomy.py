"""The taxonomy of Technician Commitment interventions (``data/interventions.toml``): the
themes answers are grouped and labelled by. Loaded once and validated: unique ids, a
known pillar, a label of several words, a description to embed, and a source."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass

from domain.loader import DATA_DIR
from domain.model import THEME_IDS
from domain.toml_tables import TemplateDataError

FILE = "interventions.toml"


@dataclass(frozen=True)
class InterventionTheme:
    id: str
    label: str
    pillar: str
    description: str
    terms: tuple[str, ...]
    source: str

    @property
    def prototype(self) -> str:
        """What is embedded to stand for the theme."""
        return f"{self.label}. {self.description}"


def _theme(entry: dict, seen: set[str]) -> InterventionTheme:
    theme_id = entry.get("id", "")
    where = f"theme {theme_id or '?'}"
    for key in ("id", "label", "pillar", "description", "source"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise TemplateDataError(FILE, where, f"'{key}' must be a non-empty string")
    if theme_id in seen:
        raise TemplateDataError(FILE, where, "duplicate id")
    if entry["pillar"] not in THEME_IDS:
        raise TemplateDataError(FILE, where, f"unknown pillar {entry['pillar']!r}")
    if len(entry["label"].split()) < 2:
        raise TemplateDataError(FILE, where, "a label must have several words")
    seen.add(theme_id)
    return InterventionTheme(
        theme_id, entry["label"], entry["pillar"], entry["description"], tuple(entry.get("terms", ())), entry["source"]
    )


@functools.cache
def load_taxonomy() -> tuple[InterventionTheme, ...]:
    with (DATA_DIR / FILE).open("rb") as handle:
        data = tomllib.load(handle)
    seen: set[str] = set()
    return tuple(_theme(entry, seen) for entry in data.get("theme", ()))
