"""Översikt: the index on the map, the ranking and how it shifts with the weights.

Thin by design: the numbers come from ``geo`` (engine, view model); this file arranges widgets.
"""

from __future__ import annotations

import streamlit as st

from geo.i18n import fmt_number, fmt_score, t
from geo.view.mapstyles import index_layer
from geo.view.people import people_in
from geo.view.profile import area_summary
from geo.view.ranking import top_k_changes
from ui import session
from ui.charts import slope_chart
from ui.context import data_caption, start_page
from ui.errors import show_text
from ui.exports import export_buttons
from ui.layout import md_escape
from ui.map import area_map, click_hint, live_model
from ui.pages import PROFILE
from ui.selection import area_picker
from ui.tables import alternative_table

#: Map and ranking height: the map is above the fold at 1280×720 and the ranking shows 14 rows.
MAP_HEIGHT = 470

ctx = start_page("overview")
lang, settings, view, data = ctx.lang, ctx.current.settings, ctx.view, ctx.data
selected = session.selected_area(data)

# Map and ranking in one component: while a sidebar weight is dragged the browser recolours
# the map and re-orders the ranking itself; the server catches up when it is released.
if not ctx.reweighable:  # a finished index without dimension scores: the server's colours
    area_map(data, key="karta", lang=lang, layer=index_layer(ctx.current, view, ctx.definition, selected=selected),
             layout="map", height=MAP_HEIGHT, labels=settings.labels, basemap=settings.basemap, selected=selected,
             top_k=settings.top_k)
else:
    area_map(data, key="karta", lang=lang, live=live_model(ctx.current, ctx.baseline, ctx.definition, data,
                                                           watch=session.weight_keys(ctx.definition)),
             layout="overview", height=MAP_HEIGHT, labels=settings.labels, basemap=settings.basemap,
             selected=selected, top_k=settings.top_k)
click_hint(lang)

changes = top_k_changes(view)
k = settings.top_k
top_names = view.loc[view["in_top_k"], "area_name"]
lines = [f"**{t('top_now', lang, k=k)}:** " + ", ".join(md_escape(n) for n in top_names)]
people = people_in(data.population, view.loc[view["in_top_k"], "area_id"])
if people is not None:  # what the priority list means in people (population from the area layer)
    lines.append(people.text(lang))
if changes.entering:
    lines.append(f"**{t('enters_top', lang, k=k)}:** :blue[{', '.join(map(md_escape, changes.entering))}]")
if changes.leaving:
    lines.append(f"**{t('leaves_top', lang, k=k)}:** :orange[{', '.join(map(md_escape, changes.leaving))}]")
if not (changes.entering or changes.leaving):
    lines.append(t("no_topk_change", lang, k=k))
st.markdown("  \n".join(lines))

data_caption(ctx)

prof, slope = st.columns([2, 3], gap="large")
with prof:
    st.subheader(t("selected_area", lang))
    area = area_picker(data, lang)
    if area is not None:
        row = view.set_index("area_id").loc[area]
        st.markdown(f"### {md_escape(row['area_name'])}")
        c1, c2 = st.columns(2)
        summary = area_summary(view, area, lang)
        c1.metric(t("index", lang), fmt_number(row["index"], lang))
        c2.metric(t("rank", lang), summary.rank, delta=row["change_label"] or None, delta_color="off",
                  delta_arrow="off")  # "↑1" carries its own arrow
        dims = ctx.current.result.dimensions.loc[area]
        # st.table renders Markdown in cells and headers: user text goes through md_escape.
        st.table({t("dimension", lang): [md_escape(d.display_label(lang)) for d in ctx.definition.dimensions],
                  t("index", lang): [fmt_score(dims[d.id], lang) for d in ctx.definition.dimensions]})
        for line in (summary.unranked, summary.flags):  # why there is no rank; the notes on the data
            if line:
                show_text("warning", line)
        st.page_link(PROFILE, label=t("open_profile", lang), icon=":material/arrow_forward:")
with slope:
    st.subheader(t("slope_heading", lang))
    st.vega_lite_chart(spec=slope_chart(view, lang), width="stretch")

# Expanders that track their state run their content only when open: a slider move does not
# rebuild a 136-row table or the export files nobody is looking at.
table_box = st.expander(t("table_alternative", lang), key="overview_table", on_change="rerun")
if table_box.open:
    with table_box:
        alternative_table(view, index_layer(ctx.current, view, ctx.definition).classes, lang)

export_box = st.expander(t("export_heading", lang), key="overview_export", on_change="rerun")
if export_box.open:
    with export_box:
        export_buttons(ctx, index_layer(ctx.current, view, ctx.definition, selected=selected))

if ctx.current.result.notes:
    with st.expander(t("notes_heading", lang)):
        for note in ctx.current.result.notes:
            st.markdown(f"- {md_escape(note)}")
