"""View models: what the pages show, computed from scored results (no Streamlit).

Keeps the widgets thin: the ranking with rank changes against the baseline, the
top-k entries and exits, map tooltips, the dimension drill-down and the area profile
are all plain frames built here and tested without a browser.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.view.palette import Classes
from geo.definition import Definition
from geo.i18n import fmt_number, t
from geo.engine.index import IndexResult
from geo.engine.scoring import Scored, available_years, score, values_for_year
from geo.output.webmap import area_style, tooltip_html

ARROW_UP, ARROW_DOWN, SAME = "↑", "↓", "–"
#: Outline of the selected area: orange stands out against every viridis class.
SELECTED_OUTLINE = "#ff7f0e"


def rank_change_label(change: float | None) -> str:
    """``↑2`` = moved two places towards rank 1 (higher priority), ``↓1`` = one place away."""
    if change is None or pd.isna(change):
        return ""
    change = int(change)
    if change > 0:
        return f"{ARROW_UP}{change}"
    if change < 0:
        return f"{ARROW_DOWN}{-change}"
    return SAME


def change_marker(label: str) -> str:
    """The change label with a coloured marker: 🔵 up (higher priority), 🟠 down.

    >>> change_marker("↑2"), change_marker("↓1"), change_marker("–")
    ('🔵 ↑2', '🟠 ↓1', '–')
    """
    if label.startswith(ARROW_UP):
        return f"🔵 {label}"
    if label.startswith(ARROW_DOWN):
        return f"🟠 {label}"
    return label


def ranking_view(current: Scored, baseline: Scored, *, top_k: int = 3) -> pd.DataFrame:
    """The ranking table: current rank, baseline rank, change and top-k status per area.

    ``rank_change = baseline_rank − rank``: positive means the area moved towards rank 1
    (greater challenges, higher priority) compared with the definition's default weights.
    """
    cur = current.table.set_index("area_id")
    base = baseline.table.set_index("area_id")
    out = pd.DataFrame({
        "rank": cur["rank"],
        "area_name": cur["area_name"],
        "index": cur["index"],
        "baseline_rank": base["rank"].reindex(cur.index),
        "flags": cur["flags"],
    })
    out["rank_change"] = (out["baseline_rank"] - out["rank"]).astype("Int64")
    out["change_label"] = [rank_change_label(v) for v in out["rank_change"]]
    out["in_top_k"] = (out["rank"] <= top_k).fillna(False).astype(bool)
    out["was_top_k"] = (out["baseline_rank"] <= top_k).fillna(False).astype(bool)
    out["top_k_status"] = np.select(
        [out["in_top_k"] & ~out["was_top_k"], ~out["in_top_k"] & out["was_top_k"]],
        ["in", "out"], default="")
    out.index.name = "area_id"
    out = out.reset_index()
    return out.sort_values(["rank", "area_id"], na_position="last", kind="mergesort").reset_index(drop=True)


@dataclass(frozen=True)
class TopKChanges:
    entering: tuple[str, ...]  # area names entering the top k
    leaving: tuple[str, ...]


def top_k_changes(view: pd.DataFrame) -> TopKChanges:
    return TopKChanges(
        entering=tuple(view.loc[view["top_k_status"] == "in", "area_name"]),
        leaving=tuple(view.loc[view["top_k_status"] == "out", "area_name"]),
    )


def map_styles(view: pd.DataFrame, result: IndexResult, classes: Classes, definition: Definition,
               *, lang: str = "sv", selected: str | None = None) -> dict[str, dict]:
    """Per-area style entries for :func:`geo.output.webmap.style_layer`: colour and tooltip.

    Tooltip text is escaped by :func:`geo.output.webmap.tooltip_html`, so area names and labels
    containing HTML are shown literally.
    """
    styles: dict[str, dict] = {}
    n_ranked = int(view["rank"].max()) if view["rank"].notna().any() else 0
    # Plain dicts: per-cell .at lookups cost more than the rest of the function at 136 areas.
    dim_labels = [dim.display_label(lang) for dim in definition.dimensions]
    dim_rows = result.dimensions.reindex(columns=list(definition.dimension_ids)).to_dict("index")
    for row in view.itertuples(index=False):
        aid = str(row.area_id)
        if pd.isna(row.index):
            lines = [t("no_value", lang)] + ([str(row.flags)] if row.flags else [])
            entry = area_style(None, tooltip_html(str(row.area_name), lines))
        else:
            lines = [
                f"{t('index', lang)}: {fmt_number(row.index, lang)}",
                f"{t('rank', lang)}: {int(row.rank)} / {n_ranked}",
                f"{t('rank_change', lang)}: {row.change_label}",
            ]
            lines += [f"{label}: {fmt_number(value, lang)}"
                      for label, value in zip(dim_labels, dim_rows[aid].values(), strict=True)]
            entry = area_style(classes.color_of(aid), tooltip_html(str(row.area_name), lines),
                               color="#ffffff", weight=1.0, fillOpacity=0.85)
        if selected is not None and aid == selected:
            entry.update({"color": SELECTED_OUTLINE, "weight": 4.0, "dashArray": None})
        styles[aid] = entry
    return styles


def dimension_view(result: IndexResult, values: pd.DataFrame, definition: Definition, dim_id: str,
                   names: Mapping[str, str], *, lang: str = "sv") -> pd.DataFrame:
    """Drill-down of one dimension: raw and normalised value of each of its indicators per area."""
    dim = definition.dimension(dim_id)
    out = pd.DataFrame(index=result.index.index)
    out["area_name"] = [names.get(a, a) for a in out.index]
    out[dim.display_label(lang)] = result.dimensions[dim_id]
    for ind in dim.indicators:
        label = ind.display_label(lang)
        out[f"{label} ({ind.unit})"] = values[ind.id].reindex(out.index)
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
    rows = []
    for dim in definition.dimensions:
        v_total = sum(result.indicator_weights[i.id] for i in dim.indicators)
        for ind in dim.indicators:
            s = result.normalised.at[area_id, ind.id]
            mean = result.normalised[ind.id].mean(skipna=True)
            factor = (result.weights[dim.id] / w_total) * (result.indicator_weights[ind.id] / v_total)
            rows.append({"dimension": dim.id, "indicator": ind.id,
                         "contribution": 0.0 if pd.isna(s) else factor * (s - mean),
                         "missing": bool(pd.isna(s))})
    return pd.DataFrame(rows)


def profile_table(area_id: str, values: pd.DataFrame, result: IndexResult, definition: Definition,
                  *, lang: str = "sv") -> pd.DataFrame:
    """Every indicator: the area's raw value, the mean of all areas, normalised score, contribution."""
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
                "mean": means.get(ind.id, np.nan),
                "normalised": result.normalised.at[area_id, ind.id],
                "contribution": contrib[ind.id],
            })
    return pd.DataFrame(rows)


