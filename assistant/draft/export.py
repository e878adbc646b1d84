"""The draft as a file to paste into the institution's form: the question's number and
title as heading, the draft, then an appendix of the peer passages it cites or shows,
with their citations. Markdown or Word."""

from __future__ import annotations

from pathlib import Path

from assistant.draft.model import Draft, Exemplar
from domain import load_template
from ingest.structure.lines import pillar_label

APPENDIX = "Appendix: peer passages used (other institutions' work, for reference only)"


def heading(draft: Draft) -> str:
    stage = load_template().stage(draft.stage).short_name
    return f"{stage} question {draft.number}: {draft.title}"


def citation(x: Exemplar) -> str:
    year = f" ({x.year})" if x.year else ""
    page = f", p. {x.page}" if x.page else ""
    return f"[{x.n}] {x.institution}, {x.document}{year}{page}: “{x.quote}”"


def draft_markdown(draft: Draft) -> str:
    lines = [f"# {heading(draft)}", ""]
    for line in draft.text.split("\n"):
        lines.append(f"### {line}" if pillar_label(line) else line)
    if draft.exemplars:
        lines += ["", "---", "", f"## {APPENDIX}", ""]
        lines += [f"{citation(x)}  " for x in draft.exemplars]
    return "\n".join(lines).rstrip() + "\n"


def write_draft_markdown(draft: Draft, path: Path) -> Path:
    path.write_text(draft_markdown(draft), encoding="utf-8")
    return path


def write_draft_docx(draft: Draft, path: Path) -> Path:
    from docx import Document

    document = Document()
    document.add_heading(heading(draft), level=1)
    for block in draft.text.split("\n\n"):
        for line in block.split("\n"):
            if pillar_label(line):
                document.add_heading(line, level=2)
            elif line.startswith("- "):
                document.add_paragraph(line[2:], style="List Bullet")
            elif line.strip():
                document.add_paragraph(line)
    if draft.exemplars:
        document.add_heading(APPENDIX, level=2)
        for x in draft.exemplars:
            document.add_paragraph(citation(x))
    document.save(str(path))
    return path
