"""What the evidence selection (evidence.py) returns: the statements that answer a
question, those shown apart, and why nothing was found. The composers and the ask service
read it; nothing here scores."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.answer import Source
from assistant.ask.bars import MAX_RELATED
from domain.taxonomy import InterventionTheme


@dataclass(frozen=True)
class Statement:
    """A sentence (or table row) of a retrieved passage, with how well it answers."""

    source: Source
    text: str
    score: float
    theme: InterventionTheme | None = None
    gives_asked: bool = False  # gives the one kind of item the question asks for (answer_kinds)
    closest: bool = False  # below the answer bar: the closest of an institution the question names

    @property
    def who(self) -> str:
        return self.source.institution or self.source.document


@dataclass
class Evidence:
    found: bool
    topic: str  # what was looked for, in the question's words
    statements: list[Statement] = field(default_factory=list)  # answering, best institution first
    related: list[Statement] = field(default_factory=list)  # below the bar, shown apart
    weak: bool = False  # about the topic, but no statement clears the bar: the closest are shown
    missing: str = ""  # what the question asks for that no statement about its topic gives
    place: str = ""  # the place or grouping the question was asked of ("Scotland"), if any
    nobody_there: bool = False  # no institution of the corpus is in that place
    unheld: tuple[str, ...] = ()  # institutions asked of that the store holds nothing of (names.unheld_institutions)
    other_kinds: bool = False  # nothing from the kind asked of; ``related`` is what other kinds of institution say
    unnamed: tuple[str, ...] = ()  # names the question writes that no passage mentions, as written ("Skills Bootcamps")

    @property
    def sources(self) -> list[Source]:
        """The passages the answering statements come from, in order of first use."""
        seen: dict[str, Source] = {}
        for statement in self.statements:
            seen.setdefault(statement.source.chunk_id, statement.source)
        return list(seen.values())


def best_of_each(statements: list[Statement]) -> list[Statement]:
    """What is shown apart: each institution's first (best) statement, the first few."""
    first_of_each: dict[str, Statement] = {}
    for statement in statements:
        first_of_each.setdefault(statement.who, statement)
    return list(first_of_each.values())[:MAX_RELATED]
