"""Ablations: remove one part of a real (or demo) submission and the checker must flag
exactly the ids that part carried (spec 13, conformance), nothing else new, and keep
every flag the unmodified file had.

The modified copies are written to tmp_path at test time; lines are located by the
template's own signal phrases, pillar names and patterns (URLs, "Date:", item labels),
never by pasting corpus text into this file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from assistant.check import check_file
from domain import fold, load_template
from ingest.structure.dates import find_periods
from tests.support.check_drafts import FREE_FORM_STAGE_TWO

REPO = Path(__file__).resolve().parents[3]
DEMO = REPO / "demo_corpus"
URL = re.compile(r"https?://|www\.")

Edit = Callable[[list[str]], list[str]]


def flags(path: Path, **kwargs) -> dict[str, str]:
    return {r.id: r.status for r in check_file(path, **kwargs).flagged}


def assert_exactly_new(before: dict[str, str], after: dict[str, str], expected: dict[str, str]) -> None:
    new = {check: status for check, status in after.items() if check not in before}
    assert new == expected
    assert set(before) <= set(after), f"flags lost: {set(before) - set(after)}"


# --- locating lines -----------------------------------------------------------------------


def form_start(lines: list[str]) -> int:
    signal = fold(load_template().lexicon.form_title_signals[0])
    return next(i for i, line in enumerate(lines) if signal in fold(line))


def prompt_index(lines: list[str], question_id: str) -> int:
    """The line of a question's prompt (its first signal phrase, after the form title)."""
    question = load_template().question(question_id)
    start = form_start(lines)
    return next(
        i for i in range(start, len(lines))
        if any(fold(signal) in fold(lines[i]) for signal in question.signals)
        and (not question.number_prefix or lines[i].lstrip("#* ").startswith(question.number_prefix))
    )


def next_nonblank(lines: list[str], index: int, predicate: Callable[[str], bool]) -> int:
    return next(i for i in range(index + 1, len(lines)) if lines[i].strip() and predicate(lines[i]))


def is_prompt_or_signoff(line: str) -> bool:
    stripped = line.lstrip("#* ")
    return stripped.startswith(("Please", "Signed")) or bool(re.match(r"\d\. ", stripped))


# --- edits ----------------------------------------------------------------------------------


def drop_answer(question_id: str) -> Edit:
    """Delete the answer under a prompt, keeping the prompt."""
    def edit(lines: list[str]) -> list[str]:
        start = prompt_index(lines, question_id)
        end = next_nonblank(lines, start, is_prompt_or_signoff)
        return lines[: start + 1] + lines[end:]
    return edit


def drop_prompt_and_answer(question_id: str) -> Edit:
    def edit(lines: list[str]) -> list[str]:
        start = prompt_index(lines, question_id)
        end = next_nonblank(lines, start, is_prompt_or_signoff)
        return lines[:start] + lines[end:]
    return edit


def drop_urls_after(question_id: str) -> Edit:
    def edit(lines: list[str]) -> list[str]:
        start = prompt_index(lines, question_id)
        return [line for i, line in enumerate(lines) if i <= start or not URL.search(line)]
    return edit


def drop_lines_between(question_id: str, next_question_id: str, pattern: str) -> Edit:
    """Delete the lines matching ``pattern`` inside one question's answer."""
    def edit(lines: list[str]) -> list[str]:
        start, end = prompt_index(lines, question_id), prompt_index(lines, next_question_id)
        return [line for i, line in enumerate(lines) if not (start < i < end and re.match(pattern, line))]
    return edit


def drop_pillar_rows(pillar_name: str) -> Edit:
    """A flattened or delimited plan table: the pillar's label and rows to the next label
    or the end of the table."""
    names = {p.name for p in load_template().themes}

    def edit(lines: list[str]) -> list[str]:
        if any(line.startswith(f"| {pillar_name} |") for line in lines):
            return [line for line in lines if not line.startswith(f"| {pillar_name} |")]
        start = max(i for i, line in enumerate(lines) if line.strip() == pillar_name)
        end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() in names), len(lines))
        return lines[:start] + lines[end:]
    return edit


def timescales_to_tbc(lines: list[str]) -> list[str]:
    """Every short date cell of the flattened appendix table becomes "TBC"."""
    appendix = max(i for i, line in enumerate(lines) if line.startswith("Appendix"))
    return [
        "\tTBC" if i > appendix and line.startswith("\t") and find_periods(line) and len(line.split()) <= 5 else line
        for i, line in enumerate(lines)
    ]


