"""The store's writer lock: one writer across threads and processes, released by the OS
when its holder is killed, and built on a cross-platform library (no ``fcntl``)."""

from __future__ import annotations

import ast
import signal
import subprocess
import sys
import threading
from pathlib import Path

from vectorstore.locking import WriterLock

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("assistant", "ingest", "vectorstore", "domain", "ui", "prompts", "bench")

HOLD_LOCK = """
import sys, time
from pathlib import Path
from vectorstore.locking import WriterLock
with WriterLock(Path(sys.argv[1])).exclusive():
    print("held", flush=True)
    time.sleep(600)
"""


def test_two_threads_exclude_each_other(tmp_path):
    lock = WriterLock(tmp_path)
    entered = threading.Event()

    def second_writer():
        with lock.exclusive():
            entered.set()

    with lock.exclusive():
        thread = threading.Thread(target=second_writer)
        thread.start()
        assert not entered.wait(0.3)
        with lock.try_exclusive() as taken:
            assert taken is False
    thread.join(timeout=10)
    assert entered.is_set()


def test_a_killed_holder_releases_the_lock(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(tmp_path)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with WriterLock(tmp_path).try_exclusive() as taken:
            assert taken is False  # another process holds it
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
        with WriterLock(tmp_path).try_exclusive() as taken:
            assert taken is True  # the OS dropped the dead process's lock
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()


def test_no_module_imports_posix_only_locking():
    """fcntl does not exist on Windows: the app and CLI must start there."""
    offenders = []
    for package in PACKAGES:
        for path in (REPO / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                if isinstance(node, ast.ImportFrom):
                    names = [node.module or ""]
                if any(name.split(".")[0] == "fcntl" for name in names):
                    offenders.append(str(path.relative_to(REPO)))
    assert offenders == []
