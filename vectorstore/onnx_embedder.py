"""all-MiniLM-L6-v2 through ONNX Runtime, built on this machine from the packaged weights.

Why: embedding bounds ingestion. The graph is written here, node by node, from the
``model.safetensors`` that sentence-transformers loads (the architecture is the one
``bert_numpy.py`` computes), with ONNX Runtime's fused kernels (``Attention``,
``SkipLayerNormalization``, ``BiasGelu``) so nothing depends on pattern matching after
an export, and torch is not needed to build or run it. Two precisions:

- ``fp32``: the same vectors as sentence-transformers (cosine 1.00000 on the corpus),
  so it keeps the plain model's ``model_id`` and its stores.
- ``int8``: ONNX Runtime dynamic quantisation (weights int8 per output channel,
  activations uint8, one scale per text as each text runs alone) of every projection; faster on AVX2, and vectors that
  differ slightly, hence a model id of its own and queries embedded by the same graph.

Built once per (weights, precision, builder version, ONNX Runtime version), cached as one
file under the cache dir, written atomically; a cache file that will not load is rebuilt,
and one left unused for two weeks (an older builder's or runtime's) is removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cached_property
from pathlib import Path
from typing import Literal

import numpy as np

from vectorstore.embedders import SMALL_BATCH, EmbedderError, SentenceTransformerEmbedder

Precision = Literal["fp32", "int8"]
# (const(name, array) -> name, node(op, inputs, output, ms=False, **attributes) -> output) -> words
WordLookup = Callable[[Callable[..., str], Callable[..., str]], str]
GRAPH_VERSION = 2  # bump whenever build_graph changes: it is part of the cache key (2: token states out)
INSTALL_HINT = "pip install onnxruntime==1.31.1 onnx==1.23.2"


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "tca"


def _import_onnxruntime():
    try:
        import onnxruntime
    except ImportError as exc:
        raise EmbedderError(f"the ONNX embedder needs onnxruntime: {INSTALL_HINT}") from exc
    return onnxruntime


def build_graph(model_path: Path):
    """The BERT encoder plus mean pooling as an ONNX graph (inputs ``input_ids`` and
    ``attention_mask``, int64 [batch, seq]; outputs the pooled, not yet normalised,
    ``sentence_embedding`` [batch, hidden] and the last layer's ``token_states`` [batch,
    seq, hidden]), from the packaged safetensors."""
    try:
        from safetensors.numpy import load_file
    except ImportError as exc:
        raise EmbedderError(f"reading the model's weights needs safetensors ({exc})") from exc

    config = json.loads((model_path / "config.json").read_text())
    raw = load_file(str(model_path / "model.safetensors"))
    w = {k.removeprefix("bert."): v.astype(np.float32) for k, v in raw.items()}
    return encoder_graph(
        w, int(config["num_hidden_layers"]), int(config["num_attention_heads"]),
        float(config.get("layer_norm_eps", 1e-12)), "all-MiniLM-L6-v2",
    )


def encoder_graph(w: dict[str, np.ndarray], layers: int, heads: int, eps: float, name: str, words: WordLookup | None = None):
    """Any BERT encoder (weights under Hugging Face's names, without the ``bert.`` prefix,
    float32) plus mean pooling: one builder for every model of this shape, so MiniLM and
    e5 share the fused kernels and what was measured about them. Token type is always 0,
    as in sentence-transformers for single texts, so its embedding is folded into the
    position table. ``words`` replaces the word-table ``Gather`` (e5's table stays 4-bit).
    The last layer's token states are a second output, read word by word against a
    question (assistant/ask/close_reading.py); a run asks for the outputs it needs."""
    try:
        import onnx
        from onnx import TensorProto, helper, numpy_helper
    except ImportError as exc:
        raise EmbedderError(f"building the ONNX model needs onnx: {INSTALL_HINT}") from exc

    hidden = w["embeddings.position_embeddings.weight"].shape[1]
    weights, nodes = [], []

    def const(name: str, array: np.ndarray) -> str:
        weights.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def node(op: str, inputs: list[str], output: str, ms: bool = False, **attributes) -> str:
        domain = "com.microsoft" if ms else None
        nodes.append(helper.make_node(op, inputs, [output], name=output, domain=domain, **attributes))
        return output

    one, two, zero = (const(n, np.array([v], np.int64)) for n, v in (("one", 1), ("two", 2), ("zero", 0)))
    positions = w["embeddings.position_embeddings.weight"] + w["embeddings.token_type_embeddings.weight"][0]
    seq_len = node("Slice", [node("Shape", ["input_ids"], "shape"), one, two], "seq_len")
    pos = node("Slice", [const("position_table", positions), zero, seq_len, zero], "positions")
    if words is None:
        words = node("Gather", [const("word_table", w["embeddings.word_embeddings.weight"]), "input_ids"], "words")
    else:
        words = words(const, node)
    x = node(
        "LayerNormalization",
        [node("Add", [words, pos], "embedded"), const("emb_ln_w", w["embeddings.LayerNorm.weight"]), const("emb_ln_b", w["embeddings.LayerNorm.bias"])],
        "x0", axis=-1, epsilon=eps,
    )
    mask = node("Cast", ["attention_mask"], "mask_i32", to=TensorProto.INT32)
    for i in range(layers):
        p, q = f"encoder.layer.{i}", f"l{i}"
        qkv_w = np.concatenate([w[f"{p}.attention.self.{n}.weight"].T for n in ("query", "key", "value")], axis=1)
        qkv_b = np.concatenate([w[f"{p}.attention.self.{n}.bias"] for n in ("query", "key", "value")])
        context = node("Attention", [x, const(f"{q}_qkv_w", qkv_w), const(f"{q}_qkv_b", qkv_b), mask], f"{q}_context", ms=True, num_heads=heads)
        out = node("MatMul", [context, const(f"{q}_ao_w", w[f"{p}.attention.output.dense.weight"].T)], f"{q}_ao")
        x = node(
            "SkipLayerNormalization",
            [out, x, const(f"{q}_ln1_w", w[f"{p}.attention.output.LayerNorm.weight"]), const(f"{q}_ln1_b", w[f"{p}.attention.output.LayerNorm.bias"]), const(f"{q}_ao_b", w[f"{p}.attention.output.dense.bias"])],
            f"{q}_x1", ms=True, epsilon=eps,
        )
        up = node("MatMul", [x, const(f"{q}_up_w", w[f"{p}.intermediate.dense.weight"].T)], f"{q}_up")
        act = node("BiasGelu", [up, const(f"{q}_up_b", w[f"{p}.intermediate.dense.bias"])], f"{q}_gelu", ms=True)
        down = node("MatMul", [act, const(f"{q}_down_w", w[f"{p}.output.dense.weight"].T)], f"{q}_down")
        x = node(
            "SkipLayerNormalization",
            [down, x, const(f"{q}_ln2_w", w[f"{p}.output.LayerNorm.weight"]), const(f"{q}_ln2_b", w[f"{p}.output.LayerNorm.bias"]), const(f"{q}_down_b", w[f"{p}.output.dense.bias"])],
            f"{q}_x2", ms=True, epsilon=eps,
        )
    x = node("Identity", [x], "token_states")
    # Mean over real tokens, as sentence-transformers' Pooling (count clamped at 1e-9).
    mask_f = node("Cast", ["attention_mask"], "mask_f", to=TensorProto.FLOAT)
    summed = node("ReduceSum", [node("Mul", [x, node("Unsqueeze", [mask_f, two], "mask_3d")], "masked"), one], "summed", keepdims=0)
    count = node("Max", [node("ReduceSum", [mask_f, one], "count", keepdims=1), const("tiny", np.array(1e-9, np.float32))], "count_clamped")
    node("Div", [summed, count], "sentence_embedding")
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info(n, TensorProto.INT64, ["batch", "seq"]) for n in ("input_ids", "attention_mask")],
        [
            helper.make_tensor_value_info("sentence_embedding", TensorProto.FLOAT, ["batch", hidden]),
            helper.make_tensor_value_info(x, TensorProto.FLOAT, ["batch", "seq", hidden]),
        ],
        weights,
    )
    opsets = [helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)]
    model = helper.make_model(graph, opset_imports=opsets, producer_name="tca", ir_version=8)
    onnx.checker.check_model(model)
    return model


def _quantize(fp32_file: Path, int8_file: Path) -> None:
    """Dynamic int8: every MatMul and Attention (QKV) weight per output channel."""
    import logging

    from onnx import TensorProto
    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # its advice to "pre-process" concerns static quantisation
    try:
        quantize_dynamic(
            fp32_file, int8_file, weight_type=QuantType.QInt8, per_channel=True,
            op_types_to_quantize=["MatMul", "Attention"],
            extra_options={"DefaultTensorType": TensorProto.FLOAT},  # types of contrib-op outputs
        )
    finally:
        root.setLevel(level)


def build_model_file(model_path: Path, precision: Precision, target: Path, builder: Callable[[Path], object] | None = None) -> Path:
    """Build the graph (``builder(model_path)``, MiniLM's by default) and quantise it into
    ``target``, atomically: a reader sees the old file, nothing, or the whole new file;
    never a half-written one."""
    try:
        import onnx
    except ImportError as exc:
        raise EmbedderError(f"building the ONNX model needs onnx: {INSTALL_HINT}") from exc

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".build-") as work:
        fp32_file = Path(work) / "fp32.onnx"
        try:
            onnx.save((builder or build_graph)(model_path), fp32_file)
            built = fp32_file
            if precision == "int8":
                built = Path(work) / "int8.onnx"
                _quantize(fp32_file, built)
        except EmbedderError:
            raise
        except Exception as exc:  # noqa: BLE001 - any build failure is the same to the user
            raise EmbedderError(f"cannot build the ONNX model from {model_path} ({type(exc).__name__}: {exc})") from exc
        with built.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(built, target)
    return target


class OnnxEmbedder(SentenceTransformerEmbedder):
    """The packaged MiniLM run by ONNX Runtime; token counting, dimension and the NumPy
    query path come from the parent. ``fp32`` keeps the NumPy path for small batches
    (identical vectors, no onnxruntime import for a one-shot ``tca ask``); ``int8`` embeds
    everything, queries included, with its own graph.

    Each text is run alone (no padding) on a single-threaded session, one text per core
    at a time. Measured on 2 cores against one two-thread session over batches of 16:
    ~10% more chunks/s and ~10% less CPU time (no thread hand-offs inside the small ops).
    Running texts alone also makes an int8 vector independent of the texts beside it
    (dynamic quantisation scales activations per call). ``batch_size`` is not used."""

    def __init__(self, model_path: Path, model_id: str, precision: Precision, cache_dir: Path, batch_size: int = 16, workers: int | None = None):
        super().__init__(model_path, model_id, batch_size)
        self.precision = precision
        self.cache_dir = cache_dir
        self.workers = workers or len(os.sched_getaffinity(0))

    @cached_property
    def exact(self) -> SentenceTransformerEmbedder:
        """The fp32 model (NumPy for up to 32 texts, no torch): for comparing texts with
        each other at thresholds tuned on it, such as an answer's themes. Never for
        vectors that meet the store's."""
        if self.precision == "fp32":
            return self
        return SentenceTransformerEmbedder(self.model_path, self.model_id.split("+")[0], self.batch_size)

    @property
    def model_file(self) -> Path:
        """Named by everything that changes its content, so a stale file is never used."""
        stem = self.model_id.rsplit("/", 1)[-1].split("+")[0]
        key = f"{GRAPH_VERSION}|{self.precision}|{weights_identity(self.model_path / 'model.safetensors')}"
        return graph_file(self.cache_dir, f"{stem}-{self.precision}", key)

    @cached_property
    def session(self):
        """Built on first use; a cache file that will not load is rebuilt once."""
        return cached_session(self.model_file, lambda target: build_model_file(self.model_path, self.precision, target))

    @cached_property
    def _truncating_tokenizer(self):
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(self.model_path / "tokenizer.json"))
        tokenizer.enable_truncation(max_length=self.max_tokens)
        tokenizer.no_padding()
        return tokenizer

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if self.precision == "fp32" and len(texts) <= SMALL_BATCH and "session" not in self.__dict__:
            return self.numpy_encoder.encode(texts)
        ids = [e.ids for e in self._truncating_tokenizer.encode_batch(list(texts))]
        out = run_each(self.session, ids, self.dimension, self.workers)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)

    def embed_tokens(self, texts: Sequence[str]) -> list[np.ndarray]:
        """Each text's token states from this graph ([CLS] and [SEP] rows included): their
        mean is the text's vector before normalisation."""
        ids = [e.ids for e in self._truncating_tokenizer.encode_batch(list(texts))]
        return token_states_each(self.session, ids, self.workers)


