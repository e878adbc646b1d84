"""The gap checker: every check id of the stage gets exactly one status (template spec
2.3, 13), in index order.

Per question: presence first (spec 3.3, 3.4); a missing question makes its elements
``not_applicable`` (one gap, one flag), an attached one makes them ``attached``;
otherwise each element is judged and a failing *required* element makes the question
``weak``, naming the failing ids.
"""

from __future__ import annotations

from assistant.check.answers import Answer, answer_for, judge_presence
from assistant.check.elements import DOC_DETECTORS, content, detector_for, document, voice, webpage
from assistant.check.elements.context import QuestionContext
from assistant.check.finding import Finding, attached, not_applicable
from assistant.check.report import CheckResult, Where
from assistant.check.segments import Reading
from domain import DocCheck, ElementCheck, Question, load_template
from domain.text import clipped

FORM_HEADER = "Form header"
SIGN_OFF = "Sign-off"
_HEADER_CHECKS = ("doc.institution", "doc.lead_name", "doc.lead_email", "doc.contact_number")


def judge_reading(reading: Reading, intended_filename: str | None = None) -> list[CheckResult]:
    """Results for every document check, then every question and element of the stage."""
    results = [_doc_result(reading, check, intended_filename) for check in load_template().doc_checks]
    for question in reading.stage.questions:
        results.extend(judge_question(reading, question))
    return results


# --- document checks ------------------------------------------------------------------


def _doc_result(reading: Reading, check: DocCheck, intended_filename: str | None) -> CheckResult:
    stage = reading.stage.id
    if not check.applies_to(stage):
        finding = not_applicable(f"the {reading.stage.short_name} form has no such field or rule")
    elif check.id == "doc.filename":
        finding = document.filename(reading, intended_filename)
    else:
        finding = DOC_DETECTORS[check.id](reading)
    return CheckResult(
        id=check.id,
        status=finding.status,
        severity=check.severity,
        where=Where(finding.page, _doc_section(check.id)),
        reason=finding.reason,
        fix=check.fix,
        details=finding.details,
    )



def _doc_section(check_id: str) -> str:
    if check_id in _HEADER_CHECKS:
        return FORM_HEADER
    return SIGN_OFF if check_id.startswith("doc.signoff") or check_id == "doc.window" else "Whole document"


# --- questions --------------------------------------------------------------------------


def judge_question(reading: Reading, question: Question) -> list[CheckResult]:
    answer, presence = answer_and_presence(reading, question)
    where = _question_where(reading, question, answer, presence)
    context = QuestionContext(reading, question, answer)
    findings = [(element, _element_finding(context, element, presence)) for element in question.checks]
    failing = [e.id for e, f in findings if f.status == "missing" and e.makes_parent_weak]
    status, reason = presence.status, presence.reason
    if failing:
        status, reason = "weak", f"answered, but required element(s) fail: {', '.join(failing)}"
    result = CheckResult(
        question.id, status, question.severity, where, reason, question.fix,
        presence.details | ({"failing_elements": failing} if failing else {}),
    )
    return [result] + [_element_result(element, finding, where) for element, finding in findings]


def answer_and_presence(reading: Reading, question: Question) -> tuple[Answer, Finding]:
    """The question's answer and whether it is answered; questions that share another's
    block (stage two's progress and technician voice) are read from that block."""
    if question.shares_block_with and question.is_technician_voice:
        return voice.shared_answer(reading, question)
    if question.shares_block_with:
        return content.progress_answer(reading, question)
    answer = answer_for(reading, question)
    return answer, webpage.presence(answer) if question.is_url else judge_presence(answer)


def _element_finding(context: QuestionContext, element: ElementCheck, presence: Finding) -> Finding:
    if presence.status == "missing":
        return not_applicable(f"the question {context.question.id} itself is missing")
    if presence.status == "attached":
        return attached(f"in the deferred material: {presence.reason}")
    return detector_for(context.question, element)(context, element)


def _question_where(reading: Reading, question: Question, answer: Answer, presence: Finding) -> Where:
    block = reading.block(question)
    if block is not None and block.located_by == "similarity":
        return Where(block.page, f"{question.title} (heading “{clipped(block.prompt, 60)}” matched by meaning)")
    if answer.located and (presence.page or answer.region.page):
        return Where(presence.page or answer.region.page, question.title)
    return Where(reading.page_before(question), f"{question.title} (prompt not found)")


def _element_result(element: ElementCheck, finding: Finding, where: Where) -> CheckResult:
    return CheckResult(
        id=element.id,
        status=finding.status,
        severity=element.severity,
        where=Where(finding.page or where.page, where.section),
        reason=finding.reason,
        fix=element.fix,
        details=finding.details,
    )
