"""The indicator table by year: which years have data, and one year as areas × indicators."""

from __future__ import annotations

from collections.abc import Iterable

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


def counts_for_year(indicators: pd.DataFrame, year: int, area_ids: Iterable[object],
                    definition: Definition) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """Numerators and denominators of one year as two areas × indicators frames (NaN where unknown),
    or ``None`` when the table has no counts at all."""
    if not {"numerator", "denominator"} <= set(indicators.columns):
        return None
    sub = indicators[(indicators["year"] == year) & indicators["indicator_id"].isin(definition.indicator_ids)]
    index = pd.Index(list(area_ids), name="area_id")
    out = tuple(pd.to_numeric(sub[col], errors="coerce").groupby([sub["area_id"], sub["indicator_id"]]).last()
                .unstack().reindex(index=index, columns=list(definition.indicator_ids))
                for col in ("numerator", "denominator"))
    if out[0].isna().all(axis=None) or out[1].isna().all(axis=None):
        return None
    return out[0], out[1]


__all__ = ["available_years", "counts_for_year", "values_for_year"]
