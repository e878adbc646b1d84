"""How a message frames the question it asks: the sentences around it that only give
context ("Our plan has just been signed off."), a greeting before it ("Hi —", "Hello,"),
how the answer should be laid out ("in date order", "one line each", "as a table"), the
corpus named as where to look ("on these pages"), the adjective of a measure ("how *long*",
"how *often*"), and a word the question names as a word ("the word 'champion'"). None of
these is its topic; a question that refers back to its context (a pronoun, "Is that
right?") takes it whole. A message typed in chat shorthand ("any1", "b4", "pls") is first
read as the words it stands for (``spelled_out``). What was looked for is told in the
question's own words (``in_own_words``). Which of its words the question writes as names
("use AI tools", "the Kickstart scheme") is read too (``written_names``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from functools import cache

from assistant.ask.words import AUXILIARY, word_spans
from domain import DATA_DIR
from domain.text import GREETING

_CLAUSE_BREAK = re.compile(r"(?<=[.!?;])\s+")
# a request asks as a question does ("Tell me about apprenticeships.")
_REQUEST = re.compile(
    r"^(?:please\s+)?(?:tell|show|list|give|find|describe|explain|summari[sz]e|compare|name|suggest|share)\b", re.IGNORECASE
)
_ABOUT_THE_ASKER = re.compile(r"^(?:i|i'm|i am|we|we're|we are|our|my)\b", re.IGNORECASE)


def split_context(text: str) -> tuple[str, str]:
    """The question a message asks, and the context around it. In a message that asks a
    question, every sentence that asks nothing is context ("Our action plan has just been
    signed off. Where have others put theirs?"), and a clause before a semicolon when it
    is about the asker ("We have no budget; ..."); in one that asks none, the
    sentences about the asker ("I'm the lead at a small institute and we have no money;
    tell me ..."). Context is not the topic, unless the question refers back to it by a
    pronoun: then the whole message is the question."""
    parts = [part.strip() for part in _CLAUSE_BREAK.split(text.strip()) if part.strip()]
    about_asker = [bool(_ABOUT_THE_ASKER.match(part.replace("’", "'"))) for part in parts]
    if any(part.endswith("?") for part in parts):
        # a clause before a semicolon belongs to its sentence's question unless it is about the asker
        asked = [
            part for part, mine in zip(parts, about_asker, strict=True)
            if part.endswith("?") or _REQUEST.match(part) or (part.endswith(";") and not mine)
        ]
    else:
        asked = [part for part, mine in zip(parts, about_asker, strict=True) if not mine]
    question = " ".join(asked)
    if not asked or len(asked) == len(parts) or _REFERS_BACK.search(question) or _SETS_AGAINST.search(question):
        return text, ""
    return question, " ".join(part for part in parts if part not in asked)


def asking_sentence(text: str) -> str:
    """The sentence of a message that asks: its last one ending in "?" (a question that
    refers back keeps its context, yet "isn't sure *what* comes next" before it asks for
    nothing); the whole message when none does."""
    asking = [part for part in re.split(r"(?<=[.!?])\s+", text.strip()) if part.endswith("?")]
    return asking[-1] if asking else text


def said_before_asking(text: str) -> str:
    """What a message says before its asking sentence ("Durham names the facilities its
    technicians work in." of "... Which ones does it name?")."""
    asking = asking_sentence(text)
    return text[: text.rfind(asking)].strip() if asking != text else ""


# a pronoun for a thing whose antecedent the question leaves to what came before it
# ("Where have others put theirs?", "Has anyone done the same?", "How do the two fit
# together?", "Which ones?", "Did those work?"); not "them", which mostly stands for the
# people the corpus is about ("get them involved")
_REFERS_BACK = re.compile(
    r"\b(?:it|theirs|ours|this|these|those|ones|both|the same|the two"
    # a claim checked ("Is that right?", "that's true?") and the places just named ("How did
    # each of them get there?"): stop 32
    r"|(?:is|was|isn't|wasn't) that|that(?:'s| is)? (?:right|true|correct|accurate|so)"
    # the same check of someone's claim ("Is she right?", "Am I wrong?"; stop 32, second round)
    r"|(?:is|are|am|was|were)\s+(?:he|she|they|we|i)\s+(?:right|wrong|correct|mistaken)"
    r"|(?:each|either|neither|both) of them|(?:get|got|getting) there"
    # "each" standing for the things just named ("What does each one cover?", "which college
    # does each name?", "What was counted in each?") and "how many" of them ("How many does each
    # mention?"): stop 44
    rf"|each\s+one|{AUXILIARY}\s+each"
    rf"|each(?=\s*[,;?])|how\s+many\s+{AUXILIARY})\b"
    # "that" ending the question stands for what was just said ("Has anyone done that?",
    # "... sent staff on something like that?": stop 53), its verb's particle after it or not
    # ("Has any university set that up?": stop 55)
    r"|\bthat(?=(?:\s+(?:up|out|off|on|through|in))?\s*\?)",
    re.IGNORECASE)

# a greeting opening the message ("Hi —", "Hello,", "Dear all,", "Morning!"): stop 32
_GREETING = re.compile(
    rf"^\s*{GREETING}(?:\s+(?:all|there|everyone|team|colleagues))?\s*(?:[,!:]|\s[-–—]\s?)\s*", re.IGNORECASE)
# how the answer should be laid out, not what it is about (stop 32)
_LAYOUT = re.compile(
    r"\b(?:in\s+(?:date|time|chronological|alphabetical)\s+order|(?:oldest|newest|earliest|latest|most\s+recent)\s+first"
    r"|(?:one|a)\s+line\s+(?:each|per\s+\w+)|in\s+(?:one|a)\s+(?:line|sentence|paragraph)(?:\s+or\s+two)?"
    r"|(?:in|as)\s+(?:a\s+)?(?:quick\s+|short\s+|simple\s+)?(?:table|list|bullets|bullet\s+points)"
    r"|just\s+the\s+(?:numbers|figures|names|dates)(?:\s+and\s+(?:years|dates|names))?"
    r"|briefly|in\s+brief|in\s+short|in\s+a\s+nutshell"
    # a summary asked for ("quick rundown pls", "a brief overview", "the gist"; stop 44)
    r"|(?:a\s+)?(?:quick|brief|short)\s+(?:rundown|run-down|overview|summary|recap|round-?up)"
    r"|(?:a\s+)?(?:rundown|run-down|recap)|the\s+gist)\b", re.IGNORECASE)
# ideas asked for on a topic ("Any *ideas for* making technicians more visible?", "*tips on*
# registration"): the request, not its topic; ideas brought back or adapted, and where "the idea
# for" something came from, are a topic (stop 46)
_IDEAS_ASKED_FOR = re.compile(r"(?<!the )\b(?:ideas?|suggestions?|tips?|pointers)\s+(?=(?:for|on|about)\b)", re.IGNORECASE)
# the corpus named as the place to look: "on these pages", "in these documents", "in these
# docs", "in the corpus", "anywhere on these sites", "in here" (stop 32, second round); and
# (``_A_CLAIM``) a claim put as "true or false:"
_THE_CORPUS = re.compile(
    r"\b(?:(?:on|in|across|from|of|throughout)\s+)?(?:all\s+)?(?:these|those|the|this)\s+"
    r"(?:(?:web\s*)?pages?|documents?|docs?|papers|(?:web)?sites?|pdfs|files|reports|submissions|corpus|library)\b"
    r"(?!\s+(?:of|from|for|by|on)\b)"
    r"|(?<=which )(?:(?:web\s*)?pages|documents|papers|(?:web)?sites|reports|submissions)\b"
    r"|\b(?:(?:on|in)\s+)?(?:any|their|its|each|every)\s+(?:web\s*)?pages?\b"  # "does any page", "what do their pages say"
    r"|(?<=['’]s )(?:web\s*)?(?:pages?|website|site)\b(?!\s+(?:of|from|for|by|on)\b)"  # "Edinburgh's page" (stop 44)
    r"|\b(?:in|on)\s+here\b", re.IGNORECASE)
_A_CLAIM = re.compile(r"^\s*true\s+or\s+false\s*[:,-]", re.IGNORECASE)
# an alternative the question sets aside, to the end of its clause: "events run by technicians
# *rather than managers or HR*", "*Apart from people in science labs*, what other jobs ..." (stop 35);
# a name set aside ends where the name does when more of the question follows it: "Which
# universities *besides Oxford* want to ...", "*apart from Leeds* who else ..."; any clause
# before a question word: "*Apart from apprenticeships* what do people do ..." (stop 46)
_NAME_THEN_MORE = r"(?:the\s+)?(?-i:[A-Z])[\w'’&-]*(?:\s+(?:of|and|the|(?-i:[A-Z])[\w'’&-]*))*(?=\s+(?!(?:and|or|of|the|&)\b)(?-i:[a-z]))"
_SET_ASIDE = re.compile(
    r"\b(?:rather than|instead of|as opposed to|apart from|aside from|other than|besides|except(?: for)?)\b"
    rf"(?:\s+{_NAME_THEN_MORE}|[^,;:?.!]*?(?=\s+(?:what|who|which|how|where|why)\b|[,;:?.!]|$))"
    # and opening a clause: "Leaving aside the act of signing, ...", "Leaving registration fees
    # aside, ...", "Registration aside, ..." (not "Has anyone set aside a budget?"; stop 44)
    r"|(?:^|(?<=[.!?;:]\s))(?:(?:leaving|setting|putting)\s+aside\b[^,;:?.!]*|leaving\b[^,;:?.!]*?\baside\b"
    r"|[^\s,;:?.!]+(?:\s+[^\s,;:?.!]+){0,3}\s+aside(?=\s*,))",
    re.IGNORECASE)
# "how" and the adjective of a measure: a size, a length of time, a frequency of the topic is
# asked, the adjective is no topic ("How long will the plan run?" is about the plan; stop 36)
_HOW_MEASURED = re.compile(r"\bhow (?:large|big|long|often|frequently|soon|far|old)\b", re.IGNORECASE)
# a word the question names as a word: "the word 'champion'", "the term “hub”" (stop 32)
_NAMED_TERM = re.compile(r"\b(?:word|term|phrase|expression|label)\s+['‘\"“]([^'’\"”]{2,40})['’\"”]", re.IGNORECASE)
# a term of one to three words in quotes, and a message asking what a term means or in what
# sense it is used
_QUOTED_TERM = re.compile(r"(?:(?<=\s)|^)['‘\"“]([A-Za-z][\w-]*(?:\s[\w-]+){0,2})['’\"”](?=[\s,.?;:!)]|$)")
# the asker's own definition of a term ("When I say 'invisible' I mean ...") says what is asked about
_DEFINES_ITS_TERM = re.compile(r"\b(?:by|say)\s+['‘\"“][^'’\"”]+['’\"”],?\s+i\s+mean\b", re.IGNORECASE)
_ASKS_A_SENSE = re.compile(r"\b(?:mean|means|meant|meaning|sense|senses|kinds? of|sorts? of|same thing)\b", re.IGNORECASE)


# a comparison asked of the institutions a question names ("How do Bath and Glasgow's offers
# *differ*?", "*Compare* Birmingham and Chester: who leads ...?"): setting what each says side
# by side is the reader's part; what is compared is the topic (stop 45). Not "made a
# difference", which is impact
_COMPARING = re.compile(
    r"\b(?:compar(?:e|es|ed|ing)(?:\s+(?:with|to|against))?|comparison|in\s+comparison\s+(?:with|to)"
    r"|differ(?:s|ed|ing)?(?:\s+from)?|(?:any\s+)?differently|(?:the\s+)?differences?\s+between"
    r"|(?:in\s+)?the\s+same\s+way|similarly|alike|in\s+common|side\s+by\s+side)\b", re.IGNORECASE)


# a difference asked for sets the things just named against each other ("Bath and Glasgow both
# help technicians get recognised for teaching. How do their offers *differ*?"): the question
# refers back to them (stop 45)
_SETS_AGAINST = re.compile(r"\b(?:differ(?:s|ed|ing|ently)?|compar(?:e|es|ed|ing|ison))\b", re.IGNORECASE)


def without_comparing(text: str) -> str:
    """A question comparing the institutions it names, without the words that ask for the
    comparison: what each says on the topic answers it."""
    return re.sub(r"\s+(?=[?.!,;:])", "", " ".join(_COMPARING.sub(" ", text).split()))


def without_greeting(text: str) -> str:
    """The message without a greeting before its question."""
    return _GREETING.sub("", text, count=1)


def without_frame(text: str, corpus: str = "") -> str:
    """The question without the words that frame it: how the answer is laid out ("Put
    Cranfield's milestones in date order" asks about the milestones), ideas asked for ("any
    ideas for ..." asks about what follows), the corpus named as where to look ("Which
    pages cover hospital settings?" asks about hospital settings), an alternative it sets
    aside ("run by technicians rather than managers" is not about managers), and the
    adjective of a measure ("How long will the plan run?" asks a length of the plan).
    ``corpus`` is put where the corpus was named: "they" keeps it the subject of the verb
    after it ("Which pages *describe* ...", "What do these documents *say* ..."), for
    reading the question's senses (stop 44)."""
    text = _HOW_MEASURED.sub("how", _LAYOUT.sub(" ", _IDEAS_ASKED_FOR.sub(" ", text)))
    named = _THE_CORPUS.sub(f" {corpus} ", _A_CLAIM.sub(" ", text))
    return " ".join(_SET_ASIDE.sub(" ", named).split())


def set_aside(text: str) -> str:
    """What the question sets aside ("Apart from Oxford, ...", "Leaving the Liverpool lot
    aside, ..."): an institution named there is not asked of, and does not answer."""
    return " ".join(match.group(0) for match in _SET_ASIDE.finditer(text))


def named_terms(text: str) -> tuple[str, ...]:
    """The words a question names as words ("Is the word 'champion' used the same way
    everywhere?"): what it asks about, whatever else it says of them. A term in quotes in
    a message that asks what it means ("'Profile' seems to mean a job description on some
    pages ...", "different kinds of 'framework'") is named as a word too, unless the asker
    defines it ("By 'technician voice' I mean ..."; stop 45)."""
    named = [match.group(1).strip() for match in _NAMED_TERM.finditer(text)]
    if not named and _ASKS_A_SENSE.search(text) and not _DEFINES_ITS_TERM.search(text):
        named = [match.group(1).strip() for match in _QUOTED_TERM.finditer(text)]
    return tuple(named)


# what makes a name one of several a question lists, or an example of a kind: "dyslexia *or*
# ADHD", "a qualification such *as* PRINCE2", "*say* Python"
_LISTING = frozenset("or and nor like as say including example".split())
_LISTED_WITHIN = 3  # words before a name that may list it ("or to their REF submission")


def written_names(text: str) -> tuple[str, ...]:
    """The words a question writes as names, each as ``words`` reads it: in capitals ("AI",
    "TEF"), with a capital and a digit ("PRINCE2", "Covid-19"), or capitalised inside a
    sentence ("the government's Kickstart scheme"); not "I" ("I'm"). None that the
    question lists among others or gives as an example of a kind ("Twitter, LinkedIn and
    the like", "such as PRINCE2", "dyslexia or ADHD"): the kind may be in the corpus under
    other names."""
    spans = word_spans(text)
    names = []
    for index, (start, end, word) in enumerate(spans):
        written = text[start:end]
        if written_as_a_name(written, text[:start]) and not _listed(text, spans, index):
            names.append(_name_part(word.removesuffix("'s"), written))
    return tuple(names)


def written_stretches(text: str, names: Iterable[str]) -> tuple[str, ...]:
    """Each run of words ``text`` writes as names that holds one of ``names``, as written
    ("the government's Skills Bootcamps" -> "Skills Bootcamps"): to say what no passage mentions."""
    names, runs, run = set(names), [], []
    for start, end, word in [*word_spans(text), (len(text), len(text), "")]:
        if word and written_as_a_name(text[start:end], text[:start]):
            run.append((start, end, word.removesuffix("'s")))
            continue
        if any(w in names for _s, _e, w in run):
            runs.append(text[run[0][0] : run[-1][1]].removesuffix("'s"))
        run = []
    return tuple(dict.fromkeys(runs))


def _name_part(word: str, written: str) -> str:
    """A hyphenated word's name is its parts not in lower case ("London-based" names London;
    "Covid-19" is one name)."""
    parts = written.removesuffix("'s").split("-")
    if len(parts) < 2 or not any(p.isalpha() and p.islower() for p in parts):
        return word
    return "-".join(p.lower() for p in parts if not (p.isalpha() and p.islower()))


def written_as_a_name(written: str, before: str) -> bool:
    """Whether a word, as ``written`` after the text ``before`` it, is written as a name:
    in capitals, with a capital and a digit, or capitalised inside a sentence (not "I")."""
    if written[0] == "I" and (len(written) == 1 or written[1] in "'’"):
        return False
    opens_sentence = not before.strip() or before.rstrip()[-1] in ".!?:;\"“(—–•"
    capitals = sum(c.isupper() for c in written)
    return (
        (capitals >= 1 and any(c.isdigit() for c in written))
        or (capitals >= 2 and written.replace("-", "").isupper())
        or (written[0].isupper() and not opens_sentence)
    )


def _listed(text: str, spans: list[tuple[int, int, str]], index: int) -> bool:
    """Whether the name at ``index`` is one of several or an example: a comma or slash on
    either side, a listing word among the few before it, or "or"/"and" right after it."""
    start, end, _word = spans[index]
    before = text[spans[index - 1][1] : start] if index else ""
    after = text[end : spans[index + 1][0]] if index + 1 < len(spans) else ""
    if any(mark in before + after for mark in ",/"):
        return True
    if any(word in _LISTING for _s, _e, word in spans[max(index - _LISTED_WITHIN, 0) : index]):
        return True
    return index + 1 < len(spans) and spans[index + 1][2] in {"or", "and", "nor"}


@cache
def _chat_spellings() -> tuple[re.Pattern[str], dict[str, str]]:
    with (DATA_DIR / "chat_words.toml").open("rb") as handle:
        spellings = {k.lower(): v for k, v in tomllib.load(handle)["spellings"].items()}
    alternatives = "|".join(re.escape(k) for k in sorted(spellings, key=len, reverse=True))
    return re.compile(rf"(?<![\w/'’.@-])(?:{alternatives})(?![\w/'’@-]|\.\w)", re.IGNORECASE), spellings


def spelled_out(text: str) -> str:
    """The message with its chat shorthand written out ("any unis doing stuff b4 ppl
    retire?" -> "any universities doing stuff before people retire?"): the words it stands
    for are what the search and the reading of its topic understand; the shorthand itself
    is no topic, and no passage uses it (``domain/data/chat_words.toml``)."""
    pattern, spellings = _chat_spellings()
    return pattern.sub(lambda match: spellings[match.group(0).lower()], text)


# general English for asking a quantity, whatever is counted ("the size of", "how big")
HOW_BIG = re.compile(r"\bhow (?:large|big)\b", re.IGNORECASE)
# the words that open a question, as a pattern other patterns are built from
QUESTION_WORD = r"(?:what|which|who|whom|whose|where|when|why|how)"
_ASKS_COUNT = re.compile(r"\bhow many\b|\bheadcount\b|\bnumber of\b|\bsize of\b|" + HOW_BIG.pattern, re.IGNORECASE)


def asks_count(question: str) -> bool:
    """Whether the question asks how many ("Roughly how many technical staff work at
    ...?", "the headcount of technicians at ..."): a number answers it, whatever its words."""
    return bool(_ASKS_COUNT.search(question))


MOST_WORDS_NAMED = 20  # a topic spanning more of the question is named by its words alone


def in_own_words(question: str, topic_words: Iterable[str], subject_words: Iterable[str] = ()) -> str:
    """The question's own words from the first of its topic words to the last ("letting
    technicians work a four-day week or squeeze their hours into fewer days"), and the
    corpus's subject words right after it ("the same pay scale as its academic *staff*"):
    how a reader is told what was looked for, where the words alone read as a list
    ("letting work four-day week squeeze hours fewer days"). "" when none of them is found
    in it, or they span more than ``MOST_WORDS_NAMED`` words."""
    wanted, subjects = set(topic_words), set(subject_words)
    asked = without_frame(question)
    found = [(start, end, word.removesuffix("'s")) for start, end, word in word_spans(asked)]
    at = [i for i, (_start, _end, word) in enumerate(found) if word in wanted]
    if not at:
        return ""
    last = at[-1]
    while last + 1 < len(found) and found[last + 1][2] in subjects:
        last += 1
    named = asked[found[at[0]][0] : found[last][1]]
    return named if len(named.split()) <= MOST_WORDS_NAMED else ""
