"""Text clipped for display."""

from __future__ import annotations

from domain.text import clipped


def test_a_clipped_text_ends_after_a_whole_word_and_says_it_was_cut():
    text = "During the autumn the University took part in an outreach programme as featured on the BBC One show."
    short = clipped(text, 60)
    assert len(short) <= 60 and short.endswith("…")
    assert text.startswith(short[:-1]) and text[len(short) - 1] == " "  # cut where a word ends
    assert clipped(text, len(text)) == text  # what fits is shown whole


def test_one_long_word_is_cut_where_it_must_be():
    assert clipped("https://example.org/" + "a" * 80, 30) == ("https://example.org/" + "a" * 80)[:29] + "…"
