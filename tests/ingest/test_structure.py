"""Structure detection: metadata, sections and case studies.

Checked against the shared corpus (manifest.json is the ground truth; skipped when the
corpus is absent) and against small documents written for these tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from domain import fold
from ingest.clean import clean_pages
from ingest.loaders import load_document
from ingest.models import CleanPage, DocumentMeta, RawDocument, Section
from ingest.structure import detect_meta, find_case_studies, split_sections
from ingest.structure.meta import title_from_url
from ingest.structure.sections import TEMPLATE_APPENDIX_KIND, TEMPLATE_APPENDIX_NOTE

META_FIELDS = ("doc_type", "stage", "institution", "date", "title")
EXPECTED_QUESTIONS = {
    "lstm-renewal-2024": [f"renewal.q{n}" for n in range(1, 9)],
    "ljmu-initial-2024": [f"initial.q{n}" for n in range(1, 9)],
    # q2 (pillar progress) and q7 (technician voice) share the prompts of q1 and q6.
    "uol-stage2-2021": [f"stage_two.q{n}" for n in (1, 3, 4, 5, 6, 8)],
}


@dataclass
class Parsed:
    slug: str
    fmt: str
    raw: RawDocument
    pages: list[CleanPage]
    meta: DocumentMeta
    sections: list[Section]


@pytest.fixture(scope="module")
def corpus(shared_corpus: Path, manifest: dict) -> dict[tuple[str, str], Parsed]:
    """Every corpus file parsed; institutions the submissions name are the known ones,
    as a library would know them when it reads the update paper."""
    loaded = {}
    for doc in manifest["documents"]:
        for fmt, relative in doc["files"].items():
            raw = load_document(shared_corpus / relative)
            loaded[(doc["slug"], fmt)] = (raw, clean_pages(raw))
    known = {
        meta.institution
        for raw, pages in loaded.values()
        if (meta := detect_meta(pages, raw.path.name)).doc_type == "submission"
    }
    parsed = {}
    for (slug, fmt), (raw, pages) in loaded.items():
        meta = detect_meta(pages, raw.path.name, known_institutions=sorted(known))
        parsed[(slug, fmt)] = Parsed(slug, fmt, raw, pages, meta, split_sections(pages, meta))
    return parsed


def pages_from(text: str) -> list[CleanPage]:
    return [CleanPage(number=1, lines=[line for line in text.strip().splitlines() if line.strip()])]


# --- corpus: metadata -----------------------------------------------------------------


def test_meta_matches_manifest_for_every_document_and_format(corpus, manifest):
    mismatches = []
    for doc in manifest["documents"]:
        expected = {
            "doc_type": doc["document_type"],
            **{f: doc[f] for f in META_FIELDS if f in doc},
        }
        for fmt in doc["files"]:
            meta = corpus[(doc["slug"], fmt)].meta
            for field_name, value in expected.items():
                if getattr(meta, field_name) != value:
                    mismatches.append(
                        f"{doc['slug']}.{fmt} {field_name}: {getattr(meta, field_name)!r} != {value!r}"
                    )
    assert not mismatches, "\n".join(mismatches)


def test_submissions_name_their_lead_from_the_form_header(corpus):
    for parsed in corpus.values():
        if parsed.meta.doc_type == "submission":
            assert parsed.meta.lead_name and "," not in parsed.meta.lead_name, parsed.slug
            assert parsed.meta.lead_email and "@" in parsed.meta.lead_email, parsed.slug
            assert "itss.org.uk" not in parsed.meta.lead_email
    assert corpus[("lstm-renewal-2024", "pdf")].meta.lead_name == "Kyle Walker"


# --- corpus: case studies -------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["pdf", "txt"])
def test_report_case_studies_match_manifest(corpus, corpus_doc, fmt):
    expected = [
        (c["institution"], c["pillar"])
        for c in corpus_doc("tc-inception-to-impact-2024")["case_studies"]
    ]
    found = [
        (c.institution, c.pillar)
        for c in find_case_studies(corpus[("tc-inception-to-impact-2024", fmt)].sections)
    ]
    assert len(found) == len(expected) == 29, f"{len(found)} case studies found:\n" + "\n".join(
        map(str, found)
    )
    mismatches = [
        f"#{i + 1}: got {got} expected {wanted}"
        for i, (got, wanted) in enumerate(zip(found, expected, strict=True))
        if got != wanted
    ]
    correct = len(expected) - len(mismatches)
    assert correct / len(expected) >= 0.95, f"{correct}/{len(expected)} right:\n" + "\n".join(
        mismatches
    )


def test_each_report_case_study_starts_on_its_own_pdf_page(corpus):
    studies = find_case_studies(corpus[("tc-inception-to-impact-2024", "pdf")].sections)
    starts = [study.page_start for study in studies]
    assert starts == sorted(set(starts))
    assert all(study.page_start <= study.page_end for study in studies)


def test_report_chapters_after_the_case_studies_are_body_sections(corpus):
    for fmt in ("pdf", "txt"):
        sections = corpus[("tc-inception-to-impact-2024", fmt)].sections
        last_study = max(i for i, s in enumerate(sections) if s.kind == "case_study")
        assert sections[last_study + 1].kind == "body"
        assert all(s.kind == "body" for s in sections[last_study + 1 :])


# --- corpus: submission sections -------------------------------------------------------


@pytest.mark.parametrize("slug", sorted(EXPECTED_QUESTIONS))
def test_question_ids_found_in_form_order(corpus, slug):
    for (found_slug, fmt), parsed in corpus.items():
        if found_slug == slug:
            ids = [s.question_id for s in parsed.sections if s.kind == "question"]
            assert ids == EXPECTED_QUESTIONS[slug], fmt


def test_no_section_lines_contain_their_own_prompt(corpus):
    offenders = []
    for parsed in corpus.values():
        for section in parsed.sections:
            if section.kind != "question":
                continue
            opening = " ".join(fold(section.title).split()[:8])
            offenders += [
                f"{parsed.slug}.{parsed.fmt} {section.question_id}: {line[:60]!r}"
                for line in section.lines
                if opening in fold(line)
            ]
    assert not offenders, "\n".join(offenders)


def test_every_corpus_question_has_an_answer(corpus):
    for parsed in corpus.values():
        for section in parsed.sections:
            if section.kind == "question":
                assert section.lines, f"{parsed.slug}.{parsed.fmt} {section.question_id}"


def test_sections_are_consecutive_with_pages_per_line(corpus):
    for parsed in corpus.values():
        previous_end = 1
        for section in parsed.sections:
            where = f"{parsed.slug}.{parsed.fmt} {section.kind} {section.title[:40]!r}"
            assert len(section.line_pages) == len(section.lines), where
            assert section.line_pages == sorted(section.line_pages), where
            assert previous_end <= section.page_start <= section.page_end, where
            previous_end = section.page_end


def test_submission_opens_with_preamble_then_header_and_signs_off(corpus):
    for parsed in corpus.values():
        if parsed.meta.doc_type != "submission":
            continue
        kinds = [s.kind for s in parsed.sections]
        assert kinds[:2] == ["preamble", "header"], parsed.slug
        assert "signoff" in kinds, parsed.slug
        header = parsed.sections[1]
        assert any(line.startswith(("Organisation", "Organization")) for line in header.lines)


def test_guidance_contacts_stay_in_the_preamble(corpus):
    for parsed in corpus.values():
        if parsed.meta.doc_type != "submission":
            continue
        for section in parsed.sections:
            if section.kind != "preamble":
                assert not any("itss.org.uk" in line and "@" in line for line in section.lines), (
                    parsed.slug
                )


def test_template_examples_appendix_is_marked_and_the_plan_is_not(corpus):
    for fmt in ("txt", "pdf", "docx"):
        appendices = [
            s for s in corpus[("ljmu-initial-2024", fmt)].sections
            if s.kind in ("appendix", TEMPLATE_APPENDIX_KIND)
        ]
        assert len(appendices) == 2, fmt
        assert appendices[0].kind == TEMPLATE_APPENDIX_KIND
        assert TEMPLATE_APPENDIX_NOTE in appendices[0].title
        assert (
            appendices[1].title.startswith("Appendix B")
            and TEMPLATE_APPENDIX_NOTE not in appendices[1].title
        )


def test_stage_two_progress_is_pillar_sections_under_q1(corpus):
    for fmt in ("txt", "pdf"):
        pillar_sections = [
            s for s in corpus[("uol-stage2-2021", fmt)].sections if s.kind == "pillar"
        ]
        assert {s.question_id for s in pillar_sections} == {"stage_two.q1"}
        assert [p for s in pillar_sections for p in s.pillars] == [
            "visibility",
            "recognition",
            "career_development",
            "sustainability",
        ]


# --- small documents written for these tests ---------------------------------------------

RENEWAL_FORM = """
Technician Commitment: Renewal Self-Assessment & Action Plan Guidance
This template says what a renewal needs and refers to the TALENT Commission and to the initial submission.
Evaluating Impact through Self-Assessment & Future Action Planning
Organisation: Fernbrook Institute of Marine Science
Name of Institutional Lead: Sam Rivera, Head of Facilities
E-mail: s.rivera@fernbrook.ac.uk
1. Please describe the technical staff structures in your organisation and how they
have changed since you signed.
Forty-two technicians work in three facility teams, up from thirty in 2021.
2. Please set out the governance, leadership and reporting lines for the Commitment.
A steering group chaired by the lead meets every term and reports to the executive board.
3. Please give a Red, Amber, Green (RAG) status for each action of your previous plan.
Eleven actions are green, three amber and one red, which is explained below.
4. Please show that your previous action plans are having impact.
Registrations doubled and the survey response rate rose to sixty per cent.
5. Please explain how you are acting on the TALENT Commission recommendations.
Point 1 - we now review technical skills needs every year with each faculty.
6. Please attach or set out your 36-month action plan.
Our new plan is attached as a separate submission document.
7. Please evidence how the 'technician voice' shaped the new plan.
Technicians drafted the plan in four open workshops.
8. Please confirm where the plan is published and give the relevant URL here: https://www.fernbrook.ac.uk/technicians
Signed (Technician Commitment Nominated Institutional Lead)
Date: {lead_date}
Signed (Technician Commitment Signatory – Leader of Institution)
Date: 14 March 2025
"""


@pytest.mark.parametrize(
    ("lead_date", "latest"),
    [
        ("20 March 2025", "2025-03-20"),
        ("21/03/2025", "2025-03-21"),
        ("22.03.2025", "2025-03-22"),
        ("April 2025", "2025-04"),
        ("1 March 2025", "2025-03-14"),
    ],
)
def test_renewal_form_meta_takes_the_latest_signoff_date(lead_date, latest):
    meta = detect_meta(pages_from(RENEWAL_FORM.format(lead_date=lead_date)), "fernbrook.pdf")
    assert (meta.doc_type, meta.stage, meta.date) == ("submission", "renewal", latest)
    assert meta.institution == "Fernbrook Institute of Marine Science"
    assert (meta.lead_name, meta.lead_email) == ("Sam Rivera", "s.rivera@fernbrook.ac.uk")
    assert (
        meta.title
        == "Technician Commitment Renewal Self-Assessment & Action Plan - Fernbrook Institute of Marine Science"
    )


def test_renewal_form_sections_follow_numbered_prompts():
    pages = pages_from(RENEWAL_FORM.format(lead_date="20 March 2025"))
    sections = split_sections(pages, detect_meta(pages, "fernbrook.pdf"))
    questions = [s for s in sections if s.kind == "question"]
    assert [s.question_id for s in questions] == [f"renewal.q{n}" for n in range(1, 9)]
    wrapped = questions[0]
    assert wrapped.title.endswith("since you signed.") and wrapped.lines[0].startswith("Forty-two")
    url_answer = questions[-1]
    assert url_answer.title.endswith("URL here:") and url_answer.lines == [
        "https://www.fernbrook.ac.uk/technicians"
    ]
    assert [s.kind for s in sections][-1] == "signoff" and len(sections[-1].lines) == 4


INITIAL_FORM = """
Technician Commitment: Initial Self-Assessment & Action Plan Guidance
Guidance for a first submission with a 24-month future action plan; see Appendix A for ideas.
Evaluating Impact through Self-Assessment & Future Action Planning
Organization: Copperfield College of Art
Name of Institutional Lead: Alex Moreno
E-mail: a.moreno@copperfield.ac.uk
Contact number: 01632 960111To start, please write a brief profile of your organisation (up to 250 words):
Copperfield is a small specialist art college with two campuses and one shared workshop.
Please tell us how your organization defines its technicians:
Anyone whose main job is running studios, workshops or labs for students and staff.
How many technicians work here? Please say where they are based:
There are twenty-six technicians across print, ceramics and digital media.
Please list any support that was in place prior to becoming a signatory:
An annual training budget and a yearly staff conference.
Please provide a 24 month action plan and say how impact will be evidenced:
Appendix B
Please describe what you have done since becoming a signatory to address these themes:
A technician forum now meets every month.
Please evidence how the “technician voice” was present in the development and formation of the plan:
Technicians ran two of the four planning workshops.
Signed: Alex Moreno (Technician Commitment Nominated Institutional Lead)Please confirm the plan is published on your organisation’s website and provide the relevant URL:
https://www.copperfield.ac.uk/technicians
Date: 2 July 2025
Appendix A: Examples of activities for each theme
Visibility
A short list of ideas that belongs to the template.
Appendix B: Action plan
Activity\tDescription\tTime Scale
Studio open days\tOpen every studio to visitors twice a year\tJuly 2025 - July 2027
"""


def test_initial_form_survives_glued_prompts_and_spelling_variants():
    pages = pages_from(INITIAL_FORM)
    meta = detect_meta(pages, "copperfield.docx")
    assert (meta.doc_type, meta.stage, meta.institution, meta.date) == (
        "submission",
        "initial",
        "Copperfield College of Art",
        "2025-07-02",
    )
    sections = split_sections(pages, meta)
    assert [s.question_id for s in sections if s.kind == "question"] == [
        f"initial.q{n}" for n in range(1, 9)
    ]
    header = next(s for s in sections if s.kind == "header")
    assert header.lines[-1] == "Contact number: 01632 960111"
    plan = next(s for s in sections if s.question_id == "initial.q5")
    assert plan.lines == ["Appendix B"]  # a bare pointer right under the prompt is an answer
    kinds = [s.kind for s in sections]
    assert kinds.index("signoff") < [s.question_id for s in sections].index("initial.q8")
    appendices = [s for s in sections if s.kind in ("appendix", TEMPLATE_APPENDIX_KIND)]
    assert (
        appendices[0].kind == TEMPLATE_APPENDIX_KIND
        and TEMPLATE_APPENDIX_NOTE in appendices[0].title
        and appendices[1].title == "Appendix B: Action plan"
    )


BLANK_RENEWAL = """
Technician Commitment: Renewal Self-Assessment & Action Plan Guidance
This template says what a renewal needs.
Evaluating Impact through Self-Assessment & Future Action Planning
Organisation:
Name of Institutional Lead:
E-mail:
1. Please describe the technical staff structures in your organisation.
2. Please set out the governance, leadership and reporting lines for the Commitment.
3. Please give a RAG status for each action of your previous plan.
4. Please show that your previous action plans are having impact.
5. Please explain how you are acting on the TALENT Commission recommendations.
6. Please set out your 36-month action plan.
7. Please evidence how the technician voice shaped the new plan.
8. Please give the relevant URL here:
Signed (Technician Commitment Nominated Institutional Lead)
Date:
"""


def test_blank_template_is_guidance_with_empty_questions():
    pages = pages_from(BLANK_RENEWAL)
    meta = detect_meta(pages, "renewal-template.docx")
    assert (meta.doc_type, meta.stage, meta.institution, meta.lead_email) == (
        "guidance",
        None,
        None,
        None,
    )
    questions = [s for s in split_sections(pages, meta) if s.kind == "question"]
    assert [s.question_id for s in questions] == [f"renewal.q{n}" for n in range(1, 9)]
    assert not any(s.lines for s in questions)


REPORT = """
Bright Benches
Stories From Six Member Organisations
Contents
Welcome\t2
Case studies – Visibility\t3
Case studies – Recognition\t5
Closing Thoughts\t7
Welcome
This short collection brings together work from member organisations in our regional network.
Case studies – Visibility
University of Lowmarsh
A Newsletter That Technicians Write
Lowmarsh started a monthly bulletin in 2022 and it now reaches every department on campus.
Ridgeway Institute of Technology
Ridgeway put technician profiles on every facility webpage during 2023 and into 2024.
Ridgeway Institute of Technology
Case studies
Recognition
Harbourside College London
Harbourside paid registration fees for twenty technicians in the first year of its scheme.
The Upland Research Centre
Upland created an annual award for technical excellence that technicians judge themselves.
Closing Thoughts
We hope these examples encourage other members to try something similar next year.
"""


def test_report_case_studies_come_from_headings_and_banners():
    pages = pages_from(REPORT)
    meta = detect_meta(pages, "bright-benches.pdf")
    assert (meta.doc_type, meta.institution, meta.title) == (
        "case_study_report",
        None,
        "Bright Benches: Stories From Six Member Organisations",
    )
    sections = split_sections(pages, meta)
    assert [(c.institution, c.pillar) for c in find_case_studies(sections)] == [
        ("University of Lowmarsh", "visibility"),
        ("Ridgeway Institute of Technology", "visibility"),
        ("Harbourside College London", "recognition"),
        ("The Upland Research Centre", "recognition"),
    ]
    assert sections[-1].kind == "body" and sections[-1].title == "Closing Thoughts"


UPDATE_PAPER = """
Technician Commitment Progress Note - October 2025
Summary
This note tells the committee how FIMS has taken its plan forward over the last six months.
FIMS technicians ran four open days and two skills exchanges during the spring term.
"""


def test_update_paper_institution_resolves_an_acronym_against_known_names():
    pages = pages_from(UPDATE_PAPER)
    known = ["Copperfield College of Art", "Fernbrook Institute of Marine Science"]
    meta = detect_meta(pages, "progress-note.txt", known_institutions=known)
    assert (meta.doc_type, meta.stage, meta.date) == ("update_paper", None, "2025-10")
    assert meta.institution == "Fernbrook Institute of Marine Science"
    assert detect_meta(pages, "progress-note.txt").institution is None
    assert [s.title for s in split_sections(pages, meta)] == ["Summary"]


def test_a_leads_own_draft_without_the_forms_header_is_a_submission_of_the_institution_above_its_title():
    # stop 44: titled with the form's name but without its header, a draft was read as
    # guidance; the name in capitals above the title is its institution, "Lead:" its lead
    from tests.support.check_drafts import FREE_FORM_STAGE_TWO

    meta = detect_meta(pages_from(FREE_FORM_STAGE_TWO), "draft.txt")
    assert (meta.doc_type, meta.stage) == ("submission", "stage_two")
    assert (meta.institution, meta.lead_name) == ("Brackenridge Institute of Soil Science", "Dr Morag Ellison")
    # the form's own title with no institution above it is still guidance
    blank = "Technician Commitment - Stage Two Self-Assessment and Action Plan\nGuidance on each question follows."
    assert detect_meta(pages_from(blank), "form.txt").doc_type == "guidance"


SAVED_PAGE = """
SOURCE: https://www.fernbrook.ac.uk/news/2024/technicians-launch-skills-exchange/
INSTITUTION: Fernbrook Institute of Marine Science

