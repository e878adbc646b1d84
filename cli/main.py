"""``tca``: one command, a subcommand per job. It parses arguments, calls ``assistant/``
and renders what comes back; heavy libraries are imported inside commands so that
``tca --help`` stays instant."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cli.common import AsJson, DataDir, emit_json, fail, settings_for

app = typer.Typer(
    name="tca",
    help="Technician Commitment assistant: ask, draft, suggest, check and summarise over past submissions.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
docs_app = typer.Typer(help="List or delete ingested documents.", no_args_is_help=True)
app.add_typer(docs_app, name="docs")
eval_app = typer.Typer(help="Measure retrieval and answer quality on a labelled question set.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or web addresses (PDF, DOCX, TXT, MD, HTML, XLSX, CSV; https://...).")],
    data_dir: DataDir = None,
    as_json: AsJson = False,
    password: Annotated[str | None, typer.Option(help="Password for encrypted PDFs.")] = None,
    replace: Annotated[str | None, typer.Option("--replace", metavar="ID", help="Put the one FILE given in the place of document ID (same id; its passages replaced).")] = None,
) -> None:
    """Ingest files, folders or web addresses (fetched on request) into the store;
    unchanged files are skipped. Scanned PDF pages are read by OCR unless TCA_OCR=off. A
    file never replaces a different file's document unless you say so with --replace ID."""
    from assistant.library import ingest_paths, replace_document
    from assistant.services import open_store
    from cli.render import ingest_progress, render_ingest_report
    from ingest.fetch import FetchPolicy

    settings = settings_for(data_dir)
    store = open_store(settings)
    replaced = _replacement_target(store, paths, replace, as_json) if replace else None
    with ingest_progress(enabled=not as_json) as on_progress:
        if replaced is not None:
            report = replace_document(store, replace, Path(paths[0]), password, settings.parse_time_limit, ocr=settings.ocr)
        else:
            report = ingest_paths(
                store, paths, on_progress, password, settings.parse_time_limit, ocr=settings.ocr,
                fetch=FetchPolicy(offline=settings.offline),
            )
    if as_json:
        emit_json(report.to_json() | ({"replaced": _document_json(replaced)} if replaced is not None else {}))
    else:
        render_ingest_report(report)
    raise typer.Exit(0 if report.ok else 1)


def _replacement_target(store, paths: list[str], doc_id: str, as_json: bool):
    """The document --replace names, said out loud before anything is changed."""
    if len(paths) != 1 or Path(paths[0]).is_dir():
        fail("--replace takes exactly one file (not a folder)")
    document = store.document(doc_id)
    if document is None:
        fail(f"no document with id '{doc_id}' to replace (see `tca docs list`)")
    if not as_json:
        typer.echo(
            f"replacing {doc_id} ({document.file}, {document.institution or 'institution not named'}, "
            f"{document.chunks} passages) with {Path(paths[0]).name}", err=True,
        )
    return document


