"""Charts as plain Vega-Lite specs (Vega-Lite is bundled with Streamlit: no CDN).

Plain dicts instead of Altair objects: building and validating an Altair chart cost
~70 ms per rerun on the overview, more than everything else on the page together.
The specs are small and readable; ``st.vega_lite_chart(spec=...)`` draws them.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from geo.i18n import t
from geo.view.frames import records
from geo.view.palette import BOUNDARY_LINE, CONTEXT_LINE, DOWN, SAME, SELECTED_OUTLINE, TEXT, UP


def _direction_scale(domain: list[str], colours: list[str]) -> dict:
    return {"field": "direction", "type": "nominal", "legend": None,
            "scale": {"domain": domain, "range": colours}}


#: With more areas than this the slope chart shows those in the top SLOPE_TOP before or after: 6,000
#: lines cannot be read, and would cost a megabyte per rerun.
SLOPE_MAX_AREAS = 40
SLOPE_TOP = 15


def slope_chart(view: pd.DataFrame, lang: str, *, height: int = 420,
                stages: tuple[str, str] | None = None) -> dict:
    """Baseline rank → current rank per area; rank 1 (greatest challenges) at the top.

    ``stages`` names the two columns (default: baseline rank, rank), e.g. two scenario names.
    Beyond :data:`SLOPE_MAX_AREAS` areas only those in the top :data:`SLOPE_TOP` at either end
    are drawn, and the chart's title says so."""
    base_label, cur_label = stages or (t("baseline_rank", lang), t("rank", lang))
    if base_label == cur_label:
        cur_label = f"{cur_label} "
    shown = view.dropna(subset=["rank", "baseline_rank"])
    subset = len(shown) > SLOPE_MAX_AREAS
    if subset:
        shown = shown[(shown["rank"] <= SLOPE_TOP) | (shown["baseline_rank"] <= SLOPE_TOP)]
    rows = []
    for r in records(shown):
        change = int(r["rank_change"])
        direction = "up" if change > 0 else ("down" if change < 0 else "same")
        for stage, rank in ((base_label, r["baseline_rank"]), (cur_label, r["rank"])):
            rows.append({"stage": stage, "rank": int(rank), "area": str(r["area_name"]), "direction": direction,
                         "change": r["change_label"]})
    x = {"field": "stage", "type": "nominal", "sort": [base_label, cur_label],
         "axis": {"title": None, "labelAngle": 0, "labelFontSize": 14}}
    y = {"field": "rank", "type": "quantitative", "scale": {"reverse": True, "nice": False, "zero": False},
         "axis": {"title": t("rank", lang), "tickMinStep": 1, "format": "d"}}
    colour = _direction_scale(["up", "down", "same"], [UP, DOWN, SAME])
    spec: dict = {
        "height": height,
        "data": {"values": rows},
        "layer": [
            {"mark": {"type": "line", "point": True, "strokeWidth": 3},
             "encoding": {"x": x, "y": y, "color": colour, "detail": {"field": "area", "type": "nominal"},
                          "tooltip": [{"field": "area"}, {"field": "rank"}, {"field": "change"}]}},
            {"transform": [{"filter": {"field": "stage", "equal": cur_label}}],
             "mark": {"type": "text", "align": "left", "dx": 8, "fontSize": 13},
             "encoding": {"x": x, "y": y, "color": colour, "text": {"field": "area", "type": "nominal"}}},
        ],
    }
    if subset:
        spec["title"] = {"text": t("slope_subset", lang, top=SLOPE_TOP, n=len(shown), total=len(view)),
                         "fontSize": 13, "fontWeight": "normal", "anchor": "start"}
    return spec


def contribution_chart(table: pd.DataFrame, lang: str, *, height: int = 420) -> dict:
    """Diverging bars: each indicator's contribution to the index relative to the mean area."""
    rows = [{"dimension": r["dimension"], "indicator": r["indicator"], "contribution": float(r["contribution"]),
             "direction": "up" if r["contribution"] >= 0 else "down"} for r in records(table)]
    return {
        "height": height,
        "data": {"values": rows},
        "mark": "bar",
        "encoding": {
            "x": {"field": "contribution", "type": "quantitative", "title": t("contribution", lang)},
            "y": {"field": "indicator", "type": "nominal", "sort": None, "title": None,
                  "axis": {"labelLimit": 420}},
            "color": _direction_scale(["up", "down"], [UP, DOWN]),
            "tooltip": [{"field": "dimension"}, {"field": "indicator"},
                        {"field": "contribution", "type": "quantitative", "format": ".3f"}],
        },
    }


