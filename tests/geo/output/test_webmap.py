"""geo.output.webmap without a browser: stable component key, no CDN, small reruns, escaping.

What only a browser shows (Leaflet executes, restyle in place, clicks) is in
tests/e2e/test_webmap.py.
"""

from __future__ import annotations

import json
import math

import pytest

from geo.output.webassets import ASSET_URL, GENERATED_URL, ensure_leaflet_assets, publish_areas
from geo.output.webmap import base_map, clicked_area_id, style_layer
from geo.view.mapstyles import area_style, tooltip_html


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
    url = publish_areas(_demo_geojson(), tmp_path)
    assert url.startswith(GENERATED_URL + "/areas-") and url.endswith(".json")
    path = tmp_path / "generated" / url.rsplit("/", 1)[-1]
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["features"][1]["properties"] == {"area_id": "a1", "area_name": "Område 1"}
    assert publish_areas(_demo_geojson(), tmp_path) == url  # same data, same file
    assert publish_areas(_demo_geojson(3), tmp_path) != url  # new data, new URL (no stale cache)
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]  # no temp files left


def test_style_layer_escapes_and_carries_no_geometry():
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

    with pytest.raises(ValueError):
        style_layer({"a": {"fill": "red; background:url(x)"}})
    with pytest.raises(ValueError):
        style_layer({"a": {"fill": "#ffffff", "weight": float("nan")}})
    with pytest.raises(ValueError):
        style_layer({"a": {"onclick": "x"}})


def test_ensure_leaflet_assets_is_idempotent(tmp_path):
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
    assert clicked_area_id(None) is None
    assert clicked_area_id({"last_active_drawing": None}) is None
    assert clicked_area_id({"last_active_drawing": {"properties": {"area_id": "a3"}}}) == "a3"
