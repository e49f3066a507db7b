"""The follow-up's tables as users read them: localised headers, numbers in the language's
format, statuses and markers in words. The page and the follow-up report show the same tables.
"""

from __future__ import annotations

import pandas as pd

from geo.definition import Definition
from geo.engine.progress import CITY_ID, STATUSES, FollowUp
from geo.i18n import fmt_number, t
from geo.view.followup import ChangeView, marker_text


def _name(area_id: str, name: str, lang: str) -> str:
    return t("fu_city", lang) if area_id == CITY_ID else name


def change_table(view: ChangeView, lang: str) -> pd.DataFrame:
    """Per area: the measure in the reference year and now, the change, relative to the city, the
    assessment (marker) and whether it is a priority area; best change first."""
    frame = view.frame.sort_values("good", ascending=False, kind="stable", na_position="last")
    unit = f" {view.unit}" if view.unit else ""
    out = pd.DataFrame({
        t("area", lang): frame["area_name"].astype(str).to_numpy(),
        str(view.reference_year): [fmt_number(v, lang, 2) + unit for v in frame["reference"]],
        str(view.year): [fmt_number(v, lang, 2) + unit for v in frame["value"]],
        t("fu_change", lang): [fmt_number(v, lang, 2) for v in frame["change"]],
        t("fu_relative", lang): [fmt_number(v, lang, 2) for v in frame["relative"]],
    })
    if view.has_markers:
        out[t("fu_assessment", lang)] = [marker_text(m, lo, hi, lang, small=bool(s)) for m, lo, hi, s in
                                         zip(frame["marker"], frame["lower"], frame["upper"], frame["small_base"],
                                             strict=True)]
    out[t("fu_priority", lang)] = ["●" if p else "" for p in frame["priority"]]
    return out


def summary_table(follow: FollowUp, lang: str) -> pd.DataFrame:
    """Per area and for the city: how many targets are on track, off track, lack data."""
    summary = follow.summary()
    out = pd.DataFrame({t("area", lang): [_name(a, n, lang) for a, n in zip(summary["area_id"], summary["area_name"],
                                                                            strict=True)]})
    for status in STATUSES:
        out[t(f"fu_status_{status}", lang)] = summary[status].astype(int).to_numpy()
    return out


def detail_table(follow: FollowUp, definition: Definition, lang: str, *, indicator: str | None = None) -> pd.DataFrame:
    """Per area (and the city) and indicator with a target: reference, latest, trend, and per target
    year the target, the yearly change needed and the status; only ``indicator`` when given."""
    table = follow.table
    status_cols = follow.status_columns()
    has_target = (table[status_cols] != "").any(axis=1) if status_cols else pd.Series(False, index=table.index)
    rows = table[has_target & ((table["indicator_id"] == indicator) if indicator else True)]
    out = pd.DataFrame({
        t("area", lang): [_name(a, n, lang) for a, n in zip(rows["area_id"], rows["area_name"], strict=True)],
        t("indicator", lang): [definition.any_indicator(i).display_label(lang) for i in rows["indicator_id"]],
        str(follow.reference_year): [fmt_number(v, lang, 1) for v in rows["reference_value"]],
        t("fu_col_latest", lang): [f"{fmt_number(v, lang, 1)} ({y})" if pd.notna(y) else "–"
                                   for v, y in zip(rows["latest_value"], rows["latest_year"], strict=True)],
        t("fu_col_trend", lang): [fmt_number(v, lang, 2) for v in rows["trend_per_year"]],
    })
    for year in follow.target_years:
        out[t("fu_col_target", lang, year=year)] = [fmt_number(v, lang, 1) for v in rows[f"target_{year}"]]
        out[t("fu_col_needed", lang, year=year)] = [fmt_number(v, lang, 2) for v in rows[f"needed_per_year_{year}"]]
        out[t("fu_col_status", lang, year=year)] = [t(f"fu_status_{s}", lang) if s else "–"
                                                    for s in rows[f"status_{year}"]]
    return out


def area_change_table(follow: FollowUp, area_id: str, definition: Definition, lang: str) -> pd.DataFrame:
    """One area's indicators since the reference year: values, change, the city's change and the
    marker (the area profile)."""
    table = follow.table
    rows = table[table["area_id"] == area_id]
    city = table[table["scope"] == "city"].set_index("indicator_id")["change"]
    return pd.DataFrame({
        t("indicator", lang): [definition.any_indicator(i).display_label(lang) for i in rows["indicator_id"]],
        str(follow.reference_year): [fmt_number(v, lang, 1) for v in rows["reference_value"]],
        t("fu_col_latest", lang): [f"{fmt_number(v, lang, 1)} ({y})" if pd.notna(y) else "–"
                                   for v, y in zip(rows["latest_value"], rows["latest_year"], strict=True)],
        t("fu_change", lang): [fmt_number(v, lang, 1) for v in rows["change"]],
        t("fu_city", lang): [fmt_number(city.get(i), lang, 1) for i in rows["indicator_id"]],
        t("fu_assessment", lang): [marker_text(m, lo, hi, lang, small=bool(s)) for m, lo, hi, s in
                                   zip(rows["change_marker"], rows["change_lower"], rows["change_upper"],
                                       rows["small_base"], strict=True)],
    })


__all__ = ["area_change_table", "change_table", "detail_table", "summary_table"]
