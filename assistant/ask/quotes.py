"""How an institution's chosen statements read as quotes: two of one passage that overlap
("A. B." and "B. C.") are shown once as "A. B. C.", and a statement saying nothing new
beside another is not chosen (evidence.EvidenceSelector picks them)."""

from __future__ import annotations

import numpy as np

from assistant.answer import Source
from ingest.chunk import split_sentences

REDUNDANT = 0.85  # a second statement this close to the first adds nothing


def joined_overlaps(chosen: list[tuple[Source, str, float, np.ndarray]]) -> list[tuple[Source, str, float, np.ndarray]]:
    """Two chosen statements of one passage that overlap, one carried with the sentence
    the other ends on ("A. B." and "B. C."), read as one quote ("A. B. C.") in the
    place of the first: the reader sees the passage once, not a sentence twice."""
    joined: list[tuple[Source, str, float, np.ndarray]] = []
    for item in chosen:
        for index, other in enumerate(joined):
            if other[0].chunk_id != item[0].chunk_id:
                continue
            if text := _overlap_join(other[1], item[1]) or _overlap_join(item[1], other[1]):
                joined[index] = (other[0], text, max(other[2], item[2]), other[3])
                break
        else:
            joined.append(item)
    return joined


def _overlap_join(first: str, second: str) -> str | None:
    """``first`` then the rest of ``second`` when ``second`` opens with the sentences
    ``first`` ends on; None otherwise."""
    a, b = split_sentences(first), split_sentences(second)
    for k in range(min(len(a), len(b)) - 1, 0, -1):
        if a[-k:] == b[:k] and len(b) > k:
            return f"{first} {' '.join(b[k:])}"
    return None


def repeats(item: tuple[Source, str, float, np.ndarray], other: tuple[Source, str, float, np.ndarray]) -> bool:
    """Says nothing new beside ``other``: near the same meaning, or one quotes the other
    (a statement carried with its previous sentence contains that sentence)."""
    return float(item[3] @ other[3]) >= REDUNDANT or item[1] in other[1] or other[1] in item[1]
