"""Charts drawn with Vega-Lite (bundled with Streamlit, so nothing loads from a CDN)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from geo.i18n import t

UP, DOWN, SAME = "#0b5cad", "#b35806", "#8c8c8c"  # blue/orange: safe for colour-blind viewers


def slope_chart(view: pd.DataFrame, lang: str, *, height: int = 420) -> alt.Chart:
    """Baseline rank → current rank per area; rank 1 (greatest challenges) at the top."""
    base_label, cur_label = t("baseline_rank", lang), t("rank", lang)
    rows = []
    for r in view.dropna(subset=["rank", "baseline_rank"]).itertuples(index=False):
        change = int(r.rank_change)
        direction = "up" if change > 0 else ("down" if change < 0 else "same")
        for stage, rank in ((base_label, r.baseline_rank), (cur_label, r.rank)):
            rows.append({"stage": stage, "rank": int(rank), "area": str(r.area_name), "direction": direction,
                         "change": r.change_label})
    data = pd.DataFrame(rows)
    color = alt.Color("direction:N", scale=alt.Scale(domain=["up", "down", "same"], range=[UP, DOWN, SAME]),
                      legend=None)
    enc_y = alt.Y("rank:Q", scale=alt.Scale(reverse=True, nice=False, zero=False), axis=alt.Axis(
        title=t("rank", lang), tickMinStep=1, format="d"))
    x = alt.X("stage:N", sort=[base_label, cur_label], axis=alt.Axis(title=None, labelAngle=0, labelFontSize=14))
    lines = alt.Chart(data).mark_line(point=True, strokeWidth=3).encode(x=x, y=enc_y, color=color, detail="area:N",
                                                                        tooltip=["area", "rank", "change"])
    labels = alt.Chart(data[data["stage"] == cur_label]).mark_text(align="left", dx=8, fontSize=13).encode(
        x=x, y=enc_y, text=alt.Text("area:N"), color=color)
    return (lines + labels).properties(height=height)


def contribution_chart(table: pd.DataFrame, lang: str, *, height: int = 420) -> alt.Chart:
    """Diverging bars: each indicator's contribution to the index relative to the mean area."""
    data = table.assign(direction=lambda d: d["contribution"].apply(lambda v: "up" if v >= 0 else "down"))
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("contribution:Q", title=t("contribution", lang)),
        y=alt.Y("indicator:N", sort=None, title=None, axis=alt.Axis(labelLimit=420)),
        color=alt.Color("direction:N", scale=alt.Scale(domain=["up", "down"], range=[UP, DOWN]), legend=None),
        tooltip=["dimension", "indicator", alt.Tooltip("contribution:Q", format=".3f")],
    ).properties(height=height)


def time_chart(series: pd.DataFrame, area_id: str, lang: str, *, height: int = 300) -> alt.Chart:
    """Index over the years for the chosen area against all other areas (grey)."""
    data = series.assign(chosen=series["area_id"] == area_id)
    base = alt.Chart(data).encode(x=alt.X("year:O", title=t("year", lang)),
                                  y=alt.Y("index:Q", title=t("index", lang)), detail="area_name:N")
    others = base.transform_filter("!datum.chosen").mark_line(color="#cccccc", strokeWidth=1)
    chosen = base.transform_filter("datum.chosen").mark_line(color=UP, strokeWidth=4, point=True).encode(
        tooltip=["area_name", "year", alt.Tooltip("index:Q", format=".3f"), "rank"])
    return (others + chosen).properties(height=height)
