"""Metod: the definition in readable form, the formulas, the ranking rule, sources and years."""

from __future__ import annotations

from pathlib import PurePath

import pandas as pd
import streamlit as st

from geo.engine.change import SMALL_BASE
from geo.engine.normalise import NEUTRAL
from geo.i18n import METHOD_FORMULAS, t
from ui import data as appdata
from ui.context import data_caption, start_page
from ui.layout import md_escape

ctx = start_page("method_page")
lang, definition, data = ctx.lang, ctx.definition, ctx.data

# The definition is a file from the data folder: its text is shown literally (no Markdown/HTML).
st.header(md_escape(f"{definition.display_name(lang)} – v{definition.version}"))
st.markdown(md_escape(definition.description_en if lang == "en" and definition.description_en
                      else definition.description))
# The file's name only: the folder is the server's business, not the visitor's.
st.caption(f"{t('file', lang)}: {md_escape(PurePath(definition.path).name)} · id {md_escape(definition.id)}")

data_years = ctx.current.year_map
rows = []
for dim in definition.dimensions:
    for ind in dim.indicators:
        rows.append({
            t("dimension", lang): f"{dim.display_label(lang)} ({t('weight_lower', lang)} {dim.weight:g})",
            t("indicator", lang): ind.display_label(lang),
            "id": ind.id,
            t("unit", lang): ind.unit,
            t("polarity", lang): ("+1, " if ind.polarity > 0 else "−1, ")
            + (t("higher_better", lang) if ind.polarity > 0 else t("higher_worse", lang)),
            t("weight", lang): ind.weight,
            t("source", lang): ind.source,
            t("data_year", lang): str(data_years[ind.id]) if ind.id in data_years else t("dim_no_data", lang),
            t("proxy_column", lang): ind.display_proxy(lang),
        })
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
coverage = data.coverage(definition)
if coverage is not None:  # a subset of the full index (the open data): what it is, and what it lacks
    st.subheader(t("method_coverage_heading", lang))
    st.markdown(t("method_coverage", lang, label=md_escape(data.label_in(lang, definition)), n=coverage.n,
                  m=coverage.total, full=md_escape(coverage.full.display_name(lang)),
                  proxies=len(coverage.proxies)))
    st.markdown("\n".join(f"- {md_escape(i.display_label(lang))}" for i in coverage.missing))
    st.markdown(t("method_coverage_replace", lang))
if any(i.is_proxy for i in definition.indicators):  # the long texts readable, not in a table cell
    st.subheader(t("method_proxies_heading", lang))
    st.markdown("\n".join(
        f"- **{md_escape(i.display_label(lang))}** ({data_years.get(i.id, t('dim_no_data', lang))}): "
        f"{md_escape(i.display_proxy(lang))}" for i in definition.indicators if i.is_proxy))
if ctx.current.latest_per_indicator:
    st.info(t("method_latest", lang, years=ctx.current.year_text(lang)))

st.subheader(t("method_forgymnasial_heading", lang))
st.markdown(t("method_forgymnasial", lang))

st.subheader(t("method_normalisation", lang))
st.markdown(t("method_normalisation_intro", lang))
for method, formulas in METHOD_FORMULAS.items():
    marker = " ◀" if method == ctx.current.settings.method else ""
    st.markdown(f"**{t(f'method_{method}', lang)}**{marker}")
    c1, c2 = st.columns(2)
    c1.latex(formulas["+"])
    c2.latex(formulas["-"])
st.markdown(t("method_ratio_note", lang, neutral=", ".join(f"{NEUTRAL[m]:g} ({m})" for m in NEUTRAL)))
reference = ctx.current.settings.reference_year
st.markdown(t("method_reference", lang, now=t("reference_none", lang) if reference is None else str(reference)))

st.subheader(t("method_followup_heading", lang))
st.markdown(t("method_followup", lang, n=SMALL_BASE))

st.subheader(t("method_why_heading", lang))
st.latex(r"I_a(x) = \frac{C_a + x\, s_{aj}}{W + x} \qquad x^{*}_{ab} = \frac{C_b - C_a}{s_{aj} - s_{bj}} \qquad "
         r"w_d \propto \frac{(R^{-1}\mathbf{1})_d}{\sigma_d}")
st.markdown(t("method_why", lang))

st.subheader(t("method_aggregation", lang))
st.latex(r"\text{dim}_d = \frac{\sum_i v_i\, s_i}{\sum_i v_i} \qquad "
         r"I = \frac{\sum_d w_d\, \text{dim}_d}{\sum_d w_d} \qquad "
         r"I_{\text{geo}} = \prod_d \text{dim}_d^{\,w_d / \sum w}")
st.markdown(t("method_aggregation_rules", lang))

if data.results_mode:
    st.subheader(t("method_results_heading", lang))
    st.markdown(t("method_results", lang))

st.subheader(t("method_data_years", lang))
years = appdata.years(data, definition)
st.markdown(
    f"- {t('areas_word', lang)}: {md_escape(data.paths.areas.name)} ({len(data.areas)}, "
    f"{t('crs_word', lang)} {data.areas.crs.to_string() if data.areas.crs else '?'})\n"
    f"- {t('indicators_word', lang)}: {md_escape(data.paths.indicators.name)}, "
    f"{t('years_word', lang)} {', '.join(map(str, years))}; "
    f"{t('year_shown', lang)} **{ctx.current.year_text(lang)}**"
)
if data.synthetic:
    st.warning(t("demo_banner", lang))
data_caption(ctx)
