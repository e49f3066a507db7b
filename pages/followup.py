"""Uppföljning: is it working? Trajectories on one yardstick, change since the reference year (with
honest markers), the gap between the priority areas and the rest, and the targets for 2030/2035."""

from __future__ import annotations

import streamlit as st

from geo.engine.change import SMALL_BASE
from geo.errors import DataError
from geo.i18n import fmt_number, t
from geo.view.followup import change_layer, change_view, measures, trajectory
from geo.view.progress_tables import change_table, detail_table, summary_table
from ui import data as appdata
from ui import session
from ui.charts import gap_chart, trajectory_chart
from ui.context import data_caption, needs_indicators, start_page
from ui.controls import select
from ui.errors import say, show_error
from ui.followup_exports import followup_buttons
from ui.layout import md_escape
from ui.map import area_map

ctx = start_page("followup_page")
lang, definition, data = ctx.lang, ctx.definition, ctx.data
st.caption(t("fu_intro", lang))
if needs_indicators(ctx):  # computed results have one year and no indicators to follow
    data_caption(ctx)
    st.stop()

used = ctx.current.settings
history = appdata.history(data, definition, used)
ref, year = history.reference_year, ctx.current.year
if len(history.years) < 2 or year not in history.years:  # e.g. the open data: one year has every dimension
    say("info", "fu_too_few_years", lang, years=", ".join(map(str, history.years)) or "–")
    data_caption(ctx)
    st.stop()
if used.reference_year is None:
    say("warning", "fu_no_yardstick", lang, first=ref)
else:
    st.caption(t("fu_yardstick", lang, ref=ref))

try:
    plans = appdata.plans(data)
except DataError as exc:  # a broken plan file: said, and the page goes on without targets
    show_error(exc, lang)
    plans = []
plan = None
if len(plans) > 1:
    plan_id = select(t("fu_plan", lang), "fu_plan", [p.id for p in plans],
                     format_func=lambda p: next(x.display_name(lang) for x in plans if x.id == p))
    plan = next(p for p in plans if p.id == plan_id)
elif plans:
    plan = plans[0]
follow = appdata.follow_up(data, definition, ref, year, plan)

# --- the answer first: the city, the gap, how many areas moved
city = history.city()
trend, slope = history.gap_trend()
moved = history.change(year)
c1, c2, c3 = st.columns(3)
c1.metric(t("fu_metric_city", lang, ref=ref, year=year), fmt_number(city.loc[year] - city.loc[ref], lang, 3))
gap = history.gap().set_index("year")["gap"]
c2.metric(t("fu_metric_gap", lang), t(f"fu_gap_{trend}", lang))
c2.caption(f"{fmt_number(gap.loc[ref], lang, 3)} ({ref}) → {fmt_number(gap.loc[year], lang, 3)} ({year})")
c3.metric(t("fu_metric_areas", lang, ref=ref), f"{int((moved['change'] > 0).sum())} / {int((moved['change'] < 0).sum())}")

# --- one measure over the years, and its change on a map with the table beside it
options = measures(definition, lang)
labels = dict(options)
measure = select(t("fu_measure", lang), "fu_measure", [k for k, _ in options], format_func=labels.__getitem__)
selected = session.selected_area(data)
st.subheader(t("fu_trajectory_heading", lang))
st.caption(t("fu_trajectory_caption", lang, k=history.top_k, ref=ref))
st.vega_lite_chart(spec=trajectory_chart(trajectory(measure, history, appdata.yearly(data, definition)), lang,
                                         title=labels[measure], reference_year=ref, selected=selected),
                   width="stretch")

view = change_view(measure, history, follow, definition, lang, year=year)
st.subheader(t("fu_change_heading", lang, ref=ref))
if measure.startswith("ind:") and not view.has_markers:
    say("info", "fu_no_counts", lang, measure=view.label)
elif view.has_markers:
    st.caption(t("fu_method_markers", lang, n=SMALL_BASE))
area_map(data, key="fu_map", lang=lang, layer=change_layer(view, lang, selected=selected), height=460,
         labels=False, basemap=used.basemap, selected=selected, top_k=used.top_k)
st.dataframe(change_table(view, lang), hide_index=True, width="stretch")  # the map's table alternative

# --- the point of the områdeslyft: is the gap closing?
st.subheader(t("fu_gap_heading", lang))
names = ", ".join(md_escape(history.names.get(a, a)) for a in history.priority)
st.markdown(t("fu_gap_text", lang, k=history.top_k, ref=ref, names=names, trend=t(f"fu_gap_{trend}", lang),
              slope=fmt_number(slope, lang, 3)))
st.vega_lite_chart(spec=gap_chart(history.gap(), lang, reference_year=ref), width="stretch")

# --- targets
st.subheader(t("fu_targets_heading", lang))
if plan is None:
    st.info(t("fu_no_plan", lang))
else:
    if plan.synthetic:
        st.warning(t("fu_plan_synthetic", lang))
    st.markdown(f"**{md_escape(plan.display_name(lang))}**")
    st.caption(md_escape(t("fu_plan_meta", lang, source=plan.source or "–", decision=plan.decision or "–",
                           base=plan.base_year or ref, n=follow.trend_years)))
    st.caption(t("fu_targets_rule", lang, n=follow.trend_years))
    for note in follow.notes:
        st.warning(t("fu_plan_notes", lang, notes=md_escape(note)))
    st.markdown(f"**{t('fu_summary_heading', lang)}**")
    st.dataframe(summary_table(follow, lang), hide_index=True, width="stretch")
    st.markdown(f"**{t('fu_detail_heading', lang)}**")
    ind = measure.removeprefix("ind:") if measure.startswith("ind:") else None
    detail = detail_table(follow, definition, lang, indicator=ind if ind in plan.indicator_ids else None)
    st.dataframe(detail, hide_index=True, width="stretch")
    if ind is not None and ind not in plan.indicator_ids:
        st.caption(t("fu_targets_none_here", lang))
followup_buttons(ctx, history, follow)
data_caption(ctx)
