"""Tipping points: the exact intervals equal a brute-force scan with the engine's own ranking rule."""

import io
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from geo.definition import load_definition
from geo.engine.index import RANK_DECIMALS, weighted_index
from geo.engine.scoring import score
from geo.engine.tipping import COLUMNS, rank_interval, tipping_for, top_k_intervals
from geo.errors import DataError
from geo.paths import ROOT, demo_paths
from geo.readers.areas import read_areas
from geo.readers.indicators import read_indicators
from geo.settings import ViewSettings

# ----------------------------------------------------------------- the oracle


def index_along(scores, weights, j, xs):
    """The engine's index (``weighted_index``'s arithmetic, bit for bit) for every ``w_j`` in ``xs``."""
    xs = np.asarray(xs, dtype=float)
    w = np.tile(np.asarray(weights, dtype=float), (xs.size, 1))
    w[:, j] = xs
    n = scores.shape[0]
    acc = np.zeros((xs.size, n))
    total = np.zeros((xs.size, 1))
    complete = np.ones((xs.size, n), dtype=bool)
    for d in range(scores.shape[1]):
        wd = w[:, d:d + 1]
        on = wd > 0
        acc = np.where(on, acc + np.nan_to_num(scores[:, d])[None, :] * wd, acc)
        total = np.where(on, total + wd, total)
        complete &= ~(on & np.isnan(scores[:, d])[None, :])
    with np.errstate(invalid="ignore", divide="ignore"):
        out = acc / total
    return np.where(complete, out, np.nan)


def ranks_along(scores, weights, j, xs):
    """Ranks (0 = not ranked) by the engine's rule: round to RANK_DECIMALS, pandas rank(method="min")."""
    frame = pd.DataFrame(np.round(index_along(scores, weights, j, xs), RANK_DECIMALS))
    return frame.rank(axis=1, method="min").fillna(0).to_numpy(dtype=int)


def top_along(scores, weights, j, xs, k):
    r = ranks_along(scores, weights, j, xs)
    return (r > 0) & (r <= k)


def crossings(scores, weights, j):
    """Every ``x* = (C_b − C_a)/(s_aj − s_bj)`` in a grid's range: a scan must also look exactly where two areas
    meet, since two areas passing one from above and below at the same weight change its rank there only."""
    others = [d for d in range(len(weights)) if weights[d] > 0 and d != j]
    c = sum(weights[d] * scores[:, d] for d in others) if others else np.zeros(scores.shape[0])
    s = scores[:, j]
    with np.errstate(invalid="ignore", divide="ignore"):
        x = (c[None, :] - c[:, None]) / (s[:, None] - s[None, :])
    return x[np.isfinite(x) & (x >= 0)]


def points(grid, scores, weights, j):
    """The grid, the current weight and every crossing up to the grid's end."""
    x = np.concatenate([grid, [float(weights[j])], crossings(scores, weights, j)])
    return np.unique(x[x <= grid[-1]])


def ids_of(text):
    return set(filter(None, text.split(";")))


def scan(same, xs, i0):
    """From grid position ``i0``: (last equal, first different) going up and going down (None = none)."""
    up = i0
    while up + 1 < len(xs) and same[up + 1]:
        up += 1
    down = i0
    while down > 0 and same[down - 1]:
        down -= 1
    return (xs[up], xs[up + 1] if up + 1 < len(xs) else None), (xs[down], xs[down - 1] if down > 0 else None)


def beyond(scores, weights, j, bound, side):
    """A weight past ``bound`` before any other crossing: halfway to the next one (or 1 beyond, or half-way to 0).

    Crossings within 10⁻⁹ (relative) of the bound are the bound's own (the same crossing computed
    from the other area's side can differ in the last bit; the index is rounded to 10⁻⁹ anyway).
    """
    x = crossings(scores, weights, j)
    tol = 1e-9 * max(1.0, bound)
    if side == "above":
        nxt = x[x > bound + tol]
        return (bound + nxt.min()) / 2 if nxt.size else bound + 1.0
    nxt = x[(x < bound - tol) & (x > 0)]
    return (bound + nxt.max()) / 2 if nxt.size else bound / 2


def named(scores):
    """Areas a0, a1 … × dimensions d0, d1 …"""
    return pd.DataFrame(scores, index=[f"a{i}" for i in range(scores.shape[0])],
                        columns=[f"d{j}" for j in range(scores.shape[1])])


