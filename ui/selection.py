"""The selected area: one choice shared by the map, the ranking table, the list and pages."""

from __future__ import annotations

import streamlit as st

from geo.i18n import t
from ui import state
from ui.data import Bundle


def select_area(area_id: str | None) -> None:
    state.set_canonical("s_selected", area_id)


def selected_area(bundle: Bundle) -> str | None:
    """The selected area id, after applying a row picked in the ranking table."""
    event = st.session_state.get("w_ranking")
    ids = st.session_state.get("_ranking_ids") or []
    rows = []
    if event is not None:
        try:
            rows = list(event["selection"]["rows"])
        except (KeyError, TypeError):
            rows = []
    if rows and rows[0] < len(ids):
        picked = ids[rows[0]]
        if picked != st.session_state.get("s_last_table_pick"):
            st.session_state["s_last_table_pick"] = picked
            select_area(picked)
    area = st.session_state.get("s_selected")
    return area if area in bundle.names else None


def area_picker(bundle: Bundle, lang: str) -> None:
    """A keyboard-friendly list with the same selection as the map."""
    names = bundle.names
    options = [None, *sorted(names, key=lambda a: names[a])]
    if st.session_state.get("s_selected") not in options:
        state.set_canonical("s_selected", None)
    st.selectbox(t("select_area", lang), options, key=state.seed_widget("s_selected"),
                 format_func=lambda a: "–" if a is None else names[a], on_change=state.sync, args=("s_selected",))
