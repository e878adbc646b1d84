"""Typed, immutable view of the template spec (shared/design/template-spec.md).

Instances are built by ``domain.loader`` from the TOML files in ``domain/data``; import
``domain`` (or ``domain.template``) rather than this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from domain.lexicon import Lexicon, match_label, match_rag

STAGE_IDS: tuple[str, ...] = ("initial", "stage_two", "renewal")
PILLAR_IDS: tuple[str, ...] = ("visibility", "recognition", "career_development", "sustainability")
EVALUATING_IMPACT = "evaluating_impact"
THEME_IDS: tuple[str, ...] = PILLAR_IDS + (EVALUATING_IMPACT,)
SEVERITIES: tuple[str, ...] = ("required", "required_when_assessable", "recommended", "info")
STATUSES: tuple[str, ...] = ("present", "weak", "missing", "attached", "not_applicable")
RAG_COLOURS: tuple[str, ...] = ("green", "amber", "red")


class UnknownIdError(KeyError):
    """An id that the template does not define; the message lists the valid ones."""

    def __init__(self, kind: str, key: object, valid: tuple[str, ...]):
        self.kind, self.key, self.valid = kind, key, valid
        shown = ", ".join(valid[:12]) + (", ..." if len(valid) > 12 else "")
        super().__init__(f"unknown {kind} {key!r}; valid: {shown}")

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Pillar:
    """A pillar (or the fifth theme, ``evaluating_impact``, with counts_for_coverage False)."""

    id: str
    name: str
    meaning: str
    counts_for_coverage: bool
    synonyms: tuple[str, ...]
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class ElementCheck:
    """One testable element of a question's answer, e.g. ``renewal.q3.red_explanations``."""

    id: str
    question_id: str
    severity: str
    description: str
    fix: str
    pillar: str | None = None
    condition: str | None = None
    details_key: str | None = None
    cues: tuple[str, ...] = ()
    # What to add when the check finds part of the element and not the rest ("names a survey
    # but not how it shaped the plan"): the draft's placeholder then asks for the rest, not
    # again for what the notes already say.
    partial_fix: str = ""

    @property
    def suffix(self) -> str:
        """The id after the question id, e.g. ``pillar.sustainability``."""
        return self.id[len(self.question_id) + 1 :]

    @property
    def makes_parent_weak(self) -> bool:
        """Only required elements can turn their question ``weak`` (spec 2.3)."""
        return self.severity in ("required", "required_when_assessable")


@dataclass(frozen=True)
class Question:
    """A form question (itself a required check) with its element checks."""

    id: str
    stage_id: str
    number: int
    title: str
    asks: str
    complete_answer: str
    signals: tuple[str, ...]
    description: str
    fix: str
    checks: tuple[ElementCheck, ...] = ()
    number_prefix: str = ""
    word_limit: int | None = None
    allows_nil: bool = False
    is_action_plan: bool = False
    is_rag: bool = False
    is_url: bool = False
    is_talent: bool = False
    is_technician_voice: bool = False
    pillar: str | None = None
    shares_block_with: str | None = None
    locate_note: str | None = None
    severity: str = "required"

    @property
    def check_ids(self) -> tuple[str, ...]:
        """The question's own id followed by its element ids, in spec order."""
        return (self.id,) + tuple(check.id for check in self.checks)

    def element(self, suffix_or_id: str) -> ElementCheck:
        """An element check by suffix (``"timescale"``) or full id."""
        for check in self.checks:
            if suffix_or_id in (check.id, check.suffix):
                return check
        raise UnknownIdError("element", suffix_or_id, tuple(c.id for c in self.checks))


@dataclass(frozen=True)
class Stage:
    """A submission stage and its eight questions, in form order."""

    id: str
    name: str
    short_name: str
    aliases: tuple[str, ...]
    numbered: bool
    timing: str
    plan_horizon_months: int
    previous_plan_months: int | None
    title_signals: tuple[str, ...]
    preamble_signals: tuple[str, ...]
    question_signatures: tuple[tuple[str, ...], ...]
    questions: tuple[Question, ...]

    def question(self, key: int | str) -> Question:
        """A question by number (5) or id (``"renewal.q5"``)."""
        for question in self.questions:
            if key in (question.number, question.id):
                return question
        raise UnknownIdError("question", key, tuple(q.id for q in self.questions))

    def check_ids(self) -> tuple[str, ...]:
        """Every question and element id of this stage, in form order."""
        return tuple(cid for question in self.questions for cid in question.check_ids)

    @property
    def action_plan_question(self) -> Question:
        return self._flagged("is_action_plan")

    @property
    def url_question(self) -> Question:
        return self._flagged("is_url")

    @property
    def voice_question(self) -> Question:
        return self._flagged("is_technician_voice")

    @property
    def rag_question(self) -> Question | None:
        return self._flagged("is_rag", required=False)

    @property
    def talent_question(self) -> Question | None:
        return self._flagged("is_talent", required=False)

    def _flagged(self, flag: str, required: bool = True) -> Question | None:
        found = next((q for q in self.questions if getattr(q, flag)), None)
        if found is None and required:
            raise LookupError(f"stage {self.id} has no question with {flag}")
        return found


