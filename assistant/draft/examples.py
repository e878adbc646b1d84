"""How close a statement reads to the worked examples of each slot: the mean cosine of its
``TOP`` nearest examples labelled with the slot (``domain.examples``; docs/drafting.md,
stop 33).

The template's one sentence per element (the prototypes) misses most of the ways leads
write it; the labelled statements of the project's own notes sets show them. Chosen on
notes sets the examples do not include: with examples from blind22-49, placement on
blind50-54 rose from 841 to 869 of 930 (int8) at ``TOP`` 3 and a weight of 2 (1 gave 862,
3 and 4 gave 870-871; ``TOP`` 1, 5 and 10 at weight 1: 861, 862, 855; the examples'
centroid instead of the nearest: 855-857).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant.draft.questions import Slot
from assistant.draft.vectors import VectorCache
from domain.examples import ElementExample, load_element_examples
from vectorstore.onnx_embedder import default_cache_dir

TOP = 3  # nearest examples averaged per slot
GENERAL = "general"  # the label of the question's own slot


def example_key(slot: Slot, question_id: str) -> str:
    """The label a slot's examples carry: "general" for the question's own, else the
    element id within the question ("pillar.visibility", "themes#recognition")."""
    return GENERAL if slot.general else slot.key.removeprefix(question_id + ".")


class ExampleEvidence:
    """Scores texts against the examples of one question's slots."""

    def __init__(self, slots: Sequence[Slot], examples: Sequence[ElementExample] | None = None):
        question = next((slot.key for slot in slots if slot.general), "")
        self.examples = tuple(examples if examples is not None else load_element_examples().get(question, ()))
        self.texts = [example.text for example in self.examples]
        self._digest = hashlib.sha1("\n".join(self.texts).encode()).hexdigest()[:16]  # names the disk cache's file
        keys = [example_key(slot, question) for slot in slots]
        # (examples x slots): whether each example serves each slot
        self._serves = np.array([[key in example.serves or key.split("#")[0] in example.serves for key in keys]
                                 for example in self.examples], dtype=bool).reshape(len(self.examples), len(keys))

    def __bool__(self) -> bool:
        return bool(self.examples)

    def scores(self, vectors: np.ndarray, example_vectors: np.ndarray) -> np.ndarray:
        """(texts x slots): the mean cosine of each text's ``TOP`` nearest examples of the
        slot (0 for a slot with none)."""
        scores = np.zeros((len(vectors), self._serves.shape[1]), dtype=np.float32)
        if not len(vectors) or not self.examples:
            return scores
        cosines = vectors @ example_vectors.T
        for column in range(self._serves.shape[1]):
            serving = self._serves[:, column]
            if serving.any():
                top = min(TOP, int(serving.sum()))
                scores[:, column] = np.sort(cosines[:, serving], axis=1)[:, -top:].mean(axis=1)
        return scores

    def vectors(self, vectors: VectorCache) -> np.ndarray:
        """The examples' vectors: read from the disk cache beside the embedder's models, else
        embedded once (about 0.4 s a question with the int8 model) and saved there, so a
        process's first draft does not pay for them (stop 33)."""
        if vectors.embedder is None:
            return vectors(self.texts)
        key = (getattr(vectors.embedder, "model_id", "none"), self._digest)
        if key not in _LOADED:
            _LOADED[key] = _read_or_embed(vectors, self.texts, _cache_file(vectors.embedder, *key))
        return _LOADED[key]


_LOADED: dict[tuple[str, str], np.ndarray] = {}


def _cache_file(embedder, model: str, digest: str) -> Path:
    folder = getattr(embedder, "cache_dir", None) or default_cache_dir()
    return Path(folder) / "examples" / f"{re.sub(r'[^A-Za-z0-9.+-]', '_', model)}-{digest}.npy"


def _read_or_embed(vectors: VectorCache, texts: list[str], path: Path) -> np.ndarray:
    """The cached vectors where they match the texts, else fresh ones, saved whole (written
    aside and renamed) where the cache can be written."""
    try:
        cached = np.load(path)
        if cached.shape[0] == len(texts):
            return cached
    except (OSError, ValueError, EOFError):
        pass  # none yet, or unreadable: embedded again
    fresh = vectors(texts)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".npy", delete=False) as handle:
            np.save(handle, fresh)
        os.replace(handle.name, path)
    except OSError:
        pass  # a read-only cache: embedded again next process
    return fresh
