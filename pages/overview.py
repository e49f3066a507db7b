"""Översikt: the index on the map, the ranking and how it shifts with the weights.

Thin by design: the numbers come from ``geo`` (engine, view model); this file arranges widgets.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.i18n import fmt_number, t
from geo.view.mapstyles import index_layer
from geo.view.ranking import change_marker, top_k_changes
from ui import session
from ui.charts import slope_chart
from ui.context import data_caption, start_page
from ui.errors import say
from ui.exports import export_buttons
from ui.layout import md_escape
from ui.map import area_map, click_hint
from ui.pages import PROFILE
from ui.selection import area_picker, pick_from_table

ctx = start_page("overview")
lang, settings, view, data = ctx.lang, ctx.current.settings, ctx.view, ctx.data
selected = session.selected_area(data)
layer = index_layer(ctx.current, view, ctx.definition, selected=selected)

left, right = st.columns([5, 4], gap="large")
with left:
    st.subheader(t("map_heading", lang))
    clicked = area_map(data, layer, key="karta", lang=lang, basemap=settings.basemap)
    if clicked is not None:
        session.select_area(clicked)
        st.rerun()
    click_hint(lang)

with right:
    st.subheader(t("ranking_heading", lang))
    st.caption(t("rank_explainer", lang))
    # Colour without a pandas Styler (it cost ~60 ms per rerun at 136 areas): a marker in the
    # cell itself, colour-blind safe and readable in grey-scale too.
    table = view.assign(
        change_label=[change_marker(v) for v in view["change_label"]],
        index_text=[fmt_number(v, lang) for v in view["index"]],
        top=["★" if v else "" for v in view["in_top_k"]],
    )[["rank", "change_label", "area_name", "index_text", "top", "baseline_rank"]]
    table.columns = [t("rank", lang), t("rank_change_short", lang), t("area", lang), t("index", lang),
                     t("top_k_col", lang), t("baseline_rank", lang)]
    # Narrow number columns so the area name and the index fit beside the map on a projector.
    narrow = {t("rank", lang): st.column_config.NumberColumn(width="small"),
              t("rank_change_short", lang): st.column_config.TextColumn(width="small"),
              t("index", lang): st.column_config.TextColumn(width="small"),
              t("top_k_col", lang): st.column_config.TextColumn(width="small"),
              t("baseline_rank", lang): st.column_config.NumberColumn(width="small")}
    event = st.dataframe(table, hide_index=True, width="stretch", height=min(40 + 35 * len(table), 560),
                         key="ranking_table", on_select="rerun", selection_mode="single-row", column_config=narrow)
    pick_from_table(event, view["area_id"].tolist())
    changes = top_k_changes(view)
    k = settings.top_k
    top_names = view.loc[view["in_top_k"], "area_name"]
    st.markdown(f"**{t('top_now', lang, k=k)}:** " + ", ".join(md_escape(n) for n in top_names))
    if changes.entering:
        st.markdown(f"**{t('enters_top', lang, k=k)}:** :blue[{', '.join(map(md_escape, changes.entering))}]")
    if changes.leaving:
        st.markdown(f"**{t('leaves_top', lang, k=k)}:** :orange[{', '.join(map(md_escape, changes.leaving))}]")
    if not (changes.entering or changes.leaving):
        st.info(t("no_topk_change", lang, k=k))

data_caption(ctx)

prof, slope = st.columns([2, 3], gap="large")
with prof:
    st.subheader(t("selected_area", lang))
    area = area_picker(data, lang)
    if area is not None:
        row = view.set_index("area_id").loc[area]
        st.markdown(f"### {md_escape(row['area_name'])}")
        c1, c2 = st.columns(2)
        c1.metric(t("index", lang), fmt_number(row["index"], lang))
        rank_text = "–" if row.isna()["rank"] else f"{int(row['rank'])} / {int(view['rank'].max())}"
        c2.metric(t("rank", lang), rank_text, delta=row["change_label"] or None, delta_color="off")
        dims = ctx.current.result.dimensions.loc[area]
        # st.table renders Markdown in cells and headers: user text goes through md_escape.
        st.table({t("dimension", lang): [md_escape(d.display_label(lang)) for d in ctx.definition.dimensions],
                  t("index", lang): [fmt_number(dims[d.id], lang) for d in ctx.definition.dimensions]})
        if row["flags"]:
            say("warning", "flags_line", lang, flags=row["flags"])
        st.page_link(PROFILE, label=t("open_profile", lang), icon=":material/arrow_forward:")
with slope:
    st.subheader(t("slope_heading", lang))
    st.vega_lite_chart(spec=slope_chart(view, lang), width="stretch")

with st.expander(t("table_alternative", lang)):
    classes = layer.classes

    def _class_text(area_id: str) -> str:
        k_ = int(classes.class_of.get(area_id, -1)) if classes is not None else -1
        if classes is None or k_ < 0:
            return t("no_value", lang)
        return f"{k_ + 1}: {fmt_number(classes.lower[k_], lang)} – {fmt_number(classes.upper[k_], lang)}"

    # A static HTML table (not the canvas grid): screen readers and the browser tests read it;
    # st.table renders Markdown in cells, so every text cell goes through md_escape.
    alt_table = view.assign(
        area_name=[md_escape(n) for n in view["area_name"]],
        flags=[md_escape(f) if f else "" for f in view["flags"]],
        klass=[md_escape(_class_text(a)) for a in view["area_id"]],
        index_text=[fmt_number(v, lang) for v in view["index"]],
        rank_text=["–" if pd.isna(v) else str(int(v)) for v in view["rank"]],
    )[["rank_text", "area_name", "index_text", "klass", "flags"]]
    alt_table.columns = [t("rank", lang), t("area", lang), t("index", lang), t("class_col", lang), t("flags", lang)]
    st.table(alt_table.set_index(t("rank", lang)))

with st.expander(t("export_heading", lang)):
    export_buttons(ctx, layer)

if ctx.current.result.notes:
    with st.expander(t("notes_heading", lang)):
        for note in ctx.current.result.notes:
            st.markdown(f"- {md_escape(note)}")