@docs_app.command("list")
def docs_list(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """List ingested documents."""
    from assistant.library import list_documents
    from assistant.services import open_store
    from cli.render import render_documents

    documents = list_documents(open_store(settings_for(data_dir)))
    if as_json:
        emit_json({"documents": [_document_json(d) for d in documents]})
    else:
        render_documents(documents)


def _document_json(row) -> dict:
    return {
        "id": row.doc_id, "file": row.file, "institution": row.institution, "doc_type": row.doc_type,
        "stage": row.stage, "date": row.date, "pages": row.pages, "chunks": row.chunks, "actions": row.actions,
        "ocr_pages": row.ocr_pages, "source_url": row.source_url, "fetched_at": row.fetched_at,
    }


@docs_app.command("delete")
def docs_delete(
    doc_id: Annotated[str, typer.Argument(help="Document id, as `tca docs list` shows it.")],
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Delete a document and everything derived from it."""
    from assistant.library import delete_document
    from assistant.services import open_store

    deleted = delete_document(open_store(settings_for(data_dir)), doc_id)
    if as_json:
        emit_json({"id": doc_id, "deleted": deleted})
    elif deleted:
        typer.echo(f"deleted {doc_id}")
    if not deleted:
        fail(f"no document with id '{doc_id}' (see `tca docs list`)", code=1)


@docs_app.command("rebuild-vectors")
def docs_rebuild_vectors(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """Rebuild the vector index (Chroma) from the catalog, e.g. after the chroma folder was lost."""
    from assistant.services import open_store

    vectors = open_store(settings_for(data_dir), settle=False).rebuild_dense()
    if as_json:
        emit_json({"vectors": vectors})
    else:
        typer.echo(f"rebuilt the vector index: {vectors} passages")


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="Your question, e.g. 'How have others addressed apprenticeships?'")],
    pillar: Annotated[str | None, typer.Option(help="visibility | recognition | career_development | sustainability | evaluating_impact")] = None,
    stage: Annotated[str | None, typer.Option(help="initial | stage_two | renewal")] = None,
    institution: Annotated[str | None, typer.Option(help="Only this institution (exact name).")] = None,
    doc_type: Annotated[str | None, typer.Option("--doc-type", help="submission | guidance | update_paper | case_study_report | action_plan")] = None,
    year: Annotated[int | None, typer.Option(help="Only documents of this year.")] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Answer a question from the corpus, with numbered citations."""
    from assistant.ask.filters import parse_filters
    from assistant.services import build_ask_service
    from cli.render import render_answer

    filters = parse_filters(pillar=pillar, stage=stage, institution=institution, doc_type=doc_type, year=year)
    service = build_ask_service(settings_for(data_dir))
    if as_json:
        emit_json(service.ask(question, filters).to_json())
        return
    render_answer(service.stream(question, filters))


@eval_app.command("retrieval")
def eval_retrieval(
    questions: Annotated[Path, typer.Option(help="JSONL question set (id, question, relevant[...]).")],
    corpus: Annotated[Path, typer.Option(help="Folder of documents to ingest (if needed) and search.")],
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Score hybrid retrieval against dense, keyword and a naive LangChain baseline."""
    from assistant.ask.eval_set import load_questions
    from assistant.ask.evaluation import run_retrieval_eval
    from assistant.ask.retrieval import HybridRetriever, RetrievalConfig
    from assistant.services import build_ask_service
    from cli.render import render_eval

    store, settings, errors = _eval_store(corpus, data_dir)
    service = build_ask_service(settings.model_copy(update={"llm": None}), store)
    result = run_retrieval_eval(
        store, HybridRetriever(store, RetrievalConfig(k=10)), load_questions(questions), settings.data_dir / "naive",
        judge=lambda question: service.find(question).evidence.found,
    )
    result["ingest_errors"] = errors
    if as_json:
        emit_json(result)
    else:
        render_eval(result)


@eval_app.command("answers")
def eval_answers(
    questions: Annotated[Path, typer.Option(help="JSONL question set (id, question, kind, relevant[...]).")],
    corpus: Annotated[Path, typer.Option(help="Folder of documents to ingest (if needed) and ask over.")],
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Score the answers `tca ask` gives (extractive composer) against a simple baseline composer."""
    from assistant.ask.answer_eval import run_answer_eval
    from assistant.ask.eval_set import load_questions
    from assistant.services import build_ask_service
    from cli.render import render_answer_eval

    store, settings, errors = _eval_store(corpus, data_dir)
    service = build_ask_service(settings.model_copy(update={"llm": None}), store)
    result = run_answer_eval(store, service, load_questions(questions))
    result["ingest_errors"] = errors
    if as_json:
        emit_json(result)
    else:
        render_answer_eval(result)


def _eval_store(corpus: Path, data_dir: Path | None):
    """The store a corpus is evaluated on (by default one per corpus folder under the data
    dir), with the corpus ingested into it; returns it, its settings and any ingest errors."""
    from assistant.library import ingest_paths
    from assistant.services import open_store

    settings = settings_for(data_dir)
    if data_dir is None:
        settings = settings.with_data_dir(settings.data_dir / "eval" / _folder_key(corpus))
    store = open_store(settings)
    report = ingest_paths(store, [corpus], ocr=settings.ocr)
    return store, settings, [{"file": e.file, "reason": e.reason} for e in report.errors]


def _folder_key(folder: Path) -> str:
    import hashlib

    return hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:12]


@app.command()
def serve(
    data_dir: DataDir = None,
    as_json: AsJson = False,
    host: Annotated[str | None, typer.Option(help="Interface to bind (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 7860).")] = None,
    demo: Annotated[bool, typer.Option(help="Ingest the demo corpus when the store is empty.")] = True,
) -> None:
    """Start the web app (ingests the demo corpus into an empty store first)."""
    from app import serve_app

    settings = settings_for(data_dir)
    updates = {k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    serve_app(settings.model_copy(update=updates), with_demo=demo, as_json=as_json)


def _register_jobs() -> None:
    """Jobs that live in their own CLI modules add their commands here (each module keeps
    its heavy imports inside the command functions, so ``tca --help`` stays instant)."""
    import importlib

    for name in JOB_MODULES:
        importlib.import_module(f"cli.{name}").register(app)


JOB_MODULES: tuple[str, ...] = ("suggest", "draft", "check", "summarise", "bench", "store")

_register_jobs()


def main() -> None:
    """Entry point: domain errors become one plain line, not a traceback."""
    try:
        app()
    except Exception as exc:
        from assistant.errors import USER_ERRORS  # imported only on failure: --help stays instant

        if not isinstance(exc, USER_ERRORS):
            raise
        typer.echo(f"tca: error: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
