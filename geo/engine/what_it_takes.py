"""What would it take: the smallest change of one indicator that moves an area across the top-k line.

A meeting asks "what would it take for Område X to leave the list?". For one area and each indicator
alone (everything else fixed), under the view's method, aggregation, weights and reference year, this
finds the raw value at which the area's membership in the top k flips, in the indicator's unit and —
for a share whose denominator is known — in people.

**Membership** is the engine's rule (:mod:`geo.engine.index`): an area is in the top k when its rank
≤ k, rank = 1 + the number of ranked areas whose index (rounded to ``RANK_DECIMALS``) is strictly
lower; ties share the lowest rank. An area inside can only leave by getting better (``direction =
"out"``: the indicator moves in its good direction, polarity applied); an area outside can only enter
by getting worse (``"in"``). The search goes from the current value in that direction only, up to the
indicator's ``range`` (default 0–100 for unit "%"; without one a generous bracket around the data).

**needed_value** is the boundary: the value nearest the current one at which the membership flips.
Any value beyond it (away from the current one) flips it; the value itself may still be the tie that
keeps an area inside (a tie at rank k counts as inside). Exact under a reference year, within
``TOLERANCE`` × the searched range otherwise.

* **With a reference year** the statistics are fixed, so only this area's normalised value moves, and
  affinely: ``s(x) = s₀ + β·(x − x₀)``. Its index is then affine (arithmetic mean) or monotone
  (geometric mean) in ``x`` and no other index moves, so the answer solves ``I_a(x) = T`` with ``T`` the
  k-th lowest index among the other ranked areas: dimension score ``D* = (T·W − Σ_{e≠d} w_e·dim_e)/w_d``
  (geometric: ``exp((W·ln T − Σ_{e≠d} w_e·ln dim_e)/w_d)``), then ``s*`` and ``x*``.
* **Without one** the area's own value moves the year's mean, standard deviation, minimum, maximum or
  ranks, so every area's score moves. The membership is evaluated for many values at once with the
  engine's normalisation (:func:`~geo.engine.normalise.normalise`) and the index summed exactly as
  :func:`~geo.engine.index.weighted_index` sums it. ``minmax``, ``ratio`` (non-negative values) and
  ``rank`` are monotone: as the area's value rises its own score rises and every other area's falls,
  so the membership flips at most once — ``GRID`` values up to the bound, then the first bracket that
  flips is split ``REFINE`` ways until it is narrower than ``TOLERANCE`` × the range. ``rank`` is a step
  function that moves only at the other areas' values: one value between each pair of them, and the
  answer is the value that crosses the needed step. ``zscore`` is not monotone (the standard deviation
  shrinks, then grows), but the membership can only change where this area's index meets another's:
  ``I_a = I_b`` ⇔ ``(A_a − A_b)·σ(x) = −L_b(x)`` with ``L_b`` affine and ``σ²`` quadratic, so squaring
  gives at most two crossings per area; one value between each pair of neighbouring crossings (plus
  the grid, as a safety net) finds the first flip, and the crossing just before it is the answer.

Every answer is recomputed just short of it (no flip) and just beyond it (a flip) with the engine's
arithmetic; a solved or crossing answer that fails this falls back to narrowing the bracket. The
tests recompute every answer with :func:`~geo.engine.index.compute_index`. People: the change in
percentage points × the denominator / 100, rounded away from zero (enough people; the denominator
held fixed).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from geo.dataset.load import Dataset
from geo.definition import Definition, Indicator
from geo.engine.index import RANK_DECIMALS, compute_index
from geo.engine.normalise import normalise
from geo.engine.scoring import _reference_year
from geo.errors import DataError
from geo.i18n import fmt_number
from geo.settings import Aggregation, Method, ViewSettings, pick_year

Direction = Literal["out", "in"]
#: The columns of :func:`what_it_takes`, in order.
COLUMNS = ("indicator_id", "current", "needed_value", "change", "change_people", "direction", "possible", "reason")
#: Values tried between the current value and the bound before narrowing the first flip.
GRID = 128
#: Values tried inside a bracket per narrowing step.
REFINE = 128
#: The answer's precision without a reference year, as a share of the searched range.
TOLERANCE = 1e-6
#: Without a ``range`` (and not a share) the search spans the data ± this many times its spread.
BRACKET = 10.0


@dataclass(frozen=True)
class _Year:
    """The scored year as arrays (areas × indicators / dimensions), and the area asked about."""

    x: np.ndarray
    ref: np.ndarray | None
    s: np.ndarray
    dims: np.ndarray
    index: np.ndarray
    w: np.ndarray
    v: np.ndarray
    polarity: np.ndarray
    dim_of: tuple[int, ...]
    cols: tuple[tuple[int, ...], ...]
    method: Method
    aggregation: Aggregation
    k: int
    a: int

    def flipped(self, j: int, cands: np.ndarray, inside: bool) -> np.ndarray:
        """Whether the area's membership differs from ``inside`` with indicator ``j`` at each candidate.

        The engine's path for all candidates at once: normalisation (:func:`normalise`), the
        dimension's weighted mean, the index summed in :func:`~geo.engine.index.weighted_index`'s order (so the same
        numbers), rounding and rank ``min``. Only the indicator's dimension is recomputed. A candidate
        the geometric mean cannot score (a dimension score ≤ 0) does not count as a flip.
        """
        g = cands.size
        col = np.repeat(self.x[:, j:j + 1], g, axis=1)
        col[self.a] = cands
        if self.method == "rank":
            s = _rank_columns(col, self.a, float(self.polarity[j]))
        else:
            ref = None if self.ref is None else np.repeat(self.ref[:, j:j + 1], g, axis=1)
            s = normalise(col, np.full(g, self.polarity[j]), self.method, reference=ref)
        d = self.dim_of[j]
        num = np.zeros(self.x.shape[0])
        wsum = np.zeros(self.x.shape[0])
        for i in self.cols[d]:
            have = ~np.isnan(self.s[:, i])
            wsum = wsum + have * self.v[i]
            num = num + np.where(have, s.T if i == j else self.s[:, i], 0.0) * self.v[i]
        with np.errstate(invalid="ignore", divide="ignore"):
            dim = np.where(wsum > 0, num / np.where(wsum > 0, wsum, 1.0), np.nan)
        idx = self._index(d, dim)
        out: np.ndarray = _inside(idx, self.a, self.k) != inside
        if self.aggregation == "geometric":
            out &= ~((dim <= 0) & ~np.isnan(idx)).any(axis=1)
        return out

    def _index(self, d: int, dim: np.ndarray) -> np.ndarray:
        """:func:`~geo.engine.index.weighted_index` with dimension ``d`` replaced by ``dim`` (candidates × areas),
        the same operations in the same order."""
        use = np.flatnonzero(self.w > 0)
        total = 0.0
        for e in use:
            total += float(self.w[e])
        acc: np.ndarray = np.zeros(self.x.shape[0])
        geometric = self.aggregation == "geometric"
        with np.errstate(divide="ignore", invalid="ignore"):
            for e in use:
                term = dim if e == d else self.dims[:, e]
                if geometric:
                    acc = acc + np.log(term) * (float(self.w[e]) / total)
                else:
                    acc = acc + np.nan_to_num(term) * float(self.w[e])
            out = np.exp(acc) if geometric else acc / total
        complete = ~np.isnan(self.dims[:, [e for e in use if e != d]]).any(axis=1) & ~np.isnan(dim)
        result: np.ndarray = np.where(complete, out, np.nan)
        return result


def _inside(index: np.ndarray, a: int, k: int) -> np.ndarray:
    """Rank ≤ k for area ``a`` in each row of ``index`` (candidates × areas), the engine's rule."""
    rounded = np.round(index, RANK_DECIMALS)
    mine = rounded[:, a:a + 1]
    below = (rounded < mine).sum(axis=1)
    out: np.ndarray = ~np.isnan(mine[:, 0]) & (below < k)
    return out


