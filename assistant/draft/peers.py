"""Peers' answers to the question being drafted: the sections of other institutions'
submissions that answer it or its counterpart in another stage (the store maps each
section to a question id), each whole, with the checker's verdict on it for this
question's elements, best covered first; and, per element, the peers' sentences that
best show how others wrote that element, chosen by meaning (the placement scores).

The user's own institution is never its own peer: names are compared folded, one inside
the other, and by initials ("LSTM").
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import numpy as np

from assistant.check.answer_text import judge_answer_text, read_answer_text
from assistant.check.examples import counterpart_ids, has_substance, quote_units
from assistant.draft.model import Exemplar, PeerAnswer
from assistant.draft.placement import Placer, predicate
from domain import Question, Template, fold
from domain.text import clipped
from ingest.statements import is_form_field, standing_alone
from vectorstore.catalog import ChunkRow
from vectorstore.store import CorpusStore

MIN_ANSWER_WORDS = 8
MIN_SENTENCE_WORDS = 6
EXAMPLES_PER_ELEMENT = 2
MAX_QUOTE_CHARS = 320
_SMALL_WORDS = {"of", "the", "and", "for", "at", "in", "&"}
_BULLET = re.compile(r"^\s*[•▪◦●·\-–*]\s*")


@dataclass(frozen=True)
class PeerSentence:
    """A sentence of a peer's answer, ready to be quoted."""

    text: str
    institution: str
    document: str
    page: int | None
    year: int | None


@dataclass
class PeerMaterial:
    answers: list[PeerAnswer]
    sentences: list[PeerSentence]
    scores: np.ndarray  # sentences x the question's slots
    best: dict[str, list[int]] = field(default_factory=dict)  # slot key -> sentence indexes, best first

    def for_slots(self, slot_keys: list[str], limit: int, columns: dict[str, int]) -> list[PeerSentence]:
        """The sentences that fit these slots best, one per institution first."""
        ranked = sorted(
            {i for key in slot_keys for i in self.best.get(key, [])},
            key=lambda i: -max(self.scores[i, columns[key]] for key in slot_keys),
        )
        chosen: list[int] = []
        for pass_ in (0, 1):  # first one per institution, then any
            for i in ranked:
                seen = {self.sentences[j].institution for j in chosen}
                if len(chosen) < limit and i not in chosen and (pass_ or self.sentences[i].institution not in seen):
                    chosen.append(i)
        return [self.sentences[i] for i in chosen]


def same_institution(one: str | None, other: str | None) -> bool:
    """The same institution under two spellings: equal or one inside the other once
    folded, or one the other's initials ("LSTM", "UoL")."""
    a, b = fold(one or "").strip(), fold(other or "").strip()
    if not a or not b:
        return False
    a, b = a.removeprefix("the "), b.removeprefix("the ")
    if a == b or (len(a) > 6 and a in b) or (len(b) > 6 and b in a):
        return True
    return a.replace(" ", "") in _initials(b) or b.replace(" ", "") in _initials(a)


def _initials(name: str) -> set[str]:
    words = name.split()
    return {
        "".join(w[0] for w in words if w not in _SMALL_WORDS),
        "".join(w[0] for w in words),
    } - {""} if len(words) > 1 else set()


def peer_material(
    store: CorpusStore | None, question: Question, template: Template, own_institution: str | None, placer: Placer,
) -> PeerMaterial:
    """Peers' answers and their sentences scored against the question's slots."""
    found = _answers_with_chunks(store, question, template, own_institution) if store is not None else []
    answers = [answer for answer, _chunks in found]
    per_answer = [_sentences(answer, chunks) for answer, chunks in found]
    sentences = [s for group in per_answer for s in group]
    scores = _scores_per_answer(placer, [[s.text for s in group] for group in per_answer])
    material = PeerMaterial(answers, sentences, scores)
    for index, row in enumerate(scores):
        material.best.setdefault(placer.slots[int(np.argmax(row))].key, []).append(index)
    return material


def _scores_per_answer(placer: Placer, per_answer: list[list[str]]) -> np.ndarray:
    """Each answer's sentences scored on their own: a sentence that opens with a pronoun
    is read with the one before it (``placement.antecedents``), never with the last
    sentence of another institution's answer. The sentences and their predicates are
    embedded in one batch first, as they were when all answers were scored at once."""
    texts = [text for group in per_answer for text in group]
    if not texts:
        return np.zeros((0, len(placer.slots)))
    placer.vectors(texts + [predicate(text) for text in texts])  # one batch, then read from the cache
    return np.vstack([placer.scores(group) for group in per_answer if group])


def peer_answers(store: CorpusStore, question: Question, template: Template, own_institution: str | None) -> list[PeerAnswer]:
    """Every other institution's answer to the question or a counterpart, best covered first."""
    return [answer for answer, _chunks in _answers_with_chunks(store, question, template, own_institution)]


