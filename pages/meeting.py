"""Mötesläge: for the projector — map, ranking and weights only, large and high-contrast.

The view is frozen until the presenter changes it: the weights sit in a form and apply
only when "Visa" is pressed, so half-dragged sliders never flicker in front of a room,
and map clicks change nothing. The sidebar is not drawn (:mod:`ui.pages`).
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from geo.i18n import fmt_number, t
from geo.view.frames import records
from geo.view.mapstyles import index_layer
from geo.view.palette import RULE, TEXT, TEXT_ON_DARK, TOP_K_ROW
from geo.view.ranking import change_marker
from ui import session
from ui.context import PageContext, start_page
from ui.controls import weight_slider
from ui.map import area_map
from ui.pages import OVERVIEW

MEETING_CSS = f"""
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] {{
    display: none !important; }}
html, body, [class*="css"] {{ font-size: 22px; }}
.block-container {{ padding-top: 1rem; max-width: 100%; }}
h1 {{ font-size: 2.4rem !important; }}
.oi-meeting-rank {{ width: 100%; border-collapse: collapse; font-size: 1.25rem; }}
.oi-meeting-rank td, .oi-meeting-rank th {{ padding: 0.35rem 0.6rem; border-bottom: 1px solid {RULE}; color: {TEXT}; }}
.oi-meeting-rank tr.top td {{ background: {TOP_K_ROW}; font-weight: 700; }}
.oi-meeting-rank th {{ text-align: left; background: {TEXT}; color: {TEXT_ON_DARK}; }}
</style>
"""


def _form_key(ctx: PageContext, dim_id: str) -> str:
    return f"meeting_w_{ctx.definition.id}_{dim_id}"


def _show(ctx: PageContext) -> None:
    """``on_click`` of "Visa": the form's weights become the session's weights (every page follows)."""
    weights = {d.id: float(st.session_state[_form_key(ctx, d.id)]) for d in ctx.definition.dimensions}
    session.apply(ctx.settings.with_(weights=weights), ctx.data, keep_lang=True)


ctx = start_page("meeting_page")
st.markdown(MEETING_CSS, unsafe_allow_html=True)
lang, settings, definition, view = ctx.lang, ctx.current.settings, ctx.definition, ctx.view

left, right = st.columns([3, 2], gap="large")
with left:
    area_map(ctx.data, index_layer(ctx.current, view, definition), key="karta_mote", lang=lang, height=640,
             basemap=settings.basemap)

with right:
    st.subheader(t("ranking_heading", lang))
    rows = []
    for r in records(view):
        rank = "–" if pd.isna(r["rank"]) else str(int(r["rank"]))
        cls = ' class="top"' if r["in_top_k"] else ""
        name = html.escape(" ".join(str(r["area_name"]).split()))
        rows.append(f"<tr{cls}><td>{rank}</td><td>{html.escape(change_marker(r['change_label']))}</td>"
                    f"<td>{name}</td><td>{html.escape(fmt_number(r['index'], lang))}</td></tr>")
    # Raw HTML (unsafe_allow_html): every piece of text is html.escape'd, and the table is one
    # line (names' line breaks become spaces), so it stays a single HTML block that Markdown
    # leaves alone.
    head = "".join(f"<th>{html.escape(t(k, lang))}</th>" for k in ("rank", "rank_change_short", "area", "index"))
    st.markdown(f'<table class="oi-meeting-rank"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}'
                "</tbody></table>", unsafe_allow_html=True)
    st.caption(t("rank_explainer", lang))

    weights = ctx.settings.weight_map
    with st.form("meeting_weights", border=True):
        st.markdown(f"**{t('weights', lang)}**")
        for dim in definition.dimensions:
            weight_slider(definition, dim.id, lang, key=_form_key(ctx, dim.id), value=weights[dim.id])
        st.form_submit_button(t("meeting_apply", lang), type="primary", width="stretch", on_click=_show,
                              args=(ctx,))
    st.page_link(OVERVIEW, label=t("meeting_exit", lang), icon=":material/undo:")
