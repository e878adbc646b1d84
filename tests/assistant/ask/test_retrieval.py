"""Hybrid retrieval: fusion, the spread across institutions, neighbours and filters, on
small hand-made rows and on the real corpus (whether passages answer is judged by the
evidence selection: test_evidence.py)."""

from __future__ import annotations

import pytest

from assistant.ask.retrieval import (
    HybridRetriever,
    Retrieved,
    by_institution_strength,
    fuse,
    merge_neighbours,
    spread_across_institutions,
)
from vectorstore.catalog import ChunkRow
from vectorstore.filters import SearchFilter


def row(chunk_id: str, institution: str | None, idx: int = 0, section: str = "S", text: str = "t", doc: str = "d") -> ChunkRow:
    return ChunkRow(
        chunk_id=chunk_id, doc_id=doc, idx=idx, text=text, search_text=text, embed_text=text, file=f"{doc}.pdf",
        institution=institution, doc_type="submission", stage=None, date=None, year=None, section_title=section,
        section_kind="question", question_id=None, pillars="", page_start=idx + 1, page_end=idx + 1, content_hash="h",
    )


def hit(chunk: ChunkRow, score: float) -> Retrieved:
    return Retrieved(chunk, score, None, None)


def test_fusion_standardises_each_ranking_before_summing():
    fused = fuse([({"a": 10.0, "b": 0.0}, 1.0), ({"a": 0.5, "b": 0.4, "c": 0.3}, 1.0)])
    assert max(fused, key=fused.get) == "a"
    assert fused["c"] < fused["b"]  # c is only below the second ranking's mean


def test_a_passage_keyword_search_matched_weakly_is_not_below_one_it_did_not_match():
    # keyword search found "weak" far below its mean; "unmatched" only the dense search returned
    keyword = {"top": 15.0, "second": 8.0, "weak": 3.0, "weakest": 2.0}
    dense = {"top": 0.50, "second": 0.48, "weak": 0.40, "weakest": 0.39, "unmatched": 0.40}
    fused = fuse([(dense, 1.0), (keyword, 1.0)])
    assert fused["weak"] > fused["unmatched"]  # it counted as the keyword ranking's mean before
    assert fused["weakest"] < fused["unmatched"]  # the lowest match counts as no match


def test_spread_gives_each_institution_a_turn_before_seconds_and_unattributed_wait():
    ranked = [hit(row("a1", "A"), 9), hit(row("a2", "A"), 8), hit(row("x", None, doc="report"), 7), hit(row("b1", "B"), 6)]
    chosen = spread_across_institutions(ranked, k=3, cap=2)
    assert [h.chunk.chunk_id for h in chosen] == ["a1", "b1", "x"]


def test_an_institution_with_two_strong_passages_goes_before_one_with_a_single_near_one():
    ranked = [hit(row("a1", "A"), 3.0), hit(row("b1", "B"), 2.9), hit(row("b2", "B"), 2.5), hit(row("a2", "A"), -1.0)]
    ordered = by_institution_strength(ranked)
    assert [h.chunk.chunk_id for h in ordered] == ["b1", "b2", "a1", "a2"]
    assert [h.chunk.chunk_id for h in spread_across_institutions(ordered, k=1, cap=2)] == ["b1"]
    assert [h.chunk.chunk_id for h in spread_across_institutions(ranked, k=1, cap=2)] == ["a1"]  # by best passage alone


def test_neighbour_of_the_same_section_joins_the_passage():
    first, second, other = row("c0", "A", 0, text="one."), row("c1", "A", 1, text="two."), row("c2", "A", 2, section="T", text="three.")
    merged = merge_neighbours([hit(second, 5)], [hit(first, 4), hit(second, 5), hit(other, 3)])
    assert merged[0].chunk.text == "one.\ntwo." and merged[0].chunk.page_start == 1


def test_the_next_case_study_of_another_institution_is_not_glued_on():
    """A report's consecutive case studies share a title, not an author."""
    first = row("c0", "Newcastle", 0, section="Case study: Recognition", text="Our awards.")
    second = row("c1", "York", 1, section="Case study: Recognition", text="Their awards.")
    merged = merge_neighbours([hit(first, 5)], [hit(first, 5), hit(second, 4)])
    assert merged[0].chunk.text == "Our awards."


@pytest.mark.slow
def test_apprenticeships_surface_at_least_six_institutions(corpus_store):
    result = HybridRetriever(corpus_store).retrieve("How have others addressed apprenticeships?")
    institutions = {h.chunk.institution for h in result.hits if h.chunk.institution}
    assert len(institutions) >= 6


@pytest.mark.slow
def test_filters_restrict_every_hit(corpus_store):
    retriever = HybridRetriever(corpus_store)
    for where, check in [
        (SearchFilter(stage="renewal"), lambda c: c.stage == "renewal"),
        (SearchFilter(pillar="recognition"), lambda c: "recognition" in c.pillar_list),
        (SearchFilter(doc_type="case_study_report"), lambda c: c.doc_type == "case_study_report"),
        (SearchFilter(year=2021), lambda c: c.year == 2021),
    ]:
        hits = retriever.retrieve("technician development", where).hits
        assert hits and all(check(h.chunk) for h in hits), where


