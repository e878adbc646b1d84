"""The extractive composer: quotes the statements that answer the question (chosen by
``assistant/ask/evidence.py``), the strongest few first, the rest grouped under themes of
the domain's taxonomy, and cites each one. It writes no claim of its own: every point is
a verbatim statement of a source; the overview line counts institutions, and theme
labels come from the taxonomy (or, for statements no theme fits, from a phrase they
share)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import replace

from assistant.answer import Answer, Citation, Related, Source
from assistant.ask.compose.base import ComposeRequest
from assistant.ask.evidence_data import Evidence, Statement
from assistant.ask.query import query_lexicon
from assistant.ask.words import words
from ingest.statements import is_cut

OTHER = "Other examples"
UNTHEMED_FIRST = "Examples"  # the statements of no theme, when they open the answer
NO_THEME = (OTHER, UNTHEMED_FIRST)  # labels that name no theme
LEAD = "Closest answers"
CLOSEST_NAMED = "Closest passages of the others named"  # below the bar, of institutions the question names
LEAD_SIZE = 3  # institutions whose best statement opens a long answer, whatever its theme
LEAD_MIN_INSTITUTIONS = 5  # a shorter answer is read whole at a glance: themes only
MAX_THEMES_OF_ONE = 4  # with more themes than this, themes of a single statement join OTHER
STOPWORDS = frozenset(
    "a an and are as at be been by for from has have in into is it its of on or that the their "
    "this to was were will with which who our we us they them these those also such than then "
    "there where when while within without over under more most some any each other".split()
)


def giving_first(statements: list[Statement]) -> list[Statement]:
    """For a question only one kind of item answers ("How long do action plans run?"),
    the statements giving it (``Statement.gives_asked``) before the rest, each in its
    order: an answer should open on "a 36-month action plan", not on how a plan was
    written."""
    return sorted(statements, key=lambda s: not s.gives_asked)


def group_by_theme(statements: list[Statement]) -> tuple[list[list[Statement]], list[str]]:
    """Statements under taxonomy themes, best theme first (for a question asking one
    kind of item, a theme with a statement giving it first); statements of no theme, and
    lone statements when the answer has many themes, gather under a phrase they share or
    under "Other examples", last unless only they give the kind asked or they hold the
    strongest statement of the answer."""
    themed: dict[str, list[Statement]] = defaultdict(list)
    rest: list[Statement] = []
    for statement in giving_first(statements):
        if statement.theme is None:
            rest.append(statement)
        else:
            themed[statement.theme.id].append(statement)
    groups = sorted(themed.values(), key=lambda g: (not g[0].gives_asked, -max(s.score for s in g)))
    if len(groups) > MAX_THEMES_OF_ONE:
        rest.extend(s for g in groups if len(g) == 1 for s in g)
        groups = [g for g in groups if len(g) > 1]
    labels = [g[0].theme.label for g in groups]
    if rest:
        rest.sort(key=lambda s: (not s.gives_asked, -s.score))
        label = shared_phrase(rest, forbidden=_names(statements), taken=labels) if len(rest) > 1 else ""
        # the statements of no theme come last, unless they alone give what is asked or hold the
        # strongest statement of all (stop 52: "received the Hartley Medal" came after other awards)
        strongest = rest[0].score > max((s.score for g in groups for s in g), default=float("-inf"))
        first = not any(g[0].gives_asked for g in groups) and (rest[0].gives_asked or strongest)
        at = 0 if first else len(groups)
        groups.insert(at, rest)
        labels.insert(at, label or (OTHER if at else UNTHEMED_FIRST))
    return groups, labels


def lead_statements(statements: list[Statement]) -> list[Statement]:
    """The best statement of each of the ``LEAD_SIZE`` strongest institutions, to open an
    answer from many institutions: grouped by theme alone, a large first theme's weaker
    members would come before another theme's strongest statement. Strongest by two
    views at once, their ranks summed (no weight to choose): the institution's best
    statement and its best passage as retrieval ranked it (a sentence can sound like the
    question, "the technical leadership wanted ...", in a passage about something else);
    for a question asking one kind of item, the institutions whose best statement gives it
    first."""
    if len({s.who for s in statements}) < LEAD_MIN_INSTITUTIONS:
        return []
    best: dict[str, Statement] = {}  # each institution's best statement, strongest first
    passage: dict[str, int] = {}  # each institution's best retrieval rank
    for statement in sorted(statements, key=lambda s: -s.score):
        best.setdefault(statement.who, statement)
        passage[statement.who] = min(passage.get(statement.who, statement.source.n), statement.source.n)
    statement_rank = {who: rank for rank, who in enumerate(best)}
    passage_rank = {who: rank for rank, who in enumerate(sorted(best, key=passage.__getitem__))}
    order = sorted(best, key=lambda who: (
        not best[who].gives_asked, statement_rank[who] + passage_rank[who], statement_rank[who]))
    return [best[who] for who in order[:LEAD_SIZE]]


def _names(statements: list[Statement]) -> set[str]:
    """Words of the institutions' names: never a theme label."""
    return {w for s in statements for w in words(s.who)}


