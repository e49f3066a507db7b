"""The selected area: one choice shared by the map, the ranking table, the list and the profile page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from geo.dataset.load import Dataset
from geo.i18n import t
from ui import session

_LAST_PICK = "selection_last_table_pick"
_PICKER = "selection_picker"


def pick_from_table(event: Any, area_ids: Sequence[str]) -> None:
    """Select the area of a row picked in a ranking table (``st.dataframe(..., on_select="rerun")``'s
    return value); only a new pick counts, so a slider move does not undo a map click."""
    try:
        rows = list(event["selection"]["rows"])
    except (KeyError, TypeError):
        rows = []
    picked = area_ids[rows[0]] if rows and rows[0] < len(area_ids) else None
    if picked is not None and picked != st.session_state.get(_LAST_PICK):
        session.select_area(picked)
    st.session_state[_LAST_PICK] = picked


def area_picker(data: Dataset, lang: str) -> str | None:
    """A keyboard-friendly list with the same selection as the map; returns the selected area."""
    names = data.names
    options: list[str | None] = [None, *sorted(names, key=lambda a: names[a])]
    current = session.selected_area(data)
    st.session_state[_PICKER] = current

    def picked() -> None:
        session.select_area(st.session_state[_PICKER])

    st.selectbox(t("select_area", lang), options, key=_PICKER, on_change=picked,
                 format_func=lambda a: "–" if a is None else names[a])
    return session.selected_area(data)
