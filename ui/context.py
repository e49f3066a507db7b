"""What every page needs, built once per run by the entry point: data, settings, scores.

``dashboard.py`` calls :func:`build` after drawing the sidebar; a page calls
:func:`start_page`, which returns that :class:`PageContext` and draws the page's header
(title, the demo banner, the data source, a bad link, the open scenario, a conflict).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd
import streamlit as st

from geo.dataset.load import Dataset
from geo.definition import Definition
from geo.engine.index import DimensionWithoutData
from geo.engine.scoring import Scored
from geo.errors import DataError
from geo.i18n import t
from geo.links import Catalog, QueryError, to_query
from geo.scenario import NAME_PARAM, Scenario, scenario_from_query
from geo.settings import Lang, SettingsConflict, ViewSettings
from geo.view.ranking import ranking_view
from ui import data as appdata
from ui import session
from ui.errors import say, show_conflict, show_error
from ui.layout import demo_banner, md_escape, source_banner

_CONTEXT = "page_context"
_LINK_ERROR = "link_error"


@dataclass(frozen=True)
class PageContext:
    """The run's data and settings. ``settings`` are the user's choices; ``current`` is scored
    with them, or with ``conflict.fallback`` when they cannot be combined."""

    data: Dataset
    config_error: str | None
    definition: Definition
    settings: ViewSettings
    current: Scored
    baseline: Scored
    conflict: SettingsConflict | None = None
    scenario: Scenario | None = None

    @property
    def lang(self) -> Lang:
        return self.settings.lang

    @property
    def results_mode(self) -> bool:
        """The data is already computed results: there are no indicator values to show."""
        return self.data.results_mode

    @property
    def reweighable(self) -> bool:
        """The weights change the ranking: there are dimension scores (not only a finished index)."""
        if not self.results_mode:
            return True
        return any(d in self.data.results.columns for d in self.definition.dimension_ids)  # type: ignore[union-attr]

    @cached_property
    def view(self) -> pd.DataFrame:
        """The ranking against the baseline (:func:`geo.view.ranking.ranking_view`; reasons and notes
        with the definition's labels)."""
        return ranking_view(self.current, self.baseline, self.definition)

    def values(self) -> pd.DataFrame:
        """Raw values of the scored year (areas × indicators; each indicator's latest year when they differ)."""
        return appdata.values(self.data, self.definition, self.current.settings.year)

    def reference_values(self) -> pd.DataFrame | None:
        """Raw values of the reference year (the yardstick), when one is set."""
        ref = self.current.settings.reference_year
        return None if ref is None else appdata.values(self.data, self.definition, ref)

    @property
    def scenario_name(self) -> str:
        """The open scenario's name ("(ändrat)" once the settings differ), or "" when none is open."""
        return scenario_label(self.scenario, self.settings)


def scenario_label(scenario: Scenario | None, settings: ViewSettings) -> str:
    """The open scenario's name, with "(ändrat)" once ``settings`` differ from it; "" when none is open.
    A scenario without a year ("the latest") matches whatever year is shown."""
    if scenario is None or not scenario.name:
        return ""
    saved = scenario.settings if scenario.settings.year is not None else scenario.settings.with_(year=settings.year)
    return scenario.name if saved.same_view(settings) else f"{scenario.name} {t('scenario_changed', settings.lang)}"


def catalog(data: Dataset) -> Catalog:
    years = None if data.results_mode else {d.id: appdata.years(data, d) for d in data.definitions}
    return data.catalog(years)


def apply_link(data: Dataset) -> None:
    """Apply the address bar's link once per session (before the sidebar is drawn); a bad link
    keeps the defaults and its message is shown on the page."""
    if not session.take_link_once():
        return
    params = st.query_params.to_dict()
    if not params:
        return
    try:
        linked = scenario_from_query(params, catalog(data))
    except QueryError as exc:
        st.session_state[_LINK_ERROR] = str(exc)
        return
    session.apply(linked.settings, data)
    if linked.name:
        session.set_open_scenario(linked)


def build(loaded: appdata.Loaded) -> PageContext:
    """Score the data with the sidebar's settings (call after the sidebar); raises DataError."""
    data = loaded.dataset
    settings = session.settings(data)
    definition = data.definition(settings.definition_id)
    conflict: SettingsConflict | None = None
    wanted = settings
    for _ in range(2):  # the page stays, scored with the nearest valid settings (a fallback may meet a second
        try:            # conflict: the geometric mean with z-scores and a weighted dimension without data)
            current = appdata.scored(data, definition, wanted)
            break
        except SettingsConflict as exc:
            conflict, wanted = exc, exc.fallback
    else:
        current = appdata.scored(data, definition, wanted)
    try:
        baseline = appdata.scored(data, definition, current.settings.baseline())
    except DimensionWithoutData as exc:  # the definition weighs a dimension the data lacks: without it
        baseline = appdata.scored(data, definition, exc.fallback)
    ctx = PageContext(data=data, config_error=loaded.config_error, definition=definition, settings=settings,
                      current=current, baseline=baseline, conflict=conflict, scenario=session.open_scenario())
    st.session_state[_CONTEXT] = ctx
    return ctx


def mirror_link(ctx: PageContext) -> None:
    """Keep the address bar equal to the view (and the open scenario's name while it is unchanged)."""
    try:
        query = to_query(ctx.settings, ctx.definition)
    except DataError:  # e.g. all weights 0: the page shows that error; keep the last good link
        return
    if ctx.scenario is not None and ctx.scenario.name and ctx.scenario_name == ctx.scenario.name:
        query[NAME_PARAM] = ctx.scenario.name
    if ctx.data.origin == "demo" and appdata.builtin() == appdata.DEMO:  # the demo chosen over the open data
        query[appdata.DATA_PARAM] = appdata.DEMO
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)