def _rank_columns(col: np.ndarray, a: int, polarity: float) -> np.ndarray:
    """Percentile ranks of every column of ``col`` where only row ``a`` differs between columns.

    The same numbers as :func:`geo.engine.normalise.normalise` with ``"rank"`` (average ranks are
    half-integers, exact in floating point), but without sorting every column: each other area's rank
    among the others is fixed, and the moving value adds 1 (or ½ on a tie) to those above it.
    """
    others = np.delete(np.arange(col.shape[0]), a)
    y = col[others, 0]
    ok = ~np.isnan(y)
    yo = y[ok]
    c = col[a]
    n = yo.size + 1
    ro = pd.Series(yo).rank(method="average").to_numpy(dtype=float)
    lt = yo[:, None] < c[None, :]
    eq = yo[:, None] == c[None, :]
    r = np.full(col.shape, np.nan)
    r[others[ok]] = ro[:, None] + (c[None, :] < yo[:, None]) + 0.5 * eq
    r[a] = 1.0 + lt.sum(axis=0) + 0.5 * eq.sum(axis=0)
    s = 100.0 * (r - 1.0) / (n - 1.0) if n > 1 else np.full(col.shape, np.nan)
    flat = eq.all(axis=0) | (n <= 1)
    rows = np.r_[others[ok], a]
    s[np.ix_(rows, np.flatnonzero(flat))] = 50.0
    out: np.ndarray = np.where(polarity < 0, 100.0 - s, s)
    return out


