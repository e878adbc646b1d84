"""Placement tuning set: statements labelled by the corpora themselves, never by the
draft tests' notes. It chose the draft's placement rule (``assistant/draft/placement.py``)
and prints how each variant does.

Three sources, all read from a store holding the demo corpus and ../shared/corpus/pdf:
- every action of every stored plan whose table gives it a pillar: the action (activity and
  description) should land on that pillar's element of the plan question of its stage;
- sentences of stage-two progress reported under a pillar sub-heading: that pillar's
  element of ``stage_two.q2``;
- sentences of the demo corpus's governance answers (``renewal.q2``, ``stage_two.q1``)
  under their bold lead-ins ("**Reporting lines.**"): the element the lead-in names;
- the demo corpus's RAG reviews (``renewal.q3``, ``stage_two.q3``): each row of the RAG
  table ("Green: Launch a technician newsletter. Bench Notes launched ...") is a status,
  each bullet under "Explanation of red items" a red explanation.

Beside them, not in "all" (printed as "plan elements", and per column): what the stored
plans themselves file under the plan's other elements (template spec 9.1), so that a rule
for statements about an action's owner, measure or timescale, or about the plan as a whole,
can be chosen at all: the four sources above hold none. Each cell is taken as the plan wrote
it, never reworded into a sentence a lead might write: the owner column ("plan owners",
``owner_resource``), the success-measure column ("plan measures", ``impact_measure``) and
the timescale column ("plan timescales", ``timescale``), a cell only when it has three words
or more with a letter or digit ("Institutional Lead", "2025-2028" are a name or a date, not
a statement); and every action a plan files under Evaluating Impact (activity and
description, "Survey and reporting Use the 2026 research culture survey ..."), which the
spec counts toward no pillar and which says how the plan's success will be evidenced
("plan measures"). Owner and measure cells come from the demo corpus's three plans (the
stored plan of ../shared/corpus/pdf has neither column; its timescales count). A cell is
written in a table's shorthand, not as a lead's notes ("Research Culture Manager", "250
visitors a year; at least three partner organisations", "Sep 2025 - Aug 2028"), and an
owner cell is a role's or a body's name, which no rule of meaning can be expected to place;
so the source is read beside "all" and the notes, not joined to them (it would also be 174
items against 224).

A check beside it, not in its "all": every sentence (six words or more, as peers' sentences
are scored) of the stored case studies filed under one pillar (../shared/corpus's case-study
collections) should land on that pillar's element of ``stage_two.q2``. Most sentences of a
case study are about the people and the money, not the pillar, so the share is low; it is
read for which variant does better, with either model.

    python -m bench.draft_placement [--data-dir DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED_PDF = REPO.parent / "shared" / "corpus" / "pdf"
DEMO = REPO / "demo_corpus"
# The demo corpus's lead-ins, read by a person: lead-in words -> element suffix.
LEAD_INS = {"governance": "governance", "reporting": "reporting", "resources": "resources",
            "engagement": "engagement", "evolved": "development"}
GOVERNANCE_ANSWERS = {"ashdown-renewal-2025.md": "renewal.q2", "kestrel-bay-stage-two-2023.md": "stage_two.q1"}
RAG_ANSWERS = {"ashdown-renewal-2025.md": "renewal.q3", "kestrel-bay-stage-two-2023.md": "stage_two.q3"}
RAG_STATUSES = ("Green", "Amber", "Red")
WEIGHTS = (0.0, 0.05, 0.1, 0.15, 0.2)
GENERIC_WEIGHTS = (0.0, 0.15, 0.25, 0.35, 0.45, 0.5, 0.6)
PREDICATE_WEIGHTS = (0.0, 0.3, 0.5, 0.7, 1.0)
CHECK_WEIGHTS = ((0.25, 0.0), (0.25, 0.3), (0.25, 0.5), (0.25, 0.7), (0.25, 1.0), (0.15, 0.5), (0.35, 0.5), (0.45, 0.5))


@dataclass(frozen=True)
class Labelled:
    source: str
    question_id: str
    text: str
    element_id: str


def _action_text(row) -> str:
    """A plan row's action as one text: its activity and description."""
    return " ".join(part for part in (row["activity"], row["description"]) if part).strip()


def plan_actions(store, template) -> list[Labelled]:
    items = []
    for row in store.catalog.actions():
        document = store.document(row["doc_id"])
        if row["pillar"] not in template.pillar_ids or not document or not document.stage:
            continue
        question = template.stage(document.stage).action_plan_question
        text = _action_text(row)
        if len(text.split()) >= 3:
            items.append(Labelled("plan actions", question.id, text, f"{question.id}.pillar.{row['pillar']}"))
    return items