def drop_last_date(lines: list[str]) -> list[str]:
    last = max(i for i, line in enumerate(lines) if line.startswith("Date:"))
    return lines[:last] + lines[last + 1 :]


def drop_leader_block(lines: list[str]) -> list[str]:
    label = max(i for i, line in enumerate(lines) if "Leader of Institution" in line)
    signed = max(i for i in range(label + 1) if lines[i].startswith("Signed"))
    return lines[:signed]


def blank_header_field(label: str) -> Edit:
    return lambda lines: [f"{label}:" if line.startswith(f"{label}:") else line for line in lines]


def drop_heading_line(pillar_name: str) -> Edit:
    return lambda lines: [line for line in lines if line.strip() != pillar_name]


def drop_talent_point(number: int) -> Edit:
    return lambda lines: [line for line in lines if not re.match(rf"\W*Point {number}\W", line)]


# --- real TXT submissions -------------------------------------------------------------------

TXT_ABLATIONS = [
    ("lstm-renewal-2024", "voice answer", drop_answer("renewal.q7"), {"renewal.q7": "missing"}),
    ("lstm-renewal-2024", "URL", drop_urls_after("renewal.q8"), {"renewal.q8": "missing"}),
    ("lstm-renewal-2024", "TALENT point 9", drop_talent_point(9), {"renewal.q5.coverage": "missing"}),
    ("uol-stage2-2021", "red-item explanations", drop_lines_between("stage_two.q3", "stage_two.q4", r"Action \d"),
     {"stage_two.q3": "weak", "stage_two.q3.red_explanations": "missing"}),
    ("uol-stage2-2021", "URL", drop_urls_after("stage_two.q8"), {"stage_two.q8": "missing"}),
    ("uol-stage2-2021", "leader sign-off", drop_leader_block, {"doc.signoff.leader": "missing"}),
    ("uol-stage2-2021", "Sustainability progress heading", drop_heading_line("Sustainability"),
     {"stage_two.q2.pillar.sustainability": "missing"}),
    ("uol-stage2-2021", "additional initiatives answer", drop_answer("stage_two.q5"), {"stage_two.q5": "missing"}),
    ("ljmu-initial-2024", "Sustainability rows", drop_pillar_rows("Sustainability"),
     {"initial.q5": "weak", "initial.q5.pillar.sustainability": "missing"}),
    ("ljmu-initial-2024", "timescales", timescales_to_tbc, {"initial.q5": "weak", "initial.q5.timescale": "missing"}),
    ("ljmu-initial-2024", "voice answer", drop_answer("initial.q7"), {"initial.q7": "missing"}),
    ("ljmu-initial-2024", "URL", drop_urls_after("initial.q8"), {"initial.q8": "missing"}),
    ("ljmu-initial-2024", "lead e-mail", blank_header_field("E-mail"), {"doc.lead_email": "missing"}),
    ("ljmu-initial-2024", "leader's date", drop_last_date, {"doc.signoff.dates": "missing"}),
]


@pytest.fixture(scope="module")
def txt_baseline(shared_corpus):
    return {slug: flags(shared_corpus / "txt" / f"{slug}.txt") for slug in {a[0] for a in TXT_ABLATIONS}}


@pytest.mark.parametrize(("slug", "part", "edit", "expected"), TXT_ABLATIONS, ids=[f"{a[0]}:{a[1]}" for a in TXT_ABLATIONS])
def test_txt_ablation_is_flagged_exactly(shared_corpus, txt_baseline, tmp_path, slug, part, edit, expected):
    lines = (shared_corpus / "txt" / f"{slug}.txt").read_text(encoding="utf-8").split("\n")
    changed = edit(lines)
    assert changed != lines, f"the edit for {part} changed nothing"
    path = tmp_path / f"{slug}.txt"
    path.write_text("\n".join(changed), encoding="utf-8")
    assert_exactly_new(txt_baseline[slug], flags(path), expected)


def test_talent_ablation_names_the_missing_point(shared_corpus, tmp_path):
    lines = (shared_corpus / "txt" / "lstm-renewal-2024.txt").read_text(encoding="utf-8").split("\n")
    path = tmp_path / "lstm.txt"
    path.write_text("\n".join(drop_talent_point(9)(lines)), encoding="utf-8")
    assert check_file(path).check("renewal.q5.coverage").details["missing_recommendations"] == [9]


# --- the real DOCX --------------------------------------------------------------------------


def plan_table(document):
    return next(t for t in document.tables if any(cell.text.strip() == "Time Scale" for cell in t.rows[0].cells))


