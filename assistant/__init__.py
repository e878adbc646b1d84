"""The jobs (ask, check, summarise, plan, draft), their wiring and the Python API.

``from assistant import Assistant`` loads the API on first use, so that importing the
package (as every CLI command does) stays cheap."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.api import Assistant

__all__ = ["Assistant"]


def __getattr__(name: str):
    if name == "Assistant":
        from assistant.api import Assistant

        return Assistant
    raise AttributeError(f"module 'assistant' has no attribute {name!r}")
