"""From validated frames to a scored table: pick a year, pivot, run the engine.

This is the one path both the CLI and the dashboard take:
files → validated frames (``geo.io``) → :func:`score` → table / view model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo.definition import Definition
from geo.errors import DataError
from geo.index import Aggregation, IndexResult, compute_index
from geo.normalise import Method


def available_years(indicators: pd.DataFrame, definition: Definition | None = None) -> list[int]:
    """Years with at least one value for the definition's indicators, ascending."""
    frame = indicators
    if definition is not None:
        frame = frame[frame["indicator_id"].isin(definition.indicator_ids)]
    return sorted(int(y) for y in frame.loc[frame["value"].notna(), "year"].unique())


def values_for_year(indicators: pd.DataFrame, year: int, area_ids: pd.Index | list[str],
                    definition: Definition) -> pd.DataFrame:
    """Raw values of one year as areas × indicators (NaN where missing), in area order."""
    sub = indicators[(indicators["year"] == year) & indicators["indicator_id"].isin(definition.indicator_ids)]
    wide = sub.pivot(index="area_id", columns="indicator_id", values="value")
    return wide.reindex(index=pd.Index(list(area_ids), name="area_id"), columns=list(definition.indicator_ids))


@dataclass(frozen=True)
class Scored:
    """A scored year with the table the CLI writes and the pages show."""

    year: int
    result: IndexResult
    table: pd.DataFrame


def resolve_year(indicators: pd.DataFrame, definition: Definition, year: int | None) -> int:
    """The requested year, or the latest year with data; an absent year is an error."""
    years = available_years(indicators, definition)
    if not years:
        raise DataError("indikatortabellen har inga värden för definitionens indikatorer.",
                        hint="Kontrollera att indicator_id i tabellen stämmer med definitionens id.")
    if year is None:
        return years[-1]
    if year not in years:
        raise DataError(f"året {year} finns inte i indikatortabellen.",
                        hint=f"Tillgängliga år: {', '.join(map(str, years))}.")
    return year


def score(
    areas: gpd.GeoDataFrame | pd.DataFrame,
    indicators: pd.DataFrame,
    definition: Definition,
    *,
    year: int | None = None,
    method: Method = "zscore",
    weights: Mapping[str, float] | None = None,
    indicator_weights: Mapping[str, float] | None = None,
    aggregation: Aggregation = "arithmetic",
) -> Scored:
    """Score the areas for one year (default: the latest year with data)."""
    year = resolve_year(indicators, definition, year)
    values = values_for_year(indicators, year, areas["area_id"], definition)
    result = compute_index(values, definition, method=method, weights=weights,
                           indicator_weights=indicator_weights, aggregation=aggregation)
    names = pd.Series(areas["area_name"].to_numpy(), index=areas["area_id"].astype(str).to_numpy())
    return Scored(year=year, result=result, table=result.table(names))
