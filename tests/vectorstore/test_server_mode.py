"""Server mode: the vectors live in Chroma's own server (``chroma run``), the catalog
(registry, chunk texts, keyword index, journal) stays in the data dir. Ingest, ask and
check give the same results as the local store; two processes ingesting at once into
one server-mode store end consistent.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.processes import free_port, stop, wait_for_http
from tests.support.environment import unavailable
from tests.support.store_audit import is_consistent

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
CHROMA = Path(sys.executable).with_name("chroma")
QUESTIONS = [
    "How have others supported apprenticeships?",
    "How do institutions recognise technicians' contributions?",
    "What career development opportunities are offered to technicians?",
    "How is the impact of the action plan evaluated?",
    "What did Kestrel Bay University do about apprenticeships?",
    "How have institutions used technician networks and newsletters?",
]


@pytest.fixture()
def chroma_server(tmp_path) -> Iterator[tuple[str, int]]:
    """``chroma run`` on loopback with its own folder; stopped with SIGTERM."""
    if not CHROMA.exists():
        unavailable("the chroma CLI is not installed in this environment")
    port = free_port()
    server = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(tmp_path / "chroma-server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/api/v2/heartbeat", server, 60, poll_s=0.2)
        yield "127.0.0.1", port
    finally:
        stop(server)


def corpus_files(shared: Path | None) -> list[Path]:
    """The demo corpus, plus two real PDFs when ../shared is present."""
    files = [REPO / "demo_corpus"]
    if shared is not None and (shared / "pdf").is_dir():
        files += [shared / "pdf" / "uol-update-paper-2024.pdf", shared / "pdf" / "ljmu-initial-2024.pdf"]
    return files


def citations(service, question: str) -> list[tuple]:
    answer = service.ask(question)
    return [(c.source.institution, c.source.doc_id, c.source.page) for c in answer.citations]


def optional_shared_corpus() -> Path | None:
    corpus = REPO.parent / "shared" / "corpus"
    return corpus if (corpus / "manifest.json").is_file() else None


def test_server_mode_store_answers_with_the_same_citations_as_a_local_store(chroma_server, minilm, tmp_path):
    from assistant.library import ingest_paths
    from assistant.services import build_ask_service, open_store
    from assistant.settings import Settings

    host, port = chroma_server
    files = corpus_files(optional_shared_corpus())
    local = Settings(data_dir=tmp_path / "local")
    server = Settings(data_dir=tmp_path / "server-catalog", chroma_host=host, chroma_port=port)
    stores = {name: open_store(settings, minilm) for name, settings in (("local", local), ("server", server))}
    for store in stores.values():
        assert ingest_paths(store, files).ok

    # The vectors really are on the server: the server-mode data dir holds no chroma folder.
    assert not (server.data_dir / "chroma").exists()
    assert stores["server"].consistency() == stores["local"].consistency()
    services = {
        "local": build_ask_service(local, stores["local"]),
        "server": build_ask_service(server, stores["server"]),
    }
    compared = {question: (citations(services["local"], question), citations(services["server"], question)) for question in QUESTIONS}
    for question, (local_citations, server_citations) in compared.items():
        assert server_citations == local_citations, question
    assert sum(bool(local_citations) for local_citations, _ in compared.values()) >= len(QUESTIONS) - 1


def tca(*args: str, env: dict) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "TCA_EMBEDDING_MODEL": "hashing", **env}
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args], cwd=REPO, capture_output=True, text=True, env=full_env, timeout=300
    )


def test_cli_ingest_ask_and_check_work_unchanged_in_server_mode(chroma_server, tmp_path):
    host, port = chroma_server
    modes = {
        "local": {"TCA_DATA_DIR": str(tmp_path / "local")},
        "server": {"TCA_DATA_DIR": str(tmp_path / "server"), "TCA_CHROMA_HOST": host, "TCA_CHROMA_PORT": str(port)},
    }
    outputs = {}
    for mode, env in modes.items():
        ingested = tca("ingest", str(REPO / "demo_corpus"), "--json", env=env)
        assert ingested.returncode == 0, ingested.stderr
        asked = tca("ask", QUESTIONS[0], "--json", env=env)
        assert asked.returncode == 0, asked.stderr
        checked = tca("check", str(REPO / "demo_corpus" / "harrowgate-initial-2025.txt"), "--json", env=env)
        assert checked.returncode in (0, 1), checked.stderr
        outputs[mode] = (json.loads(ingested.stdout)["documents"], json.loads(asked.stdout), json.loads(checked.stdout))

    assert outputs["server"] == outputs["local"]


def two_folders(tmp_path: Path) -> tuple[Path, Path]:
    """Different files for two processes, the same number each. Both start with a file of
    the same name (different content): both processes choose its document id at the same
    moment, and the second to write must not replace the first's document."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    demo = sorted(p for p in (REPO / "demo_corpus").iterdir() if p.suffix in (".md", ".txt") and p.stem != "README")
    for n in range(1, 5):
        for source in demo:
            (first if n % 2 else second).joinpath(f"copy{n}-{source.name}").write_text(
                source.read_text(encoding="utf-8") + f"\n\nCopy {n}.\n", encoding="utf-8"
            )
    for folder in (first, second):
        (folder / "aaa-same-name.md").write_text(
            demo[0].read_text(encoding="utf-8") + f"\n\nThis copy lives in {folder.name}.\n", encoding="utf-8"
        )
    return first, second