def check_against_brute_force(scores, weights, k, grid):
    """Every row of top_k_intervals against a scan of ``grid`` and probes just beyond each bound."""
    dims = named(scores)
    ids = dims.index.to_numpy()
    frame = top_k_intervals(dims, dict(zip(dims.columns, weights)), k)
    assert frame.columns.tolist() == list(COLUMNS)
    assert frame["dimension"].tolist() == dims.columns.tolist()
    tol = 1e-9
    for j, row in frame.iterrows():
        x0 = float(weights[j])
        assert row["weight"] == x0
        if np.isnan(scores[:, j]).all():
            assert np.isnan(row["lower"]) and np.isnan(row["upper"])
            continue
        xs = points(grid, scores, weights, j)
        tops = top_along(scores, weights, j, xs, k)
        i0 = int(np.flatnonzero(xs == x0)[0])
        current = tops[i0]
        same = (tops == current).all(axis=1)
        (up_same, up_diff), (down_same, down_diff) = scan(same, xs, i0)
        lower, upper = row["lower"], row["upper"]
        assert lower <= x0 <= upper
        assert upper >= up_same - tol, (j, row.to_dict(), up_same)
        if up_diff is not None:
            assert upper <= up_diff + tol, (j, row.to_dict(), up_diff)
        assert lower <= down_same + tol, (j, row.to_dict(), down_same)
        if down_diff is not None:
            assert lower >= down_diff - tol, (j, row.to_dict(), down_diff)
        never = np.isnan(scores[:, j]) | np.isnan(scores[:, [d for d in range(len(weights)) if weights[d] > 0
                                                                  and d != j]]).any(axis=1)
        if np.isfinite(upper):
            there = top_along(scores, weights, j, [beyond(scores, weights, j, upper, "above")], k)[0]
            assert not np.array_equal(there, current)
            assert ids_of(row["enters_above"]) == set(ids[there & ~current])
            assert ids_of(row["leaves_above"]) == set(ids[current & ~there])
            if upper > 0:
                assert not set(ids[never]) & ids_of(row["enters_above"])
        else:
            assert row["enters_above"] == row["leaves_above"] == ""
        if lower > 0:
            there = top_along(scores, weights, j, [beyond(scores, weights, j, lower, "below")], k)[0]
            assert not np.array_equal(there, current)
            assert ids_of(row["enters_below"]) == set(ids[there & ~current])
            assert ids_of(row["leaves_below"]) == set(ids[current & ~there])
            assert not set(ids[never]) & ids_of(row["enters_below"])
        else:
            assert row["enters_below"] == row["leaves_below"] == ""
    return frame


# ----------------------------------------------------------------- the oracle is the engine


def test_oracle_is_the_engine_bit_for_bit():
    rng = np.random.default_rng(3)
    scores = rng.normal(size=(50, 4))
    scores[rng.random(scores.shape) < 0.05] = np.nan
    weights = np.array([1.0, 0.0, 2.5, 0.7])
    xs = np.concatenate([[0.0], rng.uniform(0, 5, 20)])
    for j in range(4):
        got = index_along(scores, weights, j, xs)
        for row, x in zip(got, xs):
            w = weights.copy()
            w[j] = x
            np.testing.assert_array_equal(row, weighted_index(scores, w, "arithmetic"))


# ----------------------------------------------------------------- brute force


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("k", [1, 3, 5])
def test_intervals_equal_a_fine_grid_scan(seed, k):
    rng = np.random.default_rng(seed)
    scores = rng.normal(size=(40, 4))
    weights = np.array([1.0, 2.0, 0.5, 1.5])
    frame = check_against_brute_force(scores, weights, k, np.linspace(0, 10, 10_001))
    assert (frame["lower"] > 0).any() or np.isfinite(frame["upper"]).any()  # the scan has something to find


HALVES = st.integers(-6, 6).map(lambda v: v / 2)
#: 0 and a grid nudged off round numbers: with half-integer scores a round weight can give an index that ends
#: exactly on a rounding edge (…5 in the 10th decimal), where float noise splits two equal areas at that one
#: weight only; the intervals do not report such single points (see geo.engine.tipping).
NUDGED = np.concatenate([[0.0], np.linspace(0, 12, 2_401)[1:] * (1 + 1e-7 * np.pi)])


