"""Which slot a statement serves, by meaning: the cosine between the statement's
embedding and the embeddings of what the template says each slot is (its description
and fix, a pillar's meaning and keywords), plus a fixed bonus when the statement uses the
template's own vocabulary for the slot (its cue words, the lexicon's lists, a pillar's
keywords, and the synonym groups' words for them; each word of a term may inflect, a
negated term ("no budget") is not used, and a statement about the time of signing uses
"since signing": ``assistant/draft/vocabulary.py``),
or reports an amount of a kind the
template asks the slot's element for: money or staff time for resources, any figure for
concrete evidence or a plan's success measure, a period from a start to an end for a plan's
timescale (read from the statement alone: a heading's period, "Our plan (2025-2028), in
short:", dates the plan, not each action under it), a line to a senior body for the
reporting line ("answers to the People Committee"), the future tense or the new plan for a
red item's explanation (what happens next): ``assistant/draft/figures.py``, stop 26; a
report sent to whoever is named ("reports each term to UEB"), a reason for a red item's
explanation (why it stalled: "because", "Why R2 is red:"), and a date for the plan as a
whole for the plan's timescale ("every action ends by June 2027"), a year for how the
governance developed ("In 2019 one volunteer ran it"), stop 27; a route taken "instead"
for a red item's explanation and a date alone ("Due: March 2027") for the plan's
timescale, stop 27. A plan row's pillar cell and a status given as a value name their
slot as a label does (``assistant/draft/fields.py``, stop 27); so do a colour's count
("Red (2): V3, S2": the status) and a field's question word as its label ("Who:", "When:":
``Slot.asked``), and a plan table's header row serves the question, not the elements its
cells name (stop 27).
"Committee members have 5% of their working time allocated to committee duties" names the
committee but says how the work is resourced. A vocabulary term and an amount are two signs, and each earns the bonus
(as does each kind of item the element asks for). An
element the spec defines by the item it gives (concrete evidence: "at least one figure,
survey result, quotation or link") takes no statement that gives none
(``Slot.required``). In a plan, the success measure's words outrank a pillar's
(``Placer.scores``), and a statement about the plan as a whole (who owns or pays for it,
when it runs: ``figures.PLAN_WIDE``) serves no single pillar, nor the question at large: it gives
the plan's owner, resource or timescale (stop 27: "The plan covers April 2026 to March
2029." read closer to the question than to the timescale). Staff time is some people's time:
where an element asks for it (resources), the words of another non-pillar element that name
those people ("Steering group members get two hours a week for it") say whose time it is,
not who leads, and earn no bonus (stop 27). The technician-voice mechanism (what technicians themselves did) takes
no sign-off that names no technician ("SMT approved the plan ...": the submission's
sign-off, context for the question; ``Slot.voice``, stop 26 second part).

A prototype's cosine is read against what it says of any text of the domain: minus
``GENERIC_WEIGHT`` times its mean cosine with the template's own descriptive texts (every
question's and element's description, each pillar's meaning). "number of technicians" or
"steering group" resemble any statement about technicians or about the group, so without
this they drew statements that only mention them ("Eighteen technicians have become
registered", "The steering group holds a budget of ...") away from the slot they serve.

A statement is read by what it says happened as well as by whom: each slot's score is the
mean of its best cosine with the whole statement and with the statement's predicate, its
subject replaced by a pronoun ("The number of registered technicians has grown to 31 (17
RSciTech ...)" -> "It has grown to 31 (17 RSciTech ...)"), where an auxiliary or modal verb
shows where the subject ends (``predicate``, ``assistant/draft/reading.py``). Whom a
statement is about still counts (half), so "The steering group has ten members" stays with
governance.

A statement that opens with a pronoun or demonstrative ("These events proved very
successful ...") is read with the statement before it, whose words its own stand for
(``antecedents``, ``CONTEXT_WEIGHT``: the mean of the two statements' meaning scores).
It is still placed by its own reading: "It reports to the Executive" continues the line
naming the group, yet serves another element (``Placement.follows`` keeps the link, so
the text and the turns keep a pair placed together side by side).

Each slot's score also gains ``EXAMPLE_WEIGHT`` times the mean cosine of the statement's
nearest worked examples of it (labelled statements of the project's own notes sets:
``assistant/draft/examples.py``, stop 33), chosen on notes sets the examples leave out.

The same scores place the user's notes, choose peers' sentences per element and find
the element a turn asks about. ``VOCABULARY_WEIGHT``, ``GENERIC_WEIGHT``,
``PREDICATE_WEIGHT``, ``CONTEXT_WEIGHT`` and the max-over-prototypes rule were chosen on a tuning set built from the corpora's own labels
(plan actions under their pillar, answer paragraphs under their lead-in:
``bench/draft_placement.py``), never on the test notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.draft.examples import ExampleEvidence
from assistant.draft.fields import carried_forward, header_row, named_slot
from assistant.draft.figures import PLAN_WIDE, figure_kinds, signs_off
from assistant.draft.framing import leads_in
from assistant.draft.groups import grouped
from assistant.draft.own_words import own_slot
from assistant.draft.questions import Slot, names_people
from assistant.draft.reading import antecedents, predicate, subject
from assistant.draft.vectors import VectorCache
from assistant.draft.vocabulary import SINCE_SIGNING, signing, uses
from domain import Template, fold, load_template
from domain.examples import ElementExample
from ingest.structure.lines import pillar_label

VOCABULARY_WEIGHT = 0.1
EXAMPLE_WEIGHT = 2.0  # the worked examples' evidence (``assistant/draft/examples.py``; stop 33)
GENERIC_WEIGHT = 0.25
PREDICATE_WEIGHT = 0.5  # the predicate's share of a slot's meaning score
CONTEXT_WEIGHT = 0.5
TIE = 1e-6  # scores this close are a tie
# The score of a slot whose element the statement cannot serve: it gives none of the items
# the element is defined by (``Slot.required``: concrete evidence without a figure, link,
# quotation or any of its words). Below any cosine.
UNSERVED = -2.0
_CENTROIDS: dict[tuple[str, int], np.ndarray] = {}


@dataclass(frozen=True)
class Placement:
    slot: Slot
    score: float
    follows: int | None = None  # the row of the statement it continues (``antecedents``)


def _read(texts: Sequence[str], hints: Sequence[str] | None) -> list[str]:
    """A text as scored: with the heading the user wrote it under, unless it says it."""
    hints = list(hints) if hints is not None else [""] * len(texts)
    return [f"{hint}: {text}" if hint and hint not in text else text for text, hint in zip(texts, hints, strict=True)]


def _measuring(read: str, statement: str, terms: list[str]) -> tuple[bool, bool]:
    """Whether the text uses a measure's words (``Slot.measure``: ``terms``), and whether
    the statement's subject does."""
    if not terms or not uses(read, terms):
        return False, False
    return True, uses(subject(statement), terms)


