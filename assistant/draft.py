"""Draft a template section from the user's notes.

Without a language model the result is a scaffold, not prose: the elements the question
expects, each with the user's notes that serve it, the missing ones highlighted with what
would satisfy them, and peers' passages for the question, cited. With a language model
the result is a draft in the institution's voice built only from the notes, with peers'
passages given as clearly marked examples of other institutions; later turns refine it
("shorter", "add the survey figures"). Either way the text is run through the gap
checker for that question, and the draft says what is still missing.

The user's notes are the only facts about the user's institution: a model's draft is
checked for figures the notes do not hold and for peers' names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from assistant.check.checker import judge_question
from assistant.check.elements.context import mentioned
from assistant.check.examples import best_sentence, counterpart_ids, has_substance, quote_units
from assistant.check.report import CheckResult
from assistant.check.segments import QuestionBlock, Reading
from assistant.query import words
from domain import ElementCheck, Question, Template, fold, load_template
from ingest.chunk import split_sentences
from ingest.models import CleanPage, DocumentMeta, RawDocument, RawPage, Section
from prompts import load_prompt
from vectorstore.store import CorpusStore

SCAFFOLD, LLM = "scaffold", "llm"
MAX_EXAMPLES_PER_CUE = 3
EXAMPLES_PER_QUESTION = 3
MAX_QUOTE_CHARS = 300
_BULLET = re.compile(r"^\s*(?:[-*•▪◦–]|\d{1,2}[.)])\s+")
_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?%?")


class DraftError(ValueError):
    """A bad request: unknown question or stage, or a refinement the mode cannot do."""


# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exemplar:
    """A peer's passage for this question: an example of what others did, never a fact
    about the user's institution."""

    n: int
    institution: str
    document: str
    page: int | None
    quote: str

    def to_json(self) -> dict:
        return {"n": self.n, "institution": self.institution, "document": self.document, "page": self.page, "quote": self.quote}


@dataclass(frozen=True)
class PeerPractice:
    """One way of meeting an element (a cue such as "survey") and the peers who used it."""

    practice: str
    institutions: tuple[str, ...]
    exemplars: tuple[int, ...]  # Exemplar numbers

    def to_json(self) -> dict:
        return {"practice": self.practice, "institutions": list(self.institutions), "exemplars": list(self.exemplars)}


@dataclass(frozen=True)
class ElementDraft:
    """One thing the question expects, what the notes offer for it and what the checker says."""

    id: str  # a check id: the question itself or one of its elements
    expects: str
    severity: str
    fix: str
    status: str  # the checker's status for the draft text
    reason: str
    notes: tuple[str, ...] = ()
    peer_practice: tuple[PeerPractice, ...] = ()

    @property
    def missing(self) -> bool:
        return self.status in ("missing", "weak")

    def to_json(self) -> dict:
        return {
            "id": self.id, "expects": self.expects, "severity": self.severity, "status": self.status,
            "reason": self.reason, "fix": self.fix if self.missing else "", "notes": list(self.notes),
            "peer_practice": [p.to_json() for p in self.peer_practice],
        }


@dataclass
class Draft:
    question_id: str
    stage: str
    title: str
    asks: str
    mode: str  # scaffold | llm
    text: str  # the model's draft, or "" for a scaffold (its Markdown is ``to_markdown``)
    notes: list[str]
    elements: list[ElementDraft]
    unplaced_notes: list[str]
    exemplars: list[Exemplar]
    word_limit: int | None
    warnings: list[str] = field(default_factory=list)
    turns: list[tuple[str, str]] = field(default_factory=list)  # (instruction, draft) per refinement

    @property
    def missing(self) -> list[str]:
        return [e.id for e in self.elements if e.missing]

    @property
    def word_count(self) -> int:
        return len((self.text or "\n".join(self.notes)).split())

    def to_json(self) -> dict:
        return {
            "question_id": self.question_id, "stage": self.stage, "title": self.title, "asks": self.asks,
            "mode": self.mode, "text": self.text, "word_count": self.word_count, "word_limit": self.word_limit,
            "missing": self.missing, "elements": [e.to_json() for e in self.elements],
            "unplaced_notes": self.unplaced_notes, "exemplars": [x.to_json() for x in self.exemplars],
            "warnings": self.warnings, "turns": [{"instruction": i, "text": t} for i, t in self.turns],
        }

    def to_markdown(self) -> str:
        return render_draft(self)


