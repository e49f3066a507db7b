"""Honest change: Newcombe's interval for the change of a share, and the markers in the
indicator's own direction (a wrong direction reorders the follow-up: the worst bug)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.engine.change import SMALL_BASE, markers, newcombe, small_base, wilson


def test_newcombes_published_example():
    # Newcombe (1998), table II, example (a): 56/70 − 48/80 = 0.2, method 10: 0.0524 to 0.3339.
    d, lo, hi = newcombe([48], [80], [56], [70])
    assert round(float(d[0]), 4) == 0.2
    assert (round(float(lo[0]), 4), round(float(hi[0]), 4)) == (0.0524, 0.3339)


def test_missing_or_impossible_counts_give_no_interval():
    d, lo, hi = newcombe([5, np.nan, 5, 12], [10, 10, 0, 10], [6, 6, 6, 6], [10, 10, 10, 10])
    assert not np.isnan(lo[0])
    assert np.isnan(lo[1:]).all() and np.isnan(hi[1:]).all()  # no numerator; no persons; more cases than persons


@given(x=st.integers(0, 500), extra=st.integers(0, 500))
def test_wilson_contains_the_share_and_stays_in_0_1(x, extra):
    n = x + extra
    if n == 0:
        return
    lo, hi = wilson([x], [n])
    assert 0.0 <= lo[0] <= x / n <= hi[0] <= 1.0


@given(x1=st.integers(0, 300), e1=st.integers(1, 300), x2=st.integers(0, 300), e2=st.integers(1, 300))
def test_the_interval_contains_the_observed_change_and_swaps_with_the_years(x1, e1, x2, e2):
    n1, n2 = x1 + e1, x2 + e2
    d, lo, hi = newcombe([x1], [n1], [x2], [n2])
    assert -1.0 <= lo[0] <= d[0] <= hi[0] <= 1.0
    d_back, lo_back, hi_back = newcombe([x2], [n2], [x1], [n1])
    assert np.allclose([d_back[0], lo_back[0], hi_back[0]], [-d[0], -hi[0], -lo[0]])


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_the_interval_covers_the_true_change_in_95_percent_of_draws(seed):
    """Coverage over 20,000 seeded draws, each with its own true shares (5–95 %) and sizes
    (30–5,000 persons): 95 % ± 1 % (the estimate's own standard error is 0.15 %)."""
    rng = np.random.default_rng(seed)
    n = 20_000
    p1, p2 = rng.uniform(0.05, 0.95, n), rng.uniform(0.05, 0.95, n)
    n1, n2 = rng.integers(30, 5000, n), rng.integers(30, 5000, n)
    _, lo, hi = newcombe(rng.binomial(n1, p1), n1, rng.binomial(n2, p2), n2)
    coverage = np.mean((lo <= p2 - p1) & (p2 - p1 <= hi))
    assert 0.94 <= coverage <= 0.96


def test_markers_follow_the_indicators_direction():
    lower, upper = np.array([0.02, -0.10, -0.05, np.nan]), np.array([0.08, -0.01, 0.05, np.nan])
    assert markers(lower, upper, 1).tolist() == ["improved", "worsened", "uncertain", "unknown"]
    # Polarity −1 (a higher share is worse, e.g. "förgymnasial utbildning"): a sure rise is a worsening.
    assert markers(lower, upper, -1).tolist() == ["worsened", "improved", "uncertain", "unknown"]
    assert markers(lower, upper, np.array([1, -1, 1, -1])).tolist() == ["improved", "improved", "uncertain",
                                                                       "unknown"]


@given(x1=st.integers(0, 200), e1=st.integers(1, 200), x2=st.integers(0, 200), e2=st.integers(1, 200))
def test_flipping_the_share_and_the_polarity_gives_the_same_marker(x1, e1, x2, e2):
    """'Utan ekonomiskt bistånd' (polarity 1) and 'med ekonomiskt bistånd' (polarity −1) are one fact."""
    n1, n2 = x1 + e1, x2 + e2
    _, lo, hi = newcombe([x1], [n1], [x2], [n2])
    _, lo_c, hi_c = newcombe([n1 - x1], [n1], [n2 - x2], [n2])
    assert markers(lo, hi, 1).tolist() == markers(lo_c, hi_c, -1).tolist()


def test_small_base():
    assert small_base([SMALL_BASE - 1, 100, np.nan], [100, 100, 100]).tolist() == [True, False, False]
