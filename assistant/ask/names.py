"""Institutions a question names: in full, by their distinctive words ("Chester",
"Newcastle and Northumbria") or by their initials ("LJMU"), matched against the
institutions the store knows; and those of the register of UK institutions it names that
the store holds nothing of."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

from assistant.ask.message import asking_sentence, said_before_asking, written_as_a_name
from assistant.ask.spelling import english_word
from assistant.ask.words import BE, INVERTING, word_spans, words
from domain.institutions import load_register
from domain.text import acronyms


def _plain_words(text: str) -> list[str]:
    """Its words without possessive endings, the same in a question and in a name
    ("King's College London" is named in "How many technicians does King's College London have?")."""
    return [w.removesuffix("'s").removesuffix("’s") for w in words(text)]


def _normalise_name(name: str) -> str:
    text = " ".join(_plain_words(name))
    return text[4:] if text.startswith("the ") else text


_NAME_WORDS = frozenset(
    "university universities college institute institution school centre center of the and for "
    "in at london research trust foundation".split()
)
# name words may stand between distinctive ones ("Newcastle and Northumbria" names "Newcastle University and University of Northumbria")
_BETWEEN_NAME_WORDS = r"(?: (?:" + "|".join(sorted(_NAME_WORDS)) + r"))* "


def _distinctive(name: str) -> tuple[str, ...]:
    """The words that tell an institution's name from others ("chester" for "University of
    Chester", "edinburgh napier" for "Edinburgh Napier University")."""
    return tuple(w for w in _plain_words(name) if w not in _NAME_WORDS)


def named_institutions(text: str, known: Iterable[str]) -> tuple[str, ...]:
    """Institutions the question names: in full, or by their distinctive words alone
    ("Chester", "Leeds's") when exactly one known institution is called just that, beside
    one named in full too ("Keele and King's College London"); and those it names by their
    initials ("LJMU")."""
    known = list(known)
    spellings = _spellings(tuple(known))
    by_name = tuple(dict.fromkeys(spellings[spelling] for spelling in _named_by_name(text, list(spellings))))
    return (*by_name, *(name for name in _by_initials(text, known) if name not in by_name))


@functools.lru_cache(maxsize=4)
def _spellings(known: tuple[str, ...]) -> dict[str, str]:
    """Each known institution's name and its aliases in the register, one per distinctive
    words, each to the name: an alias written in full ("UWE Bristol") names it, and no
    other institution by a word of it (the University of Bristol). Kept for the last few
    lists of institutions: every question asks it of the store's list (hundreds of names
    at 100k passages). The caller must not change the dict."""
    register = load_register()
    spellings: dict[str, str] = {}
    for name in known:
        institution = register.find(name)
        for spelling in _one_per_distinctive(name, institution.aliases if institution else ()):
            spellings.setdefault(spelling, name)
    return spellings


def _one_per_distinctive(name: str, aliases: Iterable[str]) -> list[str]:
    """An institution's name and aliases, one spelling per distinctive words ("Durham
    University", not also "University of Durham")."""
    shorts: set[tuple[str, ...]] = set()
    spellings = []
    for spelling in (name, *aliases):
        if _distinctive(spelling) not in shorts:
            shorts.add(_distinctive(spelling))
            spellings.append(spelling)
    return spellings


def _named_by_name(text: str, known: list[str]) -> tuple[str, ...]:
    """Named in full, and by distinctive words no name found in full holds."""
    lowered = " " + " ".join(_plain_words(text)) + " "
    found = _named_in_full(lowered, known)
    return (*found, *_named_by_short(text, lowered, known, found))


def _named_in_full(lowered: str, known: list[str]) -> tuple[str, ...]:
    found: list[str] = []
    for name in sorted(known, key=len, reverse=True):
        norm = _normalise_name(name)
        if norm and f" {norm} " in lowered and not any(norm in _normalise_name(f) for f in found):
            found.append(name)
    return tuple(found)


