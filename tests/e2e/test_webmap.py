"""geo.output.webmap in a real browser, offline: local Leaflet, restyle in place, clicks.

The browser tests drive tests/e2e/apps/webmap_app.py (six squares, one without
a value, one named ``<script>alert(1)</script>``). A few cheap Python-only
checks of the same module sit at the bottom.
"""

from __future__ import annotations

import json
import math
import re
import time
from pathlib import Path

import pytest
from maphelpers import FRAME_SELECTOR, PATHS, assert_not_remounted, fills, mark_no_remount, open_map, path_index, poll

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


# ---------------------------------------------------------------- Python-only checks


def _demo_geojson(n: int = 4, vertices: int = 4) -> dict:
    feats = []
    for i in range(n):
        x = 13.0 + i * 0.01
        ring = [
            [round(x + 0.005 + 0.005 * math.cos(2 * math.pi * k / vertices), 6),
             round(55.605 + 0.005 * math.sin(2 * math.pi * k / vertices), 6)]
            for k in range(vertices)
        ]
        ring.append(ring[0])
        feats.append(
            {
                "type": "Feature",
                "properties": {"area_id": f"a{i}", "area_name": f"Område {i}"},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return {"type": "FeatureCollection", "features": feats}


def _component_args(base, styles) -> tuple[str, str, list[str]]:
    """What st_folium sends for this map: (component key, map script, js+css links).

    Uses streamlit-folium internals on purpose: the key and the script are
    exactly what decides re-mounting and what travels on every rerun.
    """
    from streamlit_folium import _get_feature_group_string, _get_map_string, generate_js_hash

    from geo.output.webmap import style_layer

    base.get_root().render()
    script = _get_map_string(base)
    fg = _get_feature_group_string(style_layer(styles), base)
    links = []
    for el in [base, *base._children.values()]:
        links += [url for _, url in getattr(el, "default_js", [])]
        links += [url for _, url in getattr(el, "default_css", [])]
    return generate_js_hash(script, "karta"), script + "\n" + fg, links


@pytest.mark.parametrize("published", [True, False], ids=["published", "embedded"])
def test_base_map_key_is_stable_and_cdn_free(tmp_path, published):
    """Rebuilt base maps with different styles keep one component key; only local links."""
    from geo.output.webmap import ASSET_URL, area_style, base_map, publish_areas

    areas = publish_areas(_demo_geojson(), tmp_path) if published else _demo_geojson()
    keys = set()
    for fill in ("#ff0000", "#00ff00", None):
        base = base_map(areas, bounds=(13.0, 55.6, 13.04, 55.61), asset_url=ASSET_URL)
        key, script, links = _component_args(base, {"a0": area_style(fill, "x")})
        keys.add(key)
        assert links and all(url.startswith(ASSET_URL) for url in links), links
        assert "http" not in script and "tileLayer" not in script
    assert len(keys) == 1


def test_rerun_payload_excludes_geometry(tmp_path):
    """With published areas, what a rerun sends is small and holds no coordinates."""
    from geo.output.webmap import ASSET_URL, area_style, base_map, publish_areas, tooltip_html

    big = _demo_geojson(136, vertices=150)
    styles = {f"a{i}": area_style("#aa3030", tooltip_html(f"Område {i}", ["Index: 0.50"])) for i in range(136)}
    _, published, _ = _component_args(
        base_map(publish_areas(big, tmp_path), bounds=(13.0, 55.6, 14.4, 55.61), asset_url=ASSET_URL), styles
    )
    _, embedded, _ = _component_args(
        base_map(big, bounds=(13.0, 55.6, 14.4, 55.61), asset_url=ASSET_URL), styles
    )
    assert "coordinates" not in published and "coordinates" in embedded
    assert len(published) < 40_000 < 300_000 < len(embedded)


def test_published_areas_file(tmp_path):
    from geo.output.webmap import GENERATED_URL, publish_areas

    url = publish_areas(_demo_geojson(), tmp_path)
    assert url.startswith(GENERATED_URL + "/areas-") and url.endswith(".json")
    path = tmp_path / "generated" / url.rsplit("/", 1)[-1]
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["features"][1]["properties"] == {"area_id": "a1", "area_name": "Område 1"}
    assert publish_areas(_demo_geojson(), tmp_path) == url  # same data, same file
    assert publish_areas(_demo_geojson(3), tmp_path) != url  # new data, new URL (no stale cache)
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]  # no temp files left


def test_style_layer_escapes_and_carries_no_geometry():
    from geo.output.webmap import area_style, style_layer, tooltip_html

    evil = "<script>alert('x')</script>_{{'y'}}"
    group = style_layer(
        {
            "a0": area_style("#123456", evil),
            "a1": area_style(None, tooltip_html(evil, ["Värde saknas"])),
        }
    )
    (styles,) = group._children.values()
    script = styles._template.module.script(styles)
    assert "<" not in script and "'" not in script and "{{" not in script
    assert "coordinates" not in script
    assert "\\u0026lt;script\\u0026gt;" in script  # HTML-escaped, then JS-escaped
    assert '"4 4"' in script  # a1 (no value) is dashed


def test_style_layer_rejects_bad_values():
    from geo.output.webmap import style_layer

    with pytest.raises(ValueError):
        style_layer({"a": {"fill": "red; background:url(x)"}})
    with pytest.raises(ValueError):
        style_layer({"a": {"fill": "#ffffff", "weight": float("nan")}})
    with pytest.raises(ValueError):
        style_layer({"a": {"onclick": "x"}})


def test_ensure_leaflet_assets_is_idempotent(tmp_path):
    from geo.output.webmap import ASSET_URL, ensure_leaflet_assets

    assert ensure_leaflet_assets(tmp_path) == ASSET_URL
    target = tmp_path / "vendor" / "leaflet"
    assert (target / "leaflet.js").is_file() and (target / "leaflet.css").is_file()
    assert (target / "images" / "layers.png").is_file()
    stat = (target / "leaflet.js").stat()
    ensure_leaflet_assets(tmp_path)
    again = (target / "leaflet.js").stat()
    assert (again.st_ino, again.st_ctime_ns) == (stat.st_ino, stat.st_ctime_ns)  # not copied again
    (target / ".xstatic-leaflet-version").write_text("0.0.0\n")
    ensure_leaflet_assets(tmp_path)
    assert (target / ".xstatic-leaflet-version").read_text().strip() != "0.0.0"
    assert [p.name for p in tmp_path.joinpath("vendor").iterdir()] == ["leaflet"]  # no temp dirs left


def test_clicked_area_id():
    from geo.output.webmap import clicked_area_id

    assert clicked_area_id(None) is None
    assert clicked_area_id({"last_active_drawing": None}) is None
    assert clicked_area_id({"last_active_drawing": {"properties": {"area_id": "a3"}}}) == "a3"