# kinds read from the statement alone, never from its heading: a heading's period dates the
# plan, not each action under it; "the plan" in a heading is not this statement's owner; a
# heading's "to the Department Board" says where a paper went, not each line's reporting
# line (stop 31)
_STATEMENT_ONLY = frozenset({"period", "whole plan", "plan period", "line"})


def _kinds(read: str, statement: str) -> frozenset[str]:
    """The amounts a text reports (``read``: with its heading); a period, or who owns or
    pays for the whole plan, only when the statement gives it (stop 26: a heading's period
    gave every action under it the timescale's bonus)."""
    kinds = figure_kinds(read)
    if read == statement or not kinds & _STATEMENT_ONLY:
        return kinds
    return kinds - (_STATEMENT_ONLY - figure_kinds(statement))


def _a_sign_off(statement: str) -> bool:
    """A sign-off that names no technician ("SMT approved the plan in December"): the
    submission's sign-off, not something technicians did (``Slot.voice``)."""
    return signs_off(statement) and not names_people(statement)


def domain_texts(template: Template) -> list[str]:
    """The template's own sentences about what answers contain: each question's asks,
    complete answer, description and fix, each element's description and fix, each
    pillar's meaning and each TALENT recommendation's title."""
    texts = [p.meaning for p in template.themes] + [r.title for r in template.talent]
    for stage in template.stages:
        for question in stage.questions:
            texts += [question.asks, question.complete_answer, question.description, question.fix]
            texts += [text for element in question.checks for text in (element.description, element.fix)]
    return sorted({text for text in texts if text})


