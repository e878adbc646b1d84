"""Rebuild ``domain/data/element_examples.jsonl``, the hand-labelled statements the drafting
placement reads as worked examples of each element (docs/drafting.md, stop 33).

The examples are the project's own notes sets ``bench/data/draft_notes_blind22`` to
``blind54``: fictional notes written for this project and labelled by hand before any
placement was run on them, never text from ``../shared``. The acceptance and held-out notes
under ``tests/`` and the newer sets (blind55 on) stay out, so they still measure the
placement on statements it has no example of.

    python scripts/build_element_examples.py
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST, LAST = 22, 54  # the sets taken as examples; later ones are kept as unseen checks
OUT = ROOT / "domain" / "data" / "element_examples.jsonl"
STAGES = ("initial", "stage_two", "renewal")


def examples(first: int = FIRST, last: int = LAST) -> list[dict]:
    """Every labelled statement of the sets, with the question it answers and its set."""
    rows = []
    for number in range(first, last + 1):
        folder = ROOT / "bench" / "data" / f"draft_notes_blind{number}"
        for stage in STAGES:
            for question in tomllib.loads((folder / f"{stage}.toml").read_text(encoding="utf-8"))["questions"]:
                rows += [{"question": question["id"], "text": text, "serves": serves.split(), "from": folder.name}
                         for text, serves in question["statements"]]
    return rows


def main() -> None:
    rows = examples()
    OUT.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    print(f"{len(rows)} examples -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
