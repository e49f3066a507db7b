"""Geometry for the web (geo.view.geometry): the GeoJSON GEOS writes is the one GeoPandas writes."""

from __future__ import annotations

import json

import geopandas as gpd
from shapely.geometry import MultiPolygon, Polygon, box

from geo.view.geometry import simplify_for_web, web_geojson
from tests.shared_data import shared_file


def _reference(areas: gpd.GeoDataFrame) -> dict:
    return json.loads(simplify_for_web(areas).to_json(drop_id=True))


def test_web_geojson_is_what_geopandas_writes_for_holes_parts_and_missing_geometry():
    shapes = [Polygon(box(0, 0, 2000, 2000).exterior.coords, [box(800, 800, 1200, 1200).exterior.coords]),
              MultiPolygon([box(5000, 0, 5100, 100), box(6000, 0, 7000, 1000)]), None, box(9000, 0, 9150, 150)]
    areas = gpd.GeoDataFrame({"area_id": ["A", "B", "C", "D"], "area_name": ["Å", "Ä \"citat\"", "Ö", "D"],
                              "secret": [1, 2, 3, 4]}, geometry=shapes, crs=3006)
    data = web_geojson(areas)
    assert data == _reference(areas)
    assert json.dumps(data) == json.dumps(_reference(areas))  # the same text, key order too
    assert [f["properties"] for f in data["features"]][0] == {"area_id": "A", "area_name": "Å"}
    assert data["features"][2]["geometry"] is None


def test_web_geojson_of_malmo_delomraden_is_what_geopandas_writes():
    layer = gpd.read_file(shared_file("malmo_stad/malmo_delomraden_136.gpkg"))
    areas = layer.assign(area_id=[f"D{i}" for i in range(len(layer))], area_name=[f"Område {i}" for i in range(len(layer))])
    assert json.dumps(web_geojson(areas)) == json.dumps(_reference(areas))