class Placer:
    """Scores texts against a question's slots."""

    def __init__(
        self, slots: Sequence[Slot], vectors: VectorCache, vocabulary_weight: float = VOCABULARY_WEIGHT,
        generic_weight: float = GENERIC_WEIGHT, template: Template | None = None,
        predicate_weight: float = PREDICATE_WEIGHT, context_weight: float = CONTEXT_WEIGHT,
        example_weight: float = EXAMPLE_WEIGHT, examples: Sequence[ElementExample] | None = None,
    ):
        self.slots = tuple(slots)
        self.vectors = vectors
        self.vocabulary_weight = vocabulary_weight
        self.generic_weight = generic_weight
        self.predicate_weight = predicate_weight
        self.context_weight = context_weight
        self.template = template
        self.example_weight = example_weight
        self._examples = ExampleEvidence(self.slots, examples) if example_weight else None  # None: the domain's
        self._owner = np.array([i for i, slot in enumerate(self.slots) for _ in slot.prototypes])
        owners: dict[str, set[int]] = {}
        for i, slot in enumerate(self.slots):
            for prototype in slot.prototypes:
                owners.setdefault(fold(prototype), set()).add(i)
        self._figures = any(slot.figures for slot in self.slots)  # an element asks for an amount
        self._plan_wide = frozenset(  # the plan-wide kinds an element of the question serves
            kind for slot in self.slots for kind in slot.figures if kind in PLAN_WIDE)
        self._takes_staff_time = any("staff time" in slot.figures for slot in self.slots)
        self._own = np.array([len(owners[fold(p)]) == 1 for slot in self.slots for p in slot.prototypes])
        self._prototypes: np.ndarray | None = None
        self._generic: np.ndarray | None = None

    def scores(
        self, texts: Sequence[str], hints: Sequence[str] | None = None, notes: Sequence[int] | None = None,
    ) -> np.ndarray:
        """(texts x slots): best cosine with a slot's prototypes + the vocabulary bonus.
        A hint (the heading the user wrote a statement under) is read with the text. An
        amount of a kind the slot's element asks for ("£8,000 a year" for resources, any
        figure for concrete evidence, money for Career Development: ``Slot.figures``) earns
        the bonus as its vocabulary does, and both earn it twice: they are two signs ("£500
        each for courses" is a development fund by its amount and by its word for training;
        chosen on the tuning set, 194 -> 195 of 224); so does each kind of item the element
        asks for that the statement gives ("The whole plan runs from May 2026 to April 2029"
        gives a period and a date for the plan as a whole: two of the timescale's kinds;
        stop 27, where a plan-wide period under a pillar's heading went to the pillar). A slot whose element only a concrete
        item serves (``Slot.required``) scores ``UNSERVED`` for a statement without one.

        In a plan, a statement that uses the words of how success is measured (``Slot.measure``:
        "success", "survey", "target", ...) names a pillar's things as what it measures
        ("Progress will be checked against the survey and registration figures"): a pillar's
        words in it earn no bonus; and when its subject uses them ("Success will be judged by
        the survey and the registration count") it is about the measure, not an action, and
        serves no pillar. Not the owner's or resource's words: actions use them as verbs
        ("Fund registration fees ..."; 11 of the tuning set's 92 plan actions, against 2 for
        the measure's). Stop 25, docs/drafting.md."""
        read = _read(texts, hints)
        scores = self._in_context(self._meaning(read), antecedents(texts, hints, notes))
        measure_terms = [term for slot in self.slots if slot.measure for term in slot.vocabulary]
        for row, text in enumerate(read):
            kinds = _kinds(text, texts[row]) if self._figures else frozenset()
            measuring, about_measure = _measuring(text, texts[row], measure_terms)
            sign_off = _a_sign_off(texts[row])
            staff_time = "staff time" in kinds and self._takes_staff_time
            # about the plan as a whole, in a plan (an element of it serves that kind): not
            # one pillar's action, nor the question at large (stop 27), nor the element that
            # asks for the other plan-wide kind: who owns or pays for the plan is not when
            # it runs ("has approved £36,000 annually" is no timescale; stop 32)
            plan_wide = kinds & self._plan_wide
            lead_in = leads_in(texts[row])
            other_plan_wide = self._plan_wide - plan_wide
            for column, slot in enumerate(self.slots):
                amount = len(kinds.intersection(slot.figures))
                # staff time is some people's time: the group or role named with it says
                # whose ("steering group members get 10% of their time"), not who leads
                whose_time = staff_time and not slot.pillar and "staff time" not in slot.figures
                words = not (measuring and slot.pillar) and not whose_time and (
                    bool(slot.vocabulary and uses(text, slot.vocabulary + slot.related))
                    or (SINCE_SIGNING in slot.vocabulary and signing(text))
                )
                signs = amount + words + (lead_in and slot.general)  # a lead-in line is one sign for the question's slot
                scores[row, column] += self.vocabulary_weight * signs
                if slot.required and not amount:  # its item itself, not a word for where it comes from
                    scores[row, column] = UNSERVED
                if ((about_measure or "followed up" in kinds) and slot.pillar) or (sign_off and slot.voice) or (plan_wide and (slot.pillar or slot.general or not other_plan_wide.isdisjoint(slot.figures))):
                    scores[row, column] = UNSERVED
        return self._with_examples(scores, texts)

    def _with_examples(self, scores: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """The scores plus ``example_weight`` times the worked examples' evidence (the
        statement alone, not its heading), where the slot can serve the statement at all."""
        if not self._examples or self.vectors.embedder is None or not texts:
            return scores
        evidence = self._examples.scores(self.vectors(list(texts)), self._examples.vectors(self.vectors))
        return np.where(scores <= UNSERVED, scores, scores + self.example_weight * evidence)

    def _meaning(self, texts: list[str], own_only: bool = False) -> np.ndarray:
        """Each slot's best prototype cosine, the mean of the whole text's and its
        predicate's (``PREDICATE_WEIGHT``); ``own_only``: among the prototypes no other
        slot of the question shares (-1 for a slot with none)."""
        if self.vectors.embedder is None or not texts:
            return np.zeros((len(texts), len(self.slots)), dtype=np.float32)
        if self._prototypes is None:
            self._prototypes = self.vectors([p for slot in self.slots for p in slot.prototypes])
            self._generic = self.generic_weight * (self._domain_centroid() @ self._prototypes.T)
        predicates = [predicate(text) for text in texts]
        whole = self._best(self.vectors(texts), own_only)
        if self.predicate_weight == 0 or predicates == texts:
            return whole
        return (1 - self.predicate_weight) * whole + self.predicate_weight * self._best(self.vectors(predicates), own_only)

    def _in_context(self, meaning: np.ndarray, links: list[int | None]) -> np.ndarray:
        """Meaning scores with each continuing statement read with the one it continues
        (``antecedents``; in order, so a chain of them carries its first statement's
        meaning)."""
        if not self.context_weight:
            return meaning
        for row, previous in enumerate(links):
            if previous is not None:
                meaning[row] = (1 - self.context_weight) * meaning[row] + self.context_weight * meaning[previous]
        return meaning

    def _best(self, vectors: np.ndarray, own_only: bool) -> np.ndarray:
        cosines = vectors @ self._prototypes.T - self._generic
        best = np.full((len(vectors), len(self.slots)), -1.0, dtype=np.float32)
        for column in range(len(self.slots)):
            mask = (self._owner == column) & self._own if own_only else self._owner == column
            if mask.any():
                best[:, column] = cosines[:, mask].max(axis=1)
        return best

    def _domain_centroid(self) -> np.ndarray:
        """The mean vector of the template's own texts (a prototype's mean cosine with
        them is its dot product with it): embedded once per process and model, like the
        model itself (164 texts, about 0.4 s with the int8 model on two cores)."""
        texts = tuple(domain_texts(self.template or load_template()))
        key = (getattr(self.vectors.embedder, "model_id", "none"), hash(texts))
        if key not in _CENTROIDS:
            _CENTROIDS[key] = self.vectors.embedder.embed(list(texts)).mean(axis=0)
        return _CENTROIDS[key]

    def place(
        self, texts: Sequence[str], hints: Sequence[str] | None = None, notes: Sequence[int] | None = None,
        headings: Sequence[str] | None = None,
    ) -> list[Placement]:
        """The best slot for each text; where the user's own label or heading names exactly
        one slot ("Visibility:", "Point 3:"), that slot, as the template asks a plan's own
        labels to be read first.

        A statement that continues the one before it (``antecedents``) is placed by its own
        score read with that statement, not forced under the same slot: placing a pair by
        the sum of their scores (stop 22) kept "This doubled ..." beside what it stands
        for, but moved statements that serve another element ("It has a budget of ...",
        after the line naming the board) on our acceptance and blind notes.

        Slots tied on the score are told apart by the prototypes only they have: status and
        red explanations share every red word ("red", "delayed"), so a statement about a red
        item scored the same under both and went to whichever came first. Then the first
        (the question's own) wins.

        A heading that names a pillar groups a plan's actions, but a statement under it
        that its own words place under one of the plan's other elements (who owns it, how
        success is measured, when: template spec 9.1 reads these per action or for the plan
        as a whole) keeps that element: "the Head of Operations is accountable for the plan
        ..." written as the last bullet under "Sustainability" is the owner, not an action.
        The statement's own label ("Visibility: ...") still decides, and so does a plan
        row's pillar cell ("V1 | Visibility | ... | July 2026": ``row_pillar``; spec 9.1, a
        pillar column; stop 27), which its date, owner or survey cell took elsewhere, and a
        status given as a value ("A4, the careers film: not delivered": ``status_value``;
        spec 9.2, a status token; stop 27), which tied with the red explanation, a colour's
        count ("Red (2): V3, S2": ``colour_count``; spec 9.2, counts per colour are the
        status; stop 27), and a plan table's header row ("Theme | Action | Lead | Cost":
        ``header_row``), which names elements and serves only the question (stop 27)."""
        if not texts:
            return []
        hints = list(hints) if hints is not None else [""] * len(texts)
        links = antecedents(texts, hints, notes)
        scores = self.scores(texts, hints, notes)
        own = self._in_context(self._meaning(_read(texts, hints), own_only=True), links)
        named: list[Slot | None] = []
        headed: list[bool] = []
        headings = grouped(texts, headings if headings is not None else hints, notes)
        for text, hint, heading in zip(texts, hints, headings, strict=True):
            # a label naming no slot ("S4: ...") leaves its heading to name one; an item's code and its reason outrank a heading
            by_hint = self.named_slot(hint)
            labelled = by_hint if hint != heading else None
            slot, words = (by_hint, hint) if by_hint else (self.named_slot(heading), heading)
            # a heading, not the statement's own label, that is a theme's name (the fifth,
            # Evaluating Impact, too) groups actions
            headed.append(bool(slot and (slot.pillar or pillar_label(words)) and words == heading and words not in text))
            named.append(self._header(texts, notes, len(named)) or own_slot(text, self.slots, labelled, slot))
        named = carried_forward(named, texts)
        bare = self.scores(texts, None, notes) if any(headed) else None  # read without the headings
        placements = []
        for row, (scored, row_own, link) in enumerate(zip(scores, own, links, strict=True)):
            tied = np.flatnonzero(scored >= scored.max() - TIE)
            column = self.slots.index(named[row]) if named[row] else int(tied[np.argmax(row_own[tied])])
            if headed[row]:
                alone = self.slots[int(np.argmax(bare[row]))]
                column = column if alone.general or alone.pillar else self.slots.index(alone)
            placements.append(Placement(self.slots[column], float(scored[column]), link))
        return placements

    def _header(self, texts: Sequence[str], notes: Sequence[int] | None, row: int) -> Slot | None:
        """The question's own slot for a table's header row, which names the columns and
        serves no element (``header_row``; its neighbours within the same note)."""
        general = [slot for slot in self.slots if slot.general]

        def neighbour(other: int) -> str:
            inside = 0 <= other < len(texts) and (notes is None or notes[other] == notes[row])
            return texts[other] if inside else ""
        return general[0] if general and header_row(texts[row], neighbour(row - 1), neighbour(row + 1)) else None

    def named_slot(self, words: str) -> Slot | None:
        """The one slot some words name (``fields.named_slot``)."""
        return named_slot(words, self.slots)

    def slot(self, key: str) -> Slot:
        return next(slot for slot in self.slots if slot.key == key)

