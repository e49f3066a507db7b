"""The map's data files go with their sessions, on a real server (issue 17: "simplified geometry with
area names is published under static/generated/ and served to anyone without a session, and stays
after the server exits").

Each browser session's map fetches its areas, scores and overlays from its own folder
``static/generated/session-<pid>.<session>.<token>/``; with a short ``disconnectedSessionTTL`` the
folder — and with it every URL of the session — is gone a few seconds after the session closes,
while another open session keeps its own.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest

from geo.paths import ROOT
from tests.e2e.maphelpers import poll, wait_painted

pytestmark = pytest.mark.e2e

TTL_S = 2
_SESSION_URL = re.compile(r"/app/static/generated/(session-\d+\.[A-Za-z0-9-]+\.[0-9a-f]{32})/(areas|scores|overlay)-")


@pytest.fixture(scope="module")
def short_ttl_url(streamlit_server) -> str:
    return streamlit_server(ROOT / "dashboard.py", env={
        "STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(TTL_S), "OMRADESINDEX_UPLOAD_SWEEP_SECONDS": "1"})


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as err:
        return err.code


def open_session(browser, base: str):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, service_workers="block")
    page = context.new_page()
    page.set_default_timeout(60_000)
    fetched: list[str] = []
    page.on("requestfinished", lambda req: fetched.append(req.url) if "/static/generated/" in req.url else None)
    page.goto(base)
    wait_painted(page, 14)
    data = [u for u in fetched if _SESSION_URL.search(u)]
    return context, data


def test_map_files_are_per_session_and_gone_when_the_session_ends(browser, short_ttl_url):
    first, first_urls = open_session(browser, short_ttl_url)
    second, second_urls = open_session(browser, short_ttl_url)
    kinds = {_SESSION_URL.search(u).group(2) for u in first_urls}
    assert {"areas", "scores"} <= kinds, first_urls  # the geometry and the scores come from a session folder
    folder_of = {_SESSION_URL.search(u).group(1) for u in first_urls}
    assert len(folder_of) == 1 and folder_of.isdisjoint({_SESSION_URL.search(u).group(1) for u in second_urls})
    folder = ROOT / "static" / "generated" / folder_of.pop()
    assert folder.is_dir() and all(status(u) == 200 for u in first_urls + second_urls)
    assert not list((ROOT / "static" / "generated").glob("areas-*.json"))  # nothing published for everybody

    first.close()
    assert poll(lambda: not folder.exists(), timeout=40), "the closed session's map files are still on disk"
    assert all(status(u) == 404 for u in first_urls)
    assert all(status(u) == 200 for u in second_urls)  # the open session keeps its own
    second.close()
