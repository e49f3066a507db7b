"""Acceptability (SMAA), effective influence and equal-influence weights."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.definition import load_definition
from geo.engine.index import RANK_DECIMALS, weighted_index
from geo.engine.scoring import score
from geo.engine.sensitivity import OVER_INFLUENCE, acceptability, equal_influence_weights, influence
from geo.errors import DataError
from geo.paths import demo_paths
from geo.readers.areas import read_areas
from geo.readers.indicators import read_indicators
from geo.settings import ViewSettings


def random_dims(n=40, m=4, seed=0, spread=(1.0, 1.0, 1.0, 1.0)):
    rng = np.random.default_rng(seed)
    data = rng.normal(size=(n, m)) * np.asarray(spread[:m])
    return pd.DataFrame(data, index=[f"A{i:03d}" for i in range(n)], columns=[f"d{j}" for j in range(m)])


W4 = {"d0": 1.0, "d1": 2.0, "d2": 1.0, "d3": 0.5}


@pytest.fixture(scope="module")
def demo_scored():
    p = demo_paths()
    definition = load_definition(p.default_definition)
    return score(read_areas(p.areas), read_indicators(p.indicators), definition,
                 ViewSettings.default(definition, weights={"ekonomi": 2.0}))


# ----------------------------------------------------------------- acceptability


def test_acceptability_converges_as_draws_grow():
    """The standard error of a share is ≤ 0.5/√draws (0.0035 at 20k): 20k and 80k draws agree within 0.02."""
    dims = random_dims()
    a = acceptability(dims, W4, 3, draws=20_000, seed=1).frame["acceptability"]
    b = acceptability(dims, W4, 3, draws=80_000, seed=2).frame["acceptability"]
    assert (a - b).abs().max() <= 0.02
    assert 0 < a.max() < 1 and (a > 0).sum() > 3  # the box really moves the top 3


def test_acceptabilities_add_up_to_the_mean_size_of_the_top_k():
    dims = random_dims()  # continuous scores: no ties, so every draw has exactly k areas in its top k
    for k in (1, 3, 5):
        res = acceptability(dims, W4, k, draws=2_000)
        total = res.frame["acceptability"].sum()
        assert total == pytest.approx(res.mean_set_size, abs=1e-12)
        assert total == pytest.approx(k, abs=1e-12)


def test_ties_make_the_set_larger_than_k():
    dims = pd.DataFrame({"a": [0.0, 0.0, 1.0, 2.0], "b": [0.0, 0.0, 1.0, 2.0]}, index=list("pqrs"))
    res = acceptability(dims, {"a": 1.0, "b": 1.0}, 1, draws=500)
    assert res.frame["acceptability"].tolist() == [1.0, 1.0, 0.0, 0.0]
    assert res.mean_set_size == 2.0 >= 1


def test_central_weights_lie_within_the_bounds():
    dims = random_dims()
    res = acceptability(dims, W4, 3, bounds=(0.5, 2.0), draws=5_000, seed=3)
    assert res.relative and res.draws == 5_000 and res.seed == 3 and res.top_k == 3
    assert res.lower == {d: 0.5 * w for d, w in W4.items()} and res.upper == {d: 2.0 * w for d, w in W4.items()}
    cw = res.central_weights
    seen = res.frame["acceptability"] > 0
    assert cw[seen].notna().all().all() and cw[~seen].isna().all().all()
    for d in dims.columns:
        assert (cw.loc[seen, d] >= res.lower[d]).all() and (cw.loc[seen, d] <= res.upper[d]).all()


def test_absolute_bounds_and_fixed_dimensions():
    dims = random_dims()
    res = acceptability(dims, W4, 3, bounds={"d0": (0.0, 5.0), "d1": (1.0, 1.0)}, draws=3_000)
    assert not res.relative
    assert res.lower["d2"] == res.upper["d2"] == 1.0  # not named: kept at its weight
    seen = res.frame["acceptability"] > 0
    assert (res.central_weights.loc[seen, "d1"] == 1.0).all()
    assert (res.central_weights.loc[seen, "d2"] == 1.0).all()
    assert res.central_weights.loc[seen, "d0"].between(0.0, 5.0).all()


def test_zero_width_box_is_the_current_top_k():
    dims = random_dims()
    res = acceptability(dims, W4, 3, bounds=(1.0, 1.0), draws=50)
    index = pd.Series(weighted_index(dims.to_numpy(), np.array(list(W4.values())), "arithmetic"), index=dims.index)
    rank = index.round(RANK_DECIMALS).rank(method="min")
    assert res.frame["acceptability"].tolist() == (rank <= 3).astype(float).tolist()
    assert res.frame["rank"].tolist() == rank.astype(int).tolist()
    top = rank <= 3
    for d, w in W4.items():
        np.testing.assert_allclose(res.central_weights.loc[top, d], w, rtol=1e-15)


def test_seed_reproduces_and_a_dimension_weighted_zero_stays_zero():
    dims = random_dims()
    weights = {**W4, "d3": 0.0}
    a = acceptability(dims, weights, 3, draws=1_000, seed=5)
    b = acceptability(dims, weights, 3, draws=1_000, seed=5)
    pd.testing.assert_frame_equal(a.frame, b.frame)
    pd.testing.assert_frame_equal(a.central_weights, b.central_weights)
    seen = a.frame["acceptability"] > 0
    assert (a.central_weights.loc[seen, "d3"] == 0.0).all()
    assert a.upper["d3"] == 0.0


def test_areas_without_a_weighted_dimension_are_not_ranked():
    dims = random_dims()
    dims.iloc[0, 1] = np.nan
    res = acceptability(dims, W4, 3, draws=500)
    assert np.isnan(res.frame["acceptability"].iloc[0]) and res.central_weights.iloc[0].isna().all()
    assert res.frame["rank"].isna().iloc[0]


def test_acceptability_on_the_demo(demo_scored):
    r = demo_scored.result
    res = acceptability(r.dimensions, r.weights, 3, draws=2_000)
    assert res.frame.index.tolist() == r.dimensions.index.tolist()
    assert res.frame["rank"].tolist() == r.rank.tolist()
    assert res.frame["acceptability"].sum() == pytest.approx(res.mean_set_size)


@pytest.mark.parametrize("kwargs, match", [
    ({"bounds": (2.0, 0.5)}, "nedre ≤ övre"),
    ({"bounds": (-1.0, 2.0)}, "nedre ≤ övre"),
    ({"bounds": {"nope": (0, 1)}}, "okänd dimension"),
    ({"bounds": (0.0, 0.0)}, "bara vikten 0"),
    ({"draws": 0}, "dragningar"),
    ({"top_k": 0}, "topp k"),
])
def test_bad_options_are_refused_in_swedish(kwargs, match):
    args = {"top_k": 3, **kwargs}
    top_k = args.pop("top_k")
    with pytest.raises(DataError, match=match):
        acceptability(random_dims(), W4, top_k, **args)


# ----------------------------------------------------------------- influence


def test_influence_shares_sum_to_one_and_flag_the_dominant_dimension():
    dims = random_dims(spread=(1.0, 1.0, 6.0, 1.0))  # d2 varies six times as much: it drives the index
    frame = influence(dims, {"d0": 1.0, "d1": 1.0, "d2": 1.0, "d3": 1.0})
    assert frame.columns.tolist() == ["dimension", "weight", "weight_share", "r2", "influence", "over_influence"]
    assert frame["influence"].sum() == pytest.approx(1.0, abs=1e-12)
    assert frame["weight_share"].sum() == pytest.approx(1.0, abs=1e-12)
    assert frame.set_index("dimension").loc["d2", "over_influence"]
    assert frame["over_influence"].sum() == 1
    flagged = frame["influence"] > OVER_INFLUENCE * frame["weight_share"]
    assert (flagged == frame["over_influence"]).all()


def test_influence_is_the_squared_correlation_with_the_index():
    dims = random_dims(seed=4)
    weights = {**W4, "d3": 0.0}
    frame = influence(dims, weights).set_index("dimension")
    index = pd.Series(weighted_index(dims.to_numpy(), np.array(list(weights.values())), "arithmetic"),
                      index=dims.index)
    r2 = {d: dims[d].corr(index) ** 2 for d in dims.columns}
    np.testing.assert_allclose(frame["r2"], [r2[d] for d in frame.index], rtol=1e-12)
    used = [d for d in dims.columns if weights[d] > 0]
    np.testing.assert_allclose(frame.loc[used, "influence"], [r2[d] / sum(r2[u] for u in used) for d in used],
                               rtol=1e-12)
    assert np.isnan(frame.loc["d3", "influence"]) and frame.loc["d3", "r2"] > 0  # correlated, but not in the index


def test_influence_needs_variation_and_areas():
    with pytest.raises(DataError, match="för få områden"):
        influence(random_dims(n=2), W4)
    flat = pd.DataFrame({"a": [1.0, 1.0, 1.0], "b": [2.0, 2.0, 2.0]})
    with pytest.raises(DataError, match="lika för alla"):
        influence(flat, {"a": 1.0, "b": 1.0})


# ----------------------------------------------------------------- equal influence


def test_equal_influence_weights_equalise_within_tol():
    dims = random_dims(spread=(1.0, 3.0, 0.5, 1.0))
    tol = 1e-6
    eq = equal_influence_weights(dims, W4, tol=tol)
    frame = influence(dims, eq)
    assert np.abs(frame["influence"] - 0.25).max() <= tol
    assert sum(eq.values()) == pytest.approx(sum(W4.values()), rel=1e-12)
    assert all(w > 0 for w in eq.values())
    # the dimension that varies most gets the least weight, the one that varies least the most
    assert eq["d1"] == min(eq.values()) and eq["d2"] == max(eq.values())


def test_equal_influence_on_the_demo_keeps_zero_weights(demo_scored):
    r = demo_scored.result
    weights = {**r.weights, "boende": 0.0}
    eq = equal_influence_weights(r.dimensions, weights, tol=1e-8)
    assert eq["boende"] == 0.0
    shares = influence(r.dimensions, eq).set_index("dimension")["influence"].dropna()
    assert len(shares) == 3 and np.abs(shares - 1 / 3).max() <= 1e-8


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.lists(st.floats(0.2, 5.0), min_size=3, max_size=3),
       st.lists(st.floats(0.3, 3.0), min_size=3, max_size=3))
def test_equal_influence_on_random_data(seed, weights, spread):
    dims = random_dims(n=30, m=3, seed=seed, spread=tuple(spread))
    w = {f"d{j}": x for j, x in enumerate(weights)}
    eq = equal_influence_weights(dims, w, tol=1e-6)
    assert np.abs(influence(dims, eq)["influence"] - 1 / 3).max() <= 1e-6


def test_equal_influence_refuses_what_it_cannot_do():
    dims = random_dims()
    dims["d3"] = 1.0  # no variation: no weighting gives it influence
    with pytest.raises(DataError, match="'d3' har samma värde"):
        equal_influence_weights(dims, W4)
    # d2 correlates 0.65 with d0 and d1 (which correlate 0.2): R⁻¹·1 has a negative entry for d2
    corr = np.array([[1.0, 0.2, 0.65], [0.2, 1.0, 0.65], [0.65, 0.65, 1.0]])
    rng = np.random.default_rng(0)
    raw = rng.normal(size=(500, 3))
    raw = (raw - raw.mean(axis=0)) @ np.linalg.inv(np.linalg.cholesky(np.cov(raw, rowvar=False)).T)
    redundant = pd.DataFrame(raw @ np.linalg.cholesky(corr).T, columns=["d0", "d1", "d2"])
    with pytest.raises(DataError, match="inga positiva vikter.*'d2'"):
        equal_influence_weights(redundant, {"d0": 1.0, "d1": 1.0, "d2": 1.0})
    twins = random_dims(m=2)
    twins["d2"] = twins["d0"] + twins["d1"]
    with pytest.raises(DataError, match="linjärt beroende"):
        equal_influence_weights(twins, {"d0": 1.0, "d1": 1.0, "d2": 1.0})
    with pytest.raises(DataError, match="inom 5 steg"):
        equal_influence_weights(random_dims(spread=(1.0, 3.0, 0.5, 1.0)), W4, tol=1e-300, max_iter=5)
