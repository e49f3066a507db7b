"""What every page does first: set up, load data, draw the sidebar, score."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from geo.definition import Definition
from geo.errors import DataError
from geo.i18n import t
from geo.scoring import Scored, score, values_for_year
from ui import state
from ui.data import Bundle, load_bundle
from ui.layout import demo_banner, page_setup, show_error, source_banner
from ui.sidebar import sidebar


@dataclass(frozen=True)
class PageContext:
    bundle: Bundle
    definition: Definition
    settings: state.Settings
    current: Scored
    baseline: Scored

    @property
    def lang(self) -> str:
        return self.settings.lang

    def values(self):
        """Raw values of the scored year (areas × indicators)."""
        return values_for_year(self.bundle.indicators, self.current.year, self.bundle.areas["area_id"],
                               self.definition)


def start_page(title_key: str) -> PageContext:
    """Set up the page and return everything it needs; stops the page on bad data."""
    state.init_state()
    page_setup(t(title_key, st.session_state.get("s_lang", "sv")))
    try:
        bundle = load_bundle()
    except DataError as exc:
        show_error(exc, st.session_state.get("s_lang", "sv"))
        st.stop()
    definition, settings = sidebar(bundle)
    lang = settings.lang
    demo_banner(bundle.synthetic, lang)
    source_banner(bundle, lang)
    st.title(t(title_key, lang))
    try:
        current = score(bundle.areas, bundle.indicators, definition, year=settings.year or None,
                        method=settings.method, weights=settings.weight_map,
                        indicator_weights=settings.indicator_weight_map, aggregation=settings.aggregation)
        baseline = score(bundle.areas, bundle.indicators, definition, year=current.year, method=settings.method,
                         aggregation=settings.aggregation)
    except DataError as exc:
        show_error(exc, lang)
        st.stop()
    return PageContext(bundle, definition, settings, current, baseline)


def data_caption(ctx: PageContext) -> None:
    """Source, year and method under every result, so numbers can be traced."""
    lang = ctx.lang
    source = t("demo_short", lang) if ctx.bundle.synthetic else (ctx.bundle.label or str(ctx.bundle.paths.indicators.name))
    st.caption(t("data_note", lang, source=source, year=ctx.current.year,
                 method=t(f"method_{ctx.settings.method}", lang))
               + f" · {ctx.definition.display_name(lang)} v{ctx.definition.version}")
