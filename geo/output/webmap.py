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

import hashlib
import json
import math
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import folium
from branca.element import MacroElement
from folium.template import Template
from markupsafe import Markup, escape

__all__ = [
    "ASSET_URL",
    "GENERATED_URL",
    "NEUTRAL_STYLE",
    "NO_DATA_STYLE",
    "area_style",
    "base_map",
    "clicked_area_id",
    "ensure_leaflet_assets",
    "OVERLAY_STYLE",
    "publish_areas",
    "publish_overlay",
    "style_layer",
    "tooltip_html",
]

#: Where Streamlit serves ``<app dir>/static/vendor/leaflet`` (enableStaticServing).
ASSET_URL = "/app/static/vendor/leaflet"
#: Where Streamlit serves ``<app dir>/static/generated`` (see :func:`publish_areas`).
GENERATED_URL = "/app/static/generated"

_VERSION_FILE = ".xstatic-leaflet-version"

#: Base style: what the areas look like before (or without) a style entry.
NEUTRAL_STYLE: dict[str, Any] = {
    "color": "#7a7a7a",
    "weight": 1,
    "opacity": 1.0,
    "fillColor": "#cfcfcf",
    "fillOpacity": 0.6,
    "dashArray": None,
}

#: Areas without a value: light grey with a dashed outline, unmistakable for a colour.
NO_DATA_STYLE: dict[str, Any] = {
    "color": "#8c8c8c",
    "weight": 1.5,
    "opacity": 1.0,
    "fillColor": "#f2f2f2",
    "fillOpacity": 0.5,
    "dashArray": "4 4",
}

_FILLED_OPACITY = 0.8
_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_DASH_ARRAY = re.compile(r"^[0-9]+(?:\.[0-9]+)?(?:[ ,]+[0-9]+(?:\.[0-9]+)?)*$")
_STYLE_KEYS = ("color", "weight", "opacity", "fillColor", "fillOpacity", "dashArray")


# --------------------------------------------------------------------------
# Files served from the app's static/ folder
# --------------------------------------------------------------------------


def ensure_leaflet_assets(static_dir: Path) -> str:
    """Copy Leaflet from the ``xstatic-leaflet`` package to ``static_dir/vendor/leaflet``.

    The repo must not hold third-party files and the app must not reach a
    CDN, so the installed pip package is the source. Meant to be called on
    every script run: when the right version is there it costs one small file
    read. The copy is made in a temporary sibling folder that is renamed into
    place, so concurrent sessions never see a half-copied folder.

    Returns the URL prefix the files are served under (:data:`ASSET_URL`).
    """
    from xstatic.pkg import leaflet as xs_leaflet

    version = f"{xs_leaflet.VERSION}.{xs_leaflet.BUILD}"
    target = Path(static_dir) / "vendor" / "leaflet"
    if _assets_current(target, version):
        return ASSET_URL

    source = Path(xs_leaflet.BASE_DIR)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".leaflet-", dir=target.parent))
    try:
        shutil.copy2(source / "leaflet.js", tmp / "leaflet.js")
        shutil.copy2(source / "leaflet.css", tmp / "leaflet.css")
        shutil.copytree(source / "images", tmp / "images")
        (tmp / _VERSION_FILE).write_text(version + "\n", encoding="utf-8")
        os.chmod(tmp, 0o755)  # mkdtemp makes it 0700
        if target.exists():
            shutil.rmtree(target, ignore_errors=True)
        try:
            os.replace(tmp, target)
        except OSError:
            # Another session won the race; fine if what it wrote is current.
            if not _assets_current(target, version):
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return ASSET_URL


def _assets_current(target: Path, version: str) -> bool:
    try:
        stamp = (target / _VERSION_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return False
    return stamp == version and (target / "leaflet.js").is_file() and (target / "leaflet.css").is_file()


def publish_areas(areas_geojson: Mapping[str, Any], static_dir: Path) -> str:
    """Write the areas (``area_id``/``area_name`` only) to ``static_dir/generated/``.

    The file name carries a hash of the content, so the URL, and with it the
    map script and the component key, stays the same exactly as long as the
    geometry does, and a browser can never use a stale cached copy. Cheap
    when the file exists (one serialisation + hash). Returns its URL, for
    :func:`base_map`.
    """
    return _publish_json(_slim_features(areas_geojson), "areas", static_dir)


def _publish_json(obj: Mapping[str, Any], prefix: str, static_dir: Path) -> str:
    """Write ``obj`` as compact JSON to ``static_dir/generated/<prefix>-<hash>.json`` (atomically,
    once per content) and return its URL."""
    data = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    name = f"{prefix}-{hashlib.sha256(data).hexdigest()[:20]}.json"
    target = Path(static_dir) / "generated" / name
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{prefix}-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return f"{GENERATED_URL}/{name}"


def _slim_features(areas_geojson: Mapping[str, Any]) -> dict[str, Any]:
    features = []
    for feature in areas_geojson.get("features", []):
        props = feature.get("properties") or {}
        if props.get("area_id") is None:
            raise ValueError("every feature needs an 'area_id' property")
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "area_id": str(props["area_id"]),
                    "area_name": str(props.get("area_name", props["area_id"])),
                },
                "geometry": feature["geometry"],
            }
        )
    return {"type": "FeatureCollection", "features": features}


def publish_overlay(overlay_geojson: Mapping[str, Any], static_dir: Path) -> str:
    """Write a context overlay (``label`` property only) to ``static_dir/generated/``.

    Like :func:`publish_areas`: content-hashed name, written once, fetched by the
    browser only when the overlay is first shown. Returns its URL, for
    ``base_map(..., overlays=[(overlay_id, url), ...])``.
    """
    features = []
    for feature in overlay_geojson.get("features", []):
        props = feature.get("properties") or {}
        features.append({"type": "Feature", "properties": {"label": str(props.get("label") or "")},
                         "geometry": feature["geometry"]})
    return _publish_json({"type": "FeatureCollection", "features": features}, "overlay", static_dir)


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
        _AreasLayer(data=_slim_features(areas_geojson)).add_to(m)
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
OVERLAY_STYLE: dict[str, Any] = {"color": "#c51b7d", "weight": 3, "opacity": 1.0, "fill": False,
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
                css.textContent = ".oi-overlay-label{background:rgba(255,255,255,0.8);border:1px solid #c51b7d;" +
                    "color:#4d0a2f;font-size:11px;font-weight:600;padding:0 4px;box-shadow:none;" +
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
        self.style = _js_literal(OVERLAY_STYLE)


# --------------------------------------------------------------------------
# Style layer
# --------------------------------------------------------------------------


def tooltip_html(title: str, lines: Iterable[str] = ()) -> Markup:
    """Tooltip HTML: bold title, one line per entry, every piece escaped.

    Returns ``Markup`` so :func:`style_layer` knows it is already safe; plain
    ``str`` tooltips are escaped there.
    """
    # str(escape(...)) per piece, one Markup at the end: Markup.format per line was a
    # measurable part of a rerun at 136 areas.
    body = "<br>".join([f"<b>{escape(title)}</b>", *(str(escape(line)) for line in lines)])
    return Markup(body)


def area_style(fill: str | None, tooltip: str | Markup = "", **overrides: Any) -> dict[str, Any]:
    """Style entry for one area; ``fill=None`` (no value) gives :data:`NO_DATA_STYLE`.

    ``overrides`` may set any Leaflet path option (``color``, ``weight``,
    ``opacity``, ``fillOpacity``, ``dashArray``), e.g. a thick dark outline
    for the selected area.
    """
    return {"fill": fill, "tooltip": tooltip, **overrides}


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
