"""Results mode: already computed dimension scores and/or an index, ranked and weighted."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.definition import load_definition
from geo.engine.scoring import score_results
from geo.errors import DataError
from geo.paths import demo_paths
from geo.readers.indicators import read_results
from geo.settings import ViewSettings

DEF = load_definition(demo_paths().default_definition)  # delaktighet, utbildning, ekonomi, boende
AREAS = pd.DataFrame({"area_id": ["A1", "A2", "A3"], "area_name": ["Ett", "Två", "Tre"]})


def dims_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "delaktighet": [1.0, 3.0, 2.0],
        "utbildning": [2.0, 1.0, 2.0],
        "ekonomi": [3.0, 0.0, 2.0],
        "boende": [0.0, 4.0, 2.0],
    }, index=pd.Index(["A1", "A2", "A3"], name="area_id"))


def test_dimension_scores_equal_weights_hand_computed():
    s = score_results(AREAS, dims_frame(), DEF, ViewSettings.default(DEF))
    # (1+2+3+0)/4 = 1.5, (3+1+0+4)/4 = 2.0, (2+2+2+2)/4 = 2.0
    np.testing.assert_allclose(s.result.index[["A1", "A2", "A3"]].to_numpy(), [1.5, 2.0, 2.0])
    assert s.result.rank.tolist() == [1, 2, 2]  # tie shares the lowest rank (min)
    assert s.table["area_id"].tolist() == ["A1", "A2", "A3"]
    assert s.table.columns.tolist()[:2] == ["area_id", "area_name"]
    assert s.year == 0
    assert s.result.normalised.isna().all(axis=None)
    assert s.result.normalised.shape == (3, len(DEF.indicator_ids))


def test_weights_change_the_rank():
    s = score_results(AREAS, dims_frame(), DEF, ViewSettings.default(DEF, weights={"boende": 3}))
    # A1: (1+2+3+0)/6 = 1.0; A2: (3+1+0+12)/6 = 2.6667; A3: (2+2+2+6)/6 = 2.0
    np.testing.assert_allclose(s.result.index.to_numpy(), [1.0, 16 / 6, 2.0])
    assert s.result.rank.tolist() == [1, 3, 2]
    s = score_results(AREAS, dims_frame(), DEF, ViewSettings.default(DEF, weights={"boende": 0, "utbildning": 0, "delaktighet": 0}))
    # only ekonomi counts: A2 (0) < A3 (2) < A1 (3)
    assert s.result.rank.tolist() == [3, 1, 2]


def test_only_index_is_shown_as_is_and_weights_are_ignored():
    res = pd.DataFrame({"index": [0.4, -1.0, 0.4]}, index=pd.Index(["A1", "A2", "A3"], name="area_id"))
    s = score_results(AREAS, res, DEF, ViewSettings.default(DEF))
    t = score_results(AREAS, res, DEF, ViewSettings.default(DEF, weights={"ekonomi": 5}))
    assert s.result.index.tolist() == [0.4, -1.0, 0.4] == t.result.index.tolist()
    assert s.result.rank.tolist() == [2, 1, 2] == t.result.rank.tolist()
    assert any("vikterna påverkar inte" in n for n in s.result.notes)
    assert s.result.dimensions.isna().all(axis=None)


def test_missing_dimension_value_is_not_ranked_and_index_column_is_replaced():
    res = dims_frame()
    res.loc["A3", "ekonomi"] = np.nan
    res["index"] = [9.0, 9.0, 9.0]
    s = score_results(AREAS, res, DEF, ViewSettings.default(DEF))
    assert pd.isna(s.result.index["A3"]) and pd.isna(s.result.rank["A3"])
    assert "ej rankad" in s.result.flags["A3"] and "ekonomi" in s.result.flags["A3"]
    assert s.result.index["A1"] == 1.5
    assert any("ersätts" in n for n in s.result.notes)
    assert s.table["area_id"].iloc[-1] == "A3"  # unranked last


def test_subset_of_dimensions_ids_matched_and_year(tmp_path):
    path = tmp_path / "resultat.csv"
    path.write_text("area_id;Ekonomi;boende\na01;1,0;3,0\nA2;2;2\nX9;5;5\n", encoding="utf-8")
    res = read_results(path, DEF)
    s = score_results(AREAS, res, DEF, ViewSettings.default(DEF, weights={"ekonomi": 3}))
    # A1: (3·1 + 1·3)/4 = 1.5; A2: (3·2 + 2)/4 = 2.0; A3 has no row
    np.testing.assert_allclose(s.result.index[["A1", "A2"]].to_numpy(), [1.5, 2.0])
    assert s.result.flags["A3"] == "ej rankad; saknar resultat"
    assert any("X9" in n for n in s.result.notes)
    assert any("saknar dimensionerna" in n for n in s.result.notes)
    with_year = res.assign(year=2023)
    assert score_results(AREAS, with_year, DEF, ViewSettings.default(DEF)).year == 2023


def test_all_present_dimensions_weight_zero_is_a_clear_error():
    res = dims_frame()[["ekonomi"]]
    with pytest.raises(DataError, match="vikten 0"):
        score_results(AREAS, res, DEF, ViewSettings.default(DEF, weights={"ekonomi": 0}))


def test_results_year_is_kept(tmp_path):
    import geopandas as gpd

    from geo.definition import load_definition
    from geo.engine.scoring import score_results
    from geo.paths import demo_paths
    from geo.readers.indicators import read_results

    definition = load_definition(demo_paths().default_definition)
    areas = gpd.read_file(demo_paths().areas)
    path = tmp_path / "res.csv"
    path.write_text("area_id,year,delaktighet,utbildning,ekonomi,boende\n"
                    + "".join(f"{a},2023,{i},{i},{i},{i}\n" for i, a in enumerate(areas["area_id"])),
                    encoding="utf-8")
    results = read_results(path, definition)
    scored = score_results(areas, results, definition, ViewSettings.default(definition))
    assert scored.year == 2023
    assert scored.table["rank"].iloc[0] == 1


def test_score_dataset_equals_score_on_the_frames():
    from geo.dataset.load import load_dataset
    from geo.engine.scoring import score, score_dataset
    from geo.paths import demo_paths
    from geo.settings import ViewSettings

    data = load_dataset(demo_paths())
    definition = data.default_definition
    settings = ViewSettings.default(definition, method="rank", year=2021).with_weight("ekonomi", 2.0)
    a = score_dataset(data, definition, settings)
    b = score(data.areas, data.indicators, definition, settings)
    assert a.table.equals(b.table) and a.settings == b.settings and a.year == 2021
    assert data.values(definition, 2021) is data.values(definition, 2021)  # kept, not pivoted again
