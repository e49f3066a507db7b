"""Context overlays: reading polygon files (geo.readers.overlays), their publication for the map and
the sidebar section "Kartlager" (AppTest) with Polisen's utsatta områden."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import Point, box

from geo.errors import DataError
from geo.output.webassets import prepare_overlay, publish
from geo.readers.overlays import list_overlay_files, overlay_geojson, pick_label_column, read_overlay
from geo.view.mapmodel import overlay_features
from tests.shared_data import shared_file

POLISEN = "polisen/malmo_utsatta_omraden_2023.gpkg"
NAMES = {"Rosengård", "Södra Sofielund (Seved)", "Nydala / Hermodsdal / Lindängen",
         "Holma / Kroksbäck / Bellevuegården"}


# ---------------------------------------------------------------- library

def test_read_polisen_overlay_reprojects_and_labels():
    path = shared_file(POLISEN)
    assert gpd.read_file(path).crs.to_epsg() == 3006
    overlay = read_overlay(path)
    assert overlay.n == 4 and overlay.label_col == "NAMN"
    assert overlay.frame.crs.to_epsg() == 4326
    assert set(overlay.frame["label"]) == NAMES
    minx, miny, maxx, maxy = overlay.frame.total_bounds
    assert 12.8 < minx < maxx < 13.2 and 55.5 < miny < maxy < 55.7  # Malmö in lon/lat
    gj = overlay_geojson(overlay)
    assert [set(f["properties"]) for f in gj["features"]] == [{"label"}] * 4


def test_label_column_is_name_like():
    assert pick_label_column(pd.DataFrame({"KATEGORI": ["a", "a"], "NAMN": ["x", "y"]})) == "NAMN"
    assert pick_label_column(pd.DataFrame({"id": [1, 2], "Områdesnamn": ["x", "y"]})) == "Områdesnamn"
    assert pick_label_column(pd.DataFrame({"kod": [1, 2], "typ": ["a", "a"], "text": ["p", "q"]})) == "text"
    assert pick_label_column(pd.DataFrame({"kod": [1, 2]})) is None


def _write(tmp_path, frame: gpd.GeoDataFrame, name: str = "lager.gpkg"):
    path = tmp_path / name
    frame.to_file(path, engine="pyogrio")
    return path


def test_overlay_errors_are_swedish(tmp_path):
    with pytest.raises(DataError, match="finns inte"):
        read_overlay(tmp_path / "saknas.gpkg")
    bad = tmp_path / "trasig.gpkg"
    bad.write_bytes(b"inte en geopackage" * 10)
    with pytest.raises(DataError, match="kunde inte läsas"):
        read_overlay(bad)
    points = gpd.GeoDataFrame({"namn": ["a"]}, geometry=[Point(13.0, 55.6)], crs=4326)
    with pytest.raises(DataError, match="inga polygoner"):
        read_overlay(_write(tmp_path, points, "punkter.gpkg"))
    no_crs = gpd.GeoDataFrame({"namn": ["a"]}, geometry=[box(13.0, 55.6, 13.01, 55.61)])
    with pytest.raises(DataError, match="koordinatsystem"):
        read_overlay(_write(tmp_path, no_crs, "utan_crs.gpkg"))
    # degrees labelled as SWEREF 99 TM metres: the CRS check names the likely CRS
    wrong = gpd.GeoDataFrame({"namn": ["a"]}, geometry=[box(13.0, 55.6, 13.01, 55.61)], crs=3006)
    with pytest.raises(DataError, match="passar inte"):
        read_overlay(_write(tmp_path, wrong, "fel_crs.gpkg"))


def test_labels_without_name_column_fall_back_and_are_text(tmp_path):
    frame = gpd.GeoDataFrame({"kod": [1, 2]}, geometry=[box(13.0, 55.6, 13.01, 55.61), box(13.02, 55.6, 13.03, 55.61)],
                             crs=4326)
    overlay = read_overlay(_write(tmp_path, frame, "mina_omraden.gpkg"))
    assert list(overlay.frame["label"]) == ["mina omraden 1", "mina omraden 2"]


def test_list_overlay_files(tmp_path):
    (tmp_path / "a.gpkg").write_bytes(b"x")
    (tmp_path / "b.geojson").write_bytes(b"x")
    (tmp_path / "c.csv").write_bytes(b"x")
    (tmp_path / ".dold.gpkg").write_bytes(b"x")
    assert [p.name for p in list_overlay_files(tmp_path)] == ["a.gpkg", "b.geojson"]
    assert list_overlay_files(tmp_path / "saknas") == [] and list_overlay_files(None) == []


# ---------------------------------------------------------------- map script

def test_overlay_is_published_once_with_label_anchors_and_nothing_else(tmp_path):
    frame = gpd.GeoDataFrame(
        {"label": ["<img src=x onerror=alert(1)>"], "extra": [1]},
        geometry=[shapely.Polygon([(13, 55.6), (13.01, 55.6), (13.01, 55.61), (13, 55.6)])], crs=4326)
    gj = overlay_features(frame)
    url = publish(prepare_overlay(gj), tmp_path, "session-1.s.t")
    assert url == publish(prepare_overlay(gj), tmp_path, "session-1.s.t")  # same content, same file
    assert url.startswith("/app/static/generated/session-1.s.t/overlay-")
    stored = json.loads((tmp_path / "generated" / "session-1.s.t" / url.rsplit("/", 1)[-1]).read_text(encoding="utf-8"))
    props = stored["features"][0]["properties"]
    assert set(props) == {"label", "s", "lx", "ly"}  # the label stays text (the browser sets textContent)
    assert props["label"] == "<img src=x onerror=alert(1)>"
    assert frame.geometry[0].contains(shapely.Point(props["lx"], props["ly"]))
