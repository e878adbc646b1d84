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

from assistant.answer import Answer, Source
from assistant.ask.conversation import Turn
from assistant.check.report import CheckReport, CheckResult, Example
from assistant.library import IngestReport, Progress
from assistant.markup import markdown_text
from assistant.plan.actions_mining import classify_pillar
from domain import STAGE_IDS, THEME_IDS, Template, load_template
from ingest.models import DOC_TYPES
from vectorstore.catalog import DocumentRow
from vectorstore.store import CorpusStore

STATUS_LABELS = {
    "present": "present",
    "weak": "weak",
    "missing": "missing",
    "attached": "attached",
    "not_applicable": "not applicable",
}
DOC_TYPE_LABELS = {
    "submission": "Submission",
    "guidance": "Guidance",
    "update_paper": "Update paper",
    "case_study_report": "Case-study report",
    "action_plan": "Action plan",
}
_CITATION = re.compile(r"\[(\d{1,3})\]")
_WORD = re.compile(r"[^\W_]+")
_FRAGMENT_BREAK = re.compile(r"\s+[—–]\s+|…|\.\.\.|\s*\|\s*|\n+")
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’)]?")
MIN_FRAGMENT_WORDS = 2


def _e(text: object) -> str:
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


# --- ask: answers with clickable citations and their source cards -----------------------------


def source_anchor(turn: int, n: int) -> str:
    return f"tca-t{turn}-s{n}"


def linked_answer(text: str, turn: int, known: Iterable[int] | None = None) -> str:
    """The answer's Markdown for the chat, escaped, with each ``[n]`` a link that opens
    source card n of this turn (a ``[n]`` that is not a known citation stays plain)."""
    known_set = set(known) if known is not None else None

    pieces, end = [], 0
    for match in _CITATION.finditer(text):
        n = int(match.group(1))
        pieces.append(markdown_text(text[end : match.start()]))
        if known_set is not None and n not in known_set:
            pieces.append(markdown_text(match.group(0)))
        else:
            anchor = source_anchor(turn, n)
            pieces.append(f'<a class="tca-cite" href="#{anchor}" data-card="{anchor}" title="Open source {n}">[{n}]</a>')
        end = match.end()
    return "".join(pieces) + markdown_text(text[end:])


def answer_message(answer: Answer, turn: int) -> str:
    """The final chat message for an answer: cited text, any notes, and the weaker
    matches collapsed apart (never cited, never counted)."""
    body = linked_answer(answer.text, turn, [c.n for c in answer.citations])
    notes = "".join(f"\n\n*{markdown_text(note)}*" for note in answer.notes)
    return body + notes + related_block(answer)


def related_block(answer: Answer) -> str:
    if not answer.related:
        return ""
    items = "".join(f"<li><strong>{_e(r.institution)}</strong>: “{_e(r.quote)}”</li>" for r in answer.related)
    return (
        f'\n\n<details class="tca-related"><summary>Possibly related ({len(answer.related)}), '
        f"below the bar for an answer</summary><ul>{items}</ul></details>"
    )


