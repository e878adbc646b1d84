"""Typed results of the gap checker, with JSON and Markdown renderings the CLI and the
app share (the app renders these; it decides nothing itself).

Status and severity vocabularies are the template spec's (2.2, 2.3): a check is
*flagged* when its status is ``missing`` or ``weak``; it is a *required gap* when it is
flagged and its severity is required or required-when-assessable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

REQUIRED_SEVERITIES = ("required", "required_when_assessable")
FLAG_STATUSES = ("missing", "weak")
STATUS_MARKS = {
    "present": "✓",
    "weak": "△",
    "missing": "✗",
    "attached": "📎",
    "not_applicable": "–",
}


@dataclass(frozen=True)
class Where:
    """Where a check's evidence is (or would be expected): page and section label."""

    page: int | None
    section: str

    def to_json(self) -> dict:
        return {"page": self.page, "section": self.section}

    def label(self) -> str:
        return f"p. {self.page}, {self.section}" if self.page else self.section


@dataclass(frozen=True)
class Example:
    """A peer's passage that answers the same question well, with its citation."""

    institution: str | None
    document: str
    page: int | None
    quote: str
    doc_id: str = ""
    question_id: str = ""

    def to_json(self) -> dict:
        return {
            "institution": self.institution,
            "document": self.document,
            "page": self.page,
            "quote": self.quote,
            "doc_id": self.doc_id,
            "question_id": self.question_id,
        }


@dataclass
class CheckResult:
    """One check id with exactly one status (spec 2.3)."""

    id: str
    status: str
    severity: str
    where: Where
    reason: str
    fix: str
    details: dict = field(default_factory=dict)
    examples: list[Example] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return self.status in FLAG_STATUSES

    @property
    def required(self) -> bool:
        return self.severity in REQUIRED_SEVERITIES

    @property
    def required_gap(self) -> bool:
        return self.flagged and self.required

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "status": self.status,
            "severity": self.severity,
            "where": self.where.to_json(),
            "reason": self.reason,
            "fix": self.fix if self.flagged or self.status == "attached" else "",
            "details": self.details,
            "examples": [example.to_json() for example in self.examples],
        }


@dataclass
class CheckReport:
    """Every check of a stage for one document, in spec section 13 order."""

    file: str
    stage: str
    stage_source: str  # "detected" | "given" | "similarity"
    institution: str | None
    date: str | None
    checks: list[CheckResult]
    notes: list[str] = field(default_factory=list)

    def check(self, check_id: str) -> CheckResult:
        return next(result for result in self.checks if result.id == check_id)

    @property
    def flagged(self) -> list[CheckResult]:
        return [result for result in self.checks if result.flagged]

    @property
    def required_gaps(self) -> list[CheckResult]:
        return [result for result in self.checks if result.required_gap]

    @property
    def attachments(self) -> list[CheckResult]:
        return [result for result in self.checks if result.status == "attached"]

    @property
    def exit_code(self) -> int:
        """1 when a required check is missing or weak (the draft is not ready), else 0."""
        return 1 if self.required_gaps else 0

    def counts(self) -> dict[str, int]:
        counts = {status: 0 for status in STATUS_MARKS}
        for result in self.checks:
            counts[result.status] += 1
        return counts

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "stage": self.stage,
            "stage_source": self.stage_source,
            "institution": self.institution,
            "date": self.date,
            "counts": self.counts(),
            "required_gaps": [result.id for result in self.required_gaps],
            "notes": self.notes,
            "checks": [result.to_json() for result in self.checks],
        }


def render_markdown(report: CheckReport) -> str:
    """The report as Markdown: a summary line, the gaps with fixes and peer examples,
    the attachment notices, then every check in a table."""
    lines = [
        f"## Gap check: {report.institution or report.file}",
        "",
        f"Stage **{report.stage}** ({report.stage_source}) · {_summary(report)}",
    ]
    lines += [f"> {note}" for note in report.notes]
    if report.flagged:
        lines += ["", "### Gaps"]
        for result in report.flagged:
            lines += _gap_markdown(result)
    if report.attachments:
        lines += ["", "### In attachments (make sure they go in with the submission)"]
        lines += [f"- `{r.id}`: {r.reason}" for r in report.attachments]
    lines += ["", "### All checks", "", "| check | status | severity | where | reason |", "|---|---|---|---|---|"]
    for result in report.checks:
        mark = STATUS_MARKS[result.status]
        lines.append(
            f"| `{result.id}` | {mark} {result.status} | {result.severity} | "
            f"{_cell(result.where.label())} | {_cell(result.reason)} |"
        )
    return "\n".join(lines) + "\n"


def _summary(report: CheckReport) -> str:
    counts = report.counts()
    gaps = len(report.required_gaps)
    verdict = f"**{gaps} required gap{'s' if gaps != 1 else ''}**" if gaps else "no required gaps"
    shown = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
    return f"{verdict} · {shown}"


def _gap_markdown(result: CheckResult) -> list[str]:
    lines = [
        "",
        f"**`{result.id}`** — {result.status} ({result.severity}) · {result.where.label()}",
        f"- Why: {result.reason}",
        f"- Fix: {result.fix}",
    ]
    for example in result.examples:
        page = f", p. {example.page}" if example.page else ""
        lines.append(f"- Example — {example.institution or example.document}{page}: “{example.quote}”")
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
