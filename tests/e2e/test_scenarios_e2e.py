"""Context overlays in the real dashboard, offline: upload Polisen's utsatta områden on the
import page, and the overview map draws their outlines with labels on top of the areas."""

from __future__ import annotations

import pytest

from geo.paths import ROOT
from geo.view.labels import short_name
from tests.e2e.maphelpers import MAP_SELECTOR, PATHS, boxes_overlap, label_boxes, wait_painted
from tests.shared_data import shared_file

N_AREAS = 14
N_OVERLAY = 4
NAMES = {"Rosengård", "Södra Sofielund (Seved)", "Nydala / Hermodsdal / Lindängen",
         "Holma / Kroksbäck / Bellevuegården"}
pytestmark = pytest.mark.e2e
#: Paths drawn on the map (not the attribution's flag icon).


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
    page.wait_for_function(
        "n => document.querySelectorAll('[data-testid=\"oi-map\"] .leaflet-oiOverlays-pane path').length === n",
        arg=N_OVERLAY, timeout=30_000)
    assert frame_loc.locator(PATHS).count() == N_AREAS  # overlays are not interactive: clicks reach areas
    page.wait_for_timeout(500)
    boxes = label_boxes(page)
    shown_texts = {text for text, _ in boxes}
    for name in NAMES:  # every overlay is named on the map (in full, or its first part where room is short) …
        assert name in shown_texts or short_name(name) in shown_texts, (name, shown_texts)
    for i, (_, a) in enumerate(boxes):  # … and no label covers another (issue 11)
        for _, b in boxes[i + 1:]:
            assert not boxes_overlap(a, b), boxes
    page.screenshot(path=str(artifacts_dir / "dashboard-overlay.png"), full_page=True)

    # switching it off removes the outlines without re-mounting the map
    page.locator(MAP_SELECTOR).first.evaluate("el => { el.__marker = 1; }")
    toggle.locator("label").click()
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=\"oi-map\"] .leaflet-oiOverlays-pane path').length === 0",
        timeout=30_000)
    assert page.locator(MAP_SELECTOR).first.evaluate("el => el.__marker") == 1
    assert page.locator('[data-testid="stException"]').count() == 0
    assert external_requests == []


def nav(page, title: str) -> None:
    """Go to a page through the sidebar (keeps the session; URL paths are the router's business)."""
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()


def _map(page, *, overlays: bool = True):
    wait_painted(page, N_AREAS)
    return page.locator(MAP_SELECTOR).first, page


def test_robustness_map_marks_unstable_areas_dashed(page, app_url, external_requests):
    page.goto(app_url)
    nav(page, "Robusthet")
    frame_loc, frame = _map(page, overlays=False)
    page.wait_for_timeout(1000)
    page.locator(MAP_SELECTOR).first.evaluate("el => { el.__marker = 1; }")
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
    assert page.locator(MAP_SELECTOR).first.evaluate("el => el.__marker") == 1, "the map was re-mounted"
    assert page.locator(MAP_SELECTOR).first.locator(PATHS).count() == N_AREAS
    assert page.locator('[data-testid="stException"]').count() == 0
    assert external_requests == []
