"""Dimensioner: small-multiple maps of the dimension scores and each dimension's indicators."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.view.palette import classify
from geo.i18n import METHOD_FORMULAS, fmt_number, t
from geo.view.ranking import dimension_view, indicator_means, map_styles, ranking_view
from ui.common import data_caption, needs_indicators, start_page
from ui.layout import legend_html, md_escape
from ui.mapview import choropleth
from ui.state import seed_widget, set_canonical, sync

ctx = start_page("dimensions_page")
lang, definition, result = ctx.lang, ctx.definition, ctx.current.result
view = ranking_view(ctx.current, ctx.baseline, top_k=ctx.settings.top_k)

st.subheader(t("small_multiples", lang))
per_row = 3
dims = list(definition.dimensions)
for start in range(0, len(dims), per_row):
    cols = st.columns(per_row)
    for col, dim in zip(cols, dims[start:start + per_row]):
        with col:
            st.markdown(f"#### {md_escape(dim.display_label(lang))}")
            scores = result.dimensions[dim.id]
            classes = classify(scores, scheme=ctx.settings.scheme)
            # Reuse the overview's tooltip layout, coloured by this dimension's classes.
            styles = map_styles(view, result, classes, definition, lang=lang)
            choropleth(ctx.bundle, styles, key=f"karta_{dim.id}", height=300, basemap=ctx.settings.basemap)
            st.markdown(legend_html(classes, lang, ctx.bundle.names), unsafe_allow_html=True)

with st.expander(t("table_alternative", lang)):
    table = result.dimensions.copy()
    table.columns = [definition.dimension(c).display_label(lang) for c in table.columns]
    table.insert(0, t("area", lang), [ctx.bundle.names.get(a, a) for a in table.index])
    st.dataframe(table.round(3), hide_index=True, width="stretch")

st.divider()
if needs_indicators(ctx):  # uploaded results hold dimension scores only, no indicator values
    data_caption(ctx)
    st.stop()
dim_ids = list(definition.dimension_ids)
if st.session_state.get("s_dimension") not in dim_ids:
    set_canonical("s_dimension", dim_ids[0])
st.selectbox(t("choose_dimension", lang), dim_ids, key=seed_widget("s_dimension"), on_change=sync,
             args=("s_dimension",), format_func=lambda d: definition.dimension(d).display_label(lang))
dim = definition.dimension(st.session_state["s_dimension"])
st.subheader(t("indicators_of", lang, dim=md_escape(dim.display_label(lang))))

values = ctx.values()
means = indicator_means(values)
method = ctx.settings.method
for ind in dim.indicators:
    direction = t("higher_better", lang) if ind.polarity > 0 else t("higher_worse", lang)
    unit = md_escape(ind.unit)
    st.markdown(f"**{md_escape(ind.display_label(lang))}** — {t('unit', lang)}: {unit} · {t('polarity', lang)}: "
                f"{direction} · {t('mean_all', lang)}: {fmt_number(means.get(ind.id), lang, 1)} {unit}")
    st.latex(METHOD_FORMULAS[method]["+" if ind.polarity > 0 else "-"])
    if ind.note:
        st.caption(md_escape(ind.note_en if lang == "en" and ind.note_en else ind.note))
    st.caption(f"{t('source', lang)}: {md_escape(ind.source)}")

detail = dimension_view(result, values, definition, dim.id, ctx.bundle.names, lang=lang)
mean_row = {"area_id": "", "area_name": t("mean_all", lang)}
for col in detail.columns[2:]:
    mean_row[col] = pd.to_numeric(detail[col], errors="coerce").mean()
detail = pd.concat([detail, pd.DataFrame([mean_row])], ignore_index=True)
detail = detail.rename(columns={"area_name": t("area", lang)}).drop(columns=["area_id"])
st.dataframe(detail.round(3), hide_index=True, width="stretch")
data_caption(ctx)
