"""Suggest actions per pillar: actions mined from plan rows, RAG rows and prose, merged
across institutions, ranked, and exported as an action-plan table."""

from __future__ import annotations

import csv
import math
import re
from datetime import date

import numpy as np
import pytest

from assistant.plan.actions_mining import (
    ActionCandidate,
    join_overlapping,
    mend_lines,
    pillar_from_number,
    sentence_candidates,
    table_rows,
)
from assistant.plan.grouping import candidate_vectors, merge_near_duplicates, title_key
from assistant.plan.model import GUIDANCE, Suggestion, SuggestionSource
from assistant.plan.phrases import activity_phrases
from assistant.plan.suggest import (
    build_suggestion,
    guidance_measure,
    suggest_actions,
    typical_months,
)
from assistant.plan.titles import label_title
from domain import fold, load_template
from ui.export import (
    PLAN_COLUMNS,
    plan_rows,
    write_plan_csv,
    write_plan_docx,
    write_timeline,
)

TEMPLATE = load_template()


# --- mining ------------------------------------------------------------------------------------


def test_a_table_row_split_across_two_overlapping_chunks_is_read_once():
    first = "| No. | Action | RAG | Progress | |---|---|---|---| | 1.1 | Staff directory | Green | Live since 2022. | | 4.2 | Night-shift apprentices"
    second = "| 4.2 | Night-shift apprentices | Amber | Two of four recruited. |\nExplanation of red items"
    rows = table_rows(join_overlapping([first, second]))
    assert rows == [
        {"No.": "1.1", "Action": "Staff directory", "RAG": "Green", "Progress": "Live since 2022."},
        {"No.": "4.2", "Action": "Night-shift apprentices", "RAG": "Amber", "Progress": "Two of four recruited."},
    ]


@pytest.mark.parametrize(
    ("number", "pillar"),
    [("2.3", "recognition"), ("4.1", "sustainability"), ("S1", "sustainability"), ("C2", "career_development"),
     ("E1", "evaluating_impact"), ("7", None), ("", None)],
)
def test_action_numbers_map_to_pillars_in_template_order(number, pillar):
    assert pillar_from_number(number, TEMPLATE) == pillar


def test_activity_phrases_name_the_thing_done():
    assert activity_phrases("In 2022 we launched the Glassblowers' Network to connect workshop staff.", TEMPLATE)[0] == "Glassblowers' Network"
    assert activity_phrases("The faculty appointed four Level 3 apprentices in its workshops.", TEMPLATE)[0] == "Level 3 apprentices"
    assert activity_phrases("We created a skills-sharing app for the dairy unit.", TEMPLATE)[0] == "skills-sharing app"
    assert activity_phrases("Technicians were thanked by the dean.", TEMPLATE) == []


def test_a_label_loses_its_institutions_own_name():
    assert label_title("Brackenford Technical Excellence Awards", "Brackenford Institute") == "Technical Excellence Awards"
    assert label_title("Succession planning", "University of Brackenford") == "Succession planning"
    assert label_title("Science Council Employer Champion", "Brackenford Institute of Science") == "Science Council Employer Champion"


def test_lines_broken_mid_sentence_are_mended_but_headings_stay():
    text = "We placed twelve T Level\nstudents in the labs.\nSustainability – Secure skills for the future\n• Ran a skills swap."
    assert mend_lines(text, TEMPLATE) == [
        "We placed twelve T Level students in the labs.",
        "Sustainability – Secure skills for the future",
        "• Ran a skills swap.",
    ]


class _Recorded:
    """Stands in for a mined document: keeps the fields of each candidate it is given."""

    def candidate(self, kind: str, **fields) -> dict:
        return fields


def test_a_sentence_leaning_on_the_one_before_is_quoted_with_it():
    text = "We supported outreach activities with schools across the region. These then led to the creation of four T Level placements in our workshops."
    quotes = [c["quote"] for c in sentence_candidates(text, _Recorded(), TEMPLATE, "progress", ["sustainability"])]
    assert text in quotes
    assert "These then led to the creation of four T Level placements in our workshops." not in quotes


def test_a_recommendation_the_text_ran_into_does_not_join_the_sentences_around_it():
    text = (
        "Several of our technicians have moved into research posts this year Point 3 – “Employers of technical "
        "staff should support outreach and public engagement about technical careers in local schools.” "
        "Following outreach, we hosted twelve school students for work experience in our laboratories."
    )
    quotes = [c["quote"] for c in sentence_candidates(text, _Recorded(), TEMPLATE, "progress", ["sustainability"])]
    assert "Following outreach, we hosted twelve school students for work experience in our laboratories." in quotes
    assert not any("Point" in quote for quote in quotes)


# --- merging and the suggestion's fields ---------------------------------------------------------------


