"""Ablations of the real action plan (LJMU, Appendix B, in its TXT, DOCX and PDF forms, and
as a TAB-separated text table built from the DOCX): cells blanked in some rows. Every row
keeps its pillar and the cells it still has; the checker flags exactly the blanked
element for exactly the blanked rows, and nothing else changes.

Owner and success-measure cells: the real plan has no such columns, so the ablation first
adds them (filled with this file's own words), takes that as the baseline, then blanks some.
Rows and cells are located by the template's column names, pillar names and date patterns,
never by corpus text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.shared import Inches
from pypdf import PdfWriter
from pypdf.generic import ContentStream

from assistant.check import check_file
from assistant.check.elements.context import mentioned
from domain import load_template
from ingest.structure.cells import looks_like_timescale
from ingest.structure.lines import pillar_label
from ingest.structure.tables import column_role
from tests.assistant.check.test_check_ablations import DEMO, assert_exactly_new, flags, plan_table
from tests.ingest.test_actions import actions_of

pytestmark = pytest.mark.integration

AREAS = ["Engineering", "Science", "Health", "Arts", "Estates"]
POSTS = ["Technical Manager", "Faculty Operations Manager", "HR Business Partner", "Workshop Supervisor"]
OWNERS = [f"{area} {post}" for post in POSTS for area in AREAS]  # 20 different cells: a line
# repeated on many pages would be removed as a running header


def measure(n: int) -> str:
    return f"At least {n + 12} technicians take part by the end date"
TIMESCALE_ONLY = {"initial.q5": "weak", "initial.q5.timescale": "missing"}


def owner_only_in_its_cell(path: Path) -> set[str | None]:
    """Rows whose activity and description name no owner or resource: for these the
    Owner cell is the only place that says who (the checker counts either)."""
    lexicon = load_template().lexicon
    cues = lexicon.owner_cues + lexicon.resource_cues
    return {a.number for a in actions_of(path) if not mentioned(f"{a.activity} {a.description}", cues)}


def pillars_by_number(path: Path) -> dict[str | None, str | None]:
    return {a.number: a.pillar for a in actions_of(path)}


def check_details(path: Path, check_id: str) -> dict:
    return check_file(path).check(check_id).details


# --- the flattened TXT: one cell per line, a blank cell keeps only its TAB ------------------


def txt_rows(lines: list[str]) -> list[dict[str, int]]:
    """Line indexes of each row of the flattened plan table: its number and timescale cell."""
    header = next(i for i, line in enumerate(lines) if column_role(line.strip()) == "timescale")
    rows: list[dict[str, int]] = []
    for i in range(header + 1, len(lines)):
        text = lines[i].strip()
        if text.isdigit():
            rows.append({"number": i})
        elif rows and "timescale" not in rows[-1] and looks_like_timescale(text):
            rows[-1]["timescale"] = i
    return rows


def group_ends(lines: list[str], rows: list[dict[str, int]]) -> list[int]:
    """Rows whose next row opens a new pillar group (or that end the table), and the first
    row: the rows where a shifted cell used to swallow the next pillar label."""
    chosen = [0]
    for n, row in enumerate(rows):
        following = [line.strip() for line in lines[row["timescale"] + 1 : rows[n + 1]["number"]]] if n + 1 < len(rows) else []
        if n + 1 == len(rows) or any(pillar_label(text) for text in following):
            chosen.append(n)
    return sorted(set(chosen))


def txt_blank_timescales(lines: list[str]) -> tuple[list[str], list[str]]:
    rows = txt_rows(lines)
    chosen = group_ends(lines, rows)
    changed = list(lines)
    for n in chosen:
        changed[rows[n]["timescale"]] = "\t"
    return changed, [lines[rows[n]["number"]].strip() for n in chosen]


def txt_with_owner_and_measure(lines: list[str]) -> list[str]:
    """The plan with two more columns, Owner and Success measure, filled in every row."""
    rows = txt_rows(lines)
    header = next(i for i, line in enumerate(lines) if column_role(line.strip()) == "timescale")
    after = {header: ["\tOwner", "\tSuccess measure"]}
    for n, row in enumerate(rows):
        after[row["timescale"]] = [f"\t{OWNERS[n]}", f"\t{measure(n)}"]
    return [piece for i, line in enumerate(lines) for piece in [line, *after.get(i, [])]]


def txt_blank_column(lines: list[str], offset: int, every: int = 4) -> tuple[list[str], list[str]]:
    """Blank the cell ``offset`` lines after each chosen row's timescale (1 owner, 2 measure)."""
    rows = txt_rows(lines)
    changed = list(lines)
    chosen = list(range(1, len(rows), every))
    for n in chosen:
        changed[rows[n]["timescale"] + offset] = "\t"
    return changed, [lines[rows[n]["number"]].strip() for n in chosen]


