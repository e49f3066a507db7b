"""The one map component: every map in the app, offline, with labels, live ranking and meeting controls.

A Streamlit ``st.components.v2`` component whose code is ``ui/components/oi_map.js`` (an ES
module served from the app's own ``static/`` folder under a content-hashed name, so the
inline loader below is all a rerun carries). Leaflet comes from the ``xstatic-leaflet``
package, copied to ``static/vendor/leaflet`` — no CDN, no tile server unless the user
switches the background map on.

Why not streamlit-folium: it can only restyle after the server reruns (0.3–0.7 s, and
nothing while a slider is dragged). Here the browser gets the normalised dimension scores
once per data/method/year (:func:`geo.view.mapmodel.live_scores`, a static file) and
computes the index, ranks and classes itself on every input event; the server catches up
when the control is released, so links, scenarios and exports stay exact.

What a rerun sends (:func:`area_map`): URLs of the geometry and the scores, the weights
and choices, the texts — a few KB whatever the number of areas. Maps the browser does not
compute (one dimension, the rank-change map, the robustness map) send each area's style,
tooltip and rank label instead (:func:`geo.view.mapmodel.static_view`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import streamlit as st

from geo.dataset.load import Dataset
from geo.definition import Definition
from geo.engine.scoring import Scored
from geo.errors import DataError
from geo.i18n import t
from geo.output.webassets import ASSET_URL, Prepared, ensure_leaflet_assets, prepare_json, publish_module
from geo.settings import WEIGHT_MAX, WEIGHT_MIN, WEIGHT_STEP
from geo.view.mapmodel import (
    area_features,
    bounds_list,
    colours,
    live_scores,
    live_view,
    scores_key,
    static_view,
    texts,
)
from geo.view.mapstyles import MapLayer
from ui import data as appdata
from ui import session
from ui.errors import show_error
from ui.overlays import map_overlays
from ui.published import STATIC_DIR, publish

MODULE = Path(__file__).resolve().parent / "components" / "oi_map.js"

Layout = Literal["map", "overview", "meeting"]

# The loader: import the module once per page (the URL changes with its content), then hand
# every data change to it. Kept tiny because Streamlit sends it with every rerun.
_LOADER = """
export default function (component) {
  const host = component.parentElement;
  const url = component.data && component.data.module;
  const run = (mod) => { host.__oiMod = mod; mod.render(component); };
  if (host.__oiMod && host.__oiModUrl === url) { run(host.__oiMod); }
  else if (url) {
    host.__oiModUrl = url;
    import(new URL(url, window.location.href).href).then(run).catch((err) => {
      host.textContent = "Kartan kunde inte laddas / the map could not be loaded: " + err;
    });
  }
  return () => { if (host.__oiMod) { host.__oiMod.destroy(host); } };
}
"""

_MAP = st.components.v2.component("omradesindex.map", js=_LOADER, isolate_styles=False)


@st.cache_resource(show_spinner=False)
def _assets() -> dict[str, str]:
    """Leaflet (copied once per server process) and the component module (published once per version)."""
    ensure_leaflet_assets(STATIC_DIR)
    return {"js": f"{ASSET_URL}/leaflet.js", "css": f"{ASSET_URL}/leaflet.css",
            "module": publish_module(MODULE, STATIC_DIR)}


@st.cache_resource(show_spinner=False, max_entries=16)
def _areas_file(key: str, _data: Dataset) -> Prepared:
    return prepare_json(area_features(_data.areas), "areas")


@st.cache_resource(show_spinner=False, max_entries=64)
def _scores_file(key: tuple, _current: Scored, _baseline: Scored, _definition: Definition) -> Prepared:
    return prepare_json(live_scores(_current, _baseline, _definition), "scores")


def live_model(current: Scored, baseline: Scored, definition: Definition, data: Dataset, *,
               watch: dict[str, str] | None = None) -> dict[str, Any]:
    """The per-rerun part of a map computed in the browser (the scores go once, as a file)."""
    url = publish(_scores_file((data.key, scores_key(current), scores_key(baseline)), current, baseline, definition))
    model = live_view(current, definition, scores_url=url, watch=watch)
    model.update(weight_min=WEIGHT_MIN, weight_max=WEIGHT_MAX, weight_step=WEIGHT_STEP,
                 defaults=[float(d.weight) for d in definition.dimensions])
    return model


def area_map(data: Dataset, *, key: str, lang: str, layer: MapLayer | None = None,
             live: dict[str, Any] | None = None, layout: Layout = "map", height: int = 560,
             labels: bool = True, basemap: bool = False, selected: str | None = None, top_k: int = 3,
             on_weights: Callable[[dict[str, float]], None] | None = None) -> None:
    """Draw a map. Clicking an area (on the map or in its ranking) selects it for every page
    (:func:`ui.session.select_area`, in a callback, so the rerun that follows already shows it).

    Either ``live`` (:func:`live_model`: the browser ranks and colours, and with
    ``layout="overview"``/``"meeting"`` shows the ranking beside the map) or ``layer`` (styles
    from the server). ``height=0`` fills the window below the map's top (meeting mode).
    ``on_weights`` receives the weights set on the meeting panel when a slider is released.
    """
    assets = _assets()
    available, visible = map_overlays(data)
    bounds = appdata.bounds(data)
    payload: dict[str, Any] = {
        "module": assets["module"], "leaflet": {"js": assets["js"], "css": assets["css"]},
        "areas": publish(_areas_file(data.key, data)), "bounds": bounds_list(bounds),
        "layout": layout, "height": int(height), "labels": bool(labels), "basemap": bool(basemap),
        "selected": selected, "lang": lang, "colours": colours(), "text": texts(lang, top_k=top_k), "top_k": top_k,
        "overlays": [[oid, url, oid in visible] for oid, url in available],
    }
    if live is not None:
        payload["live"] = live
    elif layer is not None:
        payload["static"] = static_view(layer, lang)
    else:
        raise ValueError("area_map needs a live model or a layer")

    def clicked() -> None:
        state = st.session_state.get(key)
        area = getattr(state, "clicked", None) if state is not None else None
        if area and str(area) in data.names:
            session.select_area(str(area))

    def weights_set() -> None:
        state = st.session_state.get(key)
        weights = getattr(state, "weights", None) if state is not None else None
        if not weights or on_weights is None:
            return
        try:
            on_weights({str(k): float(v) for k, v in dict(weights).items()})
        except (DataError, TypeError, ValueError) as exc:  # said in Swedish above the map
            st.session_state[_ERROR + key] = exc if isinstance(exc, DataError) else DataError(
                f"vikterna från kartan kunde inte läsas ({exc}).", hint="Flytta reglaget igen.")

    callbacks: dict[str, Any] = {"on_clicked_change": clicked}
    if on_weights is not None:
        callbacks["on_weights_change"] = weights_set
    error = st.session_state.pop(_ERROR + key, None)  # set by the callback, before this run
    if error is not None:
        show_error(error, lang)
    _MAP(key=key, data=payload, height="content", **callbacks)


_ERROR = "map_error_"


def click_hint(lang: str) -> None:
    st.caption(t("click_hint", lang))


__all__ = ["STATIC_DIR", "area_map", "click_hint", "live_model"]
