"""Tipping points: how far one dimension weight can move before the priority set changes.

A meeting asks "how much weight on Boende before Område X is a priority?". With the
arithmetic mean the answer is exact. Vary only ``w_j = x ≥ 0`` (the other weights fixed);
with ``C_a = Σ_{d≠j} w_d·s_ad`` and ``W = Σ_{d≠j} w_d`` the index of area *a* is

    I_a(x) = (C_a + x·s_aj) / (W + x)

and since ``W + x > 0`` the order of two areas is the order of the straight lines
``C_a + x·s_aj``: areas *a* and *b* swap exactly at ``x* = (C_b − C_a)/(s_aj − s_bj)``.

**Top-k set** (:func:`top_k_intervals`): the areas with rank ≤ k under the engine's rule
(:mod:`geo.engine.index`: index rounded to ``RANK_DECIMALS``, rank 1 = lowest, ties share
the lowest rank, so a tie at rank k puts more than k areas in the set). The set can only
change where an area inside it meets an area outside it, or — when a tie at rank k makes
the set larger than k — where two areas inside it meet (passing the tied group pushes an
area past rank k). So the candidates are the crossings of those pairs, and each candidate
``c`` is verified by re-ranking with the engine's own arithmetic
(:func:`~geo.engine.index.weighted_index`) exactly at ``c`` and halfway to the next
candidate (the point farthest from both crossings, so the index's rounding cannot blur it):
the first candidate at which the set differs is the bound; one at which it does not is
skipped. Ties and the rounding are therefore honoured exactly as the map ranks.
``[lower, upper]`` is the closure of the largest interval around the current weight with
the same set (a set that changes exactly at a crossing — an outside area tying an inside
one joins it — has that crossing as its bound); ``enters_*``/``leaves_*`` compare the set
beyond a bound (before the next change) with the current one. Cost per dimension: the
O(|set|·n) crossings and a few re-rankings. Not reported: a single weight at which float
noise in an index ending exactly on a rounding edge (…5 in the 10th decimal) splits two
equal areas — the engine's ranking does that only at that one weight.

**Weight 0** takes the dimension out of the index, so areas without a score for it are
ranked only at exactly ``x = 0``. For ``x > 0`` they are not ranked and never enter.
``lower = 0`` means "down to 0": what happens at exactly 0 is not reported (nothing
enters or leaves below 0). When every other weight is 0, ``x = 0`` has no index at all;
the interval is then every ``x > 0`` (the index is the dimension score itself), reported
as ``lower = 0``, the infimum.

**Geometric aggregation** is refused (:func:`tipping_for`): its index is no longer a ratio
of straight lines in one weight, so these exact bounds do not hold; the issue allows a
refusal with a clear message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import numpy as np
import pandas as pd

from geo.engine.index import RANK_DECIMALS, weighted_index
from geo.engine.scoring import Scored
from geo.engine.uncertainty import rank_min
from geo.errors import DataError
from geo.settings import Aggregation

#: The CSV columns of :func:`top_k_intervals` (the ``python -m geo tipping`` contract).
COLUMNS = ("dimension", "weight", "lower", "upper", "enters_below", "leaves_below", "enters_above", "leaves_above")
#: Candidates verified per batch: the first one nearly always is the boundary.
_BATCH = 32


def check_aggregation(aggregation: Aggregation | str) -> None:
    """Refuse geometric aggregation, in Swedish, with the way out."""
    if aggregation != "arithmetic":
        raise DataError("brytpunkter beräknas bara för aritmetiskt medel: med geometriskt medel är indexet inte "
                        "längre ett förhållande mellan räta linjer i en vikt, så exakta gränser finns inte.",
                        hint="Välj aritmetiskt medel (--aggregation arithmetic) för att se brytpunkterna.")


def scores_and_weights(dimensions: pd.DataFrame,
                       weights: Mapping[str, float]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Scores (areas × dimensions) and weights in the frame's column order, validated."""
    dim_ids = [str(d) for d in dimensions.columns]
    missing = [d for d in dim_ids if d not in weights]
    if missing:
        raise DataError(f"vikt saknas för dimensionen '{missing[0]}'.",
                        hint=f"Ange en vikt för varje dimension: {', '.join(dim_ids)}.")
    w = np.array([float(weights[d]) for d in dim_ids], dtype=float)
    if not np.isfinite(w).all() or (w < 0).any() or w.sum() <= 0:
        raise DataError("vikterna måste vara tal ≥ 0 och minst en större än 0.")
    scores = dimensions.to_numpy(dtype=float, na_value=np.nan)
    if scores.shape[0]:
        empty = [d for d, e, x in zip(dim_ids, np.isnan(scores).all(axis=0), w) if e and x > 0]
        if empty:
            raise DataError(f"dimensionen '{empty[0]}' saknar värden för alla områden men har vikten "
                            f"{w[dim_ids.index(empty[0])]:g}.", hint="Sätt dess vikt till 0.")
    return scores, w, dim_ids


