"""Who, what and when a document is: type, stage, institution, date, title, lead.

Decisions:
* Type: a form (title line or organisation field) with an organisation value is a
  ``submission``, without one a ``guidance`` template, unless it is a lead's own draft
  (the form's name in its title, no form header, an institution named above the title);
  otherwise pillar-grouped case
  studies make a ``case_study_report``, an action-plan table an ``action_plan``, and
  any other prose an ``update_paper`` (an institution's own narrative of its work).
* Stage (spec 4, submissions only): guidance title line, then the form's own title,
  then question signatures.
* Institution: the form's organisation field; a draft without the form's header, the name
  above its title (its "Lead:" line is its own header too). Other documents: an organisation named in
  the title block (for a report, its publisher; else none, as its case studies carry
  their own); else the organisation the text names at least twice; else the known
  institution (``known_institutions``, e.g. the library's) whose acronym the text or
  file name uses ("UoL" for University of Liverpool: update papers often name their
  own institution only so).
* Date: a submission's latest sign-off date; otherwise a date in the title or alone
  in the title block ("March 2026"); otherwise the narrated year: the latest year
  written at least ``NARRATED_YEAR_MENTIONS`` times and not after today (later
  one-off years are plans and deadlines, not events).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date

from domain import Stage, contains_phrase, fold, load_template
from domain.text import NAME_CONNECTORS, WEB_ADDRESS, acronyms
from ingest.models import CleanPage, DocumentMeta
from ingest.structure.case_studies import has_case_studies
from ingest.structure.dates import Period, parse_date
from ingest.structure.form import (
    HeaderField,
    form_start,
    header_fields,
    is_signoff_date,
    own_header_fields,
)
from ingest.structure.lines import (
    INSTITUTION_WORDS,
    Line,
    flatten,
    is_paragraph,
    is_title_case,
    looks_like_heading,
    looks_like_institution,
    words,
)
from ingest.structure.tables import is_action_header, split_cells

NARRATED_YEAR_MENTIONS = 3
MAX_TITLE_BLOCK_LINES = 4
MAX_DATE_LINE_WORDS = 4
MAX_TITLE_WORDS = 25
MAX_TITLE_CHARS = 200
_LEADING_MARKUP = re.compile(r"^[\s#*_>]+")
_SELF_ASSESSMENT = "Self-Assessment"
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_NAME_RUN = re.compile(
    r"(?:[A-Z][\w'’&-]*|of|the|and|for|&)(?:[ ]+(?:[A-Z][\w'’&-]*|of|the|and|for|&))*"
)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_SOURCE_LINE = re.compile(r"^(?:source|url)\s*:\s*((?:https?://|www\.)\S+)$", re.IGNORECASE)


def detect_meta(
    pages: list[CleanPage], file_name: str, known_institutions: Iterable[str] = ()
) -> DocumentMeta:
    """Document metadata from its cleaned pages (see the module docstring for the rules)."""
    lines = flatten(pages)
    start = form_start(lines)
    fields = _field_values(header_fields(lines, start)[0] if start is not None else own_header_fields(lines))
    doc_type = _doc_type(lines, pages, start, fields)
    stage = detect_stage(lines) if doc_type == "submission" else None
    institution = _institution(doc_type, lines, fields, file_name, known_institutions)
    title = _title(lines, doc_type, stage, institution)
    return DocumentMeta(
        doc_type=doc_type,
        title=title,
        institution=institution,
        stage=stage,
        date=_date(doc_type, lines, start, title),
        lead_name=_lead_name(fields.get("doc.lead_name")),
        lead_email=_lead_email(fields.get("doc.lead_email")),
    )


# --- type and stage -------------------------------------------------------------------


def _doc_type(
    lines: list[Line], pages: list[CleanPage], start: int | None, fields: dict[str, str]
) -> str:
    if start is not None or _stage_from_title(lines):
        # a lead's own draft, titled with the form's name but without its header, names its
        # institution above the title ("FENWICK INSTITUTE OF MARINE SCIENCE"); guidance does not
        own_draft = start is None and _named_in_title(lines)
        return "submission" if fields.get("doc.institution") or own_draft else "guidance"
    if has_case_studies(lines, pages):
        return "case_study_report"
    if _has_action_table(lines):
        return "action_plan"
    return "update_paper"


def _has_action_table(lines: list[Line]) -> bool:
    """A header row (TAB or pipe cells), or header cells flattened one per line."""
    for index, line in enumerate(lines):
        cells = split_cells(line.text)
        if cells and len(cells) > 2 and is_action_header(cells):
            return True
        window = [line.text.strip() for line in lines[index : index + 4]]
        if is_action_header(window):
            return True
    return False


def detect_stage(lines: list[Line]) -> str | None:
    """Stage by the spec 4 order: guidance title, form title, question signatures."""
    return (
        _stage_from_title(lines) or _stage_from_form_title(lines) or _stage_from_signatures(lines)
    )


def _stage_from_title(lines: list[Line]) -> str | None:
    """The first line mentioning Self-Assessment, read alone (preambles mention other stages)."""
    title = next(
        (line.text for line in lines if contains_phrase(line.text, _SELF_ASSESSMENT)), None
    )
    return _stage_named_in(title) if title else None


def _stage_from_form_title(lines: list[Line]) -> str | None:
    start = form_start(lines)
    if start is None:
        return None
    for line in lines[max(0, start - 2) : start + 1]:
        stage = _stage_named_in(line.text)
        if stage:
            return stage
    return None


def _stage_named_in(text: str) -> str | None:
    hits = {
        stage.id
        for stage in load_template().stages
        if any(contains_phrase(text, signal) for signal in stage.title_signals)
    }
    return hits.pop() if len(hits) == 1 else None


def _stage_from_signatures(lines: list[Line]) -> str | None:
    """The stage with most question signatures whose phrases all occur (numbered forms:
    in lines that start with a number)."""
    scores = {stage.id: _signature_hits(lines, stage) for stage in load_template().stages}
    best = max(scores.values())
    winners = [stage_id for stage_id, score in scores.items() if score == best]
    return winners[0] if best and len(winners) == 1 else None


def _signature_hits(lines: list[Line], stage: Stage) -> int:
    texts = [
        line.text for line in lines if not stage.numbered or re.match(r"\s*\d{1,2}\.\s", line.text)
    ]
    folded = fold(" ".join(texts))
    return sum(
        all(fold(phrase) in folded for phrase in signature)
        for signature in stage.question_signatures
    )


# --- institution ----------------------------------------------------------------------


def _field_values(fields: list[HeaderField]) -> dict[str, str]:
    values: dict[str, str] = {}
    for field in fields:
        values.setdefault(field.check_id, field.value)
    return values


def _institution(
    doc_type: str, lines: list[Line], fields: dict[str, str], file_name: str, known: Iterable[str]
) -> str | None:
    if fields.get("doc.institution") or doc_type == "guidance":
        return fields.get("doc.institution") or None
    named_in_title = _named_in_title(lines)
    # a draft without the form's header: the name above its title; a report: its publisher, if named
    if named_in_title or doc_type in ("submission", "case_study_report"):
        return named_in_title[0] if named_in_title else None
    return _most_named_institution(lines) or _institution_by_acronym(lines, file_name, known)


def _named_in_title(lines: list[Line]) -> list[str]:
    """Institutions named in the title block, a name in capitals written as a name
    ("THORNLEIGH UNIVERSITY" -> "Thornleigh University")."""
    return [_as_a_name(name) for line in _title_block(lines) for name in institution_names(line.text)]


def _as_a_name(name: str) -> str:
    if not name.isupper():
        return name
    return " ".join(w.lower() if w.lower() in NAME_CONNECTORS else w.capitalize() for w in name.split())


def _title_block(lines: list[Line]) -> list[Line]:
    """The lines before the first paragraph of prose: title, subtitle, cover date."""
    block: list[Line] = []
    for line in lines[:MAX_TITLE_BLOCK_LINES]:
        if line.heading is None and is_paragraph(line.text):
            break
        block.append(line)
    return block


def _most_named_institution(lines: list[Line]) -> str | None:
    counts = Counter(name for line in lines for name in institution_names(line.text))
    name, count = counts.most_common(1)[0] if counts else (None, 0)
    return name if count >= 2 else None


def institution_names(text: str) -> list[str]:
    """Organisation names written in running text ("the University of Liverpool's" ->
    "University of Liverpool")."""
    names = []
    for match in _NAME_RUN.finditer(text):
        tokens = match.group().split()
        if len(tokens) < 2 or not any(token.lower() in INSTITUTION_WORDS for token in tokens):
            continue
        while tokens and (tokens[0].lower() in NAME_CONNECTORS or tokens[0] == "The"):
            tokens.pop(0)
        while tokens and tokens[-1].lower() in NAME_CONNECTORS:
            tokens.pop()
        candidate = re.sub(r"['’]s$", "", " ".join(tokens))
        if looks_like_institution(candidate):
            names.append(candidate)
    return names


def _institution_by_acronym(lines: list[Line], file_name: str, known: Iterable[str]) -> str | None:
    """The known institution whose acronym ("UoL", "LJMU") the text or file name uses most."""
    tokens = Counter(
        token.lower()
        for line in lines
        for token in re.findall(r"\b[A-Za-z]{2,8}\b", line.text)
        if sum(char.isupper() for char in token) >= 2
    )
    tokens.update(token.lower() for token in re.split(r"[^A-Za-z]+", file_name) if len(token) >= 2)
    scores = {name: sum(tokens[acronym] for acronym in acronyms(name)) for name in known}
    best = max(scores, key=scores.get, default=None)
    return best if best and scores[best] > 0 else None


# --- title, people, date --------------------------------------------------------------


def _title(lines: list[Line], doc_type: str, stage: str | None, institution: str | None) -> str:
    """Submissions: form name and institution, as the ITSS names them; guidance: the form
    name; anything else: its own title line(s)."""
    stage = stage or (detect_stage(lines) if doc_type == "guidance" else None)
    if stage is None:
        return document_title(lines)
    form_name = _form_name(lines, load_template().stage(stage))
    return f"{form_name} - {institution}" if institution else form_name


def document_title(lines: list[Line]) -> str:
    """The first line, with a subtitle line joined on ("Inception to Impact: Seven Years ...");
    none when the document opens with a table; a saved web page that opens with its address
    ("SOURCE: https://…/technician-roadmap-launched") is named by the address's last words."""
    if not lines or split_cells(lines[0].text) is not None:
        return ""
    source = _SOURCE_LINE.match(lines[0].text.strip())
    if source:
        return title_from_url(source.group(1))
    title = _first_sentence(_LEADING_MARKUP.sub("", lines[0].text))
    if len(lines) > 1 and ":" not in title and " - " not in title and _is_subtitle(lines[1]):
        return f"{title}: {lines[1].text.strip()}"
    return title