Technicians at Fernbrook launched a skills exchange this spring, pairing workshop staff with laboratory teams.
"""


def test_a_saved_web_page_is_named_by_its_address_not_its_source_line():
    meta = detect_meta(pages_from(SAVED_PAGE), "fernbrook-news.txt")
    assert meta.title == "Technicians launch skills exchange"
    assert meta.institution == "Fernbrook Institute of Marine Science"


@pytest.mark.parametrize(("url", "title"), [
    ("https://x.ac.uk/documents/2482867-action-plan-2020-23", "Action plan 2020 23"),  # a long number is an id
    ("https://x.ac.uk/about/representation.page", "Representation"),
    ("https://x.org/blog/2021/02/10/13106/", "Blog"),
    ("https://x.ac.uk/", "x.ac.uk"),
])
def test_a_title_from_an_address_takes_its_last_part_with_words(url, title):
    assert title_from_url(url) == title


CONTACTS_PAGE = """
Technician network news
Our technician network now has a champion on every campus. Campus contacts:
Quayside Campus – Dr Nia Barrow
Riverside Labs – Owen Petts and Hana Ito
Marine Station – Callum Reeve
Each champion runs a termly drop-in where technicians can raise problems and hear about training.
"""


def test_a_list_of_named_entries_stays_in_the_text_not_taken_for_headings():
    # stop 45: "Riverside Labs – ..." and "Marine Station – ..." are short title-case lines
    # before prose, and were taken for a heading and its subtitle: both lost from the text
    pages = pages_from(CONTACTS_PAGE)
    sections = split_sections(pages, detect_meta(pages, "news.txt"))
    text = "\n".join(line for section in sections for line in section.lines)
    assert "Marine Station – Callum Reeve" in text and "Riverside Labs – Owen Petts and Hana Ito" in text
    assert not any(section.title.startswith(("Riverside", "Marine")) for section in sections)