def _answers_with_chunks(
    store: CorpusStore, question: Question, template: Template, own_institution: str | None
) -> list[tuple[PeerAnswer, list[ChunkRow]]]:
    counterparts = [template.question(qid) for qid in counterpart_ids(question)]
    hosts = {q.id: q.shares_block_with or q.id for q in counterparts}
    rows = store.catalog.question_sections(sorted(set(hosts.values())))
    sections: dict[tuple[str, str], list[ChunkRow]] = {}
    for row in rows:
        sections.setdefault((row.doc_id, row.question_id or ""), []).append(row)
    answers = []
    seen: set[tuple[str, str, str]] = set()  # the same answer in two files of one submission (PDF and DOCX) is one peer
    for (doc_id, host_id), chunks in sections.items():
        institution = chunks[0].institution or ""
        if not institution or same_institution(institution, own_institution):
            continue
        document = store.document(doc_id)
        text = section_text(chunks, template)
        for counterpart in (q for q in counterparts if hosts[q.id] == host_id):
            answer = read_answer_text(counterpart, text, template).text if counterpart.shares_block_with else text
            key = (fold(institution), counterpart.id, fold(answer))  # fold collapses whitespace
            if has_substance(answer, MIN_ANSWER_WORDS) and key not in seen:
                seen.add(key)
                answers.append((_peer_answer(question, template, counterpart, document, chunks, answer), chunks))
    return sorted(answers, key=lambda pair: (-len(pair[0].covered), -pair[0].words, pair[0].institution))


def _peer_answer(question: Question, template: Template, counterpart: Question, document, chunks: list[ChunkRow], text: str) -> PeerAnswer:
    results = judge_answer_text(question, text, template)[1:]
    first = chunks[0]
    return PeerAnswer(
        institution=first.institution or "", doc_id=first.doc_id,
        document=(document.title if document and document.title else first.file),
        year=first.year, stage=first.stage, question_id=counterpart.id,
        page_start=min((c.page_start for c in chunks if c.page_start), default=None),
        page_end=max((c.page_end for c in chunks if c.page_end), default=None),
        words=len(text.split()), text=text,
        covered=tuple(r.id for r in results if r.status == "present"),
        not_covered=tuple(r.id for r in results if r.flagged),
    )


def section_text(chunks: list[ChunkRow], template: Template) -> str:
    """A section's chunks as one text: the sentence a chunk repeats from the one before
    it appears once, and a pillar sub-section starts with the pillar's name."""
    lines: list[str] = []
    pillar = None
    for chunk in chunks:
        own = chunk.text.split("\n")
        here = chunk.pillar_list[0] if chunk.section_kind == "pillar" and chunk.pillar_list else None
        if here and here != pillar and here in template.pillar_ids:
            lines.append(template.pillar(here).name)
        pillar = here
        if lines and own and own[0] == lines[-1]:
            own = own[1:]
        lines += own
    return "\n".join(lines)


def _sentences(answer: PeerAnswer, chunks: list[ChunkRow]) -> list[PeerSentence]:
    """The answer's sentences (table rows as one), each with the page of its chunk; one
    that leans on the sentence before it ("These managers brought ...") carries it, as an
    answer's quote does (ingest.statements.standing_alone), or is left out. Only the one
    sentence before: a peer's quote is clipped, and the chains an answer carries
    (``standing_forms``) would clip away the sentence itself."""
    def page(unit: str) -> int | None:
        start = unit[:40]
        return next((c.page_start for c in chunks if start in c.text), answer.page_start)

    units = [_BULLET.sub("", unit) for unit in quote_units(answer.text)]
    quotes = [standing_alone(unit, previous) for unit, previous in zip(units, ["", *units], strict=False)]
    return [
        PeerSentence(clipped(quote, MAX_QUOTE_CHARS), answer.institution, answer.document, page(quote), answer.year)
        for unit, quote in zip(units, quotes, strict=True)
        # not a lead-in to a list, nor a form's field ("Committee Members: [names]")
        if quote and len(unit.split()) >= MIN_SENTENCE_WORDS and not unit.endswith(":") and not is_form_field(unit)
    ]


class ExemplarRegistry:
    """Numbers each quoted sentence once, in order of first use."""

    def __init__(self) -> None:
        self.items: list[Exemplar] = []

    def add(self, sentence: PeerSentence, element: str = "") -> int:
        for item in self.items:
            if (item.institution, item.quote) == (sentence.institution, sentence.text):
                return item.n
        self.items.append(Exemplar(len(self.items) + 1, sentence.institution, sentence.document, sentence.page, sentence.text, sentence.year, element))
        return len(self.items)


def store_signature(store: CorpusStore | None) -> str:
    """Changes whenever a document is added, replaced or removed (peers are cached by it)."""
    if store is None:
        return ""
    rows = ",".join(f"{d.doc_id}:{d.sha256}" for d in store.documents())
    return hashlib.sha1(rows.encode()).hexdigest()