def title_from_url(url: str) -> str:
    """"https://x.ac.uk/news/technician-roadmap-launched/" -> "Technician roadmap launched":
    the path's last part that has words (long numbers are ids), else the host."""
    host, _, path = re.sub(r"^[a-z]+://", "", url.strip()).partition("/")
    for part in reversed([p for p in re.split(r"[/?#]", path) if p]):
        tokens = re.split(r"[-_+.\s]+", re.sub(r"\.(?:html?|aspx?|php|page)$", "", part, flags=re.I))
        name = " ".join(t for t in tokens if t and not re.fullmatch(r"\d{5,}", t))  # ids, not words
        if re.search(r"[A-Za-z]{3}", name):
            return (name[:1].upper() + name[1:])[:MAX_TITLE_CHARS]
    return host


def _first_sentence(text: str) -> str:
    """A title line as is; from a line of running prose, its first sentence."""
    if len(words(text)) <= MAX_TITLE_WORDS:
        return text.strip()
    return re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0][:MAX_TITLE_CHARS].strip()


def _is_subtitle(line: Line) -> bool:
    return len(words(line.text)) >= 3 and looks_like_heading(line) and is_title_case(line.text)


def _form_name(lines: list[Line], stage: Stage) -> str:
    """The form's name as the document prints it ("Technician Commitment Initial
    Self-Assessment & Action Plan"), else the stage's own name."""
    pattern = re.compile(r"[\s\-]+".join(map(re.escape, stage.name.split())), re.I)
    for index, line in enumerate(lines[:40]):
        joined = " ".join(line.text for line in lines[index : index + 2])
        match = pattern.search(joined)
        if match and match.start() < len(line.text):
            prefix = joined[: match.start()].replace(":", " ")
            return " ".join(f"{prefix} {stage.name}".split())
    return stage.name


