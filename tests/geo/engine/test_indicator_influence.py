"""Influence per indicator: the same measure as per dimension (r² with the index, as shares)."""

from __future__ import annotations

import numpy as np
import pytest

from geo.dataset.load import load_dataset
from geo.engine.scoring import score_dataset
from geo.engine.sensitivity import indicator_influence
from geo.paths import demo_paths
from geo.settings import ViewSettings


@pytest.fixture(scope="module")
def demo():
    data = load_dataset(demo_paths())
    return data, data.default_definition


def test_shares_sum_to_one_and_nominal_shares_follow_the_weights(demo):
    data, d = demo
    s = score_dataset(data, d, ViewSettings.default(d, weights={"ekonomi": 2.0}, indicator_weights={"kvarboende": 0}))
    r = s.result
    frame = indicator_influence(r.normalised, r.index, d, r.weights, r.indicator_weights)
    assert len(frame) == 12
    assert frame["influence"].sum() == pytest.approx(1.0)
    assert frame.loc[frame["indicator"] == "kvarboende", "weight_share"].item() == 0.0
    assert np.isnan(frame.loc[frame["indicator"] == "kvarboende", "influence"].item())
    econ = frame[frame["dimension"] == "ekonomi"]["weight_share"]
    assert econ.sum() == pytest.approx(2 / 5)  # the dimension's share, split equally among its indicators
    corr = r.normalised["valdeltagande"].corr(r.index) ** 2
    assert frame.loc[frame["indicator"] == "valdeltagande", "r2"].item() == pytest.approx(corr)
