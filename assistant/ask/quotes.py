"""Which of an institution's statements an answer quotes, and how they read: two of one
passage that overlap ("A. B." and "B. C.") are shown once as "A. B. C.", and a statement
saying nothing new beside another is not chosen (evidence.EvidenceSelector scores them)."""

from __future__ import annotations

import numpy as np

from assistant.answer import Source
from ingest.chunk import split_sentences

REDUNDANT = 0.85  # a second statement this close to the first adds nothing
Scored = tuple[Source, str, float, np.ndarray]  # a statement's passage, text, score and centred vector


def answerer(source: Source) -> str:
    """Whom a statement answers for: its institution, else its document."""
    return source.institution or source.doc_id


def joined_overlaps(chosen: list[Scored]) -> list[Scored]:
    """Two chosen statements of one passage that overlap, one carried with the sentence
    the other ends on ("A. B." and "B. C."), read as one quote ("A. B. C.") in the
    place of the first: the reader sees the passage once, not a sentence twice."""
    joined: list[Scored] = []
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


def quoted_of_one(group: list[Scored], bar: float, most: int) -> list[Scored]:
    """What an answer quotes of one institution (``group``: its statements, best first): the
    best, and up to ``most`` in all of the others clearing ``bar`` that say more; one going
    on from a chosen one takes its place (stop 51); overlapping ones are read as one."""
    chosen = [group[0]]
    for item in group[1:]:
        if len(chosen) == most or item[2] < bar:
            break
        if (held := next((i for i, other in enumerate(chosen) if goes_on_from(item, other)), None)) is not None:
            chosen[held] = (item[0], item[1], chosen[held][2], item[3])
        elif all(not repeats(item, other) for other in chosen):
            chosen.append(item)
    return joined_overlaps(chosen)


def goes_on_from(item: Scored, other: Scored) -> bool:
    """``item`` quotes ``other`` of the same passage whole and says more after it ("A. B."
    beside "A.": B leans on A and is carried with it)."""
    return item[0].chunk_id == other[0].chunk_id and item[1].startswith(other[1]) and len(item[1]) > len(other[1])


def repeats(item: Scored, other: Scored) -> bool:
    """Says nothing new beside ``other``: near the same meaning, or one quotes the other
    (a statement carried with its previous sentence contains that sentence)."""
    return float(item[3] @ other[3]) >= REDUNDANT or item[1] in other[1] or other[1] in item[1]
