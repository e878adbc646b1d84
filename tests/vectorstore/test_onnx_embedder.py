"""The ONNX embedder: vectors close to sentence-transformers, its model built once and
reused from the cache, and clear errors when onnxruntime is missing or the cache is bad.

Tolerances (measured on the 163 chunks of ../shared/corpus/pdf, bench/embed_bench.py):
fp32 differs from sentence-transformers by at most 2.4e-7 per component (cosine 1.00000);
int8 has cosine mean 0.9900, min 0.9772. The short texts here: int8 cosine 0.989-0.993.
"""

from __future__ import annotations

import os
import shutil
import sys
import time

import numpy as np
import pytest

from vectorstore import onnx_embedder
from vectorstore.embedder import EmbedderError, make_embedder
from vectorstore.onnx_embedder import OnnxEmbedder

pytestmark = pytest.mark.slow

TEXTS = [
    "How have others addressed apprenticeships?",
    "Technician voice: a survey and focus groups.",
    "We created a technical career pathway with clear progression from apprentice to senior "
    "technical manager, and funded professional registration with the Science Council for 40 technicians.",
    "the pension fund rules",
]


@pytest.fixture(scope="module")
def reference(minilm) -> np.ndarray:
    return minilm.model.encode(TEXTS, normalize_embeddings=True)


@pytest.fixture(scope="module")
def minilm_fp32(model_cache_dir):
    return make_embedder("minilm-onnx", cache_dir=model_cache_dir)


def _fresh(tmp_path, precision="int8") -> OnnxEmbedder:
    """An embedder with its own empty cache (builds its model on first use)."""
    return make_embedder("minilm-onnx-int8" if precision == "int8" else "minilm-onnx", cache_dir=tmp_path / "cache")


def test_fp32_graph_gives_the_sentence_transformers_vectors(minilm_fp32, reference):
    vectors = minilm_fp32.embed(TEXTS * 10)  # more than a small batch: through ONNX Runtime
    assert "session" in minilm_fp32.__dict__
    assert np.abs(vectors[: len(TEXTS)] - reference).max() < 1e-5
    assert minilm_fp32.model_id == "sentence-transformers/all-MiniLM-L6-v2"  # same vectors, same stores


def test_int8_vectors_are_close_but_carry_their_own_model_id(minilm_int8, reference):
    vectors = minilm_int8.embed(TEXTS)
    cosines = np.sum(vectors * reference, axis=1)
    assert cosines.min() > 0.98 and cosines.mean() > 0.985
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert minilm_int8.model_id == "sentence-transformers/all-MiniLM-L6-v2+onnx-int8"
    assert (minilm_int8.dimension, minilm_int8.max_tokens) == (384, 256)


def test_int8_embeds_a_query_with_its_own_graph_and_keeps_meaning(minilm_int8, minilm):
    """A query must be embedded by the model that filled the store, never the fp32 path."""
    query = minilm_int8.embed([TEXTS[0]])[0]
    assert "model" not in minilm_int8.__dict__ and "numpy_encoder" not in minilm_int8.__dict__
    assert float(query @ minilm.embed([TEXTS[0]])[0]) > 0.98
    a, b, c = minilm_int8.embed(["apprenticeship scheme for lab technicians", "we hired technical apprentices", "the pension fund rules"])
    assert float(a @ b) > float(a @ c) + 0.2


def test_texts_come_back_in_their_own_order_and_alone_or_together_alike(minilm_int8):
    """Texts run longest first inside; rows must come back in the caller's order. Each
    text runs alone, so its int8 vector does not depend on the texts beside it (a query
    embeds exactly as the same text did at ingestion)."""
    texts = TEXTS + ["short", "a much longer text about technicians " * 20]
    together = minilm_int8.embed(texts)
    alone = np.stack([minilm_int8.embed([text])[0] for text in texts])
    assert np.array_equal(together, alone)


def test_model_is_built_once_then_reused_from_the_cache(tmp_path, monkeypatch):
    first = _fresh(tmp_path)
    first.embed(["one"])
    files = list((tmp_path / "cache" / "onnx").iterdir())
    assert [f.name for f in files] == [first.model_file.name]  # no temporary files left behind
    inode = files[0].stat().st_ino

    def no_rebuild(*args):
        raise AssertionError("rebuilt although the cache holds a good model")

    monkeypatch.setattr(onnx_embedder, "build_model_file", no_rebuild)
    second = _fresh(tmp_path)
    assert np.allclose(second.embed(["one"]), first.embed(["one"]), atol=1e-6)
    assert files[0].stat().st_ino == inode  # the same file, not one written again


def test_the_same_weights_in_another_place_share_one_graph_file(tmp_path, minilm_int8):
    """A second checkout or virtual environment installs the same weights elsewhere: it
    must reuse the graph, not leave another ~60 MB copy in the user's cache."""
    elsewhere = tmp_path / "other-venv" / "model"
    shutil.copytree(minilm_int8.model_path, elsewhere, copy_function=shutil.copy)  # a new place and time
    moved = OnnxEmbedder(elsewhere, minilm_int8.model_id, "int8", minilm_int8.cache_dir)
    assert moved.model_file == minilm_int8.model_file
    (elsewhere / "model.safetensors").write_bytes(b"other weights")
    assert moved.model_file != minilm_int8.model_file


