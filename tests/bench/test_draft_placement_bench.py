"""The placement bench's source for the plan's other elements: the stored plans' own cells,
as written, when they say something (three words or more), read apart from "all"."""

from __future__ import annotations

from types import SimpleNamespace

from bench.draft_placement import Labelled, accuracy, plan_elements
from domain import load_template

TEMPLATE = load_template()


class _Store:
    """Two stored plan rows, as the catalog returns them."""

    def __init__(self):
        row = {"doc_id": "p", "activity": "Glass studio", "description": "Open it to visitors."}
        self.catalog = SimpleNamespace(actions=lambda: [
            row | {"pillar": "visibility", "owner": "Studio Manager", "success_measure": "300 visitors a year",
                   "timescale": "Mar 2026 - Feb 2027"},
            row | {"pillar": "evaluating_impact", "owner": "Head of Technical Services", "success_measure": "",
                   "timescale": "2026", "activity": "Pulse survey", "description": "Ask every technician twice a year."},
        ])

    def document(self, doc_id):
        return SimpleNamespace(stage="renewal")


def test_the_plans_own_cells_of_three_words_or_more_label_the_plans_other_elements():
    items = {(item.text, item.element_id) for item in plan_elements(_Store(), TEMPLATE)}
    assert items == {
        ("300 visitors a year", "renewal.q6.impact_measure"),
        ("Mar 2026 - Feb 2027", "renewal.q6.timescale"),
        ("Head of Technical Services", "renewal.q6.owner_resource"),
        ("Pulse survey Ask every technician twice a year.", "renewal.q6.impact_measure"),  # Evaluating Impact
    }  # "Studio Manager" is a name and "2026" a date: too short to be statements


def test_the_plan_cells_are_read_apart_from_all():
    items = [Labelled("plan actions", "renewal.q6", "Pay registration fees", "renewal.q6.pillar.recognition"),
             Labelled("plan timescales", "renewal.q6", "Open to all", "renewal.q6.timescale")]
    shares = accuracy(items, None, 1.0, TEMPLATE)
    assert shares["all"] == shares["plan actions"] == 1.0 and shares["plan elements"] == 0.0
