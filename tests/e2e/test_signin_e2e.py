"""Sign-in end to end (issue 16, point 1): the app behind a real OpenID Connect provider on loopback.

The provider (tests/e2e/idp.py: oidc-provider-mock with a password check) runs in this process; the
app runs as ``streamlit run`` with ``[auth]`` in a secrets file pointing at it, and roles from an
``omradesindex.toml`` in its working directory. Chromium walks through: the sign-in screen, a wrong
password, a right one (the map, the user's name and role), sign-out, and a sign-in whose identity
token has expired."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from geo.paths import ROOT
from tests.e2e.conftest import _free_port, _wait_healthy
from tests.e2e.idp import identity_provider
from tests.e2e.maphelpers import MAP_SELECTOR
from tests.processes import stop

pytestmark = pytest.mark.e2e

USERS = {
    "anna": ("rätt-lösen", {"email": "anna@malmo.se", "name": "Anna Andersson", "groups": ["oi-planerare"]}),
    "bo": ("bos-lösen", {"email": "bo@malmo.se", "name": "Bo Berg", "groups": []}),
}


def _start_app(tmp: Path, idp_url: str, artifacts_dir: Path, name: str) -> Iterator[str]:
    """``streamlit run dashboard.py`` from a working directory with the deployment's two files:
    ``.streamlit/secrets.toml`` ([auth]) and ``omradesindex.toml`` (roles). Yields the base URL."""
    port = _free_port()
    base = f"http://localhost:{port}"
    work = tmp / name
    (work / ".streamlit").mkdir(parents=True)
    shutil.copy(ROOT / ".streamlit" / "config.toml", work / ".streamlit" / "config.toml")
    (work / ".streamlit" / "secrets.toml").write_text(
        f'[auth]\nredirect_uri = "{base}/oauth2callback"\ncookie_secret = "{secrets.token_hex(16)}"\n'
        f'client_id = "omradesindex"\nclient_secret = "{secrets.token_hex(8)}"\n'
        f'server_metadata_url = "{idp_url}/.well-known/openid-configuration"\n', encoding="utf-8")
    (work / "omradesindex.toml").write_text(
        '[auth]\ndefault_role = "lasare"\n[auth.groups]\n"oi-planerare" = "planerare"\n', encoding="utf-8")
    log_path = artifacts_dir / f"streamlit-signin-{name}.log"
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.port", str(port),
             "--server.address", "localhost", "--server.headless", "true", "--server.fileWatcherType", "none",
             "--server.enableStaticServing", "true", "--browser.gatherUsageStats", "false"],
            cwd=work, stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(ROOT), "OMRADESINDEX_BUILTIN": "demo",
                 "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"})
        try:
            _wait_healthy(base, proc, log_path)
            yield base
        finally:
            stop(proc)


@pytest.fixture(scope="module")
def signin_url(tmp_path_factory, artifacts_dir) -> Iterator[str]:
    with identity_provider(USERS) as idp:
        yield from _start_app(tmp_path_factory.mktemp("signin"), idp, artifacts_dir, "hour")


@pytest.fixture(scope="module")
def short_url(tmp_path_factory, artifacts_dir) -> Iterator[str]:
    """A provider whose identity tokens last 3 seconds."""
    with identity_provider(USERS, token_max_age=timedelta(seconds=3)) as idp:
        yield from _start_app(tmp_path_factory.mktemp("short"), idp, artifacts_dir, "short")


def _sign_in_screen(page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Logga in").wait_for(timeout=60_000)
    assert page.locator(MAP_SELECTOR).count() == 0  # nothing of the data before sign-in


def _provider_form(page, sub: str, password: str) -> None:
    page.get_by_role("button", name="Logga in").click()
    page.locator("input[name=sub]").wait_for(timeout=30_000)
    page.fill("input[name=sub]", sub)
    page.fill("input[name=password]", password)
    page.click("#sign-in")


def test_sign_in_wrong_password_and_sign_out(page, signin_url, artifacts_dir):
    _sign_in_screen(page, signin_url)
    _provider_form(page, "anna", "fel-lösen")
    page.locator("#error").wait_for(timeout=20_000)  # refused by the provider: still on its page
    assert "Fel användarnamn eller lösenord" in page.locator("#error").inner_text()
    assert page.url.startswith("http://127.0.0.1:")
    page.fill("input[name=sub]", "anna")
    page.fill("input[name=password]", "rätt-lösen")
    page.click("#sign-in")
    page.locator(MAP_SELECTOR).first.wait_for(timeout=90_000)  # back in the app, signed in
    page.get_by_text("Inloggad som").wait_for(timeout=30_000)
    assert "Anna Andersson" in page.get_by_text("Inloggad som").inner_text()
    assert "planerare" in page.get_by_text("Inloggad som").inner_text()
    page.screenshot(path=str(artifacts_dir / "signin-signed-in.png"))
    page.get_by_role("button", name="Logga ut").click()
    end = page.get_by_role("button", name="End session")  # the provider's end-session page, if it shows one
    try:
        end.wait_for(timeout=5_000)
        end.click()
    except Exception:  # noqa: BLE001 - Streamlit may come straight back
        pass
    page.goto(signin_url)
    page.get_by_role("button", name="Logga in").wait_for(timeout=60_000)
    assert page.locator(MAP_SELECTOR).count() == 0 and page.get_by_text("Inloggad som").count() == 0


def test_an_expired_sign_in_must_sign_in_again(page, short_url):
    _sign_in_screen(page, short_url)
    _provider_form(page, "bo", "bos-lösen")
    page.get_by_text("Inloggad som").wait_for(timeout=90_000)
    assert "läsare" in page.get_by_text("Inloggad som").inner_text()  # no group: the default role
    time.sleep(4)  # past the token's three seconds
    page.reload()
    page.get_by_text("Din inloggning har gått ut").wait_for(timeout=60_000)
    page.get_by_role("button", name="Logga in igen").wait_for(timeout=30_000)
    assert page.locator(MAP_SELECTOR).count() == 0
