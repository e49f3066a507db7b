"""Browser helpers shared by the end-to-end tests of the map component (ui/map.py, ui/components/oi_map.js).

The map lives in the page itself (``st.components.v2``, no iframe); its state is read through
``window.__oiMaps.all()`` — per map: the live snapshot (ranks, index, classes, weights), the
placed labels and each area's SVG fill.
"""

from __future__ import annotations

import time

MAP_SELECTOR = '[data-testid="oi-map"]'
PATHS = "path.leaflet-interactive"


def open_map(page, app_url: str | None, n_areas: int, *, dashed: bool = True, index: int = 0):
    """Load the app (unless ``app_url`` is None); return (map locator, page) once the map at
    ``index`` has all its areas drawn and painted (``dashed``: an area without a value is dashed)."""
    if app_url is not None:
        page.goto(app_url)
    wait_painted(page, n_areas, dashed=dashed, index=index)
    return page.locator(MAP_SELECTOR).nth(index), page


def wait_painted(page, n_areas: int, *, dashed: bool = False, index: int = 0, timeout: float = 60_000) -> None:
    page.wait_for_function(
        """([n, dashed, i]) => {
            const root = document.querySelectorAll('[data-testid="oi-map"]')[i];
            if (!root || !root.dataset.paints) return false;
            const paths = root.querySelectorAll('path.leaflet-interactive');
            return paths.length === n && (!dashed || root.querySelector('path.leaflet-interactive[stroke-dasharray]'));
        }""",
        arg=[n_areas, dashed, index], timeout=timeout)


def state(page, index: int = 0) -> dict:
    return page.evaluate("i => window.__oiMaps.all()[i]", index)


def fills(page, index: int = 0) -> dict[str, str]:
    """area_id -> current SVG fill attribute of the map at ``index``."""
    return state(page, index)["fills"]


def ranks(page, index: int = 0) -> dict[str, int | None]:
    """area_id -> rank as the browser computed it (live maps only)."""
    return {a: v["rank"] for a, v in state(page, index)["snapshot"]["areas"].items()}


def path_index(page, area_id: str, index: int = 0) -> int:
    """Position of the area's path among the map's paths (for ``locator(PATHS).nth``)."""
    return page.evaluate(
        """([id, i]) => {
            const root = document.querySelectorAll('[data-testid="oi-map"]')[i];
            const layer = root.parentNode.__oi.areaLayers.get(id);
            return Array.from(root.querySelectorAll('path.leaflet-interactive')).indexOf(layer._path);
        }""", [area_id, index])


def zoom(page, index: int = 0) -> float:
    return page.evaluate("i => document.querySelectorAll('[data-testid=\"oi-map\"]')[i].parentNode.__oi.map.getZoom()",
                         index)


def poll(fn, *, timeout: float = 20.0, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while True:
        value = fn()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def mark_no_remount(page, index: int = 0) -> None:
    """Tag the map's root element and remember its Leaflet map; a re-mount loses both."""
    page.evaluate("""i => { const root = document.querySelectorAll('[data-testid="oi-map"]')[i];
                            root.__marker = 1; window.__mapRef = root.parentNode.__oi.map; }""", index)


def assert_not_remounted(page, index: int = 0) -> None:
    same = page.evaluate("""i => { const root = document.querySelectorAll('[data-testid="oi-map"]')[i];
                                   return [root.__marker === 1, root.parentNode.__oi.map === window.__mapRef]; }""",
                         index)
    assert same[0], "the map's element was replaced"
    assert same[1], "the Leaflet map was re-created"


def boxes_overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def label_boxes(page, index: int = 0) -> list[tuple[str, dict]]:
    """(text, client rect) of every label shown on the map, measured in the page."""
    return page.evaluate(
        """i => Array.from(document.querySelectorAll('[data-testid="oi-map"]')[i].querySelectorAll('.oi-label'))
                 .filter(e => e.style.display !== 'none' && e.style.visibility !== 'hidden' && e.dataset.key)
                 .map(e => { const r = e.getBoundingClientRect();
                             return [e.textContent, [r.left, r.top, r.right, r.bottom]]; })""", index)
