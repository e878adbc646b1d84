"""Questions the ask benchmark times: varied topics, lengths and forms, written for the
benchmark (not taken from the evaluation sets). ``{institution}`` is filled with an
institution the store holds, so the institution-filtered path is timed as well."""

from __future__ import annotations

QUESTIONS: tuple[str, ...] = (
    "How have others addressed apprenticeships?",
    "What support do institutions give technicians working towards RSciTech or RSci?",
    "Examples of technician networks and how often they meet",
    "How are technicians named on research papers and grant applications?",
    "What mentoring or job shadowing schemes exist for technical staff?",
    "How do universities plan for technicians who are close to retirement?",
    "Which institutions run a technician award or prize?",
    "What leadership training is offered to senior technicians?",
    "How is the Technician Commitment governed and who chairs the steering group?",
    "What did technicians say in staff surveys and focus groups?",
    "Give examples of outreach to schools by technical staff",
    "How have career pathways for technicians been written down?",
    "Is there funding for technician training and conference attendance?",
    "How do organisations celebrate Technician Appreciation Day?",
    "What newsletters or blogs keep technicians informed?",
    "How many technicians does each organisation employ and where are they based?",
    "Which actions were rated red or amber in the RAG review?",
    "How are the TALENT Commission recommendations being taken forward?",
    "secondments and placements for technicians",
    "What evidence of impact have institutions reported?",
    "How are technicians represented on committees and decision-making boards?",
    "Are there T Level placements or traineeships for school leavers?",
    "How do institutions define who counts as a technician?",
    "What is done about technicians' wellbeing and mental health?",
    "professional body membership fees",
    "How is technical skills sharing organised between departments?",
    "What has {institution} done on professional registration?",
    "How does {institution} support technician career development?",
    "What does {institution} plan to do in its next action plan?",
    "Which public webpages describe an institution's Technician Commitment work?",
)


def questions_for(institutions: list[str]) -> list[str]:
    """The questions with ``{institution}`` filled in turn from ``institutions`` (a
    question naming none is kept as it is)."""
    filled: list[str] = []
    named = 0
    for question in QUESTIONS:
        if "{institution}" in question:
            if not institutions:
                continue
            question = question.format(institution=institutions[named % len(institutions)])
            named += 1
        filled.append(question)
    return filled
