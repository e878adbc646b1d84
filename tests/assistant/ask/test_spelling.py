"""Typing slips in a question are read as the corpus's words they were meant to be."""

from __future__ import annotations

from assistant.ask.spelling import corrected

CORPUS = {"technical", "technicians", "research", "universities", "under", "honor", "keele", "rscitech", "soon"}


def in_corpus(word: str) -> bool:
    return word.lower() in CORPUS


def test_a_slip_one_edit_from_a_word_of_the_corpus_is_read_as_that_word():
    assert corrected("How many techincal staff?", in_corpus) == "How many technical staff?"
    assert corrected("Which univeristies fund reserch by technicans?", in_corpus) == (
        "Which universities fund research by technicians?")


def test_words_the_corpus_uses_or_english_knows_are_left_as_typed():
    # names and acronyms of the corpus; an English word the corpus lacks is what a question asks
    assert corrected("Does Keele fund RSciTech?", in_corpus) == "Does Keele fund RSciTech?"
    assert corrected("Is there free parking for technicians?", in_corpus) == "Is there free parking for technicians?"


def test_a_british_spelling_or_a_changed_first_letter_is_no_slip():
    assert corrected("Who won the honour?", in_corpus) == "Who won the honour?"
    assert corrected("Which funder's scheme?", in_corpus) == "Which funder's scheme?"
