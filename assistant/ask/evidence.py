"""Evidence for an answer: which retrieved statements answer the question, judged by
meaning and words together, and whether the corpus answers it at all.

Each quotable statement of the retrieved passages (ingest/statements.py; vectors cached
at ingest) is scored as

    score = similarity(question and topic, statement) + LEXICAL * key-concept coverage
            + THEMES * agreement of their taxonomy themes + PASSAGE * passage strength
            + the second sentence model's word, when one is on (second_opinion.py)

with vectors centred on what the whole corpus shares (assistant/ask/themes.py), so that a
statement scores for the question's topic, not for being about technicians. When the
question asks about an intervention of the taxonomy, its topic is read together with the
taxonomy's description of that intervention (``ThemeIndex.toward``): a question in a
lead's own words ("groups that bring technicians together") meets the corpus's words for
it ("technician network") by meaning, not only the words it happens to share. An institution
is cited only when its best statement clears the absolute bar ``ANSWER_BAR``; statements a
little below it are kept apart as "possibly related". When no statement comes within
``FOUND_BAR`` of the question by meaning and words alone (retrieval rank left out), nothing
is found (unless the question takes for granted that the institutions it names speak to it:
their closest answer); shared words count there only for a statement at least a little about
the topic by meaning (``WORDS_NEED_MEANING``), so "free parking" is not found in a sentence
about a free event. There, too, words count only in the question's sense
(senses.question_senses): a compound's words only together ("football team" is not found in
"technical teams"), the question's own verb ("do technicians *receive* ...") at
``coverage.FRAME_WEIGHT``; and a statement that shares no key concept so read must be
clearly about the question by meaning alone (``MEANING_ALONE``). A question about something
the corpus never mentions then finds nothing, though a word of it appears in another sense.
So does a question whose asked-for thing (senses.asked_thing: the words right after "what",
"which", "how much" or "any") is a compound one of whose words no passage uses ("What GCSE
grades ...?"), however much else of it the corpus shares; and that compound's head counts
only with its modifier ("annual leave" is not the "leave" of "leave for an employer"); and
so does one writing as a name something no passage mentions ("the government's Skills
Bootcamps"). The ranking reads words as before. Weights, bars: chosen on the dev and
held-out sets (docs/retrieval.md)."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from assistant.answer import Source
from assistant.ask.answer_kinds import asked_kind
from assistant.ask.bars import ANSWER_BAR, FOUND_BAR, MAX_RELATED, RELATED_MARGIN
from assistant.ask.close_reading import CloseReader
from assistant.ask.coverage import (
    counted,
    coverage,
    framed_topics,
    mention_the_names,
    sensed_coverage,
)
from assistant.ask.evidence_data import Evidence, Statement
from assistant.ask.kind_asked import giving_the_kind_first, with_the_kind_asked
from assistant.ask.listed import one_example_each
from assistant.ask.message import in_own_words, written_stretches
from assistant.ask.query import QueryPlan, Topic, plan_query, query_lexicon
from assistant.ask.quotes import Scored, answerer, quoted_of_one
from assistant.ask.second_opinion import SecondOpinionScorer
from assistant.ask.senses import is_past_participle
from assistant.ask.themes import ThemeIndex
from assistant.ask.words import compared_bases
from domain.taxonomy import InterventionTheme
from ingest.statements import quotable_statements
from vectorstore.embedder import TokenEmbedder

PASSAGE = 0.26  # the retrieval's own strength of the statement's passage (share of the best)
QUESTION_SHARE = 0.45  # similarity to the whole question, beside that to its topic (0.55)
LEXICAL = 0.6
THEMES = 0.12
WORDS_NEED_MEANING = 0.15  # below this similarity, shared words alone do not make a statement about the topic
WORDS_NEED_MORE_MEANING = 0.30  # ... when the question names something no passage of the corpus mentions
WORDS_NEED_NAMED = 0.10  # ... asked of institutions it names: their own statements alone are read
CONTEXT_WEIGHT = 0.5  # a word of the message's context only: what the question refers back to, or already has
MEANING_ALONE = 0.40  # sharing no key concept in the question's sense, a statement must be this close in meaning
PER_INSTITUTION = 3
MAX_INSTITUTIONS = 12
NEAREST = 3  # institutions whose closest statement a "nothing found" answer shows apart
LONG_STATEMENT = 30  # words: a statement this long may list several things, each in a clause
_CLAUSE_BREAK = re.compile(r"[,;:]\s+|\s+[-–—]\s+")
FIT_LOW, FIT_HIGH = 0.25, 0.45  # how well the question fits any theme: from no say to a full say


class EvidenceSelector:
    def __init__(self, store, themes: ThemeIndex, close_reading: bool = True):
        """``close_reading``: read the likeliest statements word by word against the
        question (close_reading.py), when the embedder gives token states."""
        self.store = store
        self.themes = themes
        self.second = SecondOpinionScorer(store) if store.second else None
        reads_tokens = close_reading and isinstance(store.embedder, TokenEmbedder)
        self.close = CloseReader(store.embedder, [t.description for t in themes.themes]) if reads_tokens else None
        self._frequencies: dict[tuple[str, int], int] = {}

    def select(
        self, plan: QueryPlan, query_vectors: np.ndarray, sources: list[Source], strengths: dict[str, float] | None = None,
        bar: float = ANSWER_BAR, within: Callable[[str], bool] | None = None, named: tuple[str, ...] = (),
        granted: bool = False,
    ) -> Evidence:
        """``query_vectors``: the question and its topic, as the retriever embedded them;
        ``strengths``: the retrieval's fused score per passage (chunk id); ``bar``: what an
        institution's best statement must score to answer (none, asked of a place alone);
        ``within``: which statements may answer (those that date something in a period);
        ``named``: institutions the question names together ("How do Cardiff and Edinburgh
        each ...?"): once found, each answers with at least its closest statement, as asked
        of one alone; ``granted``: taking for granted that each speaks to it (names.takes_for_granted)."""
        candidates = [(s, text) for s in sources for text in quotable_statements(s.passage) if not within or within(text)]
        topic = in_own_words(plan.text, plan.own_words, query_lexicon().domain) or plan.topic
        if not candidates:
            return Evidence(False, topic)
        texts = [text for _s, text in candidates]
        raw = self.store.statement_vectors(texts)
        keep = ~self.themes.restates_aim(raw, texts)
        centred = self.themes.center(raw)
        question = self.themes.center(query_vectors)
        asked = self.themes.asked(question, plan.text)
        weights, unused = self._concepts(plan)
        examples = self._examples(plan)
        similarity, words_shared, meaning = self._scores(plan, question, centred, texts, weights, examples)
        about = self._about(plan, question, similarity, words_shared, meaning, texts, weights, unused)
        # whether anything answers is judged on the question as asked; which statements
        # answer best, with the intervention it asks about (``ThemeIndex.toward``)
        toward = self.themes.toward(question, asked)
        ranking = meaning if toward is question else self._ranking(toward, centred, words_shared, examples)
        scores = ranking + PASSAGE * _relative_strength(candidates, strengths or {})
        scores += self.second.scores(plan.text, plan.topic, texts, _similarity) if self.second else 0.0
        if self.close:
            scores = self.close.adjust(plan.text, texts, scores, bar - RELATED_MARGIN, asked.description if asked else None)
        if bar > -math.inf and not granted and not _asked_of_named(plan):  # another prize than the one asked for does not answer
            scores = np.where(mention_the_names(plan, candidates), scores, np.minimum(scores, bar - 1e-3))
        scored = [
            (source, text, float(score), vector)
            for (source, text), score, vector, kept in zip(candidates, scores, centred, keep, strict=True)
            if kept
        ]
        # not found when a name no passage mentions is asked of, or nothing is close; asked of some
        # institutions alone (no bar), whatever they say answers, and of each named (granted), the closest
        unknown = _names_no_passage_names(plan, unused) if bar > -math.inf else ()
        far = not keep.any() or (bar > -math.inf and not granted and float(about[keep].max()) < FOUND_BAR)
        if far or _names_unknown_thing(plan, unused) or unknown:
            unnamed = written_stretches(plan.text, unknown) or unknown
            return Evidence(False, topic, related=self._nearest(scored, similarity[keep], asked), unnamed=unnamed)
        kind = asked_kind(plan.text)
        nearness = dict(zip(texts, about.tolist(), strict=True))
        return with_the_kind_asked(kind, _asked_of_named(plan), self._choose(topic, giving_the_kind_first(kind, scored, nearness), asked, bar, named))

    def _nearest(self, scored: list[Scored], similarity: np.ndarray, asked: InterventionTheme | None) -> list[Statement]:
        """When nothing is found: the best statement of each of the closest institutions
        at least a little about the topic by meaning (``WORDS_NEED_MEANING``), shown apart
        for the reader to judge (a lead's own words may miss what the corpus calls it)."""
        near = [item for item, close in zip(scored, similarity, strict=True) if close >= WORDS_NEED_MEANING]
        return [self._statement(group[0], asked) for group in _by_answerer(near)[:NEAREST]]

    def _scores(
        self, plan: QueryPlan, question: np.ndarray, centred: np.ndarray, texts: list[str], weights: dict[str, float],
        examples: list[np.ndarray],
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each statement's similarity in meaning, its coverage of the key concepts, and
        its whole score (meaning, words and themes)."""
        shared = np.array([counted(plan, coverage(plan.topics, weights, text), text) for text in texts])
        return _similarity(question, centred, examples), shared, self._ranking(question, centred, shared, examples)

    def _ranking(self, question: np.ndarray, centred: np.ndarray, shared: np.ndarray, examples: list[np.ndarray]) -> np.ndarray:
        similarity = _similarity(question, centred, examples)
        return similarity + LEXICAL * shared + THEMES * self._theme_agreement(question, centred)

    def _examples(self, plan: QueryPlan) -> list[np.ndarray]:
        """The question read once per example it lists (``listed.one_example_each``), each
        with its topic, embedded and centred as the question is."""
        asked = one_example_each(plan.text)
        if not asked:
            return []
        vectors = self.themes.center(self.store.embedder.embed([t for one in asked for t in (one, plan_query(one).topic)]))
        return [vectors[i : i + 2] for i in range(0, len(vectors), 2)]

    def _about(
        self, plan: QueryPlan, question: np.ndarray, similarity: np.ndarray, words_shared: np.ndarray,
        meaning: np.ndarray, texts: list[str], weights: dict[str, float], unused: frozenset[str],
    ) -> np.ndarray:
        """How far each statement is about the question, its passage's rank left out: its
        score with the words read in the question's sense, counted only where the
        statement is at least a little about the topic by meaning; a statement sharing no
        key concept so read counts only when it is close by meaning alone, as does every
        statement when the question names something by a name no passage uses. Before
        nothing is found, long statements are read clause by clause (``_closest_clause``;
        only then, as it embeds their clauses)."""
        sensed = np.array([counted(plan, sensed_coverage(plan, weights, text, unused), text) for text in texts])
        need = _words_need(plan, unused)
        close = similarity >= MEANING_ALONE
        named_nowhere = bool(_names_no_passage_names(plan, unused)) or _only_its_verb_is_used(plan, weights, unused)

        def weighed(closest: np.ndarray) -> np.ndarray:
            """The statements' aboutness for given closeness: each statement's own, or its
            closest clause's, which decides whether its shared words count."""
            counted_words = np.where(closest < need, 0.0, sensed)
            about = meaning - LEXICAL * words_shared + LEXICAL * counted_words
            return np.where(close if named_nowhere else (counted_words > 0) | close, about, -np.inf)

        about = weighed(similarity)
        if about.max() < FOUND_BAR:
            about = weighed(self._closest_clause(plan, question, similarity, sensed, texts, need, weights, unused))
        return about

    def _closest_clause(
        self, plan: QueryPlan, question: np.ndarray, similarity: np.ndarray, sensed: np.ndarray, texts: list[str],
        need: float, weights: dict[str, float], unused: frozenset[str],
    ) -> np.ndarray:
        """Each statement's similarity, or for a long one sharing the question's words yet
        too far in meaning, that of its closest clause sharing them, when that clause is
        close by meaning alone (``MEANING_ALONE``): a sentence listing several steps ("we
        opened a help desk, ran a careers fair, started a monthly newsletter and ...") is
        about as far from each as from none, though one clause is the thing asked for
        (stop 55: "a regular newsletter" was not found on a page that lists one)."""
        closest = similarity.copy()
        for i, text in enumerate(texts):
            if sensed[i] <= 0 or similarity[i] >= need or len(text.split()) < LONG_STATEMENT:
                continue
            clauses = [c for c in _CLAUSE_BREAK.split(text) if len(c.split()) >= 3 and sensed_coverage(plan, weights, c, unused) > 0]
            if not clauses:
                continue
            vectors = self.themes.center(self.store.statement_vectors(clauses))
            clause = float(_similarity(question, vectors).max())
            closest[i] = clause if clause >= MEANING_ALONE else similarity[i]
        return closest

    def _theme_agreement(self, question: np.ndarray, centred: np.ndarray) -> np.ndarray:
        """How far each statement reports the same kind of intervention as the question
        asks about; worth little when the question fits no theme of the taxonomy (a topic
        the taxonomy does not know is judged by similarity and words alone)."""
        question_profile = self.themes.profile(question).max(axis=0)
        statement_profiles = self.themes.profile(centred)
        agreement = statement_profiles @ question_profile / np.maximum(
            np.linalg.norm(statement_profiles, axis=1) * np.linalg.norm(question_profile), 1e-9
        )
        fit = float(np.clip((self.themes.fit(question) - FIT_LOW) / (FIT_HIGH - FIT_LOW), 0.0, 1.0))
        return fit * agreement

    def _concepts(self, plan: QueryPlan) -> tuple[dict[str, float], frozenset[str]]:
        """Each key concept's weight, its rarity in the corpus (a word only the message's
        context uses at ``CONTEXT_WEIGHT``), and the question's concepts no passage
        mentions in any of their forms (the chunks counted once per question: at 100k
        chunks a count takes milliseconds). A word of the asker's situation that no passage
        mentions (``QueryPlan.situation_words``: "volunteers in their spare moments" before
        "... coordinate it?") weighs as context and is not taken as a thing asked for
        that the corpus lacks (stop 52)."""
        total = max(self.store.catalog.count_chunks(), 1)
        weights = _context_weighed(plan, {t.word: self._rarity_of(t.word, total) for t in plan.topics})
        missing = {
            t.word for t in plan.topics
            if not _in_context(plan, t)
            and not any(self._frequency(alt, total) > 0 for alt in (*t.alternatives, *compared_bases(t.word)))
        }
        situation = {word for word in missing if set(word.split()) <= plan.situation_words}
        weights = {word: weight * (CONTEXT_WEIGHT if word in situation else 1.0) for word, weight in weights.items()}
        unused = frozenset(missing - situation)
        return weights, unused

    def _rarity_of(self, word: str, total: int) -> float:
        return max(math.log((total + 1) / (self._frequency(word, total) + 0.5)), 0.1)

    def _frequency(self, word: str, total: int) -> int:
        """Passages that mention ``word``, by word and corpus size (an ingest changes it)."""
        if (word, total) not in self._frequencies:
            self._frequencies[(word, total)] = self.store.catalog.document_frequency(word.replace("-", " "))
        return self._frequencies[(word, total)]

    def _choose(
        self, topic: str, scored: list[Scored], asked: InterventionTheme | None, bar: float, named: tuple[str, ...] = ()
    ) -> Evidence:
        answering: list[Statement] = []
        related: list[Statement] = []
        ranked = _by_answerer(scored)
        for group in ranked:
            best = group[0][2]
            if best >= bar and len({s.who for s in answering}) < MAX_INSTITUTIONS:
                answering.extend(self._statements(group, bar, asked))
            elif answerer(group[0][0]) in named:
                answering.append(replace(self._statement(group[0], asked), closest=True))
            elif best >= bar - RELATED_MARGIN and len(related) < MAX_RELATED:
                related.append(self._statement(group[0], asked))
        if not answering and related:  # about the topic, yet nothing answers squarely: say so
            return Evidence(True, topic, [s for group in ranked[: len(related)] for s in self._statements(group, bar - RELATED_MARGIN, asked)], [], weak=True)
        return Evidence(bool(answering), topic, answering, related)

    def _statements(self, group: list[Scored], bar: float, asked: InterventionTheme | None) -> list[Statement]:
        return [self._statement(item, asked) for item in quoted_of_one(group, bar, PER_INSTITUTION)]

    def _statement(self, item: Scored, asked: InterventionTheme | None) -> Statement:
        source, text, score, vector = item
        return Statement(source, text, score, self.themes.classify(vector, text, asked))


def _only_its_verb_is_used(plan: QueryPlan, weights: dict[str, float], unused: frozenset[str]) -> bool:
    """The thing the question asks for (senses.asked_thing) is a word no passage mentions,
    as is every key concept but the question's own verb ("Has anyone launched a
    *podcast*?"): a statement sharing the verb alone ("a launch event") shares nothing of
    what is asked about, so only one close by meaning answers, as when the question names
    something no passage names (stop 57)."""
    framed = framed_topics(plan)
    rest = set(weights) - framed
    lacking = {word for topic in rest & unused for word in topic.split()}
    asked = bool(plan.asked_for) and set(plan.asked_for) <= lacking and not plan.asks_count  # a count answers by its number
    return bool(framed) and bool(rest) and rest <= unused and asked


def _by_answerer(scored: list[Scored]) -> list[list[Scored]]:
    """The statements of each institution, best first; the institutions by their best."""
    by_who: dict[str, list[Scored]] = defaultdict(list)
    for item in sorted(scored, key=lambda item: -item[2]):
        by_who[answerer(item[0])].append(item)
    return sorted(by_who.values(), key=lambda group: -group[0][2])


def _names_unknown_thing(plan: QueryPlan, unused: frozenset[str]) -> bool:
    """The thing the question asks for (senses.asked_thing) is named by a compound of two
    words, one of which no passage of the corpus mentions in any form: the corpus cannot say
    what it never names ("What GCSE grades ...", "What hourly rate ..."), whatever else
    of the question it shares. One word asked for is often answered without it ("In what
    *year*": a date), so it alone decides nothing; nor, asked of institutions it names, does
    a compound: the asker's own words for their pages' ("long-running": "long-standing")."""
    return not _asked_of_named(plan) and len(plan.asked_for) == 2 and bool(set(plan.asked_for) & unused)


def _names_no_passage_names(plan: QueryPlan, unused: frozenset[str]) -> tuple[str, ...]:
    """The names the question writes that no passage mentions ("train technicians to use
    AI", "through the Kickstart scheme", "in a TEF submission"): the words it shares with a
    statement are the rest of the question, around a thing the corpus never names, so
    nothing answers it (stop 46; until then a statement about it by meaning alone did: "the
    government's Skills Bootcamps" was answered by "young adults"). A name it lists among
    others or gives as an example of a kind does not count (``message.written_names``)."""
    return tuple(name for name in plan.names if any(name == word or name in word.split() for word in unused))


def _in_context(plan: QueryPlan, topic: Topic) -> bool:
    """Whether only the message's context names the concept, not its question."""
    return set(topic.word.split()) <= plan.context_words


def _context_weighed(plan: QueryPlan, weights: dict[str, float]) -> dict[str, float]:
    """A concept only the context names weighs ``CONTEXT_WEIGHT`` of its rarity: it says
    what the asker has or what the question refers to, not what is asked ("We already run
    school visits. Has anyone reached the wider public?")."""
    return {t.word: weights[t.word] * (CONTEXT_WEIGHT if _in_context(plan, t) else 1.0) for t in plan.topics}


def _similarity(question: np.ndarray, centred: np.ndarray, examples: list[np.ndarray] = ()) -> np.ndarray:
    """Each statement's closeness to the question's topic and, less, to the whole question;
    for a question listing examples, the closest reading of it counts (one example each)."""
    closeness = (1 - QUESTION_SHARE) * (centred @ question[-1]) + QUESTION_SHARE * (centred @ question[0])
    for example in examples:
        closeness = np.maximum(closeness, _similarity(example, centred))
    return closeness


def _words_need(plan: QueryPlan, unused: frozenset[str]) -> float:
    """How close in meaning a statement must be for its shared words to count. More when
    the question names something no passage mentions in any form, not its own verb or a
    past participle ("when a post is *filled*"): its shared words are then only part of
    what is asked ("an allowance for work clothing" is not answered by "uniform across
    the university"). Not so asked of institutions it names (one, stop 48; or more, stop 50):
    such a word is then more often the asker's own for what their pages say ("*in charge of*
    Chester's work": its steering group) than a thing the pages lack. Asked of them, a
    statement of theirs sharing the question's words needs less meaning besides
    (``WORDS_NEED_NAMED``; stop 54: "What did Keele do to make technicians more *visible*?"
    was not found, its pages' visibility sentences a hair under the general floor)."""
    if _asked_of_named(plan):
        return WORDS_NEED_NAMED
    names_more = {w for w in unused - plan.frames if not is_past_participle(w)}
    return WORDS_NEED_MORE_MEANING if names_more else WORDS_NEED_MEANING


def _relative_strength(candidates: list[tuple[Source, str]], strengths: dict[str, float]) -> np.ndarray:
    """Each statement's passage score as a share of the best passage's (0 when unknown)."""
    values = np.array([max(strengths.get(source.chunk_id, 0.0), 0.0) for source, _text in candidates])
    top = values.max() if len(values) else 0.0
    return values / top if top > 0 else values


def _asked_of_named(plan: QueryPlan) -> bool:  # one institution, or some named together
    return bool(plan.focus or plan.compared)
