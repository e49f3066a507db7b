"""Känslighet: why this ranking and what would change it — tipping points per weight, the selected area's
rank interval, acceptability over a box of weightings, and each dimension's real influence (with an
"equal influence" weighting to save as a scenario)."""

from __future__ import annotations

import math

import streamlit as st

from geo.engine.sensitivity import indicator_influence, influence
from geo.errors import DataError
from geo.i18n import fmt_number, t
from geo.view.sensitivity import (
    acceptability_table,
    indicator_influence_table,
    influence_table,
    over_influence,
    tipping_sentences,
)
from ui import data as appdata
from ui import session
from ui.context import data_caption, start_page
from ui.errors import show_error
from ui.layout import md_escape
from ui.sensitivity import equal_influence_section, rank_lines, weight_space_section

ctx = start_page("sensitivity_page")
lang, definition, data, scored = ctx.lang, ctx.definition, ctx.data, ctx.current
st.caption(t("se_intro", lang))
if not ctx.reweighable:  # a finished index only: no dimension scores to weigh
    st.info(t("se_results_only", lang))
    data_caption(ctx)
    st.stop()

k, names = scored.settings.top_k, data.names
dims, weights = scored.result.dimensions, scored.result.weights

st.subheader(t("se_tipping_heading", lang, k=k))
try:
    table = appdata.tipping(data, definition, scored)
except DataError as exc:  # geometric aggregation: said, and the rest of the page works
    show_error(exc, lang)
else:
    st.markdown("\n".join(f"- {md_escape(s)}" for s in tipping_sentences(table, definition, names, lang, k)))
    st.caption(t("se_tip_caption", lang))
    area = session.selected_area(data) or str(ctx.view["area_id"].iloc[0])
    rank_lines(dims, weights, area, definition, names, lang)

weight_space_section(ctx)

st.subheader(t("se_accept_heading", lang, k=k))
c1, c2, c3, c4 = st.columns(4)
low = c1.number_input(t("se_bound_low", lang), 0.0, 1.0, 0.5, 0.1, key="se_low")
high = c2.number_input(t("se_bound_high", lang), 1.0, 10.0, 2.0, 0.5, key="se_high")
draws = int(c3.number_input(t("se_draws", lang), 1_000, 100_000, 10_000, 1_000, key="se_draws"))
seed = int(c4.number_input(t("se_seed", lang), 0, 2**31 - 1, 1, 1, key="se_seed"))
if not low < high:
    st.warning(t("se_bounds_bad", lang))
else:
    acc = appdata.acceptability_of(data, definition, scored, (float(low), float(high)), draws, seed)
    st.dataframe(acceptability_table(acc.frame, acc.central_weights, names, definition, lang), hide_index=True,
                 width="stretch")
    st.caption(t("se_accept_caption", lang, draws=f"{draws:,}".replace(",", " "), seed=seed, k=k,
                 lo=fmt_number(low, lang, 1), hi=fmt_number(high, lang, 1),
                 se=fmt_number(50 / math.sqrt(draws), lang, 1)))

st.subheader(t("se_influence_heading", lang))
shares = influence(dims, weights)
st.dataframe(influence_table(shares, definition, lang), hide_index=True, width="stretch")
for line in over_influence(shares, definition, lang):
    st.warning(md_escape(line))
st.caption(t("se_influence_caption", lang))
if not ctx.results_mode:  # the indicators' own share of the influence (computed results have none)
    with st.expander(t("se_indicator_influence", lang)):
        result = scored.result
        per_indicator = indicator_influence(result.normalised, result.index, definition, result.weights,
                                            result.indicator_weights)
        st.dataframe(indicator_influence_table(per_indicator, definition, lang), hide_index=True, width="stretch")
        for line in over_influence(per_indicator, definition, lang):
            st.warning(md_escape(line))
equal_influence_section(ctx)
data_caption(ctx)