def docx_drop_pillar_rows(document, pillar_name: str) -> None:
    table = plan_table(document)
    for row in [row for row in table.rows if row.cells[0].text.strip() == pillar_name]:
        row._tr.getparent().remove(row._tr)


def docx_timescales_to_tbc(document) -> None:
    table = plan_table(document)
    column = next(i for i, cell in enumerate(table.rows[0].cells) if cell.text.strip() == "Time Scale")
    for row in table.rows[1:]:
        if find_periods(row.cells[column].text):
            row.cells[column].text = "TBC"


def docx_paragraph_index(document, question_id: str) -> int:
    question = load_template().question(question_id)
    paragraphs = document.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if fold(load_template().lexicon.form_title_signals[0]) in fold(p.text))
    return next(
        i for i in range(start, len(paragraphs))
        if any(fold(signal) in fold(paragraphs[i].text) for signal in question.signals)
    )


def docx_drop_answer(document, question_id: str) -> None:
    paragraphs = document.paragraphs
    start = docx_paragraph_index(document, question_id)
    end = next(i for i in range(start + 1, len(paragraphs)) if is_prompt_or_signoff(paragraphs[i].text))
    for paragraph in paragraphs[start + 1 : end]:
        paragraph._p.getparent().remove(paragraph._p)


def docx_drop_urls(document) -> None:
    for paragraph in document.paragraphs:
        if URL.match(paragraph.text.strip()):
            paragraph._p.getparent().remove(paragraph._p)


DOCX_ABLATIONS = [
    ("Sustainability rows", lambda d: docx_drop_pillar_rows(d, "Sustainability"),
     {"initial.q5": "weak", "initial.q5.pillar.sustainability": "missing"}),
    ("timescales", docx_timescales_to_tbc, {"initial.q5": "weak", "initial.q5.timescale": "missing"}),
    ("voice answer", lambda d: docx_drop_answer(d, "initial.q7"), {"initial.q7": "missing"}),
    ("URL", docx_drop_urls, {"initial.q8": "missing"}),
]


@pytest.mark.parametrize(("part", "edit", "expected"), DOCX_ABLATIONS, ids=[a[0] for a in DOCX_ABLATIONS])
def test_docx_ablation_is_flagged_exactly(shared_corpus, tmp_path, part, edit, expected):
    source = shared_corpus / "docx" / "ljmu-initial-2024.docx"
    document = docx.Document(str(source))
    edit(document)
    path = tmp_path / "ljmu.docx"
    document.save(str(path))
    assert_exactly_new(flags(source), flags(path), expected)


# --- demo corpus ------------------------------------------------------------------------------

DEMO_ABLATIONS = [
    # The prompt heading carries a second, guidance sentence after its "?": still prompt.
    ("ashdown-renewal-2025.md", "evidence answer", drop_answer("renewal.q4"), {"renewal.q4": "missing"}),
    ("ashdown-renewal-2025.md", "red-item explanations", drop_lines_between("renewal.q3", "renewal.q4", r"- \*\*[A-Z]\d"),
     {"renewal.q3": "weak", "renewal.q3.red_explanations": "missing"}),
    ("northmoor-initial-2024.md", "Recognition rows", drop_pillar_rows("Recognition"),
     {"initial.q5": "weak", "initial.q5.pillar.recognition": "missing"}),
    ("kestrel-bay-stage-two-2023.md", "voice part of the shared plan answer",
     drop_lines_between("stage_two.q6", "stage_two.q8", r"(?!\|)(?!Our 36).+"), {"stage_two.q7": "missing"}),
]


@pytest.mark.parametrize(("name", "part", "edit", "expected"), DEMO_ABLATIONS, ids=[f"{a[0]}:{a[1]}" for a in DEMO_ABLATIONS])
def test_demo_ablation_is_flagged_exactly(tmp_path, name, part, edit, expected):
    lines = (DEMO / name).read_text(encoding="utf-8").split("\n")
    path = tmp_path / name
    path.write_text("\n".join(edit(lines)), encoding="utf-8")
    assert_exactly_new(flags(DEMO / name), flags(path), expected)


def test_removing_the_only_appendix_makes_the_pointer_an_attachment(tmp_path):
    """Spec 3.4: "see Appendix 1" in a file with no appendix headings at all means the
    form travelled without its appendices: attached, a notice rather than a gap."""
    lines = (DEMO / "harrowgate-initial-2025.txt").read_text(encoding="utf-8").split("\n")
    path = tmp_path / "harrowgate.txt"
    path.write_text("\n".join(lines[: max(i for i, line in enumerate(lines) if line.startswith("Appendix 1"))]))
    report = check_file(path)
    assert {r.status for r in report.checks if r.id.startswith("initial.q5")} == {"attached"}
    assert not report.required_gaps


