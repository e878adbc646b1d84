"""The packaged MiniLM loads offline by path; the NumPy query path matches torch."""

from __future__ import annotations

import numpy as np
import pytest

from vectorstore.embedder import EmbedderError, SentenceTransformerEmbedder, make_embedder

pytestmark = pytest.mark.slow


def test_minilm_records_its_identity_and_window(minilm):
    assert minilm.model_id == "sentence-transformers/all-MiniLM-L6-v2"
    assert minilm.dimension == 384
    assert minilm.max_tokens == 256


def test_numpy_query_path_matches_sentence_transformers(minilm):
    texts = ["How have others addressed apprenticeships?", "Technician voice: a survey and focus groups."]
    fast = minilm.numpy_encoder.encode(texts)
    full = minilm.model.encode(texts, normalize_embeddings=True)
    assert np.abs(fast - full).max() < 1e-4


def test_numpy_token_states_match_sentence_transformers_token_embeddings(minilm):
    """The plain model's token states, for reading statements word by word, without torch."""
    texts = ["How have others addressed apprenticeships?", "Technician voice: a survey and focus groups."]
    ours = minilm.embed_tokens(texts)
    theirs = minilm.model.encode(texts, output_value="token_embeddings", convert_to_numpy=False)
    for rows, reference in zip(ours, theirs, strict=True):
        assert rows.shape == tuple(reference.shape)
        assert np.abs(rows - reference.numpy()).max() < 1e-4


def test_similar_texts_are_closer_than_unrelated(minilm):
    a, b, c = minilm.embed(["apprenticeship scheme for lab technicians", "we hired technical apprentices", "the pension fund rules"])
    assert float(a @ b) > float(a @ c) + 0.2


def test_token_count_excludes_special_tokens(minilm):
    assert minilm.count_tokens("technician") == 1
    assert minilm.count_tokens("") == 0


def test_unknown_model_names_the_valid_ones():
    with pytest.raises(EmbedderError, match="valid: hashing, minilm"):
        make_embedder("gpt-embeddings")


def test_folder_without_model_is_refused(tmp_path):
    with pytest.raises(EmbedderError, match="not a sentence-transformers model folder"):
        SentenceTransformerEmbedder(tmp_path, "x")


def test_the_settings_cache_dir_reaches_every_packaged_model(tmp_path):
    # what is built once for a model (ONNX graphs, the drafting examples' vectors) goes to
    # TCA_CACHE_DIR whichever runtime embeds (stop 33: the sentence-transformers one ignored it)
    assert make_embedder("minilm", cache_dir=tmp_path).cache_dir == tmp_path
    assert make_embedder("minilm").cache_dir is None  # the default, ~/.cache/tca
