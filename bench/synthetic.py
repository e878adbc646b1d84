"""A synthetic Technician Commitment corpus of any size, written into a real store.

Embedding 100k chunks with all-MiniLM-L6-v2 takes over an hour on this machine, so the
generator embeds only a *pool* and derives every chunk's vector from it:

1. The pool: 660 distinct sentences (55 activities, ten to thirteen per theme, across
   the four pillars and evaluating impact, each put in twelve of forty framings), plus every generated
   institution name and section title. Each is embedded once with the store's real
   embedder and cached under ``<data dir>/bench/pool/`` (keyed by model and generator
   version), so later builds embed nothing.
2. A chunk is 4-7 pool sentences, mostly from one pillar, some opened by a connective
   ("In 2022, ...", "As a result, ...") for varied wording; its header is the generated
   institution ("University of Ashford", "Thornmouth Institute of Technology", ...) and a
   section title from the template spec (question titles per stage, pillar sections,
   case studies, update papers, action plans), with stages, years and doc types varied.
3. Its vector: ``normalise(mean(sentence vectors) + HEADER_WEIGHT * mean(institution
   vector, section vector) + N(0, NOISE_SIGMA^2) per dimension)``. The mean follows
   MiniLM's own mean pooling; the header term stands for the ``institution | section``
   line the real embedder sees; the noise separates chunks that share sentences.
   ``vector_fidelity`` measures the mean cosine between derived vectors and the real
   embedding of the same texts (the bench prints it).

Chunks are written through ``CorpusStore.add`` (Chroma on disk, SQLite chunks, FTS5,
registry rows, journal), one ``ParsedDocument`` per synthetic document, after putting the
derived vectors (of chunks and of their quotable statements) in the store's embedding
cache so ``add`` reuses them instead of embedding. A built store is kept under ``<data dir>/bench/synthetic/`` keyed by size,
seed, model, generator version and catalog schema, and reused; an interrupted build
resumes.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bench.synthetic_text import (
    CONNECTIVES,
    PILLARS,
    PoolSentence,
    institution_names,
    pillar_name,
    pool_sentences,
    section_titles,
)
from domain import load_template
from ingest.chunk import embedding_text
from ingest.models import CaseStudy, Chunk, DocumentMeta, ParsedDocument
from ingest.statements import passages_read_back, quotable_statements
from vectorstore.catalog import SCHEMA_VERSION
from vectorstore.embedder import Embedder
from vectorstore.second_opinion import SecondOpinion
from vectorstore.store import CorpusStore, StoreLocation, slugify, text_hash

GENERATOR_VERSION = 5  # 4: statement vectors derived and cached like chunk vectors; 5: by the second model too
HEADER_WEIGHT = 0.5  # best fit to the real embedding (bench: vector_fidelity)
NOISE_SIGMA = 0.006  # per dimension: about 0.12 in norm at 384 dims
BUILT_KEY = "synthetic_build"
BUILD_S_KEY = "synthetic_build_s"  # seconds a whole build spent writing chunks
FIDELITY_KEY = "synthetic_vector_fidelity"
DESCRIPTION = (
    "chunk vector = normalise(mean of its 4-7 pool sentences' real MiniLM vectors "
    f"+ {HEADER_WEIGHT} x mean(institution, section title vectors) + N(0, {NOISE_SIGMA}^2) noise); "
    "pool = 660 synthetic sentences + institution names + section titles, really embedded once"
)


@dataclass
class Pool:
    """Really embedded texts the synthetic vectors are derived from (rows are unit vectors)."""

    sentences: list[PoolSentence]
    sentence_vectors: np.ndarray
    header_vectors: dict[str, np.ndarray]  # institution names and section titles
    by_pillar: dict[str, np.ndarray]  # indices into ``sentences``
    second_vectors: np.ndarray | None = None  # the sentences by the second sentence model, if on


@dataclass
class SyntheticDocument:
    parsed: ParsedDocument
    vectors: np.ndarray  # one derived vector per chunk, in chunk order
    statement_vectors: dict[str, np.ndarray] = field(default_factory=dict)  # quotable statements, derived too
    second_statement_vectors: dict[str, np.ndarray] = field(default_factory=dict)  # the same by the second model


@dataclass
class SyntheticStore:
    store: CorpusStore
    folder: Path
    chunks: int
    reused: bool
    build_s: float  # this build's seconds; when reused, as recorded at its build (0.0: not recorded)
    fidelity: float  # mean cosine of derived vectors to real embeddings (see vector_fidelity)


def load_pool(embedder: Embedder, cache_dir: Path, institutions: int = 400, second: SecondOpinion | None = None) -> Pool:
    """The pool's vectors, embedded once per model and generator version (the sentences'
    by the second sentence model too, when one is on)."""
    sentences = pool_sentences()
    headers = institution_names(institutions) + section_titles()
    texts = [s.text for s in sentences] + headers
    vectors = _embedded_once(cache_dir, embedder.model_id, texts, embedder.embed)
    by_pillar = {p: np.array([i for i, s in enumerate(sentences) if s.pillar == p]) for p in PILLARS}
    header_vectors = dict(zip(headers, vectors[len(sentences):], strict=True))
    pool = Pool(sentences, vectors[: len(sentences)], header_vectors, by_pillar)
    if second:
        pool.second_vectors = _embedded_once(cache_dir, second.model_id, texts[: len(sentences)], second.embed_passages)
    return pool


def _embedded_once(cache_dir: Path, model_id: str, texts: list[str], embed: Callable) -> np.ndarray:
    cache = cache_dir / f"{slugify(model_id)}-v{GENERATOR_VERSION}-{_digest(texts)}.npy"
    if cache.is_file():
        return np.load(cache)
    vectors = np.asarray(embed(texts), dtype=np.float32)
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.save(cache, vectors)
    return vectors


def _digest(texts: list[str]) -> str:
    return hashlib.sha256("\n".join(texts).encode()).hexdigest()[:12]


# -- documents ------------------------------------------------------------------------
def institutions_for(chunks: int) -> int:
    """About one institution per 250 chunks (the sector has a few hundred signatories)."""
    return int(min(400, max(6, chunks // 250)))


@dataclass(frozen=True)
class _Plan:
    """What one synthetic document is, before its chunks are written."""

    number: int
    doc_type: str
    institution: str | None
    stage: str | None
    year: int
    chunks: int


def _document_plans(chunks: int, rng: np.random.Generator) -> Iterator[_Plan]:
    """Documents in rounds over the institutions: initial submissions, then stage two,
    renewals, update papers and action plans; every 40th a multi-institution case-study
    report. The last document is cut so the total is exactly ``chunks``."""
    names = institution_names(institutions_for(chunks))
    first_year = {name: int(rng.integers(2017, 2021)) for name in names}
    rounds = (("submission", "initial", 0, 30, 90), ("submission", "stage_two", 2, 30, 90),
              ("submission", "renewal", 5, 30, 90), ("update_paper", None, 3, 8, 25),
              ("action_plan", None, 4, 15, 40))
    written, number = 0, 0
    while written < chunks:
        if number % 40 == 39:
            doc_type, stage, offset, low, high, name = "case_study_report", None, 6, 60, 150, None
        else:
            doc_type, stage, offset, low, high = rounds[(number // len(names)) % len(rounds)]
            name = names[number % len(names)]
        year = min(2025, (first_year[name] if name else 2018) + offset + (number // (len(names) * 5)))
        size = min(int(rng.integers(low, high + 1)), chunks - written)
        yield _Plan(number, doc_type, name, stage, year, size)
        written += size
        number += 1


def _sections(plan: _Plan) -> list[tuple[str, str, str | None, tuple[str, ...]]]:
    """(title, kind, question id, pillars) of the document's sections, in order."""
    if plan.doc_type == "submission":
        stage = next(s for s in load_template().stages if s.id == plan.stage)
        sections: list[tuple[str, str, str | None, tuple[str, ...]]] = []
        for question in stage.questions:
            if question.title == "Progress per pillar":
                sections += [(f"Progress per pillar - {pillar_name(p)}", "pillar", question.id, (p,)) for p in PILLARS]
            else:
                sections.append((question.title, "question", question.id, ()))
        return sections
    if plan.doc_type == "update_paper":
        return [(f"Actions and achievements - {pillar_name(p)}", "body", None, (p,)) for p in PILLARS]
    if plan.doc_type == "action_plan":
        return [(f"Action plan - {pillar_name(p)}", "body", None, (p,)) for p in PILLARS]
    return [("Foreword", "body", None, ())] + [(f"Case study: {pillar_name(p)}", "case_study", None, (p,)) for p in PILLARS]


