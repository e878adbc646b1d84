"""Action candidates: every action the corpus says an institution did or planned for its
technicians, one record per mention, with where it was said.

Four places hold actions: action-plan rows (parsed at ingest), RAG review rows (tables of
the previous plan, or "Action 1.6 '...'" in prose), rows of progress tables in update
papers, and activities told in progress sections and case studies (sentences in which
someone did something a pillar is about). Nothing is paraphrased: a candidate's title is
the source's own label (activity or action cell) or a phrase cut from its own sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from itertools import groupby

from assistant.ask.words import words
from assistant.plan.phrases import (
    ACTION_VERB,
    activity_phrases,
    canonical,
    classify_pillar,
)
from assistant.plan.titles import (
    clean,
    has_figure,
    label_title,
    sentence_around,
    short_title,
    stored_date,
)
from domain import PILLAR_IDS, Template, fold, load_template
from domain.text import find_phrase
from ingest.chunk import split_sentences
from ingest.statements import standing_alone
from vectorstore.catalog import ChunkRow, DocumentRow
from vectorstore.store import CorpusStore

PLAN, RAG, PROGRESS, CASE_STUDY = "plan", "rag", "progress", "case_study"

# Questions whose answers report what was done (template spec 6-8): progress per pillar,
# evidence of impact, additional initiatives, governance and engagement, TALENT actions.
PROGRESS_QUESTIONS = (
    "initial.q6", "stage_two.q1", "stage_two.q2", "stage_two.q4", "stage_two.q5",
    "renewal.q2", "renewal.q4", "renewal.q5",
)
MIN_SENTENCE_WORDS, MAX_SENTENCE_WORDS = 8, 70

# a recommendation's number before the quotation (removed as a long quote) and the answer to
# it: at a line's start, or where the text ran into it ("... research roles Point 3 – Following ...")
_POINT_PREFIX = re.compile(r"^\s*(?:Point|Recommendation)\s+\d+\s*[–—:-]?\s*|\s(?:Point|Recommendation)\s+\d+\s*[–—:]\s*")
_LONG_QUOTE = re.compile(r"[“\"]([^”\"]{60,})[”\"]")
_RAG_PROSE_ITEM = re.compile(r"\bAction\s+(\d+(?:\.\d+)?)\s+['‘\"“](.+?)['’\"”]")
_TABLE_SEPARATOR = re.compile(r"\|(?:\s*:?-{3,}:?\s*\|)+")
_PILLAR_HEADING = re.compile(r"^\s*([A-Z][A-Za-z ]{3,40}?)\s*[–—:-]\s+")
_NUMBER_PREFIX = re.compile(r"^\s*((?:[A-Z]{1,2}\s?)?\d+(?:\.\d+)?)\s*[.):-]?\s+(?=\S)")


@dataclass(frozen=True)
class ActionCandidate:
    """One mention of an action, as its source gives it."""

    kind: str  # plan | rag | progress | case_study
    title: str  # the source's label (activity / action cell) or a phrase of its sentence
    text: str  # what the action involves, in the source's words
    pillar: str | None
    institution: str | None  # None when the document names none (it is cited by its title)
    doc_id: str
    document: str
    page: int | None
    labelled: bool = False  # True when ``title`` is the source's own label
    start: date | None = None
    end: date | None = None
    ongoing: bool = False
    owner: str = ""
    success_measure: str = ""
    reported_impact: str = ""  # a result the source reports: a figure, a completed status
    quote: str = ""  # the source's own words for it (label and text as printed)

    @property
    def match_text(self) -> str:
        """What is embedded and compared: the label, then what it involves."""
        body = self.text if self.text != self.title else ""
        return f"{self.title}. {body}".strip(". ")[:400]

    @cached_property
    def word_forms(self) -> frozenset[str]:
        """Canonical forms of the words of its title and text."""
        return frozenset(canonical(w) for w in words(fold(f"{self.title} {self.text}")))

    @cached_property
    def title_forms(self) -> frozenset[str]:
        return frozenset(canonical(w) for w in words(fold(self.title)))

    @property
    def duration_months(self) -> float | None:
        if self.start is None or self.end is None or self.end < self.start:
            return None
        return ((self.end - self.start).days + 1) / 30.44


# --- entry point ------------------------------------------------------------------------


def mine_actions(store: CorpusStore, template: Template | None = None) -> list[ActionCandidate]:
    """Every action candidate the store holds, in document order."""
    template = template or load_template()
    documents = {row.doc_id: row for row in store.documents()}
    candidates = plan_candidates(store, documents)
    for document in documents.values():
        for chunks in _sections(store.catalog.chunks_of(document.doc_id)):
            candidates.extend(section_candidates(chunks, document, template))
    return candidates


def plan_candidates(store: CorpusStore, documents: dict[str, DocumentRow]) -> list[ActionCandidate]:
    """Rows of action-plan tables, parsed at ingest (activity, description, dates, owner...)."""
    found = []
    for row in store.catalog.actions():
        document = documents.get(row["doc_id"])
        activity = clean(row["activity"] or "")
        description = clean(row["description"] or "")
        if document is None or not (activity or description):
            continue
        found.append(ActionCandidate(
            kind=PLAN, title=label_title(activity or description, document.institution), text=description or activity,
            pillar=row["pillar"], institution=document.institution,
            doc_id=document.doc_id, document=document.title or document.file, page=row["page"],
            labelled=bool(activity), start=stored_date(row["start"]), end=stored_date(row["end"]),
            ongoing=bool(row["start"]) and not row["end"], owner=clean(row["owner"] or ""),
            success_measure=clean(row["success_measure"] or ""),
            quote=": ".join(part for part in (activity, description) if part),
        ))
    return found


def section_candidates(chunks: list[ChunkRow], document: DocumentRow, template: Template) -> list[ActionCandidate]:
    """Candidates of one section, by what kind of section it is."""
    first = chunks[0]
    rag_ids = {s.rag_question.id for s in template.stages if s.rag_question}
    text = join_overlapping([c.text for c in chunks])
    source = _Source(first.institution or document.institution, document, chunks)
    if first.question_id in rag_ids:
        return table_candidates(text, source, template, RAG) + rag_prose_candidates(text, source, template)
    if first.section_kind == "case_study" and first.institution:
        return sentence_candidates(text, source, template, CASE_STUDY, first.pillar_list)
    if first.question_id in PROGRESS_QUESTIONS or (document.doc_type == "update_paper" and first.section_kind == "body"):
        rows = table_candidates(text, source, template, PROGRESS)
        prose = _outside_tables(text)
        return rows + sentence_candidates(prose, source, template, PROGRESS, first.pillar_list)
    return []


# --- sections and their text -------------------------------------------------------------


def _sections(chunks: list[ChunkRow]) -> Iterator[list[ChunkRow]]:
    """Runs of consecutive chunks of one section (a section's text may span chunks)."""
    key = lambda c: (c.section_kind, c.question_id, c.section_title, c.institution, c.pillars)  # noqa: E731
    for _key, run in groupby(chunks, key=key):
        yield list(run)


def join_overlapping(texts: list[str]) -> str:
    """Chunks of one paragraph overlap by a few words; join them without repeating those."""
    joined = ""
    for text in texts:
        overlap = _overlap_words(joined, text)
        if overlap:
            joined += text[overlap:]
        else:
            joined += ("\n" if joined else "") + text
    return joined


def _overlap_words(left: str, right: str) -> int:
    """Characters at the start of ``right`` that repeat the end of ``left`` (whole words)."""
    limit = min(len(left), len(right), 1500)
    for size in range(limit, 15, -1):
        if left.endswith(right[:size]) and (size == len(right) or not right[size - 1].isalnum() or right[size] == " "):
            return size
    return 0


@dataclass(frozen=True)
class _Source:
    institution: str | None
    document: DocumentRow
    chunks: list[ChunkRow]

    def page_of(self, quote: str) -> int | None:
        """The page of the chunk that holds the quote (its start, when split)."""
        head = quote[:40]
        for chunk in self.chunks:
            if head in chunk.text:
                return chunk.page_start
        return self.chunks[0].page_start

    def candidate(self, kind: str, **fields) -> ActionCandidate:
        doc = self.document
        return ActionCandidate(
            kind=kind, institution=self.institution, doc_id=doc.doc_id,
            document=doc.title or doc.file, page=self.page_of(fields["text"]), **fields,
        )


# --- tables (RAG reviews, progress tables) -------------------------------------------------


def table_rows(text: str) -> list[dict[str, str]]:
    """Rows of the pipe tables in ``text`` as {header: cell}; rows split across chunk
    boundaries were rejoined by ``join_overlapping``."""
    rows: list[dict[str, str]] = []
    for separator in _TABLE_SEPARATOR.finditer(text):
        width = separator.group(0).count("|") - 1
        header = [clean(h) for h in text[: separator.start()].rstrip().rstrip("|").split("|")[-width:]]
        tokens = text[separator.end():].split("|")
        index = 0
        while index + width < len(tokens) and not tokens[index].strip():
            cells = [clean(t) for t in tokens[index + 1 : index + 1 + width]]
            rows.append(dict(zip(header, cells, strict=True)))
            index += width + 1
    return rows


def _outside_tables(text: str) -> str:
    """The text with pipe tables removed (their rows are mined as rows, not sentences)."""
    return "\n".join(line for line in text.split("\n") if "|" not in line)


_COLUMN_ROLES = {
    "number": ("no", "no.", "number", "#", "ref", "ref."),
    "action": ("action", "activity", "actions"),
    "status": ("rag", "status", "rag status"),
    "progress": ("progress", "commentary", "achievements", "achievement", "comment", "comments", "update", "outcome"),
    "theme": ("theme", "pillar"),
}


def _role(header: str) -> str | None:
    folded = fold(header)
    for role, names in _COLUMN_ROLES.items():
        if folded in names or any(folded.startswith(n + " ") for n in names if len(n) > 3):
            return role
    return None


def table_candidates(text: str, source: _Source, template: Template, kind: str) -> list[ActionCandidate]:
    """One candidate per table row that names an action; a green row, or one whose
    progress gives a figure, reports impact."""
    found: dict[str, ActionCandidate] = {}
    for row in table_rows(text):
        cells = {_role(h): v for h, v in row.items() if _role(h)}
        action = cells.get("action", "")
        if not action:
            continue
        number, label = split_number(action)
        number = cells.get("number") or number
        progress = cells.get("progress", "")
        pillar = (
            template.normalise_pillar(cells.get("theme", "")) or pillar_from_number(number, template)
            or classify_pillar(f"{label} {progress}", template)
        )
        delivered = template.normalise_rag(cells.get("status", "")) == "green" or has_figure(progress)
        found.setdefault(fold(label), source.candidate(
            kind, title=label_title(label, source.institution), text=progress or label, pillar=pillar, labelled=True,
            reported_impact=progress if delivered else "", quote=": ".join(p for p in (action, progress) if p),
        ))
    return list(found.values())


def rag_prose_candidates(text: str, source: _Source, template: Template) -> list[ActionCandidate]:
    """RAG items written in prose: "Action 1.6 'to raise the visibility of ...'"."""
    found = []
    for match in _RAG_PROSE_ITEM.finditer(text):
        label = re.sub(r"^to\s+", "", match.group(2).strip(), flags=re.IGNORECASE)
        sentence = sentence_around(text, match.start())
        found.append(source.candidate(
            RAG, title=label_title(label, source.institution), text=sentence, quote=sentence,
            pillar=pillar_from_number(match.group(1), template) or classify_pillar(label, template),
            labelled=True,
        ))
    return found


def split_number(cell: str) -> tuple[str, str]:
    """"1.1 Technician web pages" -> ("1.1", "Technician web pages")."""
    match = _NUMBER_PREFIX.match(cell)
    return (match.group(1).strip(), cell[match.end():].strip()) if match else ("", cell.strip())


def pillar_from_number(number: str, template: Template) -> str | None:
    """"2.3" -> the second pillar of the template order; "S1" -> the theme named with S."""
    number = (number or "").strip()
    order = template.lexicon.numbered_pillar_order
    numeric = re.match(r"(\d)\.\d", number)
    if numeric and 1 <= int(numeric.group(1)) <= len(order):
        return order[int(numeric.group(1)) - 1]
    lettered = re.match(r"([A-Z])\s?\d", number)
    if lettered:
        named = [t.id for t in template.themes if t.name.upper().startswith(lettered.group(1))]
        return named[0] if len(named) == 1 else None
    return None


# --- sentences (progress sections, update papers, case studies) ------------------------------


def sentence_candidates(
    text: str, source: _Source, template: Template, kind: str, section_pillars: list[str]
) -> list[ActionCandidate]:
    """Sentences that say someone did something a pillar is about."""
    found = []
    heading_pillar = None
    for line in mend_lines(_LONG_QUOTE.sub(" ", text), template):
        if _is_pillar_heading(line, template):
            heading_pillar = template.normalise_pillar(_PILLAR_HEADING.match(line).group(1))
            continue  # "Visibility – Ensure that ..." states an aim, not an action
        previous = ""
        for sentence in (s for piece in _POINT_PREFIX.split(line.strip(" •-*\t")) for s in split_sentences(piece)):
            phrases = activity_phrases(sentence, template) if is_action_sentence(sentence, template) else []
            hints = [heading_pillar] if heading_pillar else section_pillars
            pillar = classify_pillar(sentence, template, prefer=hints) if phrases else None
            # a sentence leaning on the one before ("These then led to ...") is quoted with it
            quote, previous = standing_alone(sentence, previous) or sentence, sentence
            if pillar is None:
                continue
            found.append(source.candidate(
                kind, title=short_title(phrases[0]), text=sentence, pillar=pillar, quote=quote,
                reported_impact=sentence if has_figure(sentence) else "",
            ))
    return found


def mend_lines(text: str, template: Template) -> list[str]:
    """Lines a PDF broke mid-sentence joined again ("... multiple T Level" + "Placements
    in ..."); bullets and pillar headings still start their own line."""
    lines: list[str] = []
    for line in (raw.strip() for raw in text.split("\n")):
        if not line:
            continue
        starts_own = line[:1] in "•-*▪" or _is_pillar_heading(line, template)
        if lines and not starts_own and not re.search(r"[.!?:;]['\"”’)]*$", lines[-1]):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return lines


def _is_pillar_heading(line: str, template: Template) -> bool:
    heading = _PILLAR_HEADING.match(line)
    return bool(heading) and template.normalise_pillar(heading.group(1)) in PILLAR_IDS


def is_action_sentence(sentence: str, template: Template) -> bool:
    """May report an action: a doing verb in a sentence of quotable length (the thing done
    is found by ``activity_phrases``)."""
    count = len(sentence.split())
    if not MIN_SENTENCE_WORDS <= count <= MAX_SENTENCE_WORDS or "http" in sentence:
        return False
    folded = fold(sentence)
    if any(find_phrase(folded, fold(text)) for text in template.lexicon.bare_link_texts):
        return False
    return bool(ACTION_VERB.search(sentence))