def _named_by_short(text: str, lowered: str, known: list[str], found: tuple[str, ...]) -> tuple[str, ...]:
    by_short: dict[str, list[str]] = {}
    for name in known:
        short = " ".join(_distinctive(name))
        if short:
            by_short.setdefault(short, []).append(name)
    named_now = list(found)
    for short, names in sorted(by_short.items(), key=lambda item: -len(item[0])):
        if not all(f" {word} " in lowered for word in short.split()):
            continue  # a word of it is not written: no need to build its pattern (hundreds of names)
        named = re.search(" " + _BETWEEN_NAME_WORDS.join(map(re.escape, short.split())) + rf" (?!{_PLURAL_KINDS})", lowered)
        if (
            len(names) == 1 and named and _written_as_a_name(short, text) and not _only_in_longer_names(short, text)
            and not any(short in " ".join(_distinctive(f)) for f in named_now)
        ):
            named_now.append(names[0])
    return tuple(named_now[len(found):])


def _written_as_a_name(short: str, text: str) -> bool:
    """Whether an institution's distinctive words are written as a name: one of them
    capitalised ("Reading", "the Liverpool tropical medicine school"), or in a message typed
    without capitals ("anything from leeds?", "how many has aston hosted?"). Many are also
    everyday words: a reading list, an open day and a technician group name no institution."""
    informal = not text.lstrip()[:1].isupper()
    return informal or any(re.search(rf"(?<![\w-]){w[0].upper()}(?i:{re.escape(w[1:])})", text) for w in short.split())


def _only_in_longer_names(short: str, text: str) -> bool:
    """Whether an institution's distinctive words are written only as the start of a longer
    name, each time followed by a capitalised word that is no word of an institution's name
    ("the Edinburgh Technical Collaboration" of four universities names none of them)."""
    spots = list(re.finditer(rf"(?<![\w-]){re.escape(short)}(?P<possessive>['’]s)?(?![\w-])", text, re.IGNORECASE))
    return bool(spots) and all(_starts_a_longer_name(spot, text) for spot in spots)


def _starts_a_longer_name(spot: re.Match[str], text: str) -> bool:
    """Whether the word right after ``spot`` (a space apart) is written as a name
    (message.written_as_a_name) and is no word of an institution's name."""
    if spot.group("possessive"):
        return False
    rest = text[spot.end():]
    following = word_spans(rest)[:1]
    if not following or not rest[: following[0][0]].isspace():
        return False
    start, end, word = following[0]
    return written_as_a_name(rest[start:end], text[: spot.end() + start]) and word.removesuffix("'s") not in _NAME_WORDS


# A place name before institutions in the plural is the place: "Edinburgh's universities"
# are not the University of Edinburgh.
_PLURAL_KINDS = r"(?:universities|institutions|institutes|colleges|organisations|signatories|employers) "


_CAPITALS = re.compile(r"\b[A-Z]{3,6}\b")
_LOWER = re.compile(r"\b[a-z]{3,6}\b")


def _by_initials(text: str, known: list[str]) -> tuple[str, ...]:
    """Institutions the question names by their initials, when exactly one known
    institution has them (a lead writes "LSTM" as often as the full name): in capitals
    ("at LJMU"), or typed in lower case ("icr technicians") when they are no English word."""
    by_initials: dict[str, list[str]] = {}
    for name in known:
        for acronym in acronyms(name):
            by_initials.setdefault(acronym, []).append(name)
    lowered = [token for token in _LOWER.findall(text) if token in by_initials and not english_word(token)]
    tokens = dict.fromkeys([*(token.lower() for token in _CAPITALS.findall(text)), *lowered])
    found = [by_initials[token][0] for token in tokens if len(by_initials.get(token, ())) == 1]
    return tuple(found)


# a question choosing among the institutions it names, not asking of each: "which one(s)",
# "which of", "which university", "Cranfield or Surrey", "Was it ...?"; not "which bodies ..."
# or "channels or formats" asked of each
_CHOOSES_AMONG = re.compile(
    r"(?i:\bwhich\s+(?:one|ones|of|(?:\w+\s+)?(?:universit|institut|signator|organi[sz]ation|place|college|employer)\w*)\b)"
    r"|\b[A-Z][\w'’]*\s+or\s+(?:the\s+)?[A-Z]|^\W*(?i:was|is)\s+it\b"
)


