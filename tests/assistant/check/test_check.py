"""The gap checker: statuses and rules of template-spec 2.3, 3.3, 3.4 and 9, on synthetic
drafts (tests/support/check_drafts.py), the demo corpus and the real submissions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.check import check_file, render_markdown
from assistant.check.elements import detector_for
from assistant.check.elements.talent import numbered_points
from assistant.check.elements.webpage import registrable_domain
from domain import STATUSES, load_template
from tests.support.check_drafts import PLAN_TABLE, write_draft

REPO = Path(__file__).resolve().parents[3]
DEMO = REPO / "demo_corpus"
SUBMISSIONS = ("lstm-renewal-2024", "uol-stage2-2021", "ljmu-initial-2024")


def statuses(report) -> dict[str, str]:
    return {result.id: result.status for result in report.checks}


def required_flags(report) -> set[str]:
    return {result.id for result in report.required_gaps}


# --- contract --------------------------------------------------------------------------


@pytest.mark.parametrize("stage", ["initial", "stage_two", "renewal"])
def test_every_check_id_of_the_stage_gets_one_status_in_index_order(tmp_path, stage):
    report = check_file(write_draft(tmp_path, "d.txt", stage))
    assert [r.id for r in report.checks] == list(load_template().all_check_ids(stage))
    assert {r.status for r in report.checks} <= set(STATUSES)
    assert report.stage == stage and report.stage_source == "detected"
    assert not report.required_gaps and report.exit_code == 0


def test_every_element_of_every_stage_has_a_detector():
    for stage in load_template().stages:
        for question in stage.questions:
            for element in question.checks:
                assert callable(detector_for(question, element)), element.id


def test_json_has_the_issue_keys_and_exit_code_follows_required_gaps(tmp_path):
    path = write_draft(tmp_path, "d.txt", "initial", answers={2: "TBC"})
    report = check_file(path)
    payload = json.loads(json.dumps(report.to_json()))
    assert payload["stage"] == "initial"
    check = next(c for c in payload["checks"] if c["id"] == "initial.q2")
    assert set(check) >= {"id", "status", "severity", "where", "reason", "fix", "examples"}
    assert check["status"] == "missing" and check["fix"] and check["where"]["section"]
    assert report.exit_code == 1 and "initial.q2" in payload["required_gaps"]
    assert "initial.q2" in render_markdown(report)


# --- presence (spec 3.3) ---------------------------------------------------------------


@pytest.mark.parametrize("label", ["Lead", "Institutional lead"])
def test_the_lead_field_may_carry_a_shorter_label(tmp_path, label):
    path = write_draft(tmp_path, "d.txt", "initial")
    path.write_text(path.read_text().replace("Name of Institutional Lead: Ada Lovel", f"{label}: Ada Lovel"))
    assert statuses(check_file(path))["doc.lead_name"] == "present"


def test_placeholders_are_not_answers(tmp_path):
    report = check_file(write_draft(tmp_path, "d.txt", "initial", answers={2: "TBC", 6: "[insert initiatives here] …"}))
    assert statuses(report)["initial.q2"] == "missing"
    assert statuses(report)["initial.q6"] == "missing"
    assert statuses(report)["initial.q6.themes"] == "not_applicable"  # one gap, one flag


def test_a_nil_answer_counts_only_where_the_template_allows_it(tmp_path):
    report = check_file(write_draft(tmp_path, "d.txt", "initial", answers={4: "None.", 2: "None."}))
    assert statuses(report)["initial.q4"] == "present"
    assert statuses(report)["initial.q2"] == "missing"


def test_a_missing_prompt_is_missing_and_its_elements_not_applicable(tmp_path):
    text = write_draft(tmp_path, "d.txt", "renewal").read_text()
    start = text.index("7. Please")
    path = tmp_path / "cut.txt"
    path.write_text(text[:start] + text[text.index("8. Please") :])
    report = check_file(path)
    assert required_flags(report) == {"renewal.q7"}
    assert statuses(report)["renewal.q7.mechanism"] == "not_applicable"
    assert report.check("renewal.q7").where.section.endswith("(prompt not found)")


# --- references and attachments (spec 3.4) --------------------------------------------


def test_separate_document_statement_makes_the_plan_and_its_elements_attached(tmp_path):
    path = write_draft(tmp_path, "d.txt", "renewal", answers={6: "Our plan is attached as a separate submission document."})
    report = check_file(path)
    plan = [r for r in report.checks if r.id.startswith("renewal.q6")]
    assert {r.status for r in plan} == {"attached"}
    assert not report.required_gaps


def test_appendix_pointer_is_attached_when_the_file_has_no_appendices(tmp_path):
    report = check_file(write_draft(tmp_path, "d.txt", "initial", answers={5: "See Appendix B"}))
    assert statuses(report)["initial.q5"] == "attached"
    assert statuses(report)["initial.q5.timescale"] == "attached"


def test_appendix_pointer_is_missing_when_only_other_appendices_are_in_the_file(tmp_path):
    tail = "Appendix A: Examples of activities to address the themes\nSome example text for each theme of the Commitment."
    report = check_file(write_draft(tmp_path, "d.txt", "initial", answers={5: "See Appendix A."}, tail=tail))
    assert statuses(report)["initial.q5"] == "missing"  # the template's Appendix A is not the plan
    assert statuses(report)["initial.q5.pillar.visibility"] == "not_applicable"


def test_in_file_appendix_is_read_as_the_answer(tmp_path):
    tail = "Appendix C: Our 24-month plan\n" + PLAN_TABLE
    report = check_file(write_draft(tmp_path, "d.txt", "initial", answers={5: "Please see Appendix C."}, tail=tail))
    assert statuses(report)["initial.q5"] == "present"
    assert statuses(report)["initial.q5.pillar.sustainability"] == "present"
    assert statuses(report)["initial.q5.timescale"] == "present"


# --- action plan (spec 9.1) ---------------------------------------------------------------


def test_a_plan_missing_a_pillar_and_a_timescale_is_weak_naming_both(tmp_path):
    rows = PLAN_TABLE.split("\n")
    plan = "\n".join(rows[:-1]).replace("Jan 2026 - Dec 2026", "TBC")
    report = check_file(write_draft(tmp_path, "d.txt", "initial", answers={5: plan}))
    q5 = report.check("initial.q5")
    assert q5.status == "weak"
    assert set(q5.details["failing_elements"]) == {"initial.q5.pillar.sustainability", "initial.q5.timescale"}
    assert report.check("initial.q5.timescale").details["rows_without_timescale"] == ["2"]
    assert report.check("initial.q5.pillar.visibility").details["missing_pillars"] == ["sustainability"]


def test_a_plan_under_pillar_headings_as_bullets_is_read(tmp_path):
    plan = "\n".join(
        f"{pillar}\n- Start a new {pillar.lower()} initiative from September 2025 to July 2026."
        for pillar in ("Visibility", "Recognition", "Career Development", "Sustainability")
    )
    report = check_file(write_draft(tmp_path, "d.txt", "initial", answers={5: plan}))
    assert statuses(report)["initial.q5"] == "present"
    assert statuses(report)["initial.q5.timescale"] == "present"
    assert statuses(report)["initial.q5.owner_resource"] == "missing"  # advice, not a required gap


# --- RAG (spec 9.2) ------------------------------------------------------------------------


def test_red_items_without_reasons_make_the_review_weak(tmp_path):
    text = (
        "Of its four actions, two are green and two are red.\n\n| No. | Action | RAG | Commentary |\n|---|---|---|---|\n"
        "| A1 | Directory | Green | Done. |\n| A2 | Awards | Green | Done. |\n"
        "| A3 | Mentoring | Red | See explanation below. |\n| A4 | Secondments | Red | See explanation below. |\n\n"
        "A3 Mentoring. The scheme lost its coordinator in the spring and the matching software was withdrawn by the supplier."
    )
    report = check_file(write_draft(tmp_path, "d.txt", "renewal", answers={3: text}))
    red = report.check("renewal.q3.red_explanations")
    assert red.status == "missing" and red.details["unexplained"] == ["A4"]
    assert report.check("renewal.q3").status == "weak"
    assert report.check("renewal.q3.status").details["counts"] == {"green": 2, "red": 2}


def test_no_red_items_makes_red_explanations_not_applicable(tmp_path):
    text = "All of our previous actions are now complete: ten are green and two are amber, with the amber ones carried forward."
    report = check_file(write_draft(tmp_path, "d.txt", "renewal", answers={3: text}))
    assert statuses(report)["renewal.q3.status"] == "present"
    assert statuses(report)["renewal.q3.red_explanations"] == "not_applicable"


def test_statuses_shown_only_as_colour_are_unverifiable(tmp_path):
    text = "Our review of each action follows.\n\n| No. | Action | RAG | Notes |\n|---|---|---|---|\n| A1 | Directory | | Live since spring. |"
    report = check_file(write_draft(tmp_path, "d.txt", "stage_two", answers={3: text}))
    assert statuses(report)["stage_two.q3.status"] == "attached"
    assert "only as colour" in report.check("stage_two.q3.status").reason


def test_a_review_without_any_status_is_missing(tmp_path):
    text = "Our review of each action follows.\n\n| No. | Action | Notes |\n|---|---|---|\n| A1 | Directory | Live since spring. |"
    report = check_file(write_draft(tmp_path, "d.txt", "stage_two", answers={3: text}))
    assert statuses(report)["stage_two.q3.status"] == "missing"
    assert report.check("stage_two.q3").status == "weak"


# --- webpage, TALENT, voice, header, sign-off -----------------------------------------------


def test_commitment_sites_do_not_answer_the_webpage_question(tmp_path):
    report = check_file(write_draft(tmp_path, "d.txt", "renewal", answers={8: "See https://www.techniciancommitment.org.uk/signatories"}))
    assert statuses(report)["renewal.q8"] == "missing"


def test_webpage_advice_on_scheme_and_domain(tmp_path):
    report = check_file(write_draft(tmp_path, "d.txt", "renewal", answers={8: "Published at http://www.example.org/tc"}))
    assert statuses(report)["renewal.q8"] == "present"
    assert statuses(report)["renewal.q8.https"] == "missing"
    assert report.check("renewal.q8.domain").details == {"page_domain": "example.org", "email_domain": "fenwick.ac.uk"}
    assert not report.required_gaps


def test_registrable_domains_keep_uk_second_level_labels():
    assert registrable_domain("www.lstmed.ac.uk") == "lstmed.ac.uk"
    assert registrable_domain("news.example.com") == "example.com"


def test_talent_points_read_by_number_with_ranges_and_lists():
    assert numbered_points("Points 1-3, 5 and 7. Recommendation 16 too; see Point 12.") == {1, 2, 3, 5, 7, 12, 16}


def test_talent_gaps_are_listed(tmp_path):
    text = "\n".join(f"Point {n} – acted on with a named lead." for n in range(1, 17) if n not in (4, 9))
    report = check_file(write_draft(tmp_path, "d.txt", "renewal", answers={5: text}))
    assert report.check("renewal.q5.coverage").details["missing_recommendations"] == [4, 9]
    assert report.check("renewal.q5").status == "present"  # coverage is advice


def test_voice_in_a_plan_row_does_not_answer_the_shared_stage_two_question(tmp_path):
    plan = PLAN_TABLE.replace("Write a technical career pathway.", "Write a pathway that reflects the technician voice.")
    report = check_file(write_draft(tmp_path, "d.txt", "stage_two", answers={6: plan}))
    assert statuses(report)["stage_two.q7"] == "missing"
    assert required_flags(report) == {"stage_two.q7"}


def test_missing_header_email_and_undated_leader(tmp_path):
    signoff = [
        "Signed: Ada Lovel (Technician Commitment Nominated Institutional Lead)",
        "Date: 14 July 2025",
        "Signed: Professor Ben Carter, Vice-Chancellor",
        "Date:",
    ]
    report = check_file(write_draft(tmp_path, "d.txt", "initial", header={"E-mail": ""}, signoff=signoff))
    assert required_flags(report) == {"doc.lead_email", "doc.signoff.dates"}
    assert statuses(report)["doc.signoff.leader"] == "present"  # a head-of-institution title on a Signed line
    assert statuses(report)["initial.q8.domain"] == "not_applicable"


def test_headcount_must_be_written_in_the_text(tmp_path):
    report = check_file(write_draft(tmp_path, "d.txt", "initial", answers={3: "The chart below shows where our technical staff work across the faculties and services."}))
    assert report.check("initial.q3.count").status == "missing"
    assert report.check("initial.q3").status == "weak"


def test_profile_over_the_word_limit_is_advice(tmp_path):
    report = check_file(write_draft(tmp_path, "d.txt", "initial", answers={1: " ".join(["word"] * 260)}))
    assert report.check("initial.q1.word_limit").status == "missing"
    assert report.check("initial.q1").status == "present"


def test_file_name_is_checked_only_when_given(tmp_path):
    path = write_draft(tmp_path, "d.txt", "renewal")
    assert statuses(check_file(path))["doc.filename"] == "not_applicable"
    assert statuses(check_file(path, intended_filename="Fenwick Institute July 2025.pdf"))["doc.filename"] == "present"
    assert check_file(path, intended_filename="draft.pdf").check("doc.filename").details["missing_parts"] == [
        "institution", "month", "year",
    ]


def test_a_given_stage_that_disagrees_is_noted(tmp_path):
    report = check_file(write_draft(tmp_path, "d.txt", "initial"), stage="renewal")
    assert report.stage == "renewal" and report.stage_source == "given"
    assert any("reads as initial" in note for note in report.notes)


# --- demo corpus -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["northmoor-initial-2024.md", "harrowgate-initial-2025.txt", "kestrel-bay-stage-two-2023.md", "ashdown-renewal-2025.md"]
)
def test_demo_submissions_have_no_required_gaps(name):
    assert not check_file(DEMO / name).required_gaps


def test_demo_renewal_omits_talent_points_6_8_15():
    report = check_file(DEMO / "ashdown-renewal-2025.md")
    coverage = report.check("renewal.q5.coverage")
    assert coverage.status == "missing" and coverage.details["missing_recommendations"] == [6, 8, 15]
    assert report.check("renewal.q3.status").details["counts"] == {"green": 10, "amber": 4, "red": 2}
    assert report.check("renewal.q3.red_explanations").status == "present"


def test_demo_plan_measures_stated_for_the_whole_plan():
    report = check_file(DEMO / "harrowgate-initial-2025.txt")
    assert report.check("initial.q5").reason.startswith("answered in Appendix 1")
    assert report.check("initial.q5.impact_measure").status == "present"
    assert report.check("initial.q5.owner_resource").status == "missing"


def test_demo_stage_two_voice_shares_the_plan_prompt():
    report = check_file(DEMO / "kestrel-bay-stage-two-2023.md")
    assert statuses(report)["stage_two.q7"] == "present"
    assert statuses(report)["stage_two.q2.pillar.sustainability"] == "present"


# --- real submissions (../shared) ---------------------------------------------------------


def _files(manifest: dict) -> list[tuple[str, str]]:
    return [(doc["slug"], kind) for doc in manifest["documents"] if doc["slug"] in SUBMISSIONS for kind in doc["files"]]


@pytest.fixture(scope="module")
def real_reports(shared_corpus, manifest):
    by_slug = {doc["slug"]: doc for doc in manifest["documents"]}
    return {
        (slug, kind): check_file(shared_corpus / by_slug[slug]["files"][kind])
        for slug, kind in _files(manifest)
    }


def test_real_submissions_raise_no_required_flag(real_reports, manifest):
    assert len(real_reports) == 7  # 3 TXT, 3 PDF, 1 DOCX
    for (slug, kind), report in real_reports.items():
        expected = next(d for d in manifest["documents"] if d["slug"] == slug)
        assert report.stage == expected["stage"], (slug, kind)
        assert report.institution == expected["institution"], (slug, kind)
        assert not report.required_gaps, (slug, kind, [r.id for r in report.required_gaps])


@pytest.mark.parametrize("kind", ["txt", "pdf"])
def test_lstm_rag_and_plan_are_attached(real_reports, kind):
    report = real_reports[("lstm-renewal-2024", kind)]
    for prefix in ("renewal.q3", "renewal.q6"):
        assert {r.status for r in report.checks if r.id.startswith(prefix)} == {"attached"}
    assert statuses(report)["doc.contact_number"] == "not_applicable"
    assert statuses(report)["renewal.q5.coverage"] == "present"


@pytest.mark.parametrize("kind", ["txt", "pdf"])
def test_uol_appendices_travel_separately_but_red_items_are_explained_inline(real_reports, kind):
    report = real_reports[("uol-stage2-2021", kind)]
    assert statuses(report)["stage_two.q3.status"] == "attached"
    assert report.check("stage_two.q3.red_explanations").details["red_reported"] == 2
    assert statuses(report)["stage_two.q3.red_explanations"] == "present"
    assert statuses(report)["stage_two.q6"] == statuses(report)["stage_two.q7"] == "attached"


@pytest.mark.parametrize("kind", ["txt", "pdf", "docx"])
def test_ljmu_plan_is_read_from_appendix_b_not_the_template_appendix(real_reports, kind):
    report = real_reports[("ljmu-initial-2024", kind)]
    assert statuses(report)["initial.q5"] == "present"
    assert report.check("initial.q5.pillar.sustainability").reason.startswith("3 action(s)")
    assert statuses(report)["initial.q5.timescale"] == "present"
    flagged = {r.id for r in report.flagged}
    assert {"initial.q5.impact_measure", "initial.q5.owner_resource"} <= flagged  # advice only
    assert statuses(report)["doc.signoff.dates"] == "present"
