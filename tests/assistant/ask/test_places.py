"""Questions asked of a place or a grouping of institutions: which institutions they
cover (by the register of UK institutions), and what is asked besides the place; and
questions asked of institutions they name, several together or one alone."""

from __future__ import annotations

import pytest

from assistant.ask.conversation import Turn
from assistant.ask.places import asked_scope, institutions_within
from assistant.ask.query import plan_query
from assistant.ask.service import _names_no_topic
from assistant.services import build_ask_service
from assistant.settings import Settings
from domain.institutions import load_register


@pytest.mark.parametrize(("question", "label"), [
    ("Anything from Scotland or Northern Ireland?", "Scotland or Northern Ireland"),
    ("What are Scottish universities doing about apprenticeships?", "Scotland"),
    ("Any good examples from the south-west of England?", "the South West"),  # not England
    ("What's happening in the Midlands?", "the Midlands"),
    ("How are post-92 universities funding registration?", "post-92 universities"),
    ("Anything from universities outside the Russell Group?", "outside Russell Group universities"),
    # stop 31: the sector's historical groupings and the church universities
    ("any red brick unis in here?", "red brick universities"),
    ("What are the collegiate universities doing?", "collegiate universities"),
    ("Anything from the plate-glass universities?", "plate glass universities"),
    ("What do church-founded universities do for technicians?", "church universities (the Cathedrals Group)"),
    # a region's nation after its name is part of it; a place asked outside of is left out
    ("any examples from South East England?", "the South East"),
    ("anything from south-east england (not london)?", "the South East, outside London"),
    ("What are universities not in London doing?", "outside London"),
    ("what about the south east, leaving out london?", "the South East, outside London"),
])
def test_a_place_or_grouping_is_read_from_the_question(question, label):
    assert asked_scope(question).label == label


@pytest.mark.parametrize("question", [
    "Does anyone offer Welsh-language training to technicians?",  # a language, not Wales
    "Do any technicians publish in English and Spanish?",
    "How has King's College London supported its technician networks?",  # a name, not London
    "How do institutions plan for technicians retiring?",
    "Does anyone talk about London weighting for technicians?",  # a pay allowance, not a place asked of
])
def test_words_that_name_no_place_leave_the_question_unscoped(question):
    assert asked_scope(question) is None


def test_the_place_words_leave_the_question_and_what_it_asks_stays():
    scope = asked_scope("What are Scottish universities doing about apprenticeships?")
    assert "Scottish" not in scope.rest and "apprenticeships" in scope.rest


def test_the_research_partnerships_and_the_golden_triangle_select_their_members():
    # stop 43: "the N8 research universities", "the golden triangle unis" named no place before
    known = ["University of Leeds", "University of Oxford", "Imperial College London", "University of Bath",
             "Newcastle University and University of Northumbria"]
    assert institutions_within(asked_scope("What have the N8 universities done for technicians?"), known) == (
        "University of Leeds", "Newcastle University and University of Northumbria")
    assert institutions_within(asked_scope("what are the golden triangle unis doing for their techs"), known) == (
        "University of Oxford", "Imperial College London")
    assert institutions_within(asked_scope("Anything from GW4?"), known) == ("University of Bath",)
    # a partnership's name is also what passages write about ("the GW4 partnership"); a
    # grouping that only classifies says whom the question asks of
    assert asked_scope("Which universities make up GW4?").rest == "Which universities make up GW4?"
    assert asked_scope("what are the golden triangle unis doing").rest == "what are the unis doing"
    # a partnership's name saying whom it asks of leaves the topic as a region's does (stop 44)
    assert asked_scope("What have the GW4 universities put in writing?").rest == "What have the universities put in writing?"
    assert asked_scope("How do members of the N8 reward technicians?").rest == "How do members of the reward technicians?"


def test_the_register_places_each_institution_and_groupings_select_among_them():
    register = load_register()
    known = ["University of Strathclyde", "Queen's University Belfast", "University of Bristol",
             "University of Hertfordshire", "Liverpool School of Tropical Medicine", "A College Nobody Knows"]
    assert institutions_within(asked_scope("Anything from Scotland or Northern Ireland?"), known) == (
        "University of Strathclyde", "Queen's University Belfast")
    assert institutions_within(asked_scope("Any examples from post-92 universities?"), known) == ("University of Hertfordshire",)
    outside = institutions_within(asked_scope("Anything from universities outside the Russell Group?"), known)
    assert "University of Bristol" not in outside and "University of Hertfordshire" in outside
    assert "Liverpool School of Tropical Medicine" not in outside  # not a university
    assert register.find("the University of Strathclyde").region == "scotland"
    outside_london = institutions_within(asked_scope("Anything from universities outside London?"),
                                         ["King's College London", "University of Bristol"])
    assert outside_london == ("University of Bristol",)
    # the six red brick universities, and no other
    red_brick = {i.name for i in register.institutions if "red_brick" in i.groups}
    assert red_brick == {"University of Birmingham", "University of Bristol", "University of Leeds", "University of Liverpool",
                         "University of Manchester", "University of Sheffield"}