# --- resolving the question ----------------------------------------------------------------------


def resolve_question(template: Template, question: str, stage: str | None = None) -> Question:
    """A question from a full id ("renewal.q7"), or a number ("7", "q7") with a stage
    ("renewal", "Stage Two")."""
    question = question.strip()
    if "." in question:
        try:
            return template.question(question)
        except KeyError as exc:
            raise DraftError(str(exc)) from None
    stage_id = template.normalise_stage(stage or "")
    if stage_id is None:
        raise DraftError(
            f"question '{question}' needs a stage (--stage {' | '.join(template.stage_ids)}), or give a full id such as renewal.q7"
        )
    number = question.lower().removeprefix("q")
    if not number.isdigit():
        raise DraftError(f"unknown question '{question}': give a number (7) or a full id ({stage_id}.q7)")
    try:
        return template.stage(stage_id).question(int(number))
    except KeyError as exc:
        raise DraftError(str(exc)) from None


# --- the session ----------------------------------------------------------------------------------


class DraftSession:
    """One question being drafted over several turns. ``chat_model`` None = scaffold mode."""

    def __init__(
        self,
        question: Question,
        store: CorpusStore | None = None,
        chat_model=None,
        own_institution: str | None = None,
        template: Template | None = None,
    ):
        self.template = template or load_template()
        self.question = question
        self.store = store
        self.chat_model = chat_model
        self.own_institution = own_institution
        self.messages: list[tuple[str, str]] = []
        self.draft: Draft | None = None
        self._peers: tuple[list[Exemplar], dict[str, list[PeerPractice]]] | None = None

    def start(self, notes: str) -> Draft:
        """The first draft (or scaffold) from the user's notes."""
        items = note_items(notes)
        scaffold = self._assemble(items, "", SCAFFOLD)
        if self.chat_model is None:
            self.draft = scaffold
            return scaffold
        user = first_prompt(self.question, self.template, items, scaffold)
        self.messages = [("system", load_prompt("draft_system").render()), ("human", user)]
        self.draft = self._assemble(items, self._reply(), LLM)
        return self.draft

    def refine(self, instruction: str) -> Draft:
        """Another turn. With a model: revise the draft as asked ("shorter", "add the survey
        figures"). Without one: the message is more notes, and the scaffold is rebuilt."""
        if self.draft is None:
            raise DraftError("start a draft before refining it")
        if self.chat_model is None:
            refined = self._assemble(self.draft.notes + note_items(instruction), "", SCAFFOLD)
        else:
            self.messages.append(("human", refine_prompt(self.question, self.draft, instruction)))
            refined = self._assemble(self.draft.notes, self._reply(), LLM)
        refined.turns = self.draft.turns + [(instruction, refined.text)]
        self.draft = refined
        return refined

    def peers(self) -> tuple[list[Exemplar], dict[str, list[PeerPractice]]]:
        """Peers' passages for this question (other stages' counterparts included) and,
        per element, which peers used which practice; empty without a store."""
        if self._peers is None:
            self._peers = peer_material(self.store, self.question, self.template, self.own_institution)
        return self._peers

    def _reply(self) -> str:
        reply = self.chat_model.invoke(self.messages)
        text = reply.content if isinstance(reply.content, str) else "".join(
            part.get("text", "") for part in reply.content if isinstance(part, dict)
        )
        text = strip_fences(text)
        self.messages.append(("ai", text))
        return text

    def _assemble(self, items: list[str], text: str, mode: str) -> Draft:
        """The result for this turn: the checker's verdict on the text (the notes, for a
        scaffold), the notes under the elements they serve, and the peers' material."""
        exemplars, practice = self.peers()
        checked = check_answer(self.question, text or "\n".join(items), self.template)
        elements, unplaced = place_notes(self.question, self.template, items, checked, practice)
        draft = Draft(
            question_id=self.question.id, stage=self.question.stage_id, title=self.question.title,
            asks=self.question.asks, mode=mode, text=text, notes=items, elements=elements,
            unplaced_notes=unplaced, exemplars=exemplars, word_limit=self.question.word_limit,
        )
        draft.warnings = draft_warnings(draft, self.question, self.template)
        return draft


