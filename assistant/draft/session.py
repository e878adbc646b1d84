"""One question being drafted over several turns.

Each turn changes what the user said (notes added, statements dropped or moved, a
length) and the draft is rebuilt from all of it: statements placed by meaning, composed
into text with placeholders, judged by the checker, with peers' answers and sentences
beside it. With a language model the same turns also rewrite the prose (``llm.py``).
The session is saved under the data dir after every turn.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import asdict, replace
from itertools import takewhile
from pathlib import Path

from assistant.draft import llm
from assistant.draft.compose import Placed, compose, with_continuations
from assistant.draft.model import LLM, NOTES, Draft, Statement, Turn
from assistant.draft.peers import (
    EXAMPLES_PER_ELEMENT,
    ExemplarRegistry,
    PeerMaterial,
    PeerSentence,
    peer_material,
    store_signature,
)
from assistant.draft.placement import Placement, Placer
from assistant.draft.questions import DraftError, Slot, draft_slots
from assistant.draft.saved import SessionState, load_state, save_state
from assistant.draft.statements import NoteStatement, note_statements
from assistant.draft.turns import (
    ASK,
    DROP,
    LENGTH,
    MOVE,
    SHORTER,
    SHORTER_SHARE,
    Command,
    naming_words,
    parse_turn,
    points_back,
)
from assistant.draft.turns import NOTES as NOTES_TURN
from assistant.draft.vectors import VectorCache
from domain import Question, Template, fold, load_template
from vectorstore.embedder import Embedder
from vectorstore.store import CorpusStore

ASK_EXAMPLES = 3
_PEERS: dict[tuple, PeerMaterial] = {}
_PEERS_LIMIT = 64


class DraftSession:
    """``chat_model`` None: the draft is the user's statements, composed; with a model it
    rewrites them. ``data_dir``: where the session is saved (None: not saved)."""

    def __init__(
        self, question: Question, store: CorpusStore | None = None, chat_model=None, own_institution: str | None = None,
        template: Template | None = None, *, embedder: Embedder | None = None, data_dir: Path | None = None,
        state: SessionState | None = None,
    ):
        self.template = template or load_template()
        self.question = question
        self.store = store
        self.chat_model = chat_model
        self.data_dir = data_dir
        self.state = state or SessionState.new(question.id, own_institution)
        self.slots = draft_slots(question, self.template)
        self.columns = {slot.key: i for i, slot in enumerate(self.slots)}
        self.vectors = VectorCache(embedder or (store.embedder if store else None))
        self.placer = Placer(self.slots, self.vectors)
        self.draft: Draft | None = None

    @classmethod
    def resume(cls, data_dir: Path, session_id: str, store: CorpusStore | None = None, chat_model=None,
               template: Template | None = None, embedder: Embedder | None = None) -> DraftSession:
        """A saved session, its draft rebuilt."""
        state = load_state(data_dir, session_id)
        template = template or load_template()
        session = cls(template.question(state.question_id), store, chat_model, state.own_institution, template,
                      embedder=embedder, data_dir=data_dir, state=state)
        session.draft = session.build()
        return session

    @property
    def id(self) -> str:
        return self.state.id

    # --- turns ------------------------------------------------------------------------------------

    def start(self, notes: str) -> Draft:
        """The first draft from the notes."""
        self.state.notes = [notes]
        draft = self.build()
        if self.chat_model is not None:
            self.state.messages = llm.first_messages(self.question, self.template, draft)
            self.state.model_text = llm.reply(self.chat_model, self.state.messages)
            draft = self.build()
        return self._done(draft)

    def refine(self, instruction: str) -> Draft:
        """One turn: more notes, a drop, a move, a length, a question about peers, or (with
        a model) an instruction for the prose."""
        return self._turn(instruction, parse_turn(instruction, self.chat_model is not None))

    def add_notes(self, notes: str) -> Draft:
        """A turn that is notes whatever they say (a notes file given to a saved session)."""
        return self._turn(notes, Command(NOTES_TURN, notes))

    def _turn(self, instruction: str, command: Command) -> Draft:
        """A turn changes the session whole or not at all (a model that fails leaves it as it was)."""
        if self.draft is None:
            raise DraftError("start a draft before refining it")
        before = deepcopy(self.state)
        try:
            return self._apply(instruction, command)
        except BaseException:
            self.state = before
            raise

    def _apply(self, instruction: str, command: Command) -> Draft:
        handler = {NOTES_TURN: self._add_notes, DROP: self._drop, MOVE: self._move, LENGTH: self._length, ASK: self._ask}
        reply, cited_sentences = handler.get(command.kind, lambda c: ("Rewritten as you asked.", []))(command)
        draft = self.build()
        if self.chat_model is not None and command.kind != ASK:
            self.state.messages.append(llm.revision_message(self.question, draft, instruction))
            self.state.model_text = llm.reply(self.chat_model, self.state.messages)
            draft = self.build()
        cited = tuple(n for s in cited_sentences for n in _numbers(draft, s))
        reply += "".join(f"\n- “{x.quote}” ({x.institution}{f', p. {x.page}' if x.page else ''}) [{x.n}]" for x in map(draft.exemplar, cited))
        self.state.turns.append(Turn(instruction, command.kind, _reply(reply, draft), cited, draft.text))
        draft.turns = list(self.state.turns)
        return self._done(draft)

    def _add_notes(self, command) -> tuple[str, list]:
        before = {s.id for s in note_statements(self.state.notes)}
        self.state.notes.append(command.text)
        added = [s for s in note_statements(self.state.notes) if s.id not in before]
        if not added:
            return "There was nothing to add in that message.", []
        placed = self.placer.place([s.text for s in added], [s.hint for s in added], [s.note for s in added], [s.heading for s in added])
        self.state.focus = placed[-1].slot.key
        where = ", ".join(f"{s.id} under {p.slot.element_id}" + (f" ({p.slot.label})" if p.slot.pillar else "")
                          for s, p in zip(added, placed, strict=True))
        return f"Added {where}.", []

    def _drop(self, command) -> tuple[str, list]:
        known = {s.id for s in note_statements(self.state.notes)}
        unknown = [i for i in command.statements if i not in known]
        if unknown:
            raise DraftError(f"no statement {', '.join(unknown)} (statements are s1 to s{len(known)})")
        self.state.dropped += [i for i in command.statements if i not in self.state.dropped]
        return f"Dropped {', '.join(command.statements)}.", []

    def _move(self, command) -> tuple[str, list]:
        (statement,) = command.statements
        if statement not in {s.id for s in note_statements(self.state.notes)}:
            raise DraftError(f"no statement {statement}")
        slot = self.resolve_slot(command.text)
        self.state.moves[statement] = slot.key
        self.state.dropped = [i for i in self.state.dropped if i != statement]
        self.state.focus = slot.key
        going = [i for i in self._continuing(statement) if i not in self.state.dropped]
        along = f", with {', '.join(going)}, which continue{'s' if len(going) == 1 else ''} it," if going else ""
        return f"Moved {statement}{along} under {slot.element_id}" + (f" ({slot.label})." if slot.pillar else "."), []

    def _continuing(self, statement: str) -> list[str]:
        """The statements that went along with a moved one (``_placed``): its chain of
        continuations that sat with it and were not moved themselves."""
        placed = self._placed()
        moved = next(p for p in placed if p.statement.id == statement)
        along = takewhile(lambda p: p.placed_by == "you" and p.statement.id not in self.state.moves, with_continuations(moved, placed)[1:])
        return [p.statement.id for p in along]

    def _length(self, command) -> tuple[str, list]:
        if command.words == 0:
            self.state.target_words = None
            return "No length set: the form's limit (if any) applies.", []
        words = command.words
        if words == SHORTER:
            words = max(20, int((self.draft.word_count if self.draft else 0) * SHORTER_SHARE))
        self.state.target_words = words
        return f"Length set to at most {words} words.", []

    def _ask(self, command) -> tuple[str, list[PeerSentence]]:
        words = naming_words(command.text)
        slot = self._focus_slot() if points_back(command.text) or not words else self.resolve_slot(words)
        self.state.focus = slot.key
        # the question itself ("how did others evidence this?" when nothing is missing):
        # how peers wrote any of its elements, not only their context
        keys = [s.key for s in self.slots if slot.general or s.element_id == slot.element_id]
        sentences = self.peers().for_slots(keys, ASK_EXAMPLES, self.columns)
        if not sentences:
            return f"No peer answers to {self.question.id} in the library say how they wrote {slot.element_id}.", []
        self.state.asked.append({"element": slot.element_id, "sentences": [asdict(s) for s in sentences]})
        return f"How others wrote {slot.element_id} ({_expects(self.question, slot)}):", sentences

    # --- elements ---------------------------------------------------------------------------------

    def resolve_slot(self, words: str) -> Slot:
        """The slot some words name: an element id or its suffix, a pillar's name, else by meaning."""
        folded = fold(words).strip(" .")
        for slot in self.slots:
            names = {fold(slot.element_id), fold(slot.element_id.removeprefix(self.question.id + ".")), fold(slot.label)}
            if folded in names - {"general"} or (slot.general and folded in ("general", "the question", "context")):
                return slot
        if not folded:
            raise DraftError("say which element, e.g. 'move s2 to reporting'")
        return self.placer.place([words])[0].slot

    def _focus_slot(self) -> Slot:
        if self.state.focus in self.columns:
            return self.slots[self.columns[self.state.focus]]
        missing = next((e.id for e in (self.draft.elements if self.draft else []) if e.missing and e.id != self.question.id), None)
        return next((s for s in self.slots if s.element_id == missing), self.slots[0])

    # --- building the draft -----------------------------------------------------------------------

    def _placed(self) -> list[Placed]:
        """Every statement under its slot, the dropped ones too: they are placed with the
        others so that dropping one moves no other (a statement that continued it keeps
        its context). A move is the user's and wins over placement and link alike; a
        statement that continues a moved one and sat with it goes along, unless it was
        moved itself."""
        every = note_statements(self.state.notes)
        placements = self.placer.place([s.text for s in every], [s.hint for s in every], [s.note for s in every], [s.heading for s in every])
        together = _together(placements)
        placed: list[Placed] = []
        for s, p, with_it in zip(every, placements, together, strict=True):
            if self.state.moves.get(s.id) in self.columns:
                placed.append(Placed(s, self.slots[self.columns[self.state.moves[s.id]]], p.score, "you"))
            elif with_it and placed[p.follows].placed_by == "you":
                placed.append(Placed(s, placed[p.follows].slot, p.score, "you"))
            else:
                placed.append(Placed(s, p.slot, p.score))
            if p.follows is not None:
                beside = placed[-1].slot == placed[p.follows].slot
                placed[-1] = replace(placed[-1], follows=every[p.follows].id, continues=every[p.follows].id if beside else "")
        return placed

    def peers(self) -> PeerMaterial:
        """Peers' answers and sentences for this question (cached until the library changes)."""
        key = (str(self.store.location.data_dir) if self.store else "", store_signature(self.store), self.question.id,
               fold(self.state.own_institution or ""), getattr(self.vectors.embedder, "model_id", ""))
        if key not in _PEERS:
            if len(_PEERS) >= _PEERS_LIMIT:
                _PEERS.clear()
            _PEERS[key] = peer_material(self.store, self.question, self.template, self.state.own_institution, self.placer)
        return _PEERS[key]

    def build(self) -> Draft:
        """The draft from everything said so far."""
        placed = [p for p in self._placed() if p.statement.id not in self.state.dropped]
        dropped = [s for s in note_statements(self.state.notes) if s.id in self.state.dropped]
        composition = compose(self.question, self.template, self.slots, placed, self.state.target_words, len(self.state.notes) - 1)
        peers, registry = self.peers(), ExemplarRegistry()
        elements = [self._with_examples(e, peers, registry) for e in composition.elements]
        for asked in self.state.asked:
            for sentence in asked["sentences"]:
                registry.add(PeerSentence(**sentence), asked["element"])
        q = self.question
        draft = Draft(
            question_id=q.id, stage=q.stage_id, number=q.number, title=q.title, asks=q.asks, mode=NOTES,
            text=composition.text, notes=list(self.state.notes), statements=composition.statements, elements=elements,
            exemplars=registry.items, peer_answers=peers.answers, word_count=composition.word_count,
            word_limit=q.word_limit, target_words=self.state.target_words, session=self.state.id,
            warnings=composition.warnings + _pointing_elsewhere(placed), dropped=[_dropped(s) for s in dropped],
            turns=list(self.state.turns),
        )
        if self.state.model_text:
            draft = llm.as_model_draft(draft, self.state.model_text, self.question, self.template, self.vectors)
            draft.mode = LLM
        return draft

    def _with_examples(self, element, peers: PeerMaterial, registry: ExemplarRegistry):
        keys = [s.key for s in self.slots if s.element_id == element.id and not s.general]
        if not keys:
            return element
        sentences = peers.for_slots(keys, EXAMPLES_PER_ELEMENT, self.columns)
        return replace(element, examples=tuple(registry.add(s, element.id) for s in sentences))

    def _done(self, draft: Draft) -> Draft:
        self.draft = draft
        if self.data_dir is not None:
            save_state(self.data_dir, self.state)
        return draft


