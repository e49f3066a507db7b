"""Områdesprofil: one area's indicators against the mean, contributions and development over time."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.engine.change import SMALL_BASE
from geo.errors import DataError
from geo.i18n import fmt_number, fmt_score, t
from geo.view.profile import area_summary, history_table, profile_table
from geo.view.progress_tables import area_change_table
from geo.view.sensitivity import what_it_takes_table
from ui import data as appdata
from ui import session
from ui.charts import contribution_chart, time_chart
from ui.context import data_caption, needs_indicators, start_page
from ui.errors import say, show_error, show_text
from ui.layout import md_escape
from ui.selection import area_picker

ctx = start_page("profile_page")
lang, definition, result, data, view = ctx.lang, ctx.definition, ctx.current.result, ctx.data, ctx.view
if session.selected_area(data) is None:  # start with the area of greatest challenges (rank 1)
    session.select_area(str(view["area_id"].iloc[0]))
area = area_picker(data, lang) or str(view["area_id"].iloc[0])

row = view.set_index("area_id").loc[area]
summary = area_summary(view, area, lang)
st.header(md_escape(data.names[area]))
c1, c2, c3 = st.columns(3)
c1.metric(t("index", lang), fmt_number(row["index"], lang))
c2.metric(t("rank", lang), summary.rank)
c3.metric(t("rank_change", lang), row["change_label"] or "–")
for line in (summary.unranked, summary.flags):  # why there is no rank; the notes on the data
    if line:
        show_text("warning", line)
if needs_indicators(ctx):  # uploaded results: dimension scores only, no indicators or years
    dims = result.dimensions.loc[area]
    st.table({t("dimension", lang): [md_escape(d.display_label(lang)) for d in definition.dimensions],
              t("index", lang): [fmt_score(dims[d.id], lang) for d in definition.dimensions]})
    data_caption(ctx)
    st.stop()

for dim_id in result.dimensions_without_data:  # weighted 0 and no data: said, never drawn as 0
    say("info", "dim_left_out", lang, dim=definition.dimension(dim_id).display_label(lang))
table = profile_table(area, ctx.values(), result, definition, ctx.current.year_map)
st.subheader(t("contribution", lang))
st.caption(t("contribution_help", lang))
st.vega_lite_chart(spec=contribution_chart(table, lang), width="stretch")

shown = table.assign(
    value=[f"{fmt_number(v, lang, 1)} {u}" for v, u in zip(table["value"], table["unit"])],
    mean=[f"{fmt_number(v, lang, 1)} {u}" for v, u in zip(table["mean"], table["unit"])],
    normalised=[fmt_number(v, lang, 2) for v in table["normalised"]],
    contribution=[fmt_number(v, lang, 3) for v in table["contribution"]],
    polarity=[t("higher_better", lang) if p > 0 else t("higher_worse", lang) for p in table["polarity"]],
    year=[t("dim_no_data", lang) if y is None else str(y) for y in table["year"]],
)[["dimension", "indicator", "value", "year", "mean", "polarity", "normalised", "contribution"]]
shown.columns = [t("dimension", lang), t("indicator", lang), t("raw_value", lang), t("data_year", lang),
                 t("mean_all", lang), t("polarity", lang), t("normalised", lang).capitalize(), t("contribution", lang)]
st.dataframe(shown, hide_index=True, width="stretch")

k = ctx.current.settings.top_k
if pd.notna(row["rank"]):  # an unranked area has no index to move: the warning above says why
    inside = int(row["rank"]) <= k
    st.subheader(t("se_wit_heading_out" if inside else "se_wit_heading_in", lang, area=md_escape(data.names[area]),
                   k=k))
    st.caption(t("se_wit_caption", lang, k=k))
    try:
        st.dataframe(what_it_takes_table(appdata.what_it_takes(data, definition, ctx.current, area), definition,
                                         lang), hide_index=True, width="stretch")
    except DataError as exc:
        show_error(exc, lang)

history = appdata.history(data, definition, ctx.current.settings)  # the follow-up's years and yardstick
if ctx.current.year != history.reference_year:
    st.subheader(t("fu_change_heading", lang, ref=history.reference_year))
    follow = appdata.follow_up(data, definition, history.reference_year, ctx.current.year, None)
    st.caption(t("fu_method_markers", lang, n=SMALL_BASE))
    st.dataframe(area_change_table(follow, area, definition, lang), hide_index=True, width="stretch")

st.subheader(t("over_time", lang))
series = appdata.series(data, definition, ctx.current.settings)
st.vega_lite_chart(spec=time_chart(series, area, lang), width="stretch")
st.dataframe(history_table(series, area, lang), hide_index=True)
data_caption(ctx)