def _phrases(sentence: str, generic: frozenset[str]) -> set[str]:
    """Word n-grams (2-3) that start and end on a content word, and are no infinitive."""
    tokens = [w for w in words(sentence) if not w.isdigit()]
    found = set()
    for n in (2, 3):
        for i in range(len(tokens) - n + 1):
            gram = tokens[i : i + n]
            if gram[0] in generic or gram[-1] in generic or len(gram[0]) < 2 or len(gram[-1]) < 3:
                continue
            if "to" in gram[1:-1]:  # "aims to ensure", "critical to ensure": a verb phrase, not a topic
                continue
            found.add(" ".join(gram))
    return found


def shared_phrase(statements: list[Statement], forbidden: set[str], taken: list[str]) -> str:
    """A phrase of two or three words that most of the statements' institutions use (one
    institution's own wording, or a sentence quoted twice with its neighbour, names
    nothing the group shares), naming no institution and not already said by a label
    ("professional registration" beside "Support with professional registration"); ""
    when they share none."""
    generic = query_lexicon().generic | STOPWORDS
    by_who: dict[str, set[str]] = defaultdict(set)
    for statement in statements:
        by_who[statement.who] |= _phrases(statement.text, generic)
    counts = Counter(p for phrases in by_who.values() for p in phrases)
    taken_folded = {t.lower() for t in taken}
    candidates = [
        p for p, count in counts.items()
        if count >= max(2, (len(by_who) + 1) // 2) and not set(p.split()) & forbidden
        and not any(p in label for label in taken_folded)
    ]
    if not candidates:
        return ""
    best = max(sorted(candidates), key=lambda p: (counts[p], len(p.split())))
    return _as_written(best, [s.text for s in statements])


def _as_written(phrase: str, sentences: list[str]) -> str:
    """The phrase with the capitals a source used ("T Level", not "t level")."""
    pattern = re.compile(r"\b" + r"[\s-]+".join(map(re.escape, phrase.split())) + r"\b", re.IGNORECASE)
    for sentence in sentences:
        match = pattern.search(sentence)
        if match:
            return match.group(0)
    return phrase


_BULLET = re.compile(r"^[•▪◦*–]\s+")


def _quote(sentence: str) -> str:
    """The statement as quoted, without a list's bullet; one its passage cut mid-sentence
    ends with "…"."""
    quoted = _BULLET.sub("", sentence.strip()).strip('"“”')
    return f"{quoted} …" if is_cut(quoted) else quoted


def _heading(label: str) -> str:
    return f"**{label[:1].upper() + label[1:]}**"


def render(
    groups: list[list[Statement]], labels: list[str], weak: bool = False, lead: list[Statement] | None = None,
    place: str = "", closest: list[Statement] | None = None,
) -> tuple[str, list[Citation]]:
    """Markdown: the overview line, the lead (each point with its theme), then each
    theme's other points, then the closest passages of institutions the question named
    that do not answer squarely (``closest``), with [n] citations; a passage quoted twice
    keeps one number and both statements in its citation."""
    numbers: dict[str, int] = {}
    quotes: dict[int, list[str]] = defaultdict(list)
    sources: dict[int, Source] = {}
    lead, closest = lead or [], closest or []
    institutions = sorted({s.who for group in groups for s in group})
    themes = [(label, len({s.who for s in group})) for group, label in zip(groups, labels, strict=True)]
    label_of = {id(s): label for group, label in zip(groups, labels, strict=True) for s in group}
    in_lead = {id(s) for s in lead}
    sections = [(LEAD, lead)] if lead else []
    sections += [(label, [s for s in group if id(s) not in in_lead]) for group, label in zip(groups, labels, strict=True)]
    sections += [(CLOSEST_NAMED, closest)]
    sections = [(label, points) for label, points in sections if points]
    lines = [overview(institutions, themes, weak, place, sorted({s.who for s in closest}))]
    for label, points in sections:
        lines.append("")
        if len(sections) > 1:
            lines.append(_heading(label))
        for statement in points:
            n = numbers.setdefault(statement.source.chunk_id, len(numbers) + 1)
            sources[n] = replace(statement.source, n=n)
            quotes[n].append(statement.text)
            theme = label_of[id(statement)] if label == LEAD and label_of[id(statement)] not in NO_THEME else ""
            tag = f" (*{theme}*)" if theme else ""
            lines.append(f"- **{statement.who}**{tag}: “{_quote(statement.text)}” [{n}]")
    citations = [Citation(n, sources[n], " … ".join(quotes[n])) for n in sorted(sources)]
    return "\n".join(lines), citations


def overview(
    institutions: list[str], themes: list[tuple[str, int]], weak: bool = False, place: str = "", closest: list[str] | None = None,
) -> str:
    """One line: how many institutions answer (of the place asked about, if any), and the
    themes with how many each; a weak answer (nothing clears the bar) says that its
    institutions only may address it; institutions the question named that do not answer
    squarely (``closest``) are said to be shown by their closest passage."""
    count = len(institutions)
    noun = "1 institution" if count == 1 else f"{count} institutions"
    verb = "may address" if weak else ("addresses" if count == 1 else "address")
    named = [f"*{label}* ({n})" for label, n in themes if label and label not in NO_THEME][:5]
    tail = " (the closest passages; none answers it squarely)" if weak else ""
    if closest:
        tail += f"; for {' and '.join(closest)}, the closest passage is shown, not squarely about it"
    where = f"in the corpus ({place})" if place else "in the corpus"
    return f"**{noun}** {where} {verb} this{tail}" + (f". Themes: {', '.join(named)}." if named else ".")


def related_of(evidence: Evidence | None) -> list[Related]:
    return [Related(s.who, s.text, s.source) for s in (evidence.related if evidence else [])]


class ExtractiveComposer:
    name = "extractive"

    def compose(self, request: ComposeRequest) -> Answer:
        evidence = request.evidence
        if evidence is None or not evidence.found:
            return not_found_answer(request)
        squarely = [s for s in evidence.statements if not s.closest]
        closest = [s for s in evidence.statements if s.closest]
        weak = evidence.weak or not squarely
        if not squarely:  # no institution named answers squarely: their closest passages, as a weak answer
            squarely, closest = closest, []
        groups, labels = group_by_theme(squarely)
        lead = [] if weak else lead_statements(squarely)
        text, citations = render(groups, labels, weak, lead, evidence.place, closest)
        return Answer(
            question=request.question,
            text=text,
            citations=citations,
            found=True,
            sources=request.sources,
            themes=[label for label in labels if label not in NO_THEME],
            institutions=sorted({s.source.institution for s in squarely if s.source.institution}),
            related=related_of(evidence),
            closest=sorted({s.who for s in closest}),
        )

    def stream(self, request: ComposeRequest) -> Iterator[str | Answer]:
        answer = self.compose(request)
        yield answer.text
        yield answer


def unheld_note(unheld: tuple[str, ...], mark: str = "") -> str:
    """Institutions asked of that the store holds nothing of (names.unheld_institutions);
    ``mark``: the Markdown emphasis around their names."""
    it = "it" if len(unheld) == 1 else "them"
    return f"The corpus holds no document from {mark}{' or '.join(unheld)}{mark}, and no passage mentions {it}"


def _nearest_note(evidence: Evidence | None) -> str:
    """What a "nothing found" answer shows apart: the institutions of other kinds that do
    answer, when the kind asked of has nothing; else the closest passages, if any."""
    if evidence and evidence.other_kinds:
        if len(evidence.related) == 1:
            return " 1 institution of another kind does; its closest passage is listed apart, for you to judge."
        return (f" {len(evidence.related)} institutions of other kinds do; each one's closest passage is listed apart, "
                "for you to judge.")
    return " The closest passages are listed apart as possibly related, for you to judge." if related_of(evidence) else ""


def not_found_answer(request: ComposeRequest) -> Answer:
    """Nothing in the corpus is about the question's topic: say so, naming the topic."""
    evidence = request.evidence
    topic = evidence.topic if evidence else request.plan.topic
    where = f" from *{evidence.place}*" if evidence and evidence.place else ""
    if evidence and evidence.nobody_there:
        text = (f"The corpus holds no institution of *{evidence.place}* (by the register of UK institutions, "
                "domain/data/institutions.toml). Add their documents, or ask without the place.")
    elif evidence and evidence.unheld:
        it, does, its = ("it", "it does", "its") if len(evidence.unheld) == 1 else ("them", "they do", "their")
        others = " What other institutions say on it is listed apart, for you to judge." if related_of(evidence) else ""
        text = (f"{unheld_note(evidence.unheld, '*')}, so I cannot say what {does} about *{topic}*.{others} "
                f"Add {its} documents to ask of {it}.")
    elif evidence and evidence.missing:
        text = (f"I found passages about *{topic}*, but none gives {evidence.missing}: the closest are listed "
                "apart as possibly related. Try other words, or add documents that state it.")
    elif evidence and evidence.unnamed:
        text = (
            f"No passage of the corpus mentions *{'* or *'.join(evidence.unnamed)}*, so I found nothing{where} about "
            f"*{topic}*.{_nearest_note(evidence)} Try other words, or add documents that cover it."
        )
    else:
        text = (
            f"I found nothing in the corpus{where} about *{topic}*: no passage is about it.{_nearest_note(evidence)} "
            "Try other words, remove filters, or add documents that cover it."
        )
    return Answer(
        question=request.question, text=text, citations=[], found=False, sources=request.sources,
        related=related_of(evidence),
    )
