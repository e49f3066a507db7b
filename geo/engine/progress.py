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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.definition import Definition, Indicator
from geo.engine.change import markers, newcombe, small_base
from geo.errors import DataError
from geo.targets import MIN_TREND_YEARS, Plan, Target

#: The city's rows in the follow-up table.
CITY_ID = "STAD"
STATUSES = ("on_track", "off_track", "too_little_data")
DEFAULT_TREND_YEARS = 4
_KEY = ["area_id", "indicator_id"]


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


def _frame(indicators: pd.DataFrame, area_ids: Sequence[str], ids: Sequence[str]) -> pd.DataFrame:
    cols = ["area_id", "indicator_id", "year", "value"]
    counts = [c for c in ("numerator", "denominator") if c in indicators.columns]
    frame = indicators.loc[indicators["indicator_id"].isin(ids), cols + counts].copy()
    frame["area_id"] = frame["area_id"].astype(str)
    frame = frame[frame["area_id"].isin(set(area_ids)) & frame["value"].notna()]
    for c in ("numerator", "denominator"):
        frame[c] = pd.to_numeric(frame[c], errors="coerce") if c in frame.columns else np.nan
    frame["year"] = frame["year"].astype(int)
    return frame


def city_values(frame: pd.DataFrame) -> pd.DataFrame:
    """The city's value per indicator and year (see the module docstring) with its basis."""
    has = frame["numerator"].notna() & frame["denominator"].notna() & (frame["denominator"] > 0)
    g = frame.assign(has=has, num=frame["numerator"].where(has), den=frame["denominator"].where(has),
                     ratio=(frame["value"] * frame["denominator"] / frame["numerator"]).where(has & (frame["numerator"] > 0)))
    agg = g.groupby(["indicator_id", "year"]).agg(value=("value", "mean"), n=("value", "size"), n_counts=("has", "sum"),
                                                  numerator=("num", "sum"), denominator=("den", "sum"),
                                                  scale=("ratio", "median"))
    counted = (agg["n_counts"] == agg["n"]) & (agg["denominator"] > 0)
    scale = agg["scale"].fillna(100.0).round()
    agg["value"] = np.where(counted, scale * agg["numerator"] / agg["denominator"].where(counted), agg["value"])
    agg["basis"] = np.where(counted, "counts", "mean")
    agg.loc[~counted, ["numerator", "denominator"]] = np.nan
    out = agg.reset_index()[["indicator_id", "year", "value", "numerator", "denominator", "basis"]]
    return out.assign(area_id=CITY_ID)


def yearly_values(indicators: pd.DataFrame, area_ids: Sequence[str], ids: Sequence[str]) -> pd.DataFrame:
    """Each area's and the city's (``area_id`` :data:`CITY_ID`) values per indicator and year."""
    frame = _frame(indicators, area_ids, ids)
    return pd.concat([frame, city_values(frame)], ignore_index=True)[["area_id", "indicator_id", "year", "value"]]


def _at(frame: pd.DataFrame, years: pd.Series, prefix: str) -> pd.DataFrame:
    """Each (area, indicator)'s value and counts in the year ``years[indicator]``."""
    want = frame.merge(years.rename("_y").reset_index(), on="indicator_id")
    want = want[want["year"] == want["_y"]]
    return want[[*_KEY, "value", "numerator", "denominator"]].rename(
        columns={"value": f"{prefix}_value", "numerator": f"{prefix}_num", "denominator": f"{prefix}_den"})


def _trend(frame: pd.DataFrame, latest: pd.Series, n_years: int) -> pd.DataFrame:
    """Least-squares slope per (area, indicator) over the indicator's last ``n_years`` years."""
    win = frame.merge(latest.rename("_l").reset_index(), on="indicator_id")
    win = win[(win["year"] > win["_l"] - n_years) & (win["year"] <= win["_l"])]
    x = (win["year"] - win["_l"]).astype(float)
    y = win["value"].astype(float)
    sums = pd.DataFrame({**{k: win[k] for k in _KEY}, "n": 1.0, "x": x, "y": y, "xx": x * x, "xy": x * y})
    s = sums.groupby(_KEY).sum()
    denom = s["n"] * s["xx"] - s["x"] ** 2
    slope = (s["n"] * s["xy"] - s["x"] * s["y"]) / denom.where(denom > 0)
    slope = slope.where(s["n"] >= MIN_TREND_YEARS)
    return pd.DataFrame({"trend_per_year": slope, "trend_years": s["n"].astype(int)}).reset_index()