@pytest.fixture(scope="module")
def ljmu_txt(shared_corpus) -> list[str]:
    return (shared_corpus / "txt" / "ljmu-initial-2024.txt").read_text(encoding="utf-8").split("\n")


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_txt_blank_timescales_keep_every_rows_pillar(shared_corpus, ljmu_txt, tmp_path):
    changed, blanked = txt_blank_timescales(ljmu_txt)
    assert len(blanked) == 5 and changed != ljmu_txt
    source, path = shared_corpus / "txt" / "ljmu-initial-2024.txt", write_lines(tmp_path / "ljmu.txt", changed)

    assert pillars_by_number(path) == pillars_by_number(source)
    assert_exactly_new(flags(source), flags(path), TIMESCALE_ONLY)
    assert check_details(path, "initial.q5.timescale")["rows_without_timescale"] == blanked
    actions = {a.number: a for a in actions_of(path)}
    assert all(actions[n].timescale == "" for n in blanked)
    assert all(a.activity and a.description for a in actions.values())


@pytest.mark.parametrize(
    ("column", "offset", "check_id", "detail"),
    [("owner", 1, "initial.q5.owner_resource", "rows_without_owner"),
     ("success measure", 2, "initial.q5.impact_measure", "rows_without_measure")],
)
def test_txt_blank_owner_or_measure_cells(ljmu_txt, tmp_path, column, offset, check_id, detail):
    full = txt_with_owner_and_measure(ljmu_txt)
    baseline = write_lines(tmp_path / "full.txt", full)
    changed, blanked = txt_blank_column(full, offset)
    path = write_lines(tmp_path / "ablated.txt", changed)

    assert not {check_id, "initial.q5.timescale"} & set(flags(baseline)), f"the filled {column} column is read"
    assert pillars_by_number(path) == pillars_by_number(baseline)
    assert_exactly_new(flags(baseline), flags(path), {check_id: "missing"})
    assert check_details(path, check_id)[detail] == blanked


def test_txt_blank_timescale_and_owner_in_the_same_rows(ljmu_txt, tmp_path):
    full = txt_with_owner_and_measure(ljmu_txt)
    baseline = write_lines(tmp_path / "full.txt", full)
    rows = txt_rows(full)
    changed = list(full)
    plain = owner_only_in_its_cell(baseline)
    chosen = [n for n in range(2, len(rows), 6) if full[rows[n]["number"]].strip() in plain]
    assert len(chosen) >= 2
    for n in chosen:
        changed[rows[n]["timescale"]] = "\t"
        changed[rows[n]["timescale"] + 1] = "\t"
    path = write_lines(tmp_path / "ablated.txt", changed)
    numbers = [full[rows[n]["number"]].strip() for n in chosen]

    assert pillars_by_number(path) == pillars_by_number(baseline)
    assert_exactly_new(flags(baseline), flags(path), {**TIMESCALE_ONLY, "initial.q5.owner_resource": "missing"})
    assert check_details(path, "initial.q5.timescale")["rows_without_timescale"] == numbers
    assert check_details(path, "initial.q5.owner_resource")["rows_without_owner"] == numbers
    measures = {a.number: a.success_measure for a in actions_of(path)}
    assert all(measures[n] for n in numbers)  # the measure stayed in its own column


