"""Indexversioner: the same data scored with two index definitions — the top k's entries and exits, the
rank shifts and each dimension's coherence (Cronbach's α), the impact assessment of a revised index.

Thin by design: all numbers come from :mod:`geo.engine.versions` (cached in :mod:`ui.data`).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.definition import Definition
from geo.engine.versions import coherence, indicator_correlations
from geo.errors import DataError
from geo.i18n import fmt_number, t
from geo.view.ranking import rank_change_label, rank_text
from ui import data as appdata
from ui.charts import slope_chart
from ui.context import data_caption, needs_indicators, start_page
from ui.controls import select
from ui.errors import show_error, show_text
from ui.layout import md_escape

ctx = start_page("versions_page")
lang, data = ctx.lang, ctx.data
if needs_indicators(ctx):  # computed results: no indicator values to score with two definitions
    st.stop()
definitions = {d.id: d for d in data.definitions}
if len(definitions) < 2:
    st.info(t("ver_one_definition", lang))
    data_caption(ctx)
    st.stop()

k = ctx.settings.top_k
st.caption(t("ver_intro", lang, k=k))
ids = list(definitions)
default_a = data.default_definition.id
# B: another definition, the one with the most dimensions (a revision usually adds one, e.g. Hälsa)
default_b = max((d for d in data.definitions if d.id != default_a), key=lambda d: len(d.dimensions)).id
for key, default in (("ver_a", default_a), ("ver_b", default_b)):
    if st.session_state.get(key) not in ids:
        st.session_state[key] = default


def _name(def_id: str) -> str:
    return f"{definitions[def_id].display_name(lang)} – v{definitions[def_id].version}"


c1, c2 = st.columns(2)
with c1:
    def_a = definitions[select(t("ver_a", lang), "ver_a", ids, format_func=_name, persist=False)]
with c2:
    def_b = definitions[select(t("ver_b", lang), "ver_b", ids, format_func=_name, persist=False)]
try:
    cmp = appdata.versions(data, def_a, def_b, ctx.settings)
except DataError as exc:
    show_error(exc, lang)
    data_caption(ctx)
    st.stop()

used = cmp.scored_b.settings
yardstick = "" if used.reference_year is None else f" · {t('reference_year', lang)}: {used.reference_year}"
st.caption(t("ver_caption", lang, year=cmp.year, method=t(f"method_{used.method}", lang),
             aggregation=t(f"aggregation_{used.aggregation}", lang), k=cmp.top_k) + yardstick)
for note in cmp.notes:
    show_text("info", note)

table = cmp.table
names = dict(zip(table["area_id"], table["area_name"].astype(str), strict=True))
entering = ", ".join(names[a] for a in cmp.entering) or t("ver_none", lang)
leaving = ", ".join(names[a] for a in cmp.leaving) or t("ver_none", lang)
st.markdown(f"### {t('ver_headline', lang, k=cmp.top_k, entering=md_escape(entering), leaving=md_escape(leaving))}")
if cmp.same:
    st.info(t("ver_same", lang))
label_a, label_b = def_a.display_name(lang), def_b.display_name(lang)
st.caption(t("ver_legend", lang, a=md_escape(label_a), b=md_escape(label_b)))

st.subheader(t("ver_table_heading", lang))
st.dataframe(pd.DataFrame({
    t("area", lang): table["area_name"].astype(str),
    t("sc_rank_a", lang): [rank_text(r, lang) for r in table["rank_a"]],  # "– (ej rankad)", never None
    t("sc_rank_b", lang): [rank_text(r, lang) for r in table["rank_b"]],
    t("rank_change_short", lang): [rank_change_label(s) for s in table["shift"]],
    t("ver_top_a", lang, k=cmp.top_k): ["★" if v else "" for v in table["in_top_a"]],
    t("ver_top_b", lang, k=cmp.top_k): ["★" if v else "" for v in table["in_top_b"]],
    t("ver_index_a", lang): [fmt_number(v, lang) for v in table["index_a"]],
    t("ver_index_b", lang): [fmt_number(v, lang) for v in table["index_b"]],
}), hide_index=True, width="stretch", height=min(40 + 35 * len(table), 560))

st.subheader(t("ver_slope_heading", lang))
slope = pd.DataFrame({"area_name": table["area_name"], "rank": table["rank_b"], "baseline_rank": table["rank_a"],
                      "rank_change": table["shift"],
                      "change_label": [rank_change_label(s) for s in table["shift"]]})
st.vega_lite_chart(spec=slope_chart(slope, lang, stages=(label_a, label_b)), width="stretch")

st.subheader(t("ver_coherence_heading", lang))
st.markdown(t("ver_coherence_intro", lang, n=len(data.areas)))
st.latex(r"\alpha = \frac{k\,\bar r}{1 + (k-1)\,\bar r}")


def _coherence_section(definition: Definition, side: str) -> None:
    """One version's coherence table, and its correlation tables in an expander."""
    values = appdata.values(data, definition, cmp.year)
    frame = coherence(values, definition, lang=lang)
    st.markdown(f"#### {side}: {md_escape(definition.display_name(lang))}")
    judgement = [r if r else t("ver_alpha_ok" if ok else "ver_alpha_low", lang)
                 for r, ok in zip(frame["reason"], frame["acceptable"], strict=True)]
    st.dataframe(pd.DataFrame({
        t("dimension", lang): [definition.dimension(d).display_label(lang) for d in frame["dimension"]],
        t("ver_col_indicators", lang): frame["indicators"],
        t("ver_col_areas", lang): frame["areas"],
        t("ver_col_mean_r", lang): [fmt_number(v, lang) for v in frame["mean_r"]],
        t("ver_col_alpha", lang): [fmt_number(v, lang) for v in frame["alpha"]],
        t("ver_col_judgement", lang): judgement,
    }), hide_index=True, width="stretch")
    with st.expander(md_escape(t("ver_correlations", lang, version=definition.display_name(lang)))):
        st.caption(t("ver_correlations_note", lang))
        for dim in definition.dimensions:
            corr = indicator_correlations(values, definition, dim.id)
            if corr.shape[0] < 2:
                continue
            labels = [definition.indicator(str(i)).display_label(lang) for i in corr.index]
            st.markdown(f"**{md_escape(dim.display_label(lang))}**")
            st.dataframe(pd.DataFrame([[fmt_number(v, lang) for v in row] for row in corr.to_numpy()],
                                      index=labels, columns=labels), width="stretch")


_coherence_section(def_a, "A")
_coherence_section(def_b, "B")
data_caption(ctx)
