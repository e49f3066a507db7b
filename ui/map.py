"""The one map component: a :class:`~geo.view.mapstyles.MapLayer` drawn as an offline map with its legend.

Every map in the app goes through :func:`area_map`, which draws the legend (from the
legend model, :mod:`geo.view.legend`) and a stable base map plus a per-rerun style
layer (:mod:`geo.output.webmap`). The base map only references the geometry by URL and
is identical on every rerun, so streamlit-folium keeps the mounted Leaflet map, its zoom
and centre; only the style layer's small ``{area_id: style}`` payload is sent per rerun.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Literal

import streamlit as st
from streamlit_folium import st_folium

from geo.dataset.load import Dataset
from geo.i18n import t
from geo.output.webassets import ensure_leaflet_assets, publish_areas
from geo.output.webmap import base_map, clicked_area_id, style_layer
from geo.view.legend import Legend
from geo.view.mapstyles import MapLayer
from ui import data as appdata
from ui.overlays import map_overlays

#: Streamlit serves ``static/`` next to the main script (dashboard.py) at /app/static/.
STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
#: Names of areas without a value shown in the legend (the table alternative lists all).
MAX_LEGEND_NAMES = 8
_LAST_CLICK = "map_last_click_"


@st.cache_resource(show_spinner=False)
def _asset_url() -> str:
    """Copy Leaflet out of the xstatic-leaflet package once per server process."""
    return ensure_leaflet_assets(STATIC_DIR)


@st.cache_resource(show_spinner=False, max_entries=16)
def _published(key: str, _geojson: dict) -> str:
    return publish_areas(_geojson, STATIC_DIR)


def _areas_url(data: Dataset) -> str:
    """URL of the area geometry, written once to static/generated/ and fetched once per browser."""
    geojson, _ = appdata.web(data)
    url = _published(data.key, geojson)
    if not (STATIC_DIR / "generated" / url.rsplit("/", 1)[-1]).is_file():  # cleaned away: write again
        _published.clear()
        url = _published(data.key, geojson)
    return url


def legend_html(legend: Legend, lang: str) -> str:
    """The legend model as one line of HTML (every text escaped; one line so Markdown leaves it alone)."""
    parts = [f'<div class="oi-legend" aria-label="{html.escape(legend.title)}">']
    if legend.low_label:
        parts.append(f'<span class="ends">{html.escape(legend.low_label)}</span>')
    fills = [sw for sw in legend.swatches if sw.kind == "fill"]
    for sw in fills:
        boxes = "".join(f'<span class="sw" style="background:{c}"></span>' for c in sw.colors)
        parts.append(f"<span>{boxes}{html.escape(sw.label)}</span>")
    if legend.high_label:
        parts.append(f'<span class="ends">{html.escape(legend.high_label)}</span>')
    for sw in legend.swatches:
        if sw.kind == "missing":
            text = " ".join(legend.missing_text(lang, max_names=MAX_LEGEND_NAMES).split())
            parts.append(f'<span><span class="sw" style="background:{sw.colors[0]};border:1px dashed {sw.outline}">'
                         f"</span>{html.escape(text)}</span>")
        elif sw.kind == "outline":
            style = "dashed" if sw.dashed else "solid"
            parts.append(f'<span><span class="sw" style="background:transparent;border:3px {style} {sw.outline}">'
                         f"</span>{html.escape(sw.label)}</span>")
    parts.append("</div>")
    return "".join(parts)


def area_map(data: Dataset, layer: MapLayer, *, key: str, lang: str, basemap: bool = False, height: int = 560,
             legend: Literal["above", "below", "none"] = "above") -> str | None:
    """Draw the legend and the map; returns the ``area_id`` of a newly clicked area, if any."""
    if legend == "above":
        st.markdown(legend_html(layer.legend, lang), unsafe_allow_html=True)
    available, visible = map_overlays(data, STATIC_DIR)
    _, bounds = appdata.web(data)
    m = base_map(_areas_url(data), bounds=bounds, asset_url=_asset_url(), basemap=basemap, overlays=available)
    state = st_folium(m, key=key, height=height, use_container_width=True, returned_objects=["last_active_drawing"],
                      feature_group_to_add=style_layer(layer.styles, overlays=visible if available else None))
    if legend == "below":
        st.markdown(legend_html(layer.legend, lang), unsafe_allow_html=True)
    clicked = clicked_area_id(state)
    if clicked is None or clicked == st.session_state.get(_LAST_CLICK + key):
        return None
    st.session_state[_LAST_CLICK + key] = clicked
    return clicked


def click_hint(lang: str) -> None:
    st.caption(t("click_hint", lang))
