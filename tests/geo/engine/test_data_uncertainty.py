"""Uncertainty from the data: binomial redraws of the shares with counts, scored by the engine."""

from __future__ import annotations

import math

import numpy as np
import pytest

from geo.dataset.load import load_dataset
from geo.dataset.values import counts_for_year
from geo.engine.scoring import score_dataset
from geo.engine.uncertainty import data_replicates, uncertainty_for
from geo.errors import DataError
from geo.paths import demo_paths
from geo.settings import ViewSettings


@pytest.fixture(scope="module")
def demo():
    data = load_dataset(demo_paths())
    d = data.default_definition
    scored = score_dataset(data, d, ViewSettings.default(d))
    values = data.values(d, scored.year)
    counts = counts_for_year(data.indicators, scored.year, data.areas["area_id"], d)
    assert counts is not None
    return data, d, scored, values, counts


def test_the_demo_has_counts_except_for_the_survey_estimate(demo):
    _, _, _, values, (num, den) = demo
    assert num["fritidsaktiviteter"].isna().all()
    shares = 100 * num / den
    assert np.allclose(shares.drop(columns="fritidsaktiviteter").round(1), values.drop(columns="fritidsaktiviteter"))


def test_huge_denominators_reproduce_the_observed_ranking(demo):
    _, d, scored, values, (num, den) = demo
    big = den * 1e7
    result = uncertainty_for(scored, draws=200, concentration=math.inf, seed=3, values=values, definition=d,
                             data_counts=(num * 1e7, big), replicates=5)
    frame = result.frame
    assert (frame["median_rank"] == scored.result.rank).all()
    assert (frame["p05"] == frame["p95"]).all()


def test_small_denominators_spread_the_ranks_and_the_seed_reproduces(demo):
    _, d, scored, values, (num, den) = demo
    small = (den / den * 12).where(den.notna())
    counts = ((num / den) * small).round(), small
    a = uncertainty_for(scored, draws=300, concentration=math.inf, seed=5, values=values, definition=d,
                        data_counts=counts, replicates=20)
    b = uncertainty_for(scored, draws=300, concentration=math.inf, seed=5, values=values, definition=d,
                        data_counts=counts, replicates=20)
    assert a.frame.equals(b.frame)
    assert (a.frame["p95"] - a.frame["p05"]).max() >= 2
    assert np.allclose(a.weights, a.weights[0])  # data alone: the weights stay where they are


def test_replicates_keep_indicators_without_counts_and_redraw_the_rest(demo):
    _, d, scored, values, (num, den) = demo
    reps = data_replicates(values, num, den, d, scored.settings, replicates=3, seed=1,
                           index=scored.result.dimensions.index, columns=scored.result.dimensions.columns)
    assert len(reps) == 3 and reps[0].shape == scored.result.dimensions.shape
    assert not np.allclose(reps[0], reps[1])


def test_without_counts_it_says_so(demo):
    _, d, scored, values, (num, den) = demo
    with pytest.raises(DataError, match="saknar antal"):
        data_replicates(values, num * np.nan, den, d, scored.settings, replicates=2)
