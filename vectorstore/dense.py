"""The dense index: one Chroma collection, local on disk or on Chroma's own server.

Vectors are always computed by our embedder and passed in; the collection is opened with
an embedding function that refuses text, so Chroma's default (which downloads a model)
can never run. The collection records the embedding model id and dimension and refuses
vectors of another model.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

COLLECTION = "tca-chunks"


class StoreMismatchError(Exception):
    """The store was filled by a different embedding model."""


class DenseIndexError(Exception):
    """Chroma cannot be opened: an unreadable local folder or an unreachable server."""


@dataclass(frozen=True)
class DenseHit:
    chunk_id: str
    score: float  # cosine similarity, 1 = identical


def _refusing_embedding_function():
    from chromadb.api.types import EmbeddingFunction

    class RefuseText(EmbeddingFunction):
        """Chroma must never embed text itself: vectors come from our embedder."""

        def __init__(self) -> None:
            pass

        def __call__(self, input):  # noqa: A002 - Chroma's parameter name
            raise RuntimeError("tca passes vectors to Chroma; text embedding is disabled")

        @staticmethod
        def name() -> str:
            return "tca-external-vectors"

        def get_config(self) -> dict[str, Any]:
            return {}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> RefuseText:
            return RefuseText()

    return RefuseText()


def make_chroma_client(path: Path | None, host: str | None = None, port: int = 8000):
    """A persistent client on ``path``, or an HTTP client when ``host`` is set."""
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if host:
            return chromadb.HttpClient(host=host, port=port, settings=chroma_settings)
        assert path is not None
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except Exception as exc:  # chromadb raises ValueError, InternalError, OSError, ...
        raise DenseIndexError(_unopenable(path, host, port, exc)) from exc


def forget_local_client(path: Path) -> None:
    """chromadb keeps one client system per folder for the whole process, even one that
    failed to open; forget it so the folder can be opened afresh (after a repair)."""
    from chromadb.api.client import SharedSystemClient

    systems = getattr(SharedSystemClient, "_identifier_to_system", {})
    system = systems.pop(str(path), None)
    getattr(SharedSystemClient, "_identifier_to_refcount", {}).pop(str(path), None)
    if system is not None:
        try:
            system.stop()
        except Exception:  # a system that never started cannot stop cleanly; it is dropped anyway
            pass


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def _unopenable(path: Path | None, host: str | None, port: int, exc: Exception) -> str:
    """One line: what could not be opened, why, and the fix."""
    reason = _first_line(exc)
    if host:
        return (
            f"cannot use the Chroma server at {host}:{port} ({reason}); start it "
            f"(chroma run --path DIR --host {host} --port {port}) or unset TCA_CHROMA_HOST"
        )
    return (
        f"{path}: the vector index is unreadable ({reason}); rebuild it from the catalog: "
        f"tca docs rebuild-vectors --data-dir {path.parent if path else '.'}"
    )


class DenseIndex:
    def __init__(self, client, model_id: str, dimension: int):
        self.model_id = model_id
        self.dimension = dimension
        try:
            self.collection = client.get_or_create_collection(
                COLLECTION,
                metadata={"embedding_model": model_id, "dimension": dimension},
                configuration={"hnsw": {"space": "cosine", "ef_search": 200}},
                embedding_function=_refusing_embedding_function(),
            )
        except Exception as exc:
            raise DenseIndexError(f"cannot open the Chroma collection '{COLLECTION}' ({_first_line(exc)})") from exc
        self._check_model()

    @staticmethod
    def drop(client) -> None:
        """Delete the collection (before a rebuild from the catalog); absent is fine."""
        try:
            client.delete_collection(COLLECTION)
        except Exception:  # chromadb raises NotFoundError or ValueError when it is absent
            pass

    def _check_model(self) -> None:
        recorded = self.collection.metadata or {}
        model = recorded.get("embedding_model")
        dimension = recorded.get("dimension")
        if model != self.model_id or int(dimension or 0) != self.dimension:
            raise StoreMismatchError(
                f"this store was built with embedding model '{model}' ({dimension} dims) but the "
                f"current setting is '{self.model_id}' ({self.dimension} dims); set "
                f"TCA_EMBEDDING_MODEL back, or use a new --data-dir and re-ingest"
            )

    def add(self, ids: Sequence[str], vectors: np.ndarray, metadatas: Sequence[dict]) -> None:
        if not ids:
            return
        if vectors.shape[1] != self.dimension:
            raise StoreMismatchError(
                f"vectors have {vectors.shape[1]} dims, the store holds {self.dimension}"
            )
        step = 2000
        for start in range(0, len(ids), step):
            self.collection.upsert(
                ids=list(ids[start : start + step]),
                embeddings=vectors[start : start + step],
                metadatas=list(metadatas[start : start + step]),
            )

    def delete(self, ids: Sequence[str]) -> None:
        step = 2000
        for start in range(0, len(ids), step):
            self.collection.delete(ids=list(ids[start : start + step]))

    def count(self) -> int:
        return self.collection.count()

    def ids_for_document(self, doc_id: str) -> list[str]:
        return self.collection.get(where={"doc_id": doc_id}, include=[])["ids"]

    def query(self, vectors: np.ndarray, k: int, where: dict | None = None) -> list[list[DenseHit]]:
        """Top ``k`` by cosine for each row of ``vectors``, in one call (the retriever asks
        two at once: one trip through Chroma instead of two). No ``count()`` first: Chroma
        returns fewer hits when it holds fewer (and none when empty), and counting costs
        ~10 ms at 100k vectors."""
        result = self.collection.query(
            query_embeddings=[np.asarray(v) for v in np.atleast_2d(vectors)],
            n_results=k,
            where=where or None,
            include=["distances"],
        )
        return [
            [DenseHit(chunk_id, 1.0 - float(distance)) for chunk_id, distance in zip(ids, distances, strict=True)]
            for ids, distances in zip(result["ids"], result["distances"], strict=True)
        ]
