"""The choropleth widget: a stable base map plus a per-rerun style layer."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from geo.output.webmap import base_map, clicked_area_id, ensure_leaflet_assets, publish_areas, style_layer
from ui.data import Bundle

#: Streamlit serves ``static/`` next to the main script (dashboard.py) at /app/static/.
STATIC_DIR = Path(__file__).resolve().parents[1] / "static"


@st.cache_resource(show_spinner=False)
def asset_url() -> str:
    """Copy Leaflet out of the xstatic-leaflet package once per server process."""
    return ensure_leaflet_assets(STATIC_DIR)


@st.cache_resource(show_spinner=False)
def _published(key: tuple, _geojson: dict) -> str:
    return publish_areas(_geojson, STATIC_DIR)


def areas_url(bundle: Bundle) -> str:
    """URL of the area geometry, written once to static/generated/ and fetched once per browser."""
    key = (str(bundle.paths.areas), bundle.paths.areas.stat().st_mtime if bundle.paths.areas.exists() else 0.0)
    url = _published(key, bundle.geojson)
    if not (STATIC_DIR / "generated" / url.rsplit("/", 1)[-1]).is_file():  # cleaned away: write again
        _published.clear()
        url = _published(key, bundle.geojson)
    return url


def choropleth(bundle: Bundle, styles: dict[str, dict], *, key: str, height: int = 560,
               basemap: bool = False, overlays: tuple[list[tuple[str, str]], list[str]] | None = None
               ) -> str | None:
    """Draw the map; returns the ``area_id`` of a newly clicked area, if any.

    The base map only references the geometry by URL and is identical on every rerun,
    so streamlit-folium keeps the mounted Leaflet map, its zoom and centre; only the
    style layer's small ``{area_id: style}`` payload is sent per rerun.

    ``overlays``: ``(available (id, url) pairs, visible ids)``; by default the session's
    context overlays (:func:`ui.overlays.map_overlays`, toggled in the sidebar).
    """
    if overlays is None:
        from ui.overlays import map_overlays

        overlays = map_overlays(bundle, STATIC_DIR)
    available, visible = overlays
    m = base_map(areas_url(bundle), bounds=bundle.bounds, asset_url=asset_url(), basemap=basemap,
                 overlays=available)
    state = st_folium(
        m,
        key=key,
        feature_group_to_add=style_layer(styles, overlays=visible if available else None),
        returned_objects=["last_active_drawing"],
        height=height,
        use_container_width=True,
    )
    return clicked_area_id(state)
