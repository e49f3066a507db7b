"""The dashboard's map mechanism: an offline Leaflet map that restyles in place.

Why it is built like this:

* **Offline.** folium links Leaflet, jQuery, Bootstrap and Font Awesome from
  CDNs, and streamlit-folium's frontend loads every ``default_js`` /
  ``default_css`` link it finds on the map's elements. The map built here
  links only Leaflet, copied out of the ``xstatic-leaflet`` pip package into
  the app's ``static/`` folder (:func:`ensure_leaflet_assets`), which
  Streamlit serves at ``/app/static/`` when ``server.enableStaticServing`` is
  on. No tile layer unless asked for.

* **No flashing, no lost zoom.** streamlit-folium keys its component on a hash
  of the *map's* script. :func:`base_map` holds only what never changes
  between reruns (the areas, neutral grey), so the component is mounted once
  and keeps its Leaflet map and view. What changes with the user's choices
  (colours, tooltips) is :func:`style_layer`, passed as
  ``st_folium(..., feature_group_to_add=...)``: on each rerun the frontend
  removes the previous feature group and evals the new one, whose script
  calls ``setStyle`` on the already drawn paths.

* **Small reruns.** Streamlit sends *all* component arguments on every rerun,
  the map script included, even when the component is not re-mounted. With
  the geometry embedded, each slider tick would resend it (≈0.5 MB for 136
  areas of 150 vertices). So :func:`publish_areas` writes the geometry once to
  ``static/generated/areas-<hash>.json``, and the map script only holds its
  URL; the browser fetches it once per mount. A rerun then carries the style
  dict and a few KB of constant script.

* **Clicks.** Every path keeps its GeoJSON feature, so a click reaches Python
  as ``st_folium(...)["last_active_drawing"]["properties"]["area_id"]``
  (see :func:`clicked_area_id`).

No Streamlit import here: plain folium and file handling.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

import folium
from branca.element import MacroElement
from folium.template import Template
from markupsafe import escape

from geo.output.webassets import slim_features
from geo.view.palette import (
    NEUTRAL_FILL,
    NEUTRAL_OUTLINE,
    NO_DATA_FILL,
    NO_DATA_OUTLINE,
    OVERLAY_COLOR,
    OVERLAY_LABEL_TEXT,
)

__all__ = [
    "NEUTRAL_STYLE",
    "NO_DATA_STYLE",
    "base_map",
    "clicked_area_id",
    "OVERLAY_STYLE",
    "style_layer",
]

#: Base style: what the areas look like before (or without) a style entry.
NEUTRAL_STYLE: dict[str, Any] = {
    "color": NEUTRAL_OUTLINE,
    "weight": 1,
    "opacity": 1.0,
    "fillColor": NEUTRAL_FILL,
    "fillOpacity": 0.6,
    "dashArray": None,
}

#: Areas without a value: light grey with a dashed outline, unmistakable for a colour.
NO_DATA_STYLE: dict[str, Any] = {
    "color": NO_DATA_OUTLINE,
    "weight": 1.5,
    "opacity": 1.0,
    "fillColor": NO_DATA_FILL,
    "fillOpacity": 0.5,
    "dashArray": "4 4",
}

_FILLED_OPACITY = 0.8
_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_DASH_ARRAY = re.compile(r"^[0-9]+(?:\.[0-9]+)?(?:[ ,]+[0-9]+(?:\.[0-9]+)?)*$")
_STYLE_KEYS = ("color", "weight", "opacity", "fillColor", "fillOpacity", "dashArray")


# --------------------------------------------------------------------------
# Base map
# --------------------------------------------------------------------------


def base_map(
    areas_geojson: Mapping[str, Any] | str,
    *,
    bounds: tuple[float, float, float, float],
    asset_url: str,
    basemap: bool = False,
    overlays: Iterable[tuple[str, str]] = (),
) -> folium.Map:
    """Build the map that must be identical on every rerun.

    ``areas_geojson`` is either the URL returned by :func:`publish_areas`
    (recommended in the app: the geometry then never travels with a rerun) or
    a FeatureCollection dict in EPSG:4326, embedded in the script (fine for
    small data and tests). Only ``area_id``/``area_name`` are kept.
    ``bounds`` is ``(minx, miny, maxx, maxy)`` in lon/lat; the map is fitted to
    it. ``asset_url`` is what :func:`ensure_leaflet_assets` returned.
    ``basemap=True`` adds OpenStreetMap tiles (needs internet; off by default).
    ``overlays`` are the *available* context overlays as ``(overlay_id, url)`` from
    :func:`publish_overlay`: the map knows them but draws (and fetches) one only when
    the style layer lists it as visible (``style_layer(..., overlays=[ids])``), so
    toggling an overlay neither changes this script nor re-mounts the map.

    Build a fresh ``Map`` on each rerun and cache its inputs instead:
    ``st_folium`` mutates the map it renders (renames ids, attaches the style
    feature group), so a reused ``Map`` produces a different script, hence a
    new component key, and the component re-mounts.
    """
    minx, miny, maxx, maxy = (float(v) for v in bounds)
    asset_url = asset_url.rstrip("/")

    m = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=11,
        tiles=None,
        prefer_canvas=False,  # one SVG <path class="leaflet-interactive"> per area
        control_scale=False,
        zoom_control=True,
        # Fractional zoom lets fitBounds fill the frame: a city is a few km across, and
        # whole zoom steps leave it either cropped or at half the available size.
        zoom_snap=0.25,
        zoom_delta=0.5,
    )
    # Instance attributes shadow folium's CDN lists (never mutate the class lists).
    m.default_js = [("leaflet", f"{asset_url}/leaflet.js")]
    m.default_css = [("leaflet_css", f"{asset_url}/leaflet.css")]

    if basemap:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap", control=False, max_zoom=19).add_to(m)

    if isinstance(areas_geojson, str):
        _AreasLayer(url=areas_geojson).add_to(m)
    else:
        _AreasLayer(data=slim_features(areas_geojson)).add_to(m)
    overlays = [(str(oid), str(url)) for oid, url in overlays]
    if overlays:
        _OverlaysLayer(overlays).add_to(m)
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    return m


class _AreasLayer(MacroElement):
    """The areas as an ``L.geoJson`` layer, plus the function that restyles them.

    ``window.__applyAreaStyles`` applies ``window.__areaStyles`` (set by the
    style layer: per area the style keys that differ from
    :data:`NEUTRAL_STYLE`, and a tooltip) to every path that has a
    ``feature.properties.area_id``; each path gets a complete style. It
    runs when the style layer is evaluated and again once fetched data is
    drawn, whichever comes last. Constant text: part of the component key.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJson(null, {
            style: function () { return {{ this.neutral }}; },
            smoothFactor: 0.5
        }).addTo({{ this._parent.get_name() }});
        (function (m) {
            // Leaflet focuses the map on mousedown; the browser then scrolls the *page*
            // to show the whole iframe, the area moves away under the pointer and the
            // click is lost. Focus without scrolling instead (keyboard panning stays).
            var kb = m.keyboard;
            if (!kb) { return; }
            L.DomEvent.off(m._container, "mousedown", kb._onMouseDown, kb);
            kb._onMouseDown = function () {
                if (!this._focused) { this._map._container.focus({preventScroll: true}); }
            };
            L.DomEvent.on(m._container, "mousedown", kb._onMouseDown, kb);
        })({{ this._parent.get_name() }});
        window.__applyAreaStyles = function () {
            var cfg = window.__areaStyles;
            if (!cfg) { return; }
            {{ this.get_name() }}.eachLayer(function (layer) {
                var p = layer.feature && layer.feature.properties;
                if (!p || p.area_id === undefined) { return; }
                var entry = cfg.styles[String(p.area_id)] || {};
                layer.setStyle(Object.assign({}, cfg.base, entry.style));
                if (entry.tooltip) {
                    if (layer.getTooltip()) { layer.setTooltipContent(entry.tooltip); }
                    else { layer.bindTooltip(entry.tooltip, {sticky: true}); }
                } else if (layer.getTooltip()) {
                    layer.unbindTooltip();
                }
            });
        };
        {% if this.url %}
        fetch({{ this.url }}, {credentials: "same-origin"})
            .then(function (r) {
                if (!r.ok) { throw new Error("HTTP " + r.status + " for " + r.url); }
                return r.json();
            })
            .then(function (data) {
                {{ this.get_name() }}.addData(data);
                window.__applyAreaStyles();
            })
            .catch(function (err) { console.error("areas could not be loaded:", err); });
        {% else %}
        {{ this.get_name() }}.addData({{ this.data }});
        {% endif %}
        {% endmacro %}
        """
    )

    def __init__(self, *, url: str | None = None, data: dict[str, Any] | None = None):
        super().__init__()
        self._name = "AreasLayer"
        self.url = _js_literal(url) if url is not None else ""
        self.data = _json_for_js(data) if data is not None else "null"
        self.neutral = _js_literal(NEUTRAL_STYLE)


#: Outline of a context overlay: magenta stands apart from viridis and from the
#: blue/orange of rank changes; no fill, so the choropleth stays readable.
OVERLAY_STYLE: dict[str, Any] = {"color": OVERLAY_COLOR, "weight": 3, "opacity": 1.0, "fill": False,
                                 "dashArray": None}


class _OverlaysLayer(MacroElement):
    """Context overlays: outlines with permanent labels, in their own pane above the areas.

    ``window.__applyOverlays`` shows exactly the ids in ``window.__overlayVisible`` (set
    by the style layer), fetching an overlay's GeoJSON the first time it is shown. The
    paths are not interactive (clicks reach the areas below); labels are set with
    ``textContent``, so names can never inject markup.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (m) {
            var pane = m.getPane("oiOverlays") || m.createPane("oiOverlays");
            pane.style.zIndex = 450;
            pane.style.pointerEvents = "none";
            if (!document.getElementById("oi-overlay-css")) {
                var css = document.createElement("style");
                css.id = "oi-overlay-css";
                css.textContent = ".oi-overlay-label{background:rgba(255,255,255,0.8);border:1px solid " +
                    {{ this.line }} + ";color:" + {{ this.ink }} + ";font-size:11px;font-weight:600;" +
                    "padding:0 4px;box-shadow:none;" +
                    "white-space:nowrap}.oi-overlay-label:before{display:none}";
                document.head.appendChild(css);
            }
            var defs = {{ this.defs }};
            var layers = {};
            function label(text) {
                var el = document.createElement("span");
                el.textContent = text;
                return el;
            }
            function build(id, data) {
                return L.geoJson(data, {
                    pane: "oiOverlays",
                    interactive: false,
                    style: function () { return {{ this.style }}; },
                    onEachFeature: function (feature, layer) {
                        var text = feature.properties && feature.properties.label;
                        if (text) {
                            layer.bindTooltip(label(String(text)), {permanent: true, direction: "center",
                                className: "oi-overlay-label", opacity: 0.9});
                        }
                    }
                });
            }
            window.__applyOverlays = function () {
                var visible = window.__overlayVisible || [];
                Object.keys(defs).forEach(function (id) {
                    var on = visible.indexOf(id) >= 0;
                    var entry = layers[id];
                    if (on && !entry) {
                        layers[id] = entry = {layer: null, loading: true};
                        fetch(defs[id], {credentials: "same-origin"})
                            .then(function (r) {
                                if (!r.ok) { throw new Error("HTTP " + r.status + " for " + r.url); }
                                return r.json();
                            })
                            .then(function (data) {
                                entry.layer = build(id, data);
                                entry.loading = false;
                                window.__applyOverlays();
                            })
                            .catch(function (err) { console.error("overlay could not be loaded:", err); });
                        return;
                    }
                    if (!entry || !entry.layer) { return; }
                    if (on && !m.hasLayer(entry.layer)) { entry.layer.addTo(m); }
                    if (!on && m.hasLayer(entry.layer)) { m.removeLayer(entry.layer); }
                });
            };
            window.__applyOverlays();
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, overlays: list[tuple[str, str]]):
        super().__init__()
        self._name = "OverlaysLayer"
        self.defs = _js_literal(dict(overlays))
        self.line = _js_literal(OVERLAY_COLOR)
        self.ink = _js_literal(OVERLAY_LABEL_TEXT)
        self.style = _js_literal(OVERLAY_STYLE)