def test_average_link_merges_close_items_and_does_not_chain():
    similarity = np.array([
        [1.0, 0.9, 0.5, 0.0],
        [0.9, 1.0, 0.3, 0.0],
        [0.5, 0.3, 1.0, 0.9],
        [0.0, 0.0, 0.9, 1.0],
    ])
    groups = sorted(sorted(g) for g in merge_near_duplicates(similarity, 0.6))
    assert groups == [[0, 1], [2, 3]]  # 0-2 at 0.5 would chain all four under single link


def _candidate(start: date | None, end: date | None) -> ActionCandidate:
    return ActionCandidate("plan", "Apprenticeships", "Recruit apprentices", "sustainability", "X", "x", "X plan", 1, True, start, end)


def test_a_quote_another_of_the_institution_holds_whole_is_cited_once():
    # the same sentence mined alone and carried with the one after it: one source, the longer
    first = "In 2022 a technician apprenticeship scheme was approved and nine posts were filled."
    longer = f"{first} A further five apprentices joined the IT team later that year."

    def mention(quote: str, institution: str = "Westmarch University") -> ActionCandidate:
        return ActionCandidate("case_study", "Apprenticeships", quote, "sustainability", institution, "x", "X report", 3, quote=quote)

    members = [mention(first), mention(longer), mention(first, "Eastvale University")]
    vectors = np.eye(3, dtype=np.float32)
    suggestion = build_suggestion(members, vectors, 0.5, load_template())
    assert [(s.institution, s.quote) for s in suggestion.sources] == [
        ("Westmarch University", longer), ("Eastvale University", first),
    ]


def test_typical_timescale_is_the_median_duration():
    members = [
        _candidate(date(2025, 1, 1), date(2025, 12, 31)),
        _candidate(date(2025, 1, 1), date(2026, 12, 31)),
        _candidate(date(2025, 1, 1), date(2027, 12, 31)),
        _candidate(date(2025, 1, 1), None),
    ]
    assert typical_months(members) == 24
    assert typical_months([_candidate(None, None)]) is None


def test_the_guidance_measure_quotes_the_templates_evidence_kinds():
    fix = TEMPLATE.stage("renewal").action_plan_question.element("impact_measure").fix
    kinds = fix.split(":", 1)[1].strip().rstrip(".")
    assert guidance_measure(TEMPLATE).endswith(kinds)


def test_title_keys_ignore_inflection_and_hyphens():
    assert title_key("T Level industry placements") == title_key("T-Level industry placement")


# --- exports ---------------------------------------------------------------------------------------


def _suggestion(title: str, pillar: str, months: int | None, timescale: str) -> Suggestion:
    source = SuggestionSource("Brackenford Institute", "Plan 2025", 3, f"{title}: details", "plan")
    return Suggestion(title, pillar, f"What {title} involves", "Brackenford Institute", (source,), timescale, months,
                      "Six a year", "Brackenford Institute", (), 1.0)


SUGGESTIONS = [
    _suggestion("Apprenticeships", "sustainability", 24, "about 24 months"),
    _suggestion("Technician awards", "recognition", 12, "about 12 months"),
    _suggestion("Skills swap", "sustainability", None, "ongoing"),
]


def test_plan_rows_are_numbered_by_pillar_and_dated_from_the_start_month():
    rows = plan_rows(SUGGESTIONS, date(2026, 9, 1))
    assert [(r.pillar, r.number, r.activity) for r in rows] == [
        ("Recognition", "2.1", "Technician awards"),
        ("Sustainability", "4.1", "Apprenticeships"),
        ("Sustainability", "4.2", "Skills swap"),
    ]
    assert rows[1].timescale == "Sep 2026 - Aug 2028"
    assert rows[2].timescale == "Sep 2026 - ongoing" and rows[2].end == date(2029, 8, 31)


