"""The summarise job: a one-page summary of a submission for a reviewer.

Who, when and which stage; key figures with their sentences; per pillar the most
central, non-redundant sentences of the author's own text (or, with a language model,
a short paragraph written from them); RAG counts and red items; action-plan statistics
and a timeline; strengths (pillars with rich evidence) and gaps (from the checker); and,
with a language model, draft feedback in the tone of a constructive panel.

Everything but the written prose and feedback is deterministic and cites pages.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np

from assistant.ask.query import query_lexicon
from assistant.ask.words import stem, words
from assistant.check import CheckReport, check_reading
from assistant.check.answers import answer_for, is_pointer
from assistant.check.elements.context import QuestionContext, mentioned
from assistant.check.elements.plan import read_plan
from assistant.check.elements.rag import read_rag
from assistant.check.segments import Reading, StageUnknownError, read_submission
from assistant.figures import KeyFigure, key_figures
from assistant.summarise.model import (
    DocumentNotFoundError,
    Evidence,
    Gap,
    NotASubmissionError,
    PillarSummary,
    PlanOverview,
    RagOverview,
    RedItem,
    Summary,
)
from assistant.timeline import TimelineItem
from domain import PILLAR_IDS, fold, load_template
from ingest.chunk import is_unwrapped_text, paragraphs, split_sentences
from ingest.models import ActionRecord, RawDocument
from ingest.structure.lines import pillar_label
from ingest.structure.tables import split_cells
from vectorstore.embedder import Embedder
from vectorstore.store import CorpusStore

SENTENCES_PER_PILLAR = 3
MIN_SENTENCE_WORDS = 8
MAX_SENTENCE_WORDS = 70
REDUNDANCY = 0.7  # weight of similarity to sentences already chosen (maximal marginal relevance)
MIN_LOCATED_QUESTIONS = 3
RICH_PASSAGES = 3
_BULLET = re.compile(r"^(?:[-•*·▪]\s+)+")
_QUOTED = re.compile(r"[“\"][^”\"]{20,}[”\"]")


# --- entry points -------------------------------------------------------------------


def summarise_file(
    path: Path,
    *,
    stage: str = "auto",
    embedder: Embedder | None = None,
    chat_model=None,
    doc_id: str | None = None,
    raw: RawDocument | None = None,
) -> Summary:
    """Summarise one submission file; ``chat_model`` (LangChain) writes pillar prose and
    draft feedback, otherwise the summary is extractive only. ``raw``: the file already loaded."""
    try:
        reading = read_submission(Path(path), stage, embedder, raw)
    except StageUnknownError as exc:
        raise NotASubmissionError(f"{Path(path).name} does not read as a self-assessment submission: {exc}") from exc
    report = check_reading(reading)
    _require_submission(reading, report)
    summary = summarise_reading(reading, report, doc_id)
    if chat_model is not None:
        _write_with_model(summary, chat_model)
    return summary


def _require_submission(reading: Reading, report: CheckReport) -> None:
    """Enough of the form's questions must be there, and half of them when the stage was
    only inferred (an update paper or report would otherwise pass for a draft); a
    case-study report is never a submission unless the caller names a stage. A question
    answered without a prompt of its own (stage two's progress, under pillar headings)
    counts when the check finds it answered."""
    if reading.meta.doc_type == "case_study_report" and reading.stage_source != "given":
        raise NotASubmissionError(f"{reading.path.name} is a case-study report, not a submission")
    wanted = MIN_LOCATED_QUESTIONS
    if reading.stage_source == "similarity":
        wanted = max(wanted, len(reading.stage.questions) // 2)
    answered = {q.id for q in reading.stage.questions if report.check(q.id).status != "missing"}
    located = set(reading.blocks) | answered
    if len(located) < wanted:
        raise NotASubmissionError(
            f"{reading.path.name} does not read as a self-assessment submission "
            f"(only {len(located)} of its questions {'was' if len(located) == 1 else 'were'} found)"
        )


def summarise_document(store: CorpusStore, doc_id: str, *, chat_model=None) -> Summary:
    """Summarise an ingested document (``tca docs list`` ids), read again from its file."""
    row = store.document(doc_id)
    if row is None:
        raise DocumentNotFoundError(f"no ingested document has the id '{doc_id}' (see `tca docs list`)")
    path = Path(row.path)
    if not path.is_file():
        raise DocumentNotFoundError(f"'{doc_id}' was ingested from {path}, which is no longer there")
    return summarise_file(path, stage=row.stage or "auto", embedder=store.embedder, chat_model=chat_model, doc_id=doc_id)


def _write_with_model(summary: Summary, chat_model) -> None:
    """Pillar prose and draft feedback; if the model fails, the summary stays extractive."""
    from assistant.summarise.llm import write_feedback, write_pillar_prose

    try:
        write_pillar_prose(summary, chat_model)
        summary.feedback = write_feedback(summary, chat_model)
    except Exception as exc:  # noqa: BLE001 - any model failure leaves a usable summary
        summary.notes.append(f"the language model failed ({type(exc).__name__}: {exc}); the summary is extractive")


def summarise_reading(reading: Reading, report: CheckReport, doc_id: str | None = None) -> Summary:
    """The extractive summary of a segmented submission and its gap report."""
    plan = plan_overview(reading)
    sentences = narrative_sentences(reading, plan.cells if plan else frozenset())
    figures = key_figures([(s.text, s.page, s.section) for s in sentences])
    pillars = pillar_summaries(sentences, figures, plan)
    return Summary(
        file=reading.path.name,
        doc_id=doc_id,
        institution=report.institution,
        stage=reading.stage.id,
        date=reading.meta.date,
        lead=reading.meta.lead_name,
        lead_email=reading.meta.lead_email,
        figures=figures,
        pillars=pillars,
        rag=rag_overview(reading),
        plan=plan,
        strengths=strengths(pillars),
        gaps=[Gap(r.id, r.status, r.severity, r.reason) for r in _ordered_gaps(report)],
        notes=[f"{len(report.attachments)} check(s) rely on material attached separately"] if report.attachments else [],
        document_type=reading.meta.doc_type,
    )


def _ordered_gaps(report: CheckReport):
    return sorted(report.flagged, key=lambda r: (not r.required, report.checks.index(r)))


# --- sentences and pillars ----------------------------------------------------------


def narrative_sentences(reading: Reading, plan_cells: frozenset[str] = frozenset()) -> list[Evidence]:
    """The author's own sentences (wrapped PDF lines rejoined): answers and in-file
    appendices, without table rows or plan cells, pointers, quotations of others' text,
    or fragments."""
    found = []
    wrapped = not is_unwrapped_text(reading.path.name, reading.sections)
    for section in reading.sections:
        if section.kind not in ("question", "pillar", "body", "appendix"):
            continue
        pages = section.line_pages or [section.page_start] * len(section.lines)
        label = _section_label(reading, section)
        for line, page in paragraphs(section.lines, pages, wrapped):
            if split_cells(line):
                continue
            text = _BULLET.sub("", line.strip())
            found += [
                Evidence(s, page, label)
                for s in split_sentences(text)
                if _is_narrative(s) and not any(fold(s) in cell for cell in plan_cells)
            ]
    return found


def _section_label(reading: Reading, section) -> str:
    if section.question_id:
        title = load_template().question(section.question_id).title
        return f"{title} – {section.title}" if section.kind == "pillar" else title
    return section.title or "Unprompted text"


def _is_narrative(sentence: str) -> bool:
    count = len(sentence.split())
    quoted = sum(len(m.group()) for m in _QUOTED.finditer(sentence))
    return (
        MIN_SENTENCE_WORDS <= count <= MAX_SENTENCE_WORDS
        and not is_pointer(sentence)
        and quoted < len(sentence) / 2
        and "://" not in sentence
    )


def pillar_of(sentence: Evidence) -> str | None:
    """The pillar a sentence is about: its section's pillar heading (in any case:
    "CAREER DEVELOPMENT"), else the only pillar whose keywords it uses most."""
    heading = pillar_label(sentence.section.split(" – ")[-1])
    if heading in PILLAR_IDS:
        return heading
    scores = {p.id: len(mentioned(sentence.text, (p.name, *p.synonyms, *p.keywords))) for p in load_template().pillars}
    best = max(scores.values())
    winners = [pillar for pillar, score in scores.items() if score == best]
    return winners[0] if best and len(winners) == 1 else None


def pillar_summaries(
    sentences: list[Evidence], figures: list[KeyFigure], plan: PlanOverview | None
) -> list[PillarSummary]:
    by_pillar: dict[str, list[Evidence]] = {pillar: [] for pillar in PILLAR_IDS}
    for sentence in sentences:
        pillar = pillar_of(sentence)
        if pillar in by_pillar:
            by_pillar[pillar].append(sentence)
    figure_pillars = Counter(pillar_of(Evidence(f.context, f.page, f.section)) for f in figures)
    return [
        PillarSummary(
            pillar=pillar,
            name=load_template().pillar(pillar).name,
            sentences=central_sentences(by_pillar[pillar]),
            passages=len(by_pillar[pillar]),
            figures=figure_pillars.get(pillar, 0),
            actions=plan.per_pillar.get(pillar, 0) if plan else 0,
        )
        for pillar in PILLAR_IDS
    ]


def central_sentences(sentences: list[Evidence], limit: int = SENTENCES_PER_PILLAR) -> list[Evidence]:
    """The most central sentences (mean TF-IDF cosine to the others), each chosen to
    add something the earlier choices do not say (maximal marginal relevance)."""
    if len(sentences) <= limit:
        return sentences
    matrix = _tfidf([s.text for s in sentences])
    similarity = matrix @ matrix.T
    centrality = (similarity.sum(axis=1) - 1.0) / max(len(sentences) - 1, 1)
    chosen: list[int] = []
    while len(chosen) < limit:
        penalty = similarity[:, chosen].max(axis=1) if chosen else np.zeros(len(sentences))
        scores = centrality - REDUNDANCY * penalty
        scores[chosen] = -np.inf
        chosen.append(int(np.argmax(scores)))
    return [sentences[i] for i in sorted(chosen)]


def _tfidf(texts: list[str]) -> np.ndarray:
    generic = query_lexicon().generic
    bags = [Counter(stem(w) for w in words(t) if w not in generic and len(w) > 2) for t in texts]
    vocabulary = {term: i for i, term in enumerate(sorted({t for bag in bags for t in bag}))}
    frequency = Counter(term for bag in bags for term in bag)
    matrix = np.zeros((len(texts), max(len(vocabulary), 1)), dtype=np.float32)
    for row, bag in enumerate(bags):
        for term, count in bag.items():
            matrix[row, vocabulary[term]] = count * math.log(1 + len(texts) / frequency[term])
    return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)


def strengths(pillars: list[PillarSummary]) -> list[str]:
    """Pillars with rich evidence: several passages and at least median richness."""
    middle = statistics.median(p.richness for p in pillars) if pillars else 0
    return [
        f"{p.name}: {p.passages} passages of evidence, {p.figures} key figure(s), {p.actions} planned action(s)"
        for p in sorted(pillars, key=lambda p: -p.richness)
        if p.passages >= RICH_PASSAGES and p.richness >= middle
    ]


# --- plan and RAG ----------------------------------------------------------------------


def plan_overview(reading: Reading) -> PlanOverview | None:
    question = reading.stage.action_plan_question
    context = QuestionContext(reading, question, answer_for(reading, question))
    if not context.answer.located:
        return None
    actions = read_plan(context).actions
    deferred = context.answer.deferred.reason if context.answer.deferred and not actions else None
    per_pillar = Counter(a.pillar or "unlabelled" for a in actions)
    starts = [a.start for a in actions if a.start]
    ends = [a.end for a in actions if a.end]
    return PlanOverview(
        actions=len(actions),
        per_pillar=dict(per_pillar),
        start=min(starts, default=None),
        end=max(ends, default=None),
        items=[_timeline_item(a, max(ends, default=None)) for a in actions],
        deferred=deferred,
        cells=frozenset(fold(f"{a.activity} {a.description}") for a in actions),
    )


def _timeline_item(action: ActionRecord, plan_end: date | None) -> TimelineItem:
    """A bar per action; an ongoing one (a start, no end) runs to the plan's last date."""
    if action.start and not action.end and plan_end and plan_end > action.start:
        return TimelineItem(f"{action.activity} (ongoing)", action.pillar, action.start, plan_end)
    return TimelineItem(action.activity, action.pillar, action.start, action.end)


def rag_overview(reading: Reading) -> RagOverview | None:
    question = reading.stage.rag_question
    if question is None:
        return None
    context = QuestionContext(reading, question, answer_for(reading, question))
    if not context.answer.located:
        return None
    rag = read_rag(context)
    counts: dict[str, int] = dict(rag.counts)
    if rag.rows:
        counts = dict(Counter(row.colour for row in rag.rows if row.colour))
    blocks = dict(rag.blocks)
    if rag.red_rows:
        red = [RedItem(f"{row.label} {row.activity}".strip(), blocks.get(row.label.upper(), row.commentary)) for row in rag.red_rows]
    else:
        red = [RedItem(label, text) for label, text in rag.blocks] if counts.get("red") else []
    deferred = context.answer.deferred.reason if context.answer.deferred else None
    return RagOverview(counts, red, deferred)
