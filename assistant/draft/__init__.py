"""Draft one answer of the form from your notes.

    from assistant.draft import DraftSession
    session = DraftSession(template.question("renewal.q2"), store, data_dir=data_dir)
    draft = session.start(notes)                       # -> Draft: text, statements, elements,
    draft = session.refine("also: we launched a newsletter in 2024")   # peer_answers, exemplars
    draft = session.refine("how did others evidence this?")

Without a language model the draft is the user's own statements, each placed once under
the element it serves (by meaning), in the order the question asks for them, with a
placeholder for every missing element; with one (``chat_model``) the same turns rewrite
the prose, and every sentence is traced back to a note. Peers' whole answers to the same
question sit beside it, judged by the checker. Modules: ``statements`` (splitting notes),
``questions`` (slots from the template), ``placement`` (by meaning), ``compose`` (text,
placeholders, lengths), ``peers``, ``turns`` (what a turn asks), ``session`` and ``saved``
(turns, sessions under the data dir), ``llm`` (the model path), ``export`` (DOCX, Markdown).
"""

from __future__ import annotations

from assistant.draft.export import draft_markdown, write_draft_docx, write_draft_markdown
from assistant.draft.model import (
    LLM,
    NOTES,
    Draft,
    ElementDraft,
    Exemplar,
    PeerAnswer,
    Statement,
    Turn,
)
from assistant.draft.questions import DraftError, resolve_question
from assistant.draft.session import DraftSession, draft_section
from assistant.draft.statements import note_statements

__all__ = [
    "LLM",
    "NOTES",
    "Draft",
    "DraftError",
    "DraftSession",
    "ElementDraft",
    "Exemplar",
    "PeerAnswer",
    "Statement",
    "Turn",
    "draft_markdown",
    "draft_section",
    "note_statements",
    "resolve_question",
    "write_draft_docx",
    "write_draft_markdown",
]
