"""One writer at a time per store, across threads and processes.

A write (one document added or deleted, or recovery) holds an ``flock`` on
``DATA_DIR/writer.lock`` from the moment it journals chunk ids until it clears them.
So whoever holds the lock knows every journal entry it finds belongs to a writer that
died: the kernel drops a dead process's lock, even after SIGKILL. Each acquisition
opens its own file description, so two threads of one process exclude each other too.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = "writer.lock"


class WriterLock:
    def __init__(self, data_dir: Path):
        self.path = data_dir / LOCK_FILE

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Wait for the lock; held for one document's write."""
        fd = self._open()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing the description releases the lock

    @contextmanager
    def try_exclusive(self) -> Iterator[bool]:
        """Take the lock only if nobody holds it; yields whether it was taken (a live
        writer holding it will settle the store itself)."""
        fd = self._open()
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            yield True
        finally:
            os.close(fd)

    def _open(self) -> int:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
