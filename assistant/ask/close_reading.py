"""Reading the statements that may answer word by word against the question (docs/retrieval.md,
"Stop 39"). A sentence vector is one average: "Promotion of Internal and External Networks"
and "46 technicians have been promoted" both sit near "help technicians get promoted". The
embedder's last layer keeps one state per word piece, in its context, so each of the
question's pieces can look for its closest piece in the statement (late interaction, as in
ColBERT): the promoted of a promotion pathway is close to the question's, the promotion of
networks is not.

Read in the ranking only, like the second sentence model: whether anything is found stays
the sentence vectors' decision. Only the statements that can matter are read (those the
closest reading could lift to what an answer shows; the rest rank after them), so an answer
reads ~25 statements, not ~150. Each statement is read on its own, so what one document
says never changes how another's statements score. The weight and offset were chosen on the
1,744 seen ask questions of both corpora, then held for sets never run before.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.ask.themes import unit_rows
from vectorstore.embedder import TokenEmbedder

CLOSE_WEIGHT = 0.6
CLOSE_OFFSET = 0.42  # a statement read this close neither gains nor loses
CLOSEST = 0.70  # above the 99.9th percentile of closeness (2,901 statements read for 200 questions; max 0.78)


class CloseReader:
    def __init__(self, embedder: TokenEmbedder, reference: Sequence[str]):
        """``reference``: texts whose average token state is taken out of every state (the
        direction all of them share), such as the taxonomy's descriptions."""
        self.embedder = embedder
        self.reference = list(reference)
        self._centre: np.ndarray | None = None

    def adjust(
        self, question: str, texts: list[str], scores: np.ndarray, lowest: float, intervention: str | None = None,
    ) -> np.ndarray:
        """``scores`` with each statement's close reading added. ``lowest``: the lowest
        score an answer shows a statement at; one that even the closest reading could not
        lift there is not read, and ranks after those read, as if read as far from the
        question as can be. ``intervention``: the description of the intervention the
        question asks about, if any; a statement is read against it too, as the ranking
        reads the question with it (a lead's "skills they will take with them" is the
        corpus's succession planning)."""
        read = np.flatnonzero(scores + CLOSE_WEIGHT * (CLOSEST - CLOSE_OFFSET) >= lowest)
        added = np.full(len(texts), -CLOSE_WEIGHT * CLOSE_OFFSET)
        if len(read):
            added[read] = CLOSE_WEIGHT * (self.closeness(question, [texts[i] for i in read], intervention) - CLOSE_OFFSET)
        return scores + added

    def closeness(self, question: str, texts: list[str], intervention: str | None = None) -> np.ndarray:
        """For each text: the mean, over the question's word pieces, of the cosine to the
        text's closest piece (states centred, special tokens left out); the better of the
        question's and the intervention's, when one is given."""
        asking = [question] if intervention is None else [question, intervention]
        states = [unit_rows(_inner(s) - self.centre) for s in self.embedder.embed_tokens([*asking, *texts])]
        asked, read = states[: len(asking)], states[len(asking):]
        return np.array([max(float((a @ s.T).max(axis=1).mean()) for a in asked) for s in read])

    @property
    def centre(self) -> np.ndarray:
        if self._centre is None:
            self._centre = np.concatenate([_inner(s) for s in self.embedder.embed_tokens(self.reference)]).mean(axis=0)
        return self._centre


def _inner(states: np.ndarray) -> np.ndarray:
    """A text's word-piece rows, without [CLS] and [SEP] (kept when there is nothing else)."""
    return states[1:-1] if len(states) > 2 else states
