"""The found decision ("nothing found" exactly when the corpus does not answer) and the
answer metrics on the dev sets, on the dev questions reworded by us (same labels), on
our own held-out sets and on the blind sets of stops 23 to 27 (bench/data/README.md), per
corpus.

    PYTHONPATH=. python -m bench.abstention --shared DIR --external DIR [--json]

DIR: a store already holding that corpus (a copy: nothing is ingested here). Prints
abstention_acc, false_none, false_answer and the answer metrics per set, and the
questions answered or not found wrongly. The reworded questions borrow their evidence
phrases from the dev question they reword ("dev-08-p" from "dev-08"), read from
../shared at run time (third-party words are never stored here), so quote_ev is
measured on them too.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

from assistant.ask.answer_eval import ask_system, evaluate_answers
from assistant.ask.eval_set import EvalQuestion, load_questions
from assistant.ask.evaluation import single_institution_documents
from assistant.services import build_ask_service
from cli.common import settings_for

HERE = Path(__file__).resolve().parent / "data"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "eval"  # ../shared beside the checkout
SETS = {
    "shared": (
        (SHARED / "retrieval_dev.jsonl", "dev"), (HERE / "paraphrase_dev_shared.jsonl", "reworded"),
        (HERE / "abstention_own_shared.jsonl", "own"), (HERE / "blind23_shared.jsonl", "blind"),
        (HERE / "blind24_shared.jsonl", "blind24"), (HERE / "blind25_shared.jsonl", "blind25"),
        (HERE / "blind26_shared.jsonl", "blind26"), (HERE / "blind27_shared.jsonl", "blind27"),
        (HERE / "blind28_shared.jsonl", "blind28"), (HERE / "blind29_shared.jsonl", "blind29"),
        (HERE / "blind30_shared.jsonl", "blind30"), (HERE / "blind31_shared.jsonl", "blind31"),
        (HERE / "blind32_shared.jsonl", "blind32"), (HERE / "blind33_shared.jsonl", "blind33"),
        (HERE / "blind34_shared.jsonl", "blind34"),
    ),
    "external": (
        (SHARED / "external" / "questions.jsonl", "dev"), (HERE / "paraphrase_dev_external.jsonl", "reworded"),
        (HERE / "abstention_own_external.jsonl", "own"), (HERE / "blind23_external.jsonl", "blind"),
        (HERE / "blind24_external.jsonl", "blind24"), (HERE / "blind25_external.jsonl", "blind25"),
        (HERE / "blind26_external.jsonl", "blind26"), (HERE / "blind27_external.jsonl", "blind27"),
        (HERE / "blind28_external.jsonl", "blind28"), (HERE / "blind29_external.jsonl", "blind29"),
        (HERE / "blind30_external.jsonl", "blind30"), (HERE / "blind31_external.jsonl", "blind31"),
        (HERE / "blind32_external.jsonl", "blind32"), (HERE / "blind33_external.jsonl", "blind33"),
        (HERE / "blind34_external.jsonl", "blind34"),
    ),
}


def measure(corpus: str, data_dir: Path) -> dict:
    service = build_ask_service(settings_for(data_dir).model_copy(update={"llm": None}))
    single = single_institution_documents(service.store)
    out = {}
    dev = load_questions(SETS[corpus][0][0])
    for path, name in SETS[corpus]:
        questions = with_dev_evidence(load_questions(path), dev) if name == "reworded" else load_questions(path)
        summary, scores = evaluate_answers(ask_system(service), questions, single)
        summary["wrong"] = [f"{s.id} {'none' if s.expected_found else 'answered'}: {s.question}" for s in scores if s.found != s.expected_found]
        out[f"{name} {corpus}"] = summary
    return out


def with_dev_evidence(reworded: list[EvalQuestion], dev: list[EvalQuestion]) -> list[EvalQuestion]:
    """Each reworded question with the labels of the dev question it rewords (the same
    institutions, with the dev set's evidence phrases)."""
    by_id = {q.id: q for q in dev}
    return [replace(q, relevant=by_id[q.id.removesuffix("-p")].relevant) for q in reworded]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, required=True)
    parser.add_argument("--external", type=Path, required=True)
    parser.add_argument("--json", action="store_true")
    # off by default: a first run of a new blind set should show its figures, not its questions
    parser.add_argument("--wrong", action="store_true", help="also list each wrongly found or not found question")
    args = parser.parse_args()
    results = {**measure("shared", args.shared), **measure("external", args.external)}
    if args.json:
        print(json.dumps(results, indent=1))
        return
    keys = ("abstention_acc", "false_none", "false_answer", "inst_recall", "inst_prec", "quote_ev", "top3_prec")
    print(f"{'set':18}" + "".join(f"{k:>15}" for k in keys))
    for name, summary in results.items():
        print(f"{name:18}" + "".join(f"{summary[k]:>15}" for k in keys))
    for name, summary in results.items():
        for line in summary["wrong"] if args.wrong else ():
            print(f"  {name}: {line}")


if __name__ == "__main__":
    main()
