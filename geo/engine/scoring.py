"""From validated frames to a scored table: pick the year, pivot, run the engine.

This is the one path the CLI and the dashboard both take:
files → validated frames (:mod:`geo.readers`, :mod:`geo.dataset`) → :func:`score` →
table / view model. Every function takes one :class:`~geo.settings.ViewSettings`, and
every :class:`Scored` carries the settings that made it (with the year filled in).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.dataset.load import Dataset
from geo.dataset.report import match_ids
from geo.dataset.values import available_years, latest_years, mixed_vintage, values_for_year, values_for_years
from geo.definition import Definition
from geo.engine.index import RANK_DECIMALS, DimensionWithoutData, IndexResult, compute_index, weighted_index
from geo.errors import DataError
from geo.i18n import t
from geo.settings import SettingsConflict, SettingsError, ViewSettings, pick_year


@dataclass(frozen=True)
class Scored:
    """A scored year with the table the CLI writes and the pages show.

    ``settings`` are the settings that made it, with ``year`` set to the year scored — or
    ``None`` when each indicator came from its own latest year (``data_years`` says which).
    """

    settings: ViewSettings
    result: IndexResult
    table: pd.DataFrame
    #: Indicator id → the year its values come from (indicators with data only).
    data_years: tuple[tuple[str, int], ...] = ()

    @property
    def year(self) -> int:
        """The year scored; with each indicator's latest year, the latest of them."""
        if self.settings.year is not None:
            return int(self.settings.year)
        return max((y for _, y in self.data_years), default=0)

    @property
    def year_map(self) -> dict[str, int]:
        return dict(self.data_years)

    @property
    def latest_per_indicator(self) -> bool:
        """True when the indicators come from different years (each its latest)."""
        return self.settings.year is None and len({y for _, y in self.data_years}) > 1

    def year_text(self, lang: str = "sv") -> str:
        """The data year as every view and export says it: "2024", or "2022–2023 (senaste per indikator)"."""
        if not self.latest_per_indicator:
            return str(self.year)
        years = sorted({y for _, y in self.data_years})
        return t("latest_per_indicator_span", lang, first=years[0], last=years[-1])


def area_names(areas: pd.DataFrame) -> pd.Series:
    """``area_name`` indexed by ``area_id`` (as text)."""
    return pd.Series(areas["area_name"].to_numpy(), index=areas["area_id"].astype(str).to_numpy())


def score(areas: gpd.GeoDataFrame | pd.DataFrame, indicators: pd.DataFrame, definition: Definition,
          settings: ViewSettings) -> Scored:
    """Score the areas for the settings' year (``None``: the latest year with data), normalised
    against the settings' reference year when there is one."""
    if settings.year is None:
        latest = latest_years(indicators, definition)
        if mixed_vintage(latest):
            _no_reference(settings)
            values = values_for_years(indicators, latest, areas["area_id"], definition)
            return score_values(values, area_names(areas), definition, settings, data_years=latest)
    years = available_years(indicators, definition)
    year = pick_year(years, settings.year)
    values = values_for_year(indicators, year, areas["area_id"], definition)
    ref_year = _reference_year(years, settings, year)
    reference = None if ref_year is None else values_for_year(indicators, ref_year, areas["area_id"], definition)
    return score_values(values, area_names(areas), definition, settings.with_(year=year), reference=reference)


def _no_reference(settings: ViewSettings) -> None:
    """Each indicator's latest year has no common yardstick year: a reference year is refused
    (the view falls back to each indicator against itself)."""
    if settings.reference_year is not None:
        fallback = settings.with_(reference_year=None)
        raise SettingsConflict("reference_year", t("conflict_latest_reference", settings.lang,
                                                   year=settings.reference_year),
                               hint=t("conflict_latest_reference_hint", settings.lang),
                               alternatives=(fallback,), fallback=fallback)


def _reference_year(years: list[int], settings: ViewSettings, year: int) -> int | None:
    """The year whose statistics normalise ``year``: ``None`` without a reference, and when the
    reference is the scored year itself (the same numbers as without one)."""
    ref = settings.reference_year
    if ref is None:
        return None
    if ref not in years:
        raise SettingsError("reference_year", f"referensåret {ref} finns inte i indikatortabellen.",
                            hint=f"Tillgängliga år: {', '.join(map(str, years))}.")
    conflict = settings.conflict()
    if conflict is not None:
        raise conflict  # percentile ranks have no reference, whatever the year
    return None if ref == year else ref


