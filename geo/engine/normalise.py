"""Normalisation of raw indicator values, column by column, polarity applied.

Every method turns an ``(areas × indicators)`` array of raw values into scores where
**higher means better living conditions** for every indicator, so dimension scores
can be plain weighted means. Missing values (NaN) stay NaN and are left out of the
statistics. The formulas are the ones on the method page (and in the README):

=========  =========================================  ===========================
method     polarity +1                                polarity −1
=========  =========================================  ===========================
zscore     (x − x̄) / σ  (population σ, ddof = 0)     −(x − x̄) / σ
minmax     100 · (x − min) / (max − min)              100 − that
rank       100 · (r − 1) / (n − 1), r = average rank  100 − that
ratio      100 · x / x̄                                200 − 100 · x / x̄
=========  =========================================  ===========================

``ratio`` for polarity −1 mirrors the +1 score around the Malmö mean (= 100): an area
20 % above the mean of a "higher is worse" indicator scores 80, just as an area 20 %
below the mean of a "higher is better" one. It is linear, so distances keep their
meaning, and it never divides by a value that can be zero (``100·x̄/x`` would).

Zero variance (all areas equal, or a single area): the indicator carries no
information about differences, so every area gets the method's neutral value —
0 (zscore), 50 (minmax, rank) or 100 (ratio) — instead of NaN or ±inf. The same
neutral value is used for ``ratio`` when the mean is 0.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np

from geo.errors import DataError
from geo.settings import METHODS, Method

#: The score an area gets on an indicator where all areas are equal.
NEUTRAL: dict[Method, float] = {"zscore": 0.0, "minmax": 50.0, "rank": 50.0, "ratio": 100.0}

_TINY = 1e-12


def _zscore(x: np.ndarray, polarity: np.ndarray, ref: np.ndarray) -> np.ndarray:
    mean = np.nanmean(ref, axis=0)
    std = np.nanstd(ref, axis=0)  # ddof=0: population standard deviation
    flat = ~(std > _TINY * np.maximum(1.0, np.abs(mean)))
    z = (x - mean) / np.where(flat, 1.0, std)
    z[:, flat] = np.where(np.isnan(x[:, flat]), np.nan, NEUTRAL["zscore"])
    out: np.ndarray = z * polarity + 0.0  # + 0.0 turns -0.0 into 0.0
    return out


def _minmax(x: np.ndarray, polarity: np.ndarray, ref: np.ndarray) -> np.ndarray:
    lo = np.nanmin(ref, axis=0)
    hi = np.nanmax(ref, axis=0)
    span = hi - lo
    flat = ~(span > _TINY * np.maximum(1.0, np.abs(hi)))
    s = 100.0 * (x - lo) / np.where(flat, 1.0, span)
    s[:, flat] = np.where(np.isnan(x[:, flat]), np.nan, NEUTRAL["minmax"])
    out: np.ndarray = np.where(polarity < 0, 100.0 - s, s)
    return out


def _average_ranks(col: np.ndarray) -> np.ndarray:
    """1-based average ranks of the non-NaN values (ties share the mean rank)."""
    out = np.full(col.shape, np.nan)
    ok = ~np.isnan(col)
    vals = col[ok]
    if vals.size == 0:
        return out
    order = np.argsort(vals, kind="mergesort")
    sorted_vals = vals[order]
    # Boundaries of runs of equal values.
    starts = np.r_[True, sorted_vals[1:] != sorted_vals[:-1]]
    run_id = np.cumsum(starts) - 1
    first = np.flatnonzero(starts)
    last = np.r_[first[1:], sorted_vals.size] - 1
    avg = (first + last) / 2.0 + 1.0
    ranks = np.empty(vals.size)
    ranks[order] = avg[run_id]
    out[ok] = ranks
    return out


def _rank(x: np.ndarray, polarity: np.ndarray, ref: np.ndarray) -> np.ndarray:
    if ref is not x:
        raise DataError("percentilrang kan inte beräknas mot ett referensår: en rang finns bara inom ett år.",
                        hint="Välj z-poäng, min–max eller kvot mot snittet.")
    s = np.full(x.shape, np.nan)
    for j in range(x.shape[1]):
        r = _average_ranks(x[:, j])
        n = np.count_nonzero(~np.isnan(r))
        if n <= 1 or np.nanmax(r) == np.nanmin(r):
            s[:, j] = np.where(np.isnan(r), np.nan, NEUTRAL["rank"])
        else:
            s[:, j] = 100.0 * (r - 1.0) / (n - 1.0)
    return np.where(polarity < 0, 100.0 - s, s)


def _ratio(x: np.ndarray, polarity: np.ndarray, ref: np.ndarray) -> np.ndarray:
    mean = np.nanmean(ref, axis=0)
    flat = ~(np.abs(mean) > _TINY)
    s = 100.0 * x / np.where(flat, 1.0, mean)
    s[:, flat] = np.where(np.isnan(x[:, flat]), np.nan, NEUTRAL["ratio"])
    return np.where(polarity < 0, 200.0 - s, s)


#: Method name → function; the names are :data:`geo.settings.METHODS` (a test checks both agree).
#: Each takes (values, polarity, reference) and takes its statistics from ``reference``.
NORMALISERS: dict[Method, Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]] = {
    "zscore": _zscore,
    "minmax": _minmax,
    "rank": _rank,
    "ratio": _ratio,
}


def normalise(values: np.ndarray, polarity: np.ndarray, method: Method = "zscore", *,
              reference: np.ndarray | None = None) -> np.ndarray:
    """Normalise each column of ``values`` (areas × indicators) with ``method``.

    The statistics (mean, standard deviation, minimum, maximum) come from ``reference``
    (areas × the same indicators, e.g. another year) when given, else from ``values``
    themselves — so later years can be measured with one yardstick. ``rank`` is only
    defined within ``values`` (a :class:`DataError` otherwise).

    >>> import numpy as np
    >>> normalise(np.array([[1.0], [2.0], [3.0]]), np.array([1]), "minmax").ravel().tolist()
    [0.0, 50.0, 100.0]
    >>> normalise(np.array([[1.0], [2.0], [3.0]]), np.array([-1]), "ratio").ravel().tolist()
    [150.0, 100.0, 50.0]
    """
    try:
        func = NORMALISERS[method]
    except KeyError:
        raise DataError(
            f"okänd normaliseringsmetod '{method}'.", hint=f"Välj en av: {', '.join(METHODS)}."
        ) from None
    x = np.asarray(values, dtype=float)
    if x.ndim != 2:
        x = x.reshape(-1, 1)
    ref = x if reference is None else np.asarray(reference, dtype=float).reshape(-1, x.shape[1])
    pol = np.asarray(polarity, dtype=float).reshape(1, -1)
    if x.shape[0] == 0:
        return x.copy()
    empty = np.all(np.isnan(x), axis=0)
    with np.errstate(invalid="ignore", divide="ignore"), _quiet_nan_warnings():
        out = func(x, pol, ref)
    out[:, empty] = np.nan
    return out


def flat_columns(values: np.ndarray) -> np.ndarray:
    """Boolean mask of columns with zero variance among their non-missing values."""
    x = np.asarray(values, dtype=float)
    with _quiet_nan_warnings():
        lo = np.nanmin(x, axis=0)
        hi = np.nanmax(x, axis=0)
    mask: np.ndarray = ~(hi - lo > _TINY * np.maximum(1.0, np.abs(hi))) & ~np.all(np.isnan(x), axis=0)
    return mask


@contextmanager
def _quiet_nan_warnings() -> Iterator[None]:
    """Silence numpy's 'mean of empty slice' warnings: all-NaN columns are handled."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


__all__ = ["METHODS", "NEUTRAL", "NORMALISERS", "Method", "flat_columns", "normalise"]
