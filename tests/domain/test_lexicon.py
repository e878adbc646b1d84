"""The query lexicon and the taxonomy of interventions are domain knowledge with a stated
source, never the wording of the questions they are evaluated on."""

from __future__ import annotations

import json
import re
import tomllib

import pytest

from assistant.ask.query import query_lexicon
from domain import DATA_DIR
from domain.taxonomy import load_taxonomy

QUESTION_SETS = ("eval/retrieval_dev.jsonl", "eval/external/questions.jsonl")


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("-", " "))


def _all_terms() -> list[str]:
    themes = [term for theme in load_taxonomy() for term in theme.terms]
    return [term for group in query_lexicon().groups for term in group] + themes


def test_every_synonym_group_and_theme_says_where_it_comes_from():
    lexicon = query_lexicon()
    assert len(lexicon.sources) == len(lexicon.groups) and all(s.strip() for s in lexicon.sources)
    assert all(theme.source.strip() for theme in load_taxonomy())


def test_theme_labels_are_phrases_and_unique():
    labels = [theme.label for theme in load_taxonomy()]
    assert len(labels) == len(set(labels))
    assert all(len(label.split()) >= 2 for label in labels)


def test_stop_words_are_a_general_list_without_question_specific_words():
    with (DATA_DIR / "stopwords.toml").open("rb") as handle:
        stopwords = tomllib.load(handle)
    for word in ("putting", "together", "brought", "counts", "rated", "got", "pension", "apprenticeships"):
        assert word not in stopwords["english"] and word not in stopwords["domain"]


def test_phrases_copied_from_the_dev_questions_are_gone():
    terms = {" ".join(_tokens(t)) for t in _all_terms()}
    for phrase in ("pot of money", "e magazine", "appreciation day", "who counts as a technician"):
        assert phrase not in terms


def test_a_term_worded_like_a_dev_question_is_one_the_template_spec_uses(shared_corpus):
    """Domain phrases naturally appear in questions too; those that do must come from the
    spec (the declared source), not from the questions."""
    shared = shared_corpus.parent
    spec = " ".join(_tokens((shared / "design" / "template-spec.md").read_text()))
    grams = set()
    for name in QUESTION_SETS:
        for line in (shared / name).read_text().splitlines():
            tokens = _tokens(json.loads(line)["question"]) if line.strip() else []
            grams |= {" ".join(tokens[i : i + n]) for n in range(2, 6) for i in range(len(tokens) - n + 1)}
    coincident = {" ".join(_tokens(t)) for t in _all_terms()} & grams
    assert coincident, "the check would pass vacuously"
    assert {term for term in coincident if term not in spec} == set()


@pytest.mark.parametrize("bad, problem", [
    ({"id": "x", "label": "Awards", "pillar": "recognition", "description": "d", "source": "s"}, "several words"),
    ({"id": "x", "label": "Some awards", "pillar": "fame", "description": "d", "source": "s"}, "unknown pillar"),
    ({"id": "x", "label": "Some awards", "pillar": "recognition", "description": "d"}, "'source'"),
])
def test_a_bad_taxonomy_entry_is_refused_with_the_reason(bad, problem):
    from domain.taxonomy import _theme
    from domain.toml_tables import TemplateDataError

    with pytest.raises(TemplateDataError, match=problem):
        _theme(bad, set())
