"""How a message frames its question: context, greeting, layout, a word named as a word,
and a question that refers back to what came before it."""

from __future__ import annotations

from assistant.ask.message import (
    in_own_words,
    named_terms,
    spelled_out,
    split_context,
    without_comparing,
    without_frame,
    without_greeting,
    written_names,
    written_stretches,
)
from assistant.ask.query import plan_query
from assistant.ask.words import word_spans, words


def test_what_a_message_says_about_the_asker_is_context_not_the_topic():
    message = "I'm the lead at a small institute and we have no money; what have others done to make technicians visible?"
    assert split_context(message)[0] == "what have others done to make technicians visible?"
    plan = plan_query(message)
    assert "money" in plan.context_words and "money" not in plan.topic.split()


def test_a_message_that_is_all_question_or_all_context_is_read_whole():
    assert split_context("How have others addressed apprenticeships?")[0] == "How have others addressed apprenticeships?"
    both = "Tell me about apprenticeships. Which institutions run schemes?"
    assert split_context(both)[0] == both  # a request is not context
    assert split_context("We are a small institute. Our budget is tiny.")[0] == "We are a small institute. Our budget is tiny."
    assert split_context("What did we say about awards?")[0] == "What did we say about awards?"


def test_a_question_that_checks_a_claim_or_names_the_places_before_it_takes_them_whole():
    # "Is that right?" asks about the claim before it; "each of them ... get there" about
    # the places and the thing the sentence before names (stop 32)
    claim = "A colleague says only twelve technicians were promoted at Keele. Is that right?"
    assert split_context(claim)[0] == claim
    both = "Two universities put technicians on their senate. How did each of them get there?"
    assert split_context(both)[0] == both
    assert split_context("Our plan is due in May. What did others put in theirs?")[0].startswith("Our plan")
    assert split_context("Our plan is due in May. What have others funded?")[0] == "What have others funded?"


def test_each_standing_for_the_things_just_named_takes_them_whole():
    # stop 44: "does each name", "each one", "in each", "how many does" refer back
    pair = "Imperial and Edinburgh both help technicians register. How many does each mention?"
    assert split_context(pair)[0] == pair
    funds = "Edinburgh and Sussex each run a fund for technicians. What does each one cover?"
    assert split_context(funds)[0] == funds
    counted = "Two stories give the number 80. What was counted in each, and where?"
    assert split_context(counted)[0] == counted
    # "each" of a noun the question names itself is no reference back
    plan = "Our steering group meets next week. Does anyone name who leads each item in their plan?"
    assert split_context(plan)[0] == "Does anyone name who leads each item in their plan?"



def test_that_ending_the_question_stands_for_what_was_just_said():
    # stop 53: "something like that?" asks about the course the sentence before names; read
    # alone, the question's only topic was its verb ("sent")
    course = "We want to send two women technicians on a leadership course for women. Has anyone sent staff on something like that?"
    assert split_context(course)[0] == course
    assert {"leadership", "course", "women"} <= set(plan_query(course).topic.split())
    assert split_context("Our rota is tight. Has anyone tried that?")[0] == "Our rota is tight. Has anyone tried that?"
    # "that" opening a clause inside the question refers to nothing before it
    plain = "Our plan is due in May. Has anyone shown that technicians were consulted?"
    assert split_context(plain)[0] == "Has anyone shown that technicians were consulted?"
    # stop 55: so does "that" before its verb's particle ("set that up?", "sorted that out?")
    space = "Our student nurses would like a room to rehearse clinical skills. Has anyone set that up?"
    assert split_context(space)[0] == space
    assert {"clinical", "skills"} <= set(plan_query(space).topic.split())

def test_a_greeting_and_the_layout_asked_for_are_not_the_topic():
    assert without_greeting("Hi — what did the network set up?") == "what did the network set up?"
    assert without_greeting("Hello all, any news on awards?") == "any news on awards?"
    assert without_greeting("History of the network?") == "History of the network?"
    assert without_frame("Could you list the milestones in date order, oldest first?") == "Could you list the milestones , ?"
    assert without_frame("Which schemes, as a quick table please?") == "Which schemes, please?"
    assert without_frame("what are they doing on pay, quick rundown please") == "what are they doing on pay, please"
    assert without_frame("An overview of technical staff structures?") == "An overview of technical staff structures?"
    plan = plan_query("Hi, which awards do technicians win? One line each, please. Cheers, Jo")
    assert "hi" not in plan.content_words and "line" not in plan.content_words
    assert "awards" in plan.content_words


