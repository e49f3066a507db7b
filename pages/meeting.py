"""Mötesläge: for the projector — map, ranking and weights on one screen, large and high-contrast.

Everything is in the map component (:func:`ui.map.area_map`, ``layout="meeting"``), sized to
the window: the map with rank labels, the ranking (top 15, plus the selected area), and the
weight sliders with "Live" / "Frys" / "Visa" / "Återställ". Live (the default) recolours the
map and re-orders the ranking while a slider moves; "Frys" lets the presenter prepare weights
unseen and "Visa" shows them. The server catches up when a slider is released, so every
other page, link and export follows. The sidebar and Streamlit's header are hidden
(:mod:`ui.pages`, the CSS below); arrow keys and a presenter clicker's Page Up/Down move the
focused weight.
"""

from __future__ import annotations

import streamlit as st

from geo.i18n import t
from geo.view.mapstyles import index_layer
from geo.view.palette import TEXT
from ui import session
from ui.context import PageContext, start_page
from ui.map import area_map, live_model
from ui.pages import OVERVIEW
from ui.sensitivity import tips_for_sliders

# Big type, no chrome: the room reads this from the back.
MEETING_CSS = f"""
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"] {{ display: none !important; }}
[data-testid="stMainBlockContainer"] {{ padding: 1.6rem 1rem 0 1rem !important; max-width: 100% !important; }}
[data-testid="stMainBlockContainer"] h1 {{ font-size: 1.6rem !important; line-height: 1.35 !important;
  padding: 0 0 0.2rem 0 !important; }}
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] {{ gap: 0.4rem; }}
.st-key-meeting_exit a p {{ font-size: 1rem; color: {TEXT}; }}
.oi-banner, .oi-source {{ margin-bottom: 0 !important; }}
.oi-source {{ padding: 0.2rem 0.7rem !important; font-size: 1rem !important; }}
.oi-banner > div {{ padding: 0.2rem 0.7rem !important; font-size: 1rem !important; }}
</style>
"""


def _weights_set(ctx: PageContext):
    """The meeting panel's weights, once a slider is released: the session's weights (every page follows)."""
    def apply(weights: dict[str, float]) -> None:
        known = {d: w for d, w in weights.items() if d in ctx.definition.dimension_ids}
        session.apply(ctx.settings.with_(weights={**ctx.settings.weight_map, **known}), ctx.data, keep_lang=True)
    return apply


ctx = start_page("meeting_page")
st.markdown(MEETING_CSS, unsafe_allow_html=True)
lang, settings, definition, view = ctx.lang, ctx.current.settings, ctx.definition, ctx.view
selected = session.selected_area(ctx.data)

with st.container(key="meeting_exit"):
    st.page_link(OVERVIEW, label=t("meeting_exit", lang), icon=":material/undo:")
if not ctx.reweighable:  # a finished index without dimension scores: nothing to re-weigh
    area_map(ctx.data, key="karta_mote", lang=lang, layer=index_layer(ctx.current, view, definition, selected=selected),
             layout="map", height=0, labels=settings.labels, selected=selected, top_k=settings.top_k)
else:
    live = live_model(ctx.current, ctx.baseline, definition, ctx.data)
    live["tips"] = tips_for_sliders(ctx)  # under each slider: how far it can move before the top k changes
    area_map(ctx.data, key="karta_mote", lang=lang, live=live, layout="meeting", height=0, labels=settings.labels, basemap=settings.basemap, selected=selected,
             top_k=settings.top_k, on_weights=_weights_set(ctx))