@pytest.mark.slow
def test_a_named_institution_focuses_the_search(corpus_store):
    result = HybridRetriever(corpus_store).retrieve("How many technical staff does the University of Liverpool have?")
    assert result.filters.institution == "University of Liverpool"
    assert {h.chunk.institution for h in result.hits} == {"University of Liverpool"}


@pytest.mark.slow
def test_a_question_about_an_intervention_is_searched_with_its_terms_too(corpus_store):
    retriever = HybridRetriever(corpus_store)

    def widened(question: str):
        plan = retriever.plan(question)
        return plan, retriever._widened(plan, corpus_store.embedder.embed([" ".join(plan.content_words) or plan.text])[0])

    asked, (searched, judged) = widened("Do any institutions have a technician network?")
    assert "community of practice" in searched.expansions  # the network theme's term
    assert judged == asked  # judged by its own words
    vague, (searched, judged) = widened("What happened in 2021?")
    assert searched == judged == vague  # fits no intervention: searched as asked


@pytest.mark.slow
def test_a_question_about_a_whole_pillar_is_searched_and_judged_with_its_activities(corpus_store):
    retriever = HybridRetriever(corpus_store)
    result = retriever.retrieve("What are institutions doing to make their technical workforce sustainable?")
    sustainable = next(t for t in result.plan.topics if t.word == "sustainable")
    assert {"succession planning", "apprenticeship"} <= set(sustainable.alternatives)  # the pillar's activities (pillars.toml)
    assert "succession planning" in result.plan.expansions
    narrow = retriever.retrieve("Under the sustainability theme, how are institutions handling succession planning?")
    assert "outreach" not in narrow.plan.expansions  # asks about one intervention: not the whole pillar


def test_a_passage_cut_mid_sentence_reads_on_to_the_sentence_end_in_the_next_chunk():
    from assistant.ask.retrieval import complete_cut_sentences

    cut = row("d:v1:0", "Aston University", idx=0, text="The scheme had a profound impact on")
    following = row("d:v1:1", "Aston University", idx=1, text="our technical workforce. A second sentence follows.")
    other_section = row("e:v1:1", "Aston University", idx=1, section="Other", text="the rest. More.", doc="e")

    class Store:
        def chunks(self, ids):
            return {r.chunk_id: r for r in (following, other_section) if r.chunk_id in ids}

    [done] = complete_cut_sentences([hit(cut, 1.0)], Store())
    assert done.chunk.text == "The scheme had a profound impact on our technical workforce."
    elsewhere = row("e:v1:0", "Aston University", idx=0, text="It helped with", doc="e")
    assert complete_cut_sentences([hit(elsewhere, 1.0)], Store())[0].chunk.text == "It helped with"  # another section


def test_a_passage_opening_on_a_sentence_leaning_back_reads_back_to_the_one_it_leans_on():
    from assistant.ask.retrieval import carry_leaning_openings
    from ingest.statements import quotable_statements

    before = row("d:v1:0", "Aston University", idx=0, text="Our peers reviewed the plan.\nThe panel sent its report in May.")
    leaning = row("d:v1:1", "Aston University", idx=1, text="It praised the budget and the champions network. We will act on it.")
    other_section = row("d:v1:1", "Aston University", idx=1, section="Other", text=leaning.text)

    class Store:
        def chunks(self, ids):
            return {before.chunk_id: before} if before.chunk_id in ids else {}

    [done] = carry_leaning_openings([hit(leaning, 1.0)], Store())
    assert done.chunk.text == f"The panel sent its report in May.\n{leaning.text}"
    assert "The panel sent its report in May. It praised the budget and the champions network." in quotable_statements(done.chunk.text)
    assert carry_leaning_openings([hit(other_section, 1.0)], Store())[0].chunk.text == leaning.text  # another section
    standing = row("d:v1:1", "Aston University", idx=1, text="The panel praised the budget and the champions network.")
    assert carry_leaning_openings([hit(standing, 1.0)], Store())[0].chunk.text == standing.text  # leans on nothing


def test_a_passage_ending_on_a_lead_in_reads_on_to_what_it_introduces():
    from assistant.ask.retrieval import complete_cut_sentences

    lead_in = row("d:v1:0", "Aston University", idx=0, text="Kim Lee, a workshop technician who joined the programme, said:")
    quotation = row("d:v1:1", "Aston University", idx=1, text="\u201cIt gave me the confidence to apply for a senior role.\u201d I start in May.")

    class Store:
        def chunks(self, ids):
            return {quotation.chunk_id: quotation} if quotation.chunk_id in ids else {}

    [done] = complete_cut_sentences([hit(lead_in, 1.0)], Store())
    assert done.chunk.text == f"{lead_in.text}\n\u201cIt gave me the confidence to apply for a senior role.\u201d"
