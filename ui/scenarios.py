"""Widgets of the Scenarier page: save, list, open, rename, delete and compare scenarios.

The scenarios live in SQLite (:class:`geo.output.store.ScenarioStore`, path from
``OMRADESINDEX_SCENARIO_DB`` or the per-user data folder). Every store operation runs in
a button callback, before the page is drawn, so the list below always shows the result;
a locked, read-only or corrupt database gives the store's Swedish :class:`DataError`
as ``st.error`` and leaves the file untouched.

"Öppna" writes the scenario into the canonical ``s_…`` keys (``ui.state.set_canonical``),
so the sidebar and every page show it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from geo.view.palette import SHIFT_DOWN, SHIFT_SAME, SHIFT_UP, classify
from geo.errors import DataError
from geo.i18n import STRINGS, fmt_number, t
from geo.scenario import Scenario
from geo.output.store import ScenarioStore
from geo.engine.scoring import Scored, score, score_results
from geo.view.ranking import change_marker, compare_table, map_styles, ranking_view, shift_styles, top_k_changes
from ui import state
from ui.charts import slope_chart
from ui.common import PageContext
from ui.layout import legend_html, md_escape, show_error
from ui.mapview import choropleth

#: How long a save waits for another process's write lock before saying so (a meeting should not hang).
BUSY_TIMEOUT_MS = 3000
FLASH = "_sc_flash"
CONFIRM = "_sc_confirm_delete"
BASELINE, CURRENT = "baseline", "current"


def open_store(lang: str) -> ScenarioStore | None:
    """The store, or ``None`` after showing why it cannot be used."""
    try:
        return ScenarioStore(busy_timeout_ms=BUSY_TIMEOUT_MS)
    except DataError as exc:
        show_error(exc, lang)
        return None


def _flash(kind: str, text: str) -> None:
    st.session_state[FLASH] = (kind, text)


def show_flash() -> None:
    msg = st.session_state.pop(FLASH, None)
    if not msg:
        return
    kind, text = msg
    {"success": st.success, "error": st.error, "warning": st.warning}.get(kind, st.info)(text)


def _error_text(exc: DataError, lang: str) -> str:
    return f"**{t('error_heading', lang)}**\n\n{md_escape(exc)}"


# --------------------------------------------------------------------------- callbacks

def apply_scenario(scenario: Scenario, ctx: PageContext) -> bool:
    """Load ``scenario`` into the canonical state (every page shows it). False if its
    definition is not available here."""
    lang = ctx.lang
    ids = [d.id for d in ctx.bundle.definitions]
    if scenario.definition_id not in ids:
        _flash("error", t("sc_unknown_definition", lang, name=md_escape(scenario.name),
                             definition=md_escape(scenario.definition_id)))
        return False
    definition = ctx.bundle.definition(scenario.definition_id)
    try:
        weights, ind_weights = scenario.resolved_weights(definition)
    except DataError as exc:
        _flash("error", _error_text(exc, lang))
        return False
    state.set_canonical("s_definition", definition.id)
    state.set_canonical("s_year", None if scenario.year is None else int(scenario.year))
    state.set_canonical("s_method", scenario.method)
    state.set_canonical("s_aggregation", scenario.aggregation)
    for dim in definition.dimensions:
        state.set_canonical(state.dim_key(definition, dim.id), float(weights[dim.id]))
        for ind in dim.indicators:
            state.set_canonical(state.ind_key(definition, ind.id), float(ind_weights[ind.id]))
    state.set_canonical("s_top_k", int(scenario.top_k))
    state.set_canonical("s_scheme", scenario.scheme)
    return True


def _open(scenario: Scenario, ctx: PageContext) -> None:
    if apply_scenario(scenario, ctx):
        _flash("success", t("sc_opened", ctx.lang, name=md_escape(scenario.name)))


def _save(store: ScenarioStore, ctx: PageContext) -> None:
    lang = ctx.lang
    name = st.session_state.get("sc_name", "")
    note = st.session_state.get("sc_note", "")
    scenario = Scenario.from_settings(ctx.settings, ctx.definition, name=name, note=note)
    if not ctx.results_mode:
        scenario = scenario.with_(year=ctx.current.year)
    else:
        scenario = scenario.with_(year=None)
    try:
        saved = store.save(scenario, overwrite=bool(st.session_state.get("sc_overwrite")))
    except DataError as exc:
        _flash("error", _error_text(exc, lang))
        return
    st.session_state["sc_name"] = ""
    st.session_state["sc_note"] = ""
    _flash("success", t("sc_saved", lang, name=md_escape(saved.name)))


def _rename(store: ScenarioStore, scenario_id: int, lang: str) -> None:
    new_name = st.session_state.get(f"sc_rename_{scenario_id}", "")
    try:
        saved = store.rename(scenario_id, new_name)
    except DataError as exc:
        _flash("error", _error_text(exc, lang))
        return
    _flash("success", t("sc_renamed", lang, name=md_escape(saved.name)))


def _ask_delete(scenario_id: int) -> None:
    st.session_state[CONFIRM] = scenario_id


def _cancel_delete() -> None:
    st.session_state.pop(CONFIRM, None)


def _delete(store: ScenarioStore, scenario: Scenario, lang: str) -> None:
    st.session_state.pop(CONFIRM, None)
    try:
        store.delete(int(scenario.id))
    except DataError as exc:
        _flash("error", _error_text(exc, lang))
        return
    _flash("success", t("sc_deleted", lang, name=md_escape(scenario.name)))


# --------------------------------------------------------------------------- sections

def save_section(store: ScenarioStore, ctx: PageContext) -> None:
    lang = ctx.lang
    st.subheader(t("sc_save_heading", lang))
    c1, c2 = st.columns([2, 3])
    c1.text_input(t("sc_name", lang), key="sc_name", max_chars=200)
    c2.text_input(t("sc_note", lang), key="sc_note")
    c1.checkbox(t("sc_overwrite", lang), key="sc_overwrite")
    st.button(t("sc_save", lang), key="sc_save", type="primary", on_click=_save, args=(store, ctx))


def summary(scenario: Scenario, ctx: PageContext) -> str:
    """One line: definition, year, method, weights, top k."""
    lang = ctx.lang
    known = scenario.definition_id in [d.id for d in ctx.bundle.definitions]
    definition = ctx.bundle.definition(scenario.definition_id) if known else None
    parts = []
    for dim_id, w in scenario.weights.items():
        label = definition.dimension(dim_id).display_label(lang) if definition and dim_id in definition.dimension_ids \
            else dim_id
        parts.append(f"{label} {fmt_number(w, lang, 1)}")
    year = "" if scenario.year is None else f"{t('year', lang)} {scenario.year} · "
    method = t(f"method_{scenario.method}", lang) if f"method_{scenario.method}" in STRINGS else scenario.method
    return f"{scenario.definition_id} · {year}{method} · {', '.join(parts)} · k = {scenario.top_k}"


def list_section(store: ScenarioStore, ctx: PageContext) -> list[Scenario]:
    """The saved scenarios (newest first) with open / rename / delete; returns the list."""
    lang = ctx.lang
    st.subheader(t("sc_list_heading", lang))
    st.caption(t("sc_store_caption", lang, path=md_escape(str(store.path))))
    try:
        scenarios = store.list()
    except DataError as exc:
        show_error(exc, lang)
        return []
    if not scenarios:
        st.info(t("sc_none", lang))
        return []
    confirm = st.session_state.get(CONFIRM)
    for sc in scenarios:
        with st.container(border=True):
            head, buttons = st.columns([4, 2])
            when = sc.changed.astimezone().strftime("%Y-%m-%d %H:%M") if sc.changed else ""
            head.markdown(f"**{md_escape(sc.name)}** · {t('sc_changed', lang, when=when)}")
            if sc.note:
                head.caption(md_escape(sc.note))
            head.caption(md_escape(summary(sc, ctx)))
            b1, b2 = buttons.columns(2)
            b1.button(t("sc_open", lang), key=f"sc_open_{sc.id}", on_click=_open, args=(sc, ctx),
                      width="stretch", type="primary")
            b2.button(t("sc_delete", lang), key=f"sc_del_{sc.id}", on_click=_ask_delete, args=(sc.id,),
                      width="stretch")
            if confirm == sc.id:
                st.warning(t("sc_confirm_delete", lang, name=md_escape(sc.name)))
                y, n, _ = st.columns([1, 1, 3])
                y.button(t("sc_confirm_yes", lang), key="sc_del_yes", on_click=_delete, args=(store, sc, lang),
                         type="primary")
                n.button(t("sc_cancel", lang), key="sc_del_no", on_click=_cancel_delete)
            with st.expander(t("sc_rename", lang)):
                st.text_input(t("sc_new_name", lang), value=sc.name, key=f"sc_rename_{sc.id}", max_chars=200)
                st.button(t("sc_rename", lang), key=f"sc_rename_btn_{sc.id}", on_click=_rename,
                          args=(store, sc.id, lang))
    return scenarios


# --------------------------------------------------------------------------- compare

@dataclass(frozen=True)
class Side:
    label: str
    scored: Scored


def score_scenario(scenario: Scenario, ctx: PageContext) -> Scored:
    """Score a saved scenario on the loaded data, with the same year rules as the pages."""
    ids = [d.id for d in ctx.bundle.definitions]
    if scenario.definition_id not in ids:
        raise DataError(t("sc_unknown_definition", "sv", name=scenario.name, definition=scenario.definition_id))
    definition = ctx.bundle.definition(scenario.definition_id)
    bundle = ctx.bundle
    if bundle.results_mode:
        return score_results(bundle.areas, bundle.results, definition, weights=scenario.weights)
    return score(bundle.areas, bundle.indicators, definition, year=scenario.year, method=scenario.method,
                 weights=scenario.weights, indicator_weights=scenario.indicator_weights,
                 aggregation=scenario.aggregation)


def _side(choice: str, ctx: PageContext, scenarios: dict[str, Scenario]) -> Side:
    lang = ctx.lang
    if choice == BASELINE:
        return Side(t("sc_baseline", lang), ctx.baseline)
    if choice == CURRENT:
        return Side(t("sc_current", lang), ctx.current)
    sc = scenarios[choice]
    return Side(sc.name, score_scenario(sc, ctx))


def _shift_legend(lang: str) -> str:
    def sw(colour: str) -> str:
        return f'<span class="sw" style="background:{colour}"></span>'
    return (f'<div class="oi-legend"><span>{"".join(sw(c) for c in reversed(SHIFT_UP))} '
            f'{md_escape(t("sc_diff_legend_up", lang))}</span>'
            f'<span>{sw(SHIFT_SAME)} {md_escape(t("sc_diff_legend_same", lang))}</span>'
            f'<span>{"".join(sw(c) for c in SHIFT_DOWN)} {md_escape(t("sc_diff_legend_down", lang))}</span></div>')


def compare_section(ctx: PageContext, saved: list[Scenario]) -> None:
    lang, k = ctx.lang, ctx.settings.top_k
    st.subheader(t("sc_compare_heading", lang))
    by_key = {f"id:{sc.id}": sc for sc in saved}
    options = [BASELINE, CURRENT, *by_key]
    names = {BASELINE: t("sc_baseline", lang), CURRENT: t("sc_current", lang),
             **{key: sc.name for key, sc in by_key.items()}}
    for key, default in (("sc_a", BASELINE), ("sc_b", CURRENT)):
        if st.session_state.get(key) not in options:
            st.session_state[key] = default
    c1, c2 = st.columns(2)
    choice_a = c1.selectbox(t("sc_a", lang), options, key="sc_a", format_func=names.get)
    choice_b = c2.selectbox(t("sc_b", lang), options, key="sc_b", format_func=names.get)
    try:
        a = _side(choice_a, ctx, by_key)
        b = _side(choice_b, ctx, by_key)
    except DataError as exc:
        show_error(exc, lang)
        return
    st.caption(t("sc_compare_caption", lang, k=k))

    view = ranking_view(b.scored, a.scored, top_k=k)  # A is the "baseline" of B
    bundle, scheme = ctx.bundle, ctx.settings.scheme
    m1, m2 = st.columns(2)
    for col, side, key, own in ((m1, a, "karta_a", ranking_view(a.scored, a.scored, top_k=k)),
                                (m2, b, "karta_b", view)):
        with col:
            st.markdown(f"#### {md_escape(side.label)}")
            classes = classify(side.scored.result.index, scheme=scheme)
            definition = _definition_of(side.scored, ctx)
            styles = map_styles(own, side.scored.result, classes, definition, lang=lang)
            choropleth(bundle, styles, key=key, height=380, basemap=ctx.settings.basemap)
            st.markdown(legend_html(classes, lang, bundle.names), unsafe_allow_html=True)

    st.markdown(f"#### {md_escape(t('sc_diff_heading', lang))}")
    st.markdown(_shift_legend(lang), unsafe_allow_html=True)
    d1, d2 = st.columns([3, 2], gap="large")
    with d1:
        choropleth(bundle, shift_styles(view, lang=lang, label_a=a.label, label_b=b.label), key="karta_diff",
                   height=460, basemap=ctx.settings.basemap)
    with d2:
        changes = top_k_changes(view)
        if changes.entering:
            st.markdown(f"**{t('sc_topk_in', lang, k=k).capitalize()}:** "
                        f":blue[{md_escape(', '.join(changes.entering))}]")
        if changes.leaving:
            st.markdown(f"**{t('sc_topk_out', lang, k=k).capitalize()}:** "
                        f":orange[{md_escape(', '.join(changes.leaving))}]")
        if not (changes.entering or changes.leaving):
            st.info(t("sc_no_topk_change", lang, k=k))
        if (view["rank_change"].fillna(0) == 0).all():
            st.info(t("sc_same", lang))
        moved = compare_table(view, top_k=k)
        if len(moved):
            st.dataframe(pd.DataFrame({
                t("area", lang): moved["area_name"],
                t("sc_rank_a", lang): moved["baseline_rank"],
                t("sc_rank_b", lang): moved["rank"],
                t("sc_topk_status", lang): [t("sc_topk_in" if s == "in" else "sc_topk_out", lang, k=k)
                                            for s in moved["top_k_status"]],
            }), hide_index=True, width="stretch")

    left, right = st.columns([2, 3], gap="large")
    with left:
        table = pd.DataFrame({
            t("area", lang): view["area_name"],
            t("sc_rank_a", lang): view["baseline_rank"],
            t("sc_rank_b", lang): view["rank"],
            t("rank_change_short", lang): [change_marker(v) for v in view["change_label"]],
            t("top_k_col", lang): ["★" if v else "" for v in view["in_top_k"]],
        })
        st.dataframe(table, hide_index=True, width="stretch", height=min(40 + 35 * len(table), 560))
    with right:
        st.markdown(f"#### {md_escape(t('sc_slope_heading', lang))}")
        st.vega_lite_chart(spec=slope_chart(view, lang, stages=(a.label, b.label)), width="stretch")


def _definition_of(scored: Scored, ctx: PageContext):
    """The definition a scored result was computed with (matched by its dimension ids)."""
    dims = tuple(scored.result.dimensions.columns)
    if tuple(ctx.definition.dimension_ids) == dims:
        return ctx.definition
    for d in ctx.bundle.definitions:
        if tuple(d.dimension_ids) == dims:
            return d
    return ctx.definition
