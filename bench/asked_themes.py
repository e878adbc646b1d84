"""Which intervention a question asks about (``ThemeIndex.asked``), against the themes a
reader gave 264 questions (bench/data/asked_themes.jsonl, labelled without seeing the
system; README there). The asked theme widens the keyword search with the theme's terms
and reads the topic with the theme's description, so a wrong theme costs precision and a
missing one recall.

    PYTHONPATH=. python -m bench.asked_themes [--embedder NAME] [--json]

Prints, over the questions with a theme: right (the theme or one the label also accepts),
wrong, none; over the questions without one: how many were given a theme; and the
precision of the themes given.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from assistant.ask.query import plan_query
from assistant.ask.themes import ThemeIndex
from vectorstore.embedder import make_embedder

HERE = Path(__file__).resolve().parent / "data"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "eval"  # ../shared beside the checkout
DEV_SETS = {"retrieval_dev": SHARED / "retrieval_dev.jsonl", "questions": SHARED / "external" / "questions.jsonl"}


def question_texts() -> dict[tuple[str, str], str]:
    """(set, id) -> question, for every set the labels name."""
    texts = {}
    for path in [*DEV_SETS.values(), *sorted(HERE.glob("*.jsonl"))]:
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            if "question" in row:
                texts[(path.stem, row["id"])] = row["question"]
    return texts


def measure(themes: ThemeIndex) -> dict:
    texts = question_texts()
    counts = {"right": 0, "wrong": 0, "none": 0, "no_theme": 0, "given_without_theme": 0, "missing_text": 0}
    for line in (HERE / "asked_themes.jsonl").read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        question = texts.get((label["set"], label["id"]))
        if question is None:  # a dev set not beside the checkout
            counts["missing_text"] += 1
            continue
        plan = plan_query(question, [])
        asked = themes.asked(themes.center(themes.embedder.embed([question, plan.topic])), plan.text)
        accepted = {label["theme"], *label.get("also", [])} - {None}
        if label["theme"] is None:
            counts["no_theme"] += 1
            counts["given_without_theme"] += asked is not None and asked.id not in accepted
        elif asked is None:
            counts["none"] += 1
        else:
            counts["right" if asked.id in accepted else "wrong"] += 1
    given = counts["right"] + counts["wrong"] + counts["given_without_theme"]
    counts["precision"] = round(counts["right"] / given, 3) if given else None
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--embedder", default="minilm-onnx-int8")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    counts = measure(ThemeIndex(make_embedder(args.embedder)))
    if args.json:
        print(json.dumps(counts))
        return
    themed = counts["right"] + counts["wrong"] + counts["none"]
    print(f"questions with a theme: {themed}: right {counts['right']}, wrong {counts['wrong']}, none {counts['none']}")
    print(f"questions without one: {counts['no_theme']}: given a theme {counts['given_without_theme']}")
    print(f"precision of the themes given: {counts['precision']}")


if __name__ == "__main__":
    main()
