"""Tiny Streamlit app exercising geo.output.webmap in a browser (used by test_webmap.py).

Six squares around Malmö (13.0, 55.6); one has no value (drawn as no-data),
one has a name with markup in it (must show as text). The slider "Vikt"
changes the colours; clicking a square writes "Vald: <area_id>".
"""

from __future__ import annotations

import math
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from geo.output.webassets import ensure_leaflet_assets, publish_areas
from geo.output.webmap import base_map, clicked_area_id, style_layer
from geo.view.mapstyles import area_style, tooltip_html

# Streamlit serves static/ next to the main script at /app/static/.
STATIC_DIR = Path(__file__).parent / "static"
ASSET_URL = ensure_leaflet_assets(STATIC_DIR)

NAMES = ["Centrum", "Möllevången", "Rosengård", "Hyllie", "<script>alert(1)</script>", "Limhamn"]
VALUES = [0.1, 0.35, float("nan"), 0.6, 0.8, 0.95]
DX, DY = 0.02, 0.012


@st.cache_data
def load_areas() -> tuple[dict, tuple[float, float, float, float]]:
    """FeatureCollection of a 3x2 grid of squares and its lon/lat bounds."""
    features = []
    for i, name in enumerate(NAMES):
        x0 = 12.97 + (i % 3) * DX
        y0 = 55.59 + (i // 3) * DY
        ring = [[x0, y0], [x0 + DX, y0], [x0 + DX, y0 + DY], [x0, y0 + DY], [x0, y0]]
        features.append(
            {
                "type": "Feature",
                "properties": {"area_id": f"a{i}", "area_name": name, "extra": "dropped"},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    bounds = (12.97, 55.59, 12.97 + 3 * DX, 55.59 + 2 * DY)
    return {"type": "FeatureCollection", "features": features}, bounds


def colour(v: float) -> str:
    """White-to-red ramp for v in [0, 1]."""
    v = min(max(v, 0.0), 1.0)
    g = round(255 * (1 - v))
    return f"#ff{g:02x}{g:02x}"


areas, bounds = load_areas()
# The geometry goes to a static file fetched once by the browser, so reruns
# don't resend it (cheap when the file exists; the URL changes with the data).
areas_url = publish_areas(areas, STATIC_DIR)
weight = st.slider("Vikt", min_value=0.0, max_value=1.0, value=0.5, step=0.1)
selected = st.session_state.get("selected")

styles = {}
for i, (name, value) in enumerate(zip(NAMES, VALUES)):
    area_id = f"a{i}"
    extra = {"color": "#000000", "weight": 3} if area_id == selected else {}
    if math.isnan(value):
        styles[area_id] = area_style(None, tooltip_html(name, ["Värde saknas"]), **extra)
    else:
        score = value * weight * 2
        styles[area_id] = area_style(colour(score), tooltip_html(name, [f"Index: {score:.2f}"]), **extra)

state = st_folium(
    base_map(areas_url, bounds=bounds, asset_url=ASSET_URL),
    key="karta",
    feature_group_to_add=style_layer(styles),
    returned_objects=["last_active_drawing"],
    height=420,
    use_container_width=True,
)

clicked = clicked_area_id(state)
if clicked is not None and clicked != selected:
    st.session_state["selected"] = clicked
    st.rerun()  # redraw with the selection outline
st.write(f"Vald: {selected}" if selected else "Vald: –")
