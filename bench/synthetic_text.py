"""The words of the synthetic corpus: activities per pillar, the framings that make them
sentences, connectives, and invented institution names and section titles. The pool of
sentences built from them is embedded for real once (bench/synthetic.py)."""

from __future__ import annotations

from dataclasses import dataclass

from domain import load_template

ACTIVITIES: dict[str, tuple[str, ...]] = {
    "visibility": (
        "a technician network that meets every term",
        "a termly technician newsletter",
        "an annual technician showcase event",
        "a public Technician Commitment webpage",
        "named credit for technicians on research outputs",
        "technician profiles on department websites",
        "a headcount of technical staff by faculty",
        "technician representation on faculty committees",
        "a Technician Appreciation Day celebration",
        "stories about technicians in the prospectus and on social media",
        "a yearly headcount of how many technicians we employ and where they are based",
        "a clear way to define who counts as a technician, agreed with HR",
        "public webpages that describe the work of our technicians",
    ),
    "recognition": (
        "support for professional registration with the Science Council",
        "workshops that help technicians apply for RSciTech and RSci",
        "an annual award for outstanding technical contribution",
        "nominations for the national technician awards",
        "EngTech and IEng registration through the Engineering Council",
        "acknowledgement of technicians as co-authors on papers",
        "HEA fellowship routes for teaching technicians",
        "reimbursement of professional body membership fees",
        "recognition of technical work in the reward and promotion process",
        "a thank-you scheme run by heads of department",
    ),
    "career_development": (
        "a career pathway framework for technical roles",
        "a technician mentoring programme",
        "a job shadowing scheme between departments",
        "a leadership programme for senior technicians",
        "a development fund for training courses and conferences",
        "protected time for continuing professional development",
        "a review of job families and grading for technical staff",
        "an appraisal process with a career conversation",
        "skills placements in other laboratories and workshops",
        "a regrading route for technicians who take on new responsibilities",
        "wellbeing support, with mental health first aiders in every technical team",
    ),
    "sustainability": (
        "a laboratory apprenticeship scheme paid for by the apprenticeship levy",
        "succession planning for roles held by staff close to retirement",
        "a workforce age profile reviewed every year",
        "T Level industry placements in technical teams",
        "outreach to local schools with technicians as STEM ambassadors",
        "a traineeship for school leavers",
        "knowledge transfer from experienced to newly appointed technicians",
        "a register of specialist skills at risk",
        "secondments into shared research facilities",
        "work experience weeks for young people",
    ),
    "evaluating_impact": (
        "a technician survey repeated every two years",
        "focus groups with technical staff on each campus",
        "a steering group chaired by a pro vice-chancellor",
        "a RAG review of the previous action plan",
        "success measures agreed for every action",
        "an annual progress report to the executive board",
        "a working group of technicians and their managers",
        "a dedicated budget for Technician Commitment actions",
        "evidence of impact gathered from the people who took part",
        "alignment of our actions with the TALENT Commission recommendations",
        "work taking forward each TALENT Commission recommendation in turn",
    ),
}


