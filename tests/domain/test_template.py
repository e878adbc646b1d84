"""Contract tests: domain/data reproduces the template spec (shared/design/template-spec.md)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from domain import (
    DATA_DIR,
    PILLAR_IDS,
    STAGE_IDS,
    DocCheck,
    ElementCheck,
    Question,
    TemplateDataError,
    UnknownIdError,
    contains_phrase,
    fold,
    load_template,
    normalise_pillar,
    normalise_rag,
    normalise_stage,
)

R, RS, REC, INFO = "required", "required_when_assessable", "recommended", "info"

# Spec section 13, transcribed: (id, severity). Doc checks are shared by all stages.
DOC_INDEX = [
    ("doc.institution", R), ("doc.lead_name", R), ("doc.lead_email", R),
    ("doc.contact_number", REC), ("doc.signoff.lead", R), ("doc.signoff.leader", R),
    ("doc.signoff.dates", R), ("doc.cross_refs", REC), ("doc.links", REC),
    ("doc.filename", REC), ("doc.window", INFO),
]  # fmt: skip

STAGE_INDEX = {
    "initial": [
        ("initial.q1", R), ("initial.q1.word_limit", REC), ("initial.q2", R), ("initial.q3", R),
        ("initial.q3.count", R), ("initial.q3.distribution", REC), ("initial.q4", R),
        ("initial.q5", R), ("initial.q5.pillar.visibility", RS),
        ("initial.q5.pillar.recognition", RS), ("initial.q5.pillar.career_development", RS),
        ("initial.q5.pillar.sustainability", RS), ("initial.q5.timescale", RS),
        ("initial.q5.impact_measure", REC), ("initial.q5.owner_resource", REC),
        ("initial.q5.horizon", INFO), ("initial.q6", R), ("initial.q6.themes", REC),
        ("initial.q7", R), ("initial.q7.mechanism", REC), ("initial.q8", R),
        ("initial.q8.https", REC), ("initial.q8.domain", REC),
    ],
    "stage_two": [
        ("stage_two.q1", R), ("stage_two.q1.governance", REC), ("stage_two.q1.reporting", REC),
        ("stage_two.q1.resources", REC), ("stage_two.q1.engagement", REC), ("stage_two.q2", R),
        ("stage_two.q2.pillar.visibility", REC), ("stage_two.q2.pillar.recognition", REC),
        ("stage_two.q2.pillar.career_development", REC),
        ("stage_two.q2.pillar.sustainability", REC), ("stage_two.q3", R),
        ("stage_two.q3.status", RS), ("stage_two.q3.red_explanations", RS), ("stage_two.q4", R),
        ("stage_two.q4.concrete", REC), ("stage_two.q5", R), ("stage_two.q6", R),
        ("stage_two.q6.pillar.visibility", RS), ("stage_two.q6.pillar.recognition", RS),
        ("stage_two.q6.pillar.career_development", RS),
        ("stage_two.q6.pillar.sustainability", RS), ("stage_two.q6.timescale", RS),
        ("stage_two.q6.impact_measure", REC), ("stage_two.q6.owner_resource", REC),
        ("stage_two.q6.horizon", INFO), ("stage_two.q7", R), ("stage_two.q7.mechanism", REC),
        ("stage_two.q8", R), ("stage_two.q8.https", REC), ("stage_two.q8.domain", REC),
    ],
    "renewal": [
        ("renewal.q1", R), ("renewal.q1.structure", REC), ("renewal.q1.changes", REC),
        ("renewal.q2", R), ("renewal.q2.governance", REC), ("renewal.q2.reporting", REC),
        ("renewal.q2.resources", REC), ("renewal.q2.engagement", REC),
        ("renewal.q2.development", REC), ("renewal.q3", R), ("renewal.q3.status", RS),
        ("renewal.q3.red_explanations", RS), ("renewal.q4", R), ("renewal.q4.concrete", REC),
        ("renewal.q5", R), ("renewal.q5.coverage", REC), ("renewal.q6", R),
        ("renewal.q6.pillar.visibility", RS), ("renewal.q6.pillar.recognition", RS),
        ("renewal.q6.pillar.career_development", RS), ("renewal.q6.pillar.sustainability", RS),
        ("renewal.q6.timescale", RS), ("renewal.q6.impact_measure", REC),
        ("renewal.q6.owner_resource", REC), ("renewal.q6.horizon", INFO), ("renewal.q7", R),
        ("renewal.q7.mechanism", REC), ("renewal.q8", R), ("renewal.q8.https", REC),
        ("renewal.q8.domain", REC),
    ],
}  # fmt: skip

NOT_APPLICABLE = {"initial": {"doc.window"}, "stage_two": {"doc.window"},
                  "renewal": {"doc.contact_number"}}  # fmt: skip

SEED_FILES = {"initial": "ljmu-initial-2024.txt", "stage_two": "uol-stage2-2021.txt",
              "renewal": "lstm-renewal-2024.txt"}  # fmt: skip


@pytest.fixture(scope="module")
def template():
    return load_template()


# --- the section 13 index ---------------------------------------------------------------


@pytest.mark.parametrize("stage_id", STAGE_IDS)
def test_check_ids_reproduce_section_13_exactly(template, stage_id):
    expected = [cid for cid, _ in DOC_INDEX + STAGE_INDEX[stage_id]]
    assert list(template.all_check_ids(stage_id)) == expected


@pytest.mark.parametrize("stage_id", STAGE_IDS)
def test_severities_match_section_13(template, stage_id):
    for check_id, severity in STAGE_INDEX[stage_id]:
        assert template.severity(check_id) == severity, check_id
    for check_id, severity in DOC_INDEX:
        expected = None if check_id in NOT_APPLICABLE[stage_id] else severity
        assert template.severity(check_id, stage_id) == expected, (stage_id, check_id)


@pytest.mark.parametrize("stage_id", STAGE_IDS)
def test_applicable_ids_drop_not_applicable_doc_checks(template, stage_id):
    applicable = template.all_check_ids(stage_id, include_not_applicable=False)
    assert set(template.all_check_ids(stage_id)) - set(applicable) == NOT_APPLICABLE[stage_id]


def test_ids_are_unique_and_elements_belong_to_their_question(template):
    ids = [cid for stage_id in STAGE_IDS for cid in template.stage(stage_id).check_ids()]
    assert len(ids) == len(set(ids))
    for stage in template.stages:
        for question in stage.questions:
            assert question.id.startswith(stage.id + ".q")
            for element in question.checks:
                assert element.id.startswith(question.id + ".")
                assert element.question_id == question.id


# --- stages and questions -----------------------------------------------------------------


@pytest.mark.parametrize("stage_id", STAGE_IDS)
def test_each_stage_has_q1_to_q8(template, stage_id):
    stage = template.stage(stage_id)
    assert [q.number for q in stage.questions] == list(range(1, 9))
    assert [q.id for q in stage.questions] == [f"{stage_id}.q{n}" for n in range(1, 9)]


def test_stage_facts(template):
    assert [s.plan_horizon_months for s in template.stages] == [24, 36, 36]
    assert [s.previous_plan_months for s in template.stages] == [None, 24, 36]
    assert [s.numbered for s in template.stages] == [False, False, True]
    assert "Stage One" in template.stage("initial").aliases
    assert "Renewal Self-Assessment" in template.stage("renewal").title_signals


def test_question_flags(template):
    flagged = {
        flag: sorted(q.id for s in template.stages for q in s.questions if getattr(q, flag))
        for flag in ("is_action_plan", "is_rag", "is_url", "allows_nil", "is_talent")
    }
    assert flagged == {
        "is_action_plan": ["initial.q5", "renewal.q6", "stage_two.q6"],
        "is_rag": ["renewal.q3", "stage_two.q3"],
        "is_url": ["initial.q8", "renewal.q8", "stage_two.q8"],
        "allows_nil": ["initial.q4", "stage_two.q5"],
        "is_talent": ["renewal.q5"],
    }
    assert template.question("initial.q1").word_limit == 250
    assert template.question("renewal.q7").pillar == "evaluating_impact"
    assert template.stage("initial").rag_question is None
    assert template.stage("renewal").action_plan_question.id == "renewal.q6"


def test_number_prefixes_only_on_renewal(template):
    assert [q.number_prefix for q in template.stage("renewal").questions] == [
        f"{n}." for n in range(1, 9)
    ]
    for stage_id in ("initial", "stage_two"):
        assert all(q.number_prefix == "" for q in template.stage(stage_id).questions)


def test_every_question_can_be_located(template):
    for stage in template.stages:
        for question in stage.questions:
            assert question.asks and question.description and question.fix
            assert question.signals or question.locate_note, question.id


@pytest.mark.parametrize("stage_id", STAGE_IDS)
def test_signals_find_every_prompt_in_the_seed_submission(shared_corpus, template, stage_id):
    text = (shared_corpus / "txt" / SEED_FILES[stage_id]).read_text(encoding="utf-8")
    stage = template.stage(stage_id)
    for question in stage.questions:
        if question.signals:
            assert any(contains_phrase(text, s) for s in question.signals), question.id
    assert any(contains_phrase(text, s) for s in stage.title_signals)


def test_lookups(template):
    assert isinstance(template.check("renewal.q5"), Question)
    assert isinstance(template.check("renewal.q3.red_explanations"), ElementCheck)
    assert isinstance(template.check("doc.window"), DocCheck)
    assert template.question("renewal.q6").element("timescale").details_key == (
        "rows_without_timescale"
    )
    assert template.stage("renewal").question(5) is template.question("renewal.q5")
    with pytest.raises(UnknownIdError, match="renewal.q9.*valid: "):
        template.check("renewal.q9")
    with pytest.raises(KeyError):
        template.stage("stage_three")


def test_load_template_is_cached():
    assert load_template() is load_template()


# --- pillars, TALENT, lexicon ---------------------------------------------------------------


def test_four_pillars_plus_evaluating_impact(template):
    assert template.pillar_ids == PILLAR_IDS
    assert [p.id for p in template.themes] == [*PILLAR_IDS, "evaluating_impact"]
    assert template.pillar("evaluating_impact").counts_for_coverage is False
    assert "Career Progression" in template.pillar("career_development").synonyms
    assert "apprenticeship" in template.pillar("sustainability").keywords
    assert "RSciTech" in template.pillar("recognition").keywords


def test_sixteen_talent_recommendations(template):
    assert [r.number for r in template.talent] == list(range(1, 17))
    assert [r.id for r in template.talent] == [f"talent.r{n}" for n in range(1, 17)]
    r6 = template.talent_recommendation(6)
    assert r6.title_verified is False and r6.note
    assert all(r.title_verified for r in template.talent if r.number != 6)
    assert template.talent_recommendation("talent.r16").addressees == ("sector",)


def test_lexicon_essentials(template):
    lex = template.lexicon
    assert "Evaluating Impact through Self-Assessment" in lex.form_title_signals
    assert "attached as a separate" in lex.attachment_phrases
    assert {"TBC", "TBD", "XX", "[insert", "lorem ipsum"} <= set(lex.placeholders)
    assert lex.min_answer_words == 8
    assert lex.is_commitment_host("www.mitalent.ac.uk")
    assert not lex.is_commitment_host("www.lstmed.ac.uk")
    assert set(lex.rag_tokens) == {"green", "amber", "red"}
    assert "Athena SWAN" in lex.cross_ref_frameworks
    assert "focus group" in lex.voice_mechanisms


# --- normalisation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Stage Two", "stage_two"), ("stage 2", "stage_two"), ("stage_two", "stage_two"),
        ("STAGE-TWO", "stage_two"), ("Renewal", "renewal"), ("Initial", "initial"),
        ("Stage One", "initial"), ("initial", "initial"),
        ("Technician Commitment: Renewal Self-Assessment & Action Plan Guidance", "renewal"),
        ("Stage Two guidance, for those who sent Stage One", None),
        ("Stage Three", None), ("", None),
    ],
)  # fmt: skip
def test_normalise_stage(text, expected):
    assert normalise_stage(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Career Development", "career_development"), ("Career Progression", "career_development"),
        ("career-development", "career_development"), ("Career Pathways", "career_development"),
        ("Visibility", "visibility"), ("RECOGNITION", "recognition"),
        ("Sustainability ", "sustainability"), ("Evaluating Impact", "evaluating_impact"),
        ("Pillar 2: Recognition", "recognition"), ("Visibility and Recognition", None),
        ("Finance", None),
    ],
)  # fmt: skip
def test_normalise_pillar(text, expected):
    assert normalise_pillar(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Green", "green"), ("G", "green"), ("Completed", "green"), ("achieved", "green"),
        ("Amber", "amber"), ("in progress", "amber"), ("Ongoing", "amber"),
        ("Partially achieved", "amber"), ("Red", "red"), ("not started", "red"),
        ("Not achieved", "red"), ("Delayed", "red"), ("Ongoing - delayed", None),
        ("a new network", None), ("", None),
    ],
)  # fmt: skip
def test_normalise_rag(text, expected):
    assert normalise_rag(text) == expected


def test_fold_handles_form_variations():
    assert fold("Organization’s 24–month plan") == "organisation's 24 month plan"
    assert contains_phrase(
        "...0151 231 4336To provide some context, please provide a brief "
        "profile of your organization",
        "brief profile of your organisation",
    )
    assert not contains_phrase("REFERENCES", "REF", whole_words=True)
    assert contains_phrase("our REF environment statement", "REF", whole_words=True)


# --- loader errors ------------------------------------------------------------------------------


@pytest.fixture()
def data_copy(tmp_path) -> Path:
    target = tmp_path / "template_data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_loader_accepts_a_data_dir(data_copy):
    assert load_template(data_copy).all_check_ids("renewal") == load_template().all_check_ids(
        "renewal"
    )


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("pillars.toml", 'name = "Visibility"', 'name = "Visibility', r"pillars\.toml: invalid TOML"),
        ("stages.renewal.toml", 'severity = "recommended"', 'severity = "optional"',
         r"stages\.renewal\.toml: questions\[0\]\.checks\[0\]\.severity: expected one of"),
        ("stages.initial.toml", 'id = "initial.q1.word_limit"', 'id = "initial.q2.word_limit"',
         r"stages\.initial\.toml: questions\[0\]\.checks\[0\]\.id: .*must start with"),
        ("stages.stage_two.toml", 'id = "stage_two.q4.concrete"', 'id = "stage_two.q4"',
         r"stages\.stage_two\.toml: questions\[3\]\.checks\[0\]\.id: .*must start with"),
        ("talent.toml", 'title = "Include technical', 'titel = "Include technical',
         r"talent\.toml: recommendations\[14\]\.t"),
        ("doc_checks.toml", 'stages = ["renewal"]', 'stages = ["stage_three"]',
         r"doc_checks\.toml: checks\[10\]\.stages"),
        ("element_sets.toml", 'severity = "info"', "severity = 3",
         r"element_sets\.toml: action_plan\[7\]\.severity: expected one of"),
        ("lexicon.toml", "min_answer_words = 8", 'min_answer_words = "eight"',
         r"lexicon\.toml: answers\.min_answer_words: expected an integer"),
    ],
)  # fmt: skip
def test_broken_data_gives_a_clear_error(data_copy, file, old, new, message):
    _edit(data_copy / file, old, new)
    with pytest.raises(TemplateDataError, match=message):
        load_template(data_copy)


def test_duplicate_id_names_both_places(data_copy):
    path = data_copy / "stages.renewal.toml"
    _edit(path, 'id = "renewal.q1.changes"', 'id = "renewal.q1.structure"')
    with pytest.raises(TemplateDataError, match=r"duplicate id 'renewal\.q1\.structure' \(first"):
        load_template(data_copy)


def test_missing_file_is_named(data_copy):
    (data_copy / "talent.toml").unlink()
    with pytest.raises(TemplateDataError, match=r"^talent\.toml: file not found"):
        load_template(data_copy)


def test_import_is_stdlib_only():
    code = (
        "import sys, domain; domain.load_template(); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'yaml', 'numpy'}))"
    )
    repo = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=repo
    )
    assert out.stdout.strip() == "[]"
