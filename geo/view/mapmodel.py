"""What the browser map needs, as JSON-ready dicts: geometry once, scores once, a small view per rerun.

The map component (``ui/components/oi_map.js``) gets three things, split by how often they
change, so a slider move sends a few hundred bytes and never the geometry:

* :func:`area_features` — the simplified areas with each label's anchor and room and the
  names (once per data version; published as a static file, fetched once per browser).
* :func:`live_scores` — the normalised dimension scores of every area, the baseline ranks
  and the flags (once per data / method / year / indicator weights; also a static file).
  From these and the weights the browser computes the index, the ranks and the classes on
  every input event, with the arithmetic of :func:`geo.engine.index.weighted_index`,
  pandas' ``rank(method="min")`` on the index rounded to ``RANK_DECIMALS`` and
  :func:`geo.view.palette.classify` (tested to agree with them, ties included).
* :func:`live_view` / :func:`static_view` — per rerun: the weights and choices, or, for
  maps the browser does not compute (a single dimension, the rank-change map), each
  area's style, tooltip and rank label; plus the legend and the texts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import fields
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.definition import Definition
from geo.engine.index import RANK_DECIMALS
from geo.engine.scoring import Scored
from geo.i18n import LANGS, t
from geo.view import palette
from geo.view.geometry import web_geojson
from geo.view.labels import abbreviation, label_anchors, short_name
from geo.view.legend import Legend
from geo.view.mapstyles import MapLayer
from geo.view.ranking import fixed_notes

#: Fields a static style entry may carry (see :func:`geo.view.mapstyles.area_style`).
_STYLE_KEYS = {"fill": "f", "color": "c", "weight": "w", "opacity": "op", "fillOpacity": "o", "dashArray": "d"}
_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_DASH_ARRAY = re.compile(r"^[0-9]+(?:\.[0-9]+)?(?:[ ,]+[0-9]+(?:\.[0-9]+)?)*$")
#: Names of areas without a value listed in the legend (the table lists all).
MAX_LEGEND_NAMES = 8


def _num(value: Any) -> float | None:
    """A finite float or None (JSON has no NaN)."""
    if value is None:
        return None
    v = float(value)
    return v if math.isfinite(v) else None


# ---------------------------------------------------------------------- geometry (once per data)


def area_features(areas: gpd.GeoDataFrame) -> dict[str, Any]:
    """The simplified areas in EPSG:4326 with, per area, ``area_id``, ``area_name`` and the label
    fields: ``s`` short name, ``a`` abbreviation ("" = none), ``lx``/``ly`` anchor (lon/lat) and
    ``hw``/``hh`` room in metres (:mod:`geo.view.labels`)."""
    data = web_geojson(areas)
    anchors = label_anchors(areas)
    for feature in data["features"]:
        props = feature["properties"]
        aid = str(props["area_id"])
        name = str(props.get("area_name", aid))
        props["area_id"], props["area_name"] = aid, name
        props["s"], props["a"] = short_name(name), abbreviation(name)
        anchor = anchors.get(aid)
        if anchor is not None:
            props.update(lx=anchor.lon, ly=anchor.lat, hw=anchor.half_width, hh=anchor.half_height)
    return data


def overlay_features(frame: gpd.GeoDataFrame) -> dict[str, Any]:
    """An overlay's polygons (EPSG:4326) with ``label``, its short form ``s`` and its anchor ``lx``/``ly``."""
    import json

    data: dict[str, Any] = json.loads(frame[["label", "geometry"]].to_json(drop_id=True))
    anchors = label_anchors(frame, id_col=None)
    for i, feature in enumerate(data["features"]):
        anchor = anchors.get(str(i))
        props = feature["properties"]
        props["s"] = short_name(str(props.get("label") or ""))
        if anchor is not None:
            props.update(lx=anchor.lon, ly=anchor.lat)
    return data


# ---------------------------------------------------------------------- scores (once per scoring)


