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
from functools import cache, cached_property
from itertools import groupby

from assistant.ask.query import query_lexicon, words
from domain import PILLAR_IDS, Template, fold, load_template
from domain.text import find_phrase
from ingest.chunk import split_sentences
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
MAX_TITLE_WORDS = 8

# Verbs that say someone did (or runs) something; a sentence without one reports no action.
_ACTION_VERB = re.compile(
    r"\b(?:establish(?:ed|es|ing)?|launch(?:ed|es|ing)?|creat(?:ed|es|ing|ion)|introduc(?:ed|es|ing|tion)|"
    r"held|holds|host(?:ed|s|ing)?|ran|runs?|running|employ(?:ed|s)|appoint(?:ed|s)|recruit(?:ed|s|ing|ment)|"
    r"develop(?:ed|s|ing)?|publish(?:ed|es)|pilot(?:ed|s|ing)|fund(?:ed|s)|sponsor(?:ed|s)|organis(?:ed|es)|"
    r"offer(?:ed|s)?|support(?:ed|s|ing)?|implement(?:ed|s)|began|start(?:ed|s)|set up|t[ao]ken on|took on|"
    r"formed|designed|built|deliver(?:ed|s)|expand(?:ed|s)|extend(?:ed|s)|embedded|provid(?:ed|es)|won|"
    r"awarded|nominated|initiated|promot(?:ed|es|e)|encourag(?:ed|es|e)|approved|achieved|increased|"
    r"continued|secured|trained|partnered|participated|paid|pays|reimburs(?:ed|es)|operat(?:ed|es)|"
    r"joined|signed up|mapped|identified)\b",
    re.IGNORECASE,
)
# Nouns of things an institution can set up; with a verb they make a sentence an action.
_ACTIVITY_NOUNS = (
    "programme", "scheme", "fund", "award", "awards", "network", "forum", "event", "events",
    "conference", "showcase", "placement", "placements", "apprentice", "apprentices",
    "apprenticeship", "newsletter", "policy", "guidance", "pathway", "framework", "training",
    "mentoring", "register", "app", "hub", "webpage", "website", "prize", "category",
    "secondment", "secondments", "champion", "cohort", "sessions", "workshop", "workshops",
)
MAX_PHRASE_WORDS = 6
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’&-]*")
# Keyword words that name a topic, a body or the people, not a thing done: never the
# head of an activity phrase (they still classify pillars).
_NOT_A_HEAD = frozenset(
    "commitment development technicians technician staff support council celebrate celebrating "
    "profile schools retirement retention progression promotion pipeline levy".split()
)
# Words of institutions' names that also name things ("Science Council", "Research Office").
_COMMON_NAME_WORDS = frozenset(
    "university of the institute college school science sciences research technology medicine "
    "centre center and for london".split()
)
# A phrase holding one of these names the initiative itself, not an action under it.
_NOT_IN_TITLE = frozenset({"commitment"})
# Words that never sit inside a phrase naming an activity.
STOPWORDS = frozenset(
    "a an the our its their his her this these those that which who whom whose where when to for "
    "with as in by from and or but across within at on of since through so because while into "
    "onto over under is are was were be been being has have had will would can could should may "
    "might must we they it he she i you us them also not no all any each every both such than "
    "then there here".split()
)
# Words that may open a phrase but say nothing about the activity: dropped from its start.
_FILLERS = frozenset(
    "two three four five six seven eight nine ten several multiple many first second new "
    "regular further more some additional various own key".split()
)
_TITLE_BOUNDARY = frozenset(
    "across within in for to by with through at so that which as and from on of".split()
)
_FIGURE = re.compile(r"\d+(?:[.,]\d+)?\s*%|£\s?\d|\b\d{1,3}(?:,\d{3})+\b|\b(?!(?:19|20)\d{2}\b)\d+\b")
_NUMBER_WORDS = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|fifty|hundred)\b",
    re.IGNORECASE,
)
_POINT_PREFIX = re.compile(r"^\s*(?:Point|Recommendation)\s+\d+\s*[–—:-]?\s*")
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
        activity = _clean(row["activity"] or "")
        description = _clean(row["description"] or "")
        if document is None or not (activity or description):
            continue
        found.append(ActionCandidate(
            kind=PLAN, title=label_title(activity or description, document.institution), text=description or activity,
            pillar=row["pillar"], institution=document.institution,
            doc_id=document.doc_id, document=document.title or document.file, page=row["page"],
            labelled=bool(activity), start=_date(row["start"]), end=_date(row["end"]),
            ongoing=bool(row["start"]) and not row["end"], owner=_clean(row["owner"] or ""),
            success_measure=_clean(row["success_measure"] or ""),
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
        header = [_clean(h) for h in text[: separator.start()].rstrip().rstrip("|").split("|")[-width:]]
        tokens = text[separator.end():].split("|")
        index = 0
        while index + width < len(tokens) and not tokens[index].strip():
            cells = [_clean(t) for t in tokens[index + 1 : index + 1 + width]]
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
        sentence = _sentence_around(text, match.start())
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
        for sentence in split_sentences(_POINT_PREFIX.sub("", line.strip(" •-*\t"))):
            phrases = activity_phrases(sentence, template) if is_action_sentence(sentence, template) else []
            hints = [heading_pillar] if heading_pillar else section_pillars
            pillar = classify_pillar(sentence, template, prefer=hints) if phrases else None
            if pillar is None:
                continue
            found.append(source.candidate(
                kind, title=short_title(phrases[0]), text=sentence, pillar=pillar, quote=sentence,
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
    return bool(_ACTION_VERB.search(sentence))


def activity_phrases(sentence: str, template: Template) -> list[str]:
    """Noun phrases naming a thing done ("Technicians' Network", "skills-sharing app",
    "Technician Apprenticeship Programme"), best first: those after the doing verb, then
    the longest."""
    return list(_activity_phrases(sentence, tuple(k for pillar in template.pillars for k in pillar.keywords)))


@cache
def _activity_phrases(sentence: str, keywords: tuple[str, ...]) -> tuple[str, ...]:
    tokens = list(_TOKEN.finditer(sentence))
    singles, multis = _head_terms(keywords)
    forms = [canonical(t.group(0)) for t in tokens]
    verb = _ACTION_VERB.search(sentence)
    after = verb.end() if verb else 0
    scored = []
    for index, token in enumerate(tokens):
        if not _is_head(forms, index, singles, multis) or _ACTION_VERB.fullmatch(token.group(0)):
            continue
        first, last = _extend(tokens, index, sentence)
        words_ = [t.group(0) for t in tokens[first : last + 1]]
        while words_ and words_[0].lower() in _FILLERS:
            words_.pop(0)
        if words_ and not any(w.lower() in _NOT_IN_TITLE for w in words_):
            bonus = 1 if tokens[first].start() >= after else 0
            scored.append((bonus, len(words_), -index, " ".join(words_)))
    ordered = [phrase for *_key, phrase in sorted(scored, reverse=True)]
    return tuple(dict.fromkeys(ordered))


def _extend(tokens: list[re.Match], index: int, sentence: str) -> tuple[int, int]:
    """Grow a head word into its noun phrase: modifiers to the left, capitalised name
    words to the right, never across punctuation, at most ``MAX_PHRASE_WORDS`` words."""
    first = last = index
    while first > 0 and last - first + 1 < MAX_PHRASE_WORDS and _joined(tokens[first - 1], tokens[first], sentence):
        if not _is_modifier(tokens[first - 1].group(0)):
            break
        first -= 1
    while last + 1 < len(tokens) and last - first + 1 < MAX_PHRASE_WORDS and _joined(tokens[last], tokens[last + 1], sentence):
        word = tokens[last + 1].group(0)
        if not (word[:1].isupper() and word.lower() not in STOPWORDS):
            break
        last += 1
    return first, last


def _joined(left: re.Match, right: re.Match, sentence: str) -> bool:
    return sentence[left.end() : right.start()].strip() == ""


def _is_modifier(word: str) -> bool:
    lower = word.lower()
    if lower in STOPWORDS or lower in _FILLERS or _ACTION_VERB.fullmatch(word):
        return False
    if word[:1].isupper() or word.isdigit() or "-" in word:
        return True
    return not lower.endswith(("ly", "ed"))


def _is_head(forms: list[str], index: int, singles: frozenset[str], multis: tuple[tuple[str, ...], ...]) -> bool:
    """Does the word at ``index`` end an activity name: an activity noun, a one-word
    keyword, or the last word of a whole multi-word keyword ("T Level", "succession planning")?"""
    if forms[index] in singles:
        return True
    return any(
        terms[-1] == forms[index] and tuple(forms[index - len(terms) + 1 : index + 1]) == terms
        for terms in multis
    )


@cache
def _head_terms(keywords: tuple[str, ...]) -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    """Canonical activity heads: single words (activity nouns, one-word keywords) and
    multi-word keywords, less topic and people words ("retention", "technicians")."""
    excluded = {canonical(w) for w in query_lexicon().generic | _NOT_A_HEAD}
    terms = [tuple(canonical(w) for w in words(fold(k))) for k in keywords]
    singles = {t[0] for t in terms if len(t) == 1} | {canonical(n) for n in _ACTIVITY_NOUNS}
    multis = tuple(t for t in terms if len(t) > 1 and t[-1] not in excluded)
    return frozenset(w for w in singles if w not in excluded), multis


@cache
def canonical(word: str) -> str:
    """One form for inflections: "apprentices", "apprenticeships" -> "apprentice";
    "awarded" -> "award"; "registration" and "register" stay apart."""
    lower = word.lower().replace("’", "'").rstrip("'")
    for suffix, keep in (("ships", 7), ("ship", 7), ("ings", 4), ("ing", 4), ("s", 4), ("ed", 4)):
        if lower.endswith(suffix) and len(lower) - len(suffix) >= keep:
            return lower[: -len(suffix)]
    return lower


def classify_pillar(text: str, template: Template, prefer: list[str] | None = None) -> str | None:
    """The pillar whose keywords the text uses most; ties go to a preferred pillar (the
    section's heading), and a text with no keyword takes the preferred pillar if any."""
    prefer = [p for p in (prefer or []) if p in PILLAR_IDS]
    hits = keyword_hits(text, template)
    if not hits:
        return prefer[0] if prefer else None
    best = max(hits.values())
    leaders = [p for p in PILLAR_IDS if hits.get(p) == best]
    return next((p for p in prefer if p in leaders), leaders[0])


def keyword_hits(text: str, template: Template) -> dict[str, int]:
    """Pillar id -> how many of its keywords the text uses (inflections allowed)."""
    tokens = tuple(canonical(w) for w in words(fold(text)))
    hits: dict[str, int] = {}
    for pillar, keyword_terms in _keyword_terms(tuple((p.id, p.keywords) for p in template.pillars)):
        count = sum(_has_terms(tokens, terms) for terms in keyword_terms)
        if count:
            hits[pillar] = count
    return hits


@cache
def _keyword_terms(pillars: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
    return tuple(
        (pillar, tuple(tuple(canonical(w) for w in words(fold(k))) for k in keywords)) for pillar, keywords in pillars
    )


def title_keywords(title: str, template: Template) -> frozenset[tuple[str, ...]]:
    """The pillar keywords a title names, canonical ("apprentice",), ("t", "level"): the
    topic anchors two differently worded groups must share to be one action."""
    tokens = tuple(canonical(w) for w in words(fold(title)))
    return frozenset(
        terms for _pillar, keyword_terms in _keyword_terms(tuple((p.id, p.keywords) for p in template.pillars))
        for terms in keyword_terms if _has_terms(tokens, terms)
    )


def title_anchors(title: str, template: Template) -> frozenset[tuple[str, ...]]:
    """What a title names: its pillar keywords and activity nouns ("fund", "network")."""
    nouns = {canonical(n) for n in _ACTIVITY_NOUNS}
    tokens = words(fold(title))
    forms = [canonical(w) for w in tokens] + [canonical(a + b) for a, b in zip(tokens, tokens[1:], strict=False)]  # "web pages"
    return title_keywords(title, template) | {(form,) for form in forms if form in nouns}


def _has_terms(tokens: tuple[str, ...], terms: tuple[str, ...]) -> bool:
    width = len(terms)
    if not width or terms[0] not in tokens:
        return False
    return any(tokens[i : i + width] == terms for i in range(len(tokens) - width + 1))


# --- small text helpers --------------------------------------------------------------------


def short_title(text: str, max_words: int = MAX_TITLE_WORDS) -> str:
    """A label of at most ``max_words`` words, cut at a phrase boundary, first letter capital."""
    parts = _clean(text).rstrip(".;:,").split()
    if len(parts) > max_words:
        cut = max((i for i in range(2, max_words + 1) if fold(parts[i]) in _TITLE_BOUNDARY), default=max_words)
        parts = parts[:cut]
    title = " ".join(parts).strip(" ,;:-–")
    return title[:1].upper() + title[1:]


def label_title(label: str, institution: str | None) -> str:
    """A source's label as a title others can use: "Ashdown Technical Excellence Awards"
    -> "Technical Excellence Awards" (the institution's own name words dropped)."""
    own = set(words(institution or "")) - _COMMON_NAME_WORDS - {w for k in _all_keywords() for w in words(k)}
    kept = [w for w in label.split() if not (w[:1].isupper() and re.sub(r"['’]s?$", "", w.lower()) in own)]
    return short_title(" ".join(kept) or label)


@cache
def _all_keywords() -> tuple[str, ...]:
    return tuple(k for pillar in load_template().themes for k in (*pillar.keywords, *pillar.synonyms))


def has_figure(text: str) -> bool:
    """A reported number (a count, a percentage, money), years aside."""
    return bool(_FIGURE.search(text) or _NUMBER_WORDS.search(text))


def _sentence_around(text: str, offset: int) -> str:
    start = max(text.rfind("\n", 0, offset), text.rfind(". ", 0, offset) + 1, 0)
    end = text.find("\n", offset)
    return _clean(text[start : end if end != -1 else len(text)])


def _clean(text: str) -> str:
    return " ".join(text.replace("**", "").split())


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
