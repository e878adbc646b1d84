"""Before the web app starts: open the store, seed the demo corpus into an empty one, send
the app's log to stderr. (app.py's ``serve_app`` then builds and launches it.)"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from assistant.settings import Settings

DEMO_CORPUS = Path(__file__).resolve().parents[1] / "demo_corpus"


def demo_corpus_dir(settings: Settings) -> Path:
    return settings.demo_corpus or DEMO_CORPUS


def seed_demo_corpus(store, settings: Settings) -> int:
    """Ingest the bundled fictional corpus when the store holds nothing; returns docs added."""
    from assistant.library import ingest_paths

    if store.documents():
        return 0
    folder = demo_corpus_dir(settings)
    print(f"tca: empty store, ingesting the demo corpus from {folder} ...", file=sys.stderr)
    report = ingest_paths(store, [folder])
    for problem in report.errors:
        print(f"tca: demo corpus: {problem.file}: {problem.reason}", file=sys.stderr)
    return len(report.documents)


def log_to_stderr() -> None:
    """The app's own log lines (internal errors with their reference, files that could not
    be read) go to stderr, where whoever runs ``tca serve`` keeps its output."""
    import logging

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("tca")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def open_for_serving(settings: Settings, with_demo: bool = True):
    """The store the app serves, its log lines going to stderr, the demo corpus seeded
    into it when it is empty (unless ``with_demo`` is off)."""
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    log_to_stderr()
    from assistant.services import open_store

    store = open_store(settings)
    if with_demo:
        seed_demo_corpus(store, settings)
    return store
