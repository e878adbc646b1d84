"""Summarise: one submission read back as typed data (who and when, key figures, pillars,
RAG, the plan, strengths and gaps), with optional LLM prose, and as one page of Markdown."""

from assistant.summarise.markdown import render_summary_markdown
from assistant.summarise.model import DocumentNotFoundError, NotASubmissionError, Summary
from assistant.summarise.summary import summarise_document, summarise_file, summarise_reading

__all__ = [
    "DocumentNotFoundError",
    "NotASubmissionError",
    "Summary",
    "render_summary_markdown",
    "summarise_document",
    "summarise_file",
    "summarise_reading",
]
