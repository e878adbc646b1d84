"""Element detectors, one small explainable function per kind of element, looked up by
the element's suffix (``timescale``, ``red_explanations``...) or, for elements that
only ask for certain words, by the element's ``cues`` data."""

from __future__ import annotations

from collections.abc import Callable

from assistant.check.elements import content, document, plan, rag, signoff, talent, voice, webpage
from assistant.check.elements.context import Detector
from assistant.check.finding import Finding
from assistant.check.segments import Reading
from domain import ElementCheck, Question

BY_SUFFIX: dict[str, Detector] = {
    "timescale": plan.timescale,
    "impact_measure": plan.impact_measure,
    "owner_resource": plan.owner_resource,
    "horizon": plan.horizon,
    "status": rag.status,
    "red_explanations": rag.red_explanations,
    "https": webpage.https,
    "domain": webpage.domain,
    "mechanism": voice.mechanism,
    "coverage": talent.coverage,
    "word_limit": content.word_limit,
    "count": content.headcount,
    "themes": content.themes,
}

DOC_DETECTORS: dict[str, Callable[[Reading], Finding]] = {
    "doc.institution": document.institution,
    "doc.lead_name": document.lead_name,
    "doc.lead_email": document.lead_email,
    "doc.contact_number": document.contact_number,
    "doc.signoff.lead": signoff.lead,
    "doc.signoff.leader": signoff.leader,
    "doc.signoff.dates": signoff.dates,
    "doc.cross_refs": document.cross_refs,
    "doc.links": document.links,
    "doc.window": signoff.window,
}


def detector_for(question: Question, element: ElementCheck) -> Detector:
    """The detector of an element; an element no detector can judge is a data error."""
    if element.pillar:
        return plan.pillar_coverage if question.is_action_plan else content.progress_pillar
    if element.suffix in BY_SUFFIX:
        return BY_SUFFIX[element.suffix]
    if element.cues:
        return content.cues
    raise LookupError(f"no detector for element check {element.id}")