def draft_section(
    question: Question,
    notes: str,
    store: CorpusStore | None = None,
    chat_model=None,
    own_institution: str | None = None,
    instructions: list[str] | None = None,
) -> Draft:
    """One call for the CLI: start, then apply each refinement in turn."""
    session = DraftSession(question, store, chat_model, own_institution)
    draft = session.start(notes)
    for instruction in instructions or []:
        draft = session.refine(instruction)
    return draft


# --- checking one answer -------------------------------------------------------------------------


def check_answer(question: Question, text: str, template: Template) -> list[CheckResult]:
    """The gap checker's verdict on one answer's text: the question and its elements.

    The checker reads whole documents; the answer is handed to it as a one-question
    document whose prompt has already been located.
    """
    stage = template.stage(question.stage_id)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    section = Section(question.title, "question", lines, 1, 1, question.id, (), None, [1] * len(lines))
    block = QuestionBlock(question, [section], "prompt")
    blocks = {question.id: block}
    if question.shares_block_with:
        blocks[question.shares_block_with] = QuestionBlock(stage.question(question.shares_block_with), [section], "prompt")
    path = Path(f"{question.id}.md")
    reading = Reading(
        path=path, raw=RawDocument(path, "md", [RawPage(1, lines)]), pages=[CleanPage(1, lines)],
        meta=DocumentMeta("submission", stage=stage.id), stage=stage, stage_source="given",
        sections=[section], header={}, header_page=None, blocks=blocks, appendices=[], signoff=[],
    )
    return judge_question(reading, question)


# --- notes ---------------------------------------------------------------------------------------


def note_items(notes: str) -> list[str]:
    """The user's notes as items: one per bullet or line; a long paragraph by sentence."""
    items: list[str] = []
    for line in notes.splitlines():
        line = _BULLET.sub("", line).strip()
        if not line:
            continue
        items.extend(split_sentences(line) if len(line.split()) > 40 else [line])
    return items


def element_cues(element: ElementCheck, template: Template) -> tuple[str, ...]:
    """Words by which a note (or a peer) serves an element."""
    lexicon = template.lexicon
    if element.cues:
        return element.cues
    if element.pillar:
        pillar = template.pillar(element.pillar)
        return (pillar.name, *pillar.synonyms, *pillar.keywords)
    by_suffix = {
        "mechanism": lexicon.voice_mechanisms,
        "impact_measure": lexicon.impact_measure_cues,
        "owner_resource": lexicon.owner_cues + lexicon.resource_cues,
    }
    return by_suffix.get(element.suffix, ())


def place_notes(
    question: Question, template: Template, items: list[str], checked: list[CheckResult],
    practice: dict[str, list[PeerPractice]],
) -> tuple[list[ElementDraft], list[str]]:
    """Each note under the elements whose cues it uses; the question's own entry takes
    what serves no element. Statuses and reasons are the checker's."""
    results = {r.id: r for r in checked}
    placed: set[str] = set()
    elements = []
    for element in question.checks:
        cues = element_cues(element, template)
        serving = tuple(item for item in items if cues and mentioned(item, cues))
        placed.update(serving)
        result = results[element.id]
        elements.append(ElementDraft(
            element.id, element.description, element.severity, element.fix, result.status, result.reason,
            serving, tuple(practice.get(element.id, ())),
        ))
    unplaced = [item for item in items if item not in placed]
    own = results[question.id]
    head = ElementDraft(
        question.id, question.complete_answer, question.severity, question.fix, own.status, own.reason,
        tuple(unplaced), tuple(practice.get(question.id, ())),
    )
    return [head, *elements], unplaced


# --- peers ---------------------------------------------------------------------------------------


def peer_material(
    store: CorpusStore | None, question: Question, template: Template, own_institution: str | None
) -> tuple[list[Exemplar], dict[str, list[PeerPractice]]]:
    """Exemplars for the question (one passage per peer, quoted by the sentence closest to
    what the question asks) and, for each element with cue words, the practices peers
    used, each with the sentence that shows it. Read from the catalog: no retrieval."""
    if store is None:
        return [], {}
    passages = counterpart_passages(store, question, own_institution)
    registry = _ExemplarRegistry()
    asked = f"{question.asks} {question.complete_answer}"
    for passage in best_passage_per_peer(passages, asked)[:EXAMPLES_PER_QUESTION]:
        registry.add(passage.institution, passage.document, passage.page, best_sentence(passage.text, asked))
    practice = {}
    for element in question.checks:
        uses = practices_in(passages, element_cues(element, template), registry)
        if uses:
            practice[element.id] = uses
    return registry.items, practice


