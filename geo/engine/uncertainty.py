"""Rank uncertainty: how much does the priority order depend on the exact weights?

Weights are a political judgement, so a meeting should see which areas are in the top
k *whatever reasonable weights are chosen*. :func:`rank_uncertainty` draws weight
vectors from a Dirichlet distribution centred on the current weights,

    w ~ Dirichlet(α),  α_d = concentration · w_d / Σ w        (dimensions with w_d = 0 stay 0)

so the mean of the draws is the current weight vector and ``concentration`` sets how
far they spread (≈ 1/variance: 5 = wide, 50 = moderate, 1e9 or ``inf`` = none).
Optionally each draw also picks a normalisation method at random (``method_scores``).
For every draw the index ``I = S·w`` (or the weighted geometric mean) is ranked like
:mod:`geo.engine.index` does: rank 1 = lowest index, index rounded to ``RANK_DECIMALS``
before ranking, ties share the lowest rank (``min``). Vectorised, per draw: one sort
of the rounded index (as int64 keys ``round(I·10⁹)·n + area``, so no separate
argsort and gather is needed), a position starts a new tie group where its key
differs from the previous one, each position gets the 1-based start of its group,
and the ranks are scattered back to the areas — the same result as
``pandas.Series.rank(method="min")`` (tested).

Per area: median rank, 5–95 % rank interval, P(in top k), and best and worst rank
seen. Quantiles use the ``inverted_cdf`` definition, so they are ranks that actually
occurred (integers). The **robust priority set** is the areas in the top k in ≥ 95 %
of draws.

**Best/worst attainable rank** is the min/max over the draws, the current weights
*and* the vertices of the weight simplex (each weighted dimension alone, weight 1),
for every candidate method. It is what the sampled and extreme weightings reach, not
a proven bound: ranks are not monotone in the weights, so an interior weighting can
in rare cases do better or worse than any vertex or draw.

**Uncertainty from the data** (:func:`data_replicates`, ``uncertainty_for(data_counts=…)``):
where a share has its counts, each replicate redraws it as ``scale · Binomial(n, p̂) / n`` with
``n`` the denominator and ``p̂`` the observed share (``scale`` 100 for per cent), independently
per area and indicator; indicators without counts and the reference year's yardstick stay as
observed. Each replicate is scored by the engine itself (:func:`compute_index`), and the draws
pick a replicate uniformly (with data alone the weights stay fixed: ``concentration=inf``). The
model is the usual one for register shares read as outcomes of a process (Wilson-type
intervals use the same); it ignores that the same people are counted in neighbouring years.

Areas without an index (a weighted dimension missing) are not ranked, as in
:mod:`geo.engine.index`: they get NA everywhere and are excluded from the other areas'
ranks. Everything is vectorised NumPy over draws and seeded with
``numpy.random.default_rng(seed)``, so a seed gives the same result.

**Memory is bounded by the areas, not the draws** (issue 17: 20,000 draws on 6,000 areas held a
draws × areas matrix and its quantile copies, ≈ 1.1 GB per run). Draws are ranked in chunks of
``_CHUNK_CELLS`` cells and folded into running statistics (:class:`_RankStats`): the count in the
top k, the best and worst rank, and for the quantiles either a histogram of ranks per area
(areas × areas counts, 2 bytes each below 65,536 draws) or, when there are fewer draws than areas,
the ranks themselves (draws × areas, 2 bytes each below 32,768 areas) — whichever is smaller. Both
give exactly the quantiles NumPy's ``inverted_cdf`` gives on the whole matrix (tested), so the
numbers are the same as before for the same seed.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geo.definition import Definition
from geo.engine.index import RANK_DECIMALS, IndexResult, compute_index
from geo.engine.scoring import Scored
from geo.errors import DataError
from geo.settings import Aggregation, Method, ViewSettings

#: Share of draws in the top k for an area to count as robustly prioritised.
ROBUST_SHARE = 0.95
#: Cells (draws × areas) ranked per chunk: bounds memory, keeps the data in cache.
_CHUNK_CELLS = 1 << 20


@dataclass(frozen=True)
class UncertaintyResult:
    """Per-area rank statistics (``frame``, indexed like the input areas) and the draws.

    ``frame`` columns: ``rank`` (current weights), ``median_rank``, ``p05``, ``p95``,
    ``best_rank``, ``worst_rank`` (Int64, NA = not ranked), ``p_top_k`` (float, NaN),
    ``robust`` (bool). ``weights`` is draws × dimensions (zeros kept), ``method_of_draw``
    the candidate index per draw (0 = ``dimension_scores``).
    """

    frame: pd.DataFrame
    weights: np.ndarray
    method_of_draw: np.ndarray
    dimension_ids: tuple[str, ...]
    draws: int
    concentration: float
    top_k: int
    seed: int | None
    ranks: np.ndarray | None = field(default=None, repr=False)  # draws × areas (int32, 0 = not ranked)

    @property
    def robust_set(self) -> tuple[str, ...]:
        """Area ids in the top k in ≥ 95 % of draws, by median rank."""
        sub = self.frame[self.frame["robust"]]
        return tuple(str(a) for a in sub.sort_values(["median_rank", "rank"], kind="mergesort").index)


def rank_min(values: np.ndarray) -> np.ndarray:
    """Ranks per row (1 = lowest), ties share the lowest rank, like ``pandas.rank(method="min")``.

    One ``argsort`` per row instead of argsort-of-argsort: after sorting, a position
    starts a new group when its value differs from the previous one; every position gets
    the (1-based) start of its group, and the ranks are scattered back to the areas.
    ``values`` must not contain NaN (rows are rounded before, so float noise cannot split ties).

    >>> rank_min(np.array([[3.0, 1.0, 3.0, 2.0]])).tolist()
    [[3, 1, 3, 2]]
    """
    values = np.atleast_2d(values)
    n_rows, n = values.shape
    out = np.empty((n_rows, n), dtype=np.int32)
    if n == 0:
        return out
    order = np.argsort(values, axis=1)
    np.put_along_axis(out, order, _group_starts(np.take_along_axis(values, order, axis=1)), axis=1)
    return out


def _group_starts(ordered: np.ndarray) -> np.ndarray:
    """1-based rank of each sorted position: the start of its run of equal values."""
    n_rows, n = ordered.shape
    new = np.ones((n_rows, n), dtype=bool)
    new[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    pos = np.where(new, np.arange(n, dtype=np.int32), 0)
    np.maximum.accumulate(pos, axis=1, out=pos)
    return pos + 1


def _rank_min_int(keys: np.ndarray) -> np.ndarray:
    """:func:`rank_min` for int64 keys small enough that ``key·n + column`` fits in int64.

    Packing the column into the key lets one in-place ``sort`` replace ``argsort`` plus
    gathering the values (≈ 2× faster): ``packed // n`` is the key, ``packed % n`` the column.
    """
    n_rows, n = keys.shape
    packed = keys * n + np.arange(n, dtype=np.int64)
    packed.sort(axis=1)
    out = np.empty((n_rows, n), dtype=np.int32)
    np.put_along_axis(out, packed % n, _group_starts(packed // n), axis=1)
    return out


def _index(scores: np.ndarray, w: np.ndarray, aggregation: Aggregation) -> np.ndarray:
    """Index of every area for every weight row: (rows × dims) @ (dims × areas)."""
    if aggregation == "geometric":
        with np.errstate(divide="ignore"):
            geo_index: np.ndarray = np.exp(w @ np.log(scores).T)
        return geo_index
    index: np.ndarray = w @ scores.T
    return index


def _ranks(scores: np.ndarray, w: np.ndarray, aggregation: Aggregation) -> np.ndarray:
    """Ranks of the index rounded to ``RANK_DECIMALS`` (as integer keys when they fit in int64)."""
    index = _index(scores, w, aggregation)
    scaled = index * 10.0 ** RANK_DECIMALS  # np.round(x, d) is rint(x·10^d)/10^d: the same groups of ties
    n = scaled.shape[1]
    if n and np.isfinite(scaled).all() and np.abs(scaled).max() * n < 2.0 ** 62:
        return _rank_min_int(np.rint(scaled).astype(np.int64))
    return rank_min(np.round(index, RANK_DECIMALS))


#: Quantiles of the ranks reported per area: p05, median, p95.
_QUANTILES = (0.05, 0.5, 0.95)
#: Bytes of a block when statistics are read out of the histogram or the ranks (a few MB).
_BLOCK_BYTES = 1 << 23


def _order_position(n: int, q: float) -> int:
    """The 0-based position in ``n`` sorted values that NumPy's ``inverted_cdf`` quantile ``q`` takes
    (``n·q − 1`` rounded up unless it is whole, at least 0: the same float arithmetic as NumPy).

    >>> [_order_position(20, q) for q in (0.0, 0.05, 0.5, 0.95, 1.0)]
    [0, 0, 9, 18, 19]
    """
    index = n * q - 1
    previous = np.floor(index)
    return max(int(previous if index - previous == 0 else previous + 1), 0)


def _uint(limit: int) -> type[np.unsignedinteger]:
    """The smallest unsigned type that holds ``limit``."""
    return next(t for t in (np.uint16, np.uint32, np.uint64) if limit <= np.iinfo(t).max)


class _RankStats:
    """Running per-area statistics of ranks (1 … ``n``) from ``draws`` draws, fed a chunk at a time.

    Keeps the count in the top k, the best and worst rank, and for the quantiles a histogram
    (``n × n`` counts) or, when that is larger (fewer draws than areas) or ``keep`` asks for them,
    the ranks themselves (``draws × n``). Never both.
    """

    def __init__(self, n: int, draws: int, top_k: int, *, keep: bool = False) -> None:
        self.n, self.draws, self.top_k = n, draws, top_k
        self.in_top = np.zeros(n, dtype=np.int64)
        self.best = np.full(n, n + 1, dtype=np.int32)
        self.worst = np.zeros(n, dtype=np.int32)
        self.by_histogram = not keep and draws >= n
        if self.by_histogram:
            self.counts = np.zeros((n, n), dtype=_uint(draws))
            self._cells = np.arange(n, dtype=np.int64) * n - 1  # area a, rank r → a·n + r − 1
        else:
            self.ranks = np.zeros((draws, n), dtype=np.int32 if keep else _uint(n))

    def add(self, rows: np.ndarray, ranks: np.ndarray) -> None:
        """Fold in the ranks (len(rows) × n) of the draws ``rows``."""
        self.in_top += (ranks <= self.top_k).sum(axis=0)
        np.minimum(self.best, ranks.min(axis=0), out=self.best)
        np.maximum(self.worst, ranks.max(axis=0), out=self.worst)
        if not self.by_histogram:
            self.ranks[rows] = ranks
            return
        flat = self.counts.reshape(-1)
        for row in ranks:  # one count per area and draw: no index repeats within a row
            flat[self._cells + row] += 1

    def quantiles(self) -> list[np.ndarray]:
        """Per area, the rank at each of :data:`_QUANTILES` (as ``np.quantile(…, method="inverted_cdf")``)."""
        out = [np.empty(self.n, dtype=np.int64) for _ in _QUANTILES]
        if not self.by_histogram:
            step = max(1, _BLOCK_BYTES // (self.draws * self.ranks.itemsize))
            for start in range(0, self.n, step):
                block = np.quantile(self.ranks[:, start:start + step], _QUANTILES, axis=0, method="inverted_cdf")
                for q, values in zip(out, block, strict=True):
                    q[start:start + step] = values
            return out
        positions = [_order_position(self.draws, q) for q in _QUANTILES]
        step = max(1, _BLOCK_BYTES // (self.n * 4))
        for start in range(0, self.n, step):
            below = np.cumsum(self.counts[start:start + step], axis=1, dtype=np.int32)  # draws with rank ≤ r
            for q, position in zip(out, positions, strict=True):
                q[start:start + step] = (below <= position).sum(axis=1) + 1  # the first rank past the position
        return out


def rank_uncertainty(
    dimension_scores: np.ndarray,
    weights: Sequence[float] | np.ndarray,
    *,
    draws: int = 1000,
    concentration: float = 50.0,
    top_k: int = 3,
    seed: int | None = 0,
    method_scores: Sequence[np.ndarray] | None = None,
    aggregation: Aggregation = "arithmetic",
    area_ids: Sequence[str] | pd.Index | None = None,
    dimension_ids: Sequence[str] | None = None,
    keep_ranks: bool = False,
) -> UncertaintyResult:
    """Monte Carlo over the weights (see the module docstring).

    ``dimension_scores`` is areas × dimensions (the current method); ``method_scores``
    are the *other* methods' matrices of the same shape — each draw then uses one of
    ``[dimension_scores, *method_scores]`` with equal probability.
    """
    scores = np.asarray(dimension_scores, dtype=float)
    if scores.ndim != 2:
        raise DataError("dimensionsvärdena måste vara en tabell område × dimension.")
    n_areas, n_dims = scores.shape
    w = np.asarray(weights, dtype=float).reshape(-1)
    if w.size != n_dims:
        raise DataError(f"{w.size} vikter men {n_dims} dimensioner.")
    if not np.all(np.isfinite(w)) or (w < 0).any() or w.sum() <= 0:
        raise DataError("vikterna måste vara tal ≥ 0 och minst en större än 0.")
    draws = int(draws)
    if draws < 1:
        raise DataError(f"antalet dragningar måste vara minst 1, inte {draws}.")
    concentration = float(concentration)
    if not concentration > 0 or np.isnan(concentration):
        raise DataError(f"koncentrationen måste vara större än 0, inte {concentration:g}.")
    top_k = int(top_k)
    if top_k < 1:
        raise DataError(f"topp k måste vara minst 1, inte {top_k}.")
    if aggregation not in ("arithmetic", "geometric"):
        raise DataError(f"okänd aggregering '{aggregation}'.")
    candidates = [scores] + [np.asarray(m, dtype=float) for m in (method_scores or ())]
    if any(m.shape != scores.shape for m in candidates):
        raise DataError("alla metoders dimensionsvärden måste ha samma form (område × dimension).")
    area_index = pd.Index(area_ids if area_ids is not None else range(n_areas), name="area_id")
    dim_ids = tuple(dimension_ids) if dimension_ids is not None else tuple(str(i) for i in range(n_dims))

    use = w > 0
    w_norm = w / w.sum()
    ranked = np.ones(n_areas, dtype=bool)
    for m in candidates:
        ranked &= ~np.isnan(m[:, use]).any(axis=1)
    if aggregation == "geometric":
        for m in candidates:
            if (m[ranked][:, use] <= 0).any():
                raise DataError("geometrisk aggregering kräver att alla dimensionsvärden är större än 0.",
                                hint="Välj metoden 'ratio' eller aritmetisk aggregering.")
    subs = [m[ranked][:, use] for m in candidates]
    n_ranked = int(ranked.sum())

    rng = np.random.default_rng(seed)
    drawn = np.zeros((draws, n_dims))
    if np.isinf(concentration) or use.sum() == 1:
        drawn[:, use] = w_norm[use]
    else:
        drawn[:, use] = rng.dirichlet(concentration * w_norm[use], size=draws)
    which = rng.integers(0, len(candidates), size=draws) if len(candidates) > 1 else np.zeros(draws, dtype=np.int64)

    stats = _RankStats(n_ranked, draws, top_k, keep=keep_ranks)
    if n_ranked:
        chunk = max(1, _CHUNK_CELLS // n_ranked)
        for c, sub in enumerate(subs):
            rows = np.flatnonzero(which == c)
            for start in range(0, rows.size, chunk):
                sel = rows[start:start + chunk]
                stats.add(sel, _ranks(sub, drawn[sel][:, use], aggregation))

    frame = pd.DataFrame(index=area_index)
    na_int = pd.array([pd.NA] * n_areas, dtype="Int64")
    for col in ("rank", "median_rank", "p05", "p95", "best_rank", "worst_rank"):
        frame[col] = na_int.copy()
    frame["p_top_k"] = np.nan
    frame["robust"] = False
    if n_ranked:
        current = _ranks(subs[0], w_norm[use][None, :], aggregation)[0]
        vertices = np.eye(int(use.sum()))
        extreme = [current[None, :]] + [_ranks(sub, vertices, aggregation) for sub in subs]
        extreme += [stats.best[None, :], stats.worst[None, :]]
        stacked_min = np.min([e.min(axis=0) for e in extreme], axis=0)
        stacked_max = np.max([e.max(axis=0) for e in extreme], axis=0)
        p_top = stats.in_top / draws
        p05, median, p95 = stats.quantiles()
        rows_ranked = frame.index[np.flatnonzero(ranked)]
        frame.loc[rows_ranked, "rank"] = current
        frame.loc[rows_ranked, "median_rank"] = median
        frame.loc[rows_ranked, "p05"] = p05
        frame.loc[rows_ranked, "p95"] = p95
        frame.loc[rows_ranked, "best_rank"] = stacked_min
        frame.loc[rows_ranked, "worst_rank"] = stacked_max
        frame.loc[rows_ranked, "p_top_k"] = p_top
        frame.loc[rows_ranked, "robust"] = p_top >= ROBUST_SHARE

    full_ranks = None
    if keep_ranks:
        full_ranks = np.zeros((draws, n_areas), dtype=np.int32)
        full_ranks[:, ranked] = stats.ranks
    return UncertaintyResult(frame=frame, weights=drawn, method_of_draw=which, dimension_ids=dim_ids,
                             draws=draws, concentration=concentration, top_k=top_k, seed=seed, ranks=full_ranks)


#: Data replicates drawn per method when the data's uncertainty is included.
DATA_REPLICATES = 100


def data_replicates(values: pd.DataFrame, numerators: pd.DataFrame, denominators: pd.DataFrame,
                    definition: Definition, settings: ViewSettings, *, reference: pd.DataFrame | None = None,
                    replicates: int = DATA_REPLICATES, seed: int | None = 0,
                    index: pd.Index | None = None, columns: pd.Index | None = None) -> list[np.ndarray]:
    """Dimension-score matrices of ``replicates`` binomial redraws of the shares with counts (see the
    module docstring), scored with ``settings`` against ``reference``; rows ``index``, columns ``columns``."""
    num = numerators.reindex(index=values.index, columns=values.columns).to_numpy(dtype=float)
    den = denominators.reindex(index=values.index, columns=values.columns).to_numpy(dtype=float)
    obs = values.to_numpy(dtype=float)
    has = np.isfinite(num) & np.isfinite(den) & (den > 0) & np.isfinite(obs) & (num >= 0) & (num <= den)
    if not has.any():
        raise DataError("data saknar antal (täljare och nämnare) för indikatorerna det här året, så osäkerheten i "
                        "data kan inte dras.", hint="Välj osäkerhet från vikterna, eller läs in data med antal.")
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an indicator without counts: an all-NaN median
        med = np.nanmedian(np.where(has & (num > 0), obs * den / np.where(num > 0, num, 1), np.nan), axis=0)
    scale = np.where(np.abs(med - 1) < 0.005, 1.0, 100.0)  # fractions or per cent
    rng = np.random.default_rng(seed)
    n = np.where(has, den, 1).astype(np.int64)
    p = np.where(has, np.clip(num / np.where(has, den, 1), 0, 1), 0.0)
    out = []
    for _ in range(int(replicates)):
        drawn = np.where(has, scale[None, :] * rng.binomial(n, p) / n, obs)
        frame = pd.DataFrame(drawn, index=values.index, columns=values.columns)
        dims = compute_index(frame, definition, settings, reference=reference).dimensions
        out.append(dims.reindex(index=index if index is not None else dims.index,
                                columns=columns if columns is not None else dims.columns).to_numpy(float))
    return out


def uncertainty_for(
    scored: Scored | IndexResult,
    *,
    draws: int = 1000,
    concentration: float = 50.0,
    seed: int | None = 0,
    other_methods: Sequence[Method] = (),
    values: pd.DataFrame | None = None,
    definition: Definition | None = None,
    reference: pd.DataFrame | None = None,
    keep_ranks: bool = False,
    data_counts: tuple[pd.DataFrame, pd.DataFrame] | None = None,
    replicates: int = DATA_REPLICATES,
) -> UncertaintyResult:
    """:func:`rank_uncertainty` for a scored result, with its weights, aggregation and top k.

    For ``other_methods`` (drawn with equal probability besides the result's own
    method) the raw ``values`` (areas × indicators, as given to
    :func:`geo.engine.index.compute_index`) and the ``definition`` are needed; with a
    reference year, its values as ``reference`` (every method then uses that yardstick, and
    percentile ranks, which have none, are left out). ``data_counts`` = (numerators, denominators)
    in the layout of ``values``: the data's sampling uncertainty is included too, ``replicates``
    binomial redraws per method (:func:`data_replicates`); every draw then uses a redrawn data set.
    """
    result = scored.result if isinstance(scored, Scored) else scored
    dims = result.dimensions
    weights = np.array([result.weights[d] for d in dims.columns], dtype=float)
    others = [m for m in other_methods if m != result.settings.method
              and not (m == "rank" and result.settings.reference_year is not None)]
    if (others or data_counts is not None) and (values is None or definition is None):
        raise DataError("för att dra över normaliseringsmetoder eller data behövs rådata och indexdefinitionen.")
    candidates: list[np.ndarray] = [dims.to_numpy(float)]
    for method in others:
        assert values is not None and definition is not None
        alt = compute_index(values, definition, result.settings.with_(method=method), reference=reference)
        candidates.append(alt.dimensions.reindex(index=dims.index, columns=dims.columns).to_numpy(float))
    if data_counts is not None:
        assert values is not None and definition is not None
        methods = [result.settings.method, *others]
        candidates = [m for j, method in enumerate(methods) for m in data_replicates(
            values, data_counts[0], data_counts[1], definition, result.settings.with_(method=method),
            reference=reference, replicates=replicates, seed=None if seed is None else seed + 7919 * (j + 1),
            index=dims.index, columns=dims.columns)]
    return rank_uncertainty(candidates[0], weights, draws=draws, concentration=concentration,
                            top_k=result.settings.top_k, seed=seed, method_scores=candidates[1:] or None,
                            aggregation=result.settings.aggregation, area_ids=dims.index,
                            dimension_ids=tuple(dims.columns), keep_ranks=keep_ranks)


def weights_frame(result: UncertaintyResult) -> pd.DataFrame:
    """The drawn weights as a frame (draws × dimension ids), e.g. for a chart of the spread."""
    return pd.DataFrame(result.weights, columns=list(result.dimension_ids))


__all__ = ["DATA_REPLICATES", "ROBUST_SHARE", "UncertaintyResult", "data_replicates", "rank_min", "rank_uncertainty",
           "uncertainty_for", "weights_frame"]