def test_exports_write_the_templates_columns(tmp_path):
    rows = plan_rows(SUGGESTIONS, date(2026, 9, 1))
    with write_plan_csv(rows, tmp_path / "plan.csv").open(encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    assert tuple(table[0]) == PLAN_COLUMNS
    assert table[2][:3] == ["Sustainability", "4.1", "Apprenticeships"]

    from docx import Document

    document = Document(str(write_plan_docx(rows, tmp_path / "plan.docx")))
    cells = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert tuple(cells[0]) == PLAN_COLUMNS and cells[1][2] == "Technician awards"

    svg = write_timeline(rows, tmp_path / "plan.svg").read_text()
    assert svg.count("<rect") == 3 and "4.1 Apprenticeships" in svg
    assert write_timeline(rows, tmp_path / "plan.png").stat().st_size > 0


# --- on the demo corpus (real embedding model) -------------------------------------------------------


def _mentions(suggestion: Suggestion, phrase: str) -> bool:
    return fold(phrase) in fold(suggestion.title)


@pytest.fixture(scope="module")
def demo_suggestions(demo_store):
    return suggest_actions(demo_store, limit=10)


def _in(result, pillar):
    return [s for s in result.suggestions if s.pillar == pillar]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("pillar", "topic"),
    [
        ("sustainability", "apprenticeship"),
        ("sustainability", "T Level"),
        ("sustainability", "succession planning"),
        ("sustainability", "skills-sharing"),
        ("recognition", "award"),
        ("recognition", "professional registration"),
    ],
)
def test_each_expected_action_is_one_suggestion_citing_the_institutions_that_did_it(demo_suggestions, pillar, topic):
    matching = [s for s in _in(demo_suggestions, pillar) if _mentions(s, topic)]
    assert len(matching) == 1, [s.title for s in _in(demo_suggestions, pillar)]
    suggestion = matching[0]
    assert len(suggestion.institutions) >= 2
    assert all(fold(topic.split()[0][:6]) in fold(s.quote) for s in suggestion.sources[:2])
    assert {s.institution for s in suggestion.sources if s.institution} == set(suggestion.institutions)


@pytest.mark.slow
def test_no_two_suggestions_say_the_same_thing(demo_suggestions):
    keys = [title_key(s.title) for s in demo_suggestions.suggestions]
    assert len(keys) == len(set(keys))
    for pillar in ("sustainability", "recognition"):
        for topic in ("apprentice", "t level", "succession", "award", "registration"):
            titled = [s.title for s in _in(demo_suggestions, pillar) if fold(topic) in fold(s.title)]
            assert len(titled) <= 1, titled


@pytest.mark.slow
def test_timescale_and_impact_measure_come_from_the_sources(demo_suggestions):
    apprenticeships = next(s for s in _in(demo_suggestions, "sustainability") if _mentions(s, "apprenticeship"))
    assert re.fullmatch(r"about \d+ months", apprenticeships.timescale)
    assert apprenticeships.impact_measure_from in apprenticeships.institutions
    assert any(ch.isdigit() for ch in apprenticeships.impact_measure)
    assert apprenticeships.reported_impact  # RAG rows and progress reports give results
    payload = demo_suggestions.to_json()["suggestions"][0]
    assert {"title", "pillar", "description", "sources", "timescale", "impact_measure"} <= set(payload)
    assert set(payload["sources"][0]) >= {"institution", "document", "page", "quote"}


@pytest.mark.slow
def test_a_suggestion_without_a_success_measure_takes_the_templates_guidance(demo_suggestions):
    guided = [s for s in demo_suggestions.suggestions if s.impact_measure_from == GUIDANCE]
    assert guided and all(s.impact_measure == guidance_measure(TEMPLATE) for s in guided)


@pytest.mark.slow
def test_the_users_context_moves_the_closest_action_up(demo_store):
    plain = suggest_actions(demo_store, pillar="sustainability")
    ageing = suggest_actions(demo_store, pillar="sustainability", context="Our technical workforce is ageing and several specialists retire soon")
    rank = lambda result: next(i for i, s in enumerate(result.suggestions) if _mentions(s, "succession"))  # noqa: E731
    assert rank(ageing) == 0 and rank(ageing) <= rank(plain)
    assert all(s.pillar == "sustainability" for s in ageing.suggestions)


@pytest.mark.slow
def test_candidate_vectors_are_embedded_once_per_store(demo_store):
    from assistant.plan.actions_mining import mine_actions

    candidates = mine_actions(demo_store)
    candidate_vectors(demo_store, candidates)
    calls = []
    real_embed = demo_store.embedder.embed
    demo_store.embedder.embed = lambda texts: calls.append(len(texts)) or real_embed(texts)
    try:
        vectors = candidate_vectors(demo_store, candidates)
    finally:
        del demo_store.embedder.embed
    assert calls == [] and vectors.shape == (len(candidates), demo_store.embedder.dimension)
    assert math.isclose(float(np.linalg.norm(vectors[0])), 1.0, rel_tol=1e-3)


# --- on the real corpus ----------------------------------------------------------------------------


@pytest.mark.slow
def test_real_corpus_suggestions_merge_peers_across_institutions(corpus_store):
    result = suggest_actions(corpus_store, limit=10)
    apprenticeships = next(s for s in _in(result, "sustainability") if _mentions(s, "apprenticeship"))
    assert {"Liverpool John Moores University", "Liverpool School of Tropical Medicine", "Queen's University Belfast"} <= set(apprenticeships.institutions)
    assert len(apprenticeships.institutions) >= 5
    recognition = [s.title.lower() for s in _in(result, "recognition")]
    assert any("award" in t for t in recognition) and any("registration" in t for t in recognition)

