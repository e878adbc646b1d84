"""The app as a user meets it: started once per session in a subprocess (`tca serve` on
127.0.0.1, a free port, a temp data dir the demo corpus is seeded into), and a headless
Debian Chromium driven by Playwright. Screenshots go to ``artifacts/screenshots/``."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest

from bench.processes import free_port, stop, wait_for_http
from tests.support.environment import CHROMIUM, unavailable

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
START_TIMEOUT_S = 240  # seeding the demo corpus with the real model takes ~30 s here


@dataclass
class RunningApp:
    url: str
    data_dir: Path
    process: subprocess.Popen
    log: Path

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        stop(self.process)


def app_environment(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TCA_")}
    env.update(
        HOME=str(home), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False",
        ANONYMIZED_TELEMETRY="False", GRADIO_TEMP_DIR=str(home / "gradio"), PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def start_app(data_dir: Path, workdir: Path, demo: bool = True, **env: str) -> RunningApp:
    """``tca serve`` in a subprocess; returns once it answers HTTP 200."""
    port = free_port()
    log = workdir / f"serve-{port}.log"
    handle = log.open("w")
    command = [sys.executable, "-m", "cli.main", "serve", "--port", str(port), "--data-dir", str(data_dir)]
    process = subprocess.Popen(
        command + ([] if demo else ["--no-demo"]),
        cwd=REPO, env=app_environment(workdir / "home", **env), stdout=handle, stderr=subprocess.STDOUT,
    )
    app = RunningApp(f"http://127.0.0.1:{port}/", data_dir, process, log)
    wait_until_ready(app, START_TIMEOUT_S)
    return app


def wait_until_ready(app: RunningApp, timeout: float) -> None:
    """Any HTTP answer counts (an app behind a login answers 401 when it is up)."""
    try:
        wait_for_http(app.url, app.process, timeout, app.log, any_status=True)
    except TimeoutError:
        app.stop()
        raise RuntimeError(f"the app was not ready within {timeout:.0f} s:\n{app.log_tail()}") from None


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    """One app for the session, its store seeded with the demo corpus by `tca serve`."""
    workdir = tmp_path_factory.mktemp("app")
    app = start_app(workdir / "data", workdir)
    yield app
    app.stop()


@pytest.fixture()
def launch_app(tmp_path):
    """Start another app (e.g. with a login) on its own empty data dir (a local Chroma
    folder is one process's); stopped after the test."""
    started: list[RunningApp] = []

    def launch(**env: str) -> RunningApp:
        started.append(start_app(tmp_path / f"data-{len(started)}", tmp_path, demo=False, **env))
        return started[-1]

    yield launch
    for app in started:
        app.stop()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing: install Debian's Chromium (scripts/install_chromium.sh; CI does this)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (a test extra: pip install -e '.[test]')")

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Page:
    """A Playwright page on the app that records every request it makes."""

    def __init__(self, page, url: str):
        self.page = page
        self.url = url
        self.requests: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))

    def external_requests(self) -> list[str]:
        local = urlparse(self.url).netloc
        return [u for u in self.requests if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).netloc != local]

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def open_tab(self, name: str) -> None:
        self.page.get_by_role("tab", name=name, exact=True).click()


@pytest.fixture()
def app_page(browser, app_server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    context.set_default_timeout(60_000)
    page = Page(context.new_page(), app_server.url)
    page.page.goto(app_server.url)
    page.page.wait_for_selector("#ask-input textarea")
    yield page
    context.close()
    assert not page.external_requests(), f"requests left 127.0.0.1: {page.external_requests()}"
