"""Scenarier: save, list, open, rename and delete scenarios, and compare two of them.

Thin by design: the widgets are in ``ui/scenarios.py``, storage in ``geo.output.store``
and all numbers in ``geo`` (scoring, view model).
"""

from __future__ import annotations

import streamlit as st

from ui.context import data_caption, start_page
from ui.scenarios import compare_section, list_section, open_store, save_section, show_flash

ctx = start_page("scenarios_page")
# One container for messages, saving and the list: however many scenarios there are, the
# comparison below keeps its place in the page, so its maps are not re-mounted.
with st.container():
    show_flash(ctx.lang)
    store = open_store(ctx.lang)
    saved = []
    if store is not None:
        save_section(store, ctx)
        saved = list_section(store, ctx)
st.divider()
compare_section(ctx, saved)
data_caption(ctx)