def live_scores(current: Scored, baseline: Scored, definition: Definition) -> dict[str, Any]:
    """Everything the browser needs to rank the areas for any dimension weights, and to say why an
    area has no rank and what its notes on the data are (``notes``, ``fixed_reason``).

    ``dims`` is row-major (areas × dimensions, ``null`` = missing), exactly the floats the
    server holds (JSON round-trips a float exactly), so the browser's index is bit-identical.
    """
    result = current.result
    dim_ids = list(definition.dimension_ids)
    dims = result.dimensions.reindex(columns=dim_ids)
    ids = [str(a) for a in dims.index]
    names = current.table.set_index("area_id")["area_name"].reindex(ids).astype(str)
    base = baseline.result.rank.reindex(ids)
    flat = [_num(v) for v in dims.to_numpy(dtype=float).ravel()]
    flags = result.flags.reindex(ids).fillna("")
    fixed = {lang: {aid: fixed_notes(f, definition, lang) for aid, f in zip(ids, flags, strict=True) if f}
             for lang in LANGS}
    return {
        "ids": ids,
        "names": [" ".join(n.split()) for n in names],
        "dim_ids": dim_ids,
        "dims": flat,
        "baseline_rank": [None if pd.isna(r) else int(r) for r in base],
        "flags": [str(f) if f else "" for f in flags],
        # The notes that do not depend on the dimension weights, per language (a language switch
        # publishes nothing new); the browser adds the reason a rank is missing for the weights it
        # ranks with (geo.view.ranking.dimension_notes). Only areas with something to say.
        "notes": {lang: {aid: list(n.flags) for aid, n in by_area.items() if n.flags}
                  for lang, by_area in fixed.items()},
        "fixed_reason": {lang: {aid: n.reason for aid, n in by_area.items() if n.reason}
                         for lang, by_area in fixed.items()},
        "rank_decimals": RANK_DECIMALS,
    }


#: Settings the published scores do not depend on (the browser weights and classifies itself).
#: Every other setting is part of the key, so a new one (e.g. the reference year) can never be served
#: a stale file.
SCORES_IGNORE = ("weights", "top_k", "scheme", "lang", "basemap", "labels")


def scores_key(current: Scored) -> tuple[Any, ...]:
    """What :func:`live_scores` depends on: every setting but those in :data:`SCORES_IGNORE` (so a
    slider move reuses the published file), with the year scored."""
    s = current.settings
    return (current.year, *((f.name, getattr(s, f.name)) for f in fields(s) if f.name not in SCORES_IGNORE))


# ---------------------------------------------------------------------- per rerun


def legend_dict(legend: Legend, lang: str) -> dict[str, Any]:
    """The legend model for the browser (every text is set with ``textContent`` there)."""
    return {
        "title": legend.title,
        "low": legend.low_label,
        "high": legend.high_label,
        "swatches": [{"colors": list(sw.colors), "label": sw.label, "kind": sw.kind, "outline": sw.outline,
                      "dashed": sw.dashed} for sw in legend.swatches],
        "missing": legend.missing_text(lang, max_names=MAX_LEGEND_NAMES) if legend.missing_names else "",
    }


def texts(lang: str, *, top_k: int) -> dict[str, str]:
    """Every word the component shows, in the page's language."""
    keys = ("index", "rank", "rank_change", "rank_change_short", "area", "no_value", "legend_low",
            "legend_high", "map_loading", "map_load_failed", "map_rank_label", "map_rank_meaning", "map_more_rows",
            "map_more_rows_one",
            "map_top_mark",
            "map_selected", "meeting_live", "meeting_freeze", "meeting_show", "meeting_reset", "meeting_pending",
            "weights", "map_all_zero", "map_keys_hint", "map_ranking_caption", "labels_legend_static",
            "reason_line", "flags_line", "reason_missing_dims", "reason_no_index", "flag_no_data",
            "not_ranked_because", "dim_no_data")
    out = {k: t(k, lang, k=top_k) if k in ("map_top_mark",) else t(k, lang) for k in keys}
    out["and_more"] = t("and_more", lang, n="{n}")
    out["map_dims_no_data"] = t("map_dims_no_data", lang, dims="{dims}")
    out["decimal"] = "," if lang == "sv" else "."
    return out


