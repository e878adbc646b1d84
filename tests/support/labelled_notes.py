"""Hand-labelled note sets for drafting (one TOML file per stage: each question's notes
and, per statement, the elements it serves), and how a draft's placement is scored
against them. Shared by the acceptance notes and the held-out notes."""

from __future__ import annotations

import tomllib
from pathlib import Path

from domain import Template


def load_note_sets(folder: Path, template: Template) -> dict[str, dict]:
    """Every question's note set, by question id."""
    return {
        notes["id"]: notes
        for stage in template.stage_ids
        for notes in tomllib.loads((folder / f"{stage}.toml").read_text(encoding="utf-8"))["questions"]
    }


def placed_right(notes: dict, question_id: str, draft) -> list[bool]:
    """Per statement of the draft: whether it sits under an element its labels name
    ("general" is the question's own slot; "themes#visibility" also matches "themes")."""
    labels = {text: set(serves.split()) for text, serves in notes["statements"]}
    right = []
    for statement in draft.statements:
        key = "general" if statement.element == question_id else statement.slot.removeprefix(question_id + ".")
        right.append(key in labels[statement.text] or key.split("#")[0] in labels[statement.text])
    return right
