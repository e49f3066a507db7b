"""The index over the years on one yardstick: change since the reference year and the gap
between the priority areas and the rest of the city.

Scored per year *against a reference year* (:mod:`geo.engine.normalise`), the index and the
dimension scores of different years are comparable: if every area improves, every index
rises. Without a reference year each year is normalised on its own and only relative
positions can be compared (the page says so).

* **The city** is the plain mean over the areas with an index (every area counts once, as
  in the index itself).
* **Change** since the reference year per area, absolute and relative to the city (the
  area's change minus the city's).
* **The priority areas** are the top k in the reference year — the areas the work was
  concentrated on when it started. Keeping the group fixed is what makes the gap honest: a
  group re-chosen every year as the currently weakest always looks as if it falls behind
  (regression to the mean in reverse).
* **The gap** = mean index of the other areas − mean index of the priority areas, per year;
  narrowing when its least-squares slope over the years since the reference year is
  negative by more than :data:`GAP_TOLERANCE` per year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from geo.engine.scoring import Scored

#: |gap slope| per year below which the gap counts as unchanged (index points).
GAP_TOLERANCE = 0.01

GapTrend = Literal["narrowing", "widening", "unchanged", "unknown"]


@dataclass(frozen=True)
class IndexHistory:
    """Index and dimension scores per year (rows) and area (columns), on one yardstick."""

    index: pd.DataFrame
    dimensions: dict[str, pd.DataFrame]
    names: pd.Series
    reference_year: int
    priority: tuple[str, ...]
    top_k: int
    fixed_yardstick: bool

    @property
    def years(self) -> list[int]:
        return [int(y) for y in self.index.index]

    @property
    def latest_year(self) -> int:
        return int(self.index.index.max())

    def city(self, dim_id: str | None = None) -> pd.Series:
        """The city (mean over areas) per year, for the index or a dimension."""
        frame = self.index if dim_id is None else self.dimensions[dim_id]
        return frame.mean(axis=1, skipna=True)

    def change(self, year: int | None = None, dim_id: str | None = None) -> pd.DataFrame:
        """Per area: the value in the reference year and in ``year`` (default the latest), the
        change, the change relative to the city, and whether the area is a priority area."""
        year = self.latest_year if year is None else year
        frame = self.index if dim_id is None else self.dimensions[dim_id]
        city = self.city(dim_id)
        ref, now = frame.loc[self.reference_year], frame.loc[year]
        change = now - ref
        city_change = float(city.loc[year] - city.loc[self.reference_year])
        out = pd.DataFrame({"area_id": frame.columns.astype(str), "area_name": self.names.reindex(frame.columns).to_numpy(),
                            "reference": ref.to_numpy(), "value": now.to_numpy(), "change": change.to_numpy(),
                            "relative": (change - city_change).to_numpy(),
                            "priority": frame.columns.isin(self.priority)})
        return out.sort_values("change", ascending=False, kind="stable", ignore_index=True)

    def gap(self) -> pd.DataFrame:
        """Per year: the mean index of the priority areas, of the others, and the gap between them."""
        cols = self.index.columns
        prio = self.index.loc[:, cols.isin(self.priority)].mean(axis=1)
        rest = self.index.loc[:, ~cols.isin(self.priority)].mean(axis=1)
        return pd.DataFrame({"year": self.years, "priority": prio.to_numpy(), "rest": rest.to_numpy(),
                             "gap": (rest - prio).to_numpy()})

    def gap_trend(self) -> tuple[GapTrend, float]:
        """Whether the gap narrows, from the least-squares slope over the years from the reference
        year on (``unknown`` with fewer than two such years); returns the trend and the slope."""
        gap = self.gap()
        since = gap[(gap["year"] >= self.reference_year) & gap["gap"].notna()]
        if len(since) < 2 or not self.priority or len(self.priority) == self.index.shape[1]:
            return "unknown", float("nan")
        slope = float(np.polyfit(since["year"].astype(float), since["gap"].astype(float), 1)[0])
        if abs(slope) <= GAP_TOLERANCE:
            return "unchanged", slope
        return ("narrowing" if slope < 0 else "widening"), slope


def index_history(scored: Mapping[int, Scored], reference_year: int | None = None) -> IndexHistory:
    """Collect the years' scores (``scored[year]``, all with the same settings and reference year)
    into an :class:`IndexHistory`. Without a reference year the first year is the base of the
    change and the page says the yardstick is not fixed."""
    if not scored:
        raise ValueError("index_history needs at least one scored year")
    years = sorted(scored)
    first = scored[years[0]]
    ref: int = years[0]
    for wanted in (reference_year, first.settings.reference_year):
        if wanted is not None and wanted in scored:
            ref = wanted
            break
    index = pd.DataFrame({y: scored[y].result.index for y in years}).T
    index.index.name = "year"
    dim_ids = list(first.result.dimensions.columns)
    dims = {d: pd.DataFrame({y: scored[y].result.dimensions[d] for y in years}).T for d in dim_ids}
    table = scored[ref].table
    names = pd.Series(table["area_name"].to_numpy(), index=table["area_id"].astype(str).to_numpy())
    k = first.settings.top_k
    ranks = scored[ref].result.rank.dropna()
    priority = tuple(str(a) for a in ranks[ranks <= k].index)
    return IndexHistory(index=index, dimensions=dims, names=names, reference_year=int(ref), priority=priority,
                        top_k=k, fixed_yardstick=first.settings.reference_year is not None)


__all__ = ["GAP_TOLERANCE", "GapTrend", "IndexHistory", "index_history"]