# --- the DOCX table, and the same table as TAB-separated text --------------------------------


def docx_column(table, role: str) -> int:
    return next(i for i, cell in enumerate(table.rows[0].cells) if column_role(cell.text.strip()) == role)


def docx_number(row) -> str:
    return next(cell.text.strip() for cell in row.cells if cell.text.strip().isdigit())


def docx_group_ends(table) -> list[int]:
    """Row indexes (from 1) of the first row and of each row before a new pillar."""
    pillars = [row.cells[0].text.strip() for row in table.rows]
    ends = [n for n in range(1, len(pillars)) if n + 1 == len(pillars) or pillars[n + 1] != pillars[n]]
    return sorted({1, *ends})


def docx_blank(table, role: str, rows: list[int]) -> list[str]:
    column = docx_column(table, role)
    for n in rows:
        table.rows[n].cells[column].text = ""
    return [docx_number(table.rows[n]) for n in rows]


def docx_add_owner_and_measure(document) -> None:
    table = plan_table(document)
    for title, value in (("Owner", OWNERS.__getitem__), ("Success measure", measure)):
        column = table.add_column(Inches(1.2))
        column.cells[0].text = title
        for n, cell in enumerate(column.cells[1:]):
            cell.text = value(n)


def saved(document, path: Path) -> Path:
    document.save(str(path))
    return path


def test_docx_blank_timescales_keep_every_rows_pillar(shared_corpus, tmp_path):
    source = shared_corpus / "docx" / "ljmu-initial-2024.docx"
    document = docx.Document(str(source))
    table = plan_table(document)
    blanked = docx_blank(table, "timescale", docx_group_ends(table))
    path = saved(document, tmp_path / "ljmu.docx")

    assert len(blanked) == 5
    assert pillars_by_number(path) == pillars_by_number(source)
    assert_exactly_new(flags(source), flags(path), TIMESCALE_ONLY)
    assert check_details(path, "initial.q5.timescale")["rows_without_timescale"] == blanked


@pytest.mark.parametrize(
    ("role", "check_id", "detail"),
    [("owner", "initial.q5.owner_resource", "rows_without_owner"),
     ("success_measure", "initial.q5.impact_measure", "rows_without_measure")],
)
def test_docx_blank_owner_or_measure_cells(shared_corpus, tmp_path, role, check_id, detail):
    document = docx.Document(str(shared_corpus / "docx" / "ljmu-initial-2024.docx"))
    docx_add_owner_and_measure(document)
    baseline = saved(document, tmp_path / "full.docx")
    blanked = docx_blank(plan_table(document), role, [2, 8, 15, 19])
    path = saved(document, tmp_path / "ablated.docx")

    assert check_id not in flags(baseline)
    assert pillars_by_number(path) == pillars_by_number(baseline)
    assert_exactly_new(flags(baseline), flags(path), {check_id: "missing"})
    assert check_details(path, check_id)[detail] == blanked


def tab_separated_plan(shared_corpus, tmp_path: Path, edit: Callable[[list[list[str]]], None] | None = None) -> Path:
    """The TXT submission with its plan as TAB-separated rows (from the DOCX table): the
    pillar only on a group's first row, as a merged cell reads. Text extraction then loses
    each row's leading TAB, and a blank last cell its trailing one."""
    lines = (shared_corpus / "txt" / "ljmu-initial-2024.txt").read_text(encoding="utf-8").split("\n")
    header = next(i for i, line in enumerate(lines) if column_role(line.strip()) == "timescale")
    start = max(i for i in range(header) if not lines[i].strip() and lines[i - 1].strip())  # the table's first line
    table = plan_table(docx.Document(str(shared_corpus / "docx" / "ljmu-initial-2024.docx")))
    rows = [[cell.text.strip() for cell in row.cells] for row in table.rows]
    for n in range(len(rows) - 1, 1, -1):
        if rows[n][0] == rows[n - 1][0]:
            rows[n][0] = ""
    if edit:
        edit(rows)
    path = tmp_path / ("tsv-ablated.txt" if edit else "tsv.txt")
    return write_lines(path, lines[:start] + ["\t".join(row) for row in rows])


