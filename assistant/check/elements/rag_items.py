"""A RAG review's items by their codes (template spec 9.2: the red items the file reports,
"named, numbered, or counted") and the sentences that explain them.

A review may list its items by colour ("Red (2): R4, S1"; "Amber, carried forward: RC2
(...), CD1 (...)"): each code in the list takes the list's colour, and the list counts
them. A red item's reason is "a sentence on why it stalled and/or what happens next". A
sentence names an item by its code ("S1 will move into the new plan"), its title (a
row's action) or a word that only its title has among the review's items ("Nobody was
nominated" names "Nominations for national awards"); it and the sentences after it in its
paragraph, until another item is named, speak of that item. They explain it when one of
them gives a reason or a next step in words (the lexicon's ``red_reason_words`` and
``red_next_words``), or when the first opens with the item's code as a label followed by
what happened ("S1: the partner closed in 2023"), which is neither a status, nor the
item's title, nor a pointer. A list of items by colour reports them and explains none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from assistant.ask.query import query_lexicon
from assistant.ask.words import words
from assistant.check.elements.context import mentioned
from domain import fold, load_template, normalise_rag
from domain.text import find_phrase

MAX_LIST_LABEL_WORDS = 4  # "Red", "Red (2)", "Amber, carried forward", "Not achieved"
MIN_LABELLED_COMMENT_WORDS = 4  # after "S1:", more than a status word or a short title
MIN_TITLE_WORDS = 2  # a one-word action ("Awards") names no item in a sentence
MAX_STATUS_WORDS = 4  # "not started", "red", "not yet started"

# An item's code: letters and a number ("S1", "RC2", "V3"; a board's "TC-07": stop 33), or a
# numbered sub-item ("2.4"). A bare number ("Red: 2") is a count, not a code, unless "action"
# or "item" comes first.
_CODE = r"[A-Z]{1,2}-?\d{1,2}(?:\.\d{1,2})?|\d{1,2}\.\d{1,2}"
_CODE_END = r"(?![\w/]|\.\d)"
_ITEM_WORD = r"(?i:action|item|activity|objective|no\.?)"
# "Red (2): V3, S2"; a gloss in brackets after the colour: "Red (not done): 2, 5, 7" (stop 31)
_LIST = re.compile(r"^[\W_]*(?P<label>[^:()]{1,40}?)\s*(?:\([^()\d]{1,25}\))?\s*(?:\((?P<count>\d{1,3})\))?\s*:\s*(?P<items>.+)$")
_LIST_ITEM = re.compile(rf"^[\s(]*(?:{_ITEM_WORD}\s+)?({_CODE}){_CODE_END}")
_ITEM_NUMBER = re.compile(r"\d{1,2}")
_LIST_SEPARATOR = re.compile(r",|;|&|\band\b")
_ROW_CODE = re.compile(rf"^[\W_]*(?:{_ITEM_WORD}\s*)?({_CODE}|\d{{1,2}}){_CODE_END}")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_POINTER = re.compile(r"\bsee\b.{0,30}\b(below|above|appendix|attached)\b", re.I)


@dataclass(frozen=True)
class Listing:
    """Codes listed under one colour, and how many the list says there are."""

    colour: str
    codes: tuple[str, ...]
    count: int


@dataclass(frozen=True)
class Item:
    """A red item as the review reports it: how it is shown in the findings, its code
    (None when its row has none) and its title (the row's action; "" when unknown)."""

    key: str
    code: str | None
    title: str = ""
    own: frozenset[str] = frozenset()  # word starts only this item's title has (``with_own_words``)


def sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences (at ".", "!" or "?" before a capital or a digit; a
    semicolon keeps a list of codes whole)."""
    return [piece.strip() for piece in _SENTENCE_END.split(paragraph) if piece.strip()]


def listing(sentence: str) -> Listing | None:
    """The items a sentence lists under a colour ("Red (2): V3, S2"), when it lists codes
    or two item numbers or more ("Red (not done): 2, 5, 7"; one number is a count)."""
    match = _LIST.match(sentence)
    colour = _label_colour(match["label"]) if match else None
    if not colour:
        return None
    items = _LIST_SEPARATOR.split(match["items"])
    numbers = [item.strip(" .") for item in items]
    if len(numbers) >= 2 and all(_ITEM_NUMBER.fullmatch(number) for number in numbers):
        codes = numbers  # "2, 5, 7": the numbers of the items listed, not a count
    else:
        codes = [m.group(1) for item in items if (m := _LIST_ITEM.match(item))]
    codes = list(dict.fromkeys(codes))
    return Listing(colour, tuple(codes), max(len(codes), int(match["count"] or 0))) if codes else None


def _label_colour(label: str) -> str | None:
    """The colour a list's label opens with ("Red", "Amber, carried forward"); None for
    a label that only mentions one ("Why S3 is red")."""
    label = label.strip(" ,;-")
    if not label or len(label.split()) > MAX_LIST_LABEL_WORDS:
        return None
    colour = normalise_rag(label)
    if colour is None:
        return None
    folded = fold(label)
    tokens = load_template().lexicon.rag_tokens[colour]
    return colour if any(re.match(rf"{re.escape(fold(token))}(?!\w)", folded) for token in tokens) else None


def row_code(label: str) -> str | None:
    """The code a RAG row's first cell gives ("S1", "2.4", "Action 6"), else None."""
    match = _ROW_CODE.match(label)
    return match.group(1) if match else None


def names_item(sentence: str, item: Item) -> bool:
    """Whether a sentence names the item: its code as a whole token, or its title, or the
    title's head before its first preposition ("the shadowing scheme stalled ..." names
    "Shadowing scheme with the hospital labs"; stop 30), or one of its own words."""
    if item.code and _code_pattern(item.code).search(sentence):
        return True
    if item.own & _word_starts(sentence):
        return True
    title = fold(item.title)
    head = _TITLE_HEAD.split(title, maxsplit=1)[0].strip()
    return any(len(words.split()) >= MIN_TITLE_WORDS and find_phrase(fold(sentence), words, whole_words=True)
               for words in dict.fromkeys((title, head)))


_WORD_START = 5  # letters that make two forms one word: "nominated", "nominations"


def with_own_words(items: list[Item], other_titles: Iterable[str] = ()) -> list[Item]:
    """The items, each with the words only its title has among the review's items (the
    red ones and ``other_titles``), by their starts: the words a sentence about that item
    alone would use ("Nobody was nominated nationally" of "Nominations for national
    awards"; stop 31). Short and common words (stop words, "technicians") are no one's."""
    starts = [_word_starts(item.title) for item in items]
    others = [_word_starts(title) for title in other_titles]
    return [replace(item, own=frozenset(mine.difference(*starts[:index], *starts[index + 1:], *others)))
            for index, (item, mine) in enumerate(zip(items, starts, strict=True))]


def _word_starts(text: str) -> frozenset[str]:
    generic = query_lexicon().generic
    return frozenset(word[:_WORD_START] for word in words(fold(text)) if len(word) >= _WORD_START and word not in generic)


# where a title's head ends: "Shadowing scheme | with the hospital labs", "Skills audit | of the suite"
_TITLE_HEAD = re.compile(r"\s(?:with|for|of|on|in|at|to|from|across|between|through|by|into)\s")


@lru_cache(maxsize=1024)
def _code_pattern(code: str) -> re.Pattern:
    """A code in running text; a bare number only after "action", "item"... ("action 6")."""
    if code.isdigit():
        return re.compile(rf"\b{_ITEM_WORD}\s+{code}{_CODE_END}")
    return re.compile(rf"(?<![\w./]){re.escape(code)}{_CODE_END}")


def explained(paragraphs: Iterable[str], items: list[Item], other_codes: Iterable[str] = ()) -> set[str]:
    """Keys of the red ``items`` some sentence explains. ``other_codes`` (the review's
    other items) end what a sentence before them said about a red item."""
    others = [Item(code, code) for code in other_codes]
    done: set[str] = set()
    for paragraph in paragraphs:
        about: list[Item] = []
        for sentence in sentences(paragraph):
            if listing(sentence):
                about = []
                continue
            named = [item for item in items if names_item(sentence, item)]
            if named or any(names_item(sentence, other) for other in others):
                about, opening = named, True
            else:
                opening = False
            done |= {item.key for item in about if _explains(sentence, item, opening)}
    return done


def _explains(sentence: str, item: Item, opening: bool) -> bool:
    """A reason or a next step in words, or (the sentence that names the item) what
    happened, written after the item's code as its label."""
    lexicon = load_template().lexicon
    if mentioned(sentence, lexicon.red_reason_words + lexicon.red_next_words):
        return True
    return opening and bool(item.code) and _labelled_comment(sentence, item)


def _labelled_comment(sentence: str, item: Item) -> bool:
    """"S1: the partner closed in 2023": after the code and a colon or dash, words that
    are not the item's status ("S1: not started"), its title or a pointer ("see below")."""
    match = re.match(rf"^[\W_]*(?:{_ITEM_WORD}\s+)?{re.escape(item.code)}{_CODE_END}\s*(?::|\s[-–—])\s*(.+)$", sentence)
    if not match:
        return False
    comment = match.group(1).strip()
    words = comment.split()
    if len(words) < MIN_LABELLED_COMMENT_WORDS or _POINTER.search(comment):
        return False
    if len(words) <= MAX_STATUS_WORDS and normalise_rag(comment):
        return False
    return not (item.title and fold(comment).startswith(fold(item.title)))