def test_two_processes_ingesting_at_once_end_consistent(chroma_server, tmp_path):
    host, port = chroma_server
    first, second = two_folders(tmp_path)
    data_dir = tmp_path / "shared-catalog"
    env = {**os.environ, "TCA_EMBEDDING_MODEL": "hashing", "TCA_CHROMA_HOST": host, "TCA_CHROMA_PORT": str(port)}
    command = [sys.executable, "-m", "cli.main", "ingest", "--data-dir", str(data_dir), "--json"]

    processes = [
        subprocess.Popen([*command, str(folder)], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for folder in (first, second)
    ]
    results = [process.communicate(timeout=600) for process in processes]

    for process, (_stdout, stderr) in zip(processes, results, strict=True):
        assert process.returncode == 0, stderr
    audit = subprocess.run(
        [sys.executable, "-m", "tests.support.store_audit", str(data_dir), host, str(port)],
        cwd=REPO, capture_output=True, text=True, env=env, timeout=120,
    )
    report = json.loads(audit.stdout)
    assert is_consistent(report), report
    every_file = sorted(p.name for folder in (first, second) for p in folder.iterdir())
    assert report["files"] == every_file  # both aaa-same-name.md files kept, under two ids
    assert len(report["documents"]) == len(every_file)


def test_two_app_instances_share_one_chroma_server_and_one_catalog(chroma_server, tmp_path):
    """The deployment in docs/deployment.md: one Chroma server, one catalog folder, several
    ``tca serve`` processes. Both seed-or-find the demo corpus at start; a document
    ingested from the CLI is listed and answered from by both; both take load at once."""
    from gradio_client import Client

    from bench.concurrency_bench import run_load, running_app

    host, port = chroma_server
    data_dir = tmp_path / "shared-catalog"
    env = {"TCA_EMBEDDING_MODEL": "hashing", "TCA_CHROMA_HOST": host, "TCA_CHROMA_PORT": str(port)}
    extra = tmp_path / "extra" / "fenwick-initial-2025.md"
    extra.parent.mkdir()
    extra.write_text(
        "# Technician Commitment Initial Self-Assessment - Fenwick Institute\n\n## Question 4: Sustainability\n\n"
        "Fenwick Institute runs a beekeeping apprenticeship for technicians in its apiary unit, "
        "with two apprentices recruited each spring.\n",
        encoding="utf-8",
    )

    with running_app(data_dir, free_port(), env) as first_url, running_app(data_dir, free_port(), env) as second_url:
        ingested = tca("ingest", str(extra), "--data-dir", str(data_dir), "--json", env=env)
        assert ingested.returncode == 0, ingested.stderr
        for url in (first_url, second_url):
            client = Client(url, verbose=False, download_files=False)
            assert "fenwick-initial-2025" in [d["id"] for d in client.predict(api_name="/documents")]
            markdown, _sources = client.predict("Who runs a beekeeping apprenticeship?", api_name="/ask")
            assert "beekeeping" in markdown
        loads = {}
        threads = [
            threading.Thread(target=lambda u=url: loads.__setitem__(u, run_load(u, clients=5, seconds=8)))
            for url in (first_url, second_url)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert all(result.errors == [] and result.latencies_s for result in loads.values()), {u: r.to_json() for u, r in loads.items()}
    audit = subprocess.run(
        [sys.executable, "-m", "tests.support.store_audit", str(data_dir), host, str(port)],
        cwd=REPO, capture_output=True, text=True, env={**os.environ, **env}, timeout=120,
    )
    report = json.loads(audit.stdout)
    assert is_consistent(report), report
    assert len(report["documents"]) == 7  # the demo corpus once (both instances seeded it) and the extra file
