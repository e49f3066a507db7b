"""The sidebar: every choice that changes the index, drawn the same on every page."""

from __future__ import annotations

import streamlit as st

from geo.view.palette import SCHEMES
from geo.definition import Definition
from geo.i18n import LANGS, t
from geo.engine.index import AGGREGATIONS
from geo.engine.normalise import METHODS
from ui import state
from ui.data import Bundle, bundle_years
from ui.layout import md_escape
from ui.overlays import overlay_section

WEIGHT_MAX = 5.0
WEIGHT_STEP = 0.5


def _select(label: str, canonical: str, options: list, fmt=str, **kwargs) -> object:
    if st.session_state.get(canonical) not in options:
        state.set_canonical(canonical, options[0])
    wkey = state.seed_widget(canonical)
    return st.selectbox(label, options, key=wkey, format_func=fmt, on_change=state.sync, args=(canonical,), **kwargs)


def _indicator_weights(definition: Definition, lang: str) -> None:
    with st.expander(t("indicator_weights", lang)):
        for dim in definition.dimensions:
            st.markdown(f"**{md_escape(dim.display_label(lang))}**")
            for ind in dim.indicators:
                canonical = state.ind_key(definition, ind.id)
                st.number_input(md_escape(ind.display_label(lang)), min_value=0.0, max_value=WEIGHT_MAX,
                                step=WEIGHT_STEP,
                                key=state.seed_widget(canonical), on_change=state.sync, args=(canonical,))


def sidebar(bundle: Bundle) -> tuple[Definition, state.Settings]:
    """Draw the controls and return the chosen definition and settings."""
    state.init_state()
    with st.sidebar:
        wkey = state.seed_widget("s_lang")
        st.radio(t("language", st.session_state["s_lang"]), LANGS, key=wkey, horizontal=True,
                 format_func=lambda v: {"sv": "Svenska", "en": "English"}[v],
                 on_change=state.sync, args=("s_lang",))
        lang = st.session_state["s_lang"]
        st.header(t("settings", lang))

        def_ids = [d.id for d in bundle.definitions]
        if st.session_state.get("s_definition") not in def_ids:
            state.set_canonical("s_definition", bundle.default_definition.id)
        _select(t("definition", lang), "s_definition", def_ids,
                fmt=lambda d: f"{bundle.definition(d).display_name(lang)} – v{bundle.definition(d).version}")
        definition = bundle.definition(st.session_state["s_definition"])
        state.ensure_weights(definition)

        # Already computed results carry no indicators: year, method, aggregation and
        # indicator weights would do nothing, so they are not offered.
        indicators_mode = not bundle.results_mode
        years = sorted(bundle_years(bundle, definition), reverse=True) if indicators_mode else []
        year = _select(t("year", lang), "s_year", years) if years else None
        if indicators_mode:
            _select(t("method", lang), "s_method", list(METHODS), fmt=lambda m: t(f"method_{m}", lang))
            _select(t("aggregation", lang), "s_aggregation", list(AGGREGATIONS),
                    fmt=lambda a: t(f"aggregation_{a}", lang))

        st.subheader(t("weights", lang), help=t("weights_help", lang))
        for dim in definition.dimensions:
            canonical = state.dim_key(definition, dim.id)
            st.slider(md_escape(dim.display_label(lang)), 0.0, WEIGHT_MAX, step=WEIGHT_STEP,
                      key=state.seed_widget(canonical),
                      on_change=state.sync, args=(canonical,))
        st.button(t("reset", lang), on_click=state.reset_weights, args=(definition,), key="reset_weights",
                  width="stretch")
        if indicators_mode:
            _indicator_weights(definition, lang)

        wkey = state.seed_widget("s_top_k")
        st.number_input(t("top_k", lang), min_value=1, max_value=max(1, len(bundle.areas)), step=1, key=wkey,
                        on_change=state.sync, args=("s_top_k",))
        _select(t("scheme", lang), "s_scheme", list(SCHEMES), fmt=lambda s: t(f"scheme_{s}", lang))
        wkey = state.seed_widget("s_basemap")
        st.toggle(t("basemap", lang), key=wkey, on_change=state.sync, args=("s_basemap",))
        overlay_section(bundle, lang)
    return definition, state.current_settings(definition, int(year) if year is not None else 0)


def settings_without_sidebar(bundle: Bundle) -> tuple[Definition, state.Settings]:
    """The same choices as :func:`sidebar`, read from the state without drawing anything.

    For the meeting mode, which shows no sidebar: the presenter's last choices apply.
    """
    state.init_state()
    def_ids = [d.id for d in bundle.definitions]
    if st.session_state.get("s_definition") not in def_ids:
        state.set_canonical("s_definition", bundle.default_definition.id)
    definition = bundle.definition(st.session_state["s_definition"])
    state.ensure_weights(definition)
    years = bundle_years(bundle, definition)
    year = st.session_state.get("s_year")
    if year not in years:
        year = years[-1] if years else 0
    return definition, state.current_settings(definition, int(year))

