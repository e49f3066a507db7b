"""The sidebar: every choice behind the view, drawn once per run by the entry point.

Widgets are keyed by :mod:`ui.session` and use ``persist_state="session"``: Streamlit
keeps their values when the user switches pages, including pages that show fewer
controls. Which controls a page shows is :attr:`ui.pages.Page.controls`.

Selectboxes whose labels depend on the language are :func:`select`-ed: switching the
language re-sends their values (:func:`relabel`), because Streamlit keeps showing a
keyed selectbox's old label after its ``format_func`` changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from geo.dataset.load import Dataset
from geo.definition import Definition
from geo.i18n import t
from geo.settings import AGGREGATIONS, LANGS, METHODS, SCHEMES, WEIGHT_MAX, WEIGHT_MIN, WEIGHT_STEP
from ui import data as appdata
from ui import session
from ui.layout import md_escape
from ui.overlays import overlay_section
from ui.pages import Page

_LABELLED = "controls_labelled"
LANG_NAMES = {"sv": "Svenska", "en": "English"}


def relabel() -> None:
    """``on_change`` of the language switch: re-send every language-dependent selectbox's value."""
    for key in st.session_state.get(_LABELLED, ()):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def select(label: str, key: str, options: Sequence[Any], *, format_func: Callable[[Any], str] = str,
           persist: bool = True, **kwargs: Any) -> Any:
    """A selectbox whose value stays one of ``options`` (falling back to the first) and whose
    labels follow the language."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = options[0]
    st.session_state.setdefault(_LABELLED, set()).add(key)
    return st.selectbox(label, options, key=key, format_func=format_func,
                        persist_state="session" if persist else None, **kwargs)


def language_switch() -> None:
    st.session_state.setdefault(session.LANG, "sv")
    st.radio(t("language", session.lang()), LANGS, key=session.LANG, horizontal=True, persist_state="session",
             format_func=LANG_NAMES.__getitem__, on_change=relabel)


def _switched_data() -> None:
    """``on_change`` of the data switch: a scenario of the other data does not stay open."""
    session.set_open_scenario(None)


def data_switch(data: Dataset) -> None:
    """Real Malmö (open data) or the synthetic demo (the full index), when nothing is configured and
    nothing is uploaded: the demo is one click away."""
    if data.origin == "upload" or not appdata.builtin_offered():
        return
    lang = session.lang()
    appdata.builtin()  # the link's choice, before the widget takes the key
    st.radio(t("builtin_heading", lang), [appdata.OPEN, appdata.DEMO], key=appdata.BUILTIN,
             format_func=lambda v: t(f"builtin_{v}", lang), on_change=_switched_data, persist_state="session",
             help=t("builtin_help", lang))


def weight_slider(definition: Definition, dim_id: str, lang: str, *, key: str | None = None,
                  **kwargs: Any) -> float:
    """One dimension's weight slider (the same range and step everywhere)."""
    return float(st.slider(md_escape(definition.dimension(dim_id).display_label(lang)), WEIGHT_MIN, WEIGHT_MAX,
                           step=WEIGHT_STEP, key=key or session.weight_key(definition.id, dim_id), **kwargs))


def _indicator_weights(definition: Definition, lang: str) -> None:
    with st.expander(t("indicator_weights", lang)):
        for dim in definition.dimensions:
            st.markdown(f"**{md_escape(dim.display_label(lang))}**")
            for ind in dim.indicators:
                st.number_input(md_escape(ind.display_label(lang)), min_value=WEIGHT_MIN, max_value=WEIGHT_MAX,
                                step=WEIGHT_STEP, key=session.indicator_key(definition.id, ind.id),
                                persist_state="session")


def sidebar(data: Dataset, page: Page) -> dict[str, Any]:
    """Draw the language switch and the page's controls (call inside ``st.sidebar``). Returns an empty
    slot under each weight slider (dimension id → placeholder): the tipping point of that weight is
    written there once the view is scored (:func:`ui.sensitivity.slider_notes`)."""
    language_switch()
    data_switch(data)
    lang = session.lang()
    shown = page.controls
    slots: dict[str, Any] = {}
    if not shown:
        return slots
    st.header(t("settings", lang))
    if "definition" in shown:
        select(t("definition", lang), session.DEFINITION, [d.id for d in data.definitions],
               format_func=lambda d: f"{data.definition(d).display_name(lang)} – v{data.definition(d).version}")
    definition = session.definition(data)
    indicators = not data.results_mode  # computed results: year, method and indicator weights do nothing
    session.seed(definition, appdata.years(data, definition) if indicators else [])
    if indicators and "year" in shown:
        years: list[int | None] = list(sorted(appdata.years(data, definition), reverse=True))
        if data.mixed_vintage(definition):  # the indicators end in different years: each its latest, first
            years.insert(0, None)
        select(t("year", lang), session.YEAR, years,
               format_func=lambda y: t("latest_per_indicator", lang) if y is None else str(y),
               placeholder=t("latest_per_indicator", lang), help=t("year_help_latest", lang)
               if data.mixed_vintage(definition) else None)
    if indicators and "reference_year" in shown:
        # None first: each year against itself (the definition's rule) unless a yardstick is chosen
        select(t("reference_year", lang), session.key("reference_year"),
               [None, *sorted(appdata.years(data, definition))],
               format_func=lambda y: t("reference_none", lang) if y is None else str(y),
               # None is an option, but Streamlit draws a None value as "no choice": say what it means
               placeholder=t("reference_none", lang), help=t("reference_year_help", lang))
    if indicators and "method" in shown:
        select(t("method", lang), session.METHOD, list(METHODS), format_func=lambda m: t(f"method_{m}", lang))
    if indicators and "aggregation" in shown:
        select(t("aggregation", lang), session.AGGREGATION, list(AGGREGATIONS),
               format_func=lambda a: t(f"aggregation_{a}", lang))
    if "weights" in shown:
        st.subheader(t("weights", lang), help=t("weights_help", lang))
        for dim in definition.dimensions:
            weight_slider(definition, dim.id, lang, persist_state="session")
            slots[dim.id] = st.empty()
        st.button(t("reset", lang), on_click=session.reset_weights, args=(definition,), key="reset_weights",
                  width="stretch")
    if indicators and "indicator_weights" in shown:
        _indicator_weights(definition, lang)
    if "top_k" in shown:
        st.session_state[session.TOP_K] = session.top_k(st.session_state.get(session.TOP_K), len(data.areas))
        st.number_input(t("top_k", lang), min_value=1, max_value=max(1, len(data.areas)), step=1, key=session.TOP_K,
                        persist_state="session")
    if "scheme" in shown:
        select(t("scheme", lang), session.SCHEME, list(SCHEMES), format_func=lambda s: t(f"scheme_{s}", lang))
    if "labels" in shown:
        st.session_state.setdefault(session.key("labels"), True)
        st.toggle(t("labels", lang), key=session.key("labels"), persist_state="session")
    if "basemap" in shown:
        st.session_state.setdefault(session.BASEMAP, False)
        st.toggle(t("basemap", lang), key=session.BASEMAP, persist_state="session")
    if "overlays" in shown:
        overlay_section(data, lang)
    return slots
