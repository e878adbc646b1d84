"""A backup of a whole store, taken while it is in use, and its restore.

A backup is one zip file: the catalog (copied with SQLite's online backup API), every
passage's vector, the keyword index's arrays and the uploaded files, with a manifest of
counts and checksums. The snapshot is taken under the store's writer lock: a write in
progress finishes first, writes that come after wait the few seconds the copy takes,
readers (people asking questions) never wait. Vectors come from that same catalog
snapshot: the embedding cache holds the vector of every text stored (the very bytes
Chroma was given); any it lacks are read from Chroma while the lock is still held. So
catalog and vectors in a backup always describe the same moment. The file is written
under a temporary name and linked into place: it is whole or absent, and never replaces
an existing file.

Restore goes into an empty data dir only (nothing stored is ever replaced): uploads,
keyword index and catalog are unpacked (documents uploaded into the old data dir point
at the new one), then Chroma is filled from the catalog's vectors.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import secrets
import shutil
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from vectorstore.catalog import now_iso
from vectorstore.catalog_queries import cached_text_hashes, embed_texts, move_documents, row_counts
from vectorstore.dense import COLLECTION, make_chroma_client
from vectorstore.store import CATALOG_FILE, CHROMA_DIR, CorpusStore, StoreLocation, text_hash

FORMAT = "tca-store-backup"
VERSION = 1
MANIFEST = "manifest.json"
CATALOG_MEMBER = "catalog.sqlite"
VECTORS_MEMBER = "vectors.npz"  # vectors the embedding cache lacked, by text hash
KEYWORD_FILE = "keyword_index.npz"
UPLOADS = "uploads"
_STORED_AS_IS = (".pdf", ".docx", ".npz")  # compressed already


class BackupError(Exception):
    """A backup or restore that cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class BackupSummary:
    file: Path
    created_at: str
    embedding_model: str
    documents: int
    chunks: int
    uploads: int
    bytes: int

    def to_json(self) -> dict:
        return {"file": str(self.file), "created_at": self.created_at, "embedding_model": self.embedding_model,
                "documents": self.documents, "chunks": self.chunks, "uploads": self.uploads, "bytes": self.bytes}


# -- backup -------------------------------------------------------------------------------------


def backup_store(store: CorpusStore, target: Path) -> BackupSummary:
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} exists: a backup never replaces a file; choose another name")
    target.parent.mkdir(parents=True, exist_ok=True)
    data_dir = store.location.data_dir
    with tempfile.TemporaryDirectory(prefix=".tca-backup-", dir=target.parent) as work:
        snapshot = Path(work) / CATALOG_MEMBER
        with store.writer_lock.exclusive():
            _online_backup(store.catalog.path, snapshot)
            missing = _uncached_vectors(store, snapshot)
            keyword = _copy_if_present(data_dir / KEYWORD_FILE, Path(work) / KEYWORD_FILE)
            uploads = _upload_files(data_dir)
        if missing:
            np.savez(Path(work) / VECTORS_MEMBER, hashes=np.array(list(missing), dtype=str), vectors=np.stack(list(missing.values())))
        files = {CATALOG_MEMBER: snapshot, **({KEYWORD_FILE: keyword} if keyword else {})}
        if missing:
            files[VECTORS_MEMBER] = Path(work) / VECTORS_MEMBER
        files.update({f"{UPLOADS}/{p.name}": p for p in uploads})
        manifest = _manifest(store, snapshot, files)
        _write_archive(target, manifest, files)
    return BackupSummary(target, manifest["created_at"], manifest["embedding_model"], manifest["documents"],
                         manifest["chunks"], len(uploads), target.stat().st_size)


