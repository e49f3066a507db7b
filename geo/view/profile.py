"""One area and one dimension in detail: raw and normalised values, contributions, the mean,
and what the area's rank is (or why it has none) with its notes on the data.

Plain frames for the Dimensioner and Områdesprofil pages, tested without a browser.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from geo.definition import Definition
from geo.engine.index import IndexResult
from geo.i18n import fmt_number, t
from geo.view.frames import records
from geo.view.ranking import rank_text


@dataclass(frozen=True)
class AreaSummary:
    """What the page says about one area's rank: ``rank`` for the metric (``"3 / 14"``, ``"–"``),
    ``unranked`` (``"Ej rankad: saknar värden i Utbildning"``, "" when ranked) and ``flags``
    (``"Anmärkning: Ekonomi: beräknad utan …"``, "" when none), in the view's language."""

    rank: str
    unranked: str = ""
    flags: str = ""


def area_summary(view: pd.DataFrame, area_id: str, lang: str = "sv") -> AreaSummary:
    """The summary of ``area_id`` from a :func:`geo.view.ranking.ranking_view` (one place for the
    profile page and the overview's selected area, so neither shows ``None`` for a missing rank)."""
    row: dict[str, Any] = next(records(view[view["area_id"].astype(str) == str(area_id)]))
    ranked = not pd.isna(row["rank"])
    n = int(view["rank"].max()) if view["rank"].notna().any() else 0
    reason = str(row.get("reason") or "") or (t("reason_no_index", lang) if not ranked else "")
    flag_text = str(row.get("flag_text") or "")
    return AreaSummary(rank=f"{int(row['rank'])} / {n}" if ranked else "–",
                       unranked=t("unranked_line", lang, reason=reason) if not ranked else "",
                       flags=t("flags_line", lang, flags=flag_text) if flag_text else "")


def history_table(series: pd.DataFrame, area_id: str, lang: str = "sv") -> pd.DataFrame:
    """The area's index and rank in every year (:func:`geo.engine.scoring.time_series`), as text:
    a year without a rank reads ``"– (ej rankad)"``, not ``<NA>``."""
    mine = series[series["area_id"] == area_id]
    return pd.DataFrame({t("year", lang): mine["year"].to_numpy(),
                         t("index", lang): [fmt_number(v, lang, 3) for v in mine["index"]],
                         t("rank", lang): [rank_text(r, lang) for r in mine["rank"]]})


def dimension_view(result: IndexResult, values: pd.DataFrame, definition: Definition, dim_id: str,
                   names: Mapping[str, str], years: Mapping[str, int] | None = None) -> pd.DataFrame:
    """Drill-down of one dimension: raw and normalised value of each of its indicators per area,
    sorted by the dimension score (columns labelled in the settings' language; with ``years`` the
    raw value's column names its data year)."""
    lang = result.settings.lang
    dim = definition.dimension(dim_id)
    out = pd.DataFrame(index=result.index.index)
    out["area_name"] = [names.get(a, a) for a in out.index]
    out[dim.display_label(lang)] = result.dimensions[dim_id]
    for ind in dim.indicators:
        label = ind.display_label(lang)
        year = f", {years[ind.id]}" if years and ind.id in years else ""
        out[f"{label} ({ind.unit}{year})"] = values[ind.id].reindex(out.index)
        out[f"{label} – {t('normalised', lang)}"] = result.normalised[ind.id]
    out.index.name = "area_id"
    return out.reset_index().sort_values(dim.display_label(lang), na_position="last").reset_index(drop=True)


def indicator_means(values: pd.DataFrame) -> pd.Series:
    """Unweighted mean over the areas (population is not part of the index data)."""
    return values.mean(axis=0, skipna=True)


def contributions(result: IndexResult, definition: Definition, area_id: str) -> pd.DataFrame:
    """Each indicator's contribution to the area's index relative to the mean area.

    For arithmetic aggregation ``I − Ī = Σ_i (w_d/Σw)·(v_i/Σv_d)·(s_i − s̄_i)``, so the
    contributions add up exactly to the difference from the mean index when no value
    is missing (a missing indicator contributes 0 and is listed as missing).
    """
    w_total = sum(result.weights.values())
    scores = result.normalised.loc[area_id].astype(float).to_dict()
    rows = []
    for dim in definition.dimensions:
        v_total = sum(result.indicator_weights[i.id] for i in dim.indicators)
        for ind in dim.indicators:
            s = float(scores[ind.id])
            mean = float(result.normalised[ind.id].mean(skipna=True))
            factor = (result.weights[dim.id] / w_total) * (result.indicator_weights[ind.id] / v_total)
            rows.append({"dimension": dim.id, "indicator": ind.id,
                         "contribution": 0.0 if pd.isna(s) else factor * (s - mean),
                         "missing": bool(pd.isna(s))})
    return pd.DataFrame(rows)


def profile_table(area_id: str, values: pd.DataFrame, result: IndexResult, definition: Definition,
                  years: Mapping[str, int] | None = None) -> pd.DataFrame:
    """Every indicator: the area's raw value and its data year, the mean of all areas, normalised
    score, contribution."""
    lang = result.settings.lang
    means = indicator_means(values)
    contrib = contributions(result, definition, area_id).set_index("indicator")["contribution"]
    rows = []
    for dim in definition.dimensions:
        for ind in dim.indicators:
            rows.append({
                "dimension": dim.display_label(lang),
                "indicator": ind.display_label(lang),
                "indicator_id": ind.id,
                "unit": ind.unit,
                "polarity": ind.polarity,
                "value": values.at[area_id, ind.id] if ind.id in values.columns else np.nan,
                "year": (years or {}).get(ind.id),
                "mean": means.get(ind.id, np.nan),
                "normalised": result.normalised.at[area_id, ind.id],
                "contribution": contrib[ind.id],
            })
    return pd.DataFrame(rows)


__all__ = ["AreaSummary", "area_summary", "contributions", "dimension_view", "history_table", "indicator_means",
           "profile_table"]
