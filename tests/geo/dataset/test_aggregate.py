"""Aggregation fine → coarse: hand-computed cases and the real delområden → stadsdelar."""

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from geo.dataset.aggregate import aggregate_crosswalk, aggregate_overlay, overlay_crosswalk, read_crosswalk
from geo.errors import DataError
from geo.readers.areas import read_areas
from geo.readers.tables import read_table
from tests.shared_data import shared_file


def rows(*records, cols=("area_id", "indicator_id", "year", "value", "numerator", "denominator")):
    frame = pd.DataFrame(records, columns=list(cols[:len(records[0])]))
    frame["year"] = 2022
    return frame


CW = pd.DataFrame({"fine_id": ["a", "b", "c"], "coarse_id": ["X", "X", "Y"]})


def value(res, area, ind):
    t = res.table
    return t.loc[(t["area_id"] == area) & (t["indicator_id"] == ind), "value"].item()


def test_share_is_recomputed_from_numerators_and_denominators_not_averaged():
    vals = rows(("a", "s", 2022, 10.0, 10, 100), ("b", "s", 2022, 90.0, 90, 900), ("c", "s", 2022, 50.0, 5, 10))
    res = aggregate_crosswalk(vals, CW)
    # Σnum/Σden = 100/1000 = 10 %, not the mean of 10 % and 90 % (50 %)
    assert value(res, "X", "s") == pytest.approx(10.0)
    rec = res.table.set_index(["area_id", "indicator_id"]).loc[("X", "s")]
    assert (rec["numerator"], rec["denominator"], rec["method"], rec["n_fine"]) == (100, 1000, "kvot av summor", 2)
    assert value(res, "Y", "s") == pytest.approx(50.0)


def test_partial_shares_weight_numerators_and_denominators():
    cw = pd.DataFrame({"fine_id": ["a", "b", "b"], "coarse_id": ["X", "X", "Y"], "share": [1, 0.5, 0.5]})
    vals = rows(("a", "s", 2022, 10.0, 10, 100), ("b", "s", 2022, 90.0, 90, 100))
    res = aggregate_crosswalk(vals, cw)
    assert value(res, "X", "s") == pytest.approx(100 * (10 + 45) / (100 + 50))
    assert value(res, "Y", "s") == pytest.approx(90.0)


def test_scale_is_read_from_the_fine_rows():
    vals = rows(("a", "p", 2022, 0.1, 10, 100), ("b", "p", 2022, 0.9, 90, 100))
    assert value(aggregate_crosswalk(vals, CW), "X", "p") == pytest.approx(0.5)
    bad = rows(("a", "p", 2022, 33.0, 10, 100))
    with pytest.raises(DataError, match="stämmer inte med numerator/denominator"):
        aggregate_crosswalk(bad, CW)


def test_counts_are_summed_times_share():
    cw = pd.DataFrame({"fine_id": ["a", "b", "b"], "coarse_id": ["X", "X", "Y"], "share": ["1", "0,25", "0,75"]})
    vals = rows(("a", "n", 2022, 10.0), ("b", "n", 2022, 100.0), cols=("area_id", "indicator_id", "year", "value"))
    res = aggregate_crosswalk(vals, cw, counts=["n"])
    assert value(res, "X", "n") == 35.0 and value(res, "Y", "n") == 75.0
    assert res.table["value"].sum() == 110.0


def test_percentage_without_denominator_needs_population_weight():
    vals = rows(("a", "p", 2022, 10.0), ("b", "p", 2022, 90.0), ("a", "pop", 2022, 100.0),
                ("b", "pop", 2022, 300.0), cols=("area_id", "indicator_id", "year", "value"))
    with pytest.raises(DataError, match="vanligt medelvärde av andelar räknas aldrig"):
        aggregate_crosswalk(vals, CW)
    res = aggregate_crosswalk(vals, CW, weight="pop")
    assert value(res, "X", "p") == pytest.approx((10 * 100 + 90 * 300) / 400)
    assert value(res, "X", "pop") == 400.0  # the population itself is summed


