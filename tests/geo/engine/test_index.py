"""The index engine: aggregation against hand-computed values, policies and properties."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from geo.definition import parse_definition
from geo.engine.index import compute_index
from geo.engine.normalise import METHODS
from geo.errors import DataError
from geo.settings import ViewSettings


def make_definition(polarities=((1, 1), (1, -1)), dim_weights=(1.0, 1.0)):
    dims = []
    for d, (pols, w) in enumerate(zip(polarities, dim_weights)):
        dims.append({
            "id": f"d{d}", "label": f"D{d}", "weight": w,
            "indicators": [{"id": f"d{d}_i{i}", "label": f"I{i}", "polarity": p} for i, p in enumerate(pols)],
        })
    return parse_definition({"definition": {"id": "t", "name": "T"}, "dimensions": dims})


DEF = make_definition()
VALUES = pd.DataFrame(
    {"d0_i0": [1.0, 2.0, 3.0], "d0_i1": [3.0, 3.0, 6.0], "d1_i0": [10.0, 20.0, 30.0], "d1_i1": [5.0, 1.0, 3.0]},
    index=pd.Index(["a", "b", "c"], name="area_id"),
)


def test_minmax_hand_computed():
    r = compute_index(VALUES, DEF, ViewSettings.default(DEF, method="minmax"))
    # d0_i0: 0, 50, 100; d0_i1: 0, 0, 100 → d0 = 0, 25, 100
    # d1_i0: 0, 50, 100; d1_i1 (polarity −): 100 − (100, 0, 50) = 0, 100, 50 → d1 = 0, 75, 75
    np.testing.assert_allclose(r.dimensions["d0"], [0, 25, 100])
    np.testing.assert_allclose(r.dimensions["d1"], [0, 75, 75])
    np.testing.assert_allclose(r.index, [0, 50, 87.5])
    assert r.rank.tolist() == [1, 2, 3]


def test_weights_hand_computed():
    r = compute_index(VALUES, DEF, ViewSettings.default(DEF, method="minmax", weights={"d0": 3, "d1": 1}))
    np.testing.assert_allclose(r.index, [0, (3 * 25 + 75) / 4, (3 * 100 + 75) / 4])


def test_indicator_weights_hand_computed():
    r = compute_index(VALUES, DEF, ViewSettings.default(DEF, method="minmax", indicator_weights={"d0_i0": 3.0}))
    np.testing.assert_allclose(r.dimensions["d0"], [0, (3 * 50 + 0) / 4, 100])


def test_geometric_aggregation_hand_computed():
    r = compute_index(VALUES, DEF, ViewSettings.default(DEF, method="ratio", aggregation="geometric"))
    d = r.dimensions.to_numpy()
    np.testing.assert_allclose(r.index, np.sqrt(d[:, 0] * d[:, 1]))


def test_geometric_refused_for_zscore():
    with pytest.raises(DataError, match="geometrisk"):
        compute_index(VALUES, DEF, ViewSettings.default(DEF, method="zscore", aggregation="geometric"))


def test_rank_one_is_lowest_and_ties_share_lowest_rank():
    values = pd.DataFrame({"d0_i0": [1.0, 1.0, 5.0, 0.0], "d0_i1": [1.0, 1.0, 5.0, 0.0],
                           "d1_i0": [1.0, 1.0, 5.0, 0.0], "d1_i1": [1.0, 1.0, 1.0, 1.0]},
                          index=list("abcd"))
    r = compute_index(values, DEF, ViewSettings.default(DEF, method="minmax"))
    assert r.rank.to_dict() == {"a": 2, "b": 2, "c": 4, "d": 1}


def test_all_zero_weights_is_a_clear_error():
    with pytest.raises(DataError, match="alla dimensionsvikter är 0"):
        compute_index(VALUES, DEF, ViewSettings.default(DEF, weights={"d0": 0, "d1": 0}))


@pytest.mark.parametrize("bad", [{"d9": 1}, {"d0": -1}, {"d0": "x"}, {"d0": float("nan")}])
def test_bad_weights_are_clear_errors(bad):
    with pytest.raises(DataError):
        compute_index(VALUES, DEF, ViewSettings.default(DEF, weights=bad))


def test_missing_indicator_computes_dimension_from_the_others_with_flag():
    values = VALUES.copy()
    values.loc["b", "d0_i1"] = np.nan
    r = compute_index(values, DEF, ViewSettings.default(DEF, method="minmax"))
    # d0_i1 over a, c only: 0, 100 → b's d0 = its d0_i0 score alone (50)
    assert r.dimensions.loc["b", "d0"] == pytest.approx(50)
    assert "d0: beräknad utan d0_i1" in r.flags["b"]
    assert r.rank.notna().all()
    assert r.flags["a"] == ""


def test_dimension_without_any_value_leaves_area_unranked():
    values = VALUES.copy()
    values.loc["b", ["d1_i0", "d1_i1"]] = np.nan
    r = compute_index(values, DEF, ViewSettings.default(DEF, method="minmax"))
    assert np.isnan(r.index["b"])
    assert pd.isna(r.rank["b"])
    assert r.flags["b"].startswith("ej rankad")
    assert r.rank.dropna().tolist() == [1, 2]
    # with that dimension weighted 0 the area is ranked again
    r0 = compute_index(values, DEF, ViewSettings.default(DEF, method="minmax", weights={"d1": 0}))
    assert r0.rank.notna().all()


def test_zero_variance_indicator_is_noted_and_finite():
    values = VALUES.copy()
    values["d1_i1"] = 4.0
    r = compute_index(values, DEF, ViewSettings.default(DEF))
    assert np.isfinite(r.index).all()
    assert any("d1_i1" in n for n in r.notes)


def test_table_is_sorted_by_rank_with_names():
    r = compute_index(VALUES, DEF, ViewSettings.default(DEF, method="minmax"))
    t = r.table({"a": "Alfa", "b": "Beta", "c": "Gamma"})
    assert t.columns.tolist() == ["area_id", "area_name", "d0", "d1", "index", "rank", "flags"]
    assert t["area_name"].tolist() == ["Alfa", "Beta", "Gamma"]


# ---------------------------------------------------------------- properties

values_strategy = arrays(np.float64, st.tuples(st.integers(2, 12), st.just(4)),
                         elements=st.floats(0, 100, allow_nan=False, width=32))
weights_strategy = st.lists(st.floats(0.01, 10), min_size=2, max_size=2)


def frame(x):
    return pd.DataFrame(x, columns=list(DEF.indicator_ids), index=[f"a{i}" for i in range(len(x))])


@settings(max_examples=60, deadline=None)
@given(values_strategy, weights_strategy, st.floats(0.01, 100), st.sampled_from(METHODS))
def test_scaling_all_weights_changes_nothing(x, w, c, method):
    base = compute_index(frame(x), DEF, ViewSettings.default(DEF, method=method, weights={"d0": w[0], "d1": w[1]}))
    scaled = compute_index(frame(x), DEF, ViewSettings.default(DEF, method=method, weights={"d0": c * w[0], "d1": c * w[1]}))
    np.testing.assert_allclose(scaled.index, base.index, rtol=1e-9, atol=1e-9)
    assert scaled.rank.tolist() == base.rank.tolist()


@settings(max_examples=60, deadline=None)
@given(values_strategy, st.randoms(use_true_random=False), st.sampled_from(METHODS))
def test_permuting_area_order_changes_nothing(x, rnd, method):
    f = frame(x)
    order = list(f.index)
    rnd.shuffle(order)
    base = compute_index(f, DEF, ViewSettings.default(DEF, method=method))
    perm = compute_index(f.loc[order], DEF, ViewSettings.default(DEF, method=method))
    np.testing.assert_allclose(perm.index.loc[f.index], base.index, rtol=1e-9, atol=1e-9)
    assert perm.rank.loc[f.index].tolist() == base.rank.tolist()


@settings(max_examples=80, deadline=None)
@given(values_strategy, st.data(), st.floats(0.1, 50), st.sampled_from(METHODS))
def test_raising_a_positive_indicator_never_lowers_the_index(x, data, delta, method):
    area = data.draw(st.integers(0, len(x) - 1))
    base = compute_index(frame(x), DEF, ViewSettings.default(DEF, method=method))
    y = x.copy()
    y[area, 0] += delta  # d0_i0 has polarity +1
    raised = compute_index(frame(y), DEF, ViewSettings.default(DEF, method=method))
    assert raised.index.iloc[area] >= base.index.iloc[area] - 1e-9


@settings(max_examples=60, deadline=None)
@given(values_strategy, st.sampled_from(METHODS))
def test_flipping_polarity_mirrors_the_scores(x, method):
    pos = make_definition(polarities=((1, 1), (1, 1)))
    neg = make_definition(polarities=((-1, -1), (-1, -1)))
    a = compute_index(frame(x), pos, ViewSettings.default(pos, method=method)).normalised.to_numpy()
    b = compute_index(frame(x), neg, ViewSettings.default(neg, method=method)).normalised.to_numpy()
    centre = {"zscore": 0.0, "minmax": 50.0, "rank": 50.0, "ratio": 100.0}[method]
    np.testing.assert_allclose(a - centre, -(b - centre), rtol=1e-9, atol=1e-9)


def test_reference_values_give_the_statistics_and_itself_changes_nothing():
    plain = compute_index(VALUES, DEF, ViewSettings.default(DEF, method="minmax"))
    same = compute_index(VALUES, DEF, ViewSettings.default(DEF, method="minmax"), reference=VALUES)
    assert plain.index.tolist() == same.index.tolist()
    better = compute_index(VALUES + 1.0, DEF, ViewSettings.default(DEF, method="minmax"), reference=VALUES)
    assert (better.normalised["d0_i0"] > plain.normalised["d0_i0"]).all()  # measured on the old yardstick