def _zscore_crossings(y: _Year, j: int) -> np.ndarray:
    """Values of indicator ``j`` at which the area's index meets another area's (``zscore``, no reference).

    With ``I_b = A_b + c_b·s_b``, ``s_b = p·(x_b − m(x))/σ(x)``, ``m`` affine and ``σ²`` quadratic in the
    area's value ``x``: ``I_a = I_b`` ⇔ ``(A_a − A_b)·σ(x) = −L_b(x)`` with ``L_b`` affine; squared, a
    quadratic. Its real roots (possibly spurious, harmless as candidates) for every ranked area.
    """
    xj = y.x[:, j]
    have = ~np.isnan(xj)
    others = have.copy()
    others[y.a] = False
    n = int(others.sum()) + 1
    if n < 2 or y.aggregation != "arithmetic":
        return np.empty(0)
    total, sq = float(xj[others].sum()), float((xj[others] ** 2).sum())
    d = y.dim_of[j]
    cols = list(y.cols[d])
    wsum = (~np.isnan(y.s[:, cols]) * y.v[cols]).sum(axis=1)
    share = y.w[d] / y.w[y.w > 0].sum()
    c = np.where(have & (wsum > 0), share * y.v[j] / np.where(wsum > 0, wsum, 1.0), 0.0)
    base = y.index - c * np.nan_to_num(y.s[:, j])
    pol = float(y.polarity[j])
    b = np.flatnonzero(~np.isnan(y.index) & (np.arange(len(xj)) != y.a))
    delta = base[y.a] - base[b]
    ca, cb, xb = c[y.a], c[b], np.nan_to_num(xj[b])
    r = pol * (ca * (1 - 1 / n) + cb / n)
    p = pol * (-ca * total / n - cb * (xb - total / n))
    q2, q1, q0 = 1 / n - 1 / n ** 2, -2 * total / n ** 2, sq / n - total ** 2 / n ** 2
    a2, a1, a0 = delta ** 2 * q2 - r ** 2, delta ** 2 * q1 - 2 * p * r, delta ** 2 * q0 - p ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        disc = a1 ** 2 - 4 * a2 * a0
        q = -0.5 * (a1 + np.copysign(np.sqrt(disc), a1))
        roots = np.r_[q / a2, a0 / q]
        delta, p, r = np.tile(delta, 2), np.tile(p, 2), np.tile(r, 2)
        sd = np.sqrt(np.maximum(q2 * roots ** 2 + q1 * roots + q0, 0.0))
        lin = p + r * roots
        real = np.abs(delta * sd + lin) <= 1e-6 * (np.abs(delta * sd) + np.abs(lin)) + 1e-12  # not from squaring
    out: np.ndarray = roots[np.isfinite(roots) & real]
    return out


def _specials(y: _Year, j: int) -> np.ndarray:
    """The values where the membership can jump without a reference year (see the module docstring)."""
    if y.ref is not None:
        return np.empty(0)
    if y.method == "rank":
        values = np.delete(y.x[:, j], y.a)
        out: np.ndarray = values[~np.isnan(values)]
        return out
    if y.method == "zscore":
        return _zscore_crossings(y, j)
    return np.empty(0)