def test_ratios_from_two_count_indicators():
    vals = rows(("a", "syss", 2022, 30.0), ("a", "bef", 2022, 60.0), ("b", "syss", 2022, 10.0),
                ("b", "bef", 2022, 40.0), cols=("area_id", "indicator_id", "year", "value"))
    res = aggregate_crosswalk(vals, CW, counts=["syss", "bef"], ratios={"andel": ("syss", "bef")})
    assert value(res, "X", "andel") == pytest.approx(40.0)


def test_missing_part_propagates_or_is_skipped_never_zero():
    vals = rows(("a", "n", 2022, 10.0), ("b", "n", 2022, np.nan), cols=("area_id", "indicator_id", "year", "value"))
    res = aggregate_crosswalk(vals, CW, counts=["n"])
    assert math.isnan(value(res, "X", "n"))
    assert res.table["suppressed"].tolist() == [True]
    skipped = aggregate_crosswalk(vals, CW, counts=["n"], missing="skip")
    assert value(skipped, "X", "n") == 10.0
    assert skipped.table["n_missing"].tolist() == [1]


def test_unmatched_ids_are_reported_and_ids_normalised():
    vals = rows((" A ", "n", 2022, 1.0), ("zz", "n", 2022, 2.0), cols=("area_id", "indicator_id", "year", "value"))
    res = aggregate_crosswalk(vals, CW, counts=["n"])
    assert res.unmatched_fine == ["zz"]
    assert res.crosswalk_without_data == ["b", "c"]
    assert res.id_changes == {" A ": "a"}


@pytest.mark.parametrize("frame, message", [
    (pd.DataFrame({"fine": ["a"], "coarse_id": ["X"]}), "'fine_id' saknas"),
    (pd.DataFrame({"fine_id": ["a", "a"], "coarse_id": ["X", "Y"], "share": [0.7, 0.7]}), "summerar till 1.4"),
    (pd.DataFrame({"fine_id": ["a"], "coarse_id": ["X"], "share": ["1,5"]}), "mellan 0 och 1"),
    (pd.DataFrame({"fine_id": ["a", "a"], "coarse_id": ["X", "X"]}), "mer än en gång"),
])
def test_bad_crosswalks(frame, message):
    with pytest.raises(DataError, match=message):
        read_crosswalk(frame)


def test_overlay_hand_computed_split_and_population_weight():
    fine = gpd.GeoDataFrame({"area_id": ["a", "b"], "area_name": ["a", "b"], "bef": [100, 300]},
                            geometry=[box(0, 0, 2, 1), box(2, 0, 3, 1)], crs=3006)
    coarse = gpd.GeoDataFrame({"area_id": ["X", "Y"], "area_name": ["X", "Y"]},
                              geometry=[box(0, 0, 1, 1), box(1, 0, 3, 1)], crs=3006)
    cw = overlay_crosswalk(fine, coarse)
    assert cw.to_dict("records") == [{"fine_id": "a", "coarse_id": "X", "share": 0.5},
                                     {"fine_id": "a", "coarse_id": "Y", "share": 0.5},
                                     {"fine_id": "b", "coarse_id": "Y", "share": 1.0}]
    vals = rows(("a", "n", 2022, 10.0), ("b", "n", 2022, 4.0), ("a", "p", 2022, 20.0), ("b", "p", 2022, 60.0),
                cols=("area_id", "indicator_id", "year", "value"))
    with pytest.raises(DataError, match="räknas aldrig"):
        aggregate_overlay(fine, coarse, vals, counts=["n"])
    res = aggregate_overlay(fine, coarse, vals, counts=["n"], weight="bef")
    assert value(res, "X", "n") == 5.0 and value(res, "Y", "n") == 9.0
    assert value(res, "Y", "p") == pytest.approx((20 * 50 + 60 * 300) / 350)
    assert "__befolkning__" not in set(res.table["indicator_id"])


def test_overlay_reprojects_coarse_to_fine_and_uses_metres_for_geographic_layers():
    fine = gpd.GeoDataFrame({"area_id": ["a"], "area_name": ["a"]}, geometry=[box(0, 0, 1000, 1000)],
                            crs=3008).set_geometry(gpd.GeoSeries([box(118000, 6160000, 119000, 6161000)]), crs=3008)
    coarse = fine.to_crs(4326).assign(area_id="X")
    cw = overlay_crosswalk(fine, coarse)
    assert cw["share"].item() == pytest.approx(1.0, abs=1e-6)
    cw2 = overlay_crosswalk(fine.to_crs(4326), fine.assign(area_id="X"))
    assert cw2["share"].item() == pytest.approx(1.0, abs=1e-6)


