"""The worked examples of each element (``domain/data/element_examples.jsonl``): where they
come from, and that every label is an element id of its own question."""

from __future__ import annotations

import runpy
import tomllib
from pathlib import Path

from domain import PILLAR_IDS, load_template
from domain.examples import load_element_examples

ROOT = Path(__file__).resolve().parents[2]
BUILD = runpy.run_path(str(ROOT / "scripts" / "build_element_examples.py"))


def test_every_label_is_an_element_of_the_examples_own_question():
    template = load_template()
    for question_id, examples in load_element_examples().items():
        question = template.question(question_id)
        valid = {check.id.removeprefix(question_id + ".") for check in question.checks}
        valid |= {"general"} | {f"themes#{pillar}" for pillar in PILLAR_IDS}
        for example in examples:
            assert example.serves and example.serves <= valid, (question_id, example.text, example.serves)


def test_the_file_is_what_the_build_script_makes_of_the_projects_own_notes_sets():
    built = BUILD["examples"]()
    assert {row["from"] for row in built} == {f"draft_notes_blind{n}" for n in range(BUILD["FIRST"], BUILD["LAST"] + 1)}
    assert (ROOT / "domain" / "data" / "element_examples.jsonl").read_text(encoding="utf-8").count("\n") == len(built)
    examples = load_element_examples()
    assert sum(len(rows) for rows in examples.values()) == len(built)
    assert [e.text for e in examples["renewal.q2"]] == [row["text"] for row in built if row["question"] == "renewal.q2"]


def test_the_notes_that_measure_placement_give_no_example():
    # the acceptance and held-out notes, and the sets after the examples' last, stay unseen
    examples = {e.text for rows in load_element_examples().values() for e in rows}
    folders = [ROOT / "tests" / "assistant" / "draft" / "notes", ROOT / "tests" / "assistant" / "draft" / "notes_heldout"]
    folders += [ROOT / "bench" / "data" / f"draft_notes_blind{n}" for n in range(BUILD["LAST"] + 1, BUILD["LAST"] + 4)]
    for folder in folders:
        for stage in ("initial", "stage_two", "renewal"):
            for question in tomllib.loads((folder / f"{stage}.toml").read_text(encoding="utf-8"))["questions"]:
                assert not examples & {text for text, _ in question["statements"]}, (folder.name, question["id"])