# --- with the embedding model: reworded and removed prompts -----------------------------------

REWORDED_HEADINGS = {  # initial.qN -> a heading a draft might use instead of the form's prompt
    1: "Our organisation in brief",
    2: "Who counts as a technician here",
    3: "Technician numbers and where they work",
    4: "Support that existed before we signed",
    5: "Our action plan for the next two years",
    6: "What we have done since signing up",
    7: "How technicians shaped this plan",
    8: "Where the plan is published online",
}


def reworded_northmoor(keep_title: bool) -> str:
    lines = (DEMO / "northmoor-initial-2024.md").read_text(encoding="utf-8").split("\n")
    for number, heading in REWORDED_HEADINGS.items():
        lines[prompt_index(lines, f"initial.q{number}")] = f"## {heading}"
    if not keep_title:
        lines = lines[next(i for i, line in enumerate(lines) if line.startswith("Organisation:")) :]
    return "\n".join(lines)


@pytest.mark.slow
@pytest.mark.parametrize("keep_title", [True, False])
def test_reworded_headings_are_placed_by_meaning(tmp_path, minilm, keep_title):
    path = tmp_path / "draft.md"
    path.write_text(reworded_northmoor(keep_title), encoding="utf-8")
    report = check_file(path, embedder=minilm)
    assert report.stage == "initial"
    assert report.stage_source == ("detected" if keep_title else "similarity")
    assert not report.required_gaps
    located = [report.check(f"initial.q{n}").where.section for n in REWORDED_HEADINGS]
    assert all("matched by meaning" in section for section in located)


@pytest.mark.slow
def test_numbered_headings_after_a_date_line_are_placed_by_meaning(tmp_path, minilm):
    # a draft dated above its first heading ("Date: ..." reads as a sign-off line) and
    # numbering its headings ("## 5. ..."): before stop 42 the sign-off block ran on to the
    # end and numbered headings were read as list items, so no answer was found
    lines = reworded_northmoor(keep_title=True).split("\n")
    for number, heading in REWORDED_HEADINGS.items():
        lines[lines.index(f"## {heading}")] = f"## {number}. {heading}"
    first = lines.index(f"## 1. {REWORDED_HEADINGS[1]}")
    lines[first:first] = ["Date: 1 March 2026", ""]
    path = tmp_path / "draft.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = check_file(path, embedder=minilm)
    located = [report.check(f"initial.q{n}").where.section for n in REWORDED_HEADINGS]
    assert all("matched by meaning" in section for section in located), located


@pytest.mark.slow
@pytest.mark.parametrize(
    ("slug", "question_id"),
    [("lstm-renewal-2024", "renewal.q7"), ("uol-stage2-2021", "stage_two.q5"), ("ljmu-initial-2024", "initial.q7")],
)
def test_removed_prompt_is_not_invented_by_similarity(shared_corpus, tmp_path, minilm, slug, question_id):
    source = shared_corpus / "txt" / f"{slug}.txt"
    lines = source.read_text(encoding="utf-8").split("\n")
    path = tmp_path / f"{slug}.txt"
    path.write_text("\n".join(drop_prompt_and_answer(question_id)(lines)), encoding="utf-8")
    assert_exactly_new(flags(source, embedder=minilm), flags(path, embedder=minilm), {question_id: "missing"})


@pytest.mark.slow
def test_a_free_form_draft_numbering_its_questions_is_read_in_its_own_order(tmp_path, minilm):
    # stop 43: "Q3. Action plan" read as a list item, the draft's title placed as the plan,
    # and a plan given before its impact could not be placed in the form's order
    path = tmp_path / "draft.txt"
    path.write_text(FREE_FORM_STAGE_TWO, encoding="utf-8")
    report = check_file(path, embedder=minilm)
    assert report.stage == "stage_two"
    assert "“Q3. Action plan” matched by meaning" in report.check("stage_two.q6").where.section
    assert "“Q4. Evaluating impact” matched by meaning" in report.check("stage_two.q4").where.section
    for element in ("timescale", "owner_resource", "impact_measure", "pillar.recognition"):
        assert report.check(f"stage_two.q6.{element}").status == "present", element
    assert not any("Self-Assessment and" in (r.where.section or "") for r in report.checks)
    # stop 44: its own header ("Lead: ...") is read; the form's Organisation field is still missing
    assert report.check("doc.lead_name").status == "present"
    assert report.check("doc.institution").status == "missing"
    assert report.institution == "Brackenridge Institute of Soil Science"
