"""The embedded synthetic demo data set (geo/demo.py, data/demo/)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyogrio
import pytest
import shapely

from geo.dataset.demo import MISSING_CELLS, demo_outline, make_demo_areas, make_demo_indicators, write_demo
from geo.definition import Definition, list_definitions

ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "data" / "demo"
DEFS = ROOT / "data" / "definitions"


@pytest.fixture(scope="module")
def definitions() -> list[Definition]:
    return list_definitions(DEFS)


@pytest.fixture(scope="module")
def values() -> pd.DataFrame:
    return pd.read_csv(DEMO / "indikatorer.csv", dtype={"area_id": str, "indicator_id": str})


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    write_demo(out, DEFS)
    return out


@pytest.mark.parametrize("name", ["indikatorer.csv", "metadata.json"])
def test_regeneration_is_byte_identical(regenerated: Path, name: str) -> None:
    assert (regenerated / name).read_bytes() == (DEMO / name).read_bytes(), (
        f"data/demo/{name} is stale: run `python data/make_demo.py`"
    )


def test_gpkg_is_synthetic_3006_and_matches_generator() -> None:
    info = pyogrio.read_info(DEMO / "omraden.gpkg", layer="omraden")
    assert info["crs"] == "EPSG:3006"
    assert info["layer_metadata"]["synthetic"] == "true"
    stored = pyogrio.read_dataframe(DEMO / "omraden.gpkg", layer="omraden")
    fresh = make_demo_areas()
    assert list(stored.columns) == ["area_id", "area_name", "geometry"]
    assert stored["area_id"].tolist() == fresh["area_id"].tolist()
    assert stored["area_name"].tolist() == fresh["area_name"].tolist()
    assert all(shapely.equals_exact(stored.geometry.values, fresh.geometry.values, tolerance=1e-6))
    assert not (DEMO / "omraden.gpkg.aux.xml").exists()  # reading must not litter data/demo


def test_areas_partition_the_outline() -> None:
    areas = make_demo_areas()
    outline = demo_outline()
    assert areas.crs.to_epsg() == 3006
    assert list(areas.columns) == ["area_id", "area_name", "geometry"]
    assert areas["area_id"].tolist() == [f"G{i:02d}" for i in range(1, 15)]
    assert areas["area_name"].str.match(r"^Område [A-N] · \S").all()
    assert areas["area_name"].is_unique
    assert (areas.geom_type == "Polygon").all()
    assert areas.is_valid.all() and not areas.is_empty.any()
    geoms = list(areas.geometry)
    for i, a in enumerate(geoms):
        for b in geoms[i + 1:]:
            assert a.intersection(b).area < 1.0  # m²: shared edges only
    union = shapely.union_all(geoms)
    assert abs(union.area - outline.area) / outline.area < 0.001
    assert abs(sum(g.area for g in geoms) - outline.area) / outline.area < 0.001


def test_outline_is_malmo_sized() -> None:
    outline = demo_outline()
    assert outline.is_valid
    assert 100e6 < outline.area < 200e6  # the real municipality is ~158 km²
    assert 20 <= len(outline.exterior.coords) - 1 <= 35


def test_latest_year_complete_and_values_in_range(values: pd.DataFrame, definitions) -> None:
    assert list(values.columns) == ["area_id", "indicator_id", "year", "value", "numerator", "denominator"]
    latest = values[values["year"] == 2024]
    area_ids = {f"G{i:02d}" for i in range(1, 15)}
    for d in definitions:
        for ind in d.indicators:
            got = latest.loc[latest["indicator_id"] == ind.id, "area_id"]
            assert set(got) == area_ids and got.is_unique, ind.id
            col = values.loc[values["indicator_id"] == ind.id, "value"]
            lo, hi = ind.range
            assert col.between(lo, hi).all(), ind.id
    assert not values.duplicated(["area_id", "indicator_id", "year"]).any()
    assert values["value"].notna().all()
    assert sorted(values["year"].unique()) == list(range(2019, 2025))


def test_exactly_the_documented_cell_is_missing(values: pd.DataFrame, definitions) -> None:
    ids = sorted({i.id for d in definitions for i in (*d.indicators, *d.follow_up)})
    full = pd.MultiIndex.from_product(
        [[f"G{i:02d}" for i in range(1, 15)], ids, range(2019, 2025)],
        names=["area_id", "indicator_id", "year"],
    )
    present = pd.MultiIndex.from_frame(values[["area_id", "indicator_id", "year"]])
    assert list(full.difference(present)) == [("G07", "svarsfrekvens_folkhalsoenkat", 2019)]
    assert MISSING_CELLS == (("G07", "svarsfrekvens_folkhalsoenkat", 2019),)
    assert len(present.difference(full)) == 0


def test_shares_are_computed_from_their_counts(values: pd.DataFrame, definitions) -> None:
    """Where the demo has counts, the value is 100 · numerator / denominator (one decimal), the
    counts are whole persons and the survey estimate has none (so the app can say so)."""
    counted = values.dropna(subset=["numerator", "denominator"])
    assert len(counted) > 0.8 * len(values)
    assert (counted["numerator"] % 1 == 0).all() and (counted["denominator"] % 1 == 0).all()
    assert (counted["numerator"] <= counted["denominator"]).all()
    assert ((100 * counted["numerator"] / counted["denominator"]).round(1) - counted["value"]).abs().max() < 1e-9
    assert values.loc[values["indicator_id"] == "fritidsaktiviteter", "denominator"].isna().all()
    assert (counted["denominator"] < 30).any()  # a small base, flagged on the follow-up page


def test_the_city_improves_and_some_areas_fall_behind(values: pd.DataFrame, definitions) -> None:
    """The demo's story for the follow-up page: every indicator's city mean moves the good way from
    2019 to 2024, and at least one area moves the other way on most indicators."""
    d4 = next(d for d in definitions if d.id == "malmo-2023")
    for ind in (*d4.indicators, *d4.follow_up):
        sub = values[values["indicator_id"] == ind.id]
        means = sub.groupby("year")["value"].mean()
        assert ind.polarity * (means.loc[2024] - means.loc[2019]) > 0, ind.id
    wide = values[values["year"].isin([2019, 2024])].pivot_table(index=["indicator_id", "area_id"], columns="year",
                                                                  values="value")
    worse = wide.assign(pol=[d4.any_indicator(i).polarity if i in {*d4.indicator_ids, *d4.follow_up_ids} else 0
                             for i in wide.index.get_level_values(0)])
    worse = worse[worse["pol"] != 0]
    assert (worse["pol"] * (worse[2024] - worse[2019]) < 0).sum() >= 5


def test_generator_matches_committed_csv(values: pd.DataFrame, definitions) -> None:
    fresh = make_demo_indicators(definitions)
    pd.testing.assert_frame_equal(fresh.reset_index(drop=True), values, check_dtype=False)


def _ranks(wide: pd.DataFrame, d: Definition, weights: dict[str, float]) -> pd.Series:
    """A minimal z-score index: mean z per dimension, weighted mean of dimensions."""
    dims = {}
    for dim in d.dimensions:
        z = [ind.polarity * (wide[ind.id] - wide[ind.id].mean()) / wide[ind.id].std()
             for ind in dim.indicators]
        dims[dim.id] = sum(z) / len(z)
    total = sum(weights.values())
    index = sum(weights[k] * v for k, v in dims.items()) / total
    return index.rank(ascending=False, method="first")


def test_dimension_weights_reorder_the_ranking(values: pd.DataFrame, definitions) -> None:
    d4 = next(d for d in definitions if d.id == "malmo-2023")
    assert len(d4.dimensions) == 4
    wide = values[values["year"] == 2024].pivot(index="area_id", columns="indicator_id", values="value")
    base = _ranks(wide, d4, {k: 1.0 for k in d4.dimension_ids})
    for only in d4.dimension_ids:
        ranks = _ranks(wide, d4, {k: float(k == only) for k in d4.dimension_ids})
        assert (ranks != base).sum() >= 3, only


def test_values_do_not_depend_on_which_definitions_are_passed(definitions) -> None:
    both = make_demo_indicators(definitions)
    d4 = next(d for d in definitions if d.id == "malmo-2023")
    one = make_demo_indicators([d4])
    assert set(one["indicator_id"]) == {*d4.indicator_ids, *d4.follow_up_ids}
    merged = one.merge(both, on=["area_id", "indicator_id", "year"], suffixes=("_one", "_both"))
    assert len(merged) == len(one)
    assert (merged["value_one"] == merged["value_both"]).all()