def time_chart(series: pd.DataFrame, area_id: str, lang: str, *, height: int = 300) -> dict:
    """Index over the years for the chosen area against all other areas (grey)."""
    rows = [{"year": int(r["year"]), "index": None if pd.isna(r["index"]) else float(r["index"]),
             "rank": None if pd.isna(r["rank"]) else int(r["rank"]), "area_name": str(r["area_name"]),
             "chosen": str(r["area_id"]) == str(area_id)} for r in records(series)]
    enc = {"x": {"field": "year", "type": "ordinal", "title": t("year", lang)},
           "y": {"field": "index", "type": "quantitative", "title": t("index", lang)},
           "detail": {"field": "area_name", "type": "nominal"}}
    return {
        "height": height,
        "data": {"values": rows},
        "layer": [
            {"transform": [{"filter": "!datum.chosen"}], "mark": {"type": "line", "color": CONTEXT_LINE,
                                                                   "strokeWidth": 1}, "encoding": enc},
            {"transform": [{"filter": "datum.chosen"}],
             "mark": {"type": "line", "color": UP, "strokeWidth": 4, "point": True},
             "encoding": {**enc, "tooltip": [{"field": "area_name"}, {"field": "year"},
                                             {"field": "index", "type": "quantitative", "format": ".3f"},
                                             {"field": "rank"}]}},
        ],
    }


def interval_chart(view: pd.DataFrame, lang: str, *, top_k: int, height: int | None = None) -> dict:
    """Per area the 5–95 % rank interval (rule), the median (point) and best/worst rank (ticks),
    with the top-k boundary as a dashed line; rank 1 at the left, areas by median rank.
    ``view`` is :func:`geo.view.ranking.uncertainty_view`."""
    rows: list[dict[str, Any]] = []
    for r in records(view.dropna(subset=["median_rank"])):
        rows.append({"area": str(r["area_name"]), "median": int(r["median_rank"]), "p05": int(r["p05"]),
                     "p95": int(r["p95"]), "best": int(r["best_rank"]), "worst": int(r["worst_rank"]),
                     "p_top": round(float(r["p_top_k"]) * 100, 1), "status": r["status"] or "other"})
    order = [r["area"] for r in rows]
    y = {"field": "area", "type": "nominal", "sort": order, "axis": {"title": None, "labelLimit": 320,
                                                                    "labelFontSize": 13}}
    colour = {"field": "status", "type": "nominal", "legend": None,
              "scale": {"domain": ["robust", "unstable", "other"], "range": [UP, DOWN, SAME]}}
    x_title = t("rank", lang)
    n = max([r["worst"] for r in rows], default=1)
    x_scale = {"domain": [0.5, n + 0.5], "nice": False, "zero": False}
    tooltip = [{"field": "area"}, {"field": "median", "title": t("rb_median", lang)},
               {"field": "p05", "title": "p05"}, {"field": "p95", "title": "p95"},
               {"field": "best", "title": t("rb_best", lang)}, {"field": "worst", "title": t("rb_worst", lang)},
               {"field": "p_top", "title": t("rb_p_top", lang, k=top_k) + " (%)"}]
    x = {"field": "p05", "type": "quantitative", "scale": x_scale,
         "axis": {"title": x_title, "tickMinStep": 1, "format": "d"}}
    return {
        "height": height or max(160, 30 * len(rows)),
        "data": {"values": rows},
        "layer": [
            {"mark": {"type": "rule", "strokeWidth": 6, "opacity": 0.6},
             "encoding": {"y": y, "x": x, "x2": {"field": "p95"}, "color": colour, "tooltip": tooltip}},
            {"mark": {"type": "tick", "thickness": 2, "size": 18},
             "encoding": {"y": y, "x": {**x, "field": "best"}, "color": colour, "tooltip": tooltip}},
            {"mark": {"type": "tick", "thickness": 2, "size": 18},
             "encoding": {"y": y, "x": {**x, "field": "worst"}, "color": colour, "tooltip": tooltip}},
            {"mark": {"type": "point", "filled": True, "size": 120},
             "encoding": {"y": y, "x": {**x, "field": "median"}, "color": colour, "tooltip": tooltip}},
            {"data": {"values": [{"boundary": top_k + 0.5}]},
             "mark": {"type": "rule", "strokeDash": [6, 4], "strokeWidth": 2, "color": BOUNDARY_LINE},
             "encoding": {"x": {"field": "boundary", "type": "quantitative", "scale": x_scale}}},
        ],
    }