# ---------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def delomraden():
    return read_areas(shared_file("malmo_stad/malmo_delomraden_136.gpkg"), id_col="delomrade", name_col="delomrade")


@pytest.fixture(scope="module")
def crosswalk():
    table = read_table(shared_file("malmo_stad/delomrade_till_stadsdel.csv"))
    return table.rename(columns={"name": "fine_id", "stadsdel": "coarse_id"})


def test_delomraden_to_stadsdelar_by_crosswalk_counts_add_up_exactly(delomraden, crosswalk):
    raw = gpd.read_file(shared_file("malmo_stad/malmo_delomraden_136.gpkg"))
    vals = pd.concat([
        pd.DataFrame({"area_id": raw["delomrade"], "indicator_id": "antal", "year": 2021, "value": 1.0}),
        pd.DataFrame({"area_id": raw["delomrade"], "indicator_id": "yta_m2", "year": 2021, "value": raw["area"]}),
    ])
    first = aggregate_crosswalk(vals, crosswalk, counts=["antal", "yta_m2"])
    # Case and whitespace are normalised ("MALMÖHUS" ↔ "Malmö Hus"); one name is abbreviated in the layer.
    assert first.id_changes["MALMÖHUS"] == "Malmö Hus"
    assert first.unmatched_fine == ["SOFIELUNDS INDUSTRIOMR."]
    assert first.crosswalk_without_data == ["Sofielunds Industriområde"]
    fixed = crosswalk.replace({"fine_id": {"Sofielunds Industriområde": "Sofielunds industriomr."}})
    res = aggregate_crosswalk(vals, fixed, counts=["antal", "yta_m2"])
    assert res.unmatched_fine == [] and res.crosswalk_without_data == []
    counts = res.table[res.table["indicator_id"] == "antal"].set_index("area_id")["value"]
    assert len(counts) == 10 and counts.sum() == 136
    dissolved = gpd.read_file(shared_file("malmo_stad/malmo_stadsdelar_10_dissolved.gpkg"))
    assert counts.to_dict() == dict(zip(dissolved["stadsdel"], dissolved["antal_delomraden"].astype(float)))
    area = res.table[res.table["indicator_id"] == "yta_m2"]
    assert math.fsum(area["value"]) == pytest.approx(math.fsum(raw["area"]), rel=1e-12)
    # per stadsdel, the summed m² match the dissolved polygons' areas
    geom = dissolved.set_index("stadsdel").area
    for row in area.itertuples():
        assert row.value == pytest.approx(geom[row.area_id], rel=1e-6)


def test_overlay_of_delomraden_onto_stadsdelar_agrees_with_crosswalk(delomraden, crosswalk):
    stadsdelar = read_areas(shared_file("malmo_stad/malmo_stadsdelar_10_dissolved.gpkg"),
                            id_col="stadsdel", name_col="stadsdel")
    cw = overlay_crosswalk(delomraden, stadsdelar.to_crs(3006))  # reprojected back to 3008 inside
    assert cw["fine_id"].is_unique and len(cw) == 136
    np.testing.assert_allclose(cw["share"], 1.0, atol=1e-9)
    from geo.dataset.report import canonical_id

    table = {canonical_id(f): c for f, c in zip(crosswalk["fine_id"], crosswalk["coarse_id"])}
    table[canonical_id("SOFIELUNDS INDUSTRIOMR.")] = table.pop(canonical_id("Sofielunds Industriområde"))
    assert {f: c for f, c in zip(cw["fine_id"], cw["coarse_id"])} == \
        {f: table[canonical_id(f)] for f in delomraden["area_id"]}
    vals = pd.DataFrame({"area_id": delomraden["area_id"], "indicator_id": "antal", "year": 2021, "value": 1.0})
    res = aggregate_overlay(delomraden, stadsdelar, vals, counts=["antal"])
    assert res.table["value"].sum() == 136
