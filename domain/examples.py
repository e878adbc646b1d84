"""Worked examples of each element: hand-labelled statements from the project's own
fictional notes sets, by the question they answer (``data/element_examples.jsonl``, built
by ``scripts/build_element_examples.py``; docs/drafting.md, stop 33).

The template says what each element asks for; these show how leads write it ("The
group meets every second month and its minutes go to ...": governance and reporting), in
the many ways the spec's single sentence per element does not. Each statement names the
elements it serves by the ids of template-spec.md ("general" for the question's own slot).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from domain.loader import DATA_DIR

EXAMPLES_FILE = "element_examples.jsonl"


@dataclass(frozen=True)
class ElementExample:
    question: str  # "stage_two.q1"
    text: str
    serves: frozenset[str]  # element ids within the question ("governance", "pillar.visibility", "general")


@functools.cache
def load_element_examples(path: Path | None = None) -> dict[str, tuple[ElementExample, ...]]:
    """Every example, by question id (an empty mapping where the file is absent)."""
    path = path or DATA_DIR / EXAMPLES_FILE
    if not path.exists():
        return {}
    by_question: dict[str, list[ElementExample]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            by_question.setdefault(row["question"], []).append(
                ElementExample(row["question"], row["text"], frozenset(row["serves"])))
    return {question: tuple(rows) for question, rows in by_question.items()}
