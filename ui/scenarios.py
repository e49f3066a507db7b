"""Widgets of the Scenarier page: save, list, open, rename, share, delete and compare scenarios.

The scenarios live in the team store (:class:`geo.output.store.ScenarioStore`: SQLite, or
PostgreSQL when ``OMRADESINDEX_SCENARIO_DB`` or ``[store] url`` is a ``postgresql://`` URL). Every
store operation runs in a button callback, before the page is drawn, so the list below always
shows the result; a locked, read-only, corrupt or full database gives the store's Swedish message and
leaves the file untouched, and a row that cannot be read is reported while the rest are listed. The
page says where scenarios are kept only in words (on the server, SQLite or PostgreSQL): never the
file's path or the database's address. Names and notes are cleaned and limited by the store
(:func:`geo.scenario.clean_name`, :func:`geo.scenario.clean_note`), which refuses with a message.

Every operation passes the session's user (:func:`current_user`); the page offers only what the
role allows (owner and visibility on each scenario, "Dela med teamet"/"Gör privat" on one's own,
"Borttagna" and "Ändringslogg" for a förvaltare), and the store refuses the rest anyway.

"Öppna" applies the scenario's settings to the session (:func:`ui.session.apply`; the
reader's language is kept) and remembers it as the open scenario, which every page and
every export names.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from geo.access import LOCAL_USER, ROLE_NAMES, User
from geo.definition import Definition
from geo.engine.scoring import Scored
from geo.errors import DataError
from geo.i18n import STRINGS, fmt_number, t
from geo.output.store import ScenarioStore, StoredScenario, Visibility
from geo.scenario import MAX_NAME, MAX_NOTE, Scenario
from geo.view.mapstyles import index_layer, shift_layer
from geo.view.palette import shared_breaks
from geo.view.ranking import compare_table, ranking_view, top_k_changes
from ui import data as appdata
from ui import session
from ui.charts import slope_chart
from ui.context import PageContext
from ui.controls import select
from ui.errors import Kind, error_text, say, show_error, show_text
from ui.layout import md_escape
from ui.map import area_map

#: How long a save waits for another process's write lock before saying so (a meeting should not hang).
BUSY_TIMEOUT_MS = 3000
FLASH = "sc_flash"
CONFIRM = "sc_confirm_delete"
BASELINE, CURRENT = "baseline", "current"


#: The audit list's actions as UI keys (literal keys, so the i18n test sees them used).
ACTION_KEYS = {"save": "sc_action_save", "overwrite": "sc_action_overwrite", "rename": "sc_action_rename",
               "share": "sc_action_share", "unshare": "sc_action_unshare", "delete": "sc_action_delete",
               "restore": "sc_action_restore"}


def current_user() -> User:
    """The session's user: ``ui.auth.current_user()`` (sign-in) when that module is there, else the
    single local user (a förvaltare)."""
    try:
        auth = importlib.import_module("ui.auth")
    except ImportError:
        return LOCAL_USER
    user = auth.current_user()
    return user if isinstance(user, User) else LOCAL_USER


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
    visibility: Visibility | None = "shared" if st.session_state.get("sc_share_new") else None
    try:
        saved = store.save(scenario, by=current_user(), overwrite=bool(st.session_state.get("sc_overwrite")),
                           visibility=visibility)
    except DataError as exc:
        _failed(exc, ctx.lang)
        return
    st.session_state["sc_name"] = ""
    st.session_state["sc_note"] = ""
    session.set_open_scenario(saved)
    _flash("success", "sc_saved", name=saved.name)


def _rename(store: ScenarioStore, scenario_id: int, lang: str) -> None:
    try:
        saved = store.rename(scenario_id, st.session_state.get(f"sc_rename_{scenario_id}", ""), by=current_user())
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
        store.delete(int(scenario.id or 0), by=current_user())
    except DataError as exc:
        _failed(exc, lang)
        return
    opened = session.open_scenario()
    if opened is not None and opened.id == scenario.id:
        session.set_open_scenario(None)
    _flash("success", "sc_deleted", name=scenario.name)


def _set_visibility(store: ScenarioStore, scenario: StoredScenario, lang: str) -> None:
    visibility: Visibility = "private" if scenario.shared else "shared"
    try:
        store.set_visibility(int(scenario.id or 0), visibility, by=current_user())
    except DataError as exc:
        _failed(exc, lang)
        return
    _flash("success", "sc_shared_now" if visibility == "shared" else "sc_private_now", name=scenario.name)


def _restore(store: ScenarioStore, scenario: StoredScenario, lang: str) -> None:
    try:
        restored = store.restore(int(scenario.id or 0), by=current_user())
    except DataError as exc:
        _failed(exc, lang)
        return
    _flash("success", "sc_restored", name=restored.name)


# --------------------------------------------------------------------------- sections

def save_section(store: ScenarioStore, ctx: PageContext) -> None:
    lang, user = ctx.lang, current_user()
    st.subheader(t("sc_save_heading", lang))
    if not user.can("save"):
        st.info(t("sc_cannot_save", lang, role=ROLE_NAMES[user.role]))
        return
    c1, c2 = st.columns([2, 3])
    c1.text_input(t("sc_name", lang), key="sc_name", max_chars=MAX_NAME)
    c2.text_input(t("sc_note", lang), key="sc_note")
    c1.checkbox(t("sc_overwrite", lang), key="sc_overwrite")
    if user.can("share"):
        c2.checkbox(t("sc_share", lang), key="sc_share_new")
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


def _when(value: object) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if hasattr(value, "astimezone") else ""


def _may_delete(sc: StoredScenario, user: User) -> bool:
    return user.can("delete_any") or (sc.owner == user.id and user.can("delete_own"))


def _card(store: ScenarioStore, sc: StoredScenario, ctx: PageContext, user: User, confirm: object) -> None:
    """One scenario: name, times, owner and visibility, note, settings; the buttons the role allows."""
    lang = ctx.lang
    own = sc.owner == user.id
    with st.container(border=True):
        head, buttons = st.columns([4, 2])
        head.markdown(f"**{md_escape(sc.name)}** · {t('sc_changed', lang, when=_when(sc.changed))}")
        visibility = t("sc_vis_shared" if sc.shared else "sc_vis_private", lang)
        head.caption(t("sc_owner_line", lang, owner=md_escape(sc.owner_name or sc.owner), visibility=visibility))
        if sc.note:  # a note stored before the limit is shown up to it
            head.caption(md_escape(sc.note if len(sc.note) <= MAX_NOTE else sc.note[:MAX_NOTE] + " …"))
        head.caption(md_escape(summary(sc, ctx)))
        b1, b2 = buttons.columns(2)
        b1.button(t("sc_open", lang), key=f"sc_open_{sc.id}", on_click=_open, args=(sc, ctx),
                  width="stretch", type="primary")
        if _may_delete(sc, user):
            b2.button(t("sc_delete", lang), key=f"sc_del_{sc.id}", on_click=_ask_delete, args=(sc.id,),
                      width="stretch")
        if own and user.can("share"):
            buttons.button(t("sc_unshare" if sc.shared else "sc_share", lang), key=f"sc_vis_{sc.id}",
                           on_click=_set_visibility, args=(store, sc, lang), width="stretch")
        if confirm == sc.id and _may_delete(sc, user):
            say("warning", "sc_confirm_delete", lang, name=sc.name)
            y, n, _ = st.columns([1, 1, 3])
            y.button(t("sc_confirm_yes", lang), key="sc_del_yes", on_click=_delete, args=(store, sc, lang),
                     type="primary")
            n.button(t("sc_cancel", lang), key="sc_del_no", on_click=_cancel_delete)
        if own and user.can("edit_own"):
            with st.expander(t("sc_rename", lang)):
                st.text_input(t("sc_new_name", lang), value=sc.name, key=f"sc_rename_{sc.id}", max_chars=MAX_NAME)
                st.button(t("sc_rename", lang), key=f"sc_rename_btn_{sc.id}", on_click=_rename,
                          args=(store, sc.id, lang))


def list_section(store: ScenarioStore, ctx: PageContext) -> list[Scenario]:
    """The scenarios the user may see (newest first) with the actions the role allows, the rows that
    could not be read, and for a förvaltare the deleted scenarios and the audit list; returns the list."""
    lang, user = ctx.lang, current_user()
    st.subheader(t("sc_list_heading", lang))
    # Where, in words only: never the server's path, file or address (store.label is for the server's log).
    st.caption(t("sc_store_caption", lang, path="PostgreSQL" if store.kind == "postgresql" else "SQLite"))
    try:
        scenarios = store.list(user=user)
    except DataError as exc:
        show_error(exc, lang)
        return []
    if scenarios.skipped:
        say("warning", "sc_skipped", lang, n=len(scenarios.skipped))
        for message in scenarios.skipped:
            show_text("warning", message)
    if not scenarios:
        st.info(t("sc_none", lang))
    confirm = st.session_state.get(CONFIRM)
    for sc in scenarios:
        _card(store, sc, ctx, user, confirm)
    steward_section(store, lang, user)
    return list(scenarios)


def steward_section(store: ScenarioStore, lang: str, user: User) -> None:
    """A förvaltare's: "Borttagna scenarier" with "Återställ", and the "Ändringslogg"."""
    if user.can("restore"):
        with st.expander(t("sc_deleted_heading", lang)):
            try:
                deleted = [sc for sc in store.list(user=user, include_deleted=True) if sc.deleted]
            except DataError as exc:
                show_error(exc, lang)
                deleted = []
            if not deleted:
                st.caption(t("sc_no_deleted", lang))
            for sc in deleted:
                c1, c2 = st.columns([4, 1])
                c1.markdown(f"**{md_escape(sc.name)}**")
                c1.caption(t("sc_deleted_line", lang, owner=md_escape(sc.owner_name or sc.owner),
                             when=_when(sc.deleted_at), who=md_escape(sc.deleted_by or "")))
                c2.button(t("sc_restore", lang), key=f"sc_restore_{sc.id}", on_click=_restore,
                          args=(store, sc, lang), width="stretch")
    if user.can("audit"):
        with st.expander(t("sc_audit_heading", lang)):
            try:
                entries = store.audit(by=user)
            except DataError as exc:
                show_error(exc, lang)
                return
            if not entries:
                st.caption(t("sc_audit_empty", lang))
                return
            st.dataframe(pd.DataFrame({
                t("sc_audit_when", lang): [_when(e.at) for e in entries],
                t("sc_audit_who", lang): [e.user_name or e.user_id for e in entries],
                t("sc_audit_action", lang): [t(ACTION_KEYS[e.action], lang) if e.action in ACTION_KEYS else e.action
                                             for e in entries],
                t("sc_audit_scenario", lang): [e.name for e in entries],
            }), hide_index=True, width="stretch")


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