def test_tab_separated_rows_that_lost_edge_tabs_keep_their_columns(shared_corpus, tmp_path):
    baseline = tab_separated_plan(shared_corpus, tmp_path)
    assert pillars_by_number(baseline) == pillars_by_number(shared_corpus / "txt" / "ljmu-initial-2024.txt")
    chosen = [1, 7, 10, 16, 19]  # group starts and ends: a blank pillar and a blank timescale together

    def blank_timescales(rows):
        for n in chosen:
            rows[n][-1] = ""

    path = tab_separated_plan(shared_corpus, tmp_path, blank_timescales)
    assert pillars_by_number(path) == pillars_by_number(baseline)
    assert_exactly_new(flags(baseline), flags(path), TIMESCALE_ONLY)
    assert check_details(path, "initial.q5.timescale")["rows_without_timescale"] == [str(n) for n in chosen]


# --- the PDF: the blanked cells' text taken out of the page -----------------------------------


def pdf_blank_timescales(source: Path, target: Path, count: int) -> int:
    """Remove the first ``count`` timescale cells (a text block that is a short period) from
    the plan's pages; returns how many were removed."""
    writer = PdfWriter(clone_from=str(source))
    removed = 0
    for page in writer.pages:
        if "Time Scale" not in page.extract_text():  # the plan table's header, a template column name
            continue
        stream = ContentStream(page.get_contents(), writer)
        kept, block = [], []
        for operands, operator in stream.operations:
            block.append((operands, operator)) if block or operator == b"BT" else kept.append((operands, operator))
            if operator == b"ET":
                text = " ".join(str(ops[0]) for ops, op in block if op == b"Tj")
                if removed < count and looks_like_timescale(text) and "Time Scale" not in text:
                    removed += 1
                else:
                    kept.extend(block)
                block = []
        stream.operations = kept
        page.replace_contents(stream)
    writer.write(str(target))
    return removed


def test_pdf_blank_timescales_keep_every_rows_pillar(shared_corpus, tmp_path):
    source = shared_corpus / "pdf" / "ljmu-initial-2024.pdf"
    path = tmp_path / "ljmu-initial-2024.pdf"
    assert pdf_blank_timescales(source, path, 5) == 5

    before, after = {a.number: a for a in actions_of(source)}, {a.number: a for a in actions_of(path)}
    blanked = [n for n in before if not after[n].timescale]
    assert len(blanked) == 5
    assert {n: a.pillar for n, a in after.items()} == {n: a.pillar for n, a in before.items()}
    assert_exactly_new(flags(source), flags(path), TIMESCALE_ONLY)


# --- the project's own demo plan (a Markdown pipe table keeps its empty cells) ------------------


def test_demo_pipe_table_blank_owner_cells(tmp_path):
    source = DEMO / "northmoor-initial-2024.md"
    lines = source.read_text(encoding="utf-8").split("\n")
    header = next(i for i, line in enumerate(lines) if line.startswith("|") and "Owner" in line)
    names = [cell.strip() for cell in lines[header].split("|")]
    column, number = names.index("Owner"), next(i for i, name in enumerate(names) if column_role(name) == "number")
    end = next(i for i in range(header, len(lines)) if not lines[i].startswith("|"))
    plain = owner_only_in_its_cell(source)
    rows = [i for i in range(header + 2, end) if lines[i].split("|")[number].strip() in plain][::3]
    assert len(rows) >= 3
    changed = list(lines)
    for i in rows:
        cells = changed[i].split("|")
        cells[column] = " "
        changed[i] = "|".join(cells)
    path = write_lines(tmp_path / "northmoor.md", changed)

    assert pillars_by_number(path) == pillars_by_number(source)
    assert_exactly_new(flags(source), flags(path), {"initial.q5.owner_resource": "missing"})
    assert check_details(path, "initial.q5.owner_resource")["rows_without_owner"] == [
        lines[i].split("|")[number].strip() for i in rows
    ]
