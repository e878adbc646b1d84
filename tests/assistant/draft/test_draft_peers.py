"""Peers' whole answers to the question being drafted, on the real corpus: the renewal
submission's own governance answer is a peer of renewal Q2 with the elements the checker
finds in it; the user's own institution is never its own peer; per element, peers'
sentences chosen by meaning."""

from __future__ import annotations

import pytest

from assistant.draft import DraftSession
from assistant.draft.peers import same_institution, section_text
from domain import load_template

pytestmark = pytest.mark.slow
TEMPLATE = load_template()
LSTM = "Liverpool School of Tropical Medicine"
NOTES = "- A steering group chaired by the Pro-Vice-Chancellor leads the work\n- It reports to the University Executive Board"


def test_renewal_q2_lists_the_renewal_submissions_own_answer_with_its_covered_elements(corpus_store):
    draft = DraftSession(TEMPLATE.question("renewal.q2"), corpus_store, own_institution="University of Westmarch").start(NOTES)
    lstm = next(a for a in draft.peer_answers if a.institution == LSTM)
    assert lstm.question_id == "renewal.q2" and lstm.stage == "renewal" and lstm.year == 2024
    assert lstm.page_start == 2 and lstm.words > 300
    assert {"renewal.q2.governance", "renewal.q2.reporting", "renewal.q2.engagement"} <= set(lstm.covered)
    own_chunks = [c for c in corpus_store.catalog.question_sections(["renewal.q2"]) if c.institution == LSTM]
    assert lstm.text == section_text(own_chunks, TEMPLATE)  # the whole answer, every chunk of it
    covered = [len(a.covered) for a in draft.peer_answers]
    assert covered == sorted(covered, reverse=True)  # best covered first
    assert {a.question_id for a in draft.peer_answers} <= {"renewal.q2", "stage_two.q1"}


def corpus_institutions(manifest) -> list[str]:
    return sorted({d["institution"] for d in manifest["documents"] if d["document_type"] == "submission"})


def test_an_institution_named_in_the_corpus_is_never_its_own_peer(corpus_store, manifest):
    for institution in corpus_institutions(manifest):
        spellings = (institution, institution.upper(), "the " + institution.lower())
        for question in (q for stage in TEMPLATE.stages for q in stage.questions):
            for spelling in spellings:
                session = DraftSession(question, corpus_store, own_institution=spelling)
                peers = session.peers()
                assert all(a.institution != institution for a in peers.answers), (institution, question.id)
                assert all(s.institution != institution for s in peers.sentences), (institution, question.id)
    assert DraftSession(TEMPLATE.question("renewal.q2"), corpus_store, own_institution="LSTM").peers().answers[0].institution != LSTM


def test_institution_names_match_across_spellings_and_initials():
    assert same_institution("LSTM", LSTM) and same_institution("liverpool school of tropical medicine", LSTM)
    assert same_institution("UoL", "University of Liverpool") and same_institution("LJMU", "Liverpool John Moores University")
    assert not same_institution("University of Liverpool", "Liverpool John Moores University")
    assert not same_institution("", LSTM) and not same_institution(None, LSTM)


def test_each_elements_peer_sentences_come_from_peers_answers_and_are_cited(corpus_store):
    draft = DraftSession(TEMPLATE.question("renewal.q2"), corpus_store).start(NOTES)
    texts = {a.institution: a.text for a in draft.peer_answers}
    for element in draft.elements[1:]:
        assert 1 <= len(element.examples) <= 2, element.id
        for n in element.examples:
            example = draft.exemplar(n)
            assert example.element == element.id and example.quote.rstrip("…") in texts[example.institution].replace("\n", " ") or \
                example.quote.rstrip("…")[:60] in texts[example.institution]
    numbers = [x.n for x in draft.exemplars]
    assert numbers == list(range(1, len(numbers) + 1))


def test_a_shared_prompts_answer_is_read_for_its_own_part(demo_store):
    """Kestrel Bay's stage-two voice answer sits inside its plan answer: only that part is its peer answer."""
    answers = DraftSession(TEMPLATE.question("renewal.q7"), demo_store).peers().answers
    kestrel = next(a for a in answers if a.institution == "Kestrel Bay University")
    assert kestrel.question_id == "stage_two.q7" and "Technician voice" in kestrel.text.split("\n")[0]
    assert kestrel.covered == ("renewal.q7.mechanism",)


def test_a_sections_chunks_read_as_one_text_with_pillar_headings(corpus_store):
    chunks = corpus_store.catalog.question_sections(["stage_two.q1"])
    text = section_text(chunks, TEMPLATE)
    lines = text.split("\n")
    assert len(lines) == len(set(lines)) or sum(1 for a, b in zip(lines, lines[1:], strict=False) if a == b) == 0
    assert {"Visibility", "Recognition", "Career Development", "Sustainability"} <= set(lines)


def test_a_form_field_of_a_peers_answer_is_never_quoted_as_how_they_wrote_an_element(shared_corpus, minilm, tmp_path):
    # the text version of a renewal submission, where the committee's roster stands on a line of its own
    from assistant.library import ingest_paths
    from ingest.statements import is_form_field
    from vectorstore.store import CorpusStore, StoreLocation

    store = CorpusStore(StoreLocation(tmp_path / "store"), minilm)
    assert ingest_paths(store, [shared_corpus / "txt" / "lstm-renewal-2024.txt"]).ok
    draft = DraftSession(TEMPLATE.question("stage_two.q1"), store, own_institution="University of Westmarch").start(NOTES)
    assert draft.exemplars
    assert not [x.quote for x in draft.exemplars if is_form_field(x.quote)]


def test_a_peers_sentence_that_leans_on_the_one_before_is_quoted_with_it(corpus_store):
    """LJMU's voice answer says who the working group's managers were, then "These managers
    brought a direct insight ...": quoted alone, "these managers" would name no one."""
    session = DraftSession(TEMPLATE.question("stage_two.q7"), corpus_store, own_institution="University of Westmarch")
    session.start("- Technicians voted on the draft actions in an online survey")
    quoted = [s.text for s in session.peers().sentences if s.text.endswith("into this working group.")]
    assert quoted and all(q.startswith("This consisted of twelve technical managers") for q in quoted)


def test_one_submission_held_as_two_files_is_one_peer(shared_corpus, minilm, tmp_path):
    # stop 43: a store holding LJMU's submission as DOCX and as text listed its answer twice
    from assistant.library import ingest_paths
    from vectorstore.store import CorpusStore, StoreLocation

    store = CorpusStore(StoreLocation(tmp_path / "store"), minilm)
    files = [shared_corpus / "docx" / "ljmu-initial-2024.docx", shared_corpus / "txt" / "ljmu-initial-2024.txt"]
    assert ingest_paths(store, files).ok and len(store.documents()) == 2
    draft = DraftSession(TEMPLATE.question("initial.q3"), store, own_institution="University of Westmarch").start(NOTES)
    assert [a.institution for a in draft.peer_answers] == ["Liverpool John Moores University"]
