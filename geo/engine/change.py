"""Honest change: is a share's change between two years larger than chance?

A share in a small area moves by several points from year to year without anything
having happened (few pupils in year 9, a survey's sample). Where the data has the counts
behind a share (``numerator``/``denominator``, kept by the readers), the change
``p₂ − p₁`` gets a 95 % interval by **Newcombe's hybrid score method** (method 10 in
Newcombe 1998, *Statistics in Medicine* 17:873–890), built from the two Wilson score
intervals:

    lower = d − √((p₂ − l₂)² + (u₁ − p₁)²),   upper = d + √((u₂ − p₂)² + (p₁ − l₁)²)

with ``d = p₂ − p₁`` and ``(lᵢ, uᵢ)`` the Wilson interval of ``pᵢ``. It keeps close to its
nominal coverage for small counts and shares near 0 or 1, where the simple Wald interval
fails, and it never leaves [−1, 1].

What it assumes, said on the method page: the two years are independent binomial draws.
Register counts are whole populations, so the interval answers "could this change be the
year-to-year variation of an area this size?", the usual reading in local follow-up; the
same people in both years make the true interval narrower, so the marker errs on the side
of "osäker".

The marker turns the interval into words in the indicator's own direction (polarity):
"säker förbättring" when the whole interval is an improvement, "säker försämring" when it
is a worsening, else "osäker". A denominator under :data:`SMALL_BASE` is flagged; without
counts there is no marker ("kan inte bedömas").
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt

#: z for a two-sided 95 % interval.
Z95 = 1.959963984540054
#: Fewer persons than this in either year: the change is flagged as resting on a small base.
SMALL_BASE = 30

Marker = Literal["improved", "uncertain", "worsened", "unknown"]
MARKERS: tuple[Marker, ...] = ("improved", "uncertain", "worsened", "unknown")


def wilson(x: npt.ArrayLike, n: npt.ArrayLike, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval (lower, upper) of the share ``x / n``; NaN where ``n`` ≤ 0 or missing.

    >>> lo, hi = wilson(np.array([0.0]), np.array([10.0]))
    >>> round(float(lo[0]), 4), round(float(hi[0]), 4)
    (0.0, 0.2775)
    """
    x, n = np.asarray(x, dtype=float), np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        ok = (n > 0) & (x >= 0) & (x <= n)
        p = np.where(ok, x / n, np.nan)
        z2 = z * z
        centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        half = z * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
        # At x = 0 and x = n the bounds are exactly 0 and 1 (rounding would leave 1 − 1e-16 and
        # an interval that misses the share it was computed from).
        lower = np.where(ok, np.where(x == 0, 0.0, np.clip(centre - half, 0.0, 1.0)), np.nan)
        upper = np.where(ok, np.where(x == n, 1.0, np.clip(centre + half, 0.0, 1.0)), np.nan)
    return lower, upper


def newcombe(x1: npt.ArrayLike, n1: npt.ArrayLike, x2: npt.ArrayLike, n2: npt.ArrayLike,
             z: float = Z95) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The change ``x2/n2 − x1/n1`` and its hybrid score interval (difference, lower, upper),
    as shares (multiply by 100 for percentage points); NaN where counts are missing. The example is
    Newcombe's (1998, table II): 56/70 vs 48/80, interval 0.0524–0.3339.

    >>> d, lo, hi = newcombe(np.array([56.0]), np.array([70.0]), np.array([48.0]), np.array([80.0]))
    >>> round(float(d[0]), 4), round(float(lo[0]), 4), round(float(hi[0]), 4)
    (-0.2, -0.3339, -0.0524)
    """
    a1, m1, a2, m2 = (np.asarray(a, dtype=float) for a in (x1, n1, x2, n2))
    l1, u1 = wilson(a1, m1, z)
    l2, u2 = wilson(a2, m2, z)
    with np.errstate(invalid="ignore", divide="ignore"):
        p1, p2 = a1 / m1, a2 / m2
        d = p2 - p1
        lower = d - np.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
        upper = d + np.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    bad = np.isnan(l1) | np.isnan(l2)
    return np.where(bad, np.nan, d), np.where(bad, np.nan, lower), np.where(bad, np.nan, upper)


def markers(lower: npt.ArrayLike, upper: npt.ArrayLike, polarity: npt.ArrayLike) -> np.ndarray:
    """``improved`` / ``worsened`` when the whole interval lies on one side of 0 in the indicator's
    good direction (``polarity`` 1: up is better, −1: down is better), ``uncertain`` when it
    contains 0, ``unknown`` without an interval.

    >>> markers(np.array([0.01, -0.2, -0.1, np.nan]), np.array([0.05, -0.1, 0.1, np.nan]), 1).tolist()
    ['improved', 'worsened', 'uncertain', 'unknown']
    >>> markers(np.array([0.01]), np.array([0.05]), -1).tolist()
    ['worsened']
    """
    lo, hi = np.asarray(lower, dtype=float), np.asarray(upper, dtype=float)
    pol = np.broadcast_to(np.asarray(polarity, dtype=float), lo.shape)
    good_lo = np.where(pol > 0, lo, -hi)
    good_hi = np.where(pol > 0, hi, -lo)
    out = np.full(lo.shape, "uncertain", dtype=object)
    out[good_lo > 0] = "improved"
    out[good_hi < 0] = "worsened"
    out[np.isnan(lo) | np.isnan(hi)] = "unknown"
    return out


def small_base(n1: npt.ArrayLike, n2: npt.ArrayLike) -> np.ndarray:
    """True where either year's denominator is known and below :data:`SMALL_BASE`."""
    m1, m2 = np.asarray(n1, dtype=float), np.asarray(n2, dtype=float)
    with np.errstate(invalid="ignore"):
        return (m1 < SMALL_BASE) | (m2 < SMALL_BASE)


__all__ = ["MARKERS", "SMALL_BASE", "Z95", "Marker", "markers", "newcombe", "small_base", "wilson"]
