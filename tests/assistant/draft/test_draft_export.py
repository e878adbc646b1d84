"""A draft exported to paste into the form: the question's number and title as heading,
the draft, and an appendix of the peer passages it cites."""

from __future__ import annotations

from assistant.draft import DraftSession, draft_markdown, write_draft_docx, write_draft_markdown
from assistant.draft.model import Exemplar
from domain import load_template

TEMPLATE = load_template()


def exported_draft():
    """A plan drafted without an embedder (vocabulary and labels place it), one peer passage."""
    notes = "Visibility: a technician showcase every June from 2026\nRecognition: fund 20 registrations by 2027"
    draft = DraftSession(TEMPLATE.question("renewal.q6")).start(notes)
    draft.exemplars = [Exemplar(1, "Kestrel Bay University", "Stage Two 2023", 3, "We publish a newsletter.", 2023, "renewal.q6.pillar.visibility")]
    return draft


def test_markdown_has_the_heading_the_draft_and_the_cited_appendix(tmp_path):
    draft = exported_draft()
    markdown = write_draft_markdown(draft, tmp_path / "q6.md").read_text(encoding="utf-8")
    assert markdown == draft_markdown(draft)
    assert markdown.startswith("# Renewal question 6: New 36-month action plan\n")
    assert "### Visibility\n- Visibility: a technician showcase every June from 2026." in markdown
    assert "[Add: an action on succession" in markdown
    appendix = markdown.split("## Appendix: peer passages used")[1]
    assert "[1] Kestrel Bay University, Stage Two 2023 (2023), p. 3: “We publish a newsletter.”" in appendix


def test_docx_has_the_same_parts(tmp_path):
    from docx import Document

    document = Document(str(write_draft_docx(exported_draft(), tmp_path / "q6.docx")))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Heading 1", "Renewal question 6: New 36-month action plan")
    assert ("Heading 2", "Visibility") in paragraphs
    assert ("List Bullet", "Visibility: a technician showcase every June from 2026.") in paragraphs
    assert paragraphs[-1][1].startswith("[1] Kestrel Bay University")
