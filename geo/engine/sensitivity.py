"""Which weightings put an area in the top k, and which dimension really drives the index.

**Acceptability** (:func:`acceptability`, the SMAA idea — Lahdelma & Salminen): the share of
a box of weightings in which an area is in the top k. Each draw takes every dimension weight
independently and uniformly from ``[lo_d, hi_d]``:

* ``bounds=(m_lo, m_hi)`` (default ``(0.5, 2.0)``): **multipliers of the current weights**,
  ``lo_d = m_lo·w_d``, ``hi_d = m_hi·w_d`` — "each weight between half and double"; a
  dimension weighted 0 stays 0;
* ``bounds={dim: (lo, hi), …}``: **absolute** weights for the dimensions named; the others
  keep their current weight.

Each draw is ranked with the engine's rule (index ``Σ w_d·s_d / Σ w_d`` rounded to
``RANK_DECIMALS``, rank 1 = lowest, ties share the lowest rank — so with a tie more than k
areas are "in the top k"), vectorised over the draws. Per area: the acceptability (share of
draws in the top k) and the **central weights** (the mean weight vector of those draws; NaN
when it never is). It is sampled (not exact); the sample size and seed are kept in the result,
and its standard error is at most ``0.5/√draws`` (0.005 at 10 000 draws). Summed over the areas
the acceptabilities give the mean size of the top-k set (k without ties).

**Influence** (:func:`influence`): a dimension's effective influence is the squared Pearson
correlation between its score and the index across the ranked areas, ``r²_d = corr(s_d, I)²``,
as shares summing to 1 over the weighted dimensions. It is the linear "main effect" of
Paruolo, Saisana & Saltelli (2013, *J. R. Stat. Soc. A* 176): how much of the spread of the
index the dimension explains on its own — simple, explainable in a meeting, and it shows
what nominal weights hide: a dimension that correlates with the others, or varies more,
drives the ranking more than its weight says. A dimension whose influence share is more
than twice its weight share is flagged. Correlated dimensions share credit, so the ``r²``
do not add up to 1 before normalising; a dimension weighted 0 gets its ``r²`` but no share.

**Equal influence** (:func:`equal_influence_weights`): the weights that give every weighted
dimension the same influence share. Since ``corr(s_d, I) ∝ (R·v)_d`` with ``R`` the dimensions'
correlation matrix and ``v_d = w_d·σ_d`` the weights on the standardised scores, equal shares
need ``R·v = c·1``: ``w_d ∝ (R⁻¹·1)_d / σ_d`` over the ranked areas — for uncorrelated
dimensions simply ``1/σ_d`` (each dimension's spread evened out). The weights keep the original
sum; the result is checked with :func:`influence` and, if needed, polished by the damped
multiplicative step ``w_d ← w_d·(target/share_d)^η`` (target = 1/number of weighted dimensions,
``η`` halved whenever a step does not help) until ``max_d |share_d − target| ≤ tol``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.definition import Definition
from geo.engine.index import RANK_DECIMALS, weighted_index
from geo.engine.tipping import scores_and_weights
from geo.engine.uncertainty import rank_min
from geo.errors import DataError

#: An influence share above this multiple of the weight share is flagged.
OVER_INFLUENCE = 2.0
#: Cells (draws × areas) ranked per chunk: bounds memory.
_CHUNK_CELLS = 1 << 20

Bounds = tuple[float, float] | Mapping[str, tuple[float, float]]


@dataclass(frozen=True)
class Acceptability:
    """Per-area acceptability and central weights, with how they were sampled.

    ``frame`` (index = area_id): ``rank`` (current weights, Int64, NA = not ranked) and
    ``acceptability`` (share of draws in the top k; NaN = not ranked). ``central_weights``
    is areas × dimensions (NaN where the area never is in the top k). ``lower``/``upper``
    are the absolute weight bounds used per dimension; ``mean_set_size`` the mean size of
    the top-k set over the draws (= the sum of the acceptabilities).
    """

    frame: pd.DataFrame
    central_weights: pd.DataFrame
    lower: dict[str, float]
    upper: dict[str, float]
    relative: bool
    draws: int
    seed: int | None
    top_k: int
    mean_set_size: float


def _bounds(bounds: Bounds, w: np.ndarray, dim_ids: list[str]) -> tuple[np.ndarray, np.ndarray, bool]:
    """Absolute ``(lo, hi)`` per dimension from multipliers or absolute bounds, checked."""
    if isinstance(bounds, Mapping):
        unknown = [d for d in bounds if d not in dim_ids]
        if unknown:
            raise DataError(f"gränser för okänd dimension '{unknown[0]}'.",
                            hint=f"Dimensioner: {', '.join(dim_ids)}.")
        pairs = [tuple(map(float, bounds[d])) if d in bounds else (x, x) for d, x in zip(dim_ids, w)]
        relative = False
    else:
        m_lo, m_hi = (float(b) for b in bounds)
        pairs = [(m_lo * x, m_hi * x) for x in w]
        relative = True
    lo = np.array([p[0] for p in pairs])
    hi = np.array([p[1] for p in pairs])
    if not (np.isfinite(lo).all() and np.isfinite(hi).all()) or (lo < 0).any() or (lo > hi).any():
        raise DataError("viktgränserna måste vara tal med 0 ≤ nedre ≤ övre.",
                        hint="Till exempel (0.5, 2.0): varje vikt mellan halva och dubbla sitt värde.")
    if hi.sum() <= 0:
        raise DataError("viktgränserna tillåter bara vikten 0 för alla dimensioner.",
                        hint="Ge minst en dimension en övre gräns större än 0.")
    return lo, hi, relative


def _rank_rows(scores: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Ranks per weight row (draws × areas): index ``w·s/Σw`` rounded, ``min`` ties."""
    index = (w / w.sum(axis=1, keepdims=True)) @ scores.T
    return rank_min(np.round(index, RANK_DECIMALS))