def _quote_spans(passage: str, quote: str) -> list[tuple[int, int]]:
    """Where the quote's pieces are in the passage: each piece (a sentence, a table cell)
    matched word by word, whatever the punctuation and spacing between the words."""
    spans: list[tuple[int, int]] = []
    for fragment in _FRAGMENT_BREAK.split(quote or ""):
        found = _WORD.findall(fragment)
        if len(found) < MIN_FRAGMENT_WORDS and not (found and len(found[0]) > 3 and fragment.strip() == quote.strip()):
            continue
        pattern = r"[\W_]+".join(re.escape(w) for w in found)
        match = re.search(rf"(?<![^\W_]){pattern}(?![^\W_])", passage, flags=re.IGNORECASE)
        if match:
            end = match.end()
            tail = _SENTENCE_END.match(passage, end)
            spans.append((match.start(), tail.end() if tail else end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + 3:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight_passage(passage: str, quote: str) -> str:
    """The passage as escaped HTML with the quoted sentence(s) in ``<mark>``."""
    parts, position = [], 0
    for start, end in _quote_spans(passage, quote):
        parts.append(escape(passage[position:start]))
        parts.append(f"<mark>{escape(passage[start:end])}</mark>")
        position = end
    parts.append(escape(passage[position:]))
    return "".join(parts)


def _pages(source: Source) -> str:
    if not source.page:
        return ""
    if source.page_end and source.page_end != source.page:
        return f"pp. {source.page}–{source.page_end}"
    return f"p. {source.page}"


def source_card(source: Source, anchor: str, label: str, quote: str = "", cited: bool = True) -> str:
    """One source: a header (click to open) and, when open, where it is and the passage
    with the quoted sentence highlighted. A passage read by OCR, or from a page fetched
    from the web, says so (and links the address)."""
    who = _e(source.institution or "Unattributed")
    pages = _pages(source)
    facts = [
        ("Institution", source.institution or "not named"),
        ("Document", source.document),
        ("File", source.file),
        ("Page", pages.replace("p. ", "").replace("pp. ", "") if pages else "n/a"),
        ("Section", source.section or "n/a"),
    ]
    if source.ocr:
        facts.append(("Read by", "OCR from a scanned page: check figures against the original"))
    rows = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in facts)
    if source.url:
        rows += f'<dt>Fetched from</dt><dd><a href="{_e(source.url)}" rel="noopener noreferrer" target="_blank">{_e(source.url)}</a></dd>'
    kind = "cited" if cited else "retrieved"
    badge = '<span class="tca-ocr"> · read by OCR</span>' if source.ocr else ""
    return (
        f'<div class="tca-card tca-card-{kind}" id="{anchor}">'
        f'<a class="tca-card-head" href="#{anchor}" data-card="{anchor}">'
        f'<span class="tca-n">{_e(label)}</span> <strong>{who}</strong>'
        f'<span class="tca-card-where"> · {_e(source.document)}{" · " + _e(pages) if pages else ""}</span>{badge}</a>'
        f'<div class="tca-card-body"><dl class="tca-facts">{rows}</dl>'
        f'<div class="tca-passage">{highlight_passage(source.passage, quote)}</div></div></div>'
    )


def turn_sources(answer: Answer, turn: int) -> str:
    """The cards for one answer: cited sources numbered as in the answer, then the other
    passages retrieved (listed apart, never as cited)."""
    cited_ids = {c.source.chunk_id for c in answer.citations}
    cited = [
        source_card(c.source, source_anchor(turn, c.n), f"[{c.n}]", c.quote, cited=True)
        for c in sorted(answer.citations, key=lambda c: c.n)
    ]
    others = [s for s in answer.sources if s.chunk_id not in cited_ids]
    parts = [f'<h4 class="tca-turn-q">{_e(answer.question)}</h4>']
    if cited:
        parts.append(f'<p class="tca-sub">Cited ({len(cited)})</p>' + "".join(cited))
    else:
        parts.append('<p class="tca-sub">Nothing cited: the corpus has no passage that answers this.</p>')
    if others:
        cards = "".join(source_card(s, f"tca-t{turn}-r{i}", "·", cited=False) for i, s in enumerate(others, 1))
        parts.append(f'<details class="tca-also"><summary>Also retrieved, not cited ({len(others)})</summary>{cards}</details>')
    return f'<section class="tca-turn" data-turn="{turn}">{"".join(parts)}</section>'


def sources_panel(turns: Sequence[Turn]) -> str:
    """Every turn's sources, the latest first."""
    if not turns:
        return '<div class="tca-sources tca-empty">Sources appear here: click a citation such as [1] in an answer to open its passage.</div>'
    sections = [turn_sources(t.answer, i) for i, t in reversed(list(enumerate(turns, start=1)))]
    return f'<div class="tca-sources">{"".join(sections)}</div>'


def sources_json(answer: Answer) -> list[dict]:
    """The API's source list: cited sources (``cited: true``, numbered as in the answer)
    with their passages, then the other passages retrieved (``n`` null)."""
    cited_ids = {c.source.chunk_id for c in answer.citations}
    items = [c.to_json() | {"cited": True, "passage": c.source.passage} for c in sorted(answer.citations, key=lambda c: c.n)]
    for source in answer.sources:
        if source.chunk_id not in cited_ids:
            items.append({
                "n": None, "cited": False, "institution": source.institution, "document": source.document,
                "file": source.file, "doc_id": source.doc_id, "page": source.page, "section": source.section,
                "quote": "", "passage": source.passage, "ocr": source.ocr, "url": source.url,
            })
    return items


def answer_with_sources_markdown(answer: Answer) -> str:
    """The answer as plain Markdown with its cited sources listed under it (for the API)."""
    lines = [answer.text.rstrip()]
    if answer.citations:
        lines += ["", "**Sources**", ""]
        for c in sorted(answer.citations, key=lambda c: c.n):
            s = c.source
            where = " · ".join(x for x in (s.institution or "", s.document, _pages(s), s.section, *s.provenance) if x)
            lines.append(f"[{c.n}] {where}")
    return "\n".join(lines) + "\n"


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
    head = "".join(f"<th>{_e(pillar_label(p, template))}</th>" for p in coverage.pillars)
    body = []
    for inst in coverage.institutions:
        cells = []
        for pillar in coverage.pillars:
            n = coverage.counts.get((inst, pillar), 0)
            tip = f"{n} passage{'s' if n != 1 else ''} from {inst} about {pillar_label(pillar, template)}"
            cells.append(f'<td style="{_shade(n, coverage.peak)}" title="{_e(tip)}">{n}</td>')
        body.append(f'<tr><th scope="row">{_e(inst)}</th>{"".join(cells)}<td class="tca-total">{coverage.totals.get(inst, 0)}</td></tr>')
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
    return f'<span class="tca-status tca-status-{_e(status)}">{_e(STATUS_LABELS.get(status, status))}</span>'


def _examples_html(examples: Sequence[Example]) -> str:
    if not examples:
        return ""
    items = "".join(
        f"<li><strong>{_e(x.institution or x.document)}</strong>{', p. ' + _e(x.page) if x.page else ''}: "
        f"<q>{_e(x.quote)}</q></li>"
        for x in examples
    )
    return f'<div class="tca-examples"><span>How peers answered:</span><ul>{items}</ul></div>'


def _gap_card(result: CheckResult) -> str:
    return (
        f'<div class="tca-gap tca-border-{_e(result.status)}">'
        f'<div class="tca-gap-head">{status_badge(result.status)} <code>{_e(result.id)}</code> '
        f'<span class="tca-sev">{_e(result.severity.replace("_", " "))}</span></div>'
        f'<dl class="tca-facts"><dt>Where</dt><dd>{_e(result.where.label())}</dd>'
        f"<dt>Why</dt><dd>{_e(result.reason)}</dd><dt>How to fix</dt><dd>{_e(result.fix)}</dd></dl>"
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
        f'<div class="tca-report"><h3>Gap check: {_e(report.institution or report.file)}</h3>',
        f'<p>{verdict} · {_e(stage_label(report.stage, template))} ({_e(report.stage_source)}) · {_e(report.file)}</p>',
        f'<p class="tca-counts">{badges}</p>',
    ]
    parts += [f'<p class="tca-note">{_e(note)}</p>' for note in report.notes]
    if report.flagged:
        parts.append("<h4>Gaps to address</h4>" + "".join(_gap_card(r) for r in report.flagged))
    if report.attachments:
        items = "".join(f"<li><code>{_e(r.id)}</code>: {_e(r.reason)}</li>" for r in report.attachments)
        parts.append(f"<h4>In attachments (make sure they go in with the submission)</h4><ul>{items}</ul>")
    rows = "".join(
        f'<tr class="tca-row-{_e(r.status)}"><td><code>{_e(r.id)}</code></td><td>{status_badge(r.status)}</td>'
        f"<td>{_e(r.severity.replace('_', ' '))}</td><td>{_e(r.where.label())}</td><td>{_e(r.reason)}</td>"
        f"<td>{_e(r.fix) if r.flagged or r.status == 'attached' else ''}</td></tr>"
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
            f"<li><strong>{_e(src.institution or src.document)}</strong> · {_e(src.document)}"
            f"{', p. ' + _e(src.page) if src.page else ''} ({_e(src.kind.replace('_', ' '))}): <q>{_e(src.quote)}</q></li>"
            for src in s.sources
        )
        impact = "".join(
            f"<li><strong>{_e(src.institution or src.document)}</strong>: <q>{_e(src.quote)}</q></li>"
            for src in s.reported_impact
        )
        who = ", ".join(s.institutions) or s.described_by
        cards.append(
            f'<div class="tca-suggestion"><div class="tca-sugg-head"><span class="tca-rank">{i}</span> '
            f'<strong>{_e(s.title)}</strong> <span class="tca-pill tca-pill-{_e(s.pillar)}">{_e(pillar_label(s.pillar, template))}</span></div>'
            f'<p class="tca-sub">Done by: {_e(who)} · timescale: {_e(s.timescale or "not given")} · score {s.score:.2f}</p>'
            f'<p>{_e(s.description)} <span class="tca-sub">({_e(s.described_by)})</span></p>'
            f'<p><strong>Impact measure:</strong> {_e(s.impact_measure)} <span class="tca-sub">({_e(s.impact_measure_from)})</span></p>'
            + (f"<details><summary>Reported impact ({len(s.reported_impact)})</summary><ul>{impact}</ul></details>" if impact else "")
            + f"<details><summary>Sources ({len(s.sources)})</summary><ul>{sources}</ul></details></div>"
        )
    return "".join(cards)
