"""Draft benchmark on the shared corpus: for every question of every stage, with the
acceptance notes written for it (tests/assistant/draft/notes), the time of

- peers: peers' whole answers, the checker's verdict on each, and their sentences scored
  against the question's elements (cold: nothing cached for the question);
- first draft: a new session's first draft, peers cold (what a user waits for first);
- draft: a new session's first draft once the question's peers are cached;
- turns: adding a note, setting a length, asking how others wrote an element;

against two baselines measured in the same run: the checker alone on the same notes
(the floor every draft pays) and one hybrid retrieval of the question (an ask's search,
the app's reference for "interactive"). Target: each within 1 s. Also one cold
``tca draft`` process and the placement accuracy on the acceptance notes.

    python -m bench.draft_bench [--data-dir DIR] [--corpus DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

from bench.ask_bench import child_environment, percentile, prepare_shared, tca_command

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "pdf"
NOTES = REPO / "tests" / "assistant" / "draft" / "notes"
TARGET_MS = 1000.0
TURNS = ("also: technicians from every site now meet at an open forum each term", "60 words", "how did others evidence this?")


def note_sets() -> list[dict]:
    return [q for path in sorted(NOTES.glob("*.toml")) for q in tomllib.loads(path.read_text(encoding="utf-8"))["questions"]]


def timed(call: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return (time.perf_counter() - start) * 1000, result


def measure(store, template) -> dict:
    from assistant.ask.retrieval import HybridRetriever
    from assistant.check.answer_text import judge_answer_text
    from assistant.draft import session as draft_session
    from assistant.draft.session import DraftSession

    retriever = HybridRetriever(store)
    retriever.retrieve("technician career development")  # warm-up: Chroma open, query encoder loaded
    store.embedder.embed(["warm-up"])
    times: dict[str, list[float]] = {k: [] for k in ("checker", "retrieval", "peers", "first_draft", "draft", *TURNS)}
    placed = [0, 0]
    for notes in note_sets():
        question = template.question(notes["id"])
        times["checker"].append(timed(lambda: judge_answer_text(question, notes["notes"], template))[0])  # noqa: B023
        times["retrieval"].append(timed(lambda: retriever.retrieve(question.asks))[0])  # noqa: B023
        forget_peers(draft_session)
        times["first_draft"].append(timed(lambda: DraftSession(question, store).start(notes["notes"]))[0])  # noqa: B023
        forget_peers(draft_session)
        times["peers"].append(timed(DraftSession(question, store).peers)[0])
        session = DraftSession(question, store)
        elapsed, draft = timed(lambda: session.start(notes["notes"]))  # noqa: B023
        times["draft"].append(elapsed)
        labels = {text: set(serves.split()) for text, serves in notes["statements"]}
        for s in draft.statements:
            key = "general" if s.element == question.id else s.slot.removeprefix(question.id + ".")
            placed[0] += key in labels.get(s.text, ()) or key.split("#")[0] in labels.get(s.text, ())
            placed[1] += 1
        for turn in TURNS:
            times[turn].append(timed(lambda: session.refine(turn))[0])  # noqa: B023
    figures = {"questions": len(note_sets()), "placement_accuracy": round(placed[0] / placed[1], 3), "statements": placed[1]}
    for name, values in times.items():
        figures[name] = {"p50_ms": round(percentile(values, 50), 1), "p95_ms": round(percentile(values, 95), 1),
                         "max_ms": round(max(values), 1)}
    return figures


def forget_peers(draft_session) -> None:
    """Nothing cached for any question: neither peers nor any sentence's embedding; the
    worked examples' vectors are read again from their disk cache, as a new process does."""
    from assistant.draft import examples
    from assistant.draft.vectors import VectorCache

    draft_session._PEERS.clear()
    examples._LOADED.clear()
    for vectors in VectorCache._shared.values():
        vectors.clear()


def cold_cli_s(store_dir: Path, settings) -> float:
    """Wall time of one ``tca draft`` process (model load, store open, peers, draft)."""
    notes = next(n for n in note_sets() if n["id"] == "renewal.q2")
    path = store_dir.parent / "draft-bench-notes.txt"
    path.write_text(notes["notes"], encoding="utf-8")
    command = [*tca_command(), "draft", "--question", "renewal.q2", "--notes", str(path), "--data-dir", str(store_dir), "--json"]
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True, env=child_environment(settings))
    return round(time.perf_counter() - start, 2)


def run(data_dir: Path, corpus: Path) -> dict:
    from assistant.services import open_store
    from assistant.settings import load_settings
    from domain import load_template

    settings = load_settings().with_data_dir(data_dir)
    store_dir = prepare_shared(data_dir, corpus, settings)
    store = open_store(settings.with_data_dir(store_dir))
    figures = measure(store, load_template())
    figures["chunks"] = store.catalog.count_chunks()
    figures["embedding_model"] = store.embedder.model_id
    figures["cli_draft_cold_s"] = cold_cli_s(store_dir, settings)
    return figures


def render(figures: dict) -> str:
    rows = ["checker", "retrieval", "peers", "first_draft", "draft", *TURNS]
    labels = {"checker": "baseline: checker on the notes", "retrieval": "baseline: one hybrid retrieval",
              "peers": "peer answers (nothing cached)", "first_draft": "first draft (nothing cached)",
              "draft": "draft (question's peers cached)", TURNS[0]: "turn: add a note", TURNS[1]: "turn: set a length",
              TURNS[2]: "turn: how did others evidence this?"}
    lines = [f"{figures['questions']} questions, {figures['chunks']} chunks, {figures['embedding_model']}",
             f"{'measure':<40} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  target"]
    for row in rows:
        value = figures[row]
        label = labels.get(row, f"turn: {row}")
        target = "" if row in ("checker", "retrieval") else ("ok" if value["max_ms"] < TARGET_MS else "OVER 1 s")
        lines.append(f"{label:<40} {value['p50_ms']:>8} {value['p95_ms']:>8} {value['max_ms']:>8}  {target}")
    lines.append(f"cold `tca draft` process: {figures['cli_draft_cold_s']} s")
    lines.append(f"placement on the acceptance notes: {figures['placement_accuracy']:.1%} of {figures['statements']} statements")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/tca-draft-bench"), help="where the corpus store is kept")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = run(args.data_dir, args.corpus)
    print(json.dumps(figures, indent=2) if args.json else render(figures))


if __name__ == "__main__":
    main()
