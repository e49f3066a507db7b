"""The follow-up table: each area's (and the city's) indicators since the reference year,
with honest change, the observed trend and the status against the plan's targets.

One row per area and indicator (index and follow-up-only indicators), plus one row per
indicator for the city as a whole (``scope = "city"``, ``area_id`` :data:`CITY_ID`):

* **reference / latest value**: the value in the reference year and in the indicator's
  latest year with data (indicators come in different vintages);
* **change** = latest − reference in the indicator's unit, with the 95 % interval and marker
  of :mod:`geo.engine.change` where the counts behind a share are known;
* **trend** = least-squares slope per year over the indicator's last ``n`` years (the plan's
  ``trend_years``, default 4), from at least :data:`geo.targets.MIN_TREND_YEARS` values;
* per target year T of the plan: the **target** (an absolute value, or the base-year value
  plus ``close_gap`` % of the base-year gap to the city; an area already on the good side of
  the city keeps its base level), the **yearly change needed** from the latest value,
  ``(target − latest) / (T − latest year)``, and the **status**: ``on_track`` when the trend
  is at least the change needed in the indicator's good direction (the straight line from the
  latest value reaches the target by T), ``off_track`` otherwise, ``too_little_data`` without
  a latest value or a trend. A target year already passed is judged by the latest value.

**The city's value** is Σ numerator / Σ denominator over the areas when every area with a
value has counts that year (the share of the city's people), else the plain mean of the
areas (column ``basis``: ``counts`` or ``mean``).

Everything is vectorised (group sums, merges), so 6,000 areas × 10 years × 15 indicators
take well under a second (``bench/run.py followup``).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.definition import Definition, Indicator
from geo.engine.change import markers, newcombe, small_base
from geo.errors import DataError
from geo.targets import MIN_TREND_YEARS, Plan

#: The city's rows in the follow-up table.
CITY_ID = "STAD"
STATUSES = ("on_track", "off_track", "too_little_data")
DEFAULT_TREND_YEARS = 4


@dataclass(frozen=True)
class FollowUp:
    """The follow-up table and what it was computed with."""

    table: pd.DataFrame
    reference_year: int
    trend_years: int
    target_years: tuple[int, ...]
    plan: Plan | None
    notes: tuple[str, ...] = ()

    def status_columns(self) -> list[str]:
        return [f"status_{y}" for y in self.target_years]

    def summary(self) -> pd.DataFrame:
        """Per area (and the city): how many targets are on track, off track, lack data."""
        cols = self.status_columns()
        if not cols:
            return pd.DataFrame(columns=["scope", "area_id", "area_name", *STATUSES])
        long = self.table.melt(id_vars=["scope", "area_id", "area_name"], value_vars=cols, value_name="status")
        long = long[long["status"].isin(STATUSES)]
        counts = long.groupby(["scope", "area_id", "area_name"], sort=False)["status"].value_counts().unstack(
            fill_value=0)
        return counts.reindex(columns=list(STATUSES), fill_value=0).reset_index()


def follow_up_indicators(definition: Definition) -> tuple[Indicator, ...]:
    """The index's indicators, then the follow-up-only ones."""
    return (*definition.indicators, *definition.follow_up)


@dataclass(frozen=True)
class _Cube:
    """Values and counts as arrays areas × indicators × years, the city as the last area: the whole
    follow-up is array arithmetic (string keys are touched once, on the way in and out)."""

    area_ids: list[str]
    ids: list[str]
    years: np.ndarray
    value: np.ndarray
    num: np.ndarray
    den: np.ndarray
    basis: np.ndarray  # per indicator × year: "counts" or "mean" (the city's)
    scale: np.ndarray  # per indicator: 100 (percent of num/den), 1 (a fraction) or NaN (not a share)


def _positions(column: pd.Series, wanted: Sequence[str]) -> np.ndarray:
    """Each row's position in ``wanted`` (−1 if absent), looking up each distinct key once (a lookup
    per row of 960,000 text keys was half the table's time)."""
    codes, uniques = pd.factorize(column)
    pos = pd.Index(list(wanted)).get_indexer(pd.Index([str(u) for u in uniques]))
    return np.where(codes >= 0, pos[codes], -1)