def trajectory_chart(long: pd.DataFrame, lang: str, *, title: str, reference_year: int,
                     selected: str | None = None, height: int = 340) -> dict:
    """Lines over the years (:func:`geo.view.followup.trajectory`): the city bold black, the priority
    areas blue, the rest grey, the selected area orange; a dashed rule at the reference year."""
    rows = [{"year": int(r["year"]), "value": None if pd.isna(r["value"]) else float(r["value"]),
             "area": str(r["area_name"]) or t("fu_city", lang),
             "group": "selected" if selected is not None and str(r["area_id"]) == selected else str(r["group"])}
            for r in records(long)]
    order = {"other": 0, "priority": 1, "selected": 2, "city": 3}
    rows.sort(key=lambda r: order.get(str(r["group"]), 0))
    enc = {"x": {"field": "year", "type": "quantitative", "title": t("fu_col_year", lang),
                 "axis": {"format": "d", "tickMinStep": 1}, "scale": {"nice": False, "zero": False}},
           "y": {"field": "value", "type": "quantitative", "title": title, "scale": {"zero": False}},
           "detail": {"field": "area", "type": "nominal"},
           "color": {"field": "group", "type": "nominal", "legend": None,
                     "scale": {"domain": ["other", "priority", "selected", "city"],
                               "range": [CONTEXT_LINE, UP, SELECTED_OUTLINE, TEXT]}},
           "strokeWidth": {"field": "group", "type": "nominal", "legend": None,
                           "scale": {"domain": ["other", "priority", "selected", "city"], "range": [1, 2.5, 4, 4]}},
           "tooltip": [{"field": "area"}, {"field": "year"},
                       {"field": "value", "type": "quantitative", "format": ".2f"}]}
    return {
        "height": height,
        "layer": [
            {"data": {"values": rows}, "mark": {"type": "line", "point": True}, "encoding": enc},
            {"data": {"values": [{"year": reference_year}]},
             "mark": {"type": "rule", "strokeDash": [6, 4], "color": BOUNDARY_LINE},
             "encoding": {"x": {"field": "year", "type": "quantitative"}}},
        ],
    }


def gap_chart(gap: pd.DataFrame, lang: str, *, reference_year: int, height: int = 260) -> dict:
    """The gap between the other areas and the priority areas per year, with the reference year."""
    rows = [{"year": int(r["year"]), "gap": None if pd.isna(r["gap"]) else float(r["gap"])} for r in records(gap)]
    return {
        "height": height,
        "layer": [
            {"data": {"values": rows}, "mark": {"type": "line", "point": True, "strokeWidth": 4, "color": UP},
             "encoding": {"x": {"field": "year", "type": "quantitative", "title": t("fu_col_year", lang),
                                "axis": {"format": "d", "tickMinStep": 1}, "scale": {"nice": False, "zero": False}},
                          "y": {"field": "gap", "type": "quantitative", "title": t("fu_gap_series", lang),
                                "scale": {"zero": False}},
                          "tooltip": [{"field": "year"}, {"field": "gap", "type": "quantitative", "format": ".3f"}]}},
            {"data": {"values": [{"year": reference_year}]},
             "mark": {"type": "rule", "strokeDash": [6, 4], "color": BOUNDARY_LINE},
             "encoding": {"x": {"field": "year", "type": "quantitative"}}},
        ],
    }
