"""What an action is about, read from its words: activity phrases ("technician awards
scheme"), the pillar its keywords point to, the keywords and anchors of a title, and the
canonical form of a word. Mining (actions_mining.py) and suggestions (suggest.py) match
actions by these."""

from __future__ import annotations

import re
from functools import cache

from assistant.ask.query import query_lexicon
from assistant.ask.words import words
from domain import PILLAR_IDS, Template, fold, load_template

# Verbs that say someone did (or runs) something; a sentence without one reports no action.
ACTION_VERB = re.compile(
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
COMMON_NAME_WORDS = frozenset(
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
    verb = ACTION_VERB.search(sentence)
    after = verb.end() if verb else 0
    scored = []
    for index, token in enumerate(tokens):
        if not _is_head(forms, index, singles, multis) or ACTION_VERB.fullmatch(token.group(0)):
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
    if lower in STOPWORDS or lower in _FILLERS or ACTION_VERB.fullmatch(word):
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


@cache
def all_keywords() -> tuple[str, ...]:
    return tuple(k for pillar in load_template().themes for k in (*pillar.keywords, *pillar.synonyms))