def _cube(indicators: pd.DataFrame, area_ids: Sequence[str], ids: Sequence[str],
          until_year: int | None = None) -> _Cube:
    frame = indicators[indicators["value"].notna()]
    if until_year is not None:
        frame = frame[frame["year"].astype(int) <= until_year]
    a = _positions(frame["area_id"], area_ids)
    i = _positions(frame["indicator_id"], ids)
    keep = (a >= 0) & (i >= 0)
    year_col = frame["year"].to_numpy(dtype=int)[keep]
    years = np.unique(year_col)
    t = np.searchsorted(years, year_col)
    shape = (len(area_ids) + 1, len(ids), len(years))  # + the city
    value, num, den = np.full(shape, np.nan), np.full(shape, np.nan), np.full(shape, np.nan)
    value[a[keep], i[keep], t] = frame["value"].to_numpy(dtype=float)[keep]
    for arr, col in ((num, "numerator"), (den, "denominator")):
        if col in frame.columns:
            arr[a[keep], i[keep], t] = pd.to_numeric(frame[col], errors="coerce").to_numpy(dtype=float)[keep]
    areas = slice(0, len(area_ids))
    v, n, d = value[areas], num[areas], den[areas]
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an indicator without counts: an all-NaN median
        has = ~np.isnan(v) & ~np.isnan(n) & ~np.isnan(d) & (d > 0)
        ratio = np.where(has & (n > 0), v * d / n, np.nan)
        med = np.nanmedian(ratio.transpose(1, 0, 2).reshape(len(ids), -1), axis=1) if ratio.size else \
            np.full(len(ids), np.nan)
    scale = np.where(np.abs(med - 100) < 0.5, 100.0, np.where(np.abs(med - 1) < 0.005, 1.0, np.nan))
    count = (~np.isnan(v)).sum(axis=0)
    counted = (has.sum(axis=0) == count) & (count > 0)
    sum_n, sum_d = np.where(has, n, 0.0).sum(axis=0), np.where(has, d, 0.0).sum(axis=0)
    counted &= sum_d > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, np.nansum(v, axis=0) / count, np.nan)
        value[-1] = np.where(counted, np.nan_to_num(scale, nan=100.0)[:, None] * sum_n / sum_d, mean)
    num[-1] = np.where(counted, sum_n, np.nan)
    den[-1] = np.where(counted, sum_d, np.nan)
    return _Cube(list(area_ids), list(ids), years, value, num, den, np.where(counted, "counts", "mean"), scale)


def city_values(indicators: pd.DataFrame, area_ids: Sequence[str], ids: Sequence[str]) -> pd.DataFrame:
    """The city's value per indicator and year (see the module docstring) with its basis."""
    c = _cube(indicators, area_ids, ids)
    ii, tt = np.meshgrid(np.arange(len(ids)), np.arange(len(c.years)), indexing="ij")
    out = pd.DataFrame({"indicator_id": np.array(ids, dtype=object)[ii.ravel()], "year": c.years[tt.ravel()],
                        "value": c.value[-1].ravel(), "numerator": c.num[-1].ravel(),
                        "denominator": c.den[-1].ravel(), "basis": c.basis.ravel()})
    return out[out["value"].notna()].reset_index(drop=True)


def yearly_values(indicators: pd.DataFrame, area_ids: Sequence[str], ids: Sequence[str]) -> pd.DataFrame:
    """Each area's and the city's (``area_id`` :data:`CITY_ID`) values per indicator and year."""
    c = _cube(indicators, area_ids, ids)
    aa, ii, tt = np.nonzero(~np.isnan(c.value))
    names = np.array([*c.area_ids, CITY_ID], dtype=object)
    return pd.DataFrame({"area_id": names[aa], "indicator_id": np.array(ids, dtype=object)[ii],
                         "year": c.years[tt], "value": c.value[aa, ii, tt]})