def best_passage_per_peer(passages: list[_Passage], asked: str) -> list[_Passage]:
    """Each peer's passage sharing most words with what the question asks, best first."""
    wanted = set(words(fold(asked)))
    overlap = lambda p: len(wanted & set(words(fold(p.text))))  # noqa: E731
    best: dict[str, _Passage] = {}
    for passage in passages:
        if passage.institution not in best or overlap(passage) > overlap(best[passage.institution]):
            best[passage.institution] = passage
    return sorted(best.values(), key=lambda p: -overlap(p))


@dataclass(frozen=True)
class _Passage:
    institution: str
    document: str
    page: int | None
    text: str


def counterpart_passages(store: CorpusStore, question: Question, own_institution: str | None) -> list[_Passage]:
    """Every peer passage that answers this question or its counterpart in another stage."""
    ids = counterpart_ids(question)
    rows = store.catalog.db.execute(
        f"SELECT chunk_id FROM chunks WHERE question_id IN ({', '.join('?' * len(ids))}) ORDER BY doc_id, idx", ids
    ).fetchall()
    chunks = store.chunks([r[0] for r in rows])
    own = fold(own_institution or "")
    titles: dict[str, str] = {}
    passages = []
    for chunk in (chunks[r[0]] for r in rows if r[0] in chunks):
        if not chunk.institution or (own and fold(chunk.institution) == own) or not has_substance(chunk.text, 8):
            continue
        if chunk.doc_id not in titles:
            row = store.document(chunk.doc_id)
            titles[chunk.doc_id] = row.title if row and row.title else chunk.file
        passages.append(_Passage(chunk.institution, titles[chunk.doc_id], chunk.page_start, chunk.text))
    return passages


def practices_in(passages: list[_Passage], cues: tuple[str, ...], registry: _ExemplarRegistry) -> list[PeerPractice]:
    """For each cue, the peers whose passages use it, with the sentence that does."""
    uses = []
    for cue in cues:
        numbers: list[int] = []
        institutions: list[str] = []
        for passage in passages:
            if passage.institution in institutions or len(institutions) >= MAX_EXAMPLES_PER_CUE:
                continue
            sentence = next((u for u in quote_units(passage.text) if mentioned(u, (cue,))), None)
            if sentence:
                institutions.append(passage.institution)
                numbers.append(registry.add(passage.institution, passage.document, passage.page, sentence))
        if institutions:
            uses.append(PeerPractice(cue, tuple(institutions), tuple(numbers)))
    return uses


class _ExemplarRegistry:
    """Numbers each distinct quoted passage once, in order of first use."""

    def __init__(self) -> None:
        self.items: list[Exemplar] = []

    def add(self, institution: str, document: str, page: int | None, quote: str) -> int:
        quote = quote if len(quote) <= MAX_QUOTE_CHARS else quote[: MAX_QUOTE_CHARS - 1].rstrip() + "…"
        for item in self.items:
            if (item.institution, item.quote) == (institution, quote):
                return item.n
        self.items.append(Exemplar(len(self.items) + 1, institution, document, page, quote))
        return len(self.items)


# --- prompts -------------------------------------------------------------------------------------


def first_prompt(question: Question, template: Template, notes: list[str], scaffold: Draft) -> str:
    stage = template.stage(question.stage_id)
    return load_prompt("draft_user").render(
        stage=stage.name,
        title=question.title,
        asks=question.asks,
        complete_answer=question.complete_answer,
        elements=format_elements(scaffold.elements),
        word_limit=word_limit_line(question),
        notes=format_notes(notes),
        examples=format_exemplars(scaffold.exemplars),
    )


def refine_prompt(question: Question, draft: Draft, instruction: str) -> str:
    still_missing = [e for e in draft.elements if e.missing]
    return load_prompt("draft_refine").render(
        instruction=escape(instruction, quote=False),
        word_limit=word_limit_line(question),
        missing=format_elements(still_missing) if still_missing else "(nothing: every element the checker looks for is there)",
    )


def format_elements(elements: list[ElementDraft]) -> str:
    lines = []
    for element in elements:
        state = "MISSING from the notes" if element.missing else "covered"
        lines.append(f"- {element.id} ({element.severity}, {state}): {element.expects}")
    return "\n".join(lines)


