"""geo.output.webmap in a real browser, offline: local Leaflet, restyle in place, clicks.

The tests drive tests/e2e/apps/webmap_app.py (six squares, one without
a value, one named ``<script>alert(1)</script>``). Python-only
checks of the same module are in tests/geo/output/test_webmap.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.maphelpers import (
    PATHS,
    assert_not_remounted,
    fills,
    mark_no_remount,
    open_map,
    path_index,
    poll,
)

APP = Path(__file__).parent / "apps" / "webmap_app.py"
N_AREAS = 6


# ---------------------------------------------------------------- helpers


@pytest.fixture
def app_url(streamlit_server) -> str:
    return streamlit_server(APP)


# ---------------------------------------------------------------- browser tests


@pytest.mark.e2e
def test_leaflet_is_served_locally_and_executes(page, app_url, external_requests, artifacts_dir):
    served = {}
    page.on("response", lambda r: served.__setitem__(r.url.rsplit("/", 1)[-1], r) if "/app/static/" in r.url else None)
    _, frame = open_map(page, app_url, N_AREAS)

    from xstatic.pkg import leaflet as xs_leaflet

    js, css = served["leaflet.js"], served["leaflet.css"]
    assert js.status == 200 and css.status == 200
    assert re.match(r"(application|text)/javascript", js.headers["content-type"]), js.headers["content-type"]
    assert css.headers["content-type"].startswith("text/css")
    assert frame.evaluate("() => L.version") == xs_leaflet.VERSION  # the script executed
    # Only our Leaflet is loaded: no jQuery, Bootstrap, Font Awesome, awesome-markers.
    srcs = frame.evaluate("() => Array.from(document.scripts).map(s => s.src).filter(Boolean)")
    links = frame.evaluate("() => Array.from(document.querySelectorAll('link[rel=stylesheet]')).map(l => l.href)")
    assert [s for s in srcs if "/component/" not in s] == [f"{app_url}/app/static/vendor/leaflet/leaflet.js"]
    assert links == [f"{app_url}/app/static/vendor/leaflet/leaflet.css"]
    assert frame.evaluate("() => typeof window.jQuery") == "undefined"
    # The geometry came from the published file, not from the component args.
    (areas,) = [r for name, r in served.items() if name.startswith("areas-")]
    assert areas.status == 200 and areas.headers["content-type"].startswith("application/json")
    # No tile layer by default (offline).
    assert frame.locator(".leaflet-tile-pane img").count() == 0
    assert external_requests == []


@pytest.mark.e2e
def test_map_draws_one_path_per_area(page, app_url, external_requests, artifacts_dir):
    frame_loc, frame = open_map(page, app_url, N_AREAS)
    paths = frame_loc.locator(PATHS)
    assert paths.count() == N_AREAS

    colours = fills(frame)
    assert sorted(colours) == [f"a{i}" for i in range(N_AREAS)]
    # a2 has no value: light grey, dashed outline; the others are coloured.
    no_data = paths.nth(path_index(frame, "a2"))
    assert colours["a2"] == "#f2f2f2"
    assert no_data.get_attribute("stroke-dasharray")
    assert all(re.fullmatch(r"#ff[0-9a-f]{4}", v) for k, v in colours.items() if k != "a2")

    # The name with markup is shown as text in the tooltip, never parsed.
    paths.nth(path_index(frame, "a4")).hover()
    tooltip = frame_loc.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert "<script>alert(1)</script>" in tooltip.inner_text()
    assert tooltip.locator("script").count() == 0
    assert "Index:" in tooltip.inner_text()

    page.screenshot(path=str(artifacts_dir / "webmap-initial.png"), full_page=True)
    assert external_requests == []


@pytest.mark.e2e
def test_slider_restyles_without_remount_and_keeps_zoom(page, app_url, external_requests, artifacts_dir):
    geometry_fetches = []
    page.on("request", lambda r: geometry_fetches.append(r.url) if "/app/static/generated/" in r.url else None)
    frame_loc, frame = open_map(page, app_url, N_AREAS)
    page.wait_for_timeout(500)  # let the component's first value round-trip settle

    # Zoom in with the map's own control so the view differs from the initial fit.
    zoom0 = frame.evaluate("() => window.map.getZoom()")
    frame_loc.locator(".leaflet-control-zoom-in").click()
    frame.wait_for_function("z => window.map.getZoom() > z", arg=zoom0)
    page.wait_for_timeout(500)  # zoom animation + debounced moveend
    zoom1 = frame.evaluate("() => window.map.getZoom()")
    center1 = frame.evaluate("() => { const c = window.map.getCenter(); return [c.lat, c.lng]; }")
    mark_no_remount(page, frame)
    before = fills(frame)

    slider = page.get_by_role("slider")
    slider.focus()
    for _ in range(3):
        slider.press("ArrowRight")

    after = poll(lambda: (f := fills(frame)) != before and f)
    assert after, "fill colours did not change after the slider moved"
    # Wait for the last of the reruns to land before checking the view.
    expected_value = "0.80"
    page.get_by_text(expected_value, exact=True).first.wait_for()
    page.wait_for_timeout(1000)
    after = fills(frame)

    assert after["a2"] == before["a2"] == "#f2f2f2"  # no value stays no-data
    changed = [k for k in before if before[k] != after[k]]
    assert changed and "a2" not in changed
    assert_not_remounted(page)
    assert frame.evaluate("() => window.map.getZoom()") == zoom1
    center2 = frame.evaluate("() => { const c = window.map.getCenter(); return [c.lat, c.lng]; }")
    assert center2 == pytest.approx(center1, abs=1e-9)
    assert frame_loc.locator(PATHS).count() == N_AREAS
    assert len(geometry_fetches) == 1, geometry_fetches  # geometry loaded once, not per rerun

    page.screenshot(path=str(artifacts_dir / "webmap-after-slider.png"), full_page=True)
    assert external_requests == []


@pytest.mark.e2e
def test_click_selects_area(page, app_url, external_requests, artifacts_dir):
    frame_loc, frame = open_map(page, app_url, N_AREAS)
    page.wait_for_timeout(500)
    mark_no_remount(page, frame)

    frame_loc.locator(PATHS).nth(path_index(frame, "a1")).click()
    page.get_by_text("Vald: a1").wait_for(timeout=20_000)
    # The app reran with the selection outline, still without re-mounting.
    frame.wait_for_function(
        """() => {
            let w = null;
            window.map.eachLayer(l => {
                if (l.feature && l.feature.properties.area_id === 'a1') w = l._path.getAttribute('stroke-width');
            });
            return w === '3';
        }"""
    )
    assert_not_remounted(page)

    frame_loc.locator(PATHS).nth(path_index(frame, "a2")).click()  # the no-data area is clickable too
    page.get_by_text("Vald: a2").wait_for(timeout=20_000)

    page.screenshot(path=str(artifacts_dir / "webmap-after-click.png"), full_page=True)
    assert external_requests == []
