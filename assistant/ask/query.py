"""Query understanding: content words, domain synonyms, a pillar hint, any institution
the question names (assistant/ask/names.py, matched against the institutions the store
knows), how its words are used (compounds, its own verb, the thing it asks for: senses.py),
and the context around it."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache

from assistant.ask.message import (
    asking_sentence,
    asks_count,
    named_terms,
    said_before_asking,
    set_aside,
    split_context,
    without_comparing,
    without_frame,
    without_greeting,
    written_names,
)
from assistant.ask.names import named_institutions
from assistant.ask.senses import asked_thing, question_senses
from assistant.ask.words import AUXILIARY, stem, words
from domain import DATA_DIR, load_template
from domain.text import acronyms


@dataclass(frozen=True)
class Lexicon:
    """Synonym groups (domain vocabulary, each with its source) and the words that say
    nothing about a question's topic (a general English list plus the corpus's own
    subject words)."""

    groups: tuple[tuple[str, ...], ...]
    generic: frozenset[str]
    sources: tuple[str, ...] = ()
    domain: frozenset[str] = frozenset()  # the corpus's own subject words ("technicians", "institutions")
    subjects: frozenset[str] = frozenset()  # other words for the institutions, a topic as often ("signatories")
    purpose: frozenset[str] = frozenset()  # "aims", "trying to achieve": no topic when asked of a named institution
    phrases: tuple[str, ...] = ()  # function phrases whose words are no topic ("in order to", "due to")


@cache
def query_lexicon() -> Lexicon:
    with (DATA_DIR / "synonyms.toml").open("rb") as handle:
        synonyms = tomllib.load(handle)
    with (DATA_DIR / "stopwords.toml").open("rb") as handle:
        stopwords = tomllib.load(handle)
    groups = synonyms["group"]
    generic = frozenset(w.lower() for w in (*stopwords["english"], *stopwords["domain"]))
    domain = frozenset(w.lower() for w in stopwords["domain"])
    subjects = frozenset(w.lower() for w in stopwords["subjects"])
    purpose = frozenset(w.lower() for w in stopwords["purpose"])
    phrases = tuple(stopwords["phrases"])
    return Lexicon(tuple(tuple(g["terms"]) for g in groups), generic, tuple(g["source"] for g in groups), domain, subjects, purpose, phrases)


@dataclass(frozen=True)
class Topic:
    """A content word of the question and the domain synonyms that also count for it."""

    word: str
    alternatives: tuple[str, ...]


@dataclass(frozen=True)
class QueryPlan:
    text: str
    content_words: tuple[str, ...]  # what the question is about, generic words removed
    expansions: tuple[str, ...]  # synonyms and phrases from the domain lexicon
    pillar: str | None = None  # a hint from the question's vocabulary, never a filter
    institutions: tuple[str, ...] = field(default_factory=tuple)  # named in the question
    across: bool = False  # it asks which institutions do something: a name in it is context
    topics: tuple[Topic, ...] = field(default_factory=tuple)
    compounds: tuple[tuple[str, str], ...] = ()  # content words read as one concept (question_senses)
    frames: frozenset[str] = frozenset()  # content words that frame the question rather than name its topic
    context: str = ""  # what the message says around its question ("Our plan has just been signed off.")
    context_words: frozenset[str] = frozenset()  # content words only the context uses
    # content words only the sentences before a question that refers back to them use ("Our
    # Commitment work is done by volunteers in their spare moments." before "... coordinate it?"),
    # or a clause opening the asking sentence ("When Covid hit, ...")
    situation_words: frozenset[str] = frozenset()
    asked_for: tuple[str, ...] = ()  # what it asks for, right after "what", "which", "any"
    names: tuple[str, ...] = ()  # the words its asking sentence writes as names ("AI", "Kickstart")
    set_aside: tuple[str, ...] = ()  # institutions it sets aside ("Apart from Oxford, ..."): they do not answer

    @property
    def focus(self) -> str | None:
        """The one institution the question is about, if it names exactly one and does not
        ask which institutions ("Which universities joined together in the Edinburgh
        Technical Collaboration?" is not about the University of Edinburgh alone)."""
        return self.institutions[0] if len(self.institutions) == 1 and not self.across else None

    @property
    def compared(self) -> tuple[str, ...]:
        """The institutions a question names together and is about ("What did Nottingham
        and UCL do on apprenticeships?"): its answer comes from them alone (stop 30)."""
        return self.institutions if len(self.institutions) >= 2 and not self.across else ()

    @property
    def own_words(self) -> list[str]:
        """Its content words, less those only its context uses."""
        return [w for w in self.content_words if w not in self.context_words]

    @property
    def topic(self) -> str:
        """What the question is about, for embedding: its own content words; with its
        context's when it names nothing itself ("How have others made up theirs?" after "We
        want our steering group to cover the whole university."); the whole question when
        it has none, or when every one is the question's own verb ("How have institutions
        defined who counts as a technician?": "defined counts" names no subject; the words
        it acts on were generic)."""
        own = self.own_words
        if own and not set(own) <= self.frames:
            return " ".join(own)
        if not own and self.context_words:
            return " ".join(self.content_words)
        return self.text

    @property
    def keyword_text(self) -> str:
        return " ".join((*self.content_words, *self.expansions))

    @property
    def stems(self) -> frozenset[str]:
        return frozenset(stem(w) for w in self.content_words)

    @property
    def asks_count(self) -> bool:
        """It asks how many (``message.asks_count``): a number answers it, whatever its words."""
        return asks_count(self.text)


def _expansions(content: Iterable[str], text: str) -> tuple[str, ...]:
    stems = {stem(w) for w in content}
    lowered = " ".join(words(text))
    extra: list[str] = []
    for group in query_lexicon().groups:
        if any(_member_matches(member, stems, lowered) for member in group):
            extra.extend(m for m in group if m.lower() not in extra)
    return tuple(extra)


def _member_matches(member: str, stems: set[str], lowered_text: str) -> bool:
    parts = words(member)
    if len(parts) == 1:
        return stem(parts[0]) in stems
    return " ".join(parts) in lowered_text


def _topics(content: Iterable[str], text: str = "") -> tuple[Topic, ...]:
    """One topic per content word, or per domain phrase the question uses ("public
    engagement" is one concept: its words alone would find "publication"). A hyphenated
    compound ("four-day") must be found as a phrase; its synonyms are those of its head
    word ("job-shadowing" -> "shadowing")."""
    content = list(content)
    topics, used = _phrase_topics(content, text)
    for word in content:
        if word in used:
            continue
        parts = word.split("-")
        phrase, head = " ".join(parts), parts[-1]
        alternatives = [phrase, "".join(parts)] if len(parts) > 1 else [phrase]  # "Covid-19" as "COVID19"
        for group in query_lexicon().groups:
            if any(len(words(m)) == 1 and stem(words(m)[0]) in (stem(head), stem(word)) for m in group):
                alternatives.extend(m for m in group if m not in alternatives)
        topics.append(Topic(word, tuple(alternatives)))
    return tuple(topics)


def _phrase_topics(content: list[str], text: str) -> tuple[list[Topic], set[str]]:
    """Topics for the lexicon's multi-word terms written in the question whose words are
    all content words, each with its group's terms; and the words they take up."""
    lowered = f" {' '.join(words(text))} "
    topics: list[Topic] = []
    used: set[str] = set()
    members = sorted({m for group in query_lexicon().groups for m in group if len(words(m)) > 1}, key=len, reverse=True)
    for member in members:
        parts = words(member)
        if f" {' '.join(parts)} " not in lowered or not set(parts) <= set(content) - used:
            continue
        group = next(g for g in query_lexicon().groups if member in g)
        # a word of the phrase alone is broader than the phrase ("TALENT" for "TALENT Commission")
        others = (m for m in group if m != member and not (len(words(m)) == 1 and words(m)[0] in parts))
        topics.append(Topic(" ".join(parts), (" ".join(parts), *others)))
        used |= set(parts)
    return topics, used


def _pillar_hint(stems: set[str]) -> str | None:
    best, best_hits = None, 0
    for pillar in load_template().themes:
        vocabulary = {stem(w) for phrase in (*pillar.keywords, pillar.name) for w in words(phrase)}
        hits = len(stems & vocabulary)
        if hits > best_hits:
            best, best_hits = pillar.id, hits
    return best


_ASKS_WHICH_INSTITUTIONS = re.compile(
    r"\b(?:which|what)\s+(?:other\s+)?(?:universities|institutions|institutes|organi[sz]ations|places|employers|signatories)\b",
    re.IGNORECASE,
)


def plan_query(text: str, known_institutions: Iterable[str] = ()) -> QueryPlan:
    lexicon = query_lexicon()
    named = named_institutions(text, known_institutions)  # as the whole message writes them ("reading" is no name)
    aside = tuple(name for name in named_institutions(set_aside(text), known_institutions) if name in named)
    institutions = tuple(name for name in named if name not in aside)
    # a named institution's words, and its initials, say who and not what about
    institution_words = {w for name in institutions for w in (*words(name), *acronyms(name))}
    message = text
    text, context = split_context(without_greeting(message))
    across = bool(_ASKS_WHICH_INSTITUTIONS.search(text))
    # what a named institution aims or tries to do is its work as a whole, no topic
    not_topic = institution_words | (lexicon.purpose if institutions and not across else frozenset())
    # a word named as a word is what is asked about; how the answer is laid out is not (message.py)
    terms = named_terms(text)
    if len(institutions) > 1:  # what each says, set side by side, answers a comparison of them
        text = without_comparing(text)
    asked = _content(" ".join(terms) if terms else without_frame(text), lexicon, not_topic)
    content = tuple(dict.fromkeys((*asked, *_content(without_frame(context), lexicon, not_topic))))
    stems = {stem(w) for w in content}
    compounds, frames = question_senses(
        without_frame(message, corpus="they"), content, lexicon.domain, lexicon.subjects, institution_words
    )
    return QueryPlan(
        text=text,
        content_words=content,
        expansions=_expansions(content, message),
        pillar=_pillar_hint(stems),
        institutions=institutions,
        across=across,
        topics=_topics(content, message),
        compounds=compounds,
        frames=frames,
        context=context,
        context_words=frozenset(content[len(asked):]),
        situation_words=_situation_words(text, context, asked, lexicon, not_topic),
        asked_for=asked_thing(text, asked, lexicon.domain | lexicon.subjects),
        names=tuple(n for n in written_names(asking_sentence(text)) if n in asked),
        set_aside=aside,
    )


def _situation_words(text: str, context: str, asked: tuple[str, ...], lexicon: Lexicon, not_topic: set[str]) -> frozenset[str]:
    """The words of the sentences before a question that refers back to them (``context``
    is empty: ``split_context`` kept the message whole) and that its asking sentence does not
    use: the asker's situation, read with the question, as its pronoun needs them, yet not
    what it asks for; so are those of a clause opening the asking sentence ("When Covid
    hit, did anybody keep ...?": stop 53). None when the asking sentence names nothing
    itself ("Does anyone do this?"): the sentence before is then what is asked."""
    before = "" if context else said_before_asking(text)
    sentence = asking_sentence(text)
    opening = _OPENING_CLAUSE.match(sentence)
    if opening:  # "When Covid hit, did anybody ...?": the clause sets the scene
        before, sentence = f"{before} {opening.group(1)}", sentence[opening.end():]
    asking = set(_content(without_frame(sentence), lexicon, not_topic))
    if not before.strip() or not asking:
        return frozenset()
    return frozenset(w for w in _content(without_frame(before), lexicon, not_topic) if w not in asking and w in asked)


# a clause opening the asking sentence on a conjunction, up to its comma ("When Covid hit, ..."),
# not a question word's own question ("When did ...")
_OPENING_CLAUSE = re.compile(
    rf"^\s*((?:when|while|whilst|after|before|once|since|as|if|because|although|though|until)\b(?!\s+{AUXILIARY}\b)[^,;?]*),",
    re.IGNORECASE)


def _content(text: str, lexicon: Lexicon, not_topic: set[str]) -> tuple[str, ...]:
    """The words that say what the text is about: not generic, not a named institution's
    (nor, asked of one, its aims: ``not_topic``), nor of a function phrase ("in order to")."""
    plain = (w.removesuffix("'s") for w in words(_function_phrases(lexicon.phrases).sub(" ", text)))
    return tuple(dict.fromkeys(w for w in plain if w not in lexicon.generic and w not in not_topic))


@cache
def _function_phrases(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b" if phrases else r"(?!)", re.IGNORECASE)


def with_pillar_activities(plan: QueryPlan) -> QueryPlan:
    """A question about a whole pillar ("How have others made technicians more visible?",
    "... a sustainable workforce?") asks about the pillar's activities: the concept that
    names a one-word pillar (by stem, with its lexicon forms) counts every activity the
    template lists for it (domain/data/pillars.toml keywords) as a mention, and the search
    looks for them too. For the retriever to call only when the question asks about no
    single intervention of the taxonomy (a question about succession planning under the
    sustainability theme is about succession planning)."""
    topics = list(plan.topics)
    extra: list[str] = []
    for pillar in load_template().themes:
        if len(words(pillar.name)) != 1:
            continue
        name = stem(words(pillar.name)[0])
        for index, topic in enumerate(topics):
            forms = {stem(w) for alt in topic.alternatives for w in words(alt) if len(words(alt)) == 1}
            if name in forms:
                added = tuple(k for k in pillar.keywords if k not in topic.alternatives)
                topics[index] = Topic(topic.word, (*topic.alternatives, *added))
                extra.extend(added)
    if not extra:
        return plan
    return with_expansions(replace(plan, topics=tuple(topics)), extra)


def with_expansions(plan: QueryPlan, terms: Iterable[str]) -> QueryPlan:
    """The plan also searched with ``terms``, each once (case aside)."""
    known = {e.lower() for e in plan.expansions}
    added = dict.fromkeys(t for t in terms if t.lower() not in known)
    return replace(plan, expansions=(*plan.expansions, *added)) if added else plan
