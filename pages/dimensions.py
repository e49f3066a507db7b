"""Dimensioner: small-multiple maps of the dimension scores and each dimension's indicators."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.i18n import METHOD_FORMULAS, fmt_number, t
from geo.view.mapstyles import index_layer
from geo.view.profile import dimension_view, indicator_means
from ui import session
from ui.context import data_caption, needs_indicators, start_page
from ui.controls import select
from ui.errors import say
from ui.layout import md_escape
from ui.map import area_map

ctx = start_page("dimensions_page")
lang, definition, result, data = ctx.lang, ctx.definition, ctx.current.result, ctx.data

st.subheader(t("small_multiples", lang))
per_row = 3
dims = list(definition.dimensions)
for start in range(0, len(dims), per_row):
    cols = st.columns(per_row)
    for col, dim in zip(cols, dims[start:start + per_row]):
        with col:
            label = dim.display_label(lang)
            st.markdown(f"#### {md_escape(label)}")
            if dim.id in result.dimensions_without_data:  # a grey map would look like data: say it instead
                say("info", "dim_left_out", lang, dim=label)
                continue
            layer = index_layer(ctx.current, ctx.view, definition, values=result.dimensions[dim.id], title=label)
            area_map(data, key=f"karta_{dim.id}", lang=lang, layer=layer, height=340, labels=ctx.settings.labels,
                     basemap=ctx.settings.basemap, selected=session.selected_area(data),
                     top_k=ctx.settings.top_k)

with st.expander(t("table_alternative", lang)):
    table = result.dimensions.round(3)
    for dim_id in result.dimensions_without_data:  # a column of text, not of blanks
        table[dim_id] = t("dim_no_data", lang)
    table.columns = [definition.dimension(c).display_label(lang) for c in table.columns]
    table.insert(0, t("area", lang), [data.names.get(a, a) for a in table.index])
    shown = ctx.view.set_index("area_id").reindex(table.index)  # the rank as the ranking shows it, and why not
    table.insert(0, t("rank", lang), shown["rank_text"].fillna("").to_numpy())
    table[t("flags", lang)] = shown["note"].fillna("").to_numpy()
    st.dataframe(table, hide_index=True, width="stretch")

st.divider()
if needs_indicators(ctx):  # uploaded results hold dimension scores only, no indicator values
    data_caption(ctx)
    st.stop()
dim_id = select(t("choose_dimension", lang), "dimension_choice", list(definition.dimension_ids),
                format_func=lambda d: definition.dimension(d).display_label(lang))
dim = definition.dimension(dim_id)
st.subheader(t("indicators_of", lang, dim=md_escape(dim.display_label(lang))))

if dim_id in result.dimensions_without_data:
    say("info", "dim_left_out", lang, dim=dim.display_label(lang))
values = ctx.values()
means = indicator_means(values)
method = ctx.current.settings.method
for ind in dim.indicators:
    direction = t("higher_better", lang) if ind.polarity > 0 else t("higher_worse", lang)
    unit = md_escape(ind.unit)
    st.markdown(f"**{md_escape(ind.display_label(lang))}** — {t('unit', lang)}: {unit} · {t('polarity', lang)}: "
                f"{direction} · {t('mean_all', lang)}: {fmt_number(means.get(ind.id), lang, 1)} {unit}")
    st.latex(METHOD_FORMULAS[method]["+" if ind.polarity > 0 else "-"])
    if ind.note:
        st.caption(md_escape(ind.note_en if lang == "en" and ind.note_en else ind.note))
    if ind.is_proxy:
        st.caption(f"{t('proxy_column', lang)}: {md_escape(ind.display_proxy(lang))}")
    year = ctx.current.year_map.get(ind.id)
    st.caption(f"{t('source', lang)}: {md_escape(ind.source)} · {t('data_year', lang)}: "
               f"{year if year is not None else t('dim_no_data', lang)}")

detail = dimension_view(result, values, definition, dim.id, data.names, ctx.current.year_map)
mean_row = {"area_id": "", "area_name": t("mean_all", lang)}
for col in detail.columns[2:]:
    mean_row[col] = pd.to_numeric(detail[col], errors="coerce").mean()
detail = pd.concat([detail, pd.DataFrame([mean_row])], ignore_index=True)
detail = detail.rename(columns={"area_name": t("area", lang)}).drop(columns=["area_id"])
st.dataframe(detail.round(3), hide_index=True, width="stretch")
data_caption(ctx)
