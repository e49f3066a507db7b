"""The weight-space picture: every grid point's top-k set is the engine's."""

from __future__ import annotations

import numpy as np
import pytest

from geo.dataset.load import load_dataset
from geo.engine.scoring import score_dataset
from geo.engine.weightspace import ternary, weight_slice
from geo.errors import DataError
from geo.paths import demo_paths
from geo.settings import ViewSettings


@pytest.fixture(scope="module")
def demo():
    data = load_dataset(demo_paths())
    d = data.default_definition
    return data, d


def _top(scored, k: int = 3) -> set[str]:
    ranks = scored.result.rank.dropna()
    return set(ranks[ranks <= k].index.astype(str))


@pytest.mark.parametrize(("x", "y"), [(1.0, 1.0), (0.0, 2.5), (3.0, 0.5), (5.0, 5.0)])
def test_a_slice_point_is_the_engines_top_k(demo, x, y):
    data, d = demo
    base = score_dataset(data, d, ViewSettings.default(d))
    frame = weight_slice(base.result.dimensions, base.result.weights, 3, "delaktighet", "ekonomi")
    point = frame[np.isclose(frame["x"], x) & np.isclose(frame["y"], y)]
    assert len(point) == 1
    engine = score_dataset(data, d, ViewSettings.default(d, weights={"delaktighet": x, "ekonomi": y}))
    assert set(point["set"].iloc[0].split(";")) == _top(engine)


def test_the_triangles_centre_is_equal_weights_and_its_corners_one_dimension(demo):
    data, d = demo
    base = score_dataset(data, d, ViewSettings.default(d))
    dims = base.result.dimensions[["utbildning", "ekonomi", "boende"]]
    frame = ternary(dims, 3)
    assert len(frame) == 31 * 32 // 2
    centre = frame[np.isclose(frame["w1"], 1 / 3) & np.isclose(frame["w2"], 1 / 3)]
    equal = score_dataset(data, d, ViewSettings.default(d, weights={"delaktighet": 0.0}))
    assert set(centre["set"].iloc[0].split(";")) == _top(equal)
    corner = frame[np.isclose(frame["w3"], 1.0)]
    alone = score_dataset(data, d, ViewSettings.default(d, weights={"delaktighet": 0, "utbildning": 0,
                                                                    "ekonomi": 0}))
    assert set(corner["set"].iloc[0].split(";")) == _top(alone)
    assert frame["y"].max() == pytest.approx(np.sqrt(3) / 2)


def test_bad_requests_are_said(demo):
    data, d = demo
    dims = score_dataset(data, d, ViewSettings.default(d)).result.dimensions
    with pytest.raises(DataError, match="tre dimensioner"):
        ternary(dims, 3)
    with pytest.raises(DataError, match="två olika"):
        weight_slice(dims, {c: 1.0 for c in dims.columns}, 3, "boende", "boende")