def format_notes(notes: list[str]) -> str:
    """The user's notes, escaped so that they cannot close the block they sit in."""
    return "\n".join(f"- {escape(item, quote=False)}" for item in notes) or "(no notes given)"


def format_exemplars(exemplars: list[Exemplar]) -> str:
    """Peers' passages as untrusted data, each tagged with the institution it belongs to."""
    blocks = [
        f'<example n="{x.n}" institution="{escape(x.institution)}" document="{escape(x.document)}">\n'
        f"{escape(x.quote, quote=False)}\n</example>"
        for x in exemplars
    ]
    return "\n".join(blocks) or "(no peer examples in the corpus)"


def word_limit_line(question: Question) -> str:
    if question.word_limit:
        return f"The answer must not exceed {question.word_limit} words."
    return "The form sets no word limit for this answer; keep it as short as the content allows."


def strip_fences(text: str) -> str:
    """A model may wrap its answer in a code fence; the draft is the text inside."""
    text = text.strip()
    fenced = re.fullmatch(r"```[a-zA-Z]*\n(.*)\n```", text, flags=re.S)
    return (fenced.group(1) if fenced else text).strip()


# --- guarding the model's draft -----------------------------------------------------------------


def draft_warnings(draft: Draft, question: Question, template: Template) -> list[str]:
    """What the user must look at: the word limit, and in a model's draft any figure the
    notes do not hold and any peer named (another institution's work is not ours)."""
    warnings = []
    if draft.word_limit and draft.word_count > draft.word_limit:
        warnings.append(f"{draft.word_count} words: over the {draft.word_limit}-word limit")
    if draft.mode != LLM:
        return warnings
    known = " ".join(draft.notes) + " " + " ".join((question.asks, template.stage(question.stage_id).name))
    invented = sorted({f for f in _FIGURE.findall(draft.text) if f not in _FIGURE.findall(known)})
    if invented:
        warnings.append(f"figures not in your notes: {', '.join(invented)} — check them or remove them")
    notes_folded = fold(" ".join(draft.notes))
    named = sorted({x.institution for x in draft.exemplars if x.institution and fold(x.institution) in fold(draft.text) and fold(x.institution) not in notes_folded})
    if named:
        warnings.append(f"names a peer institution: {', '.join(named)} — their work must not read as yours")
    return warnings


# --- Markdown ------------------------------------------------------------------------------------


def render_draft(draft: Draft) -> str:
    """The draft (or scaffold) as Markdown: text, elements with notes and gaps, peers' practice, exemplars."""
    lines = [f"# {draft.title} ({draft.question_id})", "", f"*{draft.asks}*", ""]
    if draft.mode == LLM:
        lines += ["## Draft", "", draft.text, ""]
    lines += _word_line(draft)
    if draft.warnings:
        lines += ["", "## Check before using", "", *(f"- ⚠ {w}" for w in draft.warnings)]
    lines += ["", "## What the answer needs" if draft.mode == SCAFFOLD else "## What the checker finds", ""]
    for element in draft.elements:
        lines += _element_lines(element, show_notes=draft.mode == SCAFFOLD)
    if draft.exemplars:
        lines += ["", "## Peer examples (other institutions' work, for inspiration only)", ""]
        for x in draft.exemplars:
            page = f", p. {x.page}" if x.page else ""
            lines.append(f"[{x.n}] **{x.institution}** — {x.document}{page}: “{x.quote}”")
    return "\n".join(lines).strip() + "\n"


def _word_line(draft: Draft) -> list[str]:
    limit = f" (limit {draft.word_limit})" if draft.word_limit else ""
    what = "draft" if draft.mode == LLM else "notes"
    return [f"*{draft.word_count} words in the {what}{limit}.*"]


def _element_lines(element: ElementDraft, show_notes: bool) -> list[str]:
    mark = "❌ missing" if element.missing else "✅ " + element.status.replace("_", " ")
    lines = [f"### {element.id} — {mark} ({element.severity.replace('_', ' ')})", "", element.expects]
    if show_notes:
        lines += [f"- from your notes: {note}" for note in element.notes]
    if element.missing:
        lines.append(f"- **To add:** {element.fix}")
    for use in element.peer_practice:
        cited = ", ".join(f"{inst} [{n}]" for inst, n in zip(use.institutions, use.exemplars, strict=True))
        lines.append(f"- peers used **{use.practice}**: {cited}")
    return lines + [""]
