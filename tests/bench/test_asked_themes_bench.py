"""The asked-theme labels name real questions and real themes, so the bench measures
every label it holds."""

from __future__ import annotations

import json

from bench.asked_themes import HERE, question_texts
from domain.taxonomy import load_taxonomy


def test_every_label_names_a_question_of_its_set_and_themes_of_the_taxonomy():
    texts = question_texts()
    theme_ids = {theme.id for theme in load_taxonomy()}
    labels = [json.loads(line) for line in (HERE / "asked_themes.jsonl").read_text(encoding="utf-8").splitlines()]
    ours = [label for label in labels if label["set"] not in ("retrieval_dev", "questions")]  # ../shared may be absent
    assert ours and all((label["set"], label["id"]) in texts for label in ours)
    assert all({label["theme"], *label["also"]} - {None} <= theme_ids for label in labels)
