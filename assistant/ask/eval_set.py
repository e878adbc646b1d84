"""The labelled question sets both evaluations read (JSONL in the format of
../shared/eval/retrieval_dev.jsonl) and what a retrieval system returns for scoring; the
hybrid system and the baselines (naive_baseline.py) all answer with these types."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

K = 10
METRICS = ("institution_recall_at_10", "evidence_hit_at_10", "mrr", "none_correct", "false_none")


@dataclass(frozen=True)
class Relevant:
    institution: str
    source: str
    evidence: str


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    question: str
    relevant: tuple[Relevant, ...]
    kind: str = ""
    pillar: str | None = None


@dataclass(frozen=True)
class RetrievedChunk:
    """What a retrieval system returned: enough to score it."""

    institution: str | None
    file_stem: str
    text: str


@dataclass
class Retrieval:
    chunks: list[RetrievedChunk]
    found: bool


System = Callable[[str], Retrieval]


def load_questions(path: Path) -> list[EvalQuestion]:
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            relevant = tuple(Relevant(r["institution"], r.get("source", ""), r.get("evidence", "")) for r in data["relevant"])
            questions.append(EvalQuestion(data["id"], data["question"], relevant, data.get("kind", ""), data.get("pillar")))
        except (KeyError, json.JSONDecodeError) as exc:
            raise ValueError(f"{path.name}: line {number}: not a question record ({exc})") from exc
    return questions


def normalise_name(name: str | None) -> str:
    text = re.sub(r"[^a-z0-9 ]+", " ", (name or "").lower().replace("’", "'").replace("'", ""))
    text = " ".join(text.split())
    return text[4:] if text.startswith("the ") else text


_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


def normalise_text(text: str) -> str:
    text = text.translate(_QUOTES)
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)  # hyphenation at line ends
    return " ".join(text.lower().split())
