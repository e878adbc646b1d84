"""``tca draft``: one answer of the form from your notes. Without a language model the
draft is your own statements placed under the elements the question asks for, with a
placeholder for each missing one; with one (``TCA_LLM``) it is rewritten as prose. Peers'
whole answers to the question sit beside it. Each run is a session saved under the data
dir: ``--continue ID`` adds turns to it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cli.common import AsJson, DataDir, emit_json, fail, settings_for


def register(app: typer.Typer) -> None:
    app.command("draft")(draft)


def draft(
    question_id: Annotated[str | None, typer.Argument(
        metavar="QUESTION",
        help="The question, as --question gives it: tca draft renewal.q7 --notes notes.md")] = None,
    question: Annotated[str | None, typer.Option(help="A question id (renewal.q7) or its number with --stage (7).")] = None,
    stage: Annotated[str | None, typer.Option(help="initial | stage_two | renewal (needed with a question number).")] = None,
    notes: Annotated[Path | None, typer.Option(help="A file of your notes (bullets, lines or paragraphs); '-' reads stdin.")] = None,
    refine: Annotated[list[str] | None, typer.Option(
        help="A turn, repeatable: 'also: <more notes>', 'drop s3', 'move s2 to reporting', '150 words', "
             "'how did others evidence this?' (with a language model, any instruction such as 'more formal').")] = None,
    continue_: Annotated[str | None, typer.Option("--continue", help="A saved session's id: add turns (and --notes) to it.")] = None,
    institution: Annotated[str | None, typer.Option(help="Your institution: never shown as its own peer.")] = None,
    export_docx: Annotated[Path | None, typer.Option("--export-docx", help="Write the draft as a Word document.")] = None,
    export_md: Annotated[Path | None, typer.Option("--export-md", help="Write the draft as Markdown.")] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Draft an answer from your notes, with peers' answers beside it; refine it in turns."""
    from assistant.draft import DraftError, DraftSession, resolve_question
    from assistant.services import build_chat_model, open_store
    from domain import load_template

    settings = settings_for(data_dir)
    question = question or question_id
    try:
        store, model = open_store(settings), build_chat_model(settings)
        if continue_:
            session = DraftSession.resume(settings.data_dir, continue_, store, model)
            result = session.add_notes(_read_notes(notes)) if notes else session.draft
        else:
            if not question:
                fail("give --question (and --stage with a number), or --continue SESSION")
            chosen = resolve_question(load_template(), question, stage)
            session = DraftSession(chosen, store, model, institution, data_dir=settings.data_dir)
            result = session.start(_read_notes(notes))
        for turn in refine or []:
            result = session.refine(turn)
    except DraftError as exc:
        fail(str(exc))
    written = _export(result, export_docx, export_md)
    if as_json:
        emit_json(result.to_json() | {"exports": [str(p) for p in written]})
        return
    typer.echo(render(result))
    for path in written:
        typer.echo(f"wrote {path}", err=True)
    typer.echo(f"session {result.session}: continue with tca draft --continue {result.session} --refine '...'", err=True)


def render(result) -> str:
    """The draft for the terminal: the text, then coverage, statements, turns and peers."""
    limit = f" of {result.limit}" if result.limit else ""
    lines = [f"# {result.title} ({result.question_id})", "", f"*{result.asks}*", "", result.text, "",
             f"*{result.word_count}{limit} words · {result.mode} · session {result.session}*"]
    lines += ["", "## Check before using", "", *(f"- ⚠ {w}" for w in result.warnings)] if result.warnings else []
    lines += [f"- not traceable to your notes: “{s}”" for s in result.untraceable]
    lines += ["", "## Coverage", ""]
    for element in result.elements:
        mark = {"missing": "❌ missing", "weak": "⚠ weak"}.get(element.coverage, f"✅ {element.coverage.replace('_', ' ')}")
        serving = f" ← {', '.join(element.statements)}" if element.statements else ""
        cited = f" · peers {' '.join(f'[{n}]' for n in element.examples)}" if element.examples else ""
        # statements serve it, yet the checker finds it missing: say what it lacks
        lacks = f" ({element.reason})" if element.missing and element.statements and element.reason else ""
        lines.append(f"- `{element.id}` {mark}{serving}{lacks}{cited}")
    lines += ["", "## Statements", ""]
    for s in result.statements:
        flag = " (cut to meet the length)" if s.cut else " (would be cut first)" if s.cut_first else ""
        lines.append(f"- {s.id} → `{s.element}`{f' ({s.pillar})' if s.pillar else ''}{flag}: {s.text}")
    for turn in result.turns:
        lines += ["", f"> {turn.instruction}", "", turn.reply]
    if result.peer_answers:
        lines += ["", "## Peers' answers to this question", ""]
        for answer in result.peer_answers:
            pages = f"pp. {answer.page_start}-{answer.page_end}" if answer.page_end != answer.page_start else f"p. {answer.page_start}"
            lines.append(f"- **{answer.institution}** ({answer.stage}, {answer.year}, {answer.question_id}, {pages}, "
                         f"{answer.words} words): covers {', '.join(answer.covered) or 'none of the elements'}")
    if result.exemplars:
        lines += ["", "## Peer passages", ""]
        from assistant.draft.export import citation

        lines += [citation(x) for x in result.exemplars]
    return "\n".join(lines).strip() + "\n"


def _read_notes(path: Path | None) -> str:
    if path is None:
        return ""
    if str(path) == "-":
        return sys.stdin.read()
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        fail(f"cannot read notes file {path}: {exc.strerror or exc}")
    except UnicodeDecodeError:
        fail(f"cannot read notes file {path}: not UTF-8 text")
    return ""



def _export(result, docx_path: Path | None, md_path: Path | None) -> list[Path]:
    from assistant.draft import write_draft_docx, write_draft_markdown

    written = []
    if docx_path:
        written.append(write_draft_docx(result, docx_path))
    if md_path:
        written.append(write_draft_markdown(result, md_path))
    return written