@st.composite
def small_cases(draw):
    n = draw(st.integers(2, 7))
    m = draw(st.integers(1, 4))
    scores = draw(arrays(float, (n, m), elements=HALVES))
    holes = draw(arrays(bool, (n, m), elements=st.sampled_from([False] * 7 + [True])))
    scores[holes] = np.nan
    weights = np.array(draw(st.lists(st.integers(0, 5), min_size=m, max_size=m)), dtype=float)
    if weights.sum() == 0:
        weights[draw(st.integers(0, m - 1))] = draw(st.integers(1, 5))
    return scores, weights, draw(st.integers(1, n))


@settings(max_examples=80, deadline=None)
@given(small_cases())
def test_intervals_equal_brute_force_on_small_matrices_with_ties(case):
    scores, weights, k = case
    empty_weighted = np.isnan(scores).all(axis=0) & (weights > 0)
    if empty_weighted.any():
        with pytest.raises(DataError, match="saknar värden för alla områden"):
            top_k_intervals(named(scores), {f"d{d}": w for d, w in enumerate(weights)}, k)
        return
    check_against_brute_force(scores, weights, k, NUDGED)


# ----------------------------------------------------------------- constructed cases


def frame_of(rows, columns=("a", "b")):
    return pd.DataFrame(rows, index=[r for r in "pqrstuvw"[:len(rows)]], columns=list(columns), dtype=float)


def test_tie_at_the_current_weight_gives_a_point_interval():
    # p and q tie at rank 1 (index 0) with weights 1, 1; q gains more from a, so they split on both sides
    dims = frame_of([[0, 0], [1, -1], [2, 2]])
    row = top_k_intervals(dims, {"a": 1.0, "b": 1.0}, 1).set_index("dimension").loc["a"]
    assert (row["lower"], row["upper"]) == (1.0, 1.0)
    assert (row["enters_above"], row["leaves_above"]) == ("", "q")
    assert (row["enters_below"], row["leaves_below"]) == ("", "p")
    check_against_brute_force(dims.to_numpy(), np.array([1.0, 1.0]), 1, np.linspace(0, 5, 5_001))


def test_three_way_tie_exactly_at_the_bound():
    # index (x·a + 2·b)/(x + 2): all three areas tie at x = 2 exactly (a representable crossing)
    dims = frame_of([[0, 2], [1, 1], [2, 0]])
    row = top_k_intervals(dims, {"a": 1.0, "b": 2.0}, 1).set_index("dimension").loc["a"]
    assert row["upper"] == 2.0 and row["lower"] == 0.0
    assert top_along(dims.to_numpy(), [1.0, 2.0], 0, [2.0], 1)[0].all()  # at the bound itself all three share rank 1
    assert (row["enters_above"], row["leaves_above"]) == ("p", "r")
    lower, upper, rank = rank_interval(dims, {"a": 1.0, "b": 2.0}, "q", "a")
    assert (lower, upper, rank) == (0.0, 2.0, 2)  # rank 1 at exactly 2, rank 2 again above: the interval ends at 2


def test_identical_areas_enter_together_sorted_by_rank_then_id():
    dims = frame_of([[0, 0], [0, 0], [4, -2], [4, -2], [5, 5]])  # p, q always tied; r, s always tied
    frame = top_k_intervals(dims, {"a": 1.0, "b": 1.0}, 2)
    row = frame.set_index("dimension").loc["b"]
    assert row["upper"] == 2.0 and row["enters_above"] == "r;s" and row["leaves_above"] == "p;q"
    check_against_brute_force(dims.to_numpy(), np.array([1.0, 1.0]), 2, np.linspace(0, 6, 6_001))


def test_ties_within_the_top_that_never_split_change_nothing():
    dims = frame_of([[0, 0], [0, 0], [5, 5]])
    frame = top_k_intervals(dims, {"a": 1.0, "b": 1.0}, 1)
    assert frame["lower"].tolist() == [0.0, 0.0] and frame["upper"].tolist() == [np.inf, np.inf]


