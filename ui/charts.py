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
from geo.view.palette import (
    BOUNDARY_LINE,
    CONTEXT_LINE,
    DOWN,
    SAME,
    SELECTED_OUTLINE,
    SET_COLORS,
    SET_OTHER,
    TEXT,
    UP,
)


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


def weight_space_chart(frame: pd.DataFrame, names: dict[str, str], lang: str, *, x_title: str, y_title: str,
                       current: tuple[float, float] | None, now: str = "", ternary: bool = False,
                       labels: tuple[str, str, str] | None = None, height: int = 380) -> dict:
    """Grid points of :mod:`geo.engine.weightspace` coloured by the top-k set there, named by how it differs
    from the current set ``now`` ("som nu", "+ Område L, − Område H"; the most frequent sets get
    :data:`SET_COLORS`, the rest grey), with the current weighting as a black ring."""
    current_set = set(filter(None, now.split(";")))

    def diff(key: str) -> str:
        members = set(filter(None, key.split(";")))
        if not members:
            return "–"
        if members == current_set:
            return t("ws_now", lang)
        plus = [f"+ {names.get(a, a)}" for a in sorted(members - current_set)]
        minus = [f"− {names.get(a, a)}" for a in sorted(current_set - members)]
        return ", ".join(plus + minus)

    frame = frame.assign(label=[diff(str(s)) for s in frame["set"]])
    counts = frame["label"].value_counts()
    common = [s for s in counts.index if s != "–"][:len(SET_COLORS)]
    if t("ws_now", lang) in counts.index and t("ws_now", lang) not in common:
        common = [t("ws_now", lang), *common[:-1]]

    def label(key: str) -> str:
        return key if key in common or key == "–" else t("ws_other", lang)

    xs = sorted(frame["x"].unique())
    half = (xs[1] - xs[0]) / 2 if len(xs) > 1 and not ternary else 0.0  # a slice is a grid: cells touch
    rows = [{"x": float(r["x"]) - half, "x2": float(r["x"]) + half, "y": float(r["y"]) - half,
             "y2": float(r["y"]) + half, "set": label(str(r["label"]))} for r in records(frame)]
    domain = list(common) + ([t("ws_other", lang)] if len(counts) > len(common) else [])
    colours = list(SET_COLORS[:len(common)]) + ([SET_OTHER] if len(counts) > len(common) else [])
    axis_x: dict[str, Any] = {"field": "x", "type": "quantitative", "title": None if ternary else x_title}
    axis_y: dict[str, Any] = {"field": "y", "type": "quantitative", "title": None if ternary else y_title}
    if ternary:
        axis_x["axis"] = axis_y["axis"] = None
    else:  # the grid's own extent, not "nice" round numbers beyond it
        axis_x["scale"] = axis_y["scale"] = {"nice": False, "zero": False}
    cells = {"x2": {"field": "x2"}, "y2": {"field": "y2"}} if not ternary else {}
    mark = {"type": "square", "size": 90} if ternary else {"type": "rect", "stroke": None}
    layers: list[dict] = [{"data": {"values": rows}, "mark": mark,
                           "encoding": {"x": axis_x, "y": axis_y, **cells,
                                        "color": {"field": "set", "type": "nominal", "title": None,
                                                  "scale": {"domain": domain, "range": colours},
                                                  "legend": {"orient": "right", "labelLimit": 420,
                                                             "labelFontSize": 13}},
                                        "tooltip": [{"field": "set", "title": t("ws_set", lang)}]}}]
    if current is not None:
        layers.append({"data": {"values": [{"x": current[0], "y": current[1]}]},
                       "mark": {"type": "point", "size": 260, "strokeWidth": 3, "color": TEXT, "filled": False},
                       "encoding": {"x": {"field": "x", "type": "quantitative"},
                                    "y": {"field": "y", "type": "quantitative"}}})
    if ternary and labels is not None:
        corners = [{"x": 0.0, "y": -0.05, "t": labels[0]}, {"x": 1.0, "y": -0.05, "t": labels[1]},
                   {"x": 0.5, "y": 0.91, "t": labels[2]}]
        layers.append({"data": {"values": corners}, "mark": {"type": "text", "fontSize": 14, "fontWeight": "bold"},
                       "encoding": {"x": {"field": "x", "type": "quantitative"},
                                    "y": {"field": "y", "type": "quantitative"}, "text": {"field": "t"}}})
    return {"height": height, "layer": layers}
