"""Robusthet's memory is bounded by the areas, not the draws (issue 17), with the same numbers.

Before: every draw's ranks were kept (draws × areas, int32) and ``np.quantile`` copied them, so
20,000 draws on 6,000 areas peaked at ≈ 1.1 GB per run. Now draws are folded into running
statistics a chunk at a time; these tests compare the result with the whole matrix computed
the straightforward way (``pandas.rank(method="min")`` per draw, ``np.quantile(inverted_cdf)``).
"""

from __future__ import annotations

import tracemalloc

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.engine import uncertainty
from geo.engine.index import RANK_DECIMALS
from geo.engine.uncertainty import _order_position, _RankStats, rank_uncertainty


def reference(scores: np.ndarray, weights: np.ndarray, top_k: int, result) -> pd.DataFrame:
    """The statistics from the full draws × areas matrix of ranks (the draws the result used)."""
    index = np.round(result.weights @ scores.T, RANK_DECIMALS)
    ranks = pd.DataFrame(index).rank(axis=1, method="min").to_numpy().astype(int)
    p05, median, p95 = np.quantile(ranks, [0.05, 0.5, 0.95], axis=0, method="inverted_cdf")
    return pd.DataFrame({"median_rank": median, "p05": p05, "p95": p95,
                         "p_top_k": (ranks <= top_k).mean(axis=0)}, index=result.frame.index)


@settings(max_examples=60, deadline=None)
@given(n_areas=st.integers(1, 40), draws=st.integers(1, 120), top_k=st.integers(1, 5),
       chunk=st.sampled_from([1, 7, 64, 1 << 20]), seed=st.integers(0, 2**16), ties=st.booleans())
def test_chunked_statistics_equal_the_whole_matrix(n_areas, draws, top_k, chunk, seed, ties):
    """Both ways of keeping ranks (a histogram when draws ≥ areas, else the ranks) and any chunk size."""
    rng = np.random.default_rng(seed)
    scores = rng.integers(0, 3, size=(n_areas, 3)).astype(float) if ties else rng.normal(size=(n_areas, 3))
    before = uncertainty._CHUNK_CELLS
    uncertainty._CHUNK_CELLS = chunk
    try:
        result = rank_uncertainty(scores, [1.0, 2.0, 1.0], draws=draws, top_k=top_k, seed=seed, concentration=5.0)
    finally:
        uncertainty._CHUNK_CELLS = before
    expected = reference(scores, np.array([1.0, 2.0, 1.0]), top_k, result)
    got = result.frame
    for col in ("median_rank", "p05", "p95"):
        np.testing.assert_array_equal(got[col].to_numpy(int), expected[col].to_numpy(int), err_msg=col)
    np.testing.assert_array_equal(got["p_top_k"].to_numpy(float), expected["p_top_k"].to_numpy(float))


@pytest.mark.parametrize("n", [1, 2, 3, 19, 20, 21, 99, 100, 101, 1000, 20000, 33333])
def test_order_position_is_numpys_inverted_cdf(n):
    values = np.arange(n)
    for q in (0.0, 0.05, 0.5, 0.95, 1.0):
        assert values[_order_position(n, q)] == np.quantile(values, q, method="inverted_cdf"), (n, q)


def test_histogram_and_kept_ranks_give_the_same_quantiles():
    rng = np.random.default_rng(3)
    ranks = np.stack([rng.permutation(50) + 1 for _ in range(400)]).astype(np.int32)
    by_hist, kept = _RankStats(50, 400, 3), _RankStats(50, 400, 3, keep=True)
    assert by_hist.by_histogram and not kept.by_histogram
    for stats in (by_hist, kept):
        for start in range(0, 400, 37):
            stats.add(np.arange(start, min(start + 37, 400)), ranks[start:start + 37])
    expected = np.quantile(ranks, [0.05, 0.5, 0.95], axis=0, method="inverted_cdf")
    for stats in (by_hist, kept):
        np.testing.assert_array_equal(np.array(stats.quantiles()), expected)
        np.testing.assert_array_equal(stats.best, ranks.min(axis=0))
        np.testing.assert_array_equal(stats.worst, ranks.max(axis=0))
    np.testing.assert_array_equal(kept.ranks, ranks)


def _peak(draws: int, n_areas: int) -> int:
    scores = np.random.default_rng(1).normal(size=(n_areas, 4))
    tracemalloc.start()
    try:
        rank_uncertainty(scores, [0.25] * 4, draws=draws, seed=3)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_draws():
    """Ten times the draws on 1,000 areas: the same peak (NumPy's arrays are traced). Before: the
    peak grew by the draws × areas matrix and its quantile copy (≈ 160 MB at 20,000 draws)."""
    few, many = _peak(2_000, 1_000), _peak(20_000, 1_000)
    matrix = 20_000 * 1_000 * 4
    assert many - few < matrix / 10, (few, many)
