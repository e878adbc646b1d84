"""A text's words as the ask job reads them: lower case, with inner apostrophes and
hyphens kept ("king's", "job-shadowing")."""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))
