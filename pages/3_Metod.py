"""Metod: the definition in readable form, the formulas, the ranking rule, sources and years."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.i18n import METHOD_FORMULAS, t
from geo.normalise import NEUTRAL
from geo.scoring import available_years
from ui.common import data_caption, start_page

ctx = start_page("method_page")
lang, definition, bundle = ctx.lang, ctx.definition, ctx.bundle
sv = lang == "sv"

st.header(f"{definition.display_name(lang)} – v{definition.version}")
st.write(definition.description_en if not sv and definition.description_en else definition.description)
st.caption(f"{'Fil' if sv else 'File'}: `{definition.path}` · id `{definition.id}`")

rows = []
for dim in definition.dimensions:
    for ind in dim.indicators:
        rows.append({
            t("dimension", lang): f"{dim.display_label(lang)} ({'vikt' if sv else 'weight'} {dim.weight:g})",
            t("indicator", lang): ind.display_label(lang),
            "id": ind.id,
            t("unit", lang): ind.unit,
            t("polarity", lang): ("+1, " if ind.polarity > 0 else "−1, ")
            + (t("higher_better", lang) if ind.polarity > 0 else t("higher_worse", lang)),
            t("weight", lang): ind.weight,
            t("source", lang): ind.source,
        })
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

st.subheader("Lägst eller högst förgymnasial?" if sv else "At least or at most compulsory schooling?")
st.markdown(
    "Stadens text säger *”Andel (20–64 år) med lägst förgymnasial utbildning”*. Bokstavligt tolkat gäller "
    "det nästan alla vuxna och skiljer inte områdena åt. Indexet tolkar därför indikatorn som andelen med "
    "**högst** förgymnasial utbildning, med polaritet −1 (högre andel = större utmaning). Definitionsfilen "
    "låter staden ändra detta utan kodändring."
    if sv else
    "The city's text says *\"share (20–64) with at least compulsory schooling\"*. Taken literally that is "
    "almost every adult and does not separate the areas, so the index reads it as the share with **at most** "
    "compulsory schooling, with polarity −1 (a higher share = greater challenges). The definition file lets "
    "the city change this without code."
)

st.subheader("Normalisering" if sv else "Normalisation")
st.markdown(
    "Varje indikator normaliseras över områdena för det valda året så att **högre = bättre "
    "levnadsvillkor** för alla normaliserade värden. x̄ är snittet och σ populationsstandardavvikelsen "
    "(ddof = 0) över områden med värde; r är medelrangen vid lika värden."
    if sv else
    "Each indicator is normalised across the areas for the chosen year so that **higher = better living "
    "conditions** for every normalised value. x̄ is the mean and σ the population standard deviation "
    "(ddof = 0) over the areas with a value; r is the average rank for ties."
)
for method, formulas in METHOD_FORMULAS.items():
    marker = " ◀" if method == ctx.settings.method else ""
    st.markdown(f"**{t(f'method_{method}', lang)}**{marker}")
    c1, c2 = st.columns(2)
    c1.latex(formulas["+"])
    c2.latex(formulas["-"])
st.markdown(
    "Kvoten för polaritet −1 speglar +1-värdet kring snittet (= 100): ett område 20 % över snittet på en "
    "”högre är sämre”-indikator får 80. Om alla områden har samma värde får alla det neutrala värdet "
    + ", ".join(f"{NEUTRAL[m]:g} ({m})" for m in NEUTRAL) + "."
    if sv else
    "The ratio for polarity −1 mirrors the +1 score around the mean (= 100): an area 20 % above the mean of a "
    "\"higher is worse\" indicator scores 80. If all areas are equal, all get the neutral value "
    + ", ".join(f"{NEUTRAL[m]:g} ({m})" for m in NEUTRAL) + "."
)

st.subheader("Aggregering och rangordning" if sv else "Aggregation and ranking")
st.latex(r"\text{dim}_d = \frac{\sum_i v_i\, s_i}{\sum_i v_i} \qquad "
         r"I = \frac{\sum_d w_d\, \text{dim}_d}{\sum_d w_d} \qquad "
         r"I_{\text{geo}} = \prod_d \text{dim}_d^{\,w_d / \sum w}")
st.markdown(
    "- Dimensionsvärdet är det viktade medelvärdet av dess normaliserade indikatorer (vikter vᵢ ur "
    "definitionen, lika som standard).\n"
    "- Indexet är det viktade medelvärdet av dimensionerna med vikterna w_d från reglagen; alla vikter 0 "
    "är inte tillåtet. Geometriskt medel kräver att alla dimensionsvärden är > 0 och går därför inte med "
    "z-poäng.\n"
    "- **Rang 1 = lägst index = störst utmaningar.** Lika index delar den lägsta rangen.\n"
    "- **Saknade värden blir aldrig 0.** En dimension där en indikator saknas beräknas av de övriga (med "
    "anmärkning). Saknas alla indikatorer i en dimension rankas området inte och visas som ”saknar värde”.\n"
    "- Förändring mot grundvikter = rang med definitionens standardvikter (samma år och metod) minus rang "
    "med valda vikter; ↑ betyder högre prioritet."
    if sv else
    "- A dimension score is the weighted mean of its normalised indicators (weights vᵢ from the "
    "definition, equal by default).\n"
    "- The index is the weighted mean of the dimensions with the slider weights w_d; all weights 0 is not "
    "allowed. The geometric mean needs every dimension score > 0, so it is not available with z-scores.\n"
    "- **Rank 1 = lowest index = greatest challenges.** Equal indices share the lowest rank.\n"
    "- **Missing values are never 0.** A dimension missing an indicator is computed from the others (with a "
    "note). If all indicators of a dimension are missing, the area is not ranked and shown as \"no value\".\n"
    "- Change vs. default weights = rank with the definition's default weights (same year and method) minus "
    "rank with the chosen weights; ↑ means higher priority."
)

st.subheader("Data och år" if sv else "Data and years")
years = available_years(bundle.indicators, definition)
st.markdown(
    f"- {'Områden' if sv else 'Areas'}: `{bundle.paths.areas.name}` ({len(bundle.areas)}, "
    f"{'koordinatsystem' if sv else 'CRS'} {bundle.areas.crs.to_string() if bundle.areas.crs else '?'})\n"
    f"- {'Indikatorer' if sv else 'Indicators'}: `{bundle.paths.indicators.name}`, "
    f"{'år' if sv else 'years'} {', '.join(map(str, years))}; "
    f"{'visat år' if sv else 'year shown'} **{ctx.current.year}**"
)
if bundle.synthetic:
    st.warning(t("demo_banner", lang))
data_caption(ctx)
