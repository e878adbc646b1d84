"""Prompt templates as files, loaded by name and validated: a missing variable or an
unknown one is an error naming it, not a silently broken prompt."""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PROMPT_DIR = Path(__file__).resolve().parent


class PromptError(Exception):
    pass


@dataclass(frozen=True)
class Prompt:
    name: str
    template: str

    @property
    def variables(self) -> frozenset[str]:
        return frozenset(f for _, f, _, _ in string.Formatter().parse(self.template) if f)

    def render(self, **values: str) -> str:
        missing = self.variables - values.keys()
        unknown = values.keys() - self.variables
        if missing or unknown:
            raise PromptError(
                f"prompt '{self.name}': missing {sorted(missing) or 'none'}, unknown {sorted(unknown) or 'none'}"
            )
        return self.template.format(**values)


@cache
def load_prompt(name: str) -> Prompt:
    path = PROMPT_DIR / f"{name}.md"
    if not path.is_file():
        available = ", ".join(sorted(p.stem for p in PROMPT_DIR.glob("*.md")))
        raise PromptError(f"no prompt named '{name}' (available: {available})")
    return Prompt(name, path.read_text(encoding="utf-8"))