def test_an_alternative_the_question_sets_aside_is_not_its_topic():
    # set aside as a clause opens (stop 44), not a budget set aside
    assert without_frame("Leaving aside the act of signing, what did they do?") == ", what did they do?"
    assert without_frame("Registration aside, how are technicians rewarded?") == ", how are technicians rewarded?"
    assert without_frame("Leaving registration fees aside, what else is funded?") == ", what else is funded?"
    assert without_frame("Has anyone set aside a budget?") == "Has anyone set aside a budget?"
    assert without_frame("Where have technicians, rather than managers or HR, run events?") == "Where have technicians, , run events?"
    assert without_frame("Do they fund registration instead of training?") == "Do they fund registration ?"
    plan = plan_query("Apart from people in science labs, which jobs count as technical roles?")
    assert "labs" not in plan.content_words and "jobs" in plan.content_words
    plan = plan_query("Other than prizes, how are technicians celebrated?")
    assert plan.content_words == ("celebrated",)


def test_a_name_set_aside_ends_where_the_name_does_when_the_question_goes_on():
    # stop 46: the rest of the question was taken for the name's clause and lost
    assert without_frame("Which universities besides Oxford want to double registrations?") == (
        "Which universities want to double registrations?"
    )
    assert without_frame("apart from Leeds who else runs a network?") == "who else runs a network?"
    assert without_frame("Other than Oxford and Durham who has a network?") == "who has a network?"
    # any alternative set aside without a comma ends before the question word after it
    assert without_frame("Apart from apprenticeships what do people do to recruit?") == "what do people do to recruit?"
    # a comma still ends it; names joined by "and" stay together
    assert without_frame("Other than the University of Oxford and Durham, who has one?") == ", who has one?"
    plan = plan_query("Has anyone other than Imperial College London run a festival?", ["Imperial College London"])
    assert plan.set_aside == ("Imperial College London",) and "festival" in plan.content_words


def test_a_word_named_as_a_word_is_the_topic():
    assert named_terms("The word 'champion' crops up a lot. Is it one role?") == ("champion",)
    assert named_terms("What does the term “technical professional” cover?") == ("technical professional",)
    assert named_terms("Who are the champions?") == ()
    plan = plan_query("The word 'champion' crops up on several pages. Is it the same role everywhere?")
    assert plan.content_words == ("champion",)
    # a term in quotes whose meaning is asked about is named as a word too (stop 45)
    assert named_terms("'Pathway' seems to mean a route to promotion here and a course there. Who uses it?") == ("Pathway",)
    assert named_terms("Which kinds of 'bursary' do the pages describe?") == ("bursary",)
    # quotes alone, with no sense asked about, name no word
    assert named_terms("Who runs the 'Tech Talks' series?") == ()
    assert named_terms("By 'visible' I mean known outside their own lab. Who has made technicians visible?") == ()


def test_the_corpus_named_as_where_to_look_and_a_claim_check_are_not_the_topic():
    # stop 32, second round: "on these pages", "which pages", "in here", "true or false:"
    assert without_frame("Which pages cover technicians in hospital settings?") == "Which cover technicians in hospital settings?"
    assert without_frame("Anything in here on apprentices, on these pages or in these documents?") == "Anything on apprentices, or ?"
    assert without_frame("true or false: nobody shares kit") == "nobody shares kit"
    # a short word for them, or the whole collection: the place to look, not the topic
    assert without_frame("anything in these docs about apprentices") == "anything about apprentices"
    assert without_frame("Is there anything in the corpus about secondments?") == "Is there anything about secondments?"
    assert without_frame("Which universities have a technical library?") == "Which universities have a technical library?"
    assert without_frame("the pages of the report") == "the pages of the report"  # a thing of its own
    claim = "My manager says these pages only care about labs. Is she right?"
    assert split_context(claim)[0] == claim
    # "does any page", "what do their pages say" name the corpus too
    assert without_frame("Does any page count estates staff?") == "Does count estates staff?"
    # an institution's page is the corpus too, a page of its own for technicians is not (stop 44)
    assert without_frame("What does Southampton's page expect of technicians?") == "What does Southampton's expect of technicians?"
    assert without_frame("What does Oxford's web page for technicians hold?") == "What does Oxford's web page for technicians hold?"
    # for reading its senses the corpus stays the subject of the verb after it (stop 44)
    assert without_frame("Which pages describe open days?", corpus="they") == "Which they describe open days?"
    assert without_frame("True or false: Bath runs a fund", corpus="they") == "Bath runs a fund"
    assert plan_query("Which pages describe open days for schools?").frames == {"describe"}
    assert plan_query("What do these documents say about mentoring?").frames == {"say"}


