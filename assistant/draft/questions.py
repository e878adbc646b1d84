"""What a question asks, as the slots a draft fills: the question's own slot (context
that serves no single element), then each element it is checked for, in the template's
order. Everything here is read from the template data: the element's description and fix
stand for its meaning, its cue words (and the lexicon's lists) are its vocabulary, and
the sector's synonyms for those words (``domain/data/synonyms.toml``, each group sourced to
the template spec) count as the same vocabulary.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from assistant.ask.query import query_lexicon
from assistant.draft.vocabulary import uses
from domain import DATA_DIR, ElementCheck, Question, Template, fold, load_template

# Elements about the answer's form rather than its content: no note can serve them (the
# word count, the plan's end date, the web address's scheme and domain); the checker
# still judges them on the draft.
FORM_SUFFIXES = ("word_limit", "horizon", "https", "domain")
# An element that asks for the answer to be tied to the pillars: its statements are
# grouped under the pillar each serves.
PILLAR_GROUPED_SUFFIXES = ("themes",)
_PARENTHESES = re.compile(r"\(([^)]*)\)")
# A parenthesis that opens with a conjunction or preposition qualifies its sentence and
# lists no examples: "(or the plan as a whole, stated explicitly)", "(or an equivalent
# word)", "(by number when the answer numbers its points, else by meaning)".
_QUALIFIER = re.compile(r"\s*(?:or|and|but|by|with|without|except|unless|if|when|where|which|not)\b", re.I)
_EXAMPLE_LEAD = re.compile(r"^\s*(?:e\.g\.|for example|i\.e\.)\s*", re.I)
# The same examples after ", e.g." at a sentence's end ("Say what has changed since signing,
# e.g. headcount or senior technical posts then and now."); not a quoted sample answer.
_TRAILING_EXAMPLES = re.compile(r",\s*e\.g\.\s+([^'\"(]+?)\.?$")
_LIST_SEPARATOR = re.compile(r",|;|/|\bor\b")
_LEADING_VERB = re.compile(r"^(?:Add|Describe|State|Give|Say|Provide|List|Name|Mention|Write|Paste)\s+(?:that\s+)?", re.I)


class DraftError(ValueError):
    """A bad request: unknown question or stage, an unknown statement or element in a
    turn, a session that cannot be found or read."""


@dataclass(frozen=True)
class Slot:
    """A place in the draft: statements placed here serve ``element_id``."""

    key: str  # unique in the question: the element id, or "<element id>#<pillar>"
    element_id: str
    label: str
    prototypes: tuple[str, ...]  # texts whose meaning stands for the slot: its description, fix, the spec's phrases and vocabulary
    vocabulary: tuple[str, ...] = ()  # the template's own words for it
    related: tuple[str, ...] = ()  # the synonym groups' other words for that vocabulary
    pillar: str | None = None
    general: bool = False
    figures: tuple[str, ...] = ()  # kinds of amount that serve it (``assistant/draft/figures.py``)
    required: bool = False  # only a statement with one of its ``figures`` or its vocabulary serves it
    measure: bool = False  # says how the plan's success is evidenced: its words outrank a pillar's
    voice: bool = False  # what technicians themselves did: a sign-off naming none of them is not it
    explains: bool = False  # explains items another element names: the words they share name the items, not this
    asked: tuple[str, ...] = ()  # the question words a field for it is labelled by ("Who:", "When:"), never its vocabulary


def resolve_question(template: Template, question: str, stage: str | None = None) -> Question:
    """A question from a full id ("renewal.q7"), or a number ("7", "q7") with a stage
    ("renewal", "Stage Two")."""
    question = question.strip()
    if "." in question:
        try:
            return template.question(question)
        except KeyError as exc:
            raise DraftError(str(exc)) from None
    stage_id = template.normalise_stage(stage or "")
    if stage_id is None:
        raise DraftError(
            f"question '{question}' needs a stage (--stage {' | '.join(template.stage_ids)}), or give a full id such as renewal.q7"
        )
    number = question.lower().removeprefix("q")
    if not number.isdigit():
        raise DraftError(f"unknown question '{question}': give a number (7) or a full id ({stage_id}.q7)")
    try:
        return template.stage(stage_id).question(int(number))
    except KeyError as exc:
        raise DraftError(str(exc)) from None


def content_elements(question: Question) -> tuple[ElementCheck, ...]:
    """The elements a note can serve, in the template's order."""
    return tuple(e for e in question.checks if e.suffix not in FORM_SUFFIXES)


