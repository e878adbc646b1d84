"""The placement rule's parts, each with a fake embedder whose vectors are set by hand:
ties between slots that share a prototype, the discount of prototypes that resemble the
whole domain, the synonym groups and the amounts an element asks for counted as a slot's
vocabulary."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from assistant.draft.figures import KINDS
from assistant.draft.placement import (
    VOCABULARY_WEIGHT,
    Placer,
    VectorCache,
    antecedents,
    domain_texts,
    predicate,
    uses,
)
from assistant.draft.questions import Slot, draft_slots, examples, related_words
from domain import load_template

TEMPLATE = load_template()
_IDS = itertools.count()


class HandEmbedder:
    """Vectors given per text; any other text (the template's own) is the last axis."""

    max_tokens = 256

    def __init__(self, vectors: dict[str, list[float]]):
        self.dimension = len(next(iter(vectors.values())))
        self.model_id = f"hand-{next(_IDS)}"  # VectorCache shares vectors per model id
        self.vectors = vectors

    def embed(self, texts):
        other = [0.0] * (self.dimension - 1) + [1.0]
        rows = np.array([self.vectors.get(t, other) for t in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    def count_tokens(self, text: str) -> int:
        return len(text.split())


def _slots() -> list[Slot]:
    return [
        Slot("q", "q", "general", ("the question",), general=True),
        Slot("q.a", "q.a", "a", ("shared word", "only a")),
        Slot("q.b", "q.b", "b", ("shared word", "only b")),
    ]


def test_slots_tied_on_a_shared_prototype_are_told_apart_by_their_own():
    embedder = HandEmbedder({
        "the question": [0, 1, 0, 0, 0], "shared word": [1, 0, 0, 0, 0], "only a": [0, 0, 1, 0, 0],
        "only b": [0, 0, 0, 1, 0], "closer to b": [1, 0, 0.1, 0.3, 0],
    })
    placer = Placer(_slots(), VectorCache(embedder), generic_weight=0.0)
    scores = placer.scores(["closer to b"])[0]
    assert scores[1] == scores[2]  # both slots' best prototype is the one they share
    assert placer.place(["closer to b"])[0].slot.key == "q.b"


def test_a_prototype_like_every_text_of_the_domain_counts_for_less():
    # "only a" points halfway along the template's own texts (the last axis), "only b" does not.
    embedder = HandEmbedder({
        "the question": [0, 1, 0, 0, 0], "shared word": [0, 0, 0, 1, 0], "only a": [1, 0, 0, 0, 1],
        "only b": [0, 0, 1, 0, 0], "statement": [1, 0, 0.6, 0, 0],
    })
    plain = Placer(_slots(), VectorCache(embedder), generic_weight=0.0)
    discounted = Placer(_slots(), VectorCache(embedder), generic_weight=0.5)
    assert plain.place(["statement"])[0].slot.key == "q.a"
    assert discounted.place(["statement"])[0].slot.key == "q.b"


def test_a_statement_is_read_by_its_predicate_as_well_as_by_its_subject():
    # The whole statement is nearer "only a" (it is about the people a counts); what they did is "only b".
    embedder = HandEmbedder({
        "the question": [0, 1, 0, 0, 0], "shared word": [1, 0, 0, 0, 0], "only a": [0, 0, 1, 0, 0],
        "only b": [0, 0, 0, 1, 0], "Nine technicians have done b": [0, 0, 1, 0.9, 0], "They have done b": [0, 0, 0.2, 1, 0],
    })
    whole = Placer(_slots(), VectorCache(embedder), generic_weight=0.0, predicate_weight=0.0)
    both = Placer(_slots(), VectorCache(embedder), generic_weight=0.0)
    assert whole.place(["Nine technicians have done b"])[0].slot.key == "q.a"
    assert both.place(["Nine technicians have done b"])[0].slot.key == "q.b"


def test_the_predicate_is_the_statement_after_its_subject_with_a_pronoun_in_its_place():
    assert predicate("Eleven of our technicians have taken part in ITSS programmes.") == "They have taken part in ITSS programmes."
    assert predicate("The fund has made 47 awards since 2021.") == "It has made 47 awards since 2021."
    assert predicate("The work is overseen by the steering group.") == "It is overseen by the steering group."
    assert predicate("Each faculty will host a skills day.") == "They will host a skills day."
    # a copula says what the subject is: read whole
    assert predicate("Its chair is a full member of the steering group.") == "Its chair is a full member of the steering group."
    # no auxiliary or modal after a subject (a capital "May" is a month)
    assert predicate("Launched a newsletter for technicians.") == "Launched a newsletter for technicians."
    assert predicate("Held in May 2023 with 112 technicians.") == "Held in May 2023 with 112 technicians."
    assert predicate("Has a budget.") == "Has a budget."


def test_domain_texts_are_the_templates_own_descriptions():
    texts = domain_texts(TEMPLATE)
    question = TEMPLATE.question("renewal.q2")
    assert question.asks in texts and question.checks[0].description in texts
    assert all(p.meaning in texts for p in TEMPLATE.pillars)


def test_the_synonym_groups_count_as_a_slots_vocabulary():
    assert "registered" in related_words(("registration",))
    recognition = next(s for s in draft_slots(TEMPLATE.question("stage_two.q2"), TEMPLATE) if s.pillar == "recognition")
    assert "registered" in recognition.related and "registered" not in recognition.vocabulary
    placer = Placer([recognition], VectorCache(None))
    assert placer.scores(["Nine of our staff registered this year"])[0, 0] > 0
    assert placer.scores(["Nine of our staff went to a conference"])[0, 0] == 0


def test_the_questions_own_slot_means_what_it_asks_not_the_elements_it_lists():
    question = TEMPLATE.question("stage_two.q4")
    general = draft_slots(question, TEMPLATE)[0]
    assert general.general and general.prototypes == (question.asks,)



def test_a_question_that_asks_for_one_thing_is_answered_by_its_element():
    """The voice question's prompt and its one element (the mechanism) mean nearly the
    same: a statement closest to the prompt serves the mechanism, not the question's own
    slot. A question with several elements keeps its prompt to its own slot."""
    question = TEMPLATE.question("stage_two.q7")
    general, mechanism = draft_slots(question, TEMPLATE)
    assert question.asks in mechanism.prototypes and general.prototypes == (question.asks,)
    poll = "A short poll let staff put the proposals in order"
    embedder = HandEmbedder({question.asks: [1, 0, 0], poll: [1, 0.2, 0]})
    placer = Placer((general, mechanism), VectorCache(embedder), template=TEMPLATE)
    assert placer.place([poll])[0].slot.key == mechanism.key
    several = draft_slots(TEMPLATE.question("stage_two.q1"), TEMPLATE)
    assert all(TEMPLATE.question("stage_two.q1").asks not in slot.prototypes for slot in several[1:])


def test_the_specs_phrases_for_an_element_are_among_its_prototypes_and_name_real_elements():
    import tomllib

    from domain import DATA_DIR

    entries = tomllib.loads((DATA_DIR / "element_guidance.toml").read_text(encoding="utf-8"))["element"]
    element_ids = {check.id for stage in TEMPLATE.stages for question in stage.questions for check in question.checks}
    for entry in entries:
        assert entry["source"].startswith("template-spec") and (entry.get("phrases") or entry.get("figures"))
        assert set(entry.get("figures", ())) <= set(KINDS), entry["ids"]
        assert set(entry["ids"]) <= element_ids, entry["ids"]
    red = next(s for s in draft_slots(TEMPLATE.question("renewal.q3"), TEMPLATE) if s.key == "renewal.q3.red_explanations")
    assert {"why it stalled", "what happens next"} <= set(red.prototypes)



def test_the_examples_an_element_lists_in_parentheses_are_prototypes_of_their_own():
    engagement = TEMPLATE.question("renewal.q2").element("engagement")
    assert examples(engagement) == ["regional networks", "ITSS", "other signatories"]
    reporting = TEMPLATE.question("renewal.q2").element("reporting")
    assert examples(reporting) == ["executive board", "senate", "council"]  # "e.g." dropped
    slot = next(s for s in draft_slots(TEMPLATE.question("renewal.q2"), TEMPLATE) if s.key == engagement.id)
    assert "other signatories" in slot.prototypes


def test_the_examples_a_fix_lists_after_a_closing_eg_are_prototypes_of_their_own():
    changes = TEMPLATE.question("renewal.q1").element("changes")
    assert examples(changes) == ["headcount", "senior technical posts then and now"]
    count = TEMPLATE.question("initial.q3").element("count")
    assert "we employ 310 technicians" not in " ".join(examples(count))  # a quoted sample answer is not a list


def test_an_amount_of_money_or_staff_time_counts_as_the_vocabulary_of_the_elements_it_serves():
    # The spec's resources ("what money/staff time supports it") and concrete evidence ("at
    # least one figure"): a statement reporting such an amount gets their vocabulary bonus,
    # whatever its subject.
    slots = {s.label: s for s in draft_slots(TEMPLATE.question("renewal.q2"), TEMPLATE) if not s.general}
    assert set(slots["resources"].figures) == {"money", "staff time"} and not slots["governance"].figures
    placer = Placer([slots["governance"], slots["resources"]], VectorCache(None))
    assert placer.place(["The Institute sets aside a tenth of one officer's time"])[0].slot.key == "renewal.q2.resources"
    assert placer.scores(["The steering group has £5,000 a year"])[0, 1] > 0
    assert placer.scores(["The steering group meets every two months"])[0, 1] == 0
    concrete = draft_slots(TEMPLATE.question("renewal.q4"), TEMPLATE)[1]
    assert Placer([concrete], VectorCache(None)).scores(["Registrations grew from 4 to 19"])[0, 0] > 0


def test_a_change_in_numbers_counts_as_a_change_since_signing():
    # The spec's renewal.q1.changes: "at least one change since signing, ideally with numbers".
    slots = {s.label: s for s in draft_slots(TEMPLATE.question("renewal.q1"), TEMPLATE) if not s.general}
    assert slots["changes"].figures == ("change",) and slots["structure"].figures == ("unit count",)
    placer = Placer([slots["structure"], slots["changes"]], VectorCache(None))
    assert placer.place(["Senior technical posts in the workshops went from 6 to 15"])[0].slot.key == "renewal.q1.changes"
    assert placer.scores(["Workshop teams are led by senior technicians"])[0, 1] == 0
    # a team's own number is the structure ("numbers, roles or grades, or teams"), not a change
    assert placer.place(["Imaging, AV and digital: 51"])[0].slot.key == "renewal.q1.structure"


def test_only_a_statement_that_gives_a_concrete_item_can_serve_concrete_evidence():
    # The spec's .concrete: "at least one figure, survey result, quotation or link". A
    # statement of what changed that gives none of them stays with the question.
    slots = draft_slots(TEMPLATE.question("stage_two.q4"), TEMPLATE)
    assert [s.required for s in slots] == [False, True]
    placer = Placer(slots, VectorCache(None))
    assert placer.scores(["Group leaders now plan new laboratories with their technicians"])[0, 1] < 0
    for item in ("Registrations rose from 9 to 34", "A technician told us it changed her role", "See https://x.example.org/a"):
        assert placer.scores([item])[0, 1] > 0, item
    assert not any(s.required for s in draft_slots(TEMPLATE.question("renewal.q2"), TEMPLATE))
    # naming where evidence comes from gives none of it: the item itself does (stop 28)
    assert placer.scores(["We look at registration numbers, the staff survey and feedback"])[0, 1] < 0


def test_money_counts_as_career_developments_vocabulary_as_the_spec_names_development_funds():
    for question_id in ("initial.q6", "stage_two.q2", "renewal.q6"):
        slots = {s.pillar: s for s in draft_slots(TEMPLATE.question(question_id), TEMPLATE) if s.pillar}
        assert slots["career_development"].figures == ("money",)
        assert not any(s.figures for pillar, s in slots.items() if pillar != "career_development")
    slots = [s for s in draft_slots(TEMPLATE.question("stage_two.q2"), TEMPLATE) if s.pillar]
    placed = Placer(slots, VectorCache(None)).place(["Each bid gets up to £600 from the new pot"])[0]
    assert placed.slot.pillar == "career_development"


def test_an_amount_and_a_vocabulary_term_are_two_signs_and_each_earns_the_bonus():
    slot = next(s for s in draft_slots(TEMPLATE.question("stage_two.q2"), TEMPLATE) if s.pillar == "career_development")
    placer = Placer([slot], VectorCache(None))
    both, word, amount = placer.scores(["Up to £500 each for courses", "Places on courses", "Up to £500 each"])[:, 0]
    assert both > word == amount > 0


def test_everyday_words_for_a_spec_term_count_as_its_vocabulary_in_drafting_only():
    from assistant.ask.query import query_lexicon
    from assistant.draft.questions import everyday_words

    assert "course" in related_words(("training",))
    assert not any("course" in group for group in query_lexicon().groups)  # the ask job's expansion is unchanged
    assert all(group[0] not in group[1:] for group in everyday_words())
    slots = {s.pillar: s for s in draft_slots(TEMPLATE.question("stage_two.q2"), TEMPLATE) if s.pillar}
    placer = Placer(list(slots.values()), VectorCache(None))
    placed = placer.place(["Twelve glassblowers went on short courses in vacuum systems"])[0]
    assert placed.slot.pillar == "career_development"


def test_a_date_that_opens_a_statement_is_not_its_subject():
    assert predicate("In 2021 we opened a glass workshop") == "We opened a glass workshop"
    assert predicate("Since March 2020, the forum has met every month") == "It has met every month"
    assert predicate("Over the last two years the technicians have run four open days") == "They have run four open days"
    assert predicate("In 2021 we opened a glass workshop in 2022") != "In 2021 we opened a glass workshop in 2022"
    assert predicate("Inspections in 2021 found no faults") == "Inspections in 2021 found no faults"


def test_an_adverbial_clause_that_opens_a_statement_is_not_its_subject():
    assert predicate("Once the framework was approved, the group rewrote every job description.") == (
        "The group rewrote every job description.")
    assert predicate("When the group was formed, it was given no budget.") == "It was given no budget."
    # a date still comes first: the comma after the subject does not close a clause
    assert predicate("Since September 2022 a senior technician, Jo, has been seconded.") == "It has been seconded."
    assert predicate("Since the forum began it has met monthly.") == "It has met monthly."  # no comma: a subject


def test_a_statement_that_opens_with_a_pronoun_is_read_with_the_one_before_it():
    # "These events went well" says nothing of a or b alone (a little nearer a); the
    # statement before it is about b, and so are the events.
    embedder = HandEmbedder({
        "the question": [0, 1, 0, 0, 0], "shared word": [1, 0, 0, 0, 0], "only a": [0, 0, 1, 0, 0],
        "only b": [0, 0, 0, 1, 0], "We ran two b days": [0, 0, 0, 1, 0], "These events went well": [0, 0, 0.5, 0.4, 1],
        "Events: These events went well": [0, 0, 0.5, 0.4, 1],
    })
    texts = ["We ran two b days", "These events went well"]
    alone = Placer(_slots(), VectorCache(embedder), generic_weight=0.0, context_weight=0.0)
    read_with = Placer(_slots(), VectorCache(embedder), generic_weight=0.0)
    assert [int(row.argmax()) for row in alone.scores(texts)] == [2, 1]  # its own words are nearer a
    assert [int(row.argmax()) for row in read_with.scores(texts)] == [2, 2]
    assert [p.slot.key for p in read_with.place(texts)] == ["q.b", "q.b"]
    # under another heading it starts afresh
    assert read_with.place(texts, ["", "Events"])[1].slot.key == "q.a"


def test_a_statement_that_continues_another_is_linked_to_it_yet_placed_by_its_own_reading():
    # "These drew many" continues the statement before it (``follows``), but even read with
    # it serves b, while the statement it continues serves a: each goes where it serves.
    embedder = HandEmbedder({
        "the question": [0, 1, 0, 0, 0], "shared word": [1, 0, 0, 0, 0], "only a": [0, 0, 1, 0, 0],
        "only b": [0, 0, 0, 1, 0], "We ran a days": [0, 0, 0.9, 0.1, 0.4], "These drew many": [0, 0, 0, 1, 0.3],
    })
    placer = Placer(_slots(), VectorCache(embedder), generic_weight=0.0)
    placed = placer.place(["We ran a days", "These drew many"])
    assert [p.slot.key for p in placed] == ["q.a", "q.b"] and [p.follows for p in placed] == [None, 0]
    # under another heading it continues nothing
    assert [p.follows for p in placer.place(["We ran a days", "These drew many"], ["", "Turnout"])] == [None, None]


def test_only_a_pronoun_or_demonstrative_that_opens_a_statement_links_it_to_the_one_before():
    texts = ["We ran two showcases.", "These events drew 300 staff.", "It was repeated in 2024.",
             "This year we start a fund.", "The fund opens in May.", "Their success led to more."]
    assert antecedents(texts) == [None, 0, 1, None, None, 4]
    assert antecedents(texts[:2], ["Visibility", "Recognition"]) == [None, None]
    assert antecedents(texts[:2], notes=[0, 1]) == [None, None]  # a later turn's note starts afresh
    later = ["We ran two showcases.", "From these foundations, we built a network.",
             "We then opened the network to these staff groups.", "During this year we met twice."]
    assert antecedents(later) == [None, 0, None, None]  # a demonstrative among the first four words


def test_each_word_of_a_vocabulary_term_may_inflect():
    assert uses("Our technicians' networks met twice.", ["technician network"])
    assert uses("Two job descriptions were rewritten.", ["job description"])
    assert not uses("Named on a grant.", ["named on grants"])  # side by side, in order
    slots = [Slot("q", "q", "general", ("the question",), general=True),
             Slot("q.a", "q.a", "a", ("only a",), vocabulary=("technician network",))]
    placed = Placer(slots, VectorCache(None)).place(["The technicians network met twice."])
    assert placed[0].slot.key == "q.a"


def test_a_label_names_a_slot_by_a_vocabulary_term_in_any_inflected_form():
    placer = Placer(draft_slots(TEMPLATE.question("initial.q5"), TEMPLATE), VectorCache(None))
    assert placer.named_slot("KPIs").key == "initial.q5.impact_measure"
    assert placer.named_slot("Owners").key == "initial.q5.owner_resource"
    assert placer.named_slot("KPI").key == "initial.q5.impact_measure"


def test_a_term_after_a_negation_is_not_used():
    assert not uses("At signing we had a volunteer group and no budget.", ["budget"])
    assert not uses("A small working group without a budget ran it", ["budget"])
    assert uses("It has a budget of £20,000 a year", ["budget"])
    assert uses("There is no question that the budget grew", ["budget"])


def test_the_time_of_signing_or_a_date_since_which_things_changed_uses_since_signing():
    slots = {s.label: s for s in draft_slots(TEMPLATE.question("renewal.q2"), TEMPLATE)}
    placer = Placer([slots["governance"], slots["development"]], VectorCache(None))
    for text in ("At signing we had a volunteer group.", "When we signed, a volunteer led it.", "Since 2021 a volunteer led it."):
        assert placer.place([text])[0].slot.label == "development", text
    assert placer.place(["A volunteer led it."])[0].slot.label != "development"


def test_a_pillar_heading_does_not_decide_for_a_statement_that_serves_another_element_of_the_plan():
    placer = Placer(draft_slots(TEMPLATE.question("initial.q5"), TEMPLATE), VectorCache(None))
    texts = ["The Operations Director is accountable for the plan", "Two apprentices a year", "Sustainability: the Operations Director is accountable"]
    placed = placer.place(texts, ["Sustainability", "Sustainability", "Sustainability"])
    assert [p.slot.label for p in placed] == ["owner_resource", "Sustainability", "Sustainability"]


def test_a_parenthesis_that_qualifies_its_sentence_lists_no_examples():
    # "(or the plan as a whole, stated explicitly)" says what a measure may be given for; it
    # names no example of a measure, so "the plan as a whole" must not stand for the element.
    impact = TEMPLATE.question("stage_two.q6").element("impact_measure")
    assert examples(impact) == []
    slot = next(s for s in draft_slots(TEMPLATE.question("stage_two.q6"), TEMPLATE) if s.key == impact.id)
    assert "the plan as a whole" not in slot.prototypes
    assert examples(TEMPLATE.question("renewal.q3").element("status")) == []  # "(or an equivalent word)"


def test_a_span_from_a_start_to_an_end_counts_for_the_plans_timescale_and_one_date_does_not():
    # Spec 9.1 records an action's timescale as a start and an end; one date ("by May 2026")
    # is when an action falls due, part of what the action itself says (a date alone, on a
    # line of its own, is the timescale: stop 27).
    slots = {s.label: s for s in draft_slots(TEMPLATE.question("renewal.q6"), TEMPLATE)}
    assert slots["timescale"].figures == ("period", "plan period", "date")
    placer = Placer(list(slots.values()), VectorCache(None))
    spans = ["Our plan covers March 2025 to February 2028", "Phase one: Oct 2025 - Jul 2026"]
    assert [p.slot.label for p in placer.place(spans)] == ["timescale", "timescale"]
    assert placer.place(["Open a glass-blowing studio to visitors by May 2026"])[0].slot.label != "timescale"


def test_a_headings_period_is_not_read_as_each_statements_own():
    # A heading that dates the whole plan does not make every action under it a timescale.
    placer = Placer(draft_slots(TEMPLATE.question("renewal.q6"), TEMPLATE), VectorCache(None))
    texts = ["Open the glass studio to school groups each summer", "Phase two runs from Sep 2026 to Aug 2027"]
    placed = placer.place(texts, ["Our three-year plan (2025-2028) at a glance"] * 2)
    assert [p.slot.label for p in placed][1] == "timescale" != placed[0].slot.label


def test_a_figure_counts_for_the_plans_success_measure():
    # Spec 9.1: a measure is "a target, KPI, survey, data source"; a target is a number.
    slots = {s.label: s for s in draft_slots(TEMPLATE.question("initial.q5"), TEMPLATE)}
    assert slots["impact_measure"].figures == ("figure", "followed up")
    placer = Placer(list(slots.values()), VectorCache(None))
    assert placer.place(["At least 45 replies from the workshops each round"])[0].slot.label == "impact_measure"


def test_the_subject_is_the_words_before_the_first_auxiliary_or_modal():
    from assistant.draft.reading import subject

    assert subject("Success will be shown by the yearly poll") == "Success"
    assert subject("In 2026 the steering group will review it") == "The steering group"
    assert subject("Open the studio to visitors") == ""


def test_a_plan_statement_about_measuring_names_pillar_things_as_what_it_measures():
    # Its measure words ("success", "survey") make the pillar words in it ("registered")
    # the things measured: they earn the pillar no bonus, and a statement whose subject is
    # the measure serves no pillar. An action with the same pillar word keeps its pillar.
    slots = draft_slots(TEMPLATE.question("stage_two.q6"), TEMPLATE)
    assert [s.label for s in slots if s.measure] == ["impact_measure"]
    placer = Placer(slots, VectorCache(None))
    recognition = next(i for i, s in enumerate(slots) if s.pillar == "recognition")
    texts = [
        "Success will be shown by the yearly survey and the count of registered technicians",
        "Twice a year we will look at the survey and at registration numbers",
        "Pay registration fees for technicians who apply",
    ]
    scores = placer.scores(texts)
    assert all(scores[0, i] < 0 for i, s in enumerate(slots) if s.pillar)
    assert scores[1, recognition] == 0 < scores[2, recognition]
    assert [p.slot.label for p in placer.place(texts)] == ["impact_measure", "impact_measure", "Recognition"]


def test_who_owns_or_pays_for_the_whole_plan_is_its_owner_or_resource_not_a_pillar():
    # Spec 9.1: a plan's owners or resources. A statement about the whole plan or "the
    # other actions" that names an owner or money is not one pillar's action.
    slots = draft_slots(TEMPLATE.question("renewal.q6"), TEMPLATE)
    placer = Placer(slots, VectorCache(None))
    pillars = [i for i, s in enumerate(slots) if s.pillar]
    texts = [
        "Mentoring costs about £20,000 a year from the faculty budget, and the other actions use the Commitment fund",
        "The Research Operations Board owns the whole plan and reviews it every term",
        "Pay for mentoring training for twenty technicians",
    ]
    scores = placer.scores(texts)
    assert all(scores[row, i] < 0 for row in (0, 1) for i in pillars)
    assert all(scores[2, i] >= 0 for i in pillars)
    # and it is the plan's owner or resource
    assert [p.slot.label for p in placer.place(texts[:2])] == ["owner_resource", "owner_resource"]


def test_when_the_whole_plan_runs_is_its_timescale_not_a_pillar():
    # Spec 9.1 .timescale: "a date, month/year, term, quarter, year range". A date for the
    # plan as a whole ("every action", "the whole plan") is the plan's timescale, even one
    # date; a year that names something ("the 2027 census") is not a date for the plan.
    slots = draft_slots(TEMPLATE.question("initial.q5"), TEMPLATE)
    placer = Placer(slots, VectorCache(None))
    pillars = [i for i, s in enumerate(slots) if s.pillar]
    texts = ["Every action on this list is done by March 2028", "The plan's results feed into the 2027 census"]
    scores = placer.scores(texts)
    assert all(scores[0, i] < 0 for i in pillars) and all(scores[1, i] >= 0 for i in pillars)
    assert [p.slot.label for p in placer.place(texts[:1])] == ["timescale"]
    assert placer.place(texts[1:])[0].slot.label != "timescale"
    # only in a plan: elsewhere the plan's date is no reason to leave a pillar
    progress = Placer(draft_slots(TEMPLATE.question("stage_two.q2"), TEMPLATE), VectorCache(None))
    assert (progress.scores(texts[:1]) >= 0).all()


def test_each_kind_of_item_the_element_asks_for_is_a_sign_of_its_own():
    # A span for the plan as a whole gives a period and a date for the whole plan: two of
    # the timescale's kinds, so it outweighs one, and under a pillar's heading it is read
    # as the plan's timescale.
    slots = draft_slots(TEMPLATE.question("renewal.q6"), TEMPLATE)
    placer = Placer(slots, VectorCache(None))
    timescale = next(i for i, s in enumerate(slots) if s.label == "timescale")
    texts = ["The whole plan runs from May 2026 to April 2029", "Phase two runs from May 2026 to April 2027"]
    assert list(placer.scores(texts)[:, timescale]) == pytest.approx([2 * VOCABULARY_WEIGHT, VOCABULARY_WEIGHT])
