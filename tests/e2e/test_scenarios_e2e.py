"""Context overlays in the real dashboard, offline: upload Polisen's utsatta områden on the
import page, and the overview map draws their outlines with labels on top of the areas."""

from __future__ import annotations

import pytest

from geo.paths import ROOT
from tests.e2e.maphelpers import FRAME_SELECTOR, PATHS
from tests.shared_data import shared_file

N_AREAS = 14
N_OVERLAY = 4
NAMES = {"Rosengård", "Södra Sofielund (Seved)", "Nydala / Hermodsdal / Lindängen",
         "Holma / Kroksbäck / Bellevuegården"}
pytestmark = pytest.mark.e2e
#: Paths drawn on the map (not the attribution's flag icon).
MAP_PATHS = "n => document.querySelectorAll('.leaflet-map-pane path').length === n"


@pytest.fixture
def app_url(streamlit_server) -> str:
    return streamlit_server(ROOT / "dashboard.py")


def test_uploaded_overlay_draws_outlines_and_labels(page, app_url, external_requests, artifacts_dir):
    gpkg = shared_file("polisen/malmo_utsatta_omraden_2023.gpkg")
    page.goto(app_url)
    nav(page, "Importera")
    uploader = page.locator('[data-testid="stFileUploader"]').filter(has_text="Ladda upp kartlager")
    uploader.locator('input[type="file"]').set_input_files(str(gpkg))
    page.get_by_text("finns nu under Kartlager").first.wait_for(timeout=60_000)

    # client-side navigation keeps the session (and with it the uploaded overlay)
    nav(page, "Översikt")
    frame_loc, frame = _map(page)
    toggle = page.locator('[data-testid="stSidebar"] [data-testid="stCheckbox"]').filter(
        has_text="malmo utsatta omraden 2023")
    assert toggle.count() == 1
    frame.wait_for_function(
        MAP_PATHS, arg=N_AREAS + N_OVERLAY, timeout=30_000)
    assert frame_loc.locator(PATHS).count() == N_AREAS  # overlays are not interactive: clicks reach areas
    assert frame_loc.locator(".leaflet-oiOverlays-pane path").count() == N_OVERLAY
    labels = frame.evaluate(
        "() => Array.from(document.querySelectorAll('.oi-overlay-label')).map(e => e.textContent)")
    assert set(labels) == NAMES
    page.screenshot(path=str(artifacts_dir / "dashboard-overlay.png"), full_page=True)

    # switching it off removes the outlines without re-mounting the map
    frame.evaluate("() => { window.__marker = 1; }")
    toggle.locator("label").click()
    frame.wait_for_function(MAP_PATHS, arg=N_AREAS, timeout=30_000)
    assert frame.evaluate("() => window.__marker") == 1
    assert page.locator('[data-testid="stException"]').count() == 0
    assert external_requests == []


def nav(page, title: str) -> None:
    """Go to a page through the sidebar (keeps the session; URL paths are the router's business)."""
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()


def _map(page, *, overlays: bool = True):
    frame_loc = page.frame_locator(FRAME_SELECTOR).first
    frame_loc.locator(PATHS).first.wait_for(state="attached", timeout=60_000)
    frame = page.locator(FRAME_SELECTOR).first.element_handle().content_frame()
    frame.wait_for_function("o => window.__areaStyles !== undefined && (!o || window.__applyOverlays !== undefined)",
                            arg=overlays)
    return frame_loc, frame


def test_robustness_map_marks_unstable_areas_dashed(page, app_url, external_requests):
    page.goto(app_url)
    nav(page, "Robusthet")
    frame_loc, frame = _map(page, overlays=False)
    page.wait_for_timeout(1000)
    frame.evaluate("() => { window.__marker = 1; }")
    thumb = page.locator('[data-testid="stSlider"]').filter(has_text="koncentration").get_by_role("slider")
    thumb.focus()
    for _ in range(3):  # 50 → 20 → 10 → 5: wide spread, some areas become uncertain
        thumb.press("ArrowLeft")
    page.get_by_text("Osäkra", exact=False).first.wait_for(timeout=30_000)
    frame.wait_for_function(
        "() => document.querySelectorAll('path.leaflet-interactive[stroke-dasharray=\"8 6\"]').length > 0",
        timeout=30_000)
    dashed = frame.evaluate(
        """() => Array.from(document.querySelectorAll('path.leaflet-interactive[stroke-dasharray="8 6"]'))
                  .map(p => Number(p.getAttribute('stroke-width')))""")
    assert dashed and all(w >= 4 for w in dashed)
    assert frame.evaluate("() => window.__marker") == 1, "the map was re-mounted"
    assert frame.evaluate("() => document.querySelectorAll('path.leaflet-interactive').length") == N_AREAS
    assert page.locator('[data-testid="stException"]').count() == 0
    assert external_requests == []
