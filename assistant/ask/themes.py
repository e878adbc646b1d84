"""Meaning in the domain's own terms: the taxonomy of interventions (domain/data/
interventions.toml) and the Commitment's generic aims, embedded once per process with the
store's embedder.

Three things answers need from it:
- ``center``: vectors with the direction every passage of this corpus shares ("technicians
  at universities under the Commitment") taken out, so that similarity measures the topic
  and not the subject all documents have in common;
- ``profile``: how strongly a text belongs to each theme, to compare a question's themes
  with a sentence's whatever their wording;
- ``classify``: the one theme a sentence reports, if any, to group and label an answer;
- ``restates_aim``: whether a sentence only restates a pillar's generic aim, or says what
  the Commitment is (a pledge or a definition, not an action of the institution).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

import numpy as np

from domain import load_template, normalise_pillar
from domain.taxonomy import InterventionTheme, load_taxonomy

# The subject every document shares, written for this project (not a corpus sentence).
COMMON_GROUND = (
    "Technicians and technical staff in universities and research institutes, and the "
    "Technician Commitment: visibility, recognition, career development and sustainability."
)
PROFILE_TEMPERATURE = 0.05  # softmax temperature over theme similarities
THEME_FLOOR = 0.30  # a sentence's best theme similarity (centred) below this: no theme
TERM_BONUS = 0.08  # a theme's own key term in the sentence
MEANING_ALONE = 0.40  # a theme none of whose key terms the sentence uses must be this close to label it
ASKED_BONUS = 0.05  # the theme the question asks about, for a sentence nearly as close to it as to another
ASKED_FIT = 0.45  # a question this close to a theme asks about it
AIM_SIMILARITY = 0.80  # this close to a pillar's generic aim: a restatement, not an action
LABELLED_AIM_SIMILARITY = 0.55  # ... or this close when it opens with the pillar's name ("Recognition: ...")


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.maximum(np.linalg.norm(matrix, axis=-1, keepdims=True), 1e-9)


def without_common(vectors: np.ndarray, common: np.ndarray) -> np.ndarray:
    """Unit vectors without their component along ``common`` (a unit vector: what every
    passage of the corpus shares), so that similarity measures the topic."""
    vectors = np.asarray(vectors, dtype=np.float32)
    return unit_rows(vectors - (vectors @ common)[..., None] * common)


def theme_texts(themes: tuple[InterventionTheme, ...] | None = None) -> list[str]:
    """What a ThemeIndex embeds: the common ground, the pillars' aims, the themes'
    prototypes. Ingest keeps their vectors in the store's embedding cache
    (``CorpusStore.keep_vectors``), so that a fresh process reads them (~0.3 s of a
    one-shot ``tca ask`` on two cores) instead of embedding them."""
    aims = [p.meaning for p in load_template().themes]
    return [COMMON_GROUND, *aims, *(t.prototype for t in themes or load_taxonomy())]


class ThemeIndex:
    """The taxonomy and the generic aims as vectors of one embedder. ``vectors``: how
    texts become that embedder's vectors (the store's, which reads the embedding cache
    first; by default the embedder itself)."""

    def __init__(
        self, embedder, themes: tuple[InterventionTheme, ...] | None = None, vectors: Callable[[list[str]], np.ndarray] | None = None
    ):
        self.embedder = embedder
        self.themes = themes or load_taxonomy()
        self._vectors = vectors or embedder.embed
        self._lock = threading.Lock()  # the app asks from several threads
        self._ready = False

    def _prepare(self) -> None:
        with self._lock:
            if self._ready:
                return
            vectors = np.asarray(self._vectors(theme_texts(self.themes)), dtype=np.float32)
            self._common = unit_rows(vectors[0])
            self._aims = vectors[1 : -len(self.themes)]
            self._prototypes = self._centred(vectors[-len(self.themes) :])
            self._terms = [_term_pattern(t.terms) for t in self.themes]
            self._ready = True

    def center(self, vectors: np.ndarray) -> np.ndarray:
        """Unit vectors without their component along the common ground."""
        if not self._ready:
            self._prepare()
        return self._centred(vectors)

    def _centred(self, vectors: np.ndarray) -> np.ndarray:
        return without_common(vectors, self._common)

    def profile(self, centred: np.ndarray) -> np.ndarray:
        """Rows: how much each text belongs to each theme (a softmax over similarities)."""
        similarity = np.atleast_2d(centred) @ self._prototypes.T / PROFILE_TEMPERATURE
        weights = np.exp(similarity - similarity.max(axis=1, keepdims=True))
        return weights / weights.sum(axis=1, keepdims=True)

    def fit(self, centred: np.ndarray) -> float:
        """How close the closest theme is to any of the given (centred) texts."""
        return float((np.atleast_2d(centred) @ self._prototypes.T).max())

    def asked(self, question: np.ndarray, text: str = "") -> InterventionTheme | None:
        """The theme a question asks about, if it fits one well (``question``: centred
        vectors of its wordings; ``text``: the question as written, whose use of a
        theme's own term counts as it does for a sentence in ``classify``)."""
        similarity = (np.atleast_2d(question) @ self._prototypes.T).max(axis=0)
        similarity = similarity + TERM_BONUS * _themes_with_terms(self._terms, text)
        best = int(np.argmax(similarity))
        return self.themes[best] if similarity[best] >= ASKED_FIT else None

    def toward(self, question: np.ndarray, asked: InterventionTheme | None) -> np.ndarray:
        """The question's (centred) vectors with its topic, the last row, read together
        with the description of the theme it asks about, in equal parts; as they are when
        it asks about none."""
        if asked is None:
            return question
        index = next(i for i, theme in enumerate(self.themes) if theme.id == asked.id)
        rows = np.array(question, dtype=np.float32, copy=True)
        rows[-1] = unit_rows(rows[-1] + self._prototypes[index])
        return rows

    def classify(self, centred: np.ndarray, text: str, asked: InterventionTheme | None = None) -> InterventionTheme | None:
        """The theme a sentence reports: closest prototype, helped by the theme's own terms
        and, in an answer, by the theme the question asks about (a sentence about a
        technician network that also names champions belongs, in an answer about
        networks, under networks). A theme whose key terms the sentence never uses
        labels it only when clearly close in meaning (``MEANING_ALONE``): a sentence
        that only sounds like a theme ("the senior leadership backing" is no leadership
        programme) is better under "Other examples" than under a wrong heading."""
        if not self._ready:
            self._prepare()
        similarity = centred @ self._prototypes.T
        has_term = _themes_with_terms(self._terms, text)
        scores = similarity + TERM_BONUS * has_term
        if scores.max() < THEME_FLOOR:
            return None
        if asked is not None:  # it decides between themes, never gives a theme to a sentence of none
            scores = scores + ASKED_BONUS * np.array([theme.id == asked.id for theme in self.themes])
        best = int(np.argmax(scores))
        if not has_term[best] and similarity[best] < MEANING_ALONE:
            return None
        return self.themes[best]

    def restates_aim(self, vectors: np.ndarray, texts: list[str]) -> np.ndarray:
        """Per row: True when the text is a pillar's generic aim in other words (the
        Commitment's pledge, not the institution's action)."""
        if not self._ready:
            self._prepare()
        similarity = (np.atleast_2d(vectors) @ self._aims.T).max(axis=1)
        labelled = np.array([_opens_with_pillar(text) for text in texts], dtype=bool)
        describes = np.array([bool(_DESCRIBES_THE_COMMITMENT.match(text.lstrip("•▪◦*– "))) for text in texts], dtype=bool)
        return (similarity >= AIM_SIMILARITY) | (labelled & (similarity >= LABELLED_AIM_SIMILARITY)) | describes


# "The Commitment aims to ensure ...", "The Technician Commitment includes four key areas": what
# the Commitment is, not what an institution did under it.
_DESCRIBES_THE_COMMITMENT = re.compile(
    r"^the (?:technician )?commitment (?:aims|includes|is|was established|was launched|consists|comprises|covers|focuses|seeks)\b",
    re.IGNORECASE,
)
_LABEL = re.compile(r"^[\s•▪◦*-]*([A-Za-z ]{4,30}?)\s*[:–-]\s")


def _opens_with_pillar(text: str) -> bool:
    """"Recognition: support technicians ..." or "- Career development - enabling ..."."""
    match = _LABEL.match(text)
    return bool(match) and normalise_pillar(match.group(1)) is not None


def _any_number(word: str) -> str:
    """A word, singular or plural, perhaps possessive, never with another suffix."""
    if word.endswith("ies") and len(word) > 4:
        singular = re.escape(word[:-3]) + "(?:y|ies)"
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        singular = re.escape(word[:-1]) + "(?:s|es)?"
    else:
        singular = re.escape(word) + "(?:s|es)?"
    return singular + r"(?:['’]s?)?"


def _term_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """Any of a theme's terms as written: its words whole and in order, each perhaps
    plural or possessive ("award" finds "awards", not "awarded the status"; "secondment"
    not "a second"; "fellowship" not "fellow staff"; "technician voice" finds
    "technicians' voice"), and a term written in capitals (an acronym or a programme's
    name: "TALENT", "RAG") only in capitals, not "talent"."""
    alternatives = []
    for term in sorted(terms, key=len, reverse=True):  # the longest term found at a place
        body = r"[\s-]+".join(_any_number(part) for part in term.split())
        alternatives.append(body if term.isupper() else f"(?i:{body})")
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])")


def _themes_with_terms(patterns: list[re.Pattern[str]], text: str) -> np.ndarray:
    """Per theme: whether the text uses one of its terms, a term inside another theme's
    longer term found at the same place not counting ("Employer Champion" is a
    registration status, not a champion; a "training fund" is a fund, not training)."""
    found = [[match.span() for match in pattern.finditer(text)] for pattern in patterns]
    longer = [
        [span for other, spans in enumerate(found) if other != theme for span in spans] for theme in range(len(found))
    ]
    return np.array(
        [
            any(not any(a <= start and end <= b and b - a > end - start for a, b in longer[theme]) for start, end in spans)
            for theme, spans in enumerate(found)
        ],
        dtype=bool,
    )