def test_every_institution_of_both_corpora_is_in_the_register(manifest, shared_corpus):
    register = load_register()
    names = {entry["institution"] for entry in manifest["documents"] if entry.get("institution")}
    names |= {case["institution"] for entry in manifest["documents"] for case in entry.get("case_studies", [])}
    for page in (shared_corpus.parent / "eval" / "external").glob("*.txt"):
        names |= {line.split(":", 1)[1].strip() for line in page.read_text().splitlines() if line.startswith("INSTITUTION:")}
    missing = sorted(name for name in names if register.find(name) is None)
    assert len(missing) <= 1, missing  # a group of institutes spread over regions has no place


@pytest.mark.slow
def test_a_question_asked_only_of_a_place_is_answered_by_that_places_institutions(external_store):
    service = build_ask_service(Settings(), external_store)
    answer = service.ask("Anything from Scotland?")
    assert answer.found and "(Scotland)" in answer.text.splitlines()[0]
    register = load_register()
    assert answer.institutions and all(register.find(name).nation == "scotland" for name in answer.institutions)
    nobody = service.ask("What are universities in Northern Ireland doing?")
    assert not nobody.found and "no institution of *Northern Ireland*" in nobody.text
    # asked of a place about something no passage there is about: nothing found, and what
    # the institutions there do is shown apart, never cited
    off_topic = service.ask("What are Scottish universities doing about menopause support?")
    assert not off_topic.found and "from *Scotland*" in off_topic.text
    assert off_topic.related and all(register.find(r.institution).nation == "scotland" for r in off_topic.related)


@pytest.mark.slow
def test_a_partnership_is_asked_of_its_members_and_by_its_name(external_store):
    # stop 43: GW4 (Bath, Bristol, Cardiff, Exeter) named no place before; Bath's page writes
    # about "the GW4 partnership", so the name stays in what is searched
    service = build_ask_service(Settings(), external_store)
    answer = service.ask("What has GW4 done together for technicians?")
    assert answer.found and "(GW4 universities)" in answer.text.splitlines()[0]
    assert set(answer.institutions) <= {"University of Bath", "Cardiff University"}
    assert any("GW4" in c.quote for c in answer.citations)


@pytest.mark.slow
def test_institutions_named_together_or_one_named_alone_answer_on_their_own(external_store):
    # Two named: found among them alone, never among the others (stop 30).
    service = build_ask_service(Settings(), external_store)
    both = {"University of Oxford", "University of Sheffield"}
    answer = service.ask("What have Oxford and Sheffield done on career pathways?")
    assert answer.found and set(answer.institutions) == both
    # about something neither says: nothing found, what they do shown apart
    off_topic = service.ask("What have Oxford and Sheffield done about menopause support?")
    assert not off_topic.found and off_topic.related and {r.institution for r in off_topic.related} <= both
    # one named with nothing else asked: what it does, whatever words it uses
    for question, name in (("Anything from Leeds?", "University of Leeds"), ("whats happening at Glasgow?", "University of Glasgow")):
        alone = service.ask(question)
        assert alone.found and alone.institutions == [name], question
    # one named, about something it never says: nothing found, what it does shown apart
    nothing = service.ask("What has Leeds done about menopause support?")
    assert not nothing.found and "from *University of Leeds*" in nothing.text
    assert nothing.related and {r.institution for r in nothing.related} == {"University of Leeds"}


@pytest.mark.slow
def test_an_institution_the_store_holds_nothing_of_finds_nothing_and_shows_the_others_apart(external_store):
    # stop 42: Nottingham has no page here and no page mentions it; before, the question was
    # answered by the others' career pathways as if they were Nottingham's answer
    service = build_ask_service(Settings(), external_store)
    answer = service.ask("What has Nottingham done on career pathways?")
    assert not answer.found and not answer.citations
    assert answer.text.startswith("The corpus holds no document from *University of Nottingham*")
    assert answer.related and "University of Nottingham" not in {r.institution for r in answer.related}
    # named beside one the store holds: that one answers, and a note says who cannot
    both = service.ask("What have Oxford and Nottingham done on career pathways?")
    assert both.found and both.institutions == ["University of Oxford"]
    assert any(note.startswith("The corpus holds no document from University of Nottingham") for note in both.notes)
    # a follow-up naming it asks of it, though the earlier turn asked of everyone
    first = service.ask("How have universities built career pathways?")
    follow_up = service.ask("And what about Nottingham?", history=[Turn("How have universities built career pathways?", first)])
    assert not follow_up.found and follow_up.text.startswith("The corpus holds no document from *University of Nottingham*")
    # another institution's page names it: asked as any question is
    assert service.ask("What has Heriot-Watt done with other universities?").found


def test_a_place_is_asked_alone_when_no_word_but_one_for_the_institutions_is_left():
    # stop 32: one reading for places, named institutions and periods ("signatories" says
    # who, as "universities" does)
    for question in ("What are Scottish signatories doing?", "Anything from unis in Wales?", "Anything from Scotland?"):
        assert _names_no_topic(plan_query(asked_scope(question).rest)), question
    assert not _names_no_topic(plan_query(asked_scope("What are Scottish signatories doing on apprenticeships?").rest))