# --------------------------------------------------------------------------
# Style layer
# --------------------------------------------------------------------------


def style_layer(styles: Mapping[str, Mapping[str, Any]], *, name: str = "styles",
                overlays: Iterable[str] | None = None) -> folium.FeatureGroup:
    """A feature group whose script restyles the base map's areas in place.

    ``styles`` maps ``area_id`` to an entry as made by :func:`area_style`:
    ``fill`` (``#rrggbb``, or ``None`` for no value), ``tooltip`` and optional
    Leaflet path options. Tooltips that are not ``Markup`` are HTML-escaped
    here, so area names can never inject markup. Every entry is completed to a
    full style (a key left out would keep the previous rerun's value in the
    browser); areas missing from ``styles`` get :data:`NEUTRAL_STYLE` and no
    tooltip. Colours and dash arrays are validated.

    ``overlays``: ids of the base map's context overlays to show (others are hidden).

    Pass the result as ``st_folium(..., feature_group_to_add=...)``; it works
    only with a map from :func:`base_map`.
    """
    payload = {}
    for area_id, entry in styles.items():
        clean = _clean_entry(entry)
        # Send only what differs from the neutral style; the browser merges.
        diff = {k: v for k, v in clean["style"].items() if NEUTRAL_STYLE.get(k) != v}
        payload[str(area_id)] = {"style": diff, "tooltip": clean["tooltip"]} if clean["tooltip"] else {"style": diff}
    group = folium.FeatureGroup(name=name, control=False)
    _AreaStyles(payload, None if overlays is None else [str(o) for o in overlays]).add_to(group)
    return group


