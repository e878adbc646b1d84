"""Servers the benches and tests start as subprocesses on loopback (``tca serve``,
``chroma run``): a free port, waiting until one answers HTTP, and stopping it."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path


def free_port() -> int:
    """A port nothing listens on now, on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_http(
    url: str, process: subprocess.Popen | None, limit_s: float, log: Path | None = None,
    poll_s: float = 0.5, any_status: bool = False,
) -> None:
    """Return once ``url`` answers 200 (any HTTP status with ``any_status``: a server
    behind a login answers 401 when it is up). RuntimeError when the process exits
    first (with the end of its log), TimeoutError after ``limit_s``."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log else ""
            raise RuntimeError(f"{url}: the server exited with {process.returncode} {tail}".rstrip())
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except urllib.error.HTTPError:
            if any_status:
                return
        except OSError:
            pass
        time.sleep(poll_s)
    raise TimeoutError(f"{url} not serving after {limit_s:.0f} s")


def stop(process: subprocess.Popen, timeout_s: float = 20) -> None:
    """SIGTERM, then SIGKILL if it has not ended within ``timeout_s``."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