def _chunk_text(pool: Pool, pillar: str, year: int, rng: np.random.Generator) -> tuple[str, list[int]]:
    """4-7 pool sentences, mostly of one pillar, some opened by a connective; two paragraphs."""
    count = int(rng.integers(4, 8))
    own = rng.choice(pool.by_pillar[pillar], size=count, replace=False)
    if rng.random() < 0.4:
        other = PILLARS[int(rng.integers(len(PILLARS)))]
        own[-1] = rng.choice(pool.by_pillar[other])
    picked = [int(i) for i in own]
    sentences = [_with_connective(pool.sentences[i].text, year, rng) for i in picked]
    split = max(1, count // 2)
    return " ".join(sentences[:split]) + "\n" + " ".join(sentences[split:]), picked


def _with_connective(sentence: str, year: int, rng: np.random.Generator) -> str:
    if rng.random() >= 0.3:
        return sentence
    opener = CONNECTIVES[int(rng.integers(len(CONNECTIVES)))].format(year=year - int(rng.integers(0, 3)))
    first = sentence.split()[0]
    keep_case = first[1:] != first[1:].lower() or first == "T"  # "RSciTech", "T Level"
    return opener + (sentence if keep_case else sentence[0].lower() + sentence[1:])


def derive_vector(pool: Pool, picked: list[int], header: list[str], rng: np.random.Generator | None) -> np.ndarray:
    """Normalised mean of the chunk's sentence vectors, plus its header's vectors and
    (when ``rng`` is given) a little Gaussian noise."""
    vector = pool.sentence_vectors[picked].mean(axis=0)
    heads = [pool.header_vectors[h] for h in header if h in pool.header_vectors]
    if heads:
        vector = vector + HEADER_WEIGHT * np.mean(heads, axis=0)
    if rng is not None:
        vector = vector + rng.normal(0.0, NOISE_SIGMA, size=vector.shape)
    return _unit(vector)


def _document(plan: _Plan, pool: Pool, names: list[str], folder: Path, rng: np.random.Generator) -> SyntheticDocument:
    doc_id = f"syn-{plan.number:06d}-{slugify(plan.institution or 'case-studies')}-{plan.doc_type}"
    date = f"{plan.year}-{int(rng.integers(1, 13)):02d}"
    path = folder / "files" / f"{doc_id}.txt"
    chunks, vectors, case_studies, members = _chunks(plan, doc_id, path.name, date, pool, names, rng)
    meta = DocumentMeta(
        doc_type=plan.doc_type, title=_title(plan), institution=plan.institution, stage=plan.stage, date=date,
    )
    sha = hashlib.sha256(f"v{GENERATOR_VERSION}\n".encode() + "\n".join(c.text for c in chunks).encode()).hexdigest()
    parsed = ParsedDocument(
        doc_id=doc_id, path=path, sha256=sha, file_type="txt", meta=meta, pages=1 + plan.chunks // 3,
        sections=[], chunks=chunks, case_studies=case_studies,
    )
    statements = {text: derive_vector(pool, picked, [], None) for text, picked in members.items()}
    second = {} if pool.second_vectors is None else {
        text: _unit(pool.second_vectors[picked].mean(axis=0)) for text, picked in members.items()}
    return SyntheticDocument(parsed, np.stack(vectors), statements, second)


def _unit(vector: np.ndarray) -> np.ndarray:
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def _chunks(
    plan: _Plan, doc_id: str, file: str, date: str, pool: Pool, names: list[str], rng: np.random.Generator,
) -> tuple[list[Chunk], list[np.ndarray], list[CaseStudy], dict[str, list[int]]]:
    """The document's chunks in section order, each with its derived vector, and the pool
    sentences each quotable statement holds; a case-study report changes institution
    every four chunks."""
    sections = _sections(plan)
    chunks, vectors, case_studies, picks = [], [], [], []
    case_institution = None
    for index in range(plan.chunks):
        title, kind, question_id, pillars = sections[index * len(sections) // plan.chunks]
        institution = plan.institution
        if kind == "case_study":
            if case_institution is None or index % 4 == 0:
                case_institution = names[int(rng.integers(len(names)))]
                case_studies.append(CaseStudy(case_institution, pillars[0], 1 + index // 3, 1 + index // 3))
            institution = case_institution
        pillar = pillars[0] if pillars else PILLARS[int(rng.integers(len(PILLARS)))]
        text, picked = _chunk_text(pool, pillar, plan.year, rng)
        page = 1 + index // 3
        chunks.append(Chunk(
            doc_id=doc_id, index=index, text=text, file=file, institution=institution,
            doc_type=plan.doc_type, stage=plan.stage, date=date, section_title=title, section_kind=kind,
            question_id=question_id, pillars=pillars, page_start=page, page_end=page,
        ))
        vectors.append(derive_vector(pool, picked, [h for h in (institution, title) if h], rng))
        picks.append(picked)
    # each chunk as ingest embeds its statements: read back to the sentence its first leans on
    members: dict[str, list[int]] = {}
    for index, (chunk, passage) in enumerate(zip(chunks, passages_read_back(chunks), strict=True)):
        picked = picks[index] if passage == chunk.text else picks[index - 1] + picks[index]
        members.update(_statement_members(pool, passage, picked))
    return chunks, vectors, case_studies, members


def _statement_members(pool: Pool, text: str, picked: list[int]) -> dict[str, list[int]]:
    """The pool sentences each quotable statement holds (one, or two when it carries its
    previous sentence along): its vector is their mean."""
    return {
        statement: [i for i in picked if pool.sentences[i].text[1:] in statement] or picked
        for statement in quotable_statements(text)
    }


def _title(plan: _Plan) -> str:
    if plan.doc_type == "submission":
        stage = next(s for s in load_template().stages if s.id == plan.stage)
        return f"{plan.institution}: {stage.name} ({plan.year})"
    if plan.doc_type == "case_study_report":
        return f"Technician Commitment case studies {plan.year}"
    label = "Update paper" if plan.doc_type == "update_paper" else "Action plan"
    return f"{plan.institution}: {label} {plan.year}"


def synthetic_documents(chunks: int, pool: Pool, folder: Path, seed: int = 0) -> Iterator[SyntheticDocument]:
    """Deterministic documents totalling exactly ``chunks`` chunks (same seed, same corpus)."""
    rng = np.random.default_rng(seed)
    names = institution_names(institutions_for(chunks))
    for plan in _document_plans(chunks, rng):
        yield _document(plan, pool, names, folder, rng)


# -- writing into a store -------------------------------------------------------------
def write_document(store: CorpusStore, document: SyntheticDocument) -> None:
    """Through the store's own write path; the derived vectors go into the embedding
    cache first, so ``CorpusStore.add`` reuses them instead of embedding."""
    texts = [embedding_text(c) for c in document.parsed.chunks]
    store.catalog.cache_vectors(
        store.embedder.model_id,
        [(text_hash(t), v) for t, v in zip(texts, document.vectors, strict=True)]
        + [(text_hash(t), v) for t, v in document.statement_vectors.items()],
    )
    if store.second and document.second_statement_vectors:
        store.catalog.cache_vectors(
            store.second.model_id, [(text_hash(t), v) for t, v in document.second_statement_vectors.items()])
    store.add(document.parsed)


def write_synthetic_corpus(
    store: CorpusStore, chunks: int, pool: Pool, seed: int = 0, on_progress: Callable[[int, int], None] | None = None,
) -> int:
    """Add every synthetic document the store does not hold yet; returns chunks written."""
    written = done = 0
    for document in synthetic_documents(chunks, pool, store.location.data_dir, seed):
        done += len(document.parsed.chunks)
        if store.catalog.doc_id_taken(document.parsed.doc_id):
            continue  # resumed build: documents are added atomically
        write_document(store, document)
        written += len(document.parsed.chunks)
        if on_progress:
            on_progress(done, chunks)
    return written


def synthetic_store_dir(data_dir: Path, chunks: int, model_id: str, seed: int = 0, second_id: str | None = None) -> Path:
    """One folder per model (and second model), generator version, catalog schema, seed and size."""
    models = slugify(model_id) + (f"+{slugify(second_id)}" if second_id else "")
    name = f"{models}-v{GENERATOR_VERSION}-schema{SCHEMA_VERSION}-s{seed}-n{chunks}"
    return data_dir / "bench" / "synthetic" / name


def build_synthetic_store(
    data_dir: Path, chunks: int, embedder: Embedder, seed: int = 0,
    on_progress: Callable[[int, int], None] | None = None, second: SecondOpinion | None = None,
) -> SyntheticStore:
    """Open the synthetic store of ``chunks`` chunks, building (or finishing) it first."""
    folder = synthetic_store_dir(data_dir, chunks, embedder.model_id, seed, second.model_id if second else None)
    store = CorpusStore(StoreLocation(folder), embedder, second=second)
    key = f"v{GENERATOR_VERSION} seed={seed} chunks={chunks}"
    if store.catalog.get_meta(BUILT_KEY) == key:
        recorded = store.catalog.get_meta(BUILD_S_KEY)
        return SyntheticStore(store, folder, chunks, True, float(recorded or 0.0), _fidelity(store, data_dir))
    pool = load_pool(embedder, data_dir / "bench" / "pool", second=second)
    start = time.perf_counter()  # writing only: the pool is embedded once per model
    written = write_synthetic_corpus(store, chunks, pool, seed, on_progress)
    store.save_keyword_index()  # as an ingest does at its end
    build_s = time.perf_counter() - start
    if written == chunks:  # a whole build, not the end of a resumed one
        store.catalog.set_meta(BUILD_S_KEY, f"{build_s:.3f}")
    store.catalog.set_meta(BUILT_KEY, key)
    return SyntheticStore(store, folder, chunks, False, build_s, _fidelity(store, data_dir, pool))


def _fidelity(store: CorpusStore, data_dir: Path, pool: Pool | None = None) -> float:
    """Measured once per store (it embeds a sample of chunks for real) and remembered."""
    recorded = store.catalog.get_meta(FIDELITY_KEY)
    if recorded is not None:
        return float(recorded)
    pool = pool or load_pool(store.embedder, data_dir / "bench" / "pool")
    value = round(vector_fidelity(store.embedder, pool), 3)
    store.catalog.set_meta(FIDELITY_KEY, str(value))
    return value


def vector_fidelity(embedder: Embedder, pool: Pool, sample: int = 48, seed: int = 1) -> float:
    """Mean cosine between derived vectors (noise included) and the real embedding of
    the same chunk texts: how far the synthetic vectors are from what ingest would store."""
    derived, texts = [], []
    for document in synthetic_documents(sample * 4, pool, Path("synthetic"), seed):
        for chunk, vector in zip(document.parsed.chunks, document.vectors, strict=True):
            derived.append(vector)
            texts.append(embedding_text(chunk))
    step = max(1, len(texts) // sample)
    real = np.asarray(embedder.embed(texts[::step][:sample]), dtype=np.float32)
    return float(np.mean(np.sum(real * np.stack(derived[::step][:sample]), axis=1)))
