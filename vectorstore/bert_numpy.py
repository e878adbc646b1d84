"""A BERT encoder forward pass in NumPy, for sentence-transformers models of the
MiniLM/BERT family (mean pooling, normalised output).

Why: importing torch and sentence-transformers costs ~8 s, which a one-shot ``tca ask``
cannot afford; a query is ~20 word pieces, which NumPy encodes in milliseconds from the
same safetensors weights. Results match sentence-transformers to ~1e-6 (tested).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

# Abramowitz & Stegun 7.1.26 (max abs error 1.5e-7): exact-GELU without scipy.
_P, _A = 0.3275911, (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)


def _erf(x: np.ndarray) -> np.ndarray:
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + _P * a)
    poly = t * (_A[0] + t * (_A[1] + t * (_A[2] + t * (_A[3] + t * _A[4]))))
    return sign * (1.0 - poly * np.exp(-a * a))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x / np.sqrt(2.0).astype(np.float32)))


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


class NumpyBertEncoder:
    def __init__(self, model_path: Path, max_tokens: int):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = json.loads((model_path / "config.json").read_text())
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        weights = load_file(str(model_path / "model.safetensors"))
        self.w = {k.removeprefix("bert."): v.astype(np.float32) for k, v in weights.items()}
        self.tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=max_tokens)
        self.tokenizer.no_padding()

    def _embed_tokens(self, ids: np.ndarray) -> np.ndarray:
        w = self.w
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][: len(ids)]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        return _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)

    def _attention(self, x: np.ndarray, prefix: str) -> np.ndarray:
        w = self.w
        n, hidden = x.shape
        size = hidden // self.heads

        def project(name: str) -> np.ndarray:
            out = x @ w[f"{prefix}.attention.self.{name}.weight"].T + w[f"{prefix}.attention.self.{name}.bias"]
            return out.reshape(n, self.heads, size).transpose(1, 0, 2)

        q, k, v = project("query"), project("key"), project("value")
        scores = q @ k.transpose(0, 2, 1) / np.float32(np.sqrt(size))
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(1, 0, 2).reshape(n, hidden)
        out = context @ w[f"{prefix}.attention.output.dense.weight"].T + w[f"{prefix}.attention.output.dense.bias"]
        return _layer_norm(out + x, w[f"{prefix}.attention.output.LayerNorm.weight"], w[f"{prefix}.attention.output.LayerNorm.bias"], self.eps)

    def _feed_forward(self, x: np.ndarray, prefix: str) -> np.ndarray:
        w = self.w
        inner = _gelu(x @ w[f"{prefix}.intermediate.dense.weight"].T + w[f"{prefix}.intermediate.dense.bias"])
        out = inner @ w[f"{prefix}.output.dense.weight"].T + w[f"{prefix}.output.dense.bias"]
        return _layer_norm(out + x, w[f"{prefix}.output.LayerNorm.weight"], w[f"{prefix}.output.LayerNorm.bias"], self.eps)

    def encode_one(self, text: str) -> np.ndarray:
        ids = np.asarray(self.tokenizer.encode(text).ids, dtype=np.int64)
        x = self._embed_tokens(ids)
        for layer in range(self.layers):
            prefix = f"encoder.layer.{layer}"
            x = self._feed_forward(self._attention(x, prefix), prefix)
        pooled = x.mean(0)
        return (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).astype(np.float32)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One BLAS thread: the matrices of one short query are tiny, and with two threads
        OpenBLAS spins against any other busy process (measured: 14 ms becomes ~700 ms)."""
        if not texts:
            return np.zeros((0, 0), np.float32)
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"):
            return np.stack([self.encode_one(t) for t in texts])
