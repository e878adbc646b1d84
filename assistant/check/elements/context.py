"""What an element detector sees: the reading, the question and its resolved answer,
plus readings several detectors share (the action plan, the RAG review), computed once."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from assistant.check.answers import Answer
from assistant.check.finding import Finding
from assistant.check.segments import Reading
from domain import ElementCheck, Question, fold
from ingest.models import Section

Detector = Callable[["QuestionContext", ElementCheck], Finding]


@dataclass
class QuestionContext:
    reading: Reading
    question: Question
    answer: Answer
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def memo(self, key: str, compute: Callable[[QuestionContext], Any]) -> Any:
        """A shared reading (e.g. the plan's actions), computed on first use."""
        if key not in self._memo:
            self._memo[key] = compute(self)
        return self._memo[key]

    def sections(self) -> list[Section]:
        """The answer's sections: its own block, then any in-file appendix it names."""
        block = self.reading.block(self.question)
        own = list(block.sections) if block else []
        return own + [appendix.section for appendix in self.answer.appendices]


def mentions(text: str, cue: str) -> bool:
    """``cue`` as a word of ``text`` (both folded), inflections allowed: "fund" finds
    "funds", "funded", "funding" but not "refund". Cues of symbols ("%") match anywhere."""
    return _in_folded(fold(text), cue)


def mentioned(text: str, cues: tuple[str, ...] | list[str]) -> list[str]:
    """The cues ``text`` mentions, in the given order (the text is folded once)."""
    folded = fold(text)
    return [cue for cue in cues if _in_folded(folded, cue)]


def _in_folded(folded_text: str, cue: str) -> bool:
    pattern = _cue_pattern(cue)
    return pattern in folded_text if isinstance(pattern, str) else pattern.search(folded_text) is not None


@lru_cache(maxsize=8192)
def _cue_pattern(cue: str) -> re.Pattern | str:
    folded_cue = fold(cue)
    if not folded_cue[:1].isalnum():
        return folded_cue
    return re.compile(rf"(?<![\w]){re.escape(folded_cue)}(?:s|es|d|ed|ing)?(?![\w])")