def time_series(areas: pd.DataFrame, indicators: pd.DataFrame, definition: Definition, *,
                method: str, weights: Mapping[str, float], indicator_weights: Mapping[str, float],
                aggregation: str = "arithmetic") -> pd.DataFrame:
    """Index and rank of every area in every year present, with the current settings."""
    frames = []
    for year in available_years(indicators, definition):
        s = score(areas, indicators, definition, year=year, method=method, weights=weights,
                  indicator_weights=indicator_weights, aggregation=aggregation)
        frames.append(s.table[["area_id", "area_name", "index", "rank"]].assign(year=year))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["area_id", "area_name", "index", "rank", "year"])


def raw_values(indicators: pd.DataFrame, year: int, area_ids, definition: Definition) -> pd.DataFrame:
    """Raw indicator values for one year (areas × indicators) — re-exported for pages."""
    return values_for_year(indicators, year, area_ids, definition)


# --------------------------------------------------------------------------- scenarios and robustness

#: Outline of an area whose rank interval crosses the top-k boundary (robustness map).
UNSTABLE_OUTLINE = "#111111"
UNSTABLE_DASH = "8 6"


def shift_styles(view: pd.DataFrame, *, lang: str = "sv", label_a: str = "A", label_b: str = "B") -> dict[str, dict]:
    """Style entries for the difference map: colour by ``rank_change`` of a :func:`ranking_view`
    whose baseline is scenario A (blue = higher priority in B, orange = lower, grey = same)."""
    from geo.view.palette import rank_shift_color

    styles: dict[str, dict] = {}
    for row in view.itertuples(index=False):
        fill = rank_shift_color(row.rank_change)
        rank_a = "–" if pd.isna(row.baseline_rank) else str(int(row.baseline_rank))
        rank_b = "–" if pd.isna(row.rank) else str(int(row.rank))
        lines = [f"{label_a}: {t('rank', lang).lower()} {rank_a}", f"{label_b}: {t('rank', lang).lower()} {rank_b}",
                 f"{t('rank_change', lang)}: {row.change_label or '–'}"]
        tip = tooltip_html(str(row.area_name), lines)
        styles[str(row.area_id)] = (area_style(None, tip) if fill is None else
                                    area_style(fill, tip, color="#ffffff", weight=1.0, fillOpacity=0.9))
    return styles


def compare_table(view: pd.DataFrame, *, top_k: int) -> pd.DataFrame:
    """Areas whose top-k membership differs between A (``baseline_rank``) and B (``rank``)."""
    sub = view[view["top_k_status"] != ""]
    return sub[["area_id", "area_name", "baseline_rank", "rank", "top_k_status"]].reset_index(drop=True)


def unstable_areas(frame: pd.DataFrame, top_k: int) -> list[str]:
    """Areas whose 5–95 % rank interval crosses the top-k boundary (``p05 ≤ k < p95``)."""
    ok = frame["p05"].notna() & frame["p95"].notna()
    sub = frame[ok]
    mask = (sub["p05"].astype(int) <= top_k) & (sub["p95"].astype(int) > top_k)
    return [str(a) for a in sub.index[mask.to_numpy()]]


def mark_unstable(styles: dict[str, dict], unstable: list[str] | tuple[str, ...]) -> dict[str, dict]:
    """A thick dashed dark outline on the unstable areas (the fill colour is kept)."""
    out = {k: dict(v) for k, v in styles.items()}
    for aid in unstable:
        if aid in out:
            out[aid].update({"color": UNSTABLE_OUTLINE, "weight": 4.0, "dashArray": UNSTABLE_DASH, "opacity": 1.0})
    return out


def uncertainty_view(frame: pd.DataFrame, names: Mapping[str, str], top_k: int) -> pd.DataFrame:
    """The robustness table: one row per area, sorted by median rank, with a status
    (``robust`` = in the top k in ≥ 95 % of draws, ``unstable`` = interval crosses the boundary)."""
    unstable = set(unstable_areas(frame, top_k))
    out = frame.copy()
    out.index.name = "area_id"
    out = out.reset_index()
    out["area_id"] = out["area_id"].astype(str)
    out.insert(1, "area_name", [names.get(a, a) for a in out["area_id"]])
    out["status"] = ["robust" if r else ("unstable" if a in unstable else "")
                     for a, r in zip(out["area_id"], out["robust"])]
    return out.sort_values(["median_rank", "rank", "area_id"], na_position="last",
                           kind="mergesort").reset_index(drop=True)