def weights_identity(weights: Path) -> str:
    """The weights file by its content (size and a digest of its first and last MiB), not
    by where it lies: every checkout and virtual environment holding the same weights
    shares one graph file, instead of each leaving its own ~60-80 MB copy in the cache."""
    size = weights.stat().st_size
    digest = hashlib.sha256()
    with weights.open("rb") as handle:
        digest.update(handle.read(_SAMPLED))
        handle.seek(max(size - _SAMPLED, 0))
        digest.update(handle.read(_SAMPLED))
    return f"{size}:{digest.hexdigest()}"


def graph_file(cache_dir: Path, name: str, key: str) -> Path:
    """The cache file of the graph ``name`` (model and precision) built for ``key`` (what
    changes its content) and this ONNX Runtime: ``name-<digest>.onnx``."""
    digest = hashlib.sha256(f"{key}|{_import_onnxruntime().__version__}".encode()).hexdigest()[:_DIGEST]
    return cache_dir / "onnx" / f"{name}-{digest}.onnx"


_SAMPLED = 1 << 20
_DIGEST = 16  # hex characters of the key's digest in a graph file's name
UNUSED_FOR = 14 * 24 * 3600  # seconds: a graph file of the same model not opened for this long is stale


def cached_session(target: Path, build: Callable[[Path], object]):
    """An ONNX Runtime session on the cache file ``target``, which ``build(target)`` writes
    when it is missing; a file that will not load (truncated, overwritten) is rebuilt once.
    Opening marks the file as used; files of the same model and precision left unused
    for ``UNUSED_FOR`` (built by an earlier builder or ONNX Runtime) are removed."""
    ort = _import_onnxruntime()
    if not target.is_file():
        build(target)
    try:
        session = _open(ort, target)
    except Exception:  # noqa: BLE001 - a broken cache file: build it again
        build(target)
        try:
            session = _open(ort, target)
        except Exception as exc:  # noqa: BLE001
            raise EmbedderError(f"{target}: ONNX Runtime cannot load the model it built ({exc})") from exc
    _tidy(target)
    return session