def test_area_without_the_dimension_never_enters():
    # s has no value for a: it is ranked only while a weighs 0, where it is the best (lowest) area
    dims = frame_of([[1, 0], [2, 1], [3, 2], [np.nan, -5]])
    frame = top_k_intervals(dims, {"a": 1.0, "b": 1.0}, 1)
    assert "s" not in ";".join(frame[["enters_below", "enters_above"]].to_numpy().ravel())
    at_zero = top_k_intervals(dims, {"a": 0.0, "b": 1.0}, 1).set_index("dimension").loc["a"]
    assert (at_zero["lower"], at_zero["upper"]) == (0.0, 0.0)
    assert (at_zero["enters_above"], at_zero["leaves_above"]) == ("p", "s")
    check_against_brute_force(dims.to_numpy(), np.array([0.0, 1.0]), 1, np.linspace(0, 5, 5_001))
    check_against_brute_force(dims.to_numpy(), np.array([1.0, 1.0]), 1, np.linspace(0, 5, 5_001))


def test_only_weighted_dimension_has_the_whole_positive_axis():
    dims = frame_of([[1, 0], [2, 9], [3, -4]])
    row = top_k_intervals(dims, {"a": 2.0, "b": 0.0}, 1).set_index("dimension").loc["a"]
    assert (row["lower"], row["upper"]) == (0.0, np.inf)
    assert (row["enters_below"], row["leaves_below"]) == ("", "")


def test_dimension_without_data_at_weight_zero_gets_a_row_and_a_note():
    dims = frame_of([[1, np.nan], [2, np.nan], [0, np.nan]])
    frame = top_k_intervals(dims, {"a": 1.0, "b": 0.0}, 1)
    row = frame.set_index("dimension").loc["b"]
    assert np.isnan(row["lower"]) and np.isnan(row["upper"]) and row["enters_above"] == ""
    assert any("'b' saknar värden" in n for n in frame.attrs["notes"])
    with pytest.raises(DataError, match="sätt dess vikt till 0|Sätt dess vikt till 0"):
        top_k_intervals(dims, {"a": 1.0, "b": 1.0}, 1)


@pytest.mark.parametrize("weights, k, match", [
    ({"a": 1.0}, 1, "vikt saknas"),
    ({"a": -1.0, "b": 1.0}, 1, "≥ 0"),
    ({"a": 0.0, "b": 0.0}, 1, "större än 0"),
    ({"a": 1.0, "b": 1.0}, 0, "topp k"),
])
def test_bad_input_is_refused_in_swedish(weights, k, match):
    with pytest.raises(DataError, match=match):
        top_k_intervals(frame_of([[1, 2], [3, 4]]), weights, k)


# ----------------------------------------------------------------- one area's rank


def check_rank_interval(scores, weights, area, j, grid):
    dims = named(scores)
    ids = dims.index.tolist()
    lower, upper, rank = rank_interval(dims, dict(zip(dims.columns, weights)), ids[area], f"d{j}")
    x0 = float(weights[j])
    xs = points(grid, scores, weights, j)
    ranks = ranks_along(scores, weights, j, xs)[:, area]
    i0 = int(np.flatnonzero(xs == x0)[0])
    assert rank == ranks[i0]
    (up_same, up_diff), (down_same, down_diff) = scan(ranks == rank, xs, i0)
    assert lower <= x0 <= upper
    assert up_same - 1e-9 <= upper and (up_diff is None or upper <= up_diff + 1e-9)
    assert lower <= down_same + 1e-9 and (down_diff is None or lower >= down_diff - 1e-9)
    if np.isfinite(upper):  # the rank differs at the bound or beyond it
        assert ranks_along(scores, weights, j, [upper, beyond(scores, weights, j, upper, "above")])[:, area].tolist() \
            != [rank, rank]
    if lower > 0:
        assert ranks_along(scores, weights, j, [lower, beyond(scores, weights, j, lower, "below")])[:, area].tolist() \
            != [rank, rank]


@pytest.mark.parametrize("seed", [4, 5])
def test_rank_interval_equals_a_fine_grid_scan(seed):
    rng = np.random.default_rng(seed)
    scores = rng.normal(size=(25, 3))
    weights = np.array([1.0, 2.0, 1.0])
    for area in (0, 7, 19):
        for j in range(3):
            check_rank_interval(scores, weights, area, j, np.linspace(0, 10, 10_001))