FRAMINGS: tuple[str, ...] = (
    "Since signing the Commitment we have introduced {a}, which technicians tell us they value.",
    "{A} was piloted in two faculties and is now open to technical staff across the organisation.",
    "A working group reviewed {a} and the steering group accepted all of its recommendations.",
    "Take-up of {a} has grown each year, although some departments still need encouragement.",
    "Over the next 36 months we will extend {a}, with a named owner and a measure of success.",
    "Funding for {a} comes from a central budget agreed with senior leadership.",
    "Responses to our technician survey asked us to strengthen {a}.",
    "Progress on {a} is rated amber because staff changes delayed the launch.",
    "{A} has raised the profile of technical colleagues with academic staff and students.",
    "Technical managers are responsible for promoting {a} within their own teams.",
    "We learned from another signatory before setting up {a}.",
    "Participation in {a} doubled between the first and second year.",
    "{A} remains a priority, and a new coordinator post will lead it.",
    "Colleagues in estates and professional services asked to join {a}.",
    "Our action plan commits us to evaluating {a} against clear targets.",
    "Early career technicians were the first to benefit from {a}.",
    "Our HR team now records who takes part in {a}.",
    "The pandemic paused {a}, but it restarted in person last spring.",
    "An external partner helped us design {a} around local needs.",
    "Heads of school receive a yearly summary describing {a}.",
    "{A} is rated green: every milestone was met on time.",
    "Several part-time colleagues said {a} was hard to fit around shifts.",
    "We will publish what we learn from {a} on the intranet.",
    "Demand for {a} is higher than the places we can currently offer.",
    "A champion in each faculty makes sure {a} reaches everyone.",
    "Lessons from {a} were shared at a regional meeting of signatories.",
    "The executive board endorsed {a} as part of the people strategy.",
    "We are still unsure how to measure the long-term effect of {a}.",
    "Workshop and laboratory teams alike have contributed to {a}.",
    "Case studies describing {a} will appear in our next report.",
    "Budget pressures mean {a} is now delivered jointly with a neighbouring university.",
    "Applicants can read about {a} in every technical job advert.",
    "{A} started as a grassroots idea from the technician community.",
    "Monitoring shows {a} reaches men and women in similar numbers.",
    "Completion of {a} is linked to annual development reviews.",
    "A small grant from the research office kick-started {a}.",
    "Technicians at outlying campuses join {a} online.",
    "Our renewal reflects on what went well with {a} and what did not.",
    "Senior technicians volunteer their time to keep {a} running.",
    "Staff turnover slowed progress on {a} during the last eighteen months.",
)


FRAMINGS_PER_ACTIVITY = 12  # 55 activities x 12 framings = 660 pool sentences


CONNECTIVES: tuple[str, ...] = (
    "In {year}, ", "During {year}, ", "As a result, ", "In addition, ", "Over the last year, ",
    "Across our campuses, ", "Following consultation, ", "By the end of {year}, ",
)


PLACE_STARTS = (
    "Ash", "Brack", "Cold", "Dun", "Elm", "Fern", "Glen", "Hart", "Kings", "Lang",
    "Mill", "North", "Oak", "Pen", "Red", "Stan", "Thorn", "Wey", "Whit", "Wood",
)


PLACE_ENDS = (
    "bury", "ford", "ham", "ley", "mouth", "stead", "ton", "wick", "field", "bridge",
    "dale", "gate", "holm", "minster", "port",
)


INSTITUTION_KINDS = (
    "University of {p}", "{p} University", "{p} Institute of Technology", "{p} College",
    "{p} Research Centre", "{p} School of Medicine", "University of {p}", "{p} Laboratory",
)


PILLARS = tuple(ACTIVITIES)


@dataclass(frozen=True)
class PoolSentence:
    text: str
    pillar: str


# -- the pool -------------------------------------------------------------------------
def pool_sentences() -> list[PoolSentence]:
    """Every activity in twelve framings (each framing used by about a fifth of the
    activities, so no framing's words saturate the corpus): 660 distinct sentences."""
    sentences = []
    number = 0
    for pillar, activities in ACTIVITIES.items():
        for activity in activities:
            for n in range(FRAMINGS_PER_ACTIVITY):
                framing = FRAMINGS[(number * 7 + n * 3) % len(FRAMINGS)]
                text = framing.format(a=activity, A=activity[0].upper() + activity[1:])
                sentences.append(PoolSentence(text, pillar))
            number += 1
    return sentences


def institution_names(count: int) -> list[str]:
    """``count`` distinct fictional institutions (the place names are made up); the
    first 300 are all at different places."""
    places = [start + end for end in PLACE_ENDS for start in PLACE_STARTS]
    names = [INSTITUTION_KINDS[n % len(INSTITUTION_KINDS)].format(p=places[n % len(places)]) for n in range(count)]
    return list(dict.fromkeys(names))


def section_titles() -> list[str]:
    """Section titles the generator uses: the template's question titles, pillar
    sub-sections, case studies, update papers and action plans."""
    template = load_template()
    titles = [q.title for stage in template.stages for q in stage.questions]
    for pillar in PILLARS:
        name = pillar_name(pillar)
        titles += [f"Progress per pillar - {name}", f"Case study: {name}",
                   f"Actions and achievements - {name}", f"Action plan - {name}"]
    titles.append("Foreword")
    return list(dict.fromkeys(titles))


def pillar_name(pillar: str) -> str:
    return pillar.replace("_", " ").capitalize()