def draft_slots(question: Question, template: Template) -> tuple[Slot, ...]:
    """The question's own slot, then one per content element (one per pillar for an
    element that asks for pillars).

    The question's own slot holds context that serves no single element, so its meaning is
    what the question asks, not the complete answer: that lists the elements themselves
    ("survey results, figures, ... testimonials") and drew their statements away.

    A question that asks for one thing (technician voice: "Show how technicians themselves
    took part in shaping the new plan", whose one element is the mechanism; TALENT
    coverage, evidence of impact) is answered by that element: its prompt is also the
    element's prototype, so the element takes every statement it can serve (the
    prompt and the element mean nearly the same: "A short online poll let technicians rank
    the proposed actions" had stayed with the question). The question's own slot keeps
    only what the element cannot take (concrete evidence without a figure, quotation or link)."""
    slots = [Slot(question.id, question.id, "general", (question.asks,), general=True)]
    elements = content_elements(question)
    one_thing = len(elements) == 1 and not elements[0].pillar and elements[0].suffix not in PILLAR_GROUPED_SUFFIXES
    for element in elements:
        if element.suffix in PILLAR_GROUPED_SUFFIXES:
            slots += [_pillar_slot(element, pillar.id, template) for pillar in template.pillars]
        elif element.pillar:
            slots.append(_pillar_slot(element, element.pillar, template))
        else:
            vocabulary = element_vocabulary(element, template)
            meaning = (element.description, element.fix, *_element_meanings(element, template))
            meaning += tuple(dict.fromkeys(p for p in (*examples(element), *element_guidance().get(element.id, ())) if p not in meaning))
            meaning += (question.asks,) if one_thing else ()
            prototypes = tuple(p for p in meaning + vocabulary if not names_subject(p))
            slots.append(Slot(element.id, element.id, element.suffix, prototypes, vocabulary, related_words(vocabulary),
                              figures=element_figures().get(element.id, ()), required=element.id in required_items(),
                              measure=element.id in measures(), voice=element.id in voices(),
                              explains=element.id in explanations(), asked=asked_by().get(element.id, ())))
    return tuple(slots)


def names_subject(text: str) -> bool:
    """Whether a short text only names the people every statement is about ("technicians",
    "technical staff", "technician group": ``element_guidance.toml``'s ``[subject]``): as an
    element's prototype it drew any statement about technicians ("Fine Art and Design has
    51 ...", a unit's share, went to the headcount). Stop 26 (second part)."""
    rest = fold(text)
    for term in sorted(subject_terms(), key=len, reverse=True):
        rest = re.sub(rf"\b{re.escape(fold(term))}\b", " ", rest)
    return rest != fold(text) and len(rest.split()) <= 1


def names_people(text: str) -> bool:
    """Whether a statement names technicians (``[subject]``), not counting the programme's
    name ("the Technician Commitment lead signed off ...")."""
    programme = _guidance_file().get("subject", {}).get("programme", ())
    return uses(re.sub("|".join(map(re.escape, programme)) or "^$", " ", text, flags=re.I), subject_terms())


@cache
def voices() -> frozenset[str]:
    """The elements that say how technicians themselves took part (9.4 .mechanism;
    ``element_guidance.toml``'s ``voice``)."""
    return frozenset(element_id for entry in _guidance() if entry.get("voice") for element_id in entry["ids"])


