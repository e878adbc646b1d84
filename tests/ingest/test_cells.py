"""Short table rows: each cell goes to the column its content fits, the cells keep their
order, and ties keep header order (tables written for these tests)."""

from __future__ import annotations

import pytest

from ingest.structure.cells import (
    cell_fit,
    looks_like_timescale,
    placed_contiguously,
    placed_in_order,
)

ROLES = ["activity", "description", "timescale", "owner", "success_measure"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Sep 2025 - ongoing", True), ("TBC", True), ("2025-2027", True), ("", False),
     ("Run a workshop for technicians in every faculty before the summer of 2026", False),
     ("Workshop Supervisor", False)],
)
def test_looks_like_timescale(text, expected):
    assert looks_like_timescale(text) is expected


def test_cells_fit_their_own_columns_better_than_others():
    assert cell_fit("timescale", "Jan 2025 - Dec 2025") > cell_fit("activity", "Jan 2025 - Dec 2025")
    assert cell_fit("number", "4.2") > cell_fit("timescale", "4.2")
    assert cell_fit("pillar", "Recognition") > cell_fit("activity", "Recognition")
    assert cell_fit("success_measure", "40 technicians registered") > cell_fit("owner", "40 technicians registered")


def test_a_full_row_is_read_in_header_order():
    cells = ["Mentoring", "Pair new staff with mentors", "2026", "HR", "20 pairs"]
    assert placed_in_order(ROLES, cells) == dict(zip(ROLES, cells, strict=True))


@pytest.mark.parametrize(
    ("blank", "cells"),
    [
        ("timescale", ["Mentoring", "Pair new staff with mentors", "HR Business Partner", "20 pairs matched"]),
        ("owner", ["Mentoring", "Pair new staff with mentors", "Jan 2026 - Dec 2026", "20 pairs matched"]),
        ("success_measure", ["Mentoring", "Pair new staff with mentors", "Jan 2026 - Dec 2026", "HR Business Partner"]),
    ],
)
def test_a_flattened_row_with_one_blank_cell(blank, cells):
    placed = placed_in_order(ROLES, cells)
    assert blank not in placed
    assert list(placed.values()) == cells


def test_a_row_of_only_an_activity_keeps_it_as_the_activity():
    assert placed_in_order(ROLES, ["Mentoring"]) == {"activity": "Mentoring"}


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["2", "Awards", "Staff awards", "Jul 2025"], ["", "2", "Awards", "Staff awards", "Jul 2025"]),  # merged pillar
        (["Recognition", "8", "Awards", "Staff awards"], ["Recognition", "8", "Awards", "Staff awards", ""]),  # blank timescale
        (["9", "Awards", "Staff awards"], ["", "9", "Awards", "Staff awards", ""]),  # both
    ],
)
def test_a_delimited_row_that_lost_its_edge_tabs(cells, expected):
    roles = {0: "pillar", 1: "number", 2: "activity", 3: "description", 4: "timescale"}
    assert placed_contiguously(cells, 5, roles) == expected