def test_chat_shorthand_is_read_as_the_words_it_stands_for():
    assert spelled_out("any1 know which unis help ppl b4 they retire? thx") == (
        "anyone know which universities help people before they retire? thanks")
    assert spelled_out("W/o a budget, can u help? Pls.") == "without a budget, can you help? please."
    # workplace shorthand too (stop 44)
    assert spelled_out("which orgs put techs thru mgmt training or dev programmes") == (
        "which organisations put techs through management training or development programmes")
    # Latin abbreviations typed without their dots (stop 52)
    assert spelled_out("any mentoring eg buddy schemes, ie for new starters etc") == (
        "any mentoring for example buddy schemes, that is for new starters and so on")
    # only a whole word: not inside a word, an address or a dotted abbreviation
    assert spelled_out("Is the U.K. ahead? Write to info@example.ac.uk; ubiquitous pls-free") == (
        "Is the U.K. ahead? Write to info@example.ac.uk; ubiquitous pls-free")
    plan = plan_query(spelled_out("which unis help ppl register b4 they apply? thx"))
    assert {"register", "apply"} <= set(plan.content_words)
    assert not {"unis", "ppl", "b4", "thx"} & set(plan.content_words)


def test_what_was_looked_for_is_named_in_the_questions_own_words():
    question = "Has any university tried letting technicians work a four-day week or squeeze their hours into fewer days?"
    plan = plan_query(question)
    assert in_own_words(plan.text, plan.content_words) == (
        "tried letting technicians work a four-day week or squeeze their hours into fewer days")
    # the frame is not named: how the answer is laid out, the corpus named as where to look
    plan = plan_query("List in date order which pages mention pension arrangements for technicians")
    assert in_own_words(plan.text, plan.content_words) == "mention pension arrangements"
    assert in_own_words("Tell me about unis", ("universities",)) == ""  # not found as typed: the words name it
    # the corpus's subject word closing the topic is named with it, though it is no topic word
    plan = plan_query("Has any university moved its technicians onto the same pay scale as its academic staff?")
    assert in_own_words(plan.text, plan.content_words, ("staff", "technicians")).endswith("as its academic staff")


def test_word_spans_are_the_words_as_read_with_where_they_stand_in_the_text():
    text = "Does King’s lab run Job-Shadowing for technicians?"
    spans = word_spans(text)
    assert [w for _s, _e, w in spans] == words(text)
    assert [text[s:e] for s, e, _w in spans][1:] == ["King’s", "lab", "run", "Job-Shadowing", "for", "technicians"]


def test_a_name_is_a_word_in_capitals_with_a_digit_or_capitalised_inside_a_sentence():
    assert written_names("Which universities train technicians to use AI?") == ("ai",)
    assert written_names("Did anyone take on apprentices through the government's Kickstart scheme?") == ("kickstart",)
    assert written_names("How did Covid-19 change apprentices' training?") == ("covid-19",)
    # a sentence's first word, "I" and its forms, a year are no names
    assert written_names("Apprenticeships: who runs them? I'm new here. What happened in mid-2024?") == ()


def test_a_name_listed_among_others_or_given_as_an_example_of_a_kind_is_not_counted():
    # the kind may be in the corpus under other names: social media, a qualification
    assert written_names("Anyone sharing technicians' stories on Instagram, TikTok and the like?") == ()
    assert written_names("Has anyone paid for a project management qualification such as PRINCE2?") == ()
    assert written_names("Is there support for technicians with dyslexia or ADHD?") == ()
    assert written_names("Has any technician entered WorldSkills or a similar contest?") == ()


def test_a_plan_keeps_the_names_of_its_asking_sentence_not_of_its_context():
    plan = plan_query("I'm a PhD student in a small lab. Do technicians anywhere use WhatsApp to share news?")
    assert plan.names == ("whatsapp",)


def test_the_words_asking_for_a_comparison_are_not_what_is_compared():
    assert without_comparing("Compare what Cardiff's and Sussex's plans set out.") == "what Cardiff's and Sussex's plans set out."
    assert without_comparing("How do their funds differ from each other?") == "How do their funds each other?"
    assert without_comparing("Do Bath and Leeds raise profiles in the same way?") == "Do Bath and Leeds raise profiles?"
    # the difference a piece of work made is what is asked, not a comparison
    assert without_comparing("What difference has the fund made?") == "What difference has the fund made?"


def test_a_difference_asked_for_refers_back_to_the_things_just_named():
    message = "Bath and Glasgow both help technicians get recognised for teaching. How do their offers differ?"
    assert split_context(message) == (message, "")
    # what a question about a difference sets against each other is compared, not the topic
    plan = plan_query(message, ["University of Bath", "University of Glasgow"])
    assert "teaching" in {t.word for t in plan.topics} and "differ" not in {t.word for t in plan.topics}


def test_a_hyphenated_name_is_its_parts_in_capitals_and_what_no_passage_names_is_quoted_as_written():
    # stop 46: "London-based" names London; "Covid-19" is one name
    assert written_names("What have the London-based organisations done?") == ("london",)
    assert written_names("How did Covid-19 change apprenticeships?") == ("covid-19",)
    question = "Has anyone used the government's Skills Bootcamps to retrain adults?"
    assert written_stretches(question, ["bootcamps"]) == ("Skills Bootcamps",)
    assert written_stretches(question, ["adults"]) == ()  # not written as a name
