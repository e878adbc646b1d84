"""The second sentence model's word on each statement an answer may quote (docs/retrieval.md,
"Stop 37"): its similarity to the question and to the question's topic, mixed and centred
as the embedder's are (``evidence._similarity``, ``themes.COMMON_GROUND``), less a fixed
offset so that it raises statements it finds close and lowers those it does not.

Read in the ranking only: whether anything is found stays the embedder's decision. The
weight and offset were chosen over every ask set then held (1,544 questions; a sweep of the
weight against the answer bar, then of the offset): the offset is the median similarity
over candidates (0.36) plus 0.07, which raises the answer bar by 0.02 in effect; at 0.46
(+0.03) the external dev set lost a question to "nothing found".
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from assistant.ask.themes import COMMON_GROUND, without_common

SECOND_WEIGHT = 0.3
SECOND_OFFSET = 0.43


class SecondOpinionScorer:
    def __init__(self, store):
        self.store = store
        self._common: np.ndarray | None = None

    def scores(
        self, question: str, topic: str, statements: list[str], similarity: Callable[[np.ndarray, np.ndarray], np.ndarray],
    ) -> np.ndarray:
        """What the second model adds to each statement's ranking score; ``similarity``
        mixes closeness to the question and to its topic (rows 0 and -1), as for the embedder."""
        asked = self._centred(self.store.second.embed_queries([question, topic]))
        centred = self._centred(self.store.second_statement_vectors(statements))
        return SECOND_WEIGHT * (similarity(asked, centred) - SECOND_OFFSET)

    def _centred(self, vectors: np.ndarray) -> np.ndarray:
        """Unit vectors without their component along what every document shares."""
        if self._common is None:
            common = self.store.second.embed_passages([COMMON_GROUND])[0]
            self._common = common / np.linalg.norm(common)
        return without_common(vectors, self._common)