@dataclass(frozen=True)
class DocCheck:
    """A document-level check (``doc.*``); ``stages`` lists where it applies."""

    id: str
    severity: str
    description: str
    fix: str
    stages: tuple[str, ...] = STAGE_IDS
    labels: tuple[str, ...] = ()
    condition: str | None = None
    detection: str | None = None

    def applies_to(self, stage_id: str) -> bool:
        return stage_id in self.stages

    def severity_for(self, stage_id: str) -> str | None:
        """The severity at this stage, or None when the check is not applicable there."""
        return self.severity if self.applies_to(stage_id) else None


@dataclass(frozen=True)
class TalentRecommendation:
    """One of the 16 TALENT Commission recommendations (paraphrased title)."""

    id: str
    number: int
    addressees: tuple[str, ...]
    title: str
    keywords: tuple[str, ...]
    title_verified: bool = True
    note: str | None = None


Check = Question | ElementCheck | DocCheck


@dataclass(frozen=True)
class Template:
    """The whole domain contract: pillars, stages, checks, TALENT recommendations, lexicon."""

    themes: tuple[Pillar, ...]
    stages: tuple[Stage, ...]
    doc_checks: tuple[DocCheck, ...]
    talent: tuple[TalentRecommendation, ...]
    lexicon: Lexicon
    severities: Mapping[str, str]
    statuses: Mapping[str, str]
    _index: dict[str, object] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, object] = {}
        for item in (*self.themes, *self.stages, *self.doc_checks, *self.talent):
            index[item.id] = item
        for stage in self.stages:
            for question in stage.questions:
                index[question.id] = question
                index.update((check.id, check) for check in question.checks)
        object.__setattr__(self, "_index", index)

    # --- pillars -------------------------------------------------------------------
    @property
    def pillar_ids(self) -> tuple[str, ...]:
        """The four pillars a plan must cover (no ``evaluating_impact``)."""
        return tuple(p.id for p in self.themes if p.counts_for_coverage)

    @property
    def pillars(self) -> tuple[Pillar, ...]:
        """The four coverage pillars, in spec order."""
        return tuple(p for p in self.themes if p.counts_for_coverage)

    def pillar(self, pillar_id: str) -> Pillar:
        """A pillar or the fifth theme by id."""
        return self._get(pillar_id, Pillar, "pillar")

    # --- stages, questions, checks -------------------------------------------------
    @property
    def stage_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.stages)

    def stage(self, stage_id: str) -> Stage:
        """A stage by exact id; use ``normalise_stage`` first for free text."""
        return self._get(stage_id, Stage, "stage")

    def question(self, question_id: str) -> Question:
        """A question by id, e.g. ``"renewal.q5"``."""
        return self._get(question_id, Question, "question")

    def check(self, check_id: str) -> Check:
        """Any check by id: a question, an element check or a document check."""
        return self._get(check_id, (Question, ElementCheck, DocCheck), "check")

    def doc_check(self, check_id: str) -> DocCheck:
        return self._get(check_id, DocCheck, "document check")

    def all_check_ids(
        self, stage_id: str, *, include_not_applicable: bool = True
    ) -> tuple[str, ...]:
        """Every check id of spec section 13 for a stage: doc checks, then questions in order.

        By default doc checks that do not apply at this stage (``doc.contact_number`` for
        renewal, ``doc.window`` before renewal) are included, because a checker reports
        them as ``not_applicable``; pass ``include_not_applicable=False`` to drop them.
        """
        stage = self.stage(stage_id)
        docs = tuple(
            d.id for d in self.doc_checks if include_not_applicable or d.applies_to(stage.id)
        )
        return docs + stage.check_ids()

    def severity(self, check_id: str, stage_id: str | None = None) -> str | None:
        """Severity of a check; for doc checks at ``stage_id`` (None when not applicable there)."""
        check = self.check(check_id)
        if isinstance(check, DocCheck):
            return check.severity if stage_id is None else check.severity_for(stage_id)
        return check.severity

    # --- TALENT --------------------------------------------------------------------
    def talent_recommendation(self, key: int | str) -> TalentRecommendation:
        """A recommendation by number (6) or id (``"talent.r6"``)."""
        for rec in self.talent:
            if key in (rec.number, rec.id):
                return rec
        raise UnknownIdError("TALENT recommendation", key, tuple(r.id for r in self.talent))

    # --- free-text normalisation ---------------------------------------------------
    def normalise_stage(self, text: str) -> str | None:
        """Stage id for a label such as "Stage Two", "stage 2", "Renewal" or "Stage One"."""
        return match_label(
            text, {s.id: (s.id, s.name, s.short_name, *s.aliases) for s in self.stages}
        )

    def normalise_pillar(self, text: str) -> str | None:
        """Theme id for a label such as "Career Progression", "career-development" or "Visibility"."""
        return match_label(text, {p.id: (p.id, p.name, *p.synonyms) for p in self.themes})

    def normalise_rag(self, text: str) -> str | None:
        """RAG colour (green, amber, red) of a status cell such as "Completed" or "not started"."""
        return match_rag(text, self.lexicon.rag_tokens)

    def _get(self, key: str, kind: type | tuple[type, ...], label: str):
        item = self._index.get(key)
        if not isinstance(item, kind):
            valid = tuple(k for k, v in self._index.items() if isinstance(v, kind))
            raise UnknownIdError(label, key, valid)
        return item


