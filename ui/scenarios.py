"""Widgets of the Scenarier page: save, list, open, rename, delete and compare scenarios.

The scenarios live in SQLite (:class:`geo.output.store.ScenarioStore`, path from
``OMRADESINDEX_SCENARIO_DB`` or the per-user data folder). Every store operation runs in
a button callback, before the page is drawn, so the list below always shows the result;
a locked, read-only or corrupt database gives the store's Swedish message and leaves the
file untouched.

"Öppna" applies the scenario's settings to the session (:func:`ui.session.apply`; the
reader's language is kept) and remembers it as the open scenario, which every page and
every export names.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from geo.definition import Definition
from geo.engine.scoring import Scored
from geo.errors import DataError
from geo.i18n import STRINGS, fmt_number, t
from geo.output.store import ScenarioStore
from geo.scenario import Scenario
from geo.view.mapstyles import index_layer, shift_layer
from geo.view.palette import shared_breaks
from geo.view.ranking import compare_table, ranking_view, top_k_changes
from ui import data as appdata
from ui import session
from ui.charts import slope_chart
from ui.context import PageContext
from ui.controls import select
from ui.errors import Kind, error_text, say, show_error
from ui.layout import md_escape
from ui.map import area_map

#: How long a save waits for another process's write lock before saying so (a meeting should not hang).
BUSY_TIMEOUT_MS = 3000
FLASH = "sc_flash"
CONFIRM = "sc_confirm_delete"
BASELINE, CURRENT = "baseline", "current"


def open_store(lang: str) -> ScenarioStore | None:
    """The store, or ``None`` after showing why it cannot be used."""
    try:
        return ScenarioStore(busy_timeout_ms=BUSY_TIMEOUT_MS)
    except DataError as exc:
        show_error(exc, lang)
        return None


def _flash(kind: Kind, key: str, **values: object) -> None:
    st.session_state[FLASH] = (kind, key, values)


def _failed(exc: DataError, lang: str) -> None:
    st.session_state[FLASH] = ("failed", error_text(exc, lang), {})


def show_flash(lang: str) -> None:
    """The message a callback left for this run (shown once)."""
    msg = st.session_state.pop(FLASH, None)
    if not msg:
        return
    kind, key, values = msg
    if kind == "failed":
        show_error(key, lang)
    else:
        say(kind, key, lang, **values)


# --------------------------------------------------------------------------- callbacks

def _open(scenario: Scenario, ctx: PageContext) -> None:
    data = ctx.data
    if scenario.definition_id not in {d.id for d in data.definitions}:
        other = appdata.other_builtin(data, scenario.definition_id)
        if other is None:
            _flash("error", "sc_unknown_definition", name=scenario.name, definition=scenario.definition_id)
            return
        data = other  # saved on the other built-in data (the demo or the open data): switch to it
    try:
        session.apply(scenario.settings, data, keep_lang=True)
    except DataError as exc:
        _failed(exc, ctx.lang)
        return
    session.set_open_scenario(scenario)
    _flash("success", "sc_opened", name=scenario.name)


def _save(store: ScenarioStore, ctx: PageContext) -> None:
    settings = ctx.settings if ctx.results_mode else ctx.settings.with_(year=ctx.current.settings.year)
    scenario = Scenario(settings=settings, name=st.session_state.get("sc_name", ""),
                        note=st.session_state.get("sc_note", ""))
    try:
        saved = store.save(scenario, overwrite=bool(st.session_state.get("sc_overwrite")))
    except DataError as exc:
        _failed(exc, ctx.lang)
        return
    st.session_state["sc_name"] = ""
    st.session_state["sc_note"] = ""
    session.set_open_scenario(saved)
    _flash("success", "sc_saved", name=saved.name)


def _rename(store: ScenarioStore, scenario_id: int, lang: str) -> None:
    try:
        saved = store.rename(scenario_id, st.session_state.get(f"sc_rename_{scenario_id}", ""))
    except DataError as exc:
        _failed(exc, lang)
        return
    opened = session.open_scenario()
    if opened is not None and opened.id == saved.id:
        session.set_open_scenario(opened.with_(name=saved.name))
    _flash("success", "sc_renamed", name=saved.name)


def _ask_delete(scenario_id: int) -> None:
    st.session_state[CONFIRM] = scenario_id


def _cancel_delete() -> None:
    st.session_state.pop(CONFIRM, None)


def _delete(store: ScenarioStore, scenario: Scenario, lang: str) -> None:
    st.session_state.pop(CONFIRM, None)
    try:
        store.delete(int(scenario.id or 0))
    except DataError as exc:
        _failed(exc, lang)
        return
    opened = session.open_scenario()
    if opened is not None and opened.id == scenario.id:
        session.set_open_scenario(None)
    _flash("success", "sc_deleted", name=scenario.name)


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
    lang, s = ctx.lang, scenario.settings
    definition = next((d for d in ctx.data.definitions if d.id == s.definition_id), None)
    parts = []
    for dim_id, w in s.weights:
        label = definition.dimension(dim_id).display_label(lang) \
            if definition is not None and dim_id in definition.dimension_ids else dim_id
        parts.append(f"{label} {fmt_number(w, lang, 1)}")
    year = "" if s.year is None else f"{t('year', lang)} {s.year} · "
    method = t(f"method_{s.method}", lang) if f"method_{s.method}" in STRINGS else s.method
    return f"{s.definition_id} · {year}{method} · {', '.join(parts)} · k = {s.top_k}"


def list_section(store: ScenarioStore, ctx: PageContext) -> list[Scenario]:
    """The saved scenarios (newest first) with open / rename / delete; returns the list."""
    lang = ctx.lang
    st.subheader(t("sc_list_heading", lang))
    st.caption(t("sc_store_caption", lang, path=md_escape(store.path.name)))
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
                say("warning", "sc_confirm_delete", lang, name=sc.name)
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
    definition: Definition


def _side(choice: str, ctx: PageContext, scenarios: dict[str, Scenario]) -> Side:
    lang = ctx.lang
    if choice == BASELINE:
        return Side(t("sc_baseline", lang), ctx.baseline, ctx.definition)
    if choice == CURRENT:
        return Side(t("sc_current", lang), ctx.current, ctx.definition)
    sc = scenarios[choice]
    if sc.definition_id not in {d.id for d in ctx.data.definitions}:
        raise DataError(t("sc_unknown_definition", lang, name=sc.name, definition=sc.definition_id))
    definition = ctx.data.definition(sc.definition_id)
    # The reader's language and the current map classification, so both sides read alike.
    settings = sc.settings.with_(lang=ctx.lang, scheme=ctx.current.settings.scheme,
                                 top_k=ctx.current.settings.top_k)
    return Side(sc.name, appdata.scored(ctx.data, definition, settings), definition)


def compare_section(ctx: PageContext, saved: list[Scenario]) -> None:
    lang, k = ctx.lang, ctx.current.settings.top_k
    st.subheader(t("sc_compare_heading", lang))
    by_key = {f"id:{sc.id}": sc for sc in saved}
    options = [BASELINE, CURRENT, *by_key]
    names = {BASELINE: t("sc_baseline", lang), CURRENT: t("sc_current", lang),
             **{key: sc.name for key, sc in by_key.items()}}
    for key, default in (("sc_a", BASELINE), ("sc_b", CURRENT)):
        if st.session_state.get(key) not in options:
            st.session_state[key] = default
    c1, c2 = st.columns(2)
    with c1:
        choice_a = select(t("sc_a", lang), "sc_a", options, format_func=names.__getitem__, persist=False)
    with c2:
        choice_b = select(t("sc_b", lang), "sc_b", options, format_func=names.__getitem__, persist=False)
    try:
        a = _side(choice_a, ctx, by_key)
        b = _side(choice_b, ctx, by_key)
    except DataError as exc:
        show_error(exc, lang)
        return
    st.caption(t("sc_compare_caption", lang, k=k))

    view = ranking_view(b.scored, a.scored, b.definition)  # A is the "baseline" of B
    # One set of class breaks from A and B together: the same colour means the same value on both maps.
    breaks = shared_breaks(a.scored.result.index, b.scored.result.index, scheme=ctx.current.settings.scheme)
    m1, m2 = st.columns(2)
    own_a = ranking_view(a.scored, a.scored, a.definition)
    for col, side, key, own in ((m1, a, "karta_a", own_a), (m2, b, "karta_b", view)):
        with col:
            st.markdown(f"#### {md_escape(side.label)}")
            area_map(ctx.data, key=key, lang=lang, layer=index_layer(side.scored, own, side.definition, breaks=breaks),
                     height=400, labels=ctx.settings.labels, basemap=ctx.settings.basemap,
                     top_k=side.scored.settings.top_k)
    st.caption(t("sc_shared_breaks", lang))

    st.markdown(f"#### {md_escape(t('sc_diff_heading', lang))}")
    d1, d2 = st.columns([3, 2], gap="large")
    with d1:
        area_map(ctx.data, key="karta_diff", lang=lang, layer=shift_layer(view, lang=lang, label_a=a.label,
                                                                           label_b=b.label),
                 height=460, labels=ctx.settings.labels, basemap=ctx.settings.basemap, top_k=k)
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
                t("area", lang): moved["name_marked"],
                t("sc_rank_a", lang): moved["baseline_rank_text"],  # "– (ej rankad)", never None
                t("sc_rank_b", lang): moved["rank_text"],
                t("sc_topk_status", lang): [t("sc_topk_in" if s == "in" else "sc_topk_out", lang, k=k)
                                            for s in moved["top_k_status"]],
            }), hide_index=True, width="stretch")

    # The table across the page (six columns do not fit beside the chart at 1280 px without cut
    # headers), the slope chart under it.
    table = pd.DataFrame({
        t("area", lang): view["name_marked"],  # "*" after a flagged name, the note in the last column
        t("sc_rank_a", lang): view["baseline_rank_text"],  # "– (ej rankad)", never None
        t("sc_rank_b", lang): view["rank_text"],
        t("rank_change_short", lang): list(view["change_label"]),
        t("top_k_col", lang): ["★" if v else "" for v in view["in_top_k"]],
        t("flags", lang): view["note"],  # B's: why there is no rank, the notes on the data
    })
    st.dataframe(table, hide_index=True, width="stretch", height=min(40 + 35 * len(table), 560))
    st.markdown(f"#### {md_escape(t('sc_slope_heading', lang))}")
    st.vega_lite_chart(spec=slope_chart(view, lang, stages=(a.label, b.label)), width="stretch")