def _online_backup(source: Path, destination: Path) -> None:
    """One consistent copy of a live SQLite file (the API copies it in one step under a
    read transaction; writers of other tables, such as the embedding cache, are waited out)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(str(destination))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _uncached_vectors(store: CorpusStore, snapshot: Path) -> dict[str, np.ndarray]:
    """Vectors of the snapshot's passages that its embedding cache lacks, read from Chroma
    (under the writer lock, so Chroma holds what the snapshot says)."""
    model = store.embedder.model_id
    cached = cached_text_hashes(snapshot, model)
    lacking = {}
    for chunk_id, text in embed_texts(snapshot):
        if (h := text_hash(text)) not in cached:
            lacking[chunk_id] = h
    if not lacking:
        return {}
    found = store.dense.collection.get(ids=list(lacking), include=["embeddings"])
    vectors = {lacking[i]: np.asarray(v, dtype=np.float32) for i, v in zip(found["ids"], found["embeddings"], strict=True)}
    if len(vectors) < len(set(lacking.values())):
        raise BackupError(
            f"{len(lacking) - len(found['ids'])} passages have neither a cached vector nor one in "
            f"{store.location.describe_dense()}; rebuild the vectors first: tca docs rebuild-vectors"
        )
    return vectors


def _copy_if_present(source: Path, destination: Path) -> Path | None:
    try:
        shutil.copyfile(source, destination)  # replaced atomically by its writers: a whole file
    except FileNotFoundError:
        return None
    return destination


def _upload_files(data_dir: Path) -> list[Path]:
    """Uploads are never rewritten once in place; files being written have dot names."""
    folder = data_dir / UPLOADS
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def _manifest(store: CorpusStore, snapshot: Path, files: dict[str, Path]) -> dict:
    documents, chunks = row_counts(snapshot)
    return {
        "format": FORMAT, "version": VERSION, "created_at": now_iso(),
        "data_dir": str(store.location.data_dir.resolve()),
        "uploads_dir": str((store.location.data_dir / UPLOADS).resolve()),
        "embedding_model": store.embedder.model_id, "dimension": store.embedder.dimension,
        "documents": documents, "chunks": chunks,
        "members": {name: _sha256(path) for name, path in files.items()},
    }


def _write_archive(target: Path, manifest: dict, files: dict[str, Path]) -> None:
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
    try:
        with zipfile.ZipFile(partial, "w", allowZip64=True) as archive:
            archive.writestr(MANIFEST, json.dumps(manifest, indent=2), zipfile.ZIP_DEFLATED)
            for name, path in files.items():
                kind = zipfile.ZIP_STORED if path.suffix.lower() in _STORED_AS_IS else zipfile.ZIP_DEFLATED
                archive.write(path, name, kind, compresslevel=1 if kind == zipfile.ZIP_DEFLATED else None)
        try:
            place_new(partial, target)
        except FileExistsError:
            raise BackupError(f"{target} exists: a backup never replaces a file; choose another name") from None
    finally:
        partial.unlink(missing_ok=True)


def place_new(source: Path, target: Path) -> None:
    """Give the whole file ``source`` the name ``target``, only if nothing has that name
    (FileExistsError otherwise): a hard link where the file system has them, else an
    exclusive create and a copy."""
    try:
        os.link(source, target)
        return
    except FileExistsError:
        raise
    except OSError:  # no hard links here (FAT, some network shares)
        pass
    with target.open("xb") as out, source.open("rb") as data:
        shutil.copyfileobj(data, out, 1 << 20)


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


# -- restore ------------------------------------------------------------------------------------


def read_manifest(archive: Path) -> dict:
    try:
        with zipfile.ZipFile(archive) as package:
            manifest = json.loads(package.read(MANIFEST))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise BackupError(f"{archive}: not a tca store backup ({exc})") from exc
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(f"{archive}: not a tca store backup of version {VERSION}")
    return manifest


def refuse_occupied(location: StoreLocation) -> None:
    """Restore never replaces a store: the data dir must hold no catalog, vectors or
    uploads, and a Chroma server's collection must be empty."""
    data_dir = location.data_dir
    occupied = [name for name in (CATALOG_FILE, CHROMA_DIR, UPLOADS) if _occupied(data_dir / name)]
    if occupied:
        raise BackupError(
            f"{data_dir} already holds a store ({', '.join(occupied)}); restore into a new --data-dir (nothing is replaced)"
        )
    if location.chroma_host:
        client = make_chroma_client(None, location.chroma_host, location.chroma_port)
        try:
            count = client.get_collection(COLLECTION).count()
        except Exception:  # noqa: BLE001 - chromadb raises NotFoundError or ValueError when it is absent
            count = 0
        if count:
            raise BackupError(f"{location.describe_dense()} already holds {count} vectors; restore into an empty Chroma server")


def _occupied(path: Path) -> bool:
    return path.is_file() or (path.is_dir() and any(path.iterdir()))


def restore_files(archive: Path, data_dir: Path) -> dict:
    """Unpack a backup into ``data_dir`` (checked first: every member against its
    checksum); the catalog comes last, so a restore cut short leaves no store behind."""
    manifest = read_manifest(archive)
    data_dir.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive) as package:
        _check_members(archive, package, manifest)
        for name in manifest["members"]:
            if name.startswith(f"{UPLOADS}/") or name == KEYWORD_FILE:
                _extract(package, name, data_dir / UPLOADS / Path(name).name if name != KEYWORD_FILE else data_dir / KEYWORD_FILE)
        building = data_dir / f".{CATALOG_FILE}.restoring"
        _extract(package, CATALOG_MEMBER, building)
    _point_uploads_here(building, Path(manifest["uploads_dir"]), data_dir / UPLOADS)
    os.replace(building, data_dir / CATALOG_FILE)
    return manifest


def _check_members(archive: Path, package: zipfile.ZipFile, manifest: dict) -> None:
    for name, expected in manifest["members"].items():
        try:
            with package.open(name) as member:
                digest = hashlib.file_digest(member, "sha256")
        except (KeyError, zipfile.BadZipFile) as exc:
            raise BackupError(f"{archive}: {name} is missing or damaged ({exc}); nothing was restored") from exc
        if digest.hexdigest() != expected:
            raise BackupError(f"{archive}: {name} does not match its checksum (damaged); nothing was restored")


def _extract(package: zipfile.ZipFile, name: str, destination: Path) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    with package.open(name) as member, destination.open("xb") as out:
        shutil.copyfileobj(member, out, 1 << 20)


def _point_uploads_here(catalog: Path, old_uploads: Path, new_uploads: Path) -> None:
    """Documents added through the app lived in the old data dir's uploads folder: they
    point at the restored copies, so re-index finds their files."""
    move_documents(catalog, old_uploads, new_uploads.resolve())


def restore_vectors(archive: Path, store: CorpusStore) -> int:
    """Fill the (empty) vector index from the restored catalog; vectors its embedding
    cache lacked come from the backup. Returns the vectors written."""
    with zipfile.ZipFile(archive) as package:
        if VECTORS_MEMBER in package.namelist():
            with np.load(io.BytesIO(package.read(VECTORS_MEMBER))) as extra:
                pairs = list(zip(extra["hashes"].tolist(), extra["vectors"], strict=True))
            store.catalog.cache_vectors(store.embedder.model_id, pairs)
    return store.rebuild_dense()
