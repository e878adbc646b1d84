"""Domain contract of the Technician Commitment assistant: stages, questions, checks,
pillars and TALENT recommendations, read from ``domain/data/*.toml`` (stdlib only).

See ``domain.template`` for the entry points and shared/design/template-spec.md for the spec.
"""

from domain.template import *  # noqa: F401,F403
from domain.template import __all__  # noqa: F401
from domain.text import contains_phrase, fold  # noqa: F401

__all__ = [*__all__, "contains_phrase", "fold"]
