"""Which institutions a question names, and whether it asks of each of them."""

import pytest

from assistant.ask.names import (
    asks_of_each,
    named_institutions,
    takes_for_granted,
    unheld_institutions,
)

KNOWN = ["The Open University", "University of Reading", "The Research Institute Technician Group", "University of Leeds",
         "Liverpool School of Tropical Medicine", "University of Liverpool"]


@pytest.mark.parametrize("question", [
    "Which universities run an open day for technicians?",
    "Which universities give technicians a reading list?",
    "How do institutions run a technician group?",
])
def test_an_everyday_phrase_that_is_also_a_short_name_names_no_institution(question):
    assert named_institutions(question, KNOWN) == ()


@pytest.mark.parametrize("question, named", [
    ("What has Reading done for apprentices?", ("University of Reading",)),
    ("What has the Open University done for apprentices?", ("The Open University",)),
    ("anything from leeds on apprentices?", ("University of Leeds",)),  # typed without capitals
    ("At the Liverpool tropical medicine school, who runs the forum?", ("Liverpool School of Tropical Medicine",)),
])
def test_a_short_name_written_as_a_name_names_its_institution(question, named):
    assert named_institutions(question, KNOWN) == named


@pytest.mark.parametrize("question, named", [
    # a partnership named after the city names none of its members (stop 49)
    ("What has the Leeds Technical Partnership done so far?", ()),
    ("Who chairs the Leeds Technical Partnership, and what has Leeds itself done?", ("University of Leeds",)),
    # a possessive, or a word of an institution's name, after it does not make a longer name
    ("What has Leeds's Technician Forum done?", ("University of Leeds",)),
    ("What does Leeds University say about apprentices?", ("University of Leeds",)),
])
def test_a_short_name_starting_a_longer_name_names_no_institution(question, named):
    assert named_institutions(question, KNOWN) == named


def test_a_short_name_beside_one_written_in_full_names_its_institution_too():
    named = named_institutions("Reading and the Liverpool School of Tropical Medicine both run forums.", KNOWN)
    assert set(named) == {"University of Reading", "Liverpool School of Tropical Medicine"}
    # the full name's own words name no other institution
    assert named_institutions("What does the Liverpool School of Tropical Medicine do?", KNOWN) == (
        "Liverpool School of Tropical Medicine",
    )


def test_an_alias_of_the_register_names_its_institution_and_none_by_a_word_of_it():
    known = ["University of the West of England", "University of Bristol"]
    assert named_institutions("Which workshops has UWE Bristol opened to technicians?", known) == (
        "University of the West of England",
    )
    assert named_institutions("Which workshops has Bristol opened to technicians?", known) == ("University of Bristol",)


def test_a_question_asks_of_each_institution_it_names_unless_it_chooses_among_them():
    assert asks_of_each("How do Cardiff and Edinburgh each keep their technicians informed?")
    assert asks_of_each("How is Cardiff's plan laid out compared with Durham's?")
    # "or" and "which" about what each does, not about which of them does it
    assert asks_of_each("What newsletters or blogs do Cardiff and Edinburgh each write?")
    assert asks_of_each("Cardiff and Edinburgh both fund registration. Which registers does each pay for?")
    assert not asks_of_each("Was it Cranfield or Surrey that ran the leadership programme?")
    assert not asks_of_each("Out of Leeds, York and Bath, which ones created a senior post?")
    assert not asks_of_each("Which of Leeds and York has a technician forum?")


LEEDS_AND_BATH, LEEDS = ("University of Leeds", "University of Bath"), ("University of Leeds",)