def score_dataset(data: Dataset, definition: Definition, settings: ViewSettings) -> Scored:
    """Score a dataset: the settings' year of its indicators, or its computed results as they are.

    The app scores through this (the dataset keeps each year's values, so a slider move only
    recomputes the index); the CLI's :func:`score` takes plain frames.
    """
    if data.results is not None:
        return score_results(data.areas, data.results, definition, settings)
    if settings.year is None and data.mixed_vintage(definition):
        _no_reference(settings)
        return score_values(data.values(definition, None), area_names(data.areas), definition, settings,
                            data_years=data.latest_years(definition))
    years = data.years(definition)
    year = pick_year(years, settings.year)
    ref_year = _reference_year(list(years), settings, year)
    reference = None if ref_year is None else data.values(definition, ref_year)
    return score_values(data.values(definition, year), area_names(data.areas), definition, settings.with_(year=year),
                        reference=reference)


def score_values(values: pd.DataFrame, names: pd.Series, definition: Definition,
                 settings: ViewSettings, *, reference: pd.DataFrame | None = None,
                 data_years: Mapping[str, int] | None = None) -> Scored:
    """Score one year's raw values (areas × indicators, from :func:`values_for_year`);
    ``settings.year`` must be the year of ``values``; ``reference`` the reference year's values
    in the same layout (the normalisation's statistics come from it). ``data_years``: each
    indicator's year when they differ (``settings.year`` is then ``None``).

    The dashboard keeps ``values`` cached between reruns, so a slider move only runs this.
    """
    result = compute_index(values, definition, settings, reference=reference)
    if data_years is None:
        year = int(settings.year or 0)
        data_years = {c: year for c in values.columns if values[c].notna().any()}
    return Scored(settings=settings, result=result, table=result.table(names),
                  data_years=tuple((i, int(data_years[i])) for i in definition.indicator_ids if i in data_years))


def time_series(areas: pd.DataFrame, indicators: pd.DataFrame, definition: Definition,
                settings: ViewSettings) -> pd.DataFrame:
    """Index and rank of every area in every year present, with the same settings; a year in which
    a dimension weighted above 0 has no data has no index with these weights and is left out."""
    frames = []
    for year in available_years(indicators, definition):
        try:
            s = score(areas, indicators, definition, settings.with_(year=year))
        except DimensionWithoutData:
            continue
        frames.append(s.table[["area_id", "area_name", "index", "rank"]].assign(year=year))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["area_id", "area_name", "index", "rank", "year"])


def score_years(data: Dataset, definition: Definition, settings: ViewSettings) -> dict[int, Scored]:
    """Every year of the dataset scored with the same settings (and reference year); a year in
    which a weighted dimension has no data is left out, as in :func:`time_series`."""
    out: dict[int, Scored] = {}
    for year in data.years(definition):
        try:
            out[year] = score_dataset(data, definition, settings.with_(year=year))
        except DimensionWithoutData:
            continue
    return out


def score_results(areas: gpd.GeoDataFrame | pd.DataFrame, results: pd.DataFrame, definition: Definition,
                  settings: ViewSettings) -> Scored:
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
    dim_w, ind_w = settings.resolve(definition)
    flags: list[list[str]] = [[] if ok else ["ej rankad", "saknar resultat"] for ok in has_row]
    if present:
        w = np.array([dim_w[d] for d in present])
        use = w > 0
        if not use.any():
            raise DataError("alla dimensioner som finns i resultattabellen har vikten 0, så inget index kan "
                            "beräknas.", hint=f"Ge någon av {', '.join(present)} en vikt större än 0.")
        x = dims[present].to_numpy(dtype=float)[:, use]
        idx = weighted_index(dims[present].to_numpy(dtype=float), w, "arithmetic")
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
        for pos in np.flatnonzero(np.isnan(idx) & has_row):
            flags[pos].append("ej rankad")
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
        settings=settings,
        weights=dim_w,
        indicator_weights=ind_w,
        notes=tuple(notes),
    )
    return Scored(settings=settings.with_(year=year or None), result=result, table=result.table(area_names(areas)))