def _style_entry(entry: Mapping[str, Any]) -> dict[str, Any]:
    """One static style entry, validated and in the component's short keys."""
    out: dict[str, Any] = {}
    for key, value in entry.items():
        if key == "tooltip":
            continue
        short = _STYLE_KEYS.get("fill" if key == "fillColor" else key)
        if short is None:
            raise ValueError(f"unknown style key {key!r}")
        if key in ("fill", "fillColor", "color"):
            if value is None and key != "color":
                out[short] = None
                continue
            if not isinstance(value, str) or not _HEX_COLOR.match(value):
                raise ValueError(f"{key} must be '#rrggbb', got {value!r}")
        elif key == "dashArray":
            if value is not None and not (isinstance(value, str) and _DASH_ARRAY.match(value)):
                raise ValueError(f"bad dashArray {value!r}")
        else:
            value = float(value)
            if not math.isfinite(value):
                raise ValueError(f"{key} must be finite, got {value!r}")
        out[short] = value
    tip = entry.get("tooltip")
    if tip:
        # Markup is escaped already (geo.view.mapstyles.tooltip_html); anything else is escaped here.
        out["t"] = str(tip) if hasattr(tip, "__html__") else _escape(str(tip))
    return out


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def static_view(layer: MapLayer, lang: str) -> dict[str, Any]:
    """A map whose colours the server decided: per-area styles, tooltips and rank labels, the legend."""
    return {
        "styles": {str(aid): _style_entry(entry) for aid, entry in layer.styles.items()},
        "ranks": {str(aid): int(r) for aid, r in layer.ranks.items()},
        "legend": legend_dict(layer.legend, lang),
    }


def live_view(current: Scored, definition: Definition, *, scores_url: str,
              watch: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The per-rerun part of a map the browser computes: weights, aggregation, scheme, top k.

    ``watch`` maps dimension ids to the keys of Streamlit sliders whose thumbs the browser
    follows while they are dragged (the sidebar's weights).
    """
    s = current.settings
    lang = s.lang
    weights = current.result.weights
    return {
        "scores": scores_url,
        "weights": [float(weights[d]) for d in definition.dimension_ids],
        "dim_labels": [d.display_label(lang) for d in definition.dimensions],
        "aggregation": s.aggregation,
        "scheme": s.scheme,
        "top_k": int(s.top_k),
        "watch": dict(watch or {}),
        "legend": {"title": t("index", lang), "low": t("legend_low", lang), "high": t("legend_high", lang)},
    }


def colours() -> dict[str, Any]:
    """The palette as the browser uses it (one source: :mod:`geo.view.palette`)."""
    p = palette
    return {"palette": list(p.PALETTE), "spread": {str(n): p.spread_indices(n) for n in range(1, len(p.PALETTE) + 1)},
            "missing": p.MISSING_COLOR, "missing_outline": p.MISSING_OUTLINE, "no_data_fill": p.NO_DATA_FILL,
            "no_data_outline": p.NO_DATA_OUTLINE, "border": p.AREA_BORDER, "selected": p.SELECTED_OUTLINE,
            "text": p.TEXT, "muted": p.TEXT_MUTED, "rule": p.RULE, "up": p.UP, "down": p.DOWN, "same": p.SAME,
            "top_row": p.TOP_K_ROW, "text_on_dark": p.TEXT_ON_DARK, "overlay": p.OVERLAY_COLOR,
            "overlay_ink": p.OVERLAY_LABEL_TEXT}


def bounds_list(bounds: Sequence[float]) -> list[float]:
    return [float(v) for v in np.asarray(bounds, dtype=float)]


__all__ = ["MAX_LEGEND_NAMES", "area_features", "bounds_list", "colours", "legend_dict", "live_scores", "live_view",
           "overlay_features", "scores_key", "static_view", "texts"]