def _clean_entry(entry: Mapping[str, Any]) -> dict[str, Any]:
    """Validate one entry; return the full style and the escaped tooltip."""
    style: dict[str, Any] = {}
    for key, value in entry.items():
        key = "fillColor" if key == "fill" else key
        if key == "tooltip":
            continue
        if key not in _STYLE_KEYS:
            raise ValueError(f"unknown style key {key!r}")
        if key in ("color", "fillColor"):
            if value is None and key == "fillColor":
                continue  # no value: NO_DATA_STYLE below
            if not isinstance(value, str) or not _HEX_COLOR.match(value):
                raise ValueError(f"{key} must be '#rrggbb', got {value!r}")
        elif key == "dashArray":
            if value is not None and not (isinstance(value, str) and _DASH_ARRAY.match(value)):
                raise ValueError(f"bad dashArray {value!r}")
        else:
            value = float(value)
            if not math.isfinite(value):
                raise ValueError(f"{key} must be finite, got {value!r}")
        style[key] = value
    if "fillColor" in style:
        base = {**NEUTRAL_STYLE, "fillOpacity": _FILLED_OPACITY}
    elif any(k in entry and entry[k] is None for k in ("fill", "fillColor")):
        base = NO_DATA_STYLE
    else:
        base = NEUTRAL_STYLE
    tooltip = entry.get("tooltip") or ""
    return {"style": {**base, **style}, "tooltip": str(escape(tooltip))}