def _tidy(target: Path) -> None:
    """Mark ``target`` as used now and remove its stale siblings (same name but for the
    key's digest, ``graph_file``). A read-only cache is left as it is."""
    prefix = target.name[: -len(f"-{'0' * _DIGEST}.onnx")]
    try:
        os.utime(target)
        now = target.stat().st_mtime
        for sibling in target.parent.glob(f"{prefix}-*.onnx"):
            stale = now - sibling.stat().st_mtime > UNUSED_FOR
            if sibling != target and len(sibling.name) == len(target.name) and stale:
                sibling.unlink()
    except OSError:
        pass


def _open(ort, path: Path):
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = 1  # parallel across texts instead (see OnnxEmbedder)
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def run_each(session, ids: list[list[int]], dimension: int, workers: int) -> np.ndarray:
    """The pooled (not normalised) vector of each token sequence; rows in the order of ``ids``."""
    out = np.empty((len(ids), dimension), dtype=np.float32)
    for index, vector in _each(session, ids, workers, "sentence_embedding"):
        out[index] = vector
    return out


def token_states_each(session, ids: list[list[int]], workers: int) -> list[np.ndarray]:
    """The last layer's state of every token of each sequence ([CLS] and [SEP] included)."""
    out: list[np.ndarray] = [np.empty(0)] * len(ids)
    for index, states in _each(session, ids, workers, "token_states"):
        out[index] = states
    return out


def _each(session, ids: list[list[int]], workers: int, output: str):
    """(index, ``output`` of sequence ``index``), each sequence run alone on the one-thread
    ``session``, ``workers`` at a time, longest first so that the last ones to finish are
    short (cores stay busy)."""
    def run(index: int) -> np.ndarray:
        tokens = np.asarray([ids[index]], dtype=np.int64)
        return session.run([output], {"input_ids": tokens, "attention_mask": np.ones_like(tokens)})[0][0]

    order = sorted(range(len(ids)), key=lambda i: -len(ids[i]))
    if workers == 1 or len(ids) == 1:
        yield from ((index, run(index)) for index in order)
        return
    with ThreadPoolExecutor(workers, thread_name_prefix="tca-embed") as pool:
        yield from zip(order, pool.map(run, order), strict=True)