@settings(max_examples=60, deadline=None)
@given(small_cases(), st.data())
def test_rank_interval_on_small_matrices_with_ties(case, data):
    scores, weights, _ = case
    if (np.isnan(scores).all(axis=0) & (weights > 0)).any():
        return
    j = data.draw(st.integers(0, scores.shape[1] - 1))
    if np.isnan(scores[:, j]).all():
        return
    ranked = np.flatnonzero(~np.isnan(weighted_index(scores, weights, "arithmetic")))
    if not ranked.size:
        with pytest.raises(DataError, match="ingen rang"):
            rank_interval(named(scores), {f"d{d}": w for d, w in enumerate(weights)}, "a0", f"d{j}")
        return
    check_rank_interval(scores, weights, int(data.draw(st.sampled_from(list(ranked)))), j, NUDGED)


def test_rank_interval_refuses_unknown_and_unranked():
    dims = frame_of([[1, 0], [np.nan, 1], [3, 2]])
    with pytest.raises(DataError, match="ingen rang"):
        rank_interval(dims, {"a": 1.0, "b": 1.0}, "q", "a")
    with pytest.raises(DataError, match="okänt område"):
        rank_interval(dims, {"a": 1.0, "b": 1.0}, "zz", "a")
    with pytest.raises(DataError, match="okänd dimension"):
        rank_interval(dims, {"a": 1.0, "b": 1.0}, "p", "c")


# ----------------------------------------------------------------- scored results and the CLI


@pytest.fixture(scope="module")
def demo():
    p = demo_paths()
    return read_areas(p.areas), read_indicators(p.indicators), load_definition(p.default_definition)


def test_tipping_for_a_scored_result(demo):
    areas, indicators, definition = demo
    s = score(areas, indicators, definition, ViewSettings.default(definition, weights={"ekonomi": 2.0}))
    frame = tipping_for(s)
    pd.testing.assert_frame_equal(frame, top_k_intervals(s.result.dimensions, s.result.weights, 3))
    assert frame["weight"].tolist() == [s.result.weights[d] for d in definition.dimension_ids]
    pd.testing.assert_frame_equal(tipping_for(s, top_k=5), top_k_intervals(s.result.dimensions, s.result.weights, 5))


def test_geometric_aggregation_is_refused_with_the_reason(demo):
    areas, indicators, definition = demo
    s = score(areas, indicators, definition, ViewSettings.default(definition, method="ratio", aggregation="geometric"))
    with pytest.raises(DataError, match="brytpunkter beräknas bara för aritmetiskt medel") as info:
        tipping_for(s)
    assert "--aggregation arithmetic" in (info.value.hint or "")


def run(*args):
    return subprocess.run([sys.executable, "-m", "geo", *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def read(text):
    return pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[""], dtype={
        c: str for c in COLUMNS if c.startswith(("enters", "leaves"))})


def test_cli_follows_the_contract(demo, tmp_path):
    res = run("tipping", "--weights", "ekonomi=2", "--year", "2024")
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines()[0] == ",".join(COLUMNS)
    assert "syntetiska" in res.stderr
    table = read(res.stdout).fillna({c: "" for c in COLUMNS if c.startswith(("enters", "leaves"))})
    areas, indicators, definition = demo
    s = score(areas, indicators, definition, ViewSettings.default(definition, weights={"ekonomi": 2.0}, year=2024))
    expected = tipping_for(s)
    assert table["dimension"].tolist() == list(definition.dimension_ids)
    np.testing.assert_array_equal(table[["weight", "lower", "upper"]].to_numpy(float),
                                  expected[["weight", "lower", "upper"]].to_numpy(float))
    for c in ("enters_below", "leaves_below", "enters_above", "leaves_above"):
        assert table[c].tolist() == expected[c].tolist()

    out = tmp_path / "tipping.csv"
    res = run("tipping", "--top-k", "14", "--out", str(out))  # every demo area in the top 14: nothing can change
    assert res.returncode == 0, res.stderr
    assert res.stdout == ""
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert all(line.endswith(",0.0,inf,,,,") for line in lines[1:]) and len(lines) == 1 + len(definition.dimension_ids)


def test_cli_refuses_geometric_with_exit_2():
    res = run("tipping", "--method", "ratio", "--aggregation", "geometric")
    assert res.returncode == 2
    assert res.stdout == ""
    assert res.stderr.startswith("fel: brytpunkter beräknas bara för aritmetiskt medel")
    assert "Traceback" not in res.stderr


def test_cli_bad_top_k_exits_2():
    res = run("tipping", "--top-k", "0")
    assert res.returncode == 2 and res.stderr.startswith("fel: ") and "Traceback" not in res.stderr
