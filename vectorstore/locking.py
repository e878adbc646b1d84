"""One writer at a time per store, across threads and processes, on Linux, macOS and Windows.

A write (one document added or deleted, or recovery) holds an OS file lock on
``DATA_DIR/writer.lock`` (``filelock``: ``flock`` on POSIX, ``msvcrt.locking`` on
Windows) from the moment it journals chunk ids until it clears them. So whoever holds the
lock knows every journal entry it finds belongs to a writer that died: the OS drops a dead
process's lock, even after SIGKILL. Each acquisition opens its own lock object and file
handle, so two threads of one process exclude each other too. There is no fallback to a
"soft" lock file (one a killed process would leave behind): a file system without locks is
an error, not a silent loss of that guarantee.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_FILE = "writer.lock"


class WriterLock:
    def __init__(self, data_dir: Path):
        self.path = data_dir / LOCK_FILE

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Wait for the lock; held for one document's write."""
        with self._lock():
            yield

    @contextmanager
    def try_exclusive(self) -> Iterator[bool]:
        """Take the lock only if nobody holds it; yields whether it was taken (a live
        writer holding it will settle the store itself)."""
        lock = self._new_lock()
        try:
            lock.acquire(blocking=False)
        except Timeout:
            yield False
            return
        try:
            yield True
        finally:
            lock.release()

    @contextmanager
    def _lock(self) -> Iterator[None]:
        lock = self._new_lock()
        lock.acquire()
        try:
            yield
        finally:
            lock.release()

    def _new_lock(self) -> FileLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(self.path, thread_local=False, fallback_to_soft=False, preserve_lock_file=True)
