"""Embeddings by text, kept for the process: the slots', examples' and peers' texts are
embedded once per model, and a refine turn embeds only its new statements."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from vectorstore.embedder import Embedder

_CACHE_LIMIT = 20_000


class VectorCache:
    """Embeddings by text for one embedder: a refine turn embeds only its new statements,
    and the slots' and peers' texts are embedded once per process."""

    _shared: dict[str, dict[str, np.ndarray]] = {}

    def __init__(self, embedder: Embedder | None):
        self.embedder = embedder
        key = getattr(embedder, "model_id", "none")
        self._vectors = self._shared.setdefault(key, {})

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        if self.embedder is None:
            return np.zeros((len(texts), 1), dtype=np.float32)
        if not texts:
            return np.zeros((0, self.embedder.dimension), dtype=np.float32)
        found = {t: self._vectors.get(t) for t in texts}  # read once: another session may clear the cache
        todo = [t for t, vector in found.items() if vector is None]
        if todo:
            fresh = dict(zip(todo, self.embedder.embed(todo), strict=True))
            found.update(fresh)
            if len(self._vectors) > _CACHE_LIMIT:
                self._vectors.clear()
            self._vectors.update(fresh)
        return np.stack([found[t] for t in texts])