def _target_value(target: Target, base: pd.Series, city_base: pd.Series, polarity: pd.Series) -> pd.Series:
    if target.value is not None:
        return pd.Series(target.value, index=base.index, dtype=float)
    gap = city_base - base
    share = (target.close_gap or 0.0) / 100.0
    behind = polarity * gap > 0  # the city is better: close part of the gap; else hold the level
    return base + np.where(behind, share * gap, 0.0)


def _apply_targets(table: pd.DataFrame, plan: Plan, polarity: pd.Series) -> tuple[list[int], list[str]]:
    """Add target, needed-per-year and status columns per target year; returns the years and notes."""
    notes: list[str] = []
    known = set(table["indicator_id"])
    years = list(plan.years)
    is_city = table["scope"] == "city"
    city_base = table[is_city].set_index("indicator_id")["base_value"]
    for year in years:
        target = pd.Series(np.nan, index=table.index)
        # General targets first, then those naming areas (the specific one wins).
        for tg in sorted((t for t in plan.targets if t.year == year), key=lambda t: bool(t.areas)):
            if tg.indicator not in known:
                notes.append(f"Målet för '{tg.indicator}' ({year}) gäller en indikator som inte finns i definitionen "
                             "eller data och följs inte upp.")
                continue
            rows = (table["indicator_id"] == tg.indicator) & (
                is_city if tg.scope == "city" else (~is_city & (table["area_id"].isin(tg.areas) if tg.areas else True)))
            sub = table[rows]
            target[rows] = _target_value(tg, sub["base_value"], sub["indicator_id"].map(city_base),
                                         sub["indicator_id"].map(polarity)).to_numpy()
        span = year - table["latest_year"].astype(float)
        needed = (target - table["latest_value"]) / span.where(span > 0)
        pol = table["indicator_id"].map(polarity)
        on = np.where((span > 0).to_numpy(), pol * (table["trend_per_year"] - needed) >= -1e-12,
                      pol * (table["latest_value"] - target) >= -1e-12)
        lacking = table["latest_value"].isna() | ((span > 0) & table["trend_per_year"].isna())
        status = np.where(target.isna(), "", np.where(lacking, "too_little_data", np.where(on, "on_track", "off_track")))
        table[f"target_{year}"] = target
        table[f"needed_per_year_{year}"] = needed.where(target.notna())
        table[f"status_{year}"] = status
    return years, notes


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
    frame = _frame(indicators, area_ids, ids)
    if until_year is not None:
        frame = frame[frame["year"] <= until_year]
    if not (frame["year"] == reference_year).any():
        years = sorted(frame["year"].unique())
        raise DataError(f"referensåret {reference_year} har inga värden i indikatortabellen.",
                        hint=f"Tillgängliga år: {', '.join(map(str, years))}.")
    n_years = trend_years or (plan.trend_years if plan else DEFAULT_TREND_YEARS)
    city = city_values(frame)
    both = pd.concat([frame.assign(basis="counts"), city], ignore_index=True)
    latest = both.groupby("indicator_id")["year"].max()
    ref = pd.Series(reference_year, index=latest.index)
    base_year = plan.base_year if plan is not None and plan.base_year is not None else reference_year

    names = pd.Series(areas["area_name"].astype(str).to_numpy(), index=area_ids)
    grid = pd.MultiIndex.from_product([[*area_ids, CITY_ID], ids], names=_KEY).to_frame(index=False)
    table = grid.merge(_at(both, ref, "reference"), on=_KEY, how="left")
    table = table.merge(_at(both, latest, "latest"), on=_KEY, how="left")
    table = table.merge(_at(both, pd.Series(base_year, index=latest.index), "base")[[*_KEY, "base_value"]],
                        on=_KEY, how="left")
    table = table.merge(_trend(both, latest, n_years), on=_KEY, how="left")
    table["latest_year"] = table["indicator_id"].map(latest).astype("Int64")
    table["latest_value"] = table["latest_value"].where(table["latest_year"].notna())

    by_id = {i.id: i for i in inds}
    polarity = pd.Series({i.id: float(i.polarity) for i in inds})
    scale = _share_scale(both)
    pol = table["indicator_id"].map(polarity).to_numpy()
    _, lo, hi = newcombe(table["reference_num"], table["reference_den"], table["latest_num"], table["latest_den"])
    factor = table["indicator_id"].map(scale).to_numpy(dtype=float)
    table["change"] = table["latest_value"] - table["reference_value"]
    table["change_lower"] = lo * factor
    table["change_upper"] = hi * factor
    table["change_marker"] = markers(table["change_lower"].to_numpy(), table["change_upper"].to_numpy(), pol)
    table.loc[table["change"].isna(), "change_marker"] = "unknown"
    table["small_base"] = small_base(table["reference_den"], table["latest_den"]) & (table["area_id"] != CITY_ID)
    table["scope"] = np.where(table["area_id"] == CITY_ID, "city", "area")
    table["area_name"] = table["area_id"].map(names).fillna("")
    table["unit"] = table["indicator_id"].map({k: v.unit for k, v in by_id.items()})
    table["polarity"] = pol.astype(int)
    table["role"] = table["indicator_id"].map({k: v.role for k, v in by_id.items()})
    table["reference_year"] = reference_year
    city_basis = city.loc[city["year"] == reference_year].set_index("indicator_id")["basis"]
    table["basis"] = np.where(table["scope"] == "city", table["indicator_id"].map(city_basis).fillna("mean"),
                              np.where(table["reference_den"].notna(), "counts", "values"))
    target_years: list[int] = []
    notes: list[str] = []
    if plan is not None:
        target_years, notes = _apply_targets(table, plan, polarity)
    columns = ["scope", "area_id", "area_name", "indicator_id", "role", "unit", "polarity", "basis",
               "reference_year", "reference_value", "latest_year", "latest_value", "change", "change_lower",
               "change_upper", "change_marker", "small_base", "trend_per_year", "trend_years",
               *(f"{c}_{y}" for y in target_years for c in ("target", "needed_per_year", "status"))]
    table = table[columns]  # the layer's area order, the city last (the grid's order)
    table["trend_years"] = table["trend_years"].fillna(0).astype(int)
    return FollowUp(table=table, reference_year=reference_year, trend_years=n_years,
                    target_years=tuple(target_years), plan=plan, notes=tuple(dict.fromkeys(notes)))


