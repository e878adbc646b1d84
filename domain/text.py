"""Text folding for matching the template's phrases against real documents, and text
clipped for display (``clipped``).

Forms differ in case, quote style, hyphenation ("24-month" / "24 month") and spelling
("organisation" / "organization"). ``fold`` removes those differences; fold both sides
before comparing. The data files list one spelling per phrase and rely on this.
"""

from __future__ import annotations

import re

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2032": "'",
    }
)
# a web address: its characters are no words or years of the text around it
WEB_ADDRESS = re.compile(r"(?:https?://|www\.)\S*")
_SEPARATORS = re.compile(r"[\s\-_\u2010\u2011\u2012\u2013\u2014\u2212\u00a0]+")
_IZE = re.compile(r"(?<=[a-z]{3})iz(?=(e|ed|es|ing|ation|ations|ational)\b)")


def fold(text: str) -> str:
    """Lower-case; straighten quotes; hyphens, dashes and underscores become spaces;
    -ize/-ization spellings become -ise/-isation; runs of whitespace collapse."""
    text = text.translate(_QUOTES).lower()
    text = _SEPARATORS.sub(" ", text).strip()
    return _IZE.sub("is", text)


def contains_phrase(text: str, phrase: str, *, whole_words: bool = False) -> bool:
    """True when ``phrase`` occurs in ``text`` after folding both.

    Plain substring matching by default, so prompts glued to preceding text still match
    (``...4336To provide some context``); ``whole_words`` requires word boundaries at
    both ends (use it for short tokens such as "TBC", "REF" or "red").
    """
    return find_phrase(fold(text), fold(phrase), whole_words=whole_words)


def find_phrase(folded_text: str, folded_phrase: str, *, whole_words: bool = False) -> bool:
    """``contains_phrase`` for inputs that are already folded (saves re-folding in loops)."""
    if not folded_phrase:
        return False
    if not whole_words:
        return folded_phrase in folded_text
    pattern = r"(?<!\w)" + re.escape(folded_phrase) + r"(?!\w)"
    return re.search(pattern, folded_text) is not None


NAME_CONNECTORS = frozenset({"of", "the", "and", "for", "&"})


def acronyms(name: str) -> set[str]:
    """Lower-case acronyms of an organisation's name: with its connectors ("uol") and, if
    3+ letters, without them ("ljmu" for Liverpool John Moores University, "lstm" for
    Liverpool School of Tropical Medicine)."""
    tokens = [token for token in name.split() if token[0].isalpha()]
    with_connectors = "".join(token[0] for token in tokens).lower()
    without = "".join(token[0] for token in tokens if token.lower() not in NAME_CONNECTORS).lower()
    return {with_connectors} | ({without} if len(without) >= 3 else set())


# the words that open a message as its greeting ("Hi Jo,", "Hello all,", "Morning!"): the
# draft reads them in pasted notes, the ask job before a question (stop 32)
GREETING = r"(?:hi|hello|hey|hiya|dear|(?:good\s+)?(?:morning|afternoon|evening))"


def clipped(text: str, limit: int) -> str:
    """``text`` at most ``limit`` characters long for display: cut after a whole word and
    ending "…" when shortened, so a reader never meets half a word ("as featured on the
    BBC O")."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:  # one very long word is cut where it must be
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"
