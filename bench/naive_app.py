"""The naive baseline for the rerun benchmark (bench/run.py): what we do NOT do.

On every rerun it re-reads the area file, keeps full-resolution geometry,
reprojects, serialises it into a new ``folium.Choropleth`` and hands the whole map
to ``st_folium`` — so the component re-mounts and the browser receives all
geometry again. Same engine and same sliders as the dashboard, for a fair ratio.
"""

from __future__ import annotations

import json

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.settings import ViewSettings
from geo.dataset.config import resolve_data_paths
from geo.definition import load_definition
from geo.readers.areas import read_areas
from geo.readers.indicators import read_indicators
from geo.engine.scoring import score

paths = resolve_data_paths()
definition = load_definition(paths.default_definition)
areas = read_areas(paths.areas, id_col=paths.id_col, name_col=paths.name_col, layer=paths.layer)
indicators = read_indicators(paths.indicators, sheet=paths.sheet)
weights = {d.id: st.sidebar.slider(d.label, 0.0, 5.0, float(d.weight), 0.5, key=f"w_{d.id}")
           for d in definition.dimensions}
scored = score(areas, indicators, definition, ViewSettings.default(definition, weights=weights))
web = areas.to_crs(4326)
m = folium.Map(location=[55.58, 13.0], zoom_start=11, tiles=None)
folium.Choropleth(
    geo_data=json.loads(web.to_json()),
    data=scored.table,
    columns=["area_id", "index"],
    key_on="feature.properties.area_id",
    fill_color="YlGnBu",
).add_to(m)
st_folium(m, height=560, use_container_width=True)
st.dataframe(scored.table[["rank", "area_name", "index"]])