def _share_scale(frame: pd.DataFrame) -> pd.Series:
    """Per indicator: 100 when its values are percentages of numerator/denominator, 1 when they are
    fractions, NaN when the counts are not the share's (then no interval)."""
    has = frame["numerator"].notna() & frame["denominator"].notna() & (frame["numerator"] > 0)
    ratio = (frame["value"] / (frame["numerator"] / frame["denominator"])).where(has)
    med = ratio.groupby(frame["indicator_id"]).median()
    return pd.Series(np.where((med - 100).abs() < 0.5, 100.0, np.where((med - 1).abs() < 0.005, 1.0, np.nan)),
                     index=med.index)


def changed_areas(table: pd.DataFrame, indicator_ids: Iterable[str]) -> pd.DataFrame:
    """Counts of sure improvements and worsenings per area over the given indicators."""
    sub = table[(table["scope"] == "area") & table["indicator_id"].isin(list(indicator_ids))]
    return sub.groupby(["area_id", "area_name"], sort=False)["change_marker"].value_counts().unstack(
        fill_value=0).reindex(columns=["improved", "uncertain", "worsened", "unknown"], fill_value=0).reset_index()


__all__ = ["CITY_ID", "DEFAULT_TREND_YEARS", "STATUSES", "FollowUp", "changed_areas", "city_values",
           "follow_up_indicators", "follow_up_table", "yearly_values"]
