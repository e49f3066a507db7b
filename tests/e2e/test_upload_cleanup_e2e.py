"""Upload folders go with their sessions, on a real server (issue 16 points 5 and 8).

The probe: after 15 sessions that uploaded files and 180 s without them (past
``server.disconnectedSessionTTL``), 16 upload folders were still on disk until the server stopped.
Here a server runs with a short ``disconnectedSessionTTL`` and its own ``TMPDIR``; three browser
sessions each upload a file on Importera (each into a private folder of its own), two close, and
their folders must be gone a few seconds after their sessions' TTL while the open session keeps its
own; then the last closes and nothing is left.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from geo.paths import ROOT, demo_paths
from tests.e2e.maphelpers import poll

pytestmark = pytest.mark.e2e

TTL_S = 2
PREFIX = "omradesindex-upload-"


@pytest.fixture(scope="module")
def upload_tmp(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("server-tmp")


@pytest.fixture(scope="module")
def short_ttl_url(streamlit_server, upload_tmp) -> str:
    return streamlit_server(ROOT / "dashboard.py", env={
        "STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(TTL_S), "TMPDIR": str(upload_tmp),
        "OMRADESINDEX_UPLOAD_SWEEP_SECONDS": "1"})


def folders(root: Path) -> list[Path]:
    return sorted(p for p in root.glob(f"{PREFIX}*") if p.is_dir())


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


def test_upload_folders_are_removed_after_their_sessions_end(browser, short_ttl_url, upload_tmp, artifacts_dir):
    areas = demo_paths().areas
    sessions = []
    for k in range(3):
        context = browser.new_context(viewport={"width": 1200, "height": 900}, service_workers="block")
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(f"{short_ttl_url}/importera")
        upload = page.locator('[data-testid="stFileUploaderDropzoneInput"]').first
        upload.wait_for(state="attached")
        named = upload_tmp / f"omraden_{k}.gpkg"
        named.write_bytes(areas.read_bytes())
        upload.set_input_files(str(named))
        assert poll(lambda k=k: any(f"omraden_{k}.gpkg" in files_in(f) for f in folders(upload_tmp)), timeout=60)
        sessions.append((context, page))
    held = folders(upload_tmp)
    assert len(held) == 3  # one private folder per session
    owner = {k: next(f for f in held if f"omraden_{k}.gpkg" in files_in(f)) for k in range(3)}
    assert len(set(owner.values())) == 3 and all(len(files_in(f)) == 1 for f in held)  # nothing shared

    for context, _ in sessions[1:]:
        context.close()
    start = time.monotonic()
    assert poll(lambda: folders(upload_tmp) == [owner[0]], timeout=TTL_S + 30), folders(upload_tmp)
    took = time.monotonic() - start
    assert files_in(owner[0]) == ["omraden_0.gpkg"]  # the open session keeps its upload
    sessions[0][1].screenshot(path=str(artifacts_dir / "upload-cleanup-open-session.png"))

    sessions[0][0].close()
    assert poll(lambda: folders(upload_tmp) == [], timeout=TTL_S + 30), folders(upload_tmp)
    print(f"folders of ended sessions removed {took:.1f} s after the browsers closed (TTL {TTL_S} s)")
