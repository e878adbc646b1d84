"""A text's words as the ask job reads them: lower case, with inner apostrophes and
hyphens kept ("king's", "job-shadowing")."""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """Each word as ``words`` reads it, with where it stands in ``text`` (start, end): to
    quote the text's own stretch between two words."""
    # folded letter by letter, so that the offsets are the text's ("İ".lower() is two characters)
    folded = "".join(c.lower() if len(c.lower()) == 1 else c for c in text).replace("’", "'")
    return [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(folded)]
