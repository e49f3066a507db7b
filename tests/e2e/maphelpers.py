"""Browser helpers shared by the end-to-end tests of the Leaflet map."""

from __future__ import annotations

import time

FRAME_SELECTOR = 'iframe[title="streamlit_folium.st_folium"]'
PATHS = "path.leaflet-interactive"


def open_map(page, app_url: str, n_areas: int, *, dashed: bool = True):
    """Load the app; return (iframe locator, Frame) once all areas are drawn and styled."""
    page.goto(app_url)
    frame_loc = page.frame_locator(FRAME_SELECTOR)
    paths = frame_loc.locator(PATHS)
    paths.first.wait_for(state="attached", timeout=60_000)
    frame = page.locator(FRAME_SELECTOR).element_handle().content_frame()
    # Styled = the style layer's script ran (the no-data area is dashed).
    frame.wait_for_function(
        "([n, dashed]) => document.querySelectorAll('path.leaflet-interactive').length === n"
        " && (!dashed || document.querySelector('path.leaflet-interactive[stroke-dasharray]') !== null)"
        " && window.__areaStyles !== undefined",
        arg=[n_areas, dashed],
    )
    return frame_loc, frame


def fills(frame) -> dict[str, str]:
    """area_id -> current SVG fill attribute, read via the Leaflet layers."""
    return frame.evaluate(
        """() => {
            const out = {};
            window.map.eachLayer(l => {
                if (l.feature && l._path) out[l.feature.properties.area_id] = l._path.getAttribute('fill');
            });
            return out;
        }"""
    )


def path_index(frame, area_id: str) -> int:
    return frame.evaluate(
        """id => {
            let path = null;
            window.map.eachLayer(l => { if (l.feature && l.feature.properties.area_id === id) path = l._path; });
            return Array.from(document.querySelectorAll('path.leaflet-interactive')).indexOf(path);
        }""",
        area_id,
    )


def poll(fn, *, timeout: float = 20.0, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while True:
        value = fn()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def mark_no_remount(page, frame) -> None:
    """Tag both the iframe element and its window; a re-mount or reload loses the tags."""
    page.locator(FRAME_SELECTOR).evaluate("el => { el.__marker = 1; }")
    frame.evaluate("() => { window.__marker = 1; window.__map_ref = window.map; }")


def assert_not_remounted(page) -> None:
    assert page.locator(FRAME_SELECTOR).count() == 1
    assert page.locator(FRAME_SELECTOR).evaluate("el => el.__marker") == 1, "iframe element was replaced"
    frame = page.locator(FRAME_SELECTOR).element_handle().content_frame()
    assert frame.evaluate("() => window.__marker") == 1, "iframe document was reloaded"
    assert frame.evaluate("() => window.__map_ref === window.map"), "Leaflet map was re-created"