PLAN_COLUMNS = (("owner", "plan owners", "owner_resource"), ("success_measure", "plan measures", "impact_measure"),
                ("timescale", "plan timescales", "timescale"))
APART = tuple(source for _, source, _ in PLAN_COLUMNS)  # read beside "all", not in it
_WORD = re.compile(r"\w")


def plan_elements(store, template) -> list[Labelled]:
    """The stored plans' own cells for an action's owner, success measure and timescale
    (three words or more), and their Evaluating Impact actions: the plan's other elements,
    labelled by the plan's columns (module docstring)."""
    items = []
    for row in store.catalog.actions():
        document = store.document(row["doc_id"])
        if not document or not document.stage:
            continue
        question = template.stage(document.stage).action_plan_question
        for column, source, suffix in PLAN_COLUMNS:
            cell = (row[column] or "").strip()
            if sum(1 for word in cell.split() if _WORD.search(word)) >= 3:
                items.append(Labelled(source, question.id, cell, f"{question.id}.{suffix}"))
        if row["pillar"] == "evaluating_impact":
            text = _action_text(row)
            items.append(Labelled("plan measures", question.id, text, f"{question.id}.impact_measure"))
    return items


def progress_sentences(store, template) -> list[Labelled]:
    from ingest.chunk import split_sentences

    items = []
    for document in store.documents():
        for chunk in store.catalog.chunks_of(document.doc_id):
            if chunk.question_id == "stage_two.q1" and chunk.section_kind == "pillar" and chunk.pillar_list:
                pillar = chunk.pillar_list[0]
                for line in chunk.text.split("\n"):
                    for sentence in split_sentences(line.lstrip("-•* ")):
                        if len(sentence.split()) >= 5:
                            items.append(Labelled("progress per pillar", "stage_two.q2", sentence, f"stage_two.q2.pillar.{pillar}"))
    return items


def governance_sentences() -> list[Labelled]:
    from ingest.chunk import split_sentences

    items = []
    for name, question_id in GOVERNANCE_ANSWERS.items():
        for line in (DEMO / name).read_text(encoding="utf-8").splitlines():
            match = re.match(r"\*\*([^*]+)\*\*\s*(.*)", line)
            suffix = match and next((s for word, s in LEAD_INS.items() if word in match.group(1).lower()), None)
            if not suffix:
                continue
            for sentence in split_sentences(match.group(2)):
                items.append(Labelled("governance lead-ins", question_id, sentence, f"{question_id}.{suffix}"))
    return items


def case_study_sentences(store) -> list[Labelled]:
    from ingest.chunk import split_sentences

    items = []
    for document in store.documents():
        for chunk in store.catalog.chunks_of(document.doc_id):
            if chunk.section_kind == "case_study" and len(chunk.pillar_list) == 1:
                element = f"stage_two.q2.pillar.{chunk.pillar_list[0]}"
                for line in chunk.text.split("\n"):
                    items += [Labelled("case studies", "stage_two.q2", s, element) for s in split_sentences(line) if len(s.split()) >= 6]
    return items


def rag_items() -> list[Labelled]:
    items = []
    for name, question_id in RAG_ANSWERS.items():
        section = (DEMO / name).read_text(encoding="utf-8").split("\n## ")
        answer = next(part for part in section if "RAG" in part.split("\n", 1)[0])
        explaining = False
        for line in answer.splitlines():
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")] if line.startswith("|") else []
            if len(cells) == 4 and cells[2] in RAG_STATUSES:
                progress = "" if "explanation below" in cells[3].lower() else f" {cells[3].replace('*', '')}"
                items.append(Labelled("RAG reviews", question_id, f"{cells[2]}: {cells[1]}.{progress}", f"{question_id}.status"))
            explaining = explaining or "explanation of red items" in line.lower()
            bullet = re.match(r"-\s+\*\*[^*]+\*\*\s*(.+)", line)
            if explaining and bullet:
                items.append(Labelled("RAG reviews", question_id, bullet.group(1), f"{question_id}.red_explanations"))
    return items