def _domain(ind: Indicator, y: _Year, j: int) -> tuple[float, float, bool]:
    """The values searched: the indicator's range, 0–100 for a share, else a generous bracket."""
    if ind.range is not None:
        return float(ind.range[0]), float(ind.range[1]), True
    if ind.unit.strip() == "%":
        return 0.0, 100.0, True
    seen = np.r_[y.x[:, j], [] if y.ref is None else y.ref[:, j]]
    seen = seen[~np.isnan(seen)]
    lo, hi = float(seen.min()), float(seen.max())
    span = hi - lo if hi > lo else max(abs(hi), 1.0)
    return lo - BRACKET * span, hi + BRACKET * span, False


def _search(y: _Year, j: int, inside: bool, step: float, bound: float, tol: float) -> float | None:
    """The first flip from the current value towards ``bound`` (None: no flip up to it).

    ``rank`` (a step function) and ``zscore`` (crossings known) try one value between each pair of
    neighbouring points where the membership can change, so the flip is at the point between the
    last value that does not flip and the first that does; it is confirmed, else narrowed like the
    others: a grid, then the first bracket that flips split again until it is narrower than ``tol``.
    """
    x0 = float(y.x[y.a, j])
    if (bound - x0) * step <= 0:
        return None
    special = _specials(y, j)
    special = special[((special - x0) * step > 0) & ((bound - special) * step >= 0)]
    grid = x0 + (bound - x0) * np.arange(1, GRID + 1) / GRID
    if special.size:  # membership changes only at these points (zscore: also at the grid, as a safety net)
        breaks = np.unique(np.r_[special, grid] if y.method == "zscore" else special)
        breaks = breaks if step > 0 else breaks[::-1]
        cands = np.r_[(np.r_[x0, breaks[:-1]] + breaks) / 2, bound]
    else:
        breaks, cands = np.empty(0), grid
    flips = y.flipped(j, cands, inside)
    if not flips.any():
        return None
    f = int(np.argmax(flips))
    prev, nxt = (float(cands[f - 1]) if f else x0), float(cands[f])
    if f and breaks.size and _confirmed(y, j, float(breaks[f - 1]), inside, step, tol):
        return float(breaks[f - 1])  # the one point between the last value that does not flip and the first that does
    while abs(nxt - prev) > tol:
        sub = np.linspace(prev, nxt, REFINE + 2)[1:-1]
        fl = y.flipped(j, sub, inside)
        if fl.any():
            i = int(np.argmax(fl))
            prev, nxt = (float(sub[i - 1]) if i else prev), float(sub[i])
        else:
            prev = float(sub[-1])
    return nxt


def _exact(y: _Year, j: int, inside: bool) -> float | None:
    """The boundary under a reference year, solved (None: no solution, e.g. a flat reference column)."""
    a, d = y.a, y.dim_of[j]
    x0 = float(y.x[a, j])
    h = max(abs(x0), 1.0)
    s0, s1 = normalise(np.array([[x0, x0 + h]]), np.full(2, y.polarity[j]), y.method,
                       reference=np.repeat(y.ref[:, j:j + 1], 2, axis=1) if y.ref is not None else None)[0]
    beta = (s1 - s0) / h
    others = np.delete(y.index, a)
    others = np.sort(np.round(others[~np.isnan(others)], RANK_DECIMALS))
    if beta == 0 or not math.isfinite(beta) or others.size < y.k:
        return None
    target = float(others[y.k - 1])
    used = np.flatnonzero(y.w > 0)
    rest = [e for e in used if e != d]
    total = float(y.w[used].sum())
    if y.aggregation == "geometric":
        if target <= 0:
            return None
        dim = math.exp((total * math.log(target) - sum(y.w[e] * math.log(y.dims[a, e]) for e in rest)) / y.w[d])
    else:
        dim = (target * total - sum(y.w[e] * y.dims[a, e] for e in rest)) / y.w[d]
    cols = list(y.cols[d])
    srow, v = y.s[a, cols], y.v[cols]
    have = ~np.isnan(srow)
    pos = cols.index(j)
    rest_sum = float(sum(v[i] * srow[i] for i in range(len(cols)) if have[i] and i != pos))
    s_needed = (dim * float(v[have].sum()) - rest_sum) / y.v[j]
    return float(x0 + (s_needed - s0) / beta)


