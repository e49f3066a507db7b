"""Geometry for the web: simplify in metres, reproject to WGS84, trim coordinates.

Folium/Leaflet needs EPSG:4326. Simplifying first (in the layer's metric CRS) and
rounding coordinates to 5 decimals (≈ 1 m) keeps the map payload small; shared
borders are simplified together (coverage simplification) so no slivers or gaps
open between neighbouring areas.
"""

from __future__ import annotations

import json

import geopandas as gpd
import shapely

#: Default simplification tolerance in metres: invisible at city zoom levels.
WEB_TOLERANCE_M = 15.0
COORD_DECIMALS = 5


def _metric(areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if areas.crs is not None and areas.crs.is_projected:
        return areas
    return areas.to_crs(3006)


def simplify_for_web(areas: gpd.GeoDataFrame, *, tolerance_m: float = WEB_TOLERANCE_M) -> gpd.GeoDataFrame:
    """Simplified copy in EPSG:4326 with only ``area_id`` and ``area_name``."""
    metric = _metric(areas)[["area_id", "area_name", "geometry"]].copy()
    if tolerance_m > 0:
        try:
            metric["geometry"] = metric.geometry.simplify_coverage(tolerance_m)
        except Exception:  # not a clean coverage (overlaps) or an old GEOS: per-polygon fallback
            metric["geometry"] = metric.geometry.simplify(tolerance_m, preserve_topology=True)
        bad = ~metric.geometry.is_valid | metric.geometry.is_empty
        if bad.any():  # never let simplification break a polygon: keep the original
            metric.loc[bad, "geometry"] = _metric(areas).geometry[bad]
    web = metric.to_crs(4326)
    web["geometry"] = shapely.set_precision(web.geometry.values, 10 ** -COORD_DECIMALS, mode="pointwise")
    return web


def web_geojson(areas: gpd.GeoDataFrame, *, tolerance_m: float = WEB_TOLERANCE_M) -> dict:
    """A GeoJSON FeatureCollection (dict) of the simplified areas in EPSG:4326."""
    web = simplify_for_web(areas, tolerance_m=tolerance_m)
    # GEOS writes each geometry's GeoJSON (the same text as ``GeoDataFrame.to_json``, a quarter of
    # the time: 6,000 areas in 0.2 s, not 0.7 s).
    texts = shapely.to_geojson(web.geometry.values)
    features = [{"type": "Feature", "properties": {"area_id": aid, "area_name": name},
                 "geometry": json.loads(text) if text is not None else None}
                for aid, name, text in zip(web["area_id"].tolist(), web["area_name"].tolist(), texts, strict=True)]
    return {"type": "FeatureCollection", "features": features}


def web_bounds(areas: gpd.GeoDataFrame) -> tuple[float, float, float, float]:
    """``(minx, miny, maxx, maxy)`` in lon/lat."""
    minx, miny, maxx, maxy = areas.to_crs(4326).total_bounds
    return float(minx), float(miny), float(maxx), float(maxy)


def geojson_bytes(data: dict) -> int:
    """Size of the compact JSON text, i.e. what is sent to the browser."""
    return len(json.dumps(data, separators=(",", ":")).encode("utf-8"))


def representative_points(areas: gpd.GeoDataFrame) -> dict[str, tuple[float, float]]:
    """A point inside each area (lat, lon), for labels."""
    pts = areas.to_crs(4326).geometry.representative_point()
    return {aid: (float(p.y), float(p.x)) for aid, p in zip(areas["area_id"], pts, strict=True)}


__all__ = ["simplify_for_web", "web_geojson", "web_bounds", "geojson_bytes", "representative_points"]
