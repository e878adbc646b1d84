"""Audit a store the way a fault test needs it: every chunk id in the catalog, the keyword
index and Chroma, per document, compared exactly.

Run as ``python -m tests.support.store_audit DATA_DIR [HOST PORT]`` (model from
``TCA_EMBEDDING_MODEL``, default hashing) it opens the store in a
fresh process (no Chroma client cache in the test process hides what is on disk), runs
recovery as opening does for a user, and prints the audit as JSON.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path


def audit(store) -> dict:
    """Totals, documents, and every way the three indexes disagree (empty lists = consistent)."""
    catalog_ids = {row[0]: row[1] for row in store.catalog.db.execute("SELECT chunk_id, doc_id FROM chunks")}
    fts_by_doc = Counter(
        doc_id
        for (doc_id,) in store.catalog.db.execute(
            "SELECT c.doc_id FROM chunks_fts f JOIN chunks c ON c.rowid = f.rowid"
        )
    )
    chroma = store.dense.collection.get(include=["metadatas"])
    chroma_ids = {cid: meta.get("doc_id") for cid, meta in zip(chroma["ids"], chroma["metadatas"], strict=True)}
    catalog_by_doc = Counter(catalog_ids.values())
    chroma_by_doc = Counter(chroma_ids.values())
    documents = {d.doc_id: d.chunks for d in store.documents()}
    return {
        "counts": store.consistency(),
        "documents": sorted(documents),
        "files": sorted(d.file for d in store.documents()),
        "journal": len(store.catalog.journal_entries()),
        "only_in_chroma": sorted(set(chroma_ids) - set(catalog_ids)),
        "only_in_catalog": sorted(set(catalog_ids) - set(chroma_ids)),
        "documents_out_of_step": sorted(
            doc_id
            for doc_id, registered in documents.items()
            if not registered == catalog_by_doc[doc_id] == fts_by_doc[doc_id] == chroma_by_doc[doc_id]
        ),
        "rows_without_document": sorted(set(catalog_by_doc) - set(documents)),
    }


def is_consistent(report: dict) -> bool:
    counts = report["counts"]
    return (
        len(set(counts.values())) == 1
        and report["journal"] == 0
        and not report["only_in_chroma"]
        and not report["only_in_catalog"]
        and not report["documents_out_of_step"]
        and not report["rows_without_document"]
    )


def main(argv: list[str]) -> None:
    from vectorstore.embedder import make_embedder
    from vectorstore.store import CorpusStore, StoreLocation

    host, port = (argv[1], int(argv[2])) if len(argv) > 2 else (None, 8000)
    model = os.environ.get("TCA_EMBEDDING_MODEL") or "hashing"
    store = CorpusStore(StoreLocation(Path(argv[0]), host, port), make_embedder(model), settle=False)
    recovered = store.recover()  # what opening does, without raising on a mismatch: we report it
    print(json.dumps({**audit(store), "recovered_vectors": recovered}))


if __name__ == "__main__":
    main(sys.argv[1:])
