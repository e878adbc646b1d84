"""Typed results shaped for display in the app: HTML fragments, table rows, choices.

Pure functions (the two ``read_*`` helpers only read the catalog). Every piece of text
that comes from a document, a file name or the user goes through ``html.escape`` before
it is put into HTML or Markdown; nothing here decides anything the jobs in ``assistant/``
decide.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path

from assistant.check.report import CheckReport, CheckResult, Example
from assistant.library import IngestReport, Progress
from assistant.markup import markdown_text
from assistant.plan.phrases import classify_pillar
from domain import STAGE_IDS, THEME_IDS, Template, load_template
from ingest.models import DOC_TYPE_LABELS, DOC_TYPES
from vectorstore.catalog import DocumentRow
from vectorstore.store import CorpusStore

STATUS_LABELS = {
    "present": "present",
    "weak": "weak",
    "missing": "missing",
    "attached": "attached",
    "not_applicable": "not applicable",
}


def esc(text: object) -> str:
    return escape("" if text is None else str(text))


# --- labels and choices ---------------------------------------------------------------------


def stage_label(stage_id: str | None, template: Template | None = None) -> str:
    if not stage_id:
        return ""
    template = template or load_template()
    try:
        return template.stage(stage_id).short_name or template.stage(stage_id).name
    except KeyError:
        return stage_id


def pillar_label(pillar_id: str | None, template: Template | None = None) -> str:
    if not pillar_id:
        return ""
    template = template or load_template()
    try:
        return template.pillar(pillar_id).name
    except KeyError:
        return pillar_id


def pillar_choices(template: Template | None = None, any_label: str = "Any pillar") -> list[tuple[str, str]]:
    template = template or load_template()
    return [(any_label, "")] + [(pillar_label(p, template), p) for p in THEME_IDS]


def stage_choices(template: Template | None = None, any_label: str | None = "Any stage") -> list[tuple[str, str]]:
    template = template or load_template()
    choices = [(template.stage(s).name, s) for s in STAGE_IDS]
    return ([(any_label, "")] if any_label else []) + choices


def doc_type_choices() -> list[tuple[str, str]]:
    return [("Any document type", "")] + [(DOC_TYPE_LABELS.get(t, t), t) for t in DOC_TYPES]


def question_choices(stage_id: str, template: Template | None = None) -> list[tuple[str, str]]:
    template = template or load_template()
    return [(f"Q{q.number}. {q.title}", q.id) for q in template.stage(stage_id).questions]


def document_label(row: DocumentRow) -> str:
    who = row.institution or row.title or row.file
    when = f" ({row.date[:4]})" if row.date else ""
    kind = DOC_TYPE_LABELS.get(row.doc_type, row.doc_type)
    return f"{who}{when} · {kind} · {row.doc_id}"


def document_choices(rows: Iterable[DocumentRow], doc_types: Sequence[str] | None = None) -> list[tuple[str, str]]:
    return [(document_label(r), r.doc_id) for r in rows if doc_types is None or r.doc_type in doc_types]


# --- library ----------------------------------------------------------------------------------

DOCUMENT_HEADERS = ["Institution", "Stage", "Type", "Date", "Pages", "Chunks", "Actions", "Id"]


def document_rows(rows: Iterable[DocumentRow], template: Template | None = None) -> list[list]:
    template = template or load_template()
    return [
        [
            r.institution or "(not named)", stage_label(r.stage, template), DOC_TYPE_LABELS.get(r.doc_type, r.doc_type),
            r.date or "", r.pages, r.chunks, r.actions, r.doc_id,
        ]
        for r in rows
    ]


@dataclass
class IngestTally:
    """Running totals while a batch is ingested (what the progress bar says)."""

    files: int = 0
    total: int = 0
    pages: int = 0
    chunks: int = 0

    def add(self, progress: Progress) -> str:
        if progress.ocr_pages:  # a scan being read page by page: nothing counted yet
            return (
                f"{self.files}/{progress.total} files · {self.pages} pages · {self.chunks} chunks · "
                f"{progress.file}: OCR {progress.ocr_page}/{progress.ocr_pages} pages"
            )
        self.files, self.total = progress.done, progress.total
        self.pages += progress.pages
        self.chunks += progress.chunks
        return f"{self.files}/{self.total} files · {self.pages} pages · {self.chunks} chunks · {progress.file}"


def ingest_report_markdown(report: IngestReport) -> str:
    """What happened to each file, in plain words; each failure on its own line."""
    added = [d for d in report.documents if d.status == "added"]
    updated = [d for d in report.documents if d.status == "updated"]
    replaced = [d for d in report.documents if d.status == "replaced"]
    unchanged = [d for d in report.documents if d.status == "unchanged"]
    pages = sum(d.pages for d in added + updated + replaced)
    chunks = sum(d.chunks for d in added + updated + replaced)
    counts = f"{len(added)} added, {len(updated)} updated, {len(unchanged)} unchanged" + (f", {len(replaced)} replaced" if replaced else "")
    head = f"**{counts}** · {pages} pages, {chunks} chunks indexed"
    if report.errors:
        head += f" · **{len(report.errors)} could not be read**"
    lines = [head, ""]
    for d in added + updated + replaced + unchanged:
        who = d.institution or "institution not named"
        how = f" ({d.ocr_pages} read by OCR)" if d.ocr_pages else ""
        where = f" · fetched from {markdown_text(d.source_url)}" if d.source_url else ""
        lines.append(f"- ✓ {markdown_text(Path(d.file).name)} — {d.status}: {markdown_text(who)}, {d.pages} pages{how}, {d.chunks} chunks{where}")
    for problem in report.errors:
        lines.append(f"- ✗ {markdown_text(Path(problem.file).name)} — {markdown_text(problem.reason)}")
    for problem in report.warnings:
        lines.append(f"- ⚠ {markdown_text(Path(problem.file).name)} — {markdown_text(problem.reason)}")
    return "\n".join(lines) + "\n"


# --- coverage: institutions x pillars -------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    institutions: tuple[str, ...]
    pillars: tuple[str, ...]
    counts: dict[tuple[str, str], int]  # (institution, pillar) -> passages
    totals: dict[str, int]  # institution -> all its passages

    @property
    def peak(self) -> int:
        return max(self.counts.values(), default=0)


_COVERAGE_CACHE: dict[tuple[str, str, str], Counter] = {}


def passage_pillars(text: str, tags: str, template: Template) -> list[str]:
    """The pillars a passage is about: its section's tags, else the pillar whose keywords
    it uses most (none when it uses none)."""
    tagged = [t for t in tags.split() if t in THEME_IDS]
    if tagged:
        return tagged
    pillar = classify_pillar(text, template)
    return [pillar] if pillar else []


def read_coverage(store: CorpusStore, template: Template | None = None) -> Coverage:
    """Passages per institution and pillar over the whole store (each document's counts
    are kept per file version, so a refresh only reads what changed)."""
    template = template or load_template()
    counts: Counter = Counter()
    for row in store.documents():
        key = (str(store.location.data_dir), row.doc_id, row.sha256)
        if key not in _COVERAGE_CACHE:
            per_doc: Counter = Counter()
            for chunk in store.catalog.chunks_of(row.doc_id):
                institution = chunk.institution or "(not named)"
                per_doc[(institution, "")] += 1
                for pillar in passage_pillars(chunk.text, chunk.pillars, template):
                    per_doc[(institution, pillar)] += 1
            _COVERAGE_CACHE[key] = per_doc
        counts.update(_COVERAGE_CACHE[key])
    return coverage_from_counts(counts)


def coverage_from_counts(counts: Counter) -> Coverage:
    """``counts`` keyed (institution, pillar), with pillar "" for all of its passages."""
    totals = {inst: n for (inst, pillar), n in counts.items() if pillar == ""}
    institutions = tuple(sorted(totals, key=lambda i: (i == "(not named)", i.lower())))
    cells = {(inst, pillar): n for (inst, pillar), n in counts.items() if pillar}
    return Coverage(institutions, THEME_IDS, cells, totals)


def _shade(n: int, peak: int) -> str:
    if n <= 0 or peak <= 0:
        return "background:#f6f7f9;color:#9aa0a6"
    strength = 0.12 + 0.78 * (n / peak)
    text = "#ffffff" if strength > 0.55 else "#10243e"
    return f"background:rgba(31,94,168,{strength:.2f});color:{text}"


def coverage_html(coverage: Coverage, template: Template | None = None) -> str:
    """A heatmap table: one row per institution, one column per pillar, each cell shaded
    by how many passages in the corpus are about that pillar."""
    template = template or load_template()
    if not coverage.institutions:
        return '<div class="tca-empty">The library is empty: add documents to see what the corpus covers.</div>'
    head = "".join(f"<th>{esc(pillar_label(p, template))}</th>" for p in coverage.pillars)
    body = []
    for inst in coverage.institutions:
        cells = []
        for pillar in coverage.pillars:
            n = coverage.counts.get((inst, pillar), 0)
            tip = f"{n} passage{'s' if n != 1 else ''} from {inst} about {pillar_label(pillar, template)}"
            cells.append(f'<td style="{_shade(n, coverage.peak)}" title="{esc(tip)}">{n}</td>')
        body.append(f'<tr><th scope="row">{esc(inst)}</th>{"".join(cells)}<td class="tca-total">{coverage.totals.get(inst, 0)}</td></tr>')
    return (
        '<table class="tca-heatmap"><thead><tr><th>Institution</th>'
        f'{head}<th>All passages</th></tr></thead><tbody>{"".join(body)}</tbody></table>'
        '<p class="tca-sub">Passages per institution and pillar (a passage counts under its section\'s pillar, '
        "else the pillar whose keywords it uses most). Darker cells: more to draw on.</p>"
    )


def read_filter_options(store: CorpusStore) -> tuple[list[str], list[int]]:
    """Institutions and years that passages in the store carry (what a filter can match)."""
    institutions = sorted(store.catalog.chunk_institutions())
    years = sorted(store.catalog.chunk_years(), reverse=True)
    return institutions, years


# --- check ------------------------------------------------------------------------------------------


def status_badge(status: str) -> str:
    return f'<span class="tca-status tca-status-{esc(status)}">{esc(STATUS_LABELS.get(status, status))}</span>'


def _examples_html(examples: Sequence[Example]) -> str:
    if not examples:
        return ""
    items = "".join(
        f"<li><strong>{esc(x.institution or x.document)}</strong>{', p. ' + esc(x.page) if x.page else ''}: "
        f"<q>{esc(x.quote)}</q></li>"
        for x in examples
    )
    return f'<div class="tca-examples"><span>How peers answered:</span><ul>{items}</ul></div>'


def _gap_card(result: CheckResult) -> str:
    return (
        f'<div class="tca-gap tca-border-{esc(result.status)}">'
        f'<div class="tca-gap-head">{status_badge(result.status)} <code>{esc(result.id)}</code> '
        f'<span class="tca-sev">{esc(result.severity.replace("_", " "))}</span></div>'
        f'<dl class="tca-facts"><dt>Where</dt><dd>{esc(result.where.label())}</dd>'
        f"<dt>Why</dt><dd>{esc(result.reason)}</dd><dt>How to fix</dt><dd>{esc(result.fix)}</dd></dl>"
        f"{_examples_html(result.examples)}</div>"
    )


def check_report_html(report: CheckReport, template: Template | None = None) -> str:
    """The report: a verdict with counts per status, each gap with where, why, how to fix
    and peers' examples, the attachment notices, then every check coloured by status."""
    template = template or load_template()
    counts = report.counts()
    gaps = len(report.required_gaps)
    verdict = (
        f'<span class="tca-verdict tca-verdict-bad">{gaps} required gap{"s" if gaps != 1 else ""}</span>'
        if gaps else '<span class="tca-verdict tca-verdict-ok">No required gaps</span>'
    )
    badges = " ".join(f"{status_badge(s)}&nbsp;{n}" for s, n in counts.items() if n)
    parts = [
        f'<div class="tca-report"><h3>Gap check: {esc(report.institution or report.file)}</h3>',
        f'<p>{verdict} · {esc(stage_label(report.stage, template))} ({esc(report.stage_source)}) · {esc(report.file)}</p>',
        f'<p class="tca-counts">{badges}</p>',
    ]
    parts += [f'<p class="tca-note">{esc(note)}</p>' for note in report.notes]
    if report.flagged:
        parts.append("<h4>Gaps to address</h4>" + "".join(_gap_card(r) for r in report.flagged))
    if report.attachments:
        items = "".join(f"<li><code>{esc(r.id)}</code>: {esc(r.reason)}</li>" for r in report.attachments)
        parts.append(f"<h4>In attachments (make sure they go in with the submission)</h4><ul>{items}</ul>")
    rows = "".join(
        f'<tr class="tca-row-{esc(r.status)}"><td><code>{esc(r.id)}</code></td><td>{status_badge(r.status)}</td>'
        f"<td>{esc(r.severity.replace('_', ' '))}</td><td>{esc(r.where.label())}</td><td>{esc(r.reason)}</td>"
        f"<td>{esc(r.fix) if r.flagged or r.status == 'attached' else ''}</td></tr>"
        for r in report.checks
    )
    parts.append(
        "<h4>All checks</h4><table class=\"tca-checks\"><thead><tr><th>Check</th><th>Status</th><th>Severity</th>"
        f"<th>Where</th><th>Why</th><th>How to fix</th></tr></thead><tbody>{rows}</tbody></table></div>"
    )
    return "".join(parts)