@pytest.mark.parametrize("question, named, granted", [
    ("Leeds and Bath both had a look at themselves. What came of it?", LEEDS_AND_BATH, True),
    ("How do Leeds and Bath each reward long service?", LEEDS_AND_BATH, True),
    ("Do Leeds and Bath both pay for gym membership?", LEEDS_AND_BATH, False),
    ("What do Leeds and Bath do about apprentices?", LEEDS_AND_BATH, False),
    ("Which of Leeds and Bath both runs a forum and pays fees?", LEEDS_AND_BATH, False),
    # one institution: said of it before the question asks
    ("Leeds took a long look at itself. What came of it?", LEEDS, True),
    ("What came of the long look Leeds took at itself?", LEEDS, False),
    ("Leeds took a long look at itself. Did anything come of it?", LEEDS, False),
])
def test_a_question_asking_what_named_institutions_do_takes_for_granted_that_they_do_something(question, named, granted):
    assert takes_for_granted(question, named) is granted


def _in_corpus(*words):
    return lambda phrase: phrase in words


@pytest.mark.parametrize("question, unheld", [
    ("What has Durham done about apprenticeships?", ("Durham University",)),
    ("How have UCL and Nottingham built career pathways?", ("University College London", "University of Nottingham")),
    ("What has Leeds done for apprentices?", ()),  # the store holds Leeds's documents
    ("Who else, like Durham, runs apprenticeships?", ()),  # compared with, not asked of
    ("what has durham done about apprenticeships", ()),  # lower case: too many names are everyday words
    ("What does the USA do for technicians?", ()),  # initials made from a name's words are not read
])
def test_an_institution_the_store_holds_nothing_of_is_read_from_the_register(question, unheld):
    assert unheld_institutions(question, KNOWN, _in_corpus("apprenticeships")) == unheld


def test_an_institution_a_passage_mentions_is_not_unheld():
    # another institution's page names it ("a collaboration with Heriot-Watt University")
    assert unheld_institutions("What has Heriot-Watt done with others?", KNOWN, _in_corpus("heriot-watt")) == ()
    assert unheld_institutions("What has Heriot-Watt done with others?", KNOWN, _in_corpus()) == ("Heriot-Watt University",)


def test_an_institution_the_question_sets_aside_is_not_asked_of():
    # stop 44: "Apart from Leeds, ..." asks of the others
    from assistant.ask.query import plan_query

    plan = plan_query("Apart from Leeds, which universities run a technician network?", KNOWN)
    assert plan.set_aside == ("University of Leeds",) and plan.institutions == ()
    plan = plan_query("Leaving the Reading lot aside, who runs open days?", KNOWN)
    assert plan.set_aside == ("University of Reading",)
    assert plan_query("How does Leeds run its network?", KNOWN).set_aside == ()
    # a name set aside is read as the whole message writes it: "reading" here is no university
    assert plan_query("Who writes sector reports, rather than only reading them?", KNOWN).set_aside == ()


@pytest.mark.slow
def test_an_institution_set_aside_does_not_answer(external_store):
    from assistant.services import build_ask_service
    from assistant.settings import Settings

    service = build_ask_service(Settings(), external_store)
    answer = service.ask("Apart from Oxford, which universities have a technician network?")
    assert answer.found and "University of Oxford" not in answer.institutions
    assert all(c.source.institution != "University of Oxford" for c in answer.citations)


@pytest.mark.slow
def test_a_comparison_of_named_institutions_answers_with_what_each_says(external_store):
    # stop 45: "compare" was read as the topic, and nothing was found
    from assistant.services import build_ask_service
    from assistant.settings import Settings

    service = build_ask_service(Settings(), external_store)
    answer = service.ask("Compare what Cardiff's and Sussex's plans set out for technicians.")
    assert answer.found
    assert {c.source.institution for c in answer.citations} <= {"Cardiff University", "University of Sussex"}
    assert "Cardiff University" in {c.source.institution for c in answer.citations}


@pytest.mark.slow
def test_a_partnership_named_after_a_city_is_answered_by_the_page_about_it(external_store):
    from assistant.services import build_ask_service
    from assistant.settings import Settings

    # "Edinburgh" here starts the partnership's name: the answer is not confined to the
    # University of Edinburgh, whose page never mentions it (stop 49)
    answer = build_ask_service(Settings(), external_store).ask(
        "What has the Edinburgh Technical Collaboration introduced for technicians?"
    )
    assert answer.found and answer.citations[0].source.institution == "Edinburgh Napier University"