@cache
def asked_by() -> dict[str, tuple[str, ...]]:
    """The question words that label a plan's field for an element (9.1: a plan's owner and
    timescale are commonly columns or lines headed "Who" and "When"; ``element_guidance.toml``'s
    ``asked``; an owner's or resource's, the lexicon's field labels the checker reads too,
    ``asked_lexicon``: "Resourcing:", "Budget:", stop 29). A label, never vocabulary: "who"
    or "when" in a sentence names nothing (stop 27)."""
    lexicon = load_template().lexicon
    asked = {}
    for entry in _guidance():
        words = tuple(entry.get("asked", ())) + tuple(w for name in entry.get("asked_lexicon", ()) for w in getattr(lexicon, name))
        asked.update(dict.fromkeys(entry["ids"], words) if words else {})
    return asked


@cache
def explanations() -> frozenset[str]:
    """The elements that explain items another element of the question names (9.2
    .red_explanations: "a sentence on why it stalled and/or what happens next" for each red
    item the status names; ``element_guidance.toml``'s ``explains``)."""
    return frozenset(element_id for entry in _guidance() if entry.get("explains") for element_id in entry["ids"])


@cache
def subject_terms() -> tuple[str, ...]:
    """The words for the domain's subject, technicians (``element_guidance.toml``)."""
    return tuple(_guidance_file().get("subject", {}).get("terms", ()))


def _element_meanings(element: ElementCheck, template: Template) -> tuple[str, ...]:
    """More of the template's own words for what an element covers: for TALENT coverage,
    the recommendations' titles."""
    return tuple(r.title for r in template.talent) if element.suffix == "coverage" else ()


def examples(element: ElementCheck) -> list[str]:
    """The examples an element's description and fix list in parentheses, one each:
    "(regional networks, ITSS, other signatories)" -> "regional networks", "ITSS", ... ,
    or after a closing ", e.g." ("..., e.g. headcount or senior technical posts then and
    now" -> "headcount", "senior technical posts then and now"). Inside a long sentence
    their meaning is diluted; on their own each can be matched. A parenthesis that qualifies
    the sentence is not a list (``_QUALIFIER``): "(or the plan as a whole, stated
    explicitly)" made "the plan as a whole" a prototype of the impact measure, which then
    drew "The new plan runs from January 2025 to ..." (stop 25)."""
    found = []
    lists = [inner for inner in _PARENTHESES.findall(f"{element.description} {element.fix}") if not _QUALIFIER.match(inner)]
    lists += [m.group(1) for text in (element.description, element.fix) if (m := _TRAILING_EXAMPLES.search(text))]
    for inner in lists:
        for part in _LIST_SEPARATOR.split(_EXAMPLE_LEAD.sub("", inner)):
            if len(part := part.strip(" .")) > 2:
                found.append(part)
    return found


@cache
def element_guidance() -> dict[str, tuple[str, ...]]:
    """The template spec's short phrases for what serves an element ("why it stalled",
    "what happens next"), by element id (``domain/data/element_guidance.toml``)."""
    return {element_id: tuple(entry.get("phrases", ())) for entry in _guidance() for element_id in entry["ids"]}


@cache
def element_figures() -> dict[str, tuple[str, ...]]:
    """The kinds of amount the template spec says serve an element ("what money/staff time
    supports it": money, staff time), by element id (``domain/data/element_guidance.toml``)."""
    return {element_id: tuple(entry["figures"]) for entry in _guidance() if "figures" in entry for element_id in entry["ids"]}


@cache
def pillar_figures() -> dict[str, tuple[str, ...]]:
    """The kinds of amount the template spec's typical activities give a pillar (Career
    Development's "development funds": money), by pillar id, for every slot of that
    pillar (``domain/data/element_guidance.toml``'s ``[[pillar]]``)."""
    return {entry["id"]: tuple(entry["figures"]) for entry in _guidance_file().get("pillar", ())}


