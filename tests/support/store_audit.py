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
from pathlib import Path


def audit(store) -> dict:
    """Totals, documents, and every way the indexes disagree (``vectorstore/verify.py``,
    the check ``tca store verify`` runs), with the whole id lists."""
    from vectorstore.verify import verify_store

    check = verify_store(store)
    return {
        "counts": store.consistency(),
        "documents": sorted(d.doc_id for d in store.documents()),
        "files": sorted(d.file for d in store.documents()),
        "journal": check.journal,
        "only_in_chroma": check.only_in_vectors,
        "only_in_catalog": check.only_in_catalog,
        "documents_out_of_step": check.documents_out_of_step,
        "rows_without_document": check.rows_without_document,
        "consistent": check.consistent,
    }


def is_consistent(report: dict) -> bool:
    return report["consistent"] and len(set(report["counts"].values())) == 1


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