def accuracy(
    items: list[Labelled], embedder, weight: float, template, generic: float | None = None, predicate: float | None = None,
) -> dict[str, float]:
    from assistant.draft.placement import GENERIC_WEIGHT, PREDICATE_WEIGHT, Placer
    from assistant.draft.questions import draft_slots
    from assistant.draft.vectors import VectorCache

    by_question: dict[tuple[str, str], list[Labelled]] = defaultdict(list)
    for item in items:  # each source placed on its own (a cell is never read with another source's item)
        by_question[(item.source, item.question_id)].append(item)
    right: dict[str, list[bool]] = defaultdict(list)
    for (_, question_id), group in by_question.items():
        placer = Placer(draft_slots(template.question(question_id), template), VectorCache(embedder), weight,
                        GENERIC_WEIGHT if generic is None else generic, template,
                        PREDICATE_WEIGHT if predicate is None else predicate)
        for item, placed in zip(group, placer.place([i.text for i in group]), strict=True):
            right[item.source].append(placed.slot.element_id == item.element_id)
    return {source: sum(hits) / len(hits) for source, hits in right.items()} | {
        "all": _share(right, apart=False), "plan elements": _share(right, apart=True)
    }


def _share(right: dict[str, list[bool]], apart: bool) -> float:
    """Share placed right over the sources in "all" (``apart`` False) or read beside it."""
    hits = [hit for source, placed in right.items() if (source in APART) == apart for hit in placed]
    return sum(hits) / max(1, len(hits))


def build_store(data_dir: Path):
    from assistant.library import ingest_paths
    from vectorstore.embedder import make_embedder
    from vectorstore.store import CorpusStore, StoreLocation

    store = CorpusStore(StoreLocation(data_dir), make_embedder("minilm-onnx-int8"))
    paths = [DEMO] + ([SHARED_PDF] if SHARED_PDF.is_dir() else [])
    ingest_paths(store, paths)
    return store


def run(data_dir: Path | None) -> dict:
    from domain import load_template

    template = load_template()
    store = build_store(data_dir or Path(tempfile.mkdtemp(prefix="tca-draft-tune-")))
    items = plan_actions(store, template) + progress_sentences(store, template) + governance_sentences() + rag_items()
    items += plan_elements(store, template)
    counts = defaultdict(int)
    for item in items:
        counts[item.source] += 1
    results = {"items": dict(counts), "by_weight": {}}
    for weight in WEIGHTS:
        results["by_weight"][weight] = accuracy(items, store.embedder, weight, template)
    from assistant.draft.placement import VOCABULARY_WEIGHT

    results["by_generic_weight"] = {g: accuracy(items, store.embedder, VOCABULARY_WEIGHT, template, g) for g in GENERIC_WEIGHTS}
    results["by_predicate_weight"] = {p: accuracy(items, store.embedder, VOCABULARY_WEIGHT, template, predicate=p) for p in PREDICATE_WEIGHTS}
    results["vocabulary_only"] = accuracy(items, None, 1.0, template)
    check = case_study_sentences(store)
    results["case_study_check"] = {"items": len(check)} | {
        f"generic {g}, predicate {p}": accuracy(check, store.embedder, VOCABULARY_WEIGHT, template, g, p)["all"]
        for g, p in CHECK_WEIGHTS
    }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None, help="a store to fill (default: a temporary one)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = run(args.data_dir)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print("tuning items:", ", ".join(f"{k} {v}" for k, v in results["items"].items()))
    sources = list(results["items"]) + ["all", "plan elements"]
    print(f"{'vocabulary weight':>18} " + " ".join(f"{s:>20}" for s in sources))
    for weight, row in results["by_weight"].items():
        print(f"{weight:>18} " + " ".join(f"{row.get(s, float('nan')):>20.3f}" for s in sources))
    print(f"{'generic weight':>18} (vocabulary weight as placed)")
    for weight, row in results["by_generic_weight"].items():
        print(f"{weight:>18} " + " ".join(f"{row.get(s, float('nan')):>20.3f}" for s in sources))
    print(f"{'predicate weight':>18} (the other weights as placed)")
    for weight, row in results["by_predicate_weight"].items():
        print(f"{weight:>18} " + " ".join(f"{row.get(s, float('nan')):>20.3f}" for s in sources))
    row = results["vocabulary_only"]
    print(f"{'vocabulary only':>18} " + " ".join(f"{row.get(s, float('nan')):>20.3f}" for s in sources))
    check = dict(results["case_study_check"])
    print(f"check: {check.pop('items')} case-study sentences under one pillar (stage_two.q2)")
    for variant, share in check.items():
        print(f"{variant:>32} {share:.3f}")


if __name__ == "__main__":
    main()