def asks_of_each(text: str) -> bool:
    """Whether a question naming institutions together asks of each of them ("How do
    Cardiff and Edinburgh each keep technicians informed?"), not which of them does
    something ("Was it Cranfield or Surrey that ...?", "Out of these, which ones ...?")."""
    return not _CHOOSES_AMONG.search(text)


_OF_EACH = re.compile(r"\b(?:each|both)\b", re.IGNORECASE)


def _asked_yes_or_no(sentence: str) -> bool:
    """The sentence opens on an auxiliary before its subject ("Do Bath and Leeds both ...?")."""
    opening = words(sentence)[:1]
    return bool(opening) and opening[0] in INVERTING | BE


def takes_for_granted(text: str, named: tuple[str, ...]) -> bool:
    """Whether a question takes for granted that the institutions it ``named`` speak to
    what it asks, and asks what they say: several, "each" or "both" ("Birmingham and Durham
    both talk about preparing the next wave of technical staff. What is each doing?", "How
    do Cardiff and Edinburgh each ...?"); one, named in what the message says before it
    asks ("Durham names facilities its technicians work in. Which ones?"). Each then
    answers with its closest statements, however far the asker's words are from the pages'
    own. Not so a question asked yes or no ("Do Bath and Leeds both pay ...?") or asking
    which of them does it."""
    if _asked_yes_or_no(asking_sentence(text)) or not asks_of_each(text):
        return False
    return bool(named_institutions(said_before_asking(text), named)) if len(named) == 1 else bool(_OF_EACH.search(text))


# words before a name that make it a comparison or an example, not whom the question asks of
# ("Who else, like Durham, ...?", "anyone besides Oxford")
_NOT_ASKED_OF = frozenset("like unlike besides than except excluding including beyond apart as".split())


def unheld_institutions(text: str, known: Iterable[str], in_corpus: Callable[[str], bool]) -> tuple[str, ...]:
    """Institutions of the register of UK institutions (domain/data/institutions.toml) the
    question asks of that the store holds no document of and no passage mentions ("What
    has Durham done on apprenticeships?" of a corpus without a word on Durham): nothing
    there can answer for them. Named in full, by an alias ("UCL"), or by distinctive words
    written with a capital. Not by initials made from a name's words, as "LJMU" is read for
    a known institution: among the register's hundreds they collide ("USA" would be St
    Andrews). Typed in lower case, too many names are everyday words ("open", "reading",
    "bath") to be read as one here. A name the question compares with or gives as an
    example ("like Durham") is not asked of."""
    if not text.lstrip()[:1].isupper():
        return ()
    register = load_register()
    held = {register.find(name) for name in known}
    spelled: dict[str, str] = {}  # a name or alias of an institution not held -> its register name
    for institution in register.institutions:
        if institution in held:
            continue
        for name in _one_per_distinctive(institution.name, institution.aliases):
            spelled[name] = institution.name
    lowered = " ".join(_plain_words(text))
    named = sorted(_named_by_name(text, list(spelled)), key=lambda name: _position(lowered, _distinctive(name) or tuple(_plain_words(name))))
    asked_of = (
        register.find(spelled[name]) for name in named
        if not _after_comparison(lowered, _distinctive(name) or tuple(_plain_words(name)))
    )
    return tuple(dict.fromkeys(inst.name for inst in asked_of if inst and not _mentioned(inst.name, inst.aliases, in_corpus)))


def _mentioned(name: str, aliases: tuple[str, ...], in_corpus: Callable[[str], bool]) -> bool:
    """Whether some passage may mention the institution: the distinctive words of one of
    its names or aliases are in the corpus as a phrase ("Heriot-Watt", "UCL"). A name of
    name words alone ("University College London") tells nothing, so counts as mentioned."""
    spellings = [" ".join(_distinctive(n)) for n in (name, *aliases) if _distinctive(n)]
    return not spellings or any(map(in_corpus, spellings))


def _position(lowered: str, short: tuple[str, ...]) -> int:
    """Where the name is first written in the question (its first distinctive word)."""
    match = re.search(rf"\b{re.escape(short[0])}\b", lowered) if short else None
    return match.start() if match else len(lowered)


def _after_comparison(lowered: str, short: tuple[str, ...]) -> bool:
    return bool(_NOT_ASKED_OF & set(lowered[: _position(lowered, short)].split()[-2:]))
