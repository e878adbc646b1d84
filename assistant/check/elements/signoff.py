"""Sign-off checks (template spec 5): a block for the institutional lead, one for the
head of the institution, a readable date under each, and (renewal) timing against the
submission windows.

A block is a role label (or a "Signed" line with a head-of-institution title); its date
is the first "Date:" after it and before the next block. Consecutive labels of one role
are one block: a lead's "Signed:" line and, later, the caption of their signature image.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.check.finding import Finding, judged, missing, not_applicable, present
from assistant.check.segments import Reading
from domain import fold, load_template
from domain.text import clipped, find_phrase
from ingest.structure.dates import Period, parse_date
from ingest.structure.form import is_signoff_date
from ingest.structure.lines import Line

ROLE_NAMES = {"lead": "institutional lead", "leader": "head of the institution"}


@dataclass
class Block:
    role: str  # "lead" | "leader"
    label: Line
    date_line: Line | None = None
    date: Period | None = None


def signoff_blocks(lines: list[Line]) -> list[Block]:
    blocks: list[Block] = []
    for index, line in enumerate(lines):
        role = signatory_role(line.text)
        if role:
            if not (blocks and blocks[-1].role == role and blocks[-1].date_line is None):
                blocks.append(Block(role, line))
        elif is_signoff_date(line.text) and blocks and blocks[-1].date_line is None:
            blocks[-1].date_line = line
            blocks[-1].date = _date_after_label(lines, index)
    return blocks


def signatory_role(text: str) -> str | None:
    """ "leader" for the head of the institution, "lead" for the institutional lead."""
    lexicon = load_template().lexicon
    folded = fold(text)
    if any(find_phrase(folded, fold(label)) for label in lexicon.leader_labels):
        return "leader"
    if any(find_phrase(folded, fold(label)) for label in lexicon.lead_labels):
        return "lead"
    signed = folded.lstrip("[( ").startswith(fold(lexicon.signed_label))
    if signed and any(find_phrase(folded, fold(t), whole_words=True) for t in lexicon.leader_titles):
        return "leader"
    return None


def _date_after_label(lines: list[Line], index: int) -> Period | None:
    """The date after "Date:", or on the next line when the label stands alone."""
    value = lines[index].text.split(":", 1)[1] if ":" in lines[index].text else ""
    if not value.strip() and index + 1 < len(lines):
        value = lines[index + 1].text
    return parse_date(value)


def _blocks(reading: Reading) -> list[Block]:
    return signoff_blocks(reading.signoff)


def lead(reading: Reading) -> Finding:
    return _role_block(reading, "lead")


def leader(reading: Reading) -> Finding:
    return _role_block(reading, "leader")


def _role_block(reading: Reading, role: str) -> Finding:
    block = next((b for b in _blocks(reading) if b.role == role), None)
    if block is None:
        return missing(f"no sign-off block for the {ROLE_NAMES[role]}")
    return present(f"sign-off block: “{clipped(block.label.text, 80)}”", block.label.page)


def dates(reading: Reading) -> Finding:
    blocks = _blocks(reading)
    if not blocks:
        return not_applicable("there are no sign-off blocks to date")
    undated = [ROLE_NAMES[b.role] for b in blocks if b.date is None]
    page = next((b.label.page for b in blocks if b.date is None), blocks[0].label.page)
    return judged(
        not undated,
        "every sign-off block is dated: " + ", ".join(b.date.iso for b in blocks if b.date),
        "no readable date under the sign-off of the " + " and the ".join(undated),
        page,
        undated=undated,
    )


def window(reading: Reading) -> Finding:
    """The latest sign-off date falls in, or the month before, a submission window."""
    dated = [b.date for b in _blocks(reading) if b.date]
    if not dated:
        return not_applicable("no sign-off date to compare with the submission windows")
    latest = max(dated, key=lambda period: period.start).start
    months = load_template().lexicon.submission_window_months
    near = {m for month in months for m in (month, (month - 2) % 12 + 1)}
    return judged(
        latest.month in near,
        f"signed {latest.isoformat()}, in time for a submission window",
        f"signed {latest.isoformat()}: the windows close at the end of January and of July",
        latest=latest.isoformat(),
    )
