"""Cues and examples that only name the people every statement is about (technicians) are
no prototype of an element: they drew any statement about technicians to it."""

from __future__ import annotations

from assistant.draft.placement import Placer
from assistant.draft.questions import draft_slots, names_subject
from assistant.draft.vectors import VectorCache
from domain import load_template
from tests.assistant.draft.test_draft_placement import HandEmbedder

TEMPLATE = load_template()


def test_a_text_names_only_the_subject_when_at_most_one_other_word_is_left():
    assert names_subject("technicians") and names_subject("Technical staff") and names_subject("technician group")
    assert not names_subject("number of technicians") and not names_subject("working group or committee of technicians")
    assert not names_subject("headcount")


def test_an_elements_cue_naming_technicians_is_its_vocabulary_but_no_prototype():
    slots = {slot.key: slot for slot in draft_slots(TEMPLATE.question("initial.q3"), TEMPLATE)}
    count = slots["initial.q3.count"]
    assert {"technicians", "technical staff"} <= set(count.vocabulary)
    assert not {"technicians", "technical staff"} & set(count.prototypes) and "headcount" in count.prototypes
    mechanism = draft_slots(TEMPLATE.question("renewal.q7"), TEMPLATE)[1]
    assert "technician group" not in mechanism.prototypes
    assert "working group or committee of technicians" in mechanism.prototypes
    visibility = next(s for s in draft_slots(TEMPLATE.question("renewal.q6"), TEMPLATE) if s.pillar == "visibility")
    assert "number of technicians" in visibility.prototypes  # a pillar's keywords keep them


def test_a_units_share_of_the_staff_goes_to_where_they_sit_not_to_the_headcount():
    """"The farm campus has a dozen, on weekend rotas" reads like "technicians" (whom it is
    about) more than like the distribution's description; it says where they sit."""
    slots = draft_slots(TEMPLATE.question("initial.q3"), TEMPLATE)
    distribution = next(slot for slot in slots if slot.key == "initial.q3.distribution")
    share = "The farm campus has a dozen, on weekend rotas"
    embedder = HandEmbedder({"technicians": [1, 0, 0], share: [0.9, 0.3, 0], distribution.prototypes[0]: [0.5, 1, 0]})
    placer = Placer(slots, VectorCache(embedder), generic_weight=0.0, template=TEMPLATE)
    assert placer.place([share])[0].slot.key == "initial.q3.distribution"


def test_a_sign_off_that_names_no_technician_is_the_questions_own_not_the_voice_mechanism():
    """The voice mechanism is what technicians themselves did (spec 9.4); a senior body's
    approval of the plan is its sign-off (spec 4), context for the question. A sign-off
    that technicians took part in still serves the mechanism, and a heading ("Sign-off:")
    is not read as one."""
    question = TEMPLATE.question("initial.q7")
    general, mechanism = draft_slots(question, TEMPLATE)
    assert mechanism.voice and not general.voice
    signed = "The Dean's board signed the final plan off in June"
    voted = "The plan was endorsed by a vote of the lab staff forum, where techs hold most seats"
    comments = "Comments from the open consultation changed three actions"
    embedder = HandEmbedder({question.asks: [1, 0], signed: [1, 0.3], voted: [1, 0.3], comments: [1, 0.3]})
    placer = Placer((general, mechanism), VectorCache(embedder), template=TEMPLATE)
    placed = placer.place([signed, voted, comments], hints=["", "", "Sign-off"])
    assert [p.slot.key for p in placed] == [general.key, mechanism.key, mechanism.key]
