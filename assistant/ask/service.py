"""The ask job: retrieve across institutions, select the statements that answer (by
meaning), compose a cited answer from them, keep the thread."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from assistant.answer import Answer, Source
from assistant.ask.bars import ANSWER_BAR
from assistant.ask.compose.base import Composer, ComposeRequest
from assistant.ask.compose.extractive import not_found_answer, unheld_note
from assistant.ask.conversation import ResolvedQuestion, Turn, resolve, searched_as_asked_of_kind
from assistant.ask.evidence import EvidenceSelector
from assistant.ask.evidence_data import Evidence, best_of_each
from assistant.ask.message import asking_sentence, spelled_out
from assistant.ask.names import asks_of_each, takes_for_granted, unheld_institutions
from assistant.ask.periods import Period, asked_period
from assistant.ask.places import asked_scope, institutions_within
from assistant.ask.query import QueryPlan, plan_query, query_lexicon
from assistant.ask.retrieval import KIND_LABELS, HybridRetriever, RetrievalResult, Retrieved
from assistant.ask.spelling import corrected
from domain import load_template
from vectorstore.filters import SearchFilter
from vectorstore.store import CorpusStore

CANDIDATES = 24  # passages whose statements are weighed for an answer


def sources_from_hits(store: CorpusStore, hits: list[Retrieved]) -> list[Source]:
    titles: dict[str, str] = {}
    urls: dict[str, str | None] = {}
    sources = []
    for n, hit in enumerate(hits, start=1):
        chunk = hit.chunk
        if chunk.doc_id not in titles:
            row = store.document(chunk.doc_id)
            titles[chunk.doc_id] = (row.title if row and row.title else chunk.file)
            urls[chunk.doc_id] = row.source_url if row else None
        sources.append(
            Source(
                n=n, chunk_id=chunk.chunk_id, doc_id=chunk.doc_id, institution=chunk.institution,
                document=titles[chunk.doc_id], file=chunk.file, page=chunk.page_start,
                page_end=chunk.page_end, section=chunk.section_title or "", passage=chunk.text,
                ocr=bool(chunk.ocr), url=urls[chunk.doc_id],
            )
        )
    return sources


def numbered(sources: list[Source]) -> list[Source]:
    return [replace(s, n=n) for n, s in enumerate(sources, start=1)]


@dataclass
class Findings:
    """What a question found: the retrieval, the passages read and the evidence chosen."""

    retrieval: RetrievalResult
    query: str  # the question as read, a follow-up with its earlier turn (the next turn reads it back)
    candidates: list[Source]
    evidence: Evidence


class AskService:
    def __init__(self, store: CorpusStore, retriever: HybridRetriever, composer: Composer, selector: EvidenceSelector):
        self.store = store
        self.retriever = retriever
        self.composer = composer
        self.selector = selector

    def find(self, question: str, filters: SearchFilter | None = None, history: list[Turn] | None = None) -> Findings:
        """Retrieve and weigh the evidence: the part of asking every composer shares."""
        filters = filters or SearchFilter()
        resolved = resolve(corrected(spelled_out(question), self._in_corpus), history or [])
        searched = searched_as_asked_of_kind(resolved)
        findings = self._find_resolved(question, searched, filters)
        if resolved.institution_kind and not findings.evidence.place:  # "2 institutions in the corpus (research institutes)"
            findings.evidence = replace(findings.evidence, place=KIND_LABELS[resolved.institution_kind])
        if resolved.institution_kind and not findings.evidence.found:
            findings.evidence = self._answered_by_other_kinds(question, searched, filters, findings.evidence)
        findings.query = resolved.query  # what the next turn reads back, as asked
        return findings

    def _answered_by_other_kinds(
        self, question: str, resolved: ResolvedQuestion, filters: SearchFilter, evidence: Evidence
    ) -> Evidence:
        """Nothing from the kind of institution asked of ("Did any research institutes use
        the levy?"): when institutions of other kinds answer, each is shown apart by its best
        statement, for the reader to judge, in place of the kind's closest passages (stop 44)."""
        others = self._find_resolved(question, replace(resolved, institution_kind=None), filters).evidence
        if not others.found:
            return evidence
        return replace(evidence, related=best_of_each(others.statements), other_kinds=True)

    def _find_resolved(self, question: str, resolved: ResolvedQuestion, filters: SearchFilter) -> Findings:
        if resolved.institution and not filters.institution:
            filters = replace(filters, institution=resolved.institution)
        read = self.retriever.plan(resolved.query)
        scope = asked_scope(resolved.query)
        inside = institutions_within(scope, self.retriever.known_institutions()) if scope else ()
        if scope and not _names_others(read, inside):
            return self._find_among(resolved.query, scope.rest, inside, filters, resolved.institution_kind, scope.label)
        period = None if filters.institution else asked_period(resolved.query)
        if period and _asks_nothing_else(period.rest, self.retriever.known_institutions()):
            return self._find_in_period(resolved.query, period, filters, resolved.institution_kind)
        plan = None if filters.institution else read
        unheld = self._unheld(question, plan)  # the message itself: a follow-up names whom it asks of now
        if plan and unheld and not plan.institutions:
            return self._find_for_unheld(resolved.query, unheld, filters, resolved.institution_kind)
        findings = self._find_of_named_or_all(resolved.query, filters, resolved.institution_kind, plan)
        if unheld and findings.evidence.found:  # the others named answer; the answer says these cannot
            findings.evidence = replace(findings.evidence, unheld=unheld)
        return findings

    def _find_of_named_or_all(self, query: str, filters: SearchFilter, kind: str | None, plan: QueryPlan | None) -> Findings:
        """Asked of the institutions the question names, or of all."""
        if plan and plan.compared:
            granted = takes_for_granted(query, plan.compared)
            return self._find_among(query, query, plan.compared, filters, kind, named=asks_of_each(query), granted=granted)
        result, candidates, evidence = self._weighed(query, filters, kind, False, plan)
        if plan and plan.focus and not evidence.found and not evidence.missing:
            # one institution named and nothing found: with nothing else asked ("Anything from
            # Leeds?"), what it does answers; else what it does is shown apart (stop 30), or, when
            # the question takes for granted that it speaks to it, its closest statements answer
            granted = takes_for_granted(query, (plan.focus,))
            return self._find_among(query, query, (plan.focus,), filters, kind, named=granted, granted=granted)
        return Findings(result, query, candidates, evidence)

    def _in_corpus(self, word: str) -> bool:
        return self.store.catalog.document_frequency(word) > 0

    def _unheld(self, message: str, plan: QueryPlan | None) -> tuple[str, ...]:
        """Institutions the question asks of that the store holds nothing of."""
        if plan is None or plan.across:
            return ()
        return unheld_institutions(asking_sentence(message), self.retriever.known_institutions(), self._in_corpus)

    def _find_for_unheld(self, query: str, unheld: tuple[str, ...], filters: SearchFilter, kind: str | None) -> Findings:
        """A question asked of institutions the store holds no document of and no passage
        mentions ("What has Durham done on apprenticeships?"): nothing can answer for them,
        so nothing is found; what others say on the topic (read without the name) is shown
        apart, each institution by its best statement."""
        plan = replace(plan_query(query, (*self.retriever.known_institutions(), *unheld)), institutions=())
        result, candidates, evidence = self._weighed(query, filters, kind, False, plan)
        others = best_of_each(evidence.statements or evidence.related)
        return Findings(result, query, candidates, Evidence(False, evidence.topic, related=others, unheld=unheld))

    def _find_among(
        self, query: str, rest: str, inside: tuple[str, ...], filters: SearchFilter, kind: str | None, place: str = "",
        named: bool = False, granted: bool = False,
    ) -> Findings:
        """A question asked of a place or grouping (``place``: "Anything from Scotland?") or
        of institutions it names, several together or one alone ("What did Nottingham and
        UCL do on apprenticeships?", "Anything from Leeds?"; stop 30): searched among those
        institutions (none there: a name no institution has, so nothing is found), for what
        ``rest`` asks (the question without the place's words); asked of them alone, for
        what they do for technicians under the pillars, every one of them answering. When
        nothing there is about what it asks, what they do is shown apart. Institutions the
        question ``named`` together ("How do Cardiff and Edinburgh each ...?") are each asked
        of as one named alone is: once something is found, each answers with at least its
        closest statement (``EvidenceSelector.select``); ``granted``: the question takes for
        granted that each speaks to it, so their closest statements answer however far they are."""
        filters = replace(filters, institutions=inside or ("",))
        alone = _names_no_topic(plan_query(rest, inside))
        asked_of = inside if named else ()
        result, candidates, evidence = self._weighed(_their_work() if alone else rest, filters, kind, alone, named=asked_of, granted=granted)
        if inside and not alone and not evidence.found:
            evidence = replace(evidence, related=best_of_each(self._weighed(_their_work(), filters, None, True)[2].statements))
        place = place or " and ".join(inside)
        return Findings(result, query, candidates, replace(evidence, place=place, nobody_there=not inside))

    def _find_in_period(self, query: str, period: Period, filters: SearchFilter, kind: str | None) -> Findings:
        """A question asked of a period alone ("What did signatories get done during 2022?";
        stop 31): what the institutions did for technicians then, every institution that
        dates some of its work within the period answering, by the statements that do."""
        years = " ".join(str(year) for year in period.years)
        result, candidates, evidence = self._weighed(f"{_their_work()} {years}", filters, kind, True, within=period.dates)
        if not evidence.found:  # "I found nothing in the corpus about *what was done in 2035*"
            return Findings(result, query, candidates, replace(evidence, topic=f"what was done {period.label}"))
        return Findings(result, query, candidates, replace(evidence, place=period.label))

    def _weighed(
        self, query: str, filters: SearchFilter, kind: str | None, every_institution: bool, plan: QueryPlan | None = None,
        within: Callable[[str], bool] | None = None, named: tuple[str, ...] = (), granted: bool = False,
    ) -> tuple[RetrievalResult, list[Source], Evidence]:
        """The retrieval for a query and the evidence chosen from it; ``every_institution``:
        each institution found answers, none held to the answer bar (asked of a place alone);
        ``plan``: the query's, read once; ``within``: the statements that may answer;
        ``named``: the institutions the question names together (``granted``: taking for
        granted that each speaks to it)."""
        result = self.retriever.retrieve(query, filters, k=max(CANDIDATES, self.retriever.config.k), kind=kind, plan=plan)
        candidates = sources_from_hits(self.store, result.hits)
        strengths = {hit.chunk.chunk_id: hit.score for hit in result.hits}
        bar = -math.inf if every_institution else ANSWER_BAR
        return result, candidates, self.selector.select(result.plan, result.query_vectors, candidates, strengths, bar, within, named, granted)

    def _request(self, question: str, findings: Findings, history: list[Turn]) -> ComposeRequest:
        """The composer's sources are the passages of the answering statements (all
        candidates when nothing answers, for the record)."""
        evidence = findings.evidence
        sources = numbered(evidence.sources) if evidence.found else findings.candidates
        return ComposeRequest(
            question=question,
            plan=findings.retrieval.plan,
            sources=sources,
            history=tuple((t.question, t.answer.text) for t in history[-3:]),
            evidence=evidence,
        )

    def ask(self, question: str, filters: SearchFilter | None = None, history: list[Turn] | None = None) -> Answer:
        history = history or []
        findings = self.find(question, filters, history)
        request = self._request(question, findings, history)
        answer = self.composer.compose(request) if findings.evidence.found else not_found_answer(request)
        answer.effective_query = findings.query
        return _noting_unheld(answer, findings.evidence)

    def stream(self, question: str, filters: SearchFilter | None = None, history: list[Turn] | None = None) -> Iterator[str | Answer]:
        history = history or []
        findings = self.find(question, filters, history)
        request = self._request(question, findings, history)
        if not findings.evidence.found:
            answer = not_found_answer(request)
            answer.effective_query = findings.query
            yield answer.text
            yield answer
            return
        for piece in self.composer.stream(request):
            if isinstance(piece, Answer):
                piece.effective_query = findings.query
                piece = _noting_unheld(piece, findings.evidence)
            yield piece


def _noting_unheld(answer: Answer, evidence: Evidence) -> Answer:
    """A found answer says which institutions the question named it could not answer for."""
    if answer.found and evidence.unheld:
        answer.notes.append(f"{unheld_note(evidence.unheld)}: the answer is from the others the question names.")
    return answer


def _their_work() -> str:
    """What a question asked only of a place wants to know: the institutions' work for
    technicians, in the template's own words for it (the pillars' names)."""
    pillars = [pillar.name.lower() for pillar in load_template().pillars]
    return f"What have they done for technicians' {', '.join(pillars[:-1])} and {pillars[-1]}?"


def _asks_nothing_else(rest: str, known_institutions: Iterable[str]) -> bool:
    """Whether the question, its period's words left out, asks nothing more: no word but
    one for the institutions, and no institution ("What were these universities up to in
    2020?", "What did signatories do during 2022?"). A verb is a topic as often ("Which
    of these universities signed up in 2018?" asks of signing)."""
    plan = plan_query(rest, known_institutions)
    return _names_no_topic(plan) and not plan.institutions


def _names_others(plan: QueryPlan, inside: tuple[str, ...]) -> bool:
    """Whether the question names institutions, none of them of the place it mentions: the
    place is then where something happened ("What did money from Essex allow a technician
    to do at a museum in London?"), not whom it asks of."""
    return bool(plan.institutions) and not set(plan.institutions) & set(inside)


def _names_no_topic(plan: QueryPlan) -> bool:
    """Whether a question names nothing it asks about: no word but one for the institutions
    themselves ("What are Scottish signatories doing?" asks of the place alone, as "What is
    Scotland doing?" does; stop 32, one reading for places, named institutions and periods)."""
    return not set(plan.content_words) - query_lexicon().subjects