def acceptability(dimensions: pd.DataFrame, weights: Mapping[str, float], top_k: int, *,
                  bounds: Bounds = (0.5, 2.0), draws: int = 10_000, seed: int | None = 1) -> Acceptability:
    """Per area the share of the weight box in which it is in the top k (see the module docstring).

    ``dimensions`` is areas (index = area_id) × dimensions; ``weights`` covers every column.
    An area without a score for a dimension that can get a weight is not ranked (NaN).
    """
    scores, w, dim_ids = scores_and_weights(dimensions, weights)
    if isinstance(top_k, bool) or int(top_k) != top_k or top_k < 1:
        raise DataError(f"topp k måste vara ett heltal större än 0, inte {top_k!r}.")
    if isinstance(draws, bool) or int(draws) != draws or draws < 1:
        raise DataError(f"antalet dragningar måste vara ett heltal, minst 1, inte {draws!r}.")
    k, n_draws = int(top_k), int(draws)
    lo, hi, relative = _bounds(bounds, w, dim_ids)
    use = hi > 0
    ranked = ~np.isnan(scores[:, use]).any(axis=1)
    sub = scores[ranked][:, use]
    n_ranked = int(ranked.sum())

    rng = np.random.default_rng(seed)
    drawn = rng.uniform(lo[use], hi[use], size=(n_draws, int(use.sum())))
    counts = np.zeros(n_ranked)
    sums = np.zeros((n_ranked, int(use.sum())))
    if n_ranked:
        chunk = max(1, _CHUNK_CELLS // n_ranked)
        for start in range(0, n_draws, chunk):
            part = drawn[start:start + chunk]
            top = (_rank_rows(sub, part) <= k).astype(float)
            counts += top.sum(axis=0)
            sums += top.T @ part

    ids = pd.Index(dimensions.index.astype(str), name="area_id")
    frame = pd.DataFrame(index=ids)
    current = weighted_index(scores, w, "arithmetic")
    frame["rank"] = pd.Series(current, index=ids).round(RANK_DECIMALS).rank(method="min").astype("Int64")
    share = np.full(len(ids), np.nan)
    share[ranked] = counts / n_draws
    frame["acceptability"] = share
    central = np.full((len(ids), len(dim_ids)), np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        inner = np.where(counts[:, None] > 0, sums / counts[:, None], np.nan)
    block = np.full((n_ranked, len(dim_ids)), np.nan)
    block[:, use] = inner
    block[:, ~use] = np.where(counts[:, None] > 0, 0.0, np.nan)
    central[ranked] = block
    return Acceptability(frame=frame, central_weights=pd.DataFrame(central, index=ids, columns=dim_ids),
                         lower=dict(zip(dim_ids, map(float, lo))), upper=dict(zip(dim_ids, map(float, hi))),
                         relative=relative, draws=n_draws, seed=seed, top_k=k,
                         mean_set_size=float(counts.sum() / n_draws))


def _r2(scores: np.ndarray, index: np.ndarray) -> np.ndarray:
    """Squared Pearson correlation of every column with ``index`` (pairwise complete; 0 without variation)."""
    out = np.full(scores.shape[1], np.nan)
    for d in range(scores.shape[1]):
        ok = ~np.isnan(scores[:, d]) & ~np.isnan(index)
        if ok.sum() < 3:
            continue
        x, y = scores[ok, d] - scores[ok, d].mean(), index[ok] - index[ok].mean()
        sxx, syy = float(x @ x), float(y @ y)
        out[d] = 0.0 if sxx <= 0 or syy <= 0 else float(x @ y) ** 2 / (sxx * syy)
    return out


def _shares(scores: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``r²`` per dimension and the influence shares over the weighted ones (NaN for weight 0)."""
    index = weighted_index(scores, w, "arithmetic")
    if int((~np.isnan(index)).sum()) < 3:
        raise DataError("för få områden med index (minst 3 behövs) för att mäta dimensionernas inflytande.")
    if np.nanstd(index) <= 0:
        raise DataError("indexet är lika för alla områden, så dimensionernas inflytande kan inte mätas.")
    r2 = _r2(scores, index)
    use = w > 0
    weighted = np.nan_to_num(r2[use])
    shares = np.full(w.size, np.nan)
    shares[use] = weighted / weighted.sum()
    return r2, shares


def influence(dimensions: pd.DataFrame, weights: Mapping[str, float]) -> pd.DataFrame:
    """Per dimension: nominal weight share against effective influence share (see the module docstring).

    Columns ``dimension, weight, weight_share, r2, influence, over_influence`` (one row per
    column of ``dimensions``, in order); ``influence`` sums to 1 over the weighted dimensions
    (NaN at weight 0); ``over_influence`` is ``influence > 2 × weight_share``.

    >>> dims = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "b": [0.0, 1.0, 0.0, 1.0]})
    >>> influence(dims, {"a": 1.0, "b": 1.0})[["dimension", "weight_share", "influence"]].round(3)
      dimension  weight_share  influence
    0         a           0.5      0.643
    1         b           0.5      0.357
    """
    scores, w, dim_ids = scores_and_weights(dimensions, weights)
    r2, shares = _shares(scores, w)
    weight_share = w / w.sum()
    return pd.DataFrame({"dimension": dim_ids, "weight": w, "weight_share": weight_share, "r2": r2,
                         "influence": shares, "over_influence": shares > OVER_INFLUENCE * weight_share})


def indicator_influence(normalised: pd.DataFrame, index: pd.Series, definition: Definition,
                        weights: Mapping[str, float], indicator_weights: Mapping[str, float]) -> pd.DataFrame:
    """Per indicator: its nominal share of the index (dimension weight share × its share within the dimension)
    beside its influence share (``r²`` of its normalised value with the index, as shares over the indicators
    with a nominal share > 0), flagged above twice the nominal share — the same measure as :func:`influence`."""
    rows = []
    total = sum(float(weights.get(d.id, 0.0)) for d in definition.dimensions)
    for dim in definition.dimensions:
        inner = sum(float(indicator_weights.get(i.id, 0.0)) for i in dim.indicators)
        for ind in dim.indicators:
            share = (float(weights.get(dim.id, 0.0)) / total if total > 0 else 0.0) * \
                (float(indicator_weights.get(ind.id, 0.0)) / inner if inner > 0 else 0.0)
            rows.append((ind.id, dim.id, share))
    frame = pd.DataFrame(rows, columns=["indicator", "dimension", "weight_share"])
    cols = normalised.reindex(index=index.index, columns=frame["indicator"]).to_numpy(dtype=float)
    frame["r2"] = _r2(cols, index.to_numpy(dtype=float))
    use = (frame["weight_share"] > 0) & frame["r2"].notna()
    frame["influence"] = np.where(use, frame["r2"] / frame.loc[use, "r2"].sum(), np.nan) if use.any() else np.nan
    frame["over_influence"] = frame["influence"] > OVER_INFLUENCE * frame["weight_share"]
    return frame


def equal_influence_weights(dimensions: pd.DataFrame, weights: Mapping[str, float], *, tol: float = 1e-6,
                            max_iter: int = 500) -> dict[str, float]:
    """Weights under which every weighted dimension has the same influence share (within ``tol``).

    ``tol`` bounds ``max_d |share_d − 1/m|`` (absolute, on shares that sum to 1; ``m`` the number
    of weighted dimensions). Dimensions weighted 0 stay 0; the weights keep their sum, so they
    may leave the sliders' range when the scores' spreads differ a lot. Raises
    :class:`~geo.errors.DataError` when no positive weights equalise the influences (a
    dimension without variation, dimensions that are linear combinations of each other, or one
    so correlated with the others that ``R⁻¹·1`` is not positive) or the polishing does not
    reach ``tol`` in ``max_iter`` steps.
    """
    scores, w, dim_ids = scores_and_weights(dimensions, weights)
    if not tol > 0 or max_iter < 1:
        raise DataError("toleransen måste vara större än 0 och antalet steg minst 1.")
    use = w > 0
    names = [d for d, u in zip(dim_ids, use) if u]
    ranked = ~np.isnan(weighted_index(scores, w, "arithmetic"))
    sub = scores[ranked][:, use]
    if sub.shape[0] < 3:
        raise DataError("för få områden med index (minst 3 behövs) för att mäta dimensionernas inflytande.")
    sd = sub.std(axis=0)
    if (sd <= 0).any():
        raise DataError(f"dimensionen '{names[int(np.argmin(sd))]}' har samma värde i alla områden, så ingen "
                        "viktning ger den samma inflytande som de andra.", hint="Sätt dess vikt till 0.")
    corr = np.atleast_2d(np.corrcoef(sub, rowvar=False))
    try:
        if np.linalg.cond(corr) > 1e12:
            raise np.linalg.LinAlgError
        effective = np.linalg.solve(corr, np.ones(len(names)))
    except np.linalg.LinAlgError:
        raise DataError("dimensionerna är linjärt beroende av varandra, så lika inflytande är inte entydigt.",
                        hint=f"Sätt vikten 0 på en av {', '.join(names)}.") from None
    if not (effective > 0).all():
        worst = names[int(np.argmin(effective))]
        raise DataError(f"inga positiva vikter ger alla dimensioner lika inflytande: '{worst}' samvarierar för "
                        "starkt med de andra.", hint=f"Sätt vikten 0 på '{worst}' och försök igen.")
    current = np.zeros_like(w)
    current[use] = effective / sd
    total = float(w.sum())
    current *= total / current.sum()
    target = 1.0 / len(names)

    def error(v: np.ndarray) -> tuple[float, np.ndarray]:
        shares = _shares(scores, v)[1][use]
        return float(np.max(np.abs(shares - target))), shares

    err, shares = error(current)
    step = 0.5
    for _ in range(int(max_iter)):
        if err <= tol:
            return dict(zip(dim_ids, map(float, current)))
        trial = current.copy()
        trial[use] *= (target / shares) ** step
        trial *= total / trial.sum()
        trial_err, trial_shares = error(trial)
        if trial_err < err:
            current, err, shares, step = trial, trial_err, trial_shares, min(1.0, 2 * step)
        else:
            step /= 2
    if err <= tol:
        return dict(zip(dim_ids, map(float, current)))
    raise DataError(f"vikterna för lika inflytande nådde inte toleransen {tol:g} inom {max_iter} steg.",
                    hint="Försök med en större tolerans.")


__all__ = ["OVER_INFLUENCE", "Acceptability", "Bounds", "acceptability", "equal_influence_weights", "indicator_influence",
           "influence"]
