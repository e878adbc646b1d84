"""What one detector concludes about one check: a status, a reason in plain words, and
the specifics (``details``) a reviewer needs, e.g. ``{"missing_pillars": [...]}``."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Finding:
    status: str  # present | missing | attached | not_applicable (weak is decided by the checker)
    reason: str
    details: dict = field(default_factory=dict)
    page: int | None = None  # where the evidence (or the gap) is, when the detector knows


def present(reason: str, page: int | None = None, **details: object) -> Finding:
    return Finding("present", reason, dict(details), page)


def missing(reason: str, page: int | None = None, **details: object) -> Finding:
    return Finding("missing", reason, dict(details), page)


def attached(reason: str, page: int | None = None, **details: object) -> Finding:
    return Finding("attached", reason, dict(details), page)


def not_applicable(reason: str, **details: object) -> Finding:
    return Finding("not_applicable", reason, dict(details))


def judged(passed: bool, yes: str, no: str, page: int | None = None, **details: object) -> Finding:
    """``present`` with ``yes`` as the reason when ``passed``, else ``missing`` with ``no``."""
    return present(yes, page, **details) if passed else missing(no, page, **details)
