"""Read ``domain/data/*.toml`` into a validated ``Template``.

Every problem raises ``TemplateDataError`` naming the file and the key path, e.g.
``stages.renewal.toml: questions[2].checks[0].severity: expected one of ...``.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

from domain.lexicon import Lexicon
from domain.model import (
    EVALUATING_IMPACT,
    PILLAR_IDS,
    SEVERITIES,
    STAGE_IDS,
    STATUSES,
    THEME_IDS,
    DocCheck,
    ElementCheck,
    Pillar,
    Question,
    Stage,
    TalentRecommendation,
    Template,
)
from domain.toml_tables import (
    MISSING,
    IdRegistry,
    Table,
    TemplateDataError,
    open_table,
    require_sequence,
)

DATA_DIR = Path(__file__).parent / "data"
TALENT_COUNT = 16


# --- files -----------------------------------------------------------------------------


def read_template(data_dir: str | Path | None = None) -> Template:
    """Read and validate every data file (uncached; use ``domain.load_template``)."""
    data_dir = Path(data_dir) if data_dir is not None else DATA_DIR
    ids = IdRegistry()
    severities, statuses = _read_conventions(data_dir)
    themes = _read_themes(data_dir, ids)
    element_sets = _read_element_sets(data_dir)
    stages = tuple(_read_stage(data_dir, stage_id, element_sets, ids) for stage_id in STAGE_IDS)
    return Template(
        themes=themes,
        stages=stages,
        doc_checks=_read_doc_checks(data_dir, ids),
        talent=_read_talent(data_dir, ids),
        lexicon=_read_lexicon(data_dir),
        severities=severities,
        statuses=statuses,
    )


def _read_conventions(data_dir: Path):
    table = open_table(data_dir, "conventions.toml")
    result = tuple(
        _read_meanings(table, key, allowed)
        for key, allowed in (("severities", SEVERITIES), ("statuses", STATUSES))
    )
    table.done()
    return result


def _read_meanings(parent: Table, key: str, allowed: tuple[str, ...]) -> MappingProxyType:
    table = parent.table(key)
    require_sequence(parent, key, sorted(table.keys()), sorted(allowed), "keys")
    meanings = {name: table.text(name) for name in allowed}
    table.done()
    return MappingProxyType(meanings)


def _read_themes(data_dir: Path, ids: IdRegistry) -> tuple[Pillar, ...]:
    table = open_table(data_dir, "pillars.toml")
    themes = tuple(_read_pillar(entry, ids) for entry in table.tables("pillars"))
    require_sequence(
        table, "pillars", [p.id for p in themes], list(THEME_IDS), "pillar ids, in order,"
    )
    table.done()
    return themes


def _read_pillar(t: Table, ids: IdRegistry) -> Pillar:
    pillar = Pillar(
        id=t.text("id"),
        name=t.text("name"),
        meaning=t.text("meaning"),
        counts_for_coverage=t.flag("counts_for_coverage", default=MISSING),
        synonyms=t.texts("synonyms"),
        keywords=t.texts("keywords"),
    )
    if pillar.counts_for_coverage != (pillar.id != EVALUATING_IMPACT):
        raise t.error(
            "counts_for_coverage", "must be true for the four pillars, false for evaluating_impact"
        )
    ids.claim(pillar.id, t)
    t.done()
    return pillar


# --- element checks --------------------------------------------------------------------


def _element_fields(t: Table) -> dict[str, Any]:
    """The fields every element check shares, whether inline or from an element set."""
    return dict(
        severity=t.choice("severity", SEVERITIES),
        description=t.text("description"),
        fix=t.text("fix"),
        pillar=t.choice("pillar", THEME_IDS, default=None),
        condition=t.optional_text("condition"),
        details_key=t.optional_text("details_key"),
        cues=t.texts("cues"),
        partial_fix=t.text("partial_fix", default=""),
    )


def _read_element_sets(data_dir: Path) -> dict[str, tuple[tuple[str, dict[str, Any]], ...]]:
    """Shared element checks by set name: ``{"action_plan": (("timescale", {...}), ...)}``."""
    table = open_table(data_dir, "element_sets.toml")
    sets = {}
    for name in table.keys():
        entries = []
        for entry in table.tables(name):
            entries.append((entry.text("suffix"), _element_fields(entry)))
            entry.done()
        sets[name] = tuple(entries)
    table.done()
    return sets


def _read_own_element(t: Table, question_id: str, ids: IdRegistry) -> ElementCheck:
    element_id = t.text("id")
    if not element_id.startswith(question_id + "."):
        raise t.error(
            "id", f"element id {element_id!r} must start with its question id {question_id + '.'!r}"
        )
    ids.claim(element_id, t)
    check = ElementCheck(id=element_id, question_id=question_id, **_element_fields(t))
    t.done()
    return check


def _expand_element_sets(
    t: Table, question_id: str, sets: dict, ids: IdRegistry
) -> list[ElementCheck]:
    checks = []
    for name in t.texts("element_sets"):
        if name not in sets:
            raise t.error(
                "element_sets", f"unknown element set {name!r}; defined: {', '.join(sets)}"
            )
        for suffix, shared in sets[name]:
            ids.claim(f"{question_id}.{suffix}", t, "element_sets")
            checks.append(
                ElementCheck(id=f"{question_id}.{suffix}", question_id=question_id, **shared)
            )
    return checks


# --- stages and questions --------------------------------------------------------------


def _read_stage(data_dir: Path, stage_id: str, sets: dict, ids: IdRegistry) -> Stage:
    t = open_table(data_dir, f"stages.{stage_id}.toml")
    if t.text("id") != stage_id:
        raise t.error("id", f"must be {stage_id!r} (the file name)")
    ids.claim(stage_id, t)
    questions = tuple(_read_question(q, stage_id, sets, ids) for q in t.tables("questions"))
    require_sequence(
        t,
        "questions",
        [q.number for q in questions],
        list(range(1, len(questions) + 1)),
        "question numbers",
    )
    _check_shared_blocks(t, questions)
    stage = Stage(
        id=stage_id,
        name=t.text("name"),
        short_name=t.text("short_name"),
        aliases=t.texts("aliases"),
        numbered=t.flag("numbered", default=MISSING),
        timing=t.text("timing"),
        plan_horizon_months=t.integer("plan_horizon_months"),
        previous_plan_months=t.integer("previous_plan_months", default=None),
        title_signals=t.texts("title_signals", default=MISSING),
        preamble_signals=t.texts("preamble_signals"),
        question_signatures=t.text_groups("question_signatures"),
        questions=questions,
    )
    t.done()
    return stage


def _read_question(t: Table, stage_id: str, sets: dict, ids: IdRegistry) -> Question:
    number = t.integer("number")
    question_id = t.text("id")
    if question_id != f"{stage_id}.q{number}":
        raise t.error("id", f"must be {stage_id}.q{number} (stage id + number)")
    ids.claim(question_id, t)
    own = [_read_own_element(c, question_id, ids) for c in t.tables("checks", default=[])]
    question = Question(
        id=question_id,
        stage_id=stage_id,
        number=number,
        title=t.text("title"),
        asks=t.text("asks"),
        complete_answer=t.text("complete_answer"),
        signals=t.texts("signals", default=MISSING),
        description=t.text("description"),
        fix=t.text("fix"),
        checks=tuple(own + _expand_element_sets(t, question_id, sets, ids)),
        number_prefix=t.text("number_prefix", default=""),
        word_limit=t.integer("word_limit", default=None),
        allows_nil=t.flag("allows_nil"),
        is_action_plan=t.flag("is_action_plan"),
        is_rag=t.flag("is_rag"),
        is_url=t.flag("is_url"),
        is_talent=t.flag("is_talent"),
        is_technician_voice=t.flag("is_technician_voice"),
        pillar=t.choice("pillar", THEME_IDS, default=None),
        shares_block_with=t.optional_text("shares_block_with"),
        locate_note=t.optional_text("locate_note"),
    )
    t.done()
    return question


def _check_shared_blocks(t: Table, questions: tuple[Question, ...]) -> None:
    known = {q.id for q in questions}
    for i, question in enumerate(questions):
        if question.shares_block_with and question.shares_block_with not in known:
            raise t.error(
                f"questions[{i}].shares_block_with",
                f"{question.shares_block_with!r} is not a question of this stage",
            )


# --- document checks, TALENT, lexicon --------------------------------------------------


def _read_doc_checks(data_dir: Path, ids: IdRegistry) -> tuple[DocCheck, ...]:
    table = open_table(data_dir, "doc_checks.toml")
    checks = tuple(_read_doc_check(entry, ids) for entry in table.tables("checks"))
    table.done()
    return checks


def _read_doc_check(t: Table, ids: IdRegistry) -> DocCheck:
    check_id = t.text("id")
    if not check_id.startswith("doc."):
        raise t.error("id", "document check ids start with 'doc.'")
    ids.claim(check_id, t)
    stages = t.texts("stages", default=STAGE_IDS)
    if not stages or any(s not in STAGE_IDS for s in stages):
        raise t.error("stages", f"expected a non-empty list drawn from {', '.join(STAGE_IDS)}")
    check = DocCheck(
        id=check_id,
        severity=t.choice("severity", SEVERITIES),
        description=t.text("description"),
        fix=t.text("fix"),
        stages=stages,
        labels=t.texts("labels"),
        condition=t.optional_text("condition"),
        detection=t.optional_text("detection"),
    )
    t.done()
    return check


def _read_talent(data_dir: Path, ids: IdRegistry) -> tuple[TalentRecommendation, ...]:
    table = open_table(data_dir, "talent.toml")
    recs = tuple(_read_recommendation(entry, ids) for entry in table.tables("recommendations"))
    require_sequence(
        table,
        "recommendations",
        [r.number for r in recs],
        list(range(1, TALENT_COUNT + 1)),
        "recommendation numbers",
    )
    table.done()
    return recs


def _read_recommendation(t: Table, ids: IdRegistry) -> TalentRecommendation:
    number = t.integer("number")
    if t.text("id") != f"talent.r{number}":
        raise t.error("id", f"must be talent.r{number} (matching number)")
    ids.claim(f"talent.r{number}", t)
    rec = TalentRecommendation(
        id=f"talent.r{number}",
        number=number,
        addressees=t.texts("addressees", MISSING),
        title=t.text("title"),
        keywords=t.texts("keywords"),
        title_verified=t.flag("title_verified", default=True),
        note=t.optional_text("note"),
    )
    t.done()
    return rec


_LEXICON_READERS = {
    "str": Table.text,
    "int": Table.integer,
    "tuple[str, ...]": Table.texts,
    "tuple[int, ...]": Table.integers,
}


def _read_lexicon(data_dir: Path) -> Lexicon:
    """Sections of lexicon.toml are for readers; their keys map one-to-one onto Lexicon fields."""
    table = open_table(data_dir, "lexicon.toml")
    values: dict[str, Any] = {}
    wanted = {f.name: f.type for f in fields(Lexicon)}
    for section_name in table.keys():
        section = table.table(section_name)
        for key in section.keys():
            if key in values:
                raise section.error(key, "defined in two sections; lexicon keys must be unique")
            if key in wanted:
                values[key] = _LEXICON_READERS[wanted[key]](section, key, MISSING)
        section.done()
    table.done()
    missing = [name for name in wanted if name not in values]
    if missing:
        raise TemplateDataError(table.file, missing[0], "missing required key (in any section)")
    if sorted(values["numbered_pillar_order"]) != sorted(PILLAR_IDS):
        raise TemplateDataError(
            table.file, "action_plan.numbered_pillar_order", f"must list {PILLAR_IDS}"
        )
    return Lexicon(**values)
