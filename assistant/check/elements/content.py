"""Elements judged from what an answer says: cue words (governance, structure, concrete
evidence...), the profile's word limit, a technician headcount written in the text, the
pillars an answer ties itself to, and stage two's progress per pillar."""

from __future__ import annotations

import re

from assistant.check.answers import Answer, content_words
from assistant.check.elements.context import QuestionContext, mentioned
from assistant.check.finding import Finding, judged, missing, present
from assistant.check.segments import Reading, Region
from domain import ElementCheck, Question, load_template

MIN_THEMES = 3
HEADCOUNT_WINDOW = 6  # words between a number and the word it counts
_NUMBER = (
    r"(?:\d[\d,]*(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)"
)


def cues(ctx: QuestionContext, element: ElementCheck) -> Finding:
    """The answer mentions one of the element's cue words (data: ``cues``)."""
    found = mentioned(ctx.answer.text, element.cues)
    return judged(
        bool(found),
        f"mentions {', '.join(found[:4])}",
        f"does not say this ({element.description[0].lower()}{element.description[1:]})",
        cues_found=found,
    )


def word_limit(ctx: QuestionContext, element: ElementCheck) -> Finding:
    limit = ctx.question.word_limit
    words = len(content_words(ctx.answer.region.text))
    return judged(
        words <= limit,
        f"{words} words, within the {limit}-word limit",
        f"{words} words, over the {limit}-word limit by {words - limit}",
        words=words,
        limit=limit,
    )


def headcount(ctx: QuestionContext, element: ElementCheck) -> Finding:
    """A number close to "technicians", "technical staff", "FTE" or "headcount"."""
    text = ctx.answer.text
    for cue in element.cues:
        pattern = (
            rf"\b{_NUMBER}\b(?:\W+\w+){{0,{HEADCOUNT_WINDOW}}}?\W+{re.escape(cue)}"
            rf"|{re.escape(cue)}(?:\W+\w+){{0,{HEADCOUNT_WINDOW}}}?\W+{_NUMBER}\b"
        )
        match = re.search(pattern, text, re.I)
        if match:
            return present(f"states a number: “{match.group().strip()}”")
    return missing("no number of technicians is written in the text (a chart alone is not read)")


def themes(ctx: QuestionContext, element: ElementCheck) -> Finding:
    """Initiatives tied to at least three pillars, by heading or by name."""
    text = ctx.answer.text
    block = ctx.reading.block(ctx.question)
    headed = set(block.pillar_regions()) if block else set()
    named = {p.id for p in load_template().pillars if mentioned(text, (p.name, *p.synonyms))}
    tied = sorted(headed | named)
    return judged(
        len(tied) >= MIN_THEMES,
        f"initiatives are tied to {len(tied)} pillars",
        f"initiatives are tied to {len(tied)} pillar(s) (at least {MIN_THEMES} expected)",
        pillars=tied,
    )


def progress_pillar(ctx: QuestionContext, element: ElementCheck) -> Finding:
    """Stage two's progress answer has a sub-heading for this pillar."""
    regions = progress_regions(ctx.reading, ctx.question)
    name = load_template().pillar(element.pillar).name
    region = regions.get(element.pillar)
    return judged(
        region is not None and region.word_count > 0,
        f"progress is reported under {name}",
        f"no progress is reported under a {name} heading",
        region.page if region else None,
        missing_pillars=[p.id for p in load_template().pillars if p.id not in regions],
    )


def progress_regions(reading: Reading, question: Question) -> dict[str, Region]:
    """Pillar sub-sections of the block the progress question shares, then those of any
    unprompted progress section."""
    host = question.shares_block_with
    block = reading.blocks.get(host) if host else None
    regions = dict(block.pillar_regions()) if block else {}
    for section in reading.sections:
        if section.kind == "pillar" and section.question_id is None and section.pillars:
            regions.setdefault(section.pillars[0], Region.of_sections(section.title, [section]))
    return regions


def progress_answer(reading: Reading, question: Question) -> tuple[Answer, Finding]:
    """Stage two's progress question has no prompt of its own (spec 7): it is answered
    by pillar sub-headings inside the approach answer or in a separate progress section."""
    regions = progress_regions(reading, question)
    lines = tuple(line for region in regions.values() for line in (region.title, *region.lines))
    pages = tuple(page for region in regions.values() for page in (region.page, *region.pages))
    first = min(pages, default=None)
    answer = Answer(question, Region(question.title, lines, pages, first))
    words = sum(len(content_words(region.text)) for region in regions.values())
    if words >= load_template().lexicon.min_answer_words:
        names = ", ".join(load_template().pillar(p).name for p in regions)
        return answer, present(f"progress reported under pillar headings: {names}", first)
    return answer, missing("no progress is reported under pillar headings since signing")
