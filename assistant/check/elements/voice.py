"""Technician voice (template spec 9.4): the question is answered in its own region;
``mechanism`` asks for a concrete way technicians took part and that it fed the plan.

In the stage-two form the voice question is the second half of the plan prompt, so its
answer is the part of the plan answer that talks about technicians' voice; plan rows
that mention the technician voice do not answer it.
"""

from __future__ import annotations

from assistant.check.answers import Answer, answer_for, clean_region, judge_presence
from assistant.check.elements.context import QuestionContext, mentioned
from assistant.check.finding import Finding, attached, judged, missing
from assistant.check.segments import Reading, Region
from domain import ElementCheck, Question, load_template
from ingest.structure.tables import split_cells

# Words saying the technicians' input reached the plan.
_FED_THE_PLAN = ("plan", "priorities", "shaped", "informed", "fed into", "drafted", "developed", "actions")


def mechanism(ctx: QuestionContext, element: ElementCheck) -> Finding:
    text = ctx.answer.text
    mechanisms = mentioned(text, load_template().lexicon.voice_mechanisms)
    fed = mentioned(text, _FED_THE_PLAN)
    if not mechanisms:
        return missing("names no concrete mechanism (survey, committee, forum, focus group...)")
    return judged(
        bool(fed),
        f"technicians took part through: {', '.join(mechanisms)}",
        f"names {', '.join(mechanisms)} but not how it shaped the plan",
        mechanisms=mechanisms,
    )


def voice_answer(question: Question, host: Answer) -> Answer | None:
    """The voice part of a shared plan answer: from the first line that talks about the
    technician voice to the end of that region (inline text first, then appendices)."""
    phrases = load_template().lexicon.voice_phrases
    for region in host.content:
        for index, line in enumerate(region.lines):
            if mentioned(line, phrases) and not split_cells(line):
                part = Region(
                    "Technician voice",
                    region.lines[index:],
                    region.pages[index:],
                    region.pages[index],
                )
                return Answer(question, clean_region(part), [])
    return None


def shared_answer(reading: Reading, question: Question) -> tuple[Answer, Finding]:
    """The voice question that shares the plan's prompt (spec 7): its own part of the
    plan answer; if that answer is only a pointer, the pointer's status."""
    host = answer_for(reading, reading.stage.question(question.shares_block_with))
    if not host.located:
        empty = Answer(question, Region(question.title), located=False)
        return empty, missing("the plan prompt, which also asks for the technician voice, was not found")
    own = voice_answer(question, host)
    if own is not None:
        return own, judge_presence(own)
    pointer_only = host.inline_words < load_template().lexicon.min_answer_words
    if pointer_only and host.deferred:
        shared = Answer(question, host.region, host.deferrals)
        return shared, attached(f"shares the plan answer, which {host.deferred.reason}", host.region.page)
    return host, missing(
        "the answer to the shared plan prompt says nothing about the technician voice",
        host.region.page,
    )