def test_graph_files_of_the_same_model_left_unused_are_removed_when_one_is_opened(tmp_path):
    embedder = _fresh(tmp_path)
    folder = embedder.model_file.parent
    folder.mkdir(parents=True)
    stale, recent = folder / f"{embedder.model_file.name[:-22]}-{'0' * 16}.onnx", folder / f"{embedder.model_file.name[:-22]}-{'1' * 16}.onnx"
    other_model = folder / f"another-model-int8-{'0' * 16}.onnx"
    month_ago = time.time() - 30 * 24 * 3600
    for path in (stale, recent, other_model):
        path.write_bytes(b"an older graph")
    os.utime(stale, (month_ago, month_ago))
    os.utime(other_model, (month_ago, month_ago))
    embedder.embed(["one"])
    assert sorted(p.name for p in folder.iterdir()) == sorted([embedder.model_file.name, recent.name, other_model.name])


def test_cache_file_depends_on_precision(tmp_path):
    assert _fresh(tmp_path, "int8").model_file != _fresh(tmp_path, "fp32").model_file


@pytest.mark.parametrize("damage", [b"not an onnx model", b""], ids=["garbage", "empty"])
def test_a_corrupt_cache_file_is_rebuilt(tmp_path, minilm_int8, damage):
    embedder = _fresh(tmp_path)
    embedder.model_file.parent.mkdir(parents=True)
    embedder.model_file.write_bytes(damage)
    vector = embedder.embed([TEXTS[0]])
    assert embedder.model_file.stat().st_size > 1_000_000
    assert float(vector[0] @ minilm_int8.embed([TEXTS[0]])[0]) > 0.999


def test_a_truncated_cache_file_is_rebuilt(tmp_path, minilm_int8):
    good = minilm_int8.model_file.read_bytes()
    embedder = _fresh(tmp_path)
    embedder.model_file.parent.mkdir(parents=True)
    embedder.model_file.write_bytes(good[: len(good) // 2])
    embedder.embed(["one"])
    assert embedder.model_file.read_bytes() == good


def test_a_model_that_still_will_not_load_is_a_clear_error(tmp_path, monkeypatch):
    def broken_build(model_path, precision, target):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"still not a model")
        return target

    monkeypatch.setattr(onnx_embedder, "build_model_file", broken_build)
    with pytest.raises(EmbedderError, match="ONNX Runtime cannot load the model"):
        _fresh(tmp_path).embed(["one"])


def test_weights_that_cannot_be_read_are_a_clear_error_and_leave_no_file(tmp_path, minilm):
    folder = tmp_path / "model"
    folder.mkdir()
    for name in ("config.json", "tokenizer.json", "sentence_bert_config.json", "1_Pooling/config.json"):
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_bytes((minilm.model_path / name).read_bytes())
    (folder / "model.safetensors").write_bytes(b"\x00" * 64)
    embedder = OnnxEmbedder(folder, "x+onnx-int8", "int8", tmp_path / "cache")
    with pytest.raises(EmbedderError, match="cannot build the ONNX model"):
        embedder.embed(["one"])
    assert not any((tmp_path / "cache" / "onnx").iterdir())


def test_missing_onnxruntime_names_the_package_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import raises ImportError
    with pytest.raises(EmbedderError, match="pip install onnxruntime"):
        _fresh(tmp_path).embed(["one"])


def test_missing_onnx_when_the_model_must_be_built_names_the_package(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "onnx", None)
    with pytest.raises(EmbedderError, match="needs onnx: pip install"):
        _fresh(tmp_path).embed(["one"])


def test_fp32_queries_stay_on_the_numpy_path(tmp_path):
    """A one-shot ``tca ask`` with the fp32 graph imports neither torch nor onnxruntime."""
    embedder = _fresh(tmp_path, "fp32")
    embedder.embed(TEXTS)
    assert "session" not in embedder.__dict__ and not (tmp_path / "cache").exists()


@pytest.mark.integration
def test_default_settings_ingest_and_answer_with_the_int8_model_and_keep_it(tmp_path):
    """The default path end to end: the store records the int8 model; the plain model is
    refused on it, so int8 and fp32 vectors never mix."""
    from pathlib import Path

    from assistant.library import ingest_paths
    from assistant.services import build_ask_service, open_store
    from assistant.settings import load_settings
    from vectorstore.dense import StoreMismatchError

    settings = load_settings()  # the data and cache dirs of this test (tests/conftest.py)
    store = open_store(settings)
    assert store.embedder.model_id.endswith("+onnx-int8")
    assert ingest_paths(store, [Path(__file__).resolve().parents[2] / "demo_corpus"]).ok
    service = build_ask_service(settings, store)
    # an answer's themes are clustered with the fp32 twin (the threshold was tuned on it)
    assert service.selector.themes.embedder is service.store.embedder  # one embedder: statements were embedded with it
    answer = service.ask("How have others addressed apprenticeships?")
    assert answer.found and answer.citations
    assert any("apprentic" in c.quote.lower() for c in answer.citations)
    store.close()
    with pytest.raises(StoreMismatchError, match=r"onnx-int8"):
        open_store(settings.model_copy(update={"embedding_model": "minilm"}))


def test_exact_twin_gives_fp32_vectors_without_torch(minilm_int8, reference):
    twin = minilm_int8.exact
    assert twin.model_id == "sentence-transformers/all-MiniLM-L6-v2"
    assert np.abs(twin.embed(TEXTS) - reference).max() < 1e-5
    assert "model" not in twin.__dict__  # the NumPy path: a dozen sentences never load torch


def test_token_states_are_the_rows_whose_mean_is_the_texts_vector(minilm_int8):
    """One graph gives both: a statement read word by word (assistant/ask/close_reading.py)
    is read in the same states its sentence vector averages."""
    states = minilm_int8.embed_tokens(TEXTS)
    for text, rows, vector in zip(TEXTS, states, minilm_int8.embed(TEXTS), strict=True):
        assert rows.shape == (minilm_int8.count_tokens(text) + 2, 384)  # [CLS] and [SEP] included
        pooled = rows.mean(axis=0)
        assert np.allclose(pooled / np.linalg.norm(pooled), vector, atol=1e-6)