class _AreaStyles(MacroElement):
    """Hands the style dict to the base map's ``window.__applyAreaStyles``.

    Runs inside streamlit-folium's ``eval`` of the feature group, after the
    map script; if the areas are still being fetched, the fetch callback
    applies the styles once they are drawn.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.__areaStyles = {styles: {{ this.payload }}, base: {{ this.base }}};
        if (window.__applyAreaStyles) { window.__applyAreaStyles(); }
        {% if this.overlays %}
        window.__overlayVisible = {{ this.overlays }};
        if (window.__applyOverlays) { window.__applyOverlays(); }
        {% endif %}
        {% endmacro %}
        """
    )

    def __init__(self, payload: dict[str, Any], overlays: list[str] | None = None):
        super().__init__()
        self._name = "AreaStyles"
        self.payload = _js_literal(payload)
        self.overlays = _js_literal(overlays) if overlays is not None else ""
        self.base = _js_literal(NEUTRAL_STYLE)


# --------------------------------------------------------------------------
# JS embedding
# --------------------------------------------------------------------------

# Characters escaped inside JS string literals: no "</script>", no HTML
# entities, and nothing that streamlit-folium's rewriting regexes (folium
# variable renaming on "_xyz", "{{'name'}}" element references) could match.
_JS_STRING_ESCAPES = {ch: f"\\u{ord(ch):04x}" for ch in "<>&'_{}\u2028\u2029"}


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


_JS_TRANSLATE = {ord(ch): esc for ch, esc in _JS_STRING_ESCAPES.items()}


def _js_literal(obj: Any) -> str:
    """JSON for generated JS, with every string made rewrite-proof.

    One ``json.dumps`` and one pass over its string tokens (structural braces stay
    as they are): the style payload is rebuilt on every rerun, so this is hot.
    """
    try:
        text = json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=str)
    except ValueError:
        raise ValueError("non-finite number in map payload") from None
    return _JSON_STRING.sub(lambda m: m.group(0).translate(_JS_TRANSLATE), text)


def _json_for_js(obj: Any) -> str:
    """Fast variant for big data: ``_ < > & '`` and line separators only occur
    inside strings in JSON, so they can be escaped on the whole text; a
    ``{{'`` can no longer occur once ``'`` is escaped."""
    out = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for ch in "<>&'_\u2028\u2029":
        out = out.replace(ch, _JS_STRING_ESCAPES[ch])
    return out


# --------------------------------------------------------------------------
# Reading st_folium's answer
# --------------------------------------------------------------------------


def clicked_area_id(map_state: Mapping[str, Any] | None) -> str | None:
    """The ``area_id`` of the last clicked area from ``st_folium``'s return value.

    streamlit-folium's click handler stores ``layer.toGeoJSON()`` of the
    clicked path, properties included, in ``last_active_drawing``; so pass
    ``returned_objects=["last_active_drawing"]`` (panning and zooming then
    cause no reruns either).
    """
    if not map_state:
        return None
    drawing = map_state.get("last_active_drawing") or {}
    props = drawing.get("properties") or {}
    area_id = props.get("area_id")
    return None if area_id is None else str(area_id)