# --- action plan ------------------------------------------------------------------------------------


def parse_month(text: str | None) -> date | None:
    """A plan's first month from "YYYY-MM" (None when blank); ValueError says what to type."""
    text = (text or "").strip()
    if not text:
        return None
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"the start month must look like 2026-09, not '{text}'")
    return date(int(match.group(1)), int(match.group(2)), 1)


def suggestion_choices(suggestions: Sequence, template: Template | None = None) -> list[tuple[str, int]]:
    template = template or load_template()
    return [(f"{i}. {s.title} ({pillar_label(s.pillar, template)})", i - 1) for i, s in enumerate(suggestions, start=1)]


def suggestions_html(suggestions: Sequence, template: Template | None = None) -> str:
    """Ranked suggestions as cards: what to do, who did it, timescale, impact measure and
    every source quoted with its page."""
    template = template or load_template()
    if not suggestions:
        return '<div class="tca-empty">No actions found in the corpus for this pillar.</div>'
    cards = []
    for i, s in enumerate(suggestions, start=1):
        sources = "".join(
            f"<li><strong>{esc(src.institution or src.document)}</strong> · {esc(src.document)}"
            f"{', p. ' + esc(src.page) if src.page else ''} ({esc(src.kind.replace('_', ' '))}): <q>{esc(src.quote)}</q></li>"
            for src in s.sources
        )
        impact = "".join(
            f"<li><strong>{esc(src.institution or src.document)}</strong>: <q>{esc(src.quote)}</q></li>"
            for src in s.reported_impact
        )
        who = ", ".join(s.institutions) or s.described_by
        cards.append(
            f'<div class="tca-suggestion"><div class="tca-sugg-head"><span class="tca-rank">{i}</span> '
            f'<strong>{esc(s.title)}</strong> <span class="tca-pill tca-pill-{esc(s.pillar)}">{esc(pillar_label(s.pillar, template))}</span></div>'
            f'<p class="tca-sub">Done by: {esc(who)} · timescale: {esc(s.timescale or "not given")} · score {s.score:.2f}</p>'
            f'<p>{esc(s.description)} <span class="tca-sub">({esc(s.described_by)})</span></p>'
            f'<p><strong>Impact measure:</strong> {esc(s.impact_measure)} <span class="tca-sub">({esc(s.impact_measure_from)})</span></p>'
            + (f"<details><summary>Reported impact ({len(s.reported_impact)})</summary><ul>{impact}</ul></details>" if impact else "")
            + f"<details><summary>Sources ({len(s.sources)})</summary><ul>{sources}</ul></details></div>"
        )
    return "".join(cards)