@cache
def required_items() -> frozenset[str]:
    """The elements the template spec defines by a concrete item they must give ("at least
    one figure, survey result, quotation or link"): a statement without one cannot serve
    them (``domain/data/element_guidance.toml``'s ``required``)."""
    return frozenset(element_id for entry in _guidance() if entry.get("required") for element_id in entry["ids"])


@cache
def measures() -> frozenset[str]:
    """The elements that say how a plan's success will be evidenced (template spec 9.1
    .impact_measure; ``domain/data/element_guidance.toml``'s ``measure``): a statement using
    their words is about measuring, and the pillar things it names are what it measures."""
    return frozenset(element_id for entry in _guidance() if entry.get("measure") for element_id in entry["ids"])


@cache
def everyday_words() -> tuple[tuple[str, ...], ...]:
    """Groups of everyday English words for a term of the template spec, read by drafting
    only, not by the ask job's query expansion (``domain/data/element_guidance.toml``)."""
    return tuple(tuple(group["terms"]) for group in _guidance_file().get("words", ()))


@cache
def _guidance() -> tuple[dict, ...]:
    return tuple(_guidance_file()["element"])


@cache
def _guidance_file() -> dict:
    with (DATA_DIR / "element_guidance.toml").open("rb") as handle:
        return tomllib.load(handle)


def _pillar_slot(element: ElementCheck, pillar_id: str, template: Template) -> Slot:
    pillar = template.pillar(pillar_id)
    key = element.id if element.pillar else f"{element.id}#{pillar_id}"
    vocabulary = (pillar.name, *pillar.synonyms, *pillar.keywords)
    prototypes = ((pillar.meaning, element.fix) if element.pillar else (pillar.meaning,)) + pillar.keywords
    return Slot(key, element.id, pillar.name, prototypes, vocabulary, related_words(vocabulary), pillar_id,
                figures=pillar_figures().get(pillar_id, ()))


def related_words(vocabulary: tuple[str, ...]) -> tuple[str, ...]:
    """The other terms of every synonym group that shares a term with ``vocabulary``
    ("registration" -> "registered", "RegSci"; "survey" -> "questionnaire"): the sector's
    words for the same practice, from the template spec (each group names its source), and
    the everyday words for a spec term that only drafting reads ("training" -> "course",
    ``element_guidance.toml``'s ``[[words]]``)."""
    known = {fold(term) for term in vocabulary}
    related: list[str] = []
    for group in query_lexicon().groups + everyday_words():
        if any(fold(term) in known for term in group):
            related += [term for term in group if fold(term) not in known]
            known |= {fold(term) for term in group}
    return tuple(related)


def element_vocabulary(element: ElementCheck, template: Template) -> tuple[str, ...]:
    """The template's words for an element: its cues, else the lexicon's list for its kind."""
    if element.cues:
        return element.cues
    lexicon = template.lexicon
    by_suffix = {
        "mechanism": lexicon.voice_mechanisms,
        "impact_measure": lexicon.impact_measure_cues,
        "owner_resource": lexicon.owner_cues + lexicon.resource_cues,
        "timescale": lexicon.ongoing_words,
        "status": lexicon.rag_green + lexicon.rag_amber + lexicon.rag_red,
        "red_explanations": lexicon.rag_red + lexicon.reason_deferral_words,
        "coverage": lexicon.talent_point_markers,
    }
    return tuple(word for word in by_suffix.get(element.suffix, ()) if len(word) > 1)  # not "R", "A", "G"


def placeholder(fix: str) -> str:
    """A visible gap in the text, from what the template says would fill it:
    "Say which senior body ..." -> "[Add: which senior body ...]"."""
    what = _LEADING_VERB.sub("", fix.strip()).rstrip(".")
    return f"[Add: {what[:1].lower()}{what[1:]}]"