def _lead_name(value: str | None) -> str | None:
    """The lead's name without a job title after a comma."""
    name = (value or "").split(",")[0].strip()
    return name or None


def _lead_email(value: str | None) -> str | None:
    match = _EMAIL.search(value or "")
    return match.group() if match else None


def _date(doc_type: str, lines: list[Line], start: int | None, title: str) -> str | None:
    if doc_type == "submission" and start is not None:
        latest = _latest_signoff_date(lines[start:])
        if latest:
            return latest.iso
    in_title = parse_date(title) or _cover_date(lines)
    return in_title.iso if in_title else _narrated_year(lines)


def _cover_date(lines: list[Line]) -> Period | None:
    """A date standing alone in the title block ("March 2026"), at month precision or finer."""
    for line in _title_block(lines):
        period = parse_date(line.text)
        if period and len(words(line.text)) <= MAX_DATE_LINE_WORDS and "-" in period.iso:
            return period  # "-" in the ISO text: month precision or finer
    return None


def _latest_signoff_date(lines: list[Line]) -> Period | None:
    dates = [
        period
        for index, line in enumerate(lines)
        if is_signoff_date(line.text)
        if (period := _signoff_date(lines, index))
    ]
    return max(dates, key=lambda period: period.start, default=None)


def _signoff_date(lines: list[Line], index: int) -> Period | None:
    """The date after a "Date:" label, or on the next line when the label stands alone."""
    value = lines[index].text.split(":", 1)[1]
    if not value.strip() and index + 1 < len(lines):
        value = lines[index + 1].text
    return parse_date(value)


def _narrated_year(lines: list[Line]) -> str | None:
    this_year = date.today().year
    counts = Counter(
        int(year)
        for line in lines
        for year in _YEAR.findall(WEB_ADDRESS.sub(" ", line.text))
        if int(year) <= this_year
    )
    narrated = [year for year, count in counts.items() if count >= NARRATED_YEAR_MENTIONS]
    best = max(narrated or counts, default=None)
    return str(best) if best else None
