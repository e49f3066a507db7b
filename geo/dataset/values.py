"""The indicator table by year: which years have data, and one year as areas × indicators.

Real data comes in vintages: education 2022, income support 2023, tenure 2020–2023. Besides
"exactly year Y", a view can take **each indicator's latest year** (:func:`latest_years`,
:func:`values_for_years`): per indicator, never per area, so the areas of one indicator are always
compared within one year. When all indicators end in the same year this is that year.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from geo.definition import Definition


def available_years(indicators: pd.DataFrame, definition: Definition | None = None) -> list[int]:
    """Years with at least one value for the definition's indicators, ascending."""
    frame = indicators
    if definition is not None:
        frame = frame[frame["indicator_id"].isin(definition.indicator_ids)]
    return sorted(int(y) for y in frame.loc[frame["value"].notna(), "year"].unique())


def values_for_year(indicators: pd.DataFrame, year: int, area_ids: Iterable[object],
                    definition: Definition) -> pd.DataFrame:
    """Raw values of one year as areas × indicators (NaN where missing), in area order."""
    sub = indicators[(indicators["year"] == year) & indicators["indicator_id"].isin(definition.indicator_ids)]
    wide = sub.pivot(index="area_id", columns="indicator_id", values="value")
    return wide.reindex(index=pd.Index(list(area_ids), name="area_id"), columns=list(definition.indicator_ids))


def latest_years(indicators: pd.DataFrame, definition: Definition) -> dict[str, int]:
    """Each of the definition's indicators' latest year with a value, in definition order
    (indicators without any value are left out)."""
    sub = indicators[indicators["indicator_id"].isin(definition.indicator_ids) & indicators["value"].notna()]
    last = sub.groupby("indicator_id")["year"].max()
    return {i: int(last[i]) for i in definition.indicator_ids if i in last.index}


def mixed_vintage(years: Mapping[str, int]) -> bool:
    """True when the indicators end in different years (then "latest" is not one year)."""
    return len(set(years.values())) > 1


def values_for_years(indicators: pd.DataFrame, years: Mapping[str, int], area_ids: Iterable[object],
                     definition: Definition) -> pd.DataFrame:
    """Raw values as areas × indicators with each indicator from its own year (``years``:
    indicator id → year; indicators not in it are missing)."""
    picked = pd.Series(years, dtype="float64")
    sub = indicators[indicators["indicator_id"].isin(list(years))]
    sub = sub[sub["year"].to_numpy(dtype=float) == picked.reindex(sub["indicator_id"]).to_numpy()]
    wide = sub.pivot(index="area_id", columns="indicator_id", values="value")
    return wide.reindex(index=pd.Index(list(area_ids), name="area_id"), columns=list(definition.indicator_ids))


def counts_for_years(indicators: pd.DataFrame, years: Mapping[str, int], area_ids: Iterable[object],
                     definition: Definition) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """Numerators and denominators with each indicator from its own year, as :func:`counts_for_year`."""
    if not {"numerator", "denominator"} <= set(indicators.columns):
        return None
    picked = pd.Series(years, dtype="float64")
    sub = indicators[indicators["indicator_id"].isin(list(years))]
    sub = sub[sub["year"].to_numpy(dtype=float) == picked.reindex(sub["indicator_id"]).to_numpy()]
    return _counts(sub, area_ids, definition)


def counts_for_year(indicators: pd.DataFrame, year: int, area_ids: Iterable[object],
                    definition: Definition) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """Numerators and denominators of one year as two areas × indicators frames (NaN where unknown),
    or ``None`` when the table has no counts at all."""
    if not {"numerator", "denominator"} <= set(indicators.columns):
        return None
    sub = indicators[(indicators["year"] == year) & indicators["indicator_id"].isin(definition.indicator_ids)]
    return _counts(sub, area_ids, definition)


def _counts(sub: pd.DataFrame, area_ids: Iterable[object],
            definition: Definition) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    index = pd.Index(list(area_ids), name="area_id")
    out = tuple(pd.to_numeric(sub[col], errors="coerce").groupby([sub["area_id"], sub["indicator_id"]]).last()
                .unstack().reindex(index=index, columns=list(definition.indicator_ids))
                for col in ("numerator", "denominator"))
    if out[0].isna().all(axis=None) or out[1].isna().all(axis=None):
        return None
    return out[0], out[1]


__all__ = ["available_years", "counts_for_year", "counts_for_years", "latest_years", "mixed_vintage",
           "values_for_year", "values_for_years"]
