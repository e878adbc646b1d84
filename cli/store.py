"""``tca store backup FILE`` / ``restore FILE`` / ``verify``: a consistent snapshot of the
whole store while it is in use, its restore into an empty data dir, and whether catalog,
keyword index and vectors agree (vectorstore/backup.py, vectorstore/verify.py).

Exit codes: 0 done (verify: consistent); 1 verify found disagreements; 2 the backup or
restore could not be made (one line saying why)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from cli.common import AsJson, DataDir, emit_json, fail, settings_for

store_app = typer.Typer(help="Back up, restore and verify the store.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(store_app, name="store")


@store_app.command("backup")
def backup(
    file: Annotated[Path, typer.Argument(help="The backup to write (a .zip; never replaces an existing file).")],
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Snapshot catalog, vectors, keyword index and uploads while the store is in use."""
    from assistant.services import open_store
    from vectorstore.backup import BackupError, backup_store

    started = time.monotonic()
    try:
        summary = backup_store(open_store(settings_for(data_dir), settle=False), file)  # Chroma only if needed
    except BackupError as exc:
        fail(str(exc))
    seconds = round(time.monotonic() - started, 2)
    if as_json:
        emit_json(summary.to_json() | {"seconds": seconds})
    else:
        typer.echo(
            f"backed up {summary.documents} documents ({summary.chunks} passages, {summary.uploads} uploaded files) "
            f"to {summary.file} ({summary.bytes / 2**20:.1f} MB) in {seconds} s"
        )


@store_app.command("restore")
def restore(
    file: Annotated[Path, typer.Argument(help="A backup written by `tca store backup`.")],
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Restore a backup into an empty data dir (or empty Chroma server), then verify it."""
    from assistant.services import open_store
    from vectorstore.backup import (
        BackupError,
        read_manifest,
        refuse_occupied,
        restore_files,
        restore_vectors,
    )
    from vectorstore.store import StoreLocation
    from vectorstore.verify import verify_store

    settings = settings_for(data_dir)
    try:
        read_manifest(file)
        refuse_occupied(StoreLocation(settings.data_dir, settings.chroma_host, settings.chroma_port))
        manifest = restore_files(file, settings.data_dir)
    except BackupError as exc:
        fail(str(exc))
    store = open_store(settings, settle=False)  # the embedder the restored catalog names
    vectors = restore_vectors(file, store)
    check = verify_store(store)
    payload = {"data_dir": str(settings.data_dir), "backup_created_at": manifest["created_at"], "documents": check.documents,
               "chunks": check.chunks, "vectors": vectors, "consistent": check.consistent, "problems": check.problems()}
    if as_json:
        emit_json(payload)
    else:
        typer.echo(f"restored {check.documents} documents ({check.chunks} passages, {vectors} vectors) "
                   f"from the backup of {manifest['created_at']} into {settings.data_dir}")
        _echo_check(check)
    raise typer.Exit(0 if check.consistent else 1)


@store_app.command("verify")
def verify(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """Say whether catalog, keyword index and vectors agree, passage by passage."""
    from assistant.services import open_store
    from vectorstore.verify import verify_store

    check = verify_store(open_store(settings_for(data_dir), settle=False))
    if as_json:
        emit_json(check.to_json())
    else:
        _echo_check(check)
    raise typer.Exit(0 if check.consistent else 1)


def _echo_check(check) -> None:
    if check.consistent:
        typer.echo(f"consistent: {check.documents} documents, {check.chunks} passages; catalog, keyword index and vectors agree")
        return
    typer.echo("NOT consistent:")
    for problem in check.problems():
        typer.echo(f"  {problem}")
    typer.echo("  fix: open the store once (e.g. `tca docs list`), or `tca docs rebuild-vectors`, or restore a backup")
