"""How a question's words are used, read from their order (no tagger): which two content
words name one thing (a compound: "performance bonuses"), which is the question's verb (a
frame: "do technicians *get*"), and the thing it asks for ("What *GCSE grades* ...").
``query.plan_query`` records them on the plan; the evidence reads a statement's words in
these senses (coverage.sensed_coverage)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import zip_longest

from assistant.ask.message import asking_sentence
from assistant.ask.words import AUXILIARY, BE, INVERTING, words

_CLAUSE_PIECE = re.compile(r"[,;:()?!/]|\s[-–—]\s")
_TOKEN = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*['’]?")
_SUBJECT_PRONOUNS = frozenset("who anyone anybody someone somebody others they we you it he she".split())
# what may stand between a subject and its verb: auxiliaries, and adverbs ("do universities
# *here* describe", "which technicians *actually* run"; stop 44)
_BEFORE_THE_VERB = frozenset(
    "am is are was were be been being have has had do does did can could will would shall should may might must "
    "not also already ever still now here there actually really just even all both each currently usually often "
    "recently themselves".split()
)


# "any", "each", "every" before a subject word in the singular: one of the institutions ("Did
# *any institution* launch ...?", "Has *each university* set ...?"), whose verb follows (stop 57)
_ONE_OF = frozenset("any each every".split())


def _is_one_subject(word: str, subjects: frozenset[str]) -> bool:
    """The singular of a plural subject word ("university" of "universities")."""
    return f"{word}s" in subjects or (word.endswith("y") and f"{word[:-1]}ies" in subjects)


def question_senses(
    text: str, content: Iterable[str], domain: frozenset[str], subjects: frozenset[str], names: Iterable[str] = ()
) -> tuple[tuple[tuple[str, str], ...], frozenset[str]]:
    """How the question's content words are used, read from their order (no tagger):

    - *compounds*: two content words written next to each other, the last two of a run
      ("football team", "performance bonuses", "annual leave"), name one thing. English
      compounds end on their head and the word before it picks the head's sense, so a
      statement mentions the concept only when it has both ("technical teams" is not a
      football team; the leave of "leave for an employer" is not annual leave). A past
      participle is no head: it opens a clause ("a newsletter *written* for technicians").
    - *frames*: a content word right after the question's subject (a plural subject word
      of the corpus or one in the singular after "any", "each" or "every", a subject
      pronoun or a word of an institution the question names,
      auxiliaries between allowed): "do technicians *get*", "have institutions *run*",
      "who *sends*", "does Chester *describe*". It is the question's verb, saying
      what is asked of the topic rather than naming it. A word after "to" ("to *improve*
      appraisals") is a verb as often as not, so it starts no compound either."""
    content = set(content)
    subjects = _SUBJECT_PRONOUNS | {w for w in domain if w.endswith("s")} | subjects | set(names)
    compounds: list[tuple[str, str]] = []
    frames: set[str] = set()
    verbs: set[str] = set()  # frames and words after "to": never a compound's first word
    for piece in _CLAUSE_PIECE.split(text.lower().replace("’", "'")):
        run: list[str] = []
        runs = [run]
        after_subject = after_to = False
        tokens = _TOKEN.findall(piece)
        plain = [_plain(token) for token in tokens]
        inverted = _inverted_verb_at(tokens, content, set(names), domain)
        for index, token in enumerate(tokens):
            possessive = token.endswith("'") or token.endswith("'s")
            word = plain[index]
            if word in content:
                if after_subject or index == inverted:
                    frames.add(word)
                if after_subject or after_to or index == inverted:
                    verbs.add(word)
                if index == inverted:  # the subject's words end before its verb
                    run = []
                    runs.append(run)
                run.append(word)
            elif run:
                run = []
                runs.append(run)
            after_to = word == "to"
            one_of_them = index > 0 and tokens[index - 1] in _ONE_OF and _is_one_subject(word, subjects)
            before_the_verb = word in _BEFORE_THE_VERB and not _have_is_the_verb(plain, index)
            after_subject = ((word in subjects or one_of_them) and not possessive) or (after_subject and before_the_verb)
        for words_run in runs:
            if len(words_run) >= 2 and words_run[-2] not in verbs and _can_head(words_run[-1], frames):
                compounds.append((words_run[-2], words_run[-1]))
    return tuple(dict.fromkeys(compounds)), frozenset(frames)


# A past participle: regular ("appointed", "filled"; not "speed") or one of the common
# irregular ones that are not also nouns ("run", "set" and "cut" are). After a noun it
# opens a clause ("a newsletter *written* for technicians", "champions *spread* across
# campuses"), never a compound's head (stop 50)
_REGULAR_PARTICIPLE = re.compile(r"[a-z]{2,}[^e]ed")
_IRREGULAR_PARTICIPLES = frozenset(
    "written given taken shown known grown chosen drawn driven spoken broken stolen frozen forgotten hidden "
    "begun sung done gone seen spread held built paid led brought bought taught sent kept won told sold "
    "left spent thought sought caught understood meant found lent lost felt dealt heard got gotten".split()
)


def is_past_participle(word: str) -> bool:
    return bool(_REGULAR_PARTICIPLE.fullmatch(word)) or word in _IRREGULAR_PARTICIPLES


def _can_head(word: str, frames: set[str]) -> bool:
    """Whether ``word`` may end a compound: not the question's verb, a particle or a participle."""
    return word not in frames and word not in _PARTICLES and not is_past_participle(word)


_QUESTION_WORDS = frozenset("how why what when where which who whom whose".split())
# adverb particles of phrasal verbs ("money *put aside*", "*set apart*"): never a compound's head
_PARTICLES = frozenset("aside away apart ahead forward forwards together around back".split())
# ... and those that follow a verb as often as they open a phrase ("set *up*", "put *out*")
_VERB_PARTICLES = _PARTICLES | frozenset("up out down off in on".split())
_DETERMINERS = frozenset("the a an this that these those their its our your my his her any each".split())
# what opens a verb's object or clause: "change *the* way", "help *them*", "decide *what*"
_OBJECT_OPENERS = _DETERMINERS | _QUESTION_WORDS | frozenset("them it us him whether".split())


def _inverted_verb_at(
    tokens: list[str], content: set[str], named: set[str] = frozenset(), domain: frozenset[str] = frozenset()
) -> int | None:
    """Where the verb of a question with subject-auxiliary inversion stands: after "How
    did", "Why does", "What has" (or an opening "Did", "Has"), a subject of content words
    ("the pandemic", "the steering group") and then the verb, before its object ("How did
    the pandemic *change* the way ..."); the subject's last word and the verb are
    otherwise read as one compound ("pandemic change"), and a compound subject ("steering
    group") is not. A subject opening on a named institution's words (``named``) may hold
    the corpus's own words too (``domain``: "What does the University of Surrey's yearly
    Technician Day *offer* the staff ...?"; stop 44). None when no such verb is read."""
    start = 1 if tokens and tokens[0] in _QUESTION_WORDS else 0
    if len(tokens) < start + 4 or tokens[start] not in INVERTING:
        return None
    index = start + 1 + (tokens[start + 1] in _DETERMINERS)
    end = index
    of_a_name = index < len(tokens) and _plain(tokens[index]) in named
    subject = content | named | domain | _WITHIN_A_NAME if of_a_name else content
    while end < len(tokens) and _plain(tokens[end]) in subject:
        end += 1
    while end > index and _plain(tokens[end - 1]) not in content:  # the verb is a content word
        end -= 1
    followed = end < len(tokens) and tokens[end] in _OBJECT_OPENERS
    return end - 1 if end - index >= 2 and followed else None


# the words joining a name's parts ("University *of* Surrey"); not "the", which opens the
# verb's object ("What does Bristol call *the* toolkit ...?"), unlike domain.text.NAME_CONNECTORS
_WITHIN_A_NAME = frozenset("of and".split())


def _plain(token: str) -> str:
    """A token as a word, without its possessive ("king's", "technicians'")."""
    return token.rstrip("'").removesuffix("'s")


# a determiner that names the thing asked for right after it ("*What* GCSE grades ...",
# "*Which* research institutes ...", "... come with *any* prize money"); not a relative
# "which" after a comma ("the fund, which pays ...")
_ASKING_DETERMINER = re.compile(
    r"(?<!,\s)\b(?:what|which|how much|any)\s+(.*)", re.IGNORECASE | re.DOTALL
)


def asked_thing(question: str, content: Iterable[str], subjects: Iterable[str] = ()) -> tuple[str, ...]:
    """The thing a question asks for: the content words right after the first "what",
    "which", "how much" or "any" of its asking sentence, two at most (a compound's modifier
    and head: "GCSE grades"; what follows is as often its verb, "Which institutes *belong*"),
    within its clause, and not a word before a particle: a phrasal verb ("Which departments
    *put* together ...") nor, after the first, a past participle ("a newsletter *written*
    for ...") or a verb before "as" ("Which roles *count* as technical?"; stop 57). Empty
    when a generic word follows ("What have others done").
    Asked yes or no of any of the institutions (``subjects``: the corpus's words for them,
    "Does any *university* give technicians a long-service award?"), it is the object of
    the question's verb (stop 49)."""
    sentence = asking_sentence(question)
    match = _ASKING_DETERMINER.search(sentence)
    anyone = None if match else _ASKED_OF_ANYONE.match(sentence)
    if not (match or anyone):
        return ()
    content, subjects = set(content), set(subjects)
    thing: list[str] = []
    clause = words(_CLAUSE_PIECE.split((match or anyone).group(1))[0])
    if anyone or _asks_yes_or_no_of_any(sentence[: match.start(1)], clause, subjects):
        clause = _object_of_the_verb(clause, content, subjects)
    for word, following in zip_longest(clause, clause[1:], fillvalue=""):
        word = word.removesuffix("'s")
        if word not in content or len(thing) == 2 or following in _PARTICLES or (thing and (is_past_participle(word) or following == "as")):
            break
        thing.append(word)
    return tuple(thing)


# a yes/no question asked of anyone at all ("Has *anyone* launched a podcast ...?"): its
# verb's object is the thing asked for, as after "any university" (stop 51)
_ASKED_OF_ANYONE = re.compile(
    rf"^\W*{AUXILIARY}\s+(?:anyone|anybody|anywhere|someone|somebody|somewhere)\b(.*)",
    re.IGNORECASE | re.DOTALL,
)


# besides the corpus's own words for the institutions, what the subject of a yes/no question
# about them may hold: its documents and the words around them ("Does any *page* ...", "Do
# any *of these pages* ...", "Has any university *covered* here ...")
_SUBJECT_WORDS = frozenset("of these those the them other on in covered listed page pages document documents".split())


def _is_subject_word(word: str, subjects: set[str]) -> bool:
    return word in subjects or f"{word}s" in subjects or word in _SUBJECT_WORDS


def _asks_yes_or_no_of_any(before: str, clause: list[str], subjects: set[str]) -> bool:
    """Whether the asking determiner is "any" right after an inverted auxiliary, and
    the institutions follow it: "Does any university ...", "Has any of them ..."."""
    opening = words(before)[-2:]
    return (
        len(opening) == 2 and opening[0] in INVERTING | BE and opening[1] == "any"
        and bool(clause) and _is_subject_word(clause[0], subjects)
    )


def _object_of_the_verb(clause: list[str], content: set[str], subjects: set[str]) -> list[str]:
    """The words of a yes/no question's clause from the object of its verb on: after
    its subject ("any university here", "any of these organisations") and what may
    stand before its verb ("ever"), the verb and its particle ("set *up*"), and what
    stands before the object's first content word ("give technicians *a* ..."); a verb
    after "to" there is the object's verb ("arranged for technicians to *spend* time").
    "Have" with no participle after it is the verb ("Does anyone *have* technician
    champions ...?"), not an auxiliary (stop 57)."""
    index = 0
    while index < len(clause) and (_is_subject_word(clause[index], subjects) or clause[index] in _BEFORE_THE_VERB):
        if _have_is_the_verb(clause, index):
            break
        index += 1
    index = _past_the_verb(clause, index, content)
    if index < len(clause) and clause[index - 1] == "to":  # "arranged for technicians *to spend* time"
        index = _past_the_verb(clause, index, content)
    return clause[index:]


def _have_is_the_verb(clause: list[str], index: int) -> bool:
    """"Have" as the clause's verb, not an auxiliary: no participle or adverb follows it
    ("Does anyone *have* technician champions ...?", not "Has any university *had* ...")."""
    following = clause[index + 1] if index + 1 < len(clause) else ""
    return clause[index] in _HAVE and not is_past_participle(following) and following not in _BEFORE_THE_VERB


_HAVE = frozenset("have has had".split())


def _past_the_verb(clause: list[str], index: int, content: set[str]) -> int:
    """Where the object of the verb at ``index`` starts: past the verb, its particle and
    what stands before the object's first content word."""
    index += 1
    while index < len(clause) and clause[index] in _VERB_PARTICLES:
        index += 1
    while index < len(clause) and clause[index].removesuffix("'s") not in content:
        index += 1
    return index