def page_context() -> PageContext:
    ctx = st.session_state.get(_CONTEXT)
    if not isinstance(ctx, PageContext):
        raise RuntimeError("run the app with `streamlit run dashboard.py`: the pages get their data from it")
    return ctx


def start_page(title_key: str) -> PageContext:
    """The run's context, after drawing the page's title and banners."""
    ctx = page_context()
    lang = ctx.lang
    st.title(t(title_key, lang))
    header(ctx)
    return ctx


def start_plain_page(title_key: str) -> Lang:
    """For a page that shows no scores (Importera): title, demo label, data source; returns the language."""
    lang = session.lang()
    st.title(t(title_key, lang))
    loaded = appdata.current()
    _data_banners(loaded.dataset, loaded.config_error, lang)
    name = scenario_label(session.open_scenario(), session.settings(loaded.dataset))
    if name:
        say("info", "scenario_open_banner", lang, name=name)
    return lang


def _data_banners(data: Dataset, config_error: str | None, lang: str) -> None:
    """The demo label; why the demo is shown; that uploaded data is in use; a link that was not used."""
    demo_banner(data.synthetic, lang)
    if data.paths.description.label and data.origin != "upload":
        source_banner(data.label_in(lang))
    if config_error:
        say("warning", "config_fallback", lang, error=config_error)
    if data.origin == "upload":
        say("info", "upload_banner", lang, label=data.label)
    link_error = st.session_state.pop(_LINK_ERROR, None)
    if link_error:
        say("warning", "bad_link", lang, error=link_error)


def header(ctx: PageContext) -> None:
    """Demo label, data source, a bad link, the open scenario and a conflict, on every page."""
    lang = ctx.lang
    _data_banners(ctx.data, ctx.config_error, lang)
    if ctx.scenario_name:
        say("info", "scenario_open_banner", lang, name=ctx.scenario_name)
    if ctx.results_mode:
        st.info(t("results_mode_banner" if ctx.reweighable else "results_index_only_banner", lang))
    if ctx.conflict is not None:
        show_conflict(ctx.conflict, ctx.data, lang)


def needs_indicators(ctx: PageContext) -> bool:
    """In results mode, say that this part needs indicator values and return True (skip it)."""
    if ctx.results_mode:
        st.info(t("results_only_info", ctx.lang))
        return True
    return False


def data_caption(ctx: PageContext) -> None:
    """Source, year and method under every result, so numbers can be traced."""
    lang = ctx.lang
    source = t("demo_short", lang) if ctx.data.synthetic else md_escape(
        ctx.data.label_in(lang, ctx.definition) or str(ctx.data.paths.indicators.name))
    definition = md_escape(f"{ctx.definition.display_name(lang)} v{ctx.definition.version}")
    if ctx.results_mode:
        year = f", {t('year', lang).lower()} {ctx.current.year}" if ctx.current.year else ""
        st.caption(t("results_data_note", lang, source=source, year=year) + f" · {definition}")
        return
    used = ctx.current.settings
    yardstick = "" if used.reference_year is None else \
        f" · {t('reference_year', lang)}: {used.reference_year}"
    st.caption(t("data_note", lang, source=source, year=ctx.current.year_text(lang), method=t(f"method_{used.method}", lang))
               + f"{yardstick} · {t('aggregation', lang)}: {t(f'aggregation_{used.aggregation}', lang)} · {definition}")


def fail(error: DataError, lang: str, title: str) -> None:
    """The data cannot be shown at all: the page's title and the error (the sidebar stays)."""
    st.title(title)
    show_error(error, lang)
    st.stop()
