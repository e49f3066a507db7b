"""Rank uncertainty: reproducible, consistent with the deterministic engine, sane statistics."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from geo.definition import load_definition
from geo.engine.scoring import score, values_for_year
from geo.engine.uncertainty import _rank_min_int, _ranks, rank_min, rank_uncertainty, uncertainty_for
from geo.errors import DataError
from geo.paths import demo_paths
from geo.readers.areas import read_areas
from geo.readers.indicators import read_indicators
from geo.settings import ViewSettings


@pytest.fixture(scope="module")
def demo():
    p = demo_paths()
    areas = read_areas(p.areas)
    indicators = read_indicators(p.indicators)
    definition = load_definition(p.default_definition)
    return areas, indicators, definition


@pytest.fixture(scope="module")
def scored(demo):
    areas, indicators, definition = demo
    return score(areas, indicators, definition, ViewSettings.default(definition, weights={"ekonomi": 2.0}))


def test_seed_reproduces(scored):
    a = uncertainty_for(scored, seed=7, draws=300)
    b = uncertainty_for(scored, seed=7, draws=300)
    c = uncertainty_for(scored, seed=8, draws=300)
    pd.testing.assert_frame_equal(a.frame, b.frame)
    np.testing.assert_array_equal(a.weights, b.weights)
    assert not np.array_equal(a.weights, c.weights)


@pytest.mark.parametrize("concentration", [1e9, np.inf])
def test_all_mass_on_current_weights_gives_deterministic_ranks(scored, concentration):
    r = uncertainty_for(scored, concentration=concentration, draws=200)
    det = scored.result.rank.reindex(r.frame.index)
    assert (r.frame["median_rank"] == det).all()
    assert (r.frame["rank"] == det).all()
    assert (r.frame["p05"] == det).all() and (r.frame["p95"] == det).all()
    top = set(det[det <= 3].index)
    assert set(r.robust_set) == top


@pytest.mark.parametrize("method", ["zscore", "minmax", "rank", "ratio"])
def test_every_method_reproduces_its_ranks(demo, method):
    areas, indicators, definition = demo
    s = score(areas, indicators, definition, ViewSettings.default(definition, method=method, weights={"boende": 0.0, "utbildning": 3.0}))
    r = uncertainty_for(s, concentration=np.inf, draws=10)
    assert (r.frame["median_rank"] == s.result.rank.reindex(r.frame.index)).all()
    assert (r.weights[:, list(s.result.dimensions.columns).index("boende")] == 0).all()


def test_geometric_aggregation(demo):
    areas, indicators, definition = demo
    s = score(areas, indicators, definition, ViewSettings.default(definition, method="ratio", aggregation="geometric"))
    r = uncertainty_for(s, concentration=np.inf, draws=5)
    assert (r.frame["median_rank"] == s.result.rank.reindex(r.frame.index)).all()


def test_statistics_are_consistent(scored):
    assert scored.settings.top_k == 3  # the scored settings give the top k
    r = uncertainty_for(scored, concentration=5.0, draws=1000, seed=1)
    f = r.frame
    assert (f["p05"] <= f["median_rank"]).all() and (f["median_rank"] <= f["p95"]).all()
    assert (f["best_rank"] <= f["p05"]).all() and (f["p95"] <= f["worst_rank"]).all()
    assert (f["best_rank"] <= f["rank"]).all() and (f["rank"] <= f["worst_rank"]).all()
    assert f["p_top_k"].between(0, 1).all()
    robust = f[f["robust"]]
    assert (robust["p_top_k"] >= 0.95).all() and (robust["best_rank"] <= 3).all()
    assert len(robust) <= 3
    np.testing.assert_allclose(r.weights.sum(axis=1), 1.0)
    # the draws are centred on the current weights
    w = np.array([scored.result.weights[d] for d in r.dimension_ids])
    np.testing.assert_allclose(r.weights.mean(axis=0), w / w.sum(), atol=0.02)


def test_robust_set_is_within_deterministic_top_k_on_demo(scored):
    r = uncertainty_for(scored, concentration=50.0, seed=0)
    det = scored.result.rank
    assert set(r.robust_set) <= set(det[det <= 3].index)


def test_vertices_count_for_best_and_worst():
    # area 0 is the best on dimension 0 alone but never near the top with mixed weights
    scores = np.array([[-10.0, 10.0], [0.0, 0.0], [0.1, 0.1]])
    r = rank_uncertainty(scores, [1.0, 1.0], concentration=1e6, draws=50, top_k=1)
    assert r.frame["best_rank"].iloc[0] == 1  # from the vertex (1, 0)
    assert r.frame["worst_rank"].iloc[0] == 3  # from the vertex (0, 1)
    assert r.frame["median_rank"].iloc[2] == 3


def test_over_methods(demo, scored):
    areas, indicators, definition = demo
    values = values_for_year(indicators, scored.year, areas["area_id"], definition)
    r = uncertainty_for(scored, other_methods=["minmax", "rank", "ratio"], values=values, definition=definition,
                        seed=3, draws=400)
    assert set(np.unique(r.method_of_draw)) == {0, 1, 2, 3}
    f = r.frame
    assert (f["p05"] <= f["median_rank"]).all() and (f["median_rank"] <= f["p95"]).all()
    with pytest.raises(DataError):
        uncertainty_for(scored, other_methods=["minmax"])


def test_unranked_areas_are_excluded():
    scores = np.array([[1.0, 2.0], [np.nan, 1.0], [0.0, 0.0], [3.0, np.nan]])
    r = rank_uncertainty(scores, [1.0, 0.0], area_ids=list("abcd"), draws=20, top_k=1, keep_ranks=True)
    f = r.frame
    assert f.loc["b"].isna()["median_rank"] and not f.loc["b", "robust"]
    assert f.loc["d", "median_rank"] == 3  # dimension 1 has weight 0: its NaN does not matter
    assert f.loc["c", "median_rank"] == 1
    assert (r.ranks[:, 1] == 0).all()


def test_all_areas_unranked():
    scores = np.full((3, 2), np.nan)
    r = rank_uncertainty(scores, [1.0, 1.0], draws=10)
    assert r.frame["median_rank"].isna().all() and not r.frame["robust"].any() and r.robust_set == ()


def test_ties_share_the_lowest_rank():
    scores = np.array([[1.0, 1.0], [1.0, 1.0], [0.0, 0.0], [2.0, 2.0]])
    r = rank_uncertainty(scores, [1.0, 1.0], draws=30, top_k=2)
    assert r.frame["median_rank"].tolist() == [2, 2, 1, 4]


@given(arrays(np.float64, (6, 5), elements=st.integers(-5, 5).map(float)))
@settings(max_examples=60, deadline=None)
def test_rank_min_matches_pandas(values):
    expected = pd.DataFrame(values).rank(axis=1, method="min").to_numpy()
    np.testing.assert_array_equal(rank_min(values), expected)


@pytest.mark.parametrize("kwargs", [
    {"draws": 0}, {"concentration": 0.0}, {"concentration": -1.0}, {"top_k": 0}, {"weights": [0.0, 0.0]},
    {"weights": [1.0]}, {"weights": [-1.0, 2.0]},
])
def test_bad_arguments(kwargs):
    args = {"weights": [1.0, 1.0], **kwargs}
    with pytest.raises(DataError):
        rank_uncertainty(np.ones((3, 2)), **args)


@given(arrays(np.int64, (5, 7), elements=st.integers(-4, 4)))
@settings(max_examples=60, deadline=None)
def test_packed_integer_ranking_matches_pandas(keys):
    expected = pd.DataFrame(keys).rank(axis=1, method="min").to_numpy()
    np.testing.assert_array_equal(_rank_min_int(keys), expected)


def test_fast_and_general_ranking_agree():
    rng = np.random.default_rng(5)
    scores = np.round(rng.normal(size=(300, 3)), 1)  # many ties
    w = rng.dirichlet([2, 2, 2], size=50)
    fast = _ranks(scores, w, "arithmetic")
    general = rank_min(np.round(w @ scores.T, 9))
    np.testing.assert_array_equal(fast, general)
    huge = scores * 1e12  # keys would overflow int64: the general path is taken
    np.testing.assert_array_equal(_ranks(huge, w, "arithmetic"), rank_min(np.round(w @ huge.T, 9)))