def _index_at(scores: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The index as the engine ranks it: its own arithmetic, rounded to ``RANK_DECIMALS`` (NaN = not ranked)."""
    if w.sum() <= 0:
        return np.full(scores.shape[0], np.nan)
    out: np.ndarray = np.round(weighted_index(scores, w, "arithmetic"), RANK_DECIMALS)
    return out


def _top(values: np.ndarray, k: int) -> np.ndarray:
    """Rank ≤ k under ``min`` ties, without sorting: at most the k-th smallest value."""
    ok: np.ndarray = ~np.isnan(values)
    v = values[ok]
    if v.size <= k:
        return ok
    top: np.ndarray = ok & (values <= np.partition(v, k - 1)[k - 1])
    return top


def _ranks(values: np.ndarray) -> np.ndarray:
    """Every area's rank (0 = not ranked), ``min`` ties."""
    out = np.zeros(values.size, dtype=np.int64)
    ok = ~np.isnan(values)
    if ok.any():
        out[ok] = rank_min(values[ok])[0]
    return out


def _with(w: np.ndarray, j: int, x: float) -> np.ndarray:
    out = w.copy()
    out[j] = x
    return out


def _ascending(values: np.ndarray) -> Iterator[float]:
    """The distinct values in ascending order, sorting only as far as they are consumed."""
    rest = np.unique(values) if values.size <= _BATCH else values
    while rest.size:
        if rest.size <= _BATCH:
            yield from (float(v) for v in np.unique(rest))
            return
        head = np.partition(rest, _BATCH - 1)[:_BATCH]
        cut = head.max()
        yield from (float(v) for v in np.unique(head))
        rest = rest[rest > cut]


Probe = Callable[[float, float | None, str], float]


def _midway(c: float, nxt: float | None, side: str) -> float:
    """Halfway to the next candidate (the point farthest from both), or well past the last one."""
    if nxt is not None:
        return (c + nxt) / 2
    return c + max(1.0, c) if side == "above" else c / 2


def _walk(state: Callable[[float], np.ndarray], same: Callable[[np.ndarray], bool], x0: float,
          cands: np.ndarray, probe: Probe = _midway) -> tuple[float, np.ndarray | None, float, np.ndarray | None]:
    """Walk from ``x0`` over the candidates until the state differs: (lower, state below, upper, state above).

    A candidate is a bound when the state at ``probe`` past it (before the next candidate) or
    exactly at it differs from the current one; the second catches a change at a single point
    (two crossings at once that cancel, e.g. an area passed from above and from below at the
    same weight).
    """
    upper, above = np.inf, None
    ups = _ascending(np.concatenate(([x0], cands[cands > x0])))
    c: float | None = next(ups)
    while c is not None:
        nxt = next(ups, None)
        there = state(probe(c, nxt, "above"))
        if not same(there) or (c != x0 and not same(state(c))):
            upper, above = c, there
            break
        c = nxt
    lower, below = 0.0, None
    downs = (-v for v in _ascending(-np.concatenate(([x0], cands[(cands < x0) & (cands > 0)]))))
    c = next(downs)
    while c is not None and c > 0:
        nxt = next(downs, None)
        there = state(probe(c, nxt if nxt is None or nxt > 0 else None, "below"))
        if not same(there) or (c != x0 and not same(state(c))):
            lower, below = c, there
            break
        c = nxt
    return lower, below, upper, above


def _pairs(lines_c: np.ndarray, slopes: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``x*`` where the lines of areas ``a`` (rows) and ``b`` (columns) meet (±inf or NaN where they do not)."""
    dc = lines_c[b][None, :] - lines_c[a][:, None]
    ds = slopes[a][:, None] - slopes[b][None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        x: np.ndarray = dc / ds
    return x


def _set_prober(intercept: np.ndarray, slope: np.ndarray, ranked: np.ndarray, inside: np.ndarray,
                k: int) -> tuple[np.ndarray, Probe]:
    """The candidates for the top-k set, and where to look past one of them.

    Past a candidate ``c`` the set holds only areas inside now or meeting one of them at ``c``
    (at weight 0, where areas without the dimension drop out: the k lowest intercepts), so only
    their crossings with the ranked areas can change it again: the probe is halfway to the
    nearest such crossing. That also shows the set a bound leads to, not a later one (the next
    candidate of the current set can lie past such a crossing). Crossings within 10⁻⁹ of ``c``
    count as at it (the index is rounded to 10⁻⁹).
    """
    others = np.flatnonzero(ranked)
    rows = _pairs(intercept, slope, inside, others)
    outside = ~np.isin(others, inside)
    cands = rows[:, outside].ravel()
    if inside.size > k:  # a tie at rank k: passing the tied group pushes an area out of the top k
        cands = rows.ravel()
    cands = cands[np.isfinite(cands)]

    def probe(c: float, nxt: float | None, side: str) -> float:
        tol = 1e-9 * max(1.0, c)
        meeting = others[(np.abs(rows - c) <= tol).any(axis=0)] if rows.size else others[:0]
        extra = np.setdiff1d(meeting, inside)
        if c == 0 and others.size:
            low = intercept[others]
            cut = np.sort(low)[min(k, low.size) - 1] + tol * (1.0 + np.abs(low).max())
            extra = np.setdiff1d(np.union1d(extra, others[low <= cut]), inside)
        x = np.concatenate([rows.ravel(), _pairs(intercept, slope, extra, others).ravel()])
        x = x[np.isfinite(x)]
        nearest = x[x > c + tol] if side == "above" else x[(x < c - tol) & (x > 0)]
        if not nearest.size:
            return _midway(c, None, side)
        return _midway(c, float(nearest.min() if side == "above" else nearest.max()), side)

    return cands, probe


def _lines(scores: np.ndarray, w: np.ndarray, j: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Intercepts ``C_a``, slopes ``s_aj`` and the areas ranked for ``x > 0``."""
    others = (w > 0) & (np.arange(w.size) != j)
    sub = scores[:, others]
    ranked = ~np.isnan(sub).any(axis=1) & ~np.isnan(scores[:, j])
    intercept = np.nan_to_num(sub) @ w[others]
    return intercept, np.nan_to_num(scores[:, j]), ranked


def _ids(ids: np.ndarray, members: np.ndarray, ranks: np.ndarray) -> str:
    """Area ids joined by ';', by rank (not ranked last), then id."""
    pos = np.flatnonzero(members)
    key = np.where(ranks[pos] > 0, ranks[pos], np.iinfo(np.int64).max)
    order = sorted(range(pos.size), key=lambda i: (int(key[i]), str(ids[pos[i]])))
    return ";".join(str(ids[pos[i]]) for i in order)


def top_k_intervals(dimensions: pd.DataFrame, weights: Mapping[str, float], top_k: int) -> pd.DataFrame:
    """Per dimension, the weights between which the top-k set stays the same (see the module docstring).

    ``dimensions`` is areas (index = area_id) × dimensions, e.g. ``IndexResult.dimensions``;
    ``weights`` covers every column (``IndexResult.weights``). One row per dimension, in the
    frame's column order, columns :data:`COLUMNS`; ``upper`` may be ``inf``. A dimension
    without a score for any area (allowed only at weight 0) gets NaN bounds; the notes
    saying so are in ``frame.attrs["notes"]``.

    >>> dims = pd.DataFrame({"a": [0.0, 1.0, 2.0], "b": [2.0, 1.0, 0.0]}, index=["x", "y", "z"])
    >>> print(top_k_intervals(dims, {"a": 1.0, "b": 2.0}, 1).to_csv(index=False), end="")
    dimension,weight,lower,upper,enters_below,leaves_below,enters_above,leaves_above
    a,1.0,0.0,2.0,,,x,z
    b,2.0,1.0,inf,x,z,,
    """
    scores, w, dim_ids = scores_and_weights(dimensions, weights)
    k = _top_k(top_k)
    ids = dimensions.index.astype(str).to_numpy()
    in_top = _top(_index_at(scores, w), k)
    rows: list[dict[str, object]] = []
    notes: list[str] = []
    for j, dim in enumerate(dim_ids):
        row: dict[str, object] = {"dimension": dim, "weight": float(w[j]), "lower": np.nan, "upper": np.nan,
                                  "enters_below": "", "leaves_below": "", "enters_above": "", "leaves_above": ""}
        rows.append(row)
        if scores.shape[0] and np.isnan(scores[:, j]).all():
            notes.append(f"Dimensionen '{dim}' saknar värden för alla områden; den ingår inte i indexet och "
                         "har inga brytpunkter.")
            continue
        intercept, slope, ranked = _lines(scores, w, j)
        cands, probe = _set_prober(intercept, slope, ranked, np.flatnonzero(in_top & ranked), k)

        def state(x: float, j: int = j) -> np.ndarray:
            return _index_at(scores, _with(w, j, x))

        def same(values: np.ndarray) -> bool:
            return bool(np.array_equal(_top(values, k), in_top))

        lower, below, upper, above = _walk(state, same, float(w[j]), cands, probe)
        row.update(lower=lower, upper=upper)
        for side, values in (("below", below), ("above", above)):
            if values is not None:
                there, ranks = _top(values, k), _ranks(values)
                row[f"enters_{side}"] = _ids(ids, there & ~in_top, ranks)
                row[f"leaves_{side}"] = _ids(ids, in_top & ~there, ranks)
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame.attrs["notes"] = notes
    return frame


def rank_interval(dimensions: pd.DataFrame, weights: Mapping[str, float], area_id: str,
                  dim_id: str) -> tuple[float, float, int]:
    """``(lower, upper, rank)``: the weights of ``dim_id`` between which ``area_id`` keeps its rank.

    Every crossing of the area's line with another area's can change its rank, so the
    candidates are those crossings, verified by re-ranking as in :func:`top_k_intervals`
    (same bounds conventions).

    >>> dims = pd.DataFrame({"a": [0.0, 1.0, 2.0], "b": [2.0, 1.0, 0.0]}, index=["x", "y", "z"])
    >>> rank_interval(dims, {"a": 1.0, "b": 2.0}, "y", "a")
    (0.0, 2.0, 2)
    """
    scores, w, dim_ids = scores_and_weights(dimensions, weights)
    ids = dimensions.index.astype(str)
    if str(dim_id) not in dim_ids:
        raise DataError(f"okänd dimension '{dim_id}'.", hint=f"Dimensioner: {', '.join(dim_ids)}.")
    if str(area_id) not in ids:
        raise DataError(f"okänt område '{area_id}'.")
    a = int(np.flatnonzero(ids == str(area_id))[0])
    j = dim_ids.index(str(dim_id))

    def rank(values: np.ndarray) -> int:
        return 0 if np.isnan(values[a]) else 1 + int((values < values[a]).sum())

    current = rank(_index_at(scores, w))
    if current == 0:
        raise DataError(f"området '{area_id}' har inget index och därför ingen rang.",
                        hint="Det saknar värde för en dimension med vikt större än 0.")
    intercept, slope, ranked = _lines(scores, w, j)
    x = _pairs(intercept, slope, np.array([a]), np.flatnonzero(ranked & (np.arange(ranked.size) != a))).ravel()

    def state(x: float) -> np.ndarray:
        return _index_at(scores, _with(w, j, x))

    def same(values: np.ndarray) -> bool:
        return rank(values) == current

    lower, _, upper, _ = _walk(state, same, float(w[j]), x[np.isfinite(x)])
    return lower, upper, current


def tipping_for(scored: Scored, *, top_k: int | None = None) -> pd.DataFrame:
    """:func:`top_k_intervals` for a scored result (its weights; its top k unless ``top_k`` is given).

    Geometric aggregation is refused with a :class:`~geo.errors.DataError` (see the module docstring).
    """
    check_aggregation(scored.settings.aggregation)
    result = scored.result
    return top_k_intervals(result.dimensions, result.weights, scored.settings.top_k if top_k is None else top_k)


def _top_k(top_k: int) -> int:
    if isinstance(top_k, bool) or not isinstance(top_k, (int, np.integer)) or top_k < 1:
        raise DataError(f"topp k måste vara ett heltal större än 0, inte {top_k!r}.")
    return int(top_k)


__all__ = ["COLUMNS", "check_aggregation", "rank_interval", "tipping_for", "top_k_intervals"]
