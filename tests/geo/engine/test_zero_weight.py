"""A weight of 0 means "without it": a dimension without any data is left out at weight 0 and
refused above 0 — in the engine, the join report, the views and the exports (issue 12, item 4)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from geo.dataset.load import load_dataset
from geo.dataset.report import dimensions_without_data, join_report
from geo.engine.index import DimensionWithoutData, compute_index
from geo.engine.scoring import score, score_dataset, time_series
from geo.errors import DataError
from geo.output.export import build_context, results_table
from geo.paths import demo_paths
from geo.readers.indicators import read_indicators
from geo.settings import ViewSettings
from geo.view.mapmodel import live_scores
from geo.view.mapstyles import index_layer
from geo.view.ranking import ranking_view
from tests.geo.engine.test_index import DEF, VALUES

DELAKTIGHET = ("valdeltagande", "fritidsaktiviteter", "svarsfrekvens_folkhalsoenkat")


def without_d1() -> pd.DataFrame:
    values = VALUES.copy()
    values[["d1_i0", "d1_i1"]] = np.nan
    return values


def test_weight_zero_leaves_a_dimension_without_data_out_and_says_so_once():
    r = compute_index(without_d1(), DEF, ViewSettings.default(DEF, method="minmax", weights={"d1": 0}))
    np.testing.assert_allclose(r.index, r.dimensions["d0"])  # the index of the other dimension alone
    assert r.rank.tolist() == [1, 2, 3]
    assert r.dimensions["d1"].isna().all()  # missing, never 0
    assert r.dimensions_without_data == ("d1",)
    assert r.flags.tolist() == ["", "", ""]  # no "d1: saknar data" on every area
    assert r.notes == ("D1 saknar data och ingår inte (vikt 0).",)


def test_weight_above_zero_is_refused_with_the_way_out():
    settings = ViewSettings.default(DEF, method="minmax", weights={"d1": 2})
    with pytest.raises(DimensionWithoutData) as caught:
        compute_index(without_d1(), DEF, settings)
    exc = caught.value
    assert isinstance(exc, DataError) and exc.setting == "weights" and exc.dimensions == ("d1",)
    assert "Dimensioner helt utan indikatorer i tabellen: d1." in str(exc)
    assert "Sätt vikten för D1 till 0" in str(exc)
    assert exc.fallback.weight_map["d1"] == 0 and exc.alternatives == (exc.fallback,)
    assert compute_index(without_d1(), DEF, exc.fallback).rank.notna().all()


def test_an_area_lacking_a_dimension_is_still_only_unranked():
    values = VALUES.copy()
    values.loc["b", ["d1_i0", "d1_i1"]] = np.nan  # the others have it: not "without data"
    r = compute_index(values, DEF, ViewSettings.default(DEF, method="minmax"))
    assert pd.isna(r.rank["b"]) and r.dimensions_without_data == ()


def test_the_rule_splits_by_weight():
    d = load_dataset(demo_paths()).default_definition
    assert dimensions_without_data(d, ["boende", "delaktighet"], {"delaktighet": 0.0, "boende": 0.5}) == (
        ["boende"], ["delaktighet"])
    assert dimensions_without_data(d, ["delaktighet"], {}) == (["delaktighet"], [])  # the definition's weight 1


@pytest.fixture(scope="module")
def lacking(tmp_path_factory):
    """The demo without the delaktighet indicators, read like any folder."""
    folder = tmp_path_factory.mktemp("utan-delaktighet")
    demo = demo_paths()
    table = pd.read_csv(demo.indicators, dtype={"area_id": str})
    table[~table["indicator_id"].isin(DELAKTIGHET)].to_csv(folder / "indikatorer.csv", index=False)
    paths = replace(demo, indicators=folder / "indikatorer.csv", synthetic=False)
    return load_dataset(paths)


def test_join_report_judges_with_the_weights_in_use(lacking):
    report = lacking.report
    assert report.missing_dimensions == ["delaktighet"]
    assert not report.usable and report.data_errors == []
    assert any("Dimensioner helt utan indikatorer i tabellen: delaktighet" in e for e in report.errors)
    zero = report.for_weights({"delaktighet": 0})
    assert zero.usable
    assert "Delaktighet saknar data och ingår inte (vikt 0)." in zero.warnings
    assert "Delaktighet saknar data och ingår inte (vikt 0)." in zero.to_text()
    assert "Användbart: ja." in zero.to_text()
    assert not any("valdeltagande" in w for w in zero.warnings)  # said by dimension, not per indicator
    assert not report.for_weights({"delaktighet": 0.5}).usable


def test_index_without_the_dimension_equals_the_demo_with_weight_zero(lacking):
    definition = lacking.default_definition
    settings = ViewSettings.default(definition, weights={"delaktighet": 0, "ekonomi": 2})
    got = score_dataset(lacking, definition, settings).table.set_index("area_id")
    full = load_dataset(demo_paths())
    want = score_dataset(full, definition, settings).table.set_index("area_id")
    pd.testing.assert_series_equal(got["index"], want["index"].reindex(got.index))
    expected = (got["utbildning"] + 2 * got["ekonomi"] + got["boende"]) / 4
    np.testing.assert_allclose(got["index"], expected, rtol=1e-12)
    with pytest.raises(DimensionWithoutData):
        score_dataset(lacking, definition, settings.with_weight("delaktighet", 1))


def test_time_series_leaves_out_years_it_cannot_score(lacking):
    definition = lacking.default_definition
    table = lacking.indicators
    # 2020 has delaktighet, the other years not: weighted 1, only 2020 has an index
    extra = read_indicators(demo_paths().indicators)
    extra = extra[extra["indicator_id"].isin(DELAKTIGHET) & (extra["year"] == 2020)]
    both = pd.concat([table, extra], ignore_index=True)
    series = time_series(lacking.areas, both, definition, ViewSettings.default(definition))
    assert set(series["year"]) == {2020}
    zero = time_series(lacking.areas, both, definition, ViewSettings.default(definition, weights={"delaktighet": 0}))
    assert len(set(zero["year"])) > 1
    with pytest.raises(DimensionWithoutData, match="för år 2024"):
        score(lacking.areas, both, definition, ViewSettings.default(definition, year=2024))
    # Without a year, each indicator comes from its latest year: delaktighet from 2020, the rest from 2024.
    latest = score(lacking.areas, both, definition, ViewSettings.default(definition))
    assert latest.latest_per_indicator and latest.year == 2024 and latest.settings.year is None
    assert {latest.year_map[i] for i in DELAKTIGHET} == {2020}
    assert latest.year_map["forvarvsarbetande"] == 2024
    assert latest.table["rank"].notna().all()


def test_views_and_exports_say_saknar_data(lacking):
    definition = lacking.default_definition
    current = score_dataset(lacking, definition, ViewSettings.default(definition, weights={"delaktighet": 0}))
    baseline = current  # what matters here is the dimension, not the rank change
    view = ranking_view(current, baseline)
    tips = [str(s["tooltip"]) for s in index_layer(current, view, definition).styles.values()]
    assert all("Delaktighet: saknar data" in tip for tip in tips)
    assert not any("Delaktighet: –" in tip or "NaN" in tip or "None" in tip for tip in tips)
    table = results_table(build_context(definition, current, baseline))
    assert set(table["delaktighet"]) == {"saknar data"}
    assert pd.api.types.is_float_dtype(table["ekonomi"])
    english = score_dataset(lacking, definition, current.settings.with_(lang="en"))
    assert set(results_table(build_context(definition, english, english))["delaktighet"]) == {"no data"}
    scores = live_scores(current, baseline, definition)
    m = len(scores["dim_ids"])
    assert scores["dims"][0::m] == [None] * len(scores["ids"])  # the browser gets null and skips it at weight 0
    assert all(f == "" for f in scores["flags"])
