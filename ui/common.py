"""What every page does first: set up, load data, draw the sidebar, score."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from geo.definition import Definition
from geo.errors import DataError
from geo.i18n import t
from geo.engine.scoring import Scored, resolve_year, score_results, score_values
from ui import state
from ui.data import Bundle, bundle_baseline, bundle_names, bundle_values, bundle_years, load_bundle
from ui.permalink import apply_link, mirror_link
from ui.layout import demo_banner, md_escape, page_setup, show_error, source_banner
from ui.sidebar import settings_without_sidebar, sidebar


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

    @property
    def results_mode(self) -> bool:
        """The data is already computed results: there are no indicator values to show."""
        return self.bundle.results_mode

    def values(self):
        """Raw values of the scored year (areas × indicators)."""
        return bundle_values(self.bundle, self.definition, self.current.year)


def start_page(title_key: str, *, with_sidebar: bool = True) -> PageContext:
    """Set up the page and return everything it needs; stops the page on bad data.

    ``with_sidebar=False`` (meeting mode) takes the choices from the state without
    drawing the controls.
    """
    state.init_state()
    page_setup(t(title_key, st.session_state.get("s_lang", "sv")))
    try:
        bundle = load_bundle()
    except DataError as exc:
        show_error(exc, st.session_state.get("s_lang", "sv"))
        st.stop()
    link_error = apply_link(bundle)
    definition, settings = sidebar(bundle) if with_sidebar else settings_without_sidebar(bundle)
    lang = settings.lang
    demo_banner(bundle.synthetic, lang)
    source_banner(bundle, lang)
    if link_error:
        st.warning(t("bad_link", lang, error=link_error))
    mirror_link(settings, definition)
    st.title(t(title_key, lang))
    if bundle.results_mode:
        has_dims = any(d in bundle.results.columns for d in definition.dimension_ids)
        st.info(t("results_mode_banner" if has_dims else "results_index_only_banner", lang))
    try:
        if bundle.results_mode:
            current = score_results(bundle.areas, bundle.results, definition, weights=settings.weight_map)
            baseline = score_results(bundle.areas, bundle.results, definition)
            return PageContext(bundle, definition, settings, current, baseline)
        years = bundle_years(bundle, definition)
        year = resolve_year(bundle.indicators, definition, settings.year or None) if not years \
            else (settings.year if settings.year in years else years[-1])
        # One year's values and the baseline are cached per data version: a slider move
        # only recomputes the index with the new weights.
        current = score_values(bundle_values(bundle, definition, year), bundle_names(bundle), definition, year=year,
                               method=settings.method, weights=settings.weight_map,
                               indicator_weights=settings.indicator_weight_map, aggregation=settings.aggregation)
        baseline = bundle_baseline(bundle, definition, year, settings.method, settings.aggregation)
    except DataError as exc:
        show_error(exc, lang)
        st.stop()
    return PageContext(bundle, definition, settings, current, baseline)


def needs_indicators(ctx: PageContext) -> bool:
    """In results mode, say that this part needs indicator values and return True (skip it)."""
    if ctx.results_mode:
        st.info(t("results_only_info", ctx.lang))
        return True
    return False


def data_caption(ctx: PageContext) -> None:
    """Source, year and method under every result, so numbers can be traced."""
    lang = ctx.lang
    source = t("demo_short", lang) if ctx.bundle.synthetic else md_escape(
        ctx.bundle.label or str(ctx.bundle.paths.indicators.name))
    definition = md_escape(f"{ctx.definition.display_name(lang)} v{ctx.definition.version}")
    if ctx.results_mode:
        year = f", {t('year', lang).lower()} {ctx.current.year}" if ctx.current.year else ""
        st.caption(t("results_data_note", lang, source=source, year=year) + f" · {definition}")
        return
    st.caption(t("data_note", lang, source=source, year=ctx.current.year,
                 method=t(f"method_{ctx.settings.method}", lang)) + f" · {definition}")
