"""From validated frames to a scored table: pick a year, pivot, run the engine.

This is the one path both the CLI and the dashboard take:
files → validated frames (``geo.io``) → :func:`score` → table / view model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.definition import Definition
from geo.errors import DataError
from geo.engine.index import RANK_DECIMALS, Aggregation, IndexResult, compute_index, resolve_weights
from geo.engine.normalise import Method
from geo.dataset.report import match_ids


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
    names = pd.Series(areas["area_name"].to_numpy(), index=areas["area_id"].astype(str).to_numpy())
    return score_values(values, names, definition, year=year, method=method, weights=weights,
                        indicator_weights=indicator_weights, aggregation=aggregation)


def score_values(
    values: pd.DataFrame,
    names: pd.Series,
    definition: Definition,
    *,
    year: int,
    method: Method = "zscore",
    weights: Mapping[str, float] | None = None,
    indicator_weights: Mapping[str, float] | None = None,
    aggregation: Aggregation = "arithmetic",
) -> Scored:
    """Score one year's raw values (areas × indicators, as from :func:`values_for_year`).

    The dashboard keeps ``values`` cached between reruns, so a slider move only runs this.
    """
    result = compute_index(values, definition, method=method, weights=weights,
                           indicator_weights=indicator_weights, aggregation=aggregation)
    return Scored(year=year, result=result, table=result.table(names))


def score_results(
    areas: gpd.GeoDataFrame | pd.DataFrame,
    results: pd.DataFrame,
    definition: Definition,
    *,
    weights: Mapping[str, float] | None = None,
) -> Scored:
    """Rank already computed results (``geo.readers.indicators.read_results``) instead of raw indicators.

    ``results`` is indexed by ``area_id`` (or has an ``area_id`` column) and holds
    dimension scores and/or ``index``; an optional ``year`` column names the year
    (else 0). Result ids are matched to the layer's like the join report does
    (whitespace, case, leading zeros).

    * With dimension scores: ``I = Σ w_d·dim_d / Σ w_d`` over the dimensions present
      with ``w_d > 0`` (the sliders weight them; weights of absent dimensions are
      ignored). An area missing a weighted dimension gets no index and no rank. A
      given ``index`` column is then replaced by this weighted mean (a note says so).
    * With only ``index``: shown as it is; weights are ignored (a note says so).

    Ranking as in :mod:`geo.engine.index`: rank 1 = lowest index, ties share the lowest rank
    (``min``) after rounding to ``RANK_DECIMALS``. The returned ``IndexResult`` has an
    all-missing ``normalised`` frame (there are no indicators).
    """
    frame = results.copy()
    if "area_id" in frame.columns:
        frame = frame.set_index("area_id")
    frame.index = frame.index.astype(str)
    area_ids = pd.Index(areas["area_id"].astype(str).to_numpy(), name="area_id")
    matched, _changes = match_ids(pd.Series(frame.index, index=frame.index), pd.Series(area_ids))
    notes: list[str] = []
    unmatched = [str(a) for a in matched.index[matched.isna()]]
    if unmatched:
        more = f" … (+{len(unmatched) - 10})" if len(unmatched) > 10 else ""
        notes.append(f"Resultatrader utan matchande område ignoreras: {', '.join(unmatched[:10])}{more}.")
    frame = frame[matched.notna().to_numpy()]
    frame.index = pd.Index(matched.dropna().astype(str).to_numpy(), name="area_id")
    if frame.index.duplicated().any():
        dup = str(frame.index[frame.index.duplicated()][0])
        raise DataError(f"flera rader i resultattabellen hör till området '{dup}' (t.ex. '01' och '1').",
                        hint="Resultattabellen ska ha en rad per område.")
    has_row = area_ids.isin(frame.index)
    frame = frame.reindex(area_ids)

    year = 0
    if "year" in frame.columns:
        years = pd.to_numeric(frame["year"], errors="coerce").dropna().unique()
        if len(years):
            year = int(max(years))
        if len(years) > 1:
            notes.append(f"Resultattabellen har flera år ({', '.join(str(int(y)) for y in sorted(years))}); "
                         f"år {year} visas.")

    dim_ids = list(definition.dimension_ids)
    present = [d for d in dim_ids if d in frame.columns]
    dims = pd.DataFrame({d: (pd.to_numeric(frame[d], errors="coerce") if d in present else np.nan)
                         for d in dim_ids}, index=area_ids, dtype=float)
    dim_w, ind_w = resolve_weights(definition, weights)
    flags: list[list[str]] = [[] if ok else ["ej rankad", "saknar resultat"] for ok in has_row]
    if present:
        w = np.array([dim_w[d] for d in present])
        use = w > 0
        if not use.any():
            raise DataError("alla dimensioner som finns i resultattabellen har vikten 0, så inget index kan "
                            "beräknas.", hint=f"Ge någon av {', '.join(present)} en vikt större än 0.")
        x = dims[present].to_numpy(dtype=float)[:, use]
        complete = ~np.isnan(x).any(axis=1)
        idx = np.where(complete, np.nan_to_num(x) @ w[use] / w[use].sum(), np.nan)
        used = [d for d, u in zip(present, use) if u]
        for a in range(len(area_ids)):
            lacking = [d for d, v in zip(used, x[a]) if np.isnan(v)]
            if lacking and has_row[a]:
                flags[a] += ["ej rankad"] + [f"{d}: saknar data" for d in lacking]
        absent = [d for d in dim_ids if d not in present]
        if absent:
            notes.append(f"Resultattabellen saknar dimensionerna {', '.join(absent)}; indexet är det viktade "
                         f"medelvärdet av {', '.join(present)} och deras vikter används.")
        if "index" in frame.columns:
            notes.append("Tabellens kolumn 'index' ersätts av det viktade medelvärdet av dimensionerna, så att "
                         "vikterna verkar.")
    elif "index" in frame.columns:
        idx = pd.to_numeric(frame["index"], errors="coerce").to_numpy(dtype=float)
        for a in np.flatnonzero(np.isnan(idx) & has_row):
            flags[a].append("ej rankad")
        notes.append("Resultattabellen har bara ett färdigt index: det visas som det är och vikterna påverkar "
                     "inte rangordningen.")
    else:
        raise DataError("resultattabellen har varken dimensionskolumner eller kolumnen 'index'.",
                        hint=f"Dimensioner i definitionen: {', '.join(dim_ids)}.")
    no_result = [str(a) for a, ok in zip(area_ids, has_row) if not ok]
    if no_result:
        more = f" … (+{len(no_result) - 10})" if len(no_result) > 10 else ""
        notes.append(f"Områden utan resultat: {', '.join(no_result[:10])}{more}.")

    index = pd.Series(idx, index=area_ids, name="index")
    rank = index.round(RANK_DECIMALS).rank(method="min", ascending=True).astype("Int64").rename("rank")
    result = IndexResult(
        normalised=pd.DataFrame(np.nan, index=area_ids, columns=list(definition.indicator_ids), dtype=float),
        dimensions=dims,
        index=index,
        rank=rank,
        flags=pd.Series(["; ".join(f) for f in flags], index=area_ids, name="flags", dtype="object"),
        method="results",
        aggregation="arithmetic",
        weights=dim_w,
        indicator_weights=ind_w,
        notes=tuple(notes),
    )
    names = pd.Series(areas["area_name"].to_numpy(), index=area_ids.to_numpy())
    return Scored(year=year, result=result, table=result.table(names))
