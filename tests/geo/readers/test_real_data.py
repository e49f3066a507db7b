"""I/O on real public polygons from ../shared/data (EPSG:3008), and the CSV reader."""

import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Polygon

from geo.errors import DataError, DataWarning
from geo.readers.areas import read_areas
from geo.readers.cells import parse_number_column
from geo.readers.indicators import read_indicators, to_long
from tests.shared_data import shared_file

DELOMRADEN = "malmo_stad/malmo_delomraden_136.gpkg"


def test_real_delomraden_read_validated_and_reprojected():
    path = shared_file(DELOMRADEN)
    areas = read_areas(path, id_col="do_kod", name_col="delomrade")
    assert len(areas) == 136
    assert areas.crs.to_epsg() == 3008
    assert areas["area_id"].is_unique
    assert areas.geometry.is_valid.all()
    web = areas.to_crs(4326)
    minx, miny, maxx, maxy = web.total_bounds
    # Malmö lies around 13.0 E, 55.6 N
    assert 12.8 < minx < maxx < 13.3
    assert 55.4 < miny < maxy < 55.8
    # area is preserved by the reprojection round trip to SWEREF 99 TM (metres)
    tm = areas.to_crs(3006)
    np.testing.assert_allclose(tm.area.sum(), areas.area.sum(), rtol=2e-3)
    # names with å/ä/ö survive
    assert areas["area_name"].str.contains("Ö").any()


def test_real_delomraden_with_wrong_column_names_gives_swedish_message():
    path = shared_file(DELOMRADEN)
    with pytest.raises(DataError, match="kolumnen 'area_id' saknas.*do_kod"):
        read_areas(path)


def test_missing_crs_is_an_error_not_a_guess(tmp_path):
    gdf = gpd.GeoDataFrame({"area_id": ["1"], "area_name": ["A"]},
                           geometry=[Polygon([(0, 0), (1, 0), (1, 1)])])
    path = tmp_path / "utan_crs.fgb"  # GeoJSON would imply WGS84; FlatGeobuf can lack a CRS
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        gdf.to_file(path, driver="FlatGeobuf")
    with pytest.raises(DataError, match="saknar koordinatsystem"):
        read_areas(path)


def test_invalid_ring_is_repaired_and_reported(tmp_path):
    bowtie = Polygon([(0, 0), (2, 2), (2, 0), (0, 2)])
    gdf = gpd.GeoDataFrame({"area_id": ["1"], "area_name": ["Fluga"]}, geometry=[bowtie], crs=3006)
    path = tmp_path / "fluga.gpkg"
    gdf.to_file(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        areas = read_areas(path)
    assert areas.geometry.is_valid.all()
    assert any(issubclass(w.category, DataWarning) and "make_valid" in str(w.message) for w in caught)


def test_duplicate_ids_are_an_error(tmp_path):
    sq = Polygon([(0, 0), (1, 0), (1, 1), (0, 1)])
    gdf = gpd.GeoDataFrame({"area_id": ["1", "1"], "area_name": ["A", "B"]}, geometry=[sq, sq], crs=3006)
    path = tmp_path / "dubbel.gpkg"
    gdf.to_file(path)
    with pytest.raises(DataError, match="dubbletter: 1"):
        read_areas(path)


def test_unreadable_file_is_an_error(tmp_path):
    path = tmp_path / "trasig.gpkg"
    path.write_bytes(b"not a geopackage")
    with pytest.raises(DataError, match="kunde inte läsas som geodata"):
        read_areas(path)


def test_number_parsing_swedish_style():
    vals, sup = parse_number_column(pd.Series(["45,2 %", "..", "1 234,5", "−3", "–", "12.5", "x", ""]))
    np.testing.assert_allclose(vals.to_numpy(), [45.2, np.nan, 1234.5, -3, np.nan, 12.5, np.nan, np.nan])
    assert sup.tolist() == [False, True, False, False, True, False, True, True]


def test_non_number_names_the_row():
    with pytest.raises(DataError, match="rad 3: 'abc'"):
        parse_number_column(pd.Series(["1", "abc"]), column="value")


def test_semicolon_decimal_comma_cp1252_parses_like_clean_twin(tmp_path):
    clean = tmp_path / "clean.csv"
    clean.write_text("area_id,indicator_id,year,value\nG01,valdeltagande,2024,71.5\nG02,valdeltagande,2024,..\n",
                     encoding="utf-8")
    messy = tmp_path / "messy.csv"
    messy.write_bytes("area_id;indicator_id;year;value\nG01;valdeltagande;2024;71,5 %\n G02 ;valdeltagande;2024;..\n"
                      .encode("cp1252"))
    a, b = read_indicators(clean), read_indicators(messy)
    pd.testing.assert_frame_equal(a, b)
    assert b["suppressed"].tolist() == [False, True]


def test_wide_table_is_melted():
    wide = pd.DataFrame({"area_id": ["A", "B"], "year": ["2024", "2024"], "x": ["1", "2"], "y": ["3", ".."]})
    long = to_long(wide)
    assert set(long["indicator_id"]) == {"x", "y"}
    assert long["value"].isna().sum() == 1


def test_duplicate_rows_are_an_error():
    frame = pd.DataFrame({"area_id": ["A", "A"], "indicator_id": ["x", "x"], "year": ["2024", "2024"],
                          "value": ["1", "2"]})
    with pytest.raises(DataError, match="samma area_id"):
        to_long(frame)
