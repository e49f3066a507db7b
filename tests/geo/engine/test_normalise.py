"""Every normalisation method against hand-computed values."""

import math

import numpy as np
import pytest

from geo.engine.normalise import METHODS, NEUTRAL, normalise
from geo.errors import DataError

X = np.array([[10.0], [20.0], [30.0], [40.0]])


def test_zscore_population_std():
    # mean 25, population std sqrt(125) = 11.1803...
    sd = math.sqrt(((10 - 25) ** 2 + 25 + 25 + 15 ** 2) / 4)
    expected = [(v - 25) / sd for v in (10, 20, 30, 40)]
    np.testing.assert_allclose(normalise(X, np.array([1]), "zscore").ravel(), expected, rtol=1e-12)
    np.testing.assert_allclose(normalise(X, np.array([-1]), "zscore").ravel(), [-e for e in expected], rtol=1e-12)


def test_minmax():
    np.testing.assert_allclose(normalise(X, np.array([1]), "minmax").ravel(), [0, 100 / 3, 200 / 3, 100])
    np.testing.assert_allclose(normalise(X, np.array([-1]), "minmax").ravel(), [100, 200 / 3, 100 / 3, 0])


def test_rank_with_ties_uses_average_ranks():
    x = np.array([[5.0], [1.0], [5.0], [9.0]])
    # ranks 2.5, 1, 2.5, 4 → 100·(r−1)/(n−1)
    np.testing.assert_allclose(normalise(x, np.array([1]), "rank").ravel(), [50, 0, 50, 100])
    np.testing.assert_allclose(normalise(x, np.array([-1]), "rank").ravel(), [50, 100, 50, 0])


def test_ratio_mirrors_around_mean():
    np.testing.assert_allclose(normalise(X, np.array([1]), "ratio").ravel(), [40, 80, 120, 160])
    np.testing.assert_allclose(normalise(X, np.array([-1]), "ratio").ravel(), [160, 120, 80, 40])


@pytest.mark.parametrize("method", METHODS)
def test_zero_variance_gives_neutral_value_not_nan(method):
    x = np.array([[7.0], [7.0], [7.0]])
    for pol in (1, -1):
        out = normalise(x, np.array([pol]), method)
        assert np.all(np.isfinite(out))
        np.testing.assert_allclose(out.ravel(), [NEUTRAL[method]] * 3)


@pytest.mark.parametrize("method", METHODS)
def test_missing_values_stay_missing_and_are_left_out_of_statistics(method):
    x = np.array([[10.0], [np.nan], [30.0]])
    out = normalise(x, np.array([1]), method).ravel()
    assert math.isnan(out[1])
    ref = normalise(np.array([[10.0], [30.0]]), np.array([1]), method).ravel()
    np.testing.assert_allclose(out[[0, 2]], ref)


@pytest.mark.parametrize("method", METHODS)
def test_single_area_is_neutral(method):
    out = normalise(np.array([[3.0]]), np.array([1]), method)
    assert out.ravel().tolist() == [NEUTRAL[method]]


def test_all_missing_column_stays_missing():
    out = normalise(np.array([[np.nan, 1.0], [np.nan, 2.0]]), np.array([1, 1]), "zscore")
    assert np.isnan(out[:, 0]).all()


def test_unknown_method_is_a_clear_error():
    with pytest.raises(DataError, match="okänd normaliseringsmetod"):
        normalise(X, np.array([1]), "median")  # type: ignore[arg-type]


def test_statistics_from_a_reference_measure_another_year_with_the_same_yardstick():
    """normalise(..., reference=R): the mean, sd, min and max come from R (a reference year)."""
    import numpy as np
    import pytest

    from geo.engine.normalise import normalise
    from geo.errors import DataError

    ref = np.array([[10.0], [20.0], [30.0]])
    later = np.array([[20.0], [30.0], [40.0]])  # every area improved by 10
    mean, sd = 20.0, np.std([10.0, 20.0, 30.0])
    np.testing.assert_allclose(normalise(later, np.array([1]), "zscore", reference=ref).ravel(),
                               (later.ravel() - mean) / sd)
    np.testing.assert_allclose(normalise(later, np.array([-1]), "zscore", reference=ref).ravel(),
                               -(later.ravel() - mean) / sd)
    np.testing.assert_allclose(normalise(later, np.array([1]), "minmax", reference=ref).ravel(), [50, 100, 150])
    np.testing.assert_allclose(normalise(later, np.array([-1]), "ratio", reference=ref).ravel(), [100, 50, 0])
    # against itself it is the plain normalisation, bit for bit
    for method in ("zscore", "minmax", "ratio"):
        assert normalise(later, np.array([1]), method, reference=later).tolist() == \
            normalise(later, np.array([1]), method).tolist()
    with pytest.raises(DataError, match="percentilrang"):
        normalise(later, np.array([1]), "rank", reference=ref)
