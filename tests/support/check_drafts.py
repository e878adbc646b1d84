"""Synthetic drafts for checker tests: a minimal form per stage whose prompts are built
from the template's own signal phrases, with short invented answers (no corpus text)."""

from __future__ import annotations

from pathlib import Path

from domain import load_template

PLAN_TABLE = "\n".join(
    [
        "| Pillar | No. | Activity | Description | Timescale | Owner | Success measure |",
        "|---|---|---|---|---|---|---|",
        "| Visibility | 1 | Technician directory | Publish a searchable directory of technical staff. | Sep 2025 - Mar 2026 | Comms lead | Directory live |",
        "| Recognition | 2 | Registration cohort | Support a cohort towards RSciTech. | Jan 2026 - Dec 2026 | Institutional Lead | Ten registrations |",
        "| Career Development | 3 | Career pathway | Write a technical career pathway. | Sep 2025 - Jul 2026 | HR partner | Pathway approved |",
        "| Sustainability | 4 | Apprentices | Recruit two laboratory apprentices a year. | Sep 2025 - Aug 2027 | HR | Four apprentices |",
    ]
)
RAG_TABLE = "\n".join(
    [
        "Of its four actions, two are green, one is amber and one is red.",
        "",
        "| No. | Action | RAG | Commentary |",
        "|---|---|---|---|",
        "| A1 | Directory of technicians | Green | Live since spring, updated each term. |",
        "| A2 | Awards scheme | Green | First awards made in June. |",
        "| A3 | Mentoring | Amber | Eight pairs matched so far. |",
        "| A4 | Industry secondments | Red | The partner withdrew after a restructure, so the action moves to the next plan. |",
    ]
)
VOICE = "Technicians shaped the plan through a survey with 70 responses and two focus groups whose priorities became actions."
PROGRESS = "\n".join(
    f"{pillar}\nSince signing we have started work under this theme and report on it each term to the steering group."
    for pillar in ("Visibility", "Recognition", "Career Development", "Sustainability")
)
FILLER = "We describe here in several sentences what the institution has done, with figures and dates for each part."
SIGNOFF = [
    "Signed: Ada Lovel (Technician Commitment Nominated Institutional Lead)",
    "Date: 14 July 2025",
    "Signed: Professor Ben Carter, Director (Technician Commitment Signatory – Leader of Institution)",
    "Date: 21 July 2025",
]


def draft_text(
    stage_id: str,
    answers: dict[int, str] | None = None,
    *,
    header: dict[str, str] | None = None,
    signoff: list[str] | None = None,
    tail: str = "",
) -> str:
    """A whole form: title, header fields, one prompt per question, sign-off, ``tail``."""
    stage = load_template().stage(stage_id)
    fields = {"Organisation": "Fenwick Institute", "Name of Institutional Lead": "Ada Lovel", "E-mail": "a.lovel@fenwick.ac.uk"}
    if stage_id != "renewal":
        fields["Contact number"] = "01632 960123"
    fields.update(header or {})
    lines = [f"Technician Commitment {stage.name}", "", "Evaluating Impact through Self-Assessment & Future Action Planning", ""]
    lines += [f"{label}: {value}" for label, value in fields.items()] + [""]
    for question in stage.questions:
        if not question.signals or question.shares_block_with:
            continue
        prefix = f"{question.number_prefix} " if stage.numbered else ""
        lines += [f"{prefix}Please tell us about the {question.signals[0]} at your organisation:", ""]
        lines += [(answers or {}).get(question.number, default_answer(stage_id, question.number)), ""]
    lines += SIGNOFF if signoff is None else signoff
    return "\n".join(lines + ["", tail]) + "\n"


def default_answer(stage_id: str, number: int) -> str:
    """An answer that satisfies the question's required elements."""
    question = load_template().stage(stage_id).question(number)
    if question.is_action_plan:
        return PLAN_TABLE + ("\n\nTechnician voice\n" + VOICE if stage_id == "stage_two" else "")
    if question.is_rag:
        return RAG_TABLE
    if question.is_url:
        return "Our page is at https://www.fenwick.ac.uk/technician-commitment"
    if question.is_technician_voice:
        return VOICE
    if question.is_talent:
        return "\n".join(f"Point {n} – we have acted on this with a named lead and a review date." for n in range(1, 17))
    if question.id == "initial.q3":
        return "We employ 120 technicians across three faculties and the central research facilities."
    if question.id == "stage_two.q1":
        return FILLER + "\n" + PROGRESS
    return FILLER


def write_draft(folder: Path, name: str, stage_id: str, **kwargs) -> Path:
    path = folder / name
    path.write_text(draft_text(stage_id, **kwargs), encoding="utf-8")
    return path


# A lead's own plain-text draft, not the form: questions numbered "Q1." in its own words and
# order (impact after the plan), pillar headings in capitals, and the plan pasted from a
# word processor as tab-separated lines (stop 43)
FREE_FORM_STAGE_TWO = "\n".join(
    [
        "BRACKENRIDGE INSTITUTE OF SOIL SCIENCE",
        "Technician Commitment - Stage Two Self-Assessment and Action Plan",
        "Lead: Dr Morag Ellison, Head of Laboratory Services",
        "",
        "Q1. Who ran the self-assessment and how did technicians take part?",
        "A working group of eight, five of them technicians, ran the self-assessment and a staff survey in May.",
        "",
        "Q2. Progress since the initial submission",
        "VISIBILITY",
        "A fortnightly bulletin now profiles one technician at a time across the institute.",
        "RECOGNITION",
        "Our first technician prizes were presented at the summer meeting with eighteen nominations.",
        "CAREER DEVELOPMENT",
        "Each technician now has a yearly development review with a written training plan agreed with their manager.",
        "SUSTAINABILITY",
        "Three apprentices started in the soil physics laboratory in the autumn.",
        "",
        "Q3. Action plan",
        "Action\tPillar\tLead\tTimescale\tSuccess measure",
        "Start a buddy scheme for new technicians\tCareer development\tHead of Technical Services\tOct 2026\t15 pairs",
        "Add a technician seat to the estates committee\tVisibility\tChief Operating Officer\tJul 2026\tSeat filled",
        "Hold a skills-swap week with a partner university\tSustainability\tFacilities Manager\tMay 2027\t30 people take part",
        "Benchmark technician pay grades\tRecognition\tHR Partner\tJan 2027\tReport to the board",
        "",
        "Q4. Evaluating impact",
        "We will run the survey again in two years and report the change to the board.",
    ]
)