def _slope(c: _Cube, latest_t: np.ndarray, n_years: int) -> tuple[np.ndarray, np.ndarray]:
    """Least-squares slope per (area, indicator) over each indicator's last ``n_years`` years."""
    latest_year = np.where(latest_t >= 0, c.years[np.maximum(latest_t, 0)], -10_000)
    x = c.years[None, :] - latest_year[:, None]                       # indicator × year
    window = (x > -n_years) & (x <= 0)
    valid = ~np.isnan(c.value) & window[None, :, :]
    xs = np.where(valid, x[None, :, :], 0.0)
    ys = np.where(valid, c.value, 0.0)
    n = valid.sum(axis=2).astype(float)
    sx, sy, sxx, sxy = xs.sum(axis=2), ys.sum(axis=2), (xs * xs).sum(axis=2), (xs * ys).sum(axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        denom = n * sxx - sx * sx
        slope = np.where((n >= MIN_TREND_YEARS) & (denom > 0), (n * sxy - sx * sy) / denom, np.nan)
    return slope, n.astype(int)


def _targets(plan: Plan, c: _Cube, polarity: np.ndarray, base: np.ndarray, latest: np.ndarray,
             latest_year: np.ndarray, slope: np.ndarray) -> tuple[dict[str, np.ndarray], list[int], list[str]]:
    """Per target year: target, yearly change needed and status per (area, indicator)."""
    notes: list[str] = []
    where = {ind: k for k, ind in enumerate(c.ids)}
    position = {a: k for k, a in enumerate(c.area_ids)}
    n_areas = len(c.area_ids)
    cols: dict[str, np.ndarray] = {}
    years = list(plan.years)
    for year in years:
        target = np.full(base.shape, np.nan)
        # General targets first, then those naming areas (the specific one wins).
        for tg in sorted((x for x in plan.targets if x.year == year), key=lambda x: bool(x.areas)):
            k = where.get(tg.indicator)
            if k is None:
                notes.append(f"Målet för '{tg.indicator}' ({year}) gäller en indikator som inte finns i definitionen "
                             "eller data och följs inte upp.")
                continue
            if tg.scope == "city":
                rows = np.array([n_areas])
            elif tg.areas:
                rows = np.array([position[a] for a in tg.areas if a in position], dtype=int)
            else:
                rows = np.arange(n_areas)
            b = base[rows, k]
            if tg.value is not None:
                target[rows, k] = tg.value
            else:
                gap = base[n_areas, k] - b
                behind = polarity[k] * gap > 0  # the city is better: close part of the gap; else hold the level
                target[rows, k] = b + np.where(behind, (tg.close_gap or 0.0) / 100.0 * gap, 0.0)
        span = year - latest_year[None, :].astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            needed = np.where(span > 0, (target - latest) / span, np.nan)
            on = np.where(span > 0, polarity * (slope - needed) >= -1e-12, polarity * (latest - target) >= -1e-12)
        lacking = np.isnan(latest) | ((span > 0) & np.isnan(slope))
        status = np.where(np.isnan(target), "", np.where(lacking, "too_little_data",
                                                         np.where(on, "on_track", "off_track")))
        cols[f"target_{year}"] = target
        cols[f"needed_per_year_{year}"] = np.where(np.isnan(target), np.nan, needed)
        cols[f"status_{year}"] = status.astype(object)
    return cols, years, notes


def follow_up_table(indicators: pd.DataFrame, areas: pd.DataFrame, definition: Definition, *,
                    reference_year: int, plan: Plan | None = None,
                    trend_years: int | None = None, until_year: int | None = None) -> FollowUp:
    """The follow-up table (module docstring). ``areas`` has ``area_id`` and ``area_name``;
    ``reference_year`` must have data. Targets use the plan's ``base_year`` (default: the
    reference year) as the base of a gap to close. ``until_year``: follow up to that year (the
    latest year of each indicator is then its latest up to it)."""
    inds = follow_up_indicators(definition)
    ids = [i.id for i in inds]
    area_ids = areas["area_id"].astype(str).tolist()
    c = _cube(indicators, area_ids, ids, until_year)
    if reference_year not in set(c.years.tolist()):
        raise DataError(f"referensåret {reference_year} har inga värden i indikatortabellen.",
                        hint=f"Tillgängliga år: {', '.join(map(str, c.years.tolist()))}.")
    n_years = trend_years or (plan.trend_years if plan else DEFAULT_TREND_YEARS)
    n_rows, n_ind = len(area_ids) + 1, len(ids)
    has_any = ~np.isnan(c.value).all(axis=0)                              # indicator × year
    latest_t = np.where(has_any.any(axis=1), len(c.years) - 1 - np.argmax(has_any[:, ::-1], axis=1), -1)
    cols_i = np.arange(n_ind)

    def at_t(arr: np.ndarray, t_index: np.ndarray) -> np.ndarray:
        out = arr[:, cols_i, np.maximum(t_index, 0)]
        return np.where(t_index[None, :] >= 0, out, np.nan)

    ref_t = np.full(n_ind, int(np.searchsorted(c.years, reference_year)))
    base_year = plan.base_year if plan is not None and plan.base_year is not None else reference_year
    base_t = np.full(n_ind, int(np.searchsorted(c.years, base_year)) if base_year in set(c.years.tolist()) else -1)
    ref_v, ref_n, ref_d = at_t(c.value, ref_t), at_t(c.num, ref_t), at_t(c.den, ref_t)
    last_v, last_n, last_d = at_t(c.value, latest_t), at_t(c.num, latest_t), at_t(c.den, latest_t)
    latest_year = np.where(latest_t >= 0, c.years[np.maximum(latest_t, 0)], 0)
    slope, used = _slope(c, latest_t, n_years)
    polarity = np.array([float(i.polarity) for i in inds])

    _, lo, hi = newcombe(ref_n, ref_d, last_n, last_d)
    change = last_v - ref_v
    lo, hi = lo * c.scale[None, :], hi * c.scale[None, :]
    marker = markers(lo, hi, np.broadcast_to(polarity, lo.shape))
    marker[np.isnan(change)] = "unknown"
    small = small_base(ref_d, last_d)
    small[-1] = False
    is_city = np.zeros(n_rows, dtype=bool)
    is_city[-1] = True
    ref_basis = np.where(is_city[:, None], c.basis[:, int(ref_t[0])][None, :] if n_ind else "mean",
                         np.where(np.isnan(ref_d), "values", "counts"))

    row_ids = np.array([*area_ids, CITY_ID], dtype=object)
    names = np.array([*areas["area_name"].astype(str).tolist(), ""], dtype=object)
    flat = {
        "scope": np.repeat(np.where(is_city, "city", "area").astype(object), n_ind),
        "area_id": np.repeat(row_ids, n_ind), "area_name": np.repeat(names, n_ind),
        "indicator_id": np.tile(np.array(ids, dtype=object), n_rows),
        "role": np.tile(np.array([i.role for i in inds], dtype=object), n_rows),
        "unit": np.tile(np.array([i.unit for i in inds], dtype=object), n_rows),
        "polarity": np.tile(polarity.astype(int), n_rows),
        "basis": ref_basis.astype(object).ravel(),
        "reference_year": np.full(n_rows * n_ind, reference_year),
        "reference_value": ref_v.ravel(),
        "latest_year": pd.array(np.tile(np.where(latest_t >= 0, latest_year, 0), n_rows), dtype="Int64"),
        "latest_value": last_v.ravel(), "change": change.ravel(), "change_lower": lo.ravel(),
        "change_upper": hi.ravel(), "change_marker": marker.ravel(), "small_base": small.ravel(),
        "trend_per_year": slope.ravel(), "trend_years": used.ravel(),
    }
    flat["latest_year"][np.tile(latest_t < 0, n_rows)] = pd.NA
    target_years: list[int] = []
    notes: list[str] = []
    if plan is not None:
        base_v = at_t(c.value, base_t)
        cols, target_years, notes = _targets(plan, c, polarity, base_v, last_v,
                                             np.where(latest_t >= 0, latest_year, np.nan), slope)
        flat.update({k: v.ravel() for k, v in cols.items()})
    return FollowUp(table=pd.DataFrame(flat), reference_year=reference_year, trend_years=n_years,
                    target_years=tuple(target_years), plan=plan, notes=tuple(dict.fromkeys(notes)))


__all__ = ["CITY_ID", "DEFAULT_TREND_YEARS", "STATUSES", "FollowUp", "city_values",
           "follow_up_indicators", "follow_up_table", "yearly_values"]