def draft_section(
    question: Question, notes: str, store: CorpusStore | None = None, chat_model=None, own_institution: str | None = None,
    instructions: list[str] | None = None, data_dir: Path | None = None,
) -> Draft:
    """One call: start, then apply each refinement in turn."""
    session = DraftSession(question, store, chat_model, own_institution, data_dir=data_dir)
    draft = session.start(notes)
    for instruction in instructions or []:
        draft = session.refine(instruction)
    return draft


def _numbers(draft: Draft, sentence: PeerSentence) -> list[int]:
    return [x.n for x in draft.exemplars if (x.institution, x.quote) == (sentence.institution, sentence.text)][:1]


def _reply(reply: str, draft: Draft) -> str:
    """The turn's reply and what the draft still lacks: on a line of its own after a
    reply that ends in a list (peers' sentences), else in the same paragraph."""
    status = f"Still missing: {', '.join(draft.missing)}." if draft.missing else "Every element the question expects is covered."
    separator = "\n\n" if "\n" in reply.strip() else " "
    return f"{reply.strip()}{separator}{status}".strip()


def _expects(question: Question, slot: Slot) -> str:
    if slot.general:
        return question.complete_answer
    element = next(c for c in question.checks if c.id == slot.element_id)
    return element.description[0].lower() + element.description[1:].rstrip(".")


def _dropped(statement: NoteStatement) -> Statement:
    return Statement(statement.id, statement.text, statement.note, "", "", None, 0.0, "you")


def _together(placements: list[Placement]) -> list[bool]:
    """Per statement: it continues the one before it and was placed under the same slot."""
    return [p.follows is not None and placements[p.follows].slot == p.slot for p in placements]


def _pointing_elsewhere(placed: list[Placed]) -> list[str]:
    """A warning for each statement that opens by pointing back ("This doubled ...") to
    one placed under another element: read there, its "This" stands for nothing."""
    by_id = {p.statement.id: p for p in placed}
    return [
        f"{p.statement.id} opens by pointing back to {p.follows} (“{_opening(by_id[p.follows].statement.text)}”), "
        f"which is under {by_id[p.follows].slot.element_id}: reword it to stand alone, or say "
        f"“move {p.statement.id} to {by_id[p.follows].slot.label}”"
        for p in placed
        if p.follows in by_id and not p.continues
    ]


def _opening(text: str, words: int = 6) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
