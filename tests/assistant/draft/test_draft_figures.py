"""The amounts a statement reports, by the kinds the template asks elements for."""

from __future__ import annotations

import pytest

from assistant.draft.figures import KINDS, figure_kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("The Institute gives the group £20,000 a year", {"money", "figure"}),
        ("Members have 5% of their working time for the group", {"staff time", "figure"}),
        ("The lead has a fifth of her time set aside for it", {"staff time", "figure"}),
        ("A coordinator is seconded for 0.4 FTE", {"staff time", "figure"}),
        ("Members have 20 hours a year recognised in their workload", {"staff time", "figure"}),
        ("Registered technicians rose from 5 to 31", {"change", "figure"}),
        ("We employ 310 technicians", {"figure"}),
        ("In 2022 we created new posts at grade 7", set()),  # a year and a label are not amounts
        ("The group meets every two months", set()),
    ],
)
def test_the_kinds_of_amount_a_statement_reports(text, kinds):
    assert figure_kinds(text) == kinds
    assert kinds <= set(KINDS)