def _confirmed(y: _Year, j: int, value: float, inside: bool, step: float, tol: float) -> bool:
    """Recomputed: no flip just short of ``value``, a flip just beyond it."""
    x0 = float(y.x[y.a, j])
    short = value - step * tol if (value - step * tol - x0) * step > 0 else x0
    flips = y.flipped(j, np.array([short, value + step * tol]), inside)
    return bool(not flips[0] and flips[1])


def _people(change: float, unit: str, denominator: float) -> float:
    """Percentage points → whole persons, rounded away from zero (enough people to make the change)."""
    if unit.strip() != "%" or not math.isfinite(denominator) or denominator <= 0 or not math.isfinite(change):
        return float("nan")
    persons = abs(change) / 100.0 * denominator
    return math.copysign(float(math.ceil(persons - 1e-9)), change) if persons > 0 else 0.0


def _fmt(value: float) -> str:
    return fmt_number(value, "sv", 0 if float(value).is_integer() else 2)


def _numbers(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """The raw values as :func:`compute_index` reads them (text that is not a number is missing)."""
    sub = frame.reindex(columns=columns)
    if not all(pd.api.types.is_numeric_dtype(t) for t in sub.dtypes):
        sub = sub.apply(pd.to_numeric, errors="coerce")
    out: np.ndarray = sub.to_numpy(dtype=float, na_value=np.nan)
    return out


def _prepare(values: pd.DataFrame, definition: Definition, settings: ViewSettings,
             reference: pd.DataFrame | None, area_id: str) -> _Year:
    """Score the year once (the engine's own call) and keep what the search needs as arrays."""
    area_ids = values.index.astype(str)
    if area_id not in set(area_ids):
        raise DataError(f"området '{area_id}' finns inte i värdetabellen.",
                        hint="Välj ett område som finns i områdeslagret för det valda året.")
    result = compute_index(values, definition, settings, reference=reference)
    ind_ids = list(definition.indicator_ids)
    x = _numbers(values, ind_ids)
    ref = None if reference is None else _numbers(reference, ind_ids)
    col = {i: n for n, i in enumerate(ind_ids)}
    dim_of: dict[int, int] = {}
    cols = []
    for d, dim in enumerate(definition.dimensions):
        cols.append(tuple(col[i.id] for i in dim.indicators))
        dim_of.update({col[i.id]: d for i in dim.indicators})
    return _Year(
        x=x, ref=ref, s=result.normalised.to_numpy(dtype=float), dims=result.dimensions.to_numpy(dtype=float),
        index=result.index.to_numpy(dtype=float),
        w=np.array([result.weights[d] for d in definition.dimension_ids], dtype=float),
        v=np.array([result.indicator_weights[i] for i in ind_ids], dtype=float),
        polarity=np.array([definition.indicator(i).polarity for i in ind_ids], dtype=float),
        dim_of=tuple(dim_of[n] for n in range(len(ind_ids))), cols=tuple(cols),
        method=settings.method, aggregation=settings.aggregation, k=settings.top_k,
        a=int(np.flatnonzero(area_ids == area_id)[0]),
    )


def _answer(y: _Year, j: int, ind: Indicator, inside: bool) -> tuple[float, str]:
    """The needed value of indicator ``j`` (NaN when impossible) and the reason when impossible."""
    x0 = float(y.x[y.a, j])
    d = y.dim_of[j]
    if y.v[j] <= 0:
        return math.nan, "indikatorn har vikten 0"
    if y.w[d] <= 0:
        return math.nan, "dimensionen har vikten 0"
    if math.isnan(x0):
        return math.nan, "värde saknas"
    lo, hi, bounded = _domain(ind, y, j)
    step = float(y.polarity[j]) * (1.0 if inside else -1.0)
    tol = TOLERANCE * (hi - lo)
    impossible = f"ej möjligt inom {_fmt(lo)}–{_fmt(hi)} {ind.unit}".rstrip() + ("" if bounded else " (sökintervall)")
    if y.ref is not None:
        value = _exact(y, j, inside)
        if value is None:
            return math.nan, "indikatorn påverkar inte indexet mot referensårets mått (samma värde i alla områden)"
        if bounded and not lo <= value <= hi:
            return math.nan, impossible
        if (value - x0) * step >= 0 and _confirmed(y, j, value, inside, step, tol):
            return value, ""
    found = _search(y, j, inside, step, hi if step > 0 else lo, tol)
    if found is None:
        return math.nan, impossible
    return found, ""


def what_it_takes(values: pd.DataFrame, definition: Definition, settings: ViewSettings, area_id: str, *,
                  reference: pd.DataFrame | None = None, denominators: pd.Series | None = None) -> pd.DataFrame:
    """Per indicator, the smallest change of it alone that moves ``area_id`` into or out of the top k.

    ``values``: one year's raw values (areas × indicator ids, as :meth:`Dataset.values` gives);
    ``reference``: the reference year's values (the normalisation's statistics) or None;
    ``denominators``: the area's denominator per indicator id that year (NaN where unknown), for
    ``change_people`` of "%" indicators. One row per indicator of the definition, columns
    :data:`COLUMNS`; ``possible`` is False with a Swedish ``reason`` where no value does it.
    ``needed_value`` is the boundary (any value beyond it flips the membership; see the module
    docstring), ``change = needed_value − current``, ``direction`` "out" for an area in the top k.
    """
    y = _prepare(values, definition, settings, reference, str(area_id))
    ranked = ~np.isnan(y.index)
    inside = bool(_inside(y.index[None, :], y.a, y.k)[0])
    direction: Direction = "out" if inside else "in"
    denom = pd.Series(dtype=float) if denominators is None else pd.Series(
        pd.to_numeric(denominators, errors="coerce").to_numpy(dtype=float), index=denominators.index.astype(str))
    denom = denom[~denom.index.duplicated(keep="last")]
    rows = []
    for j, ind in enumerate(definition.indicators):
        x0 = float(y.x[y.a, j])
        if not ranked[y.a]:
            value, reason = math.nan, "området är inte rankat"
        elif ranked.sum() <= y.k:
            value, reason = math.nan, f"alla rankade områden ingår i topp {y.k}"
        else:
            value, reason = _answer(y, j, ind, inside)
        change = value - x0
        people = _people(change, ind.unit, float(denom.get(ind.id, np.nan)))
        rows.append((ind.id, x0, value, change, people, direction, not math.isnan(value), reason))
    return pd.DataFrame(rows, columns=list(COLUMNS))


def what_it_takes_for(data: Dataset, definition: Definition, settings: ViewSettings, area_id: str) -> pd.DataFrame:
    """:func:`what_it_takes` for a dataset, as the area profile asks it: the settings' year (None: the
    latest), normalised against its reference year, with the area's denominators that year."""
    if data.results_mode:
        raise DataError("'vad som krävs' behöver indikatorvärden; datan har bara färdiga resultat.",
                        hint="Läs in indikatortabellen i stället för resultattabellen.")
    table = data.indicators
    if settings.year is None and data.mixed_vintage(definition):  # each indicator from its latest year
        latest = data.latest_years(definition)
        rows = table[(table["area_id"].astype(str) == str(area_id))
                     & (table["year"].to_numpy() == table["indicator_id"].map(latest).to_numpy())]
        values, used, reference = data.values(definition, None), settings, None
    else:
        years = data.years(definition)
        year = pick_year(years, settings.year)
        ref_year = _reference_year(list(years), settings, year)  # the scoring's own rule (same year: none)
        reference = None if ref_year is None else data.values(definition, ref_year)
        rows = table[(table["area_id"].astype(str) == str(area_id)) & (table["year"] == year)]
        values, used = data.values(definition, year), settings.with_(year=year)
    denominators = None
    if "denominator" in table.columns:
        denominators = rows.drop_duplicates("indicator_id", keep="last").set_index("indicator_id")["denominator"]
    return what_it_takes(values, definition, used, area_id, reference=reference, denominators=denominators)


__all__ = ["COLUMNS", "GRID", "REFINE", "TOLERANCE", "Direction", "what_it_takes", "what_it_takes_for"]
