"""The selected area: one choice shared by the map and its ranking (:mod:`ui.map`), the list and the profile page."""

from __future__ import annotations

import streamlit as st

from geo.dataset.load import Dataset
from geo.i18n import t
from ui import session

_PICKER = "selection_picker"


def area_picker(data: Dataset, lang: str) -> str | None:
    """A keyboard-friendly list with the same selection as the map; returns the selected area."""
    names = data.names
    options: list[str | None] = [None, *sorted(names, key=lambda a: names[a])]
    current = session.selected_area(data)
    st.session_state[_PICKER] = current

    def picked() -> None:
        session.select_area(st.session_state[_PICKER])

    st.selectbox(t("select_area", lang), options, key=_PICKER, on_change=picked, placeholder=t("select_area", lang),
                 format_func=lambda a: "–" if a is None else names[a])
    return session.selected_area(data)
