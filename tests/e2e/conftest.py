"""Fixtures for end-to-end tests: a real Streamlit server and headless Chromium.

Everything runs offline: the ``page`` fixture aborts (and records) every
request to a host other than localhost/127.0.0.1, so a test can assert that
nothing external was even attempted.

Without Playwright or Chromium the e2e tests are skipped, except on CI
(``CI=true``), where that is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.processes import stop

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HEALTH_TIMEOUT_S = 60.0


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: end-to-end tests in headless Chromium against a running server")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep each phase's report on the item so ``page`` can screenshot failures."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"e2e prerequisites missing on CI: {reason}")
    pytest.skip(reason)


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome-error"):
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(base_url: str, proc: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + HEALTH_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log_path.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    raise RuntimeError(
        f"streamlit not healthy after {HEALTH_TIMEOUT_S:.0f} s:\n{log_path.read_text(errors='replace')}"
    )


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    return ARTIFACTS_DIR


@pytest.fixture(scope="session")
def streamlit_server(artifacts_dir: Path) -> Iterator[Callable[..., str]]:
    """Factory: ``streamlit_server(app_path, env=None) -> base_url``; one server per app + env per session.

    Runs ``python -m streamlit run`` with the repo root as cwd, so the repo's
    ``.streamlit/config.toml`` applies and ``geo`` is importable. ``env`` (e.g.
    ``{"OMRADESINDEX_DATA_DIR": str(folder)}``) is added to the server's environment;
    servers are keyed by app and env, so a test with its own data gets its own server.
    New sessions open on the synthetic demo (``OMRADESINDEX_BUILTIN=demo``, the full index the
    browser tests were written for) unless ``env`` says otherwise, e.g. ``{"OMRADESINDEX_BUILTIN": "oppna"}``
    for the app's own default, the open data. Server output goes to ``test-artifacts/streamlit-<app>[-<n>].log``.
    """
    servers: dict[tuple[Path, tuple[tuple[str, str], ...]], tuple[str, subprocess.Popen]] = {}
    logs = []

    def start(app_path: str | Path, env: dict[str, str] | None = None) -> str:
        app = Path(app_path)
        app = (app if app.is_absolute() else REPO_ROOT / app).resolve()
        extra = tuple(sorted(({"OMRADESINDEX_BUILTIN": "demo"} | (env or {})).items()))
        key = (app, extra)
        if key in servers:
            return servers[key][0]
        port = _free_port()
        base_url = f"http://localhost:{port}"
        suffix = f"-{sum(1 for a, _ in servers if a == app)}" if sum(1 for a, _ in servers if a == app) else ""
        log_path = artifacts_dir / f"streamlit-{app.stem}{suffix}.log"
        log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 (closed at teardown)
        logs.append(log)
        server_env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
            "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
            **dict(extra),
        }
        proc = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", str(app),
                "--server.port", str(port),
                "--server.address", "localhost",
                "--server.headless", "true",
                "--server.enableStaticServing", "true",
                "--server.fileWatcherType", "none",
                "--browser.gatherUsageStats", "false",
            ],
            cwd=REPO_ROOT,
            env=server_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        servers[key] = (base_url, proc)
        try:
            _wait_healthy(base_url, proc, log_path)
        except RuntimeError as exc:
            pytest.fail(str(exc))
        return base_url

    yield start

    stop(*(proc for _, proc in servers.values()))
    for log in logs:
        log.close()


@pytest.fixture(scope="session")
def browser():
    """Headless system Chromium through Playwright's sync API."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)) and not shutil.which(CHROMIUM):
        _unavailable(f"chromium not found at {CHROMIUM}")

    with sync_playwright() as pw:
        try:
            b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        except PlaywrightError as exc:
            _unavailable(f"chromium failed to start: {exc}")
        yield b
        b.close()


@pytest.fixture
def external_requests() -> list[str]:
    """URLs of requests to non-local hosts the ``page`` attempted (all aborted)."""
    return []


@pytest.fixture
def page(browser, external_requests: list[str], artifacts_dir: Path, request: pytest.FixtureRequest):
    """A fresh context + page where every non-localhost request is aborted and recorded."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, service_workers="block")

    def guard(route) -> None:
        url = route.request.url
        if _is_local(url):
            route.continue_()
        else:
            external_requests.append(url)
            route.abort()

    def guard_ws(ws) -> None:
        external_requests.append(ws.url)
        ws.close()

    context.route("**/*", guard)
    context.route_web_socket(lambda url: not _is_local(url), guard_ws)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg

    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        try:
            pg.screenshot(path=str(artifacts_dir / f"FAILED-{request.node.name}.png"), full_page=True)
        except Exception:  # noqa: BLE001 - best effort on an already failing test
            pass
    context.close()
