"""Mötesläge: for the projector — map, ranking and weights only, large and high-contrast.

The view is frozen until the presenter changes it: the weights sit in a form and
apply only when "Visa" is pressed, so half-dragged sliders never flicker in front
of a room, and map clicks change nothing.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from geo.view.palette import classify
from geo.i18n import fmt_number, t
from geo.view.ranking import change_marker, map_styles, ranking_view
from ui import state
from ui.common import start_page
from ui.layout import legend_html, md_escape
from ui.mapview import choropleth

MEETING_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] {
    display: none !important; }
html, body, [class*="css"] { font-size: 22px; }
.block-container { padding-top: 1rem; max-width: 100%; }
h1 { font-size: 2.4rem !important; }
.oi-meeting-rank { width: 100%; border-collapse: collapse; font-size: 1.25rem; }
.oi-meeting-rank td, .oi-meeting-rank th { padding: 0.35rem 0.6rem; border-bottom: 1px solid #999; color: #000; }
.oi-meeting-rank tr.top td { background: #fff3b0; font-weight: 700; }
.oi-meeting-rank th { text-align: left; background: #000; color: #fff; }
</style>
"""

ctx = start_page("meeting_page", with_sidebar=False)
st.markdown(MEETING_CSS, unsafe_allow_html=True)
lang, settings, definition = ctx.lang, ctx.settings, ctx.definition
view = ranking_view(ctx.current, ctx.baseline, top_k=settings.top_k)
classes = classify(ctx.current.result.index, scheme=settings.scheme)

left, right = st.columns([3, 2], gap="large")
with left:
    st.markdown(legend_html(classes, lang, ctx.bundle.names), unsafe_allow_html=True)
    choropleth(ctx.bundle, map_styles(view, ctx.current.result, classes, definition, lang=lang), key="karta_mote",
               height=640, basemap=settings.basemap)

with right:
    st.subheader(t("ranking_heading", lang))
    rows = []
    for r in view.itertuples(index=False):
        rank = "–" if pd.isna(r.rank) else str(int(r.rank))
        cls = ' class="top"' if r.in_top_k else ""
        name = html.escape(" ".join(str(r.area_name).split()))
        rows.append(f"<tr{cls}><td>{rank}</td><td>{html.escape(change_marker(r.change_label))}</td>"
                    f"<td>{name}</td><td>{html.escape(fmt_number(r.index, lang))}</td></tr>")
    # Raw HTML (unsafe_allow_html): every piece of text is html.escape'd, and the table is one
    # line (names' line breaks become spaces), so it stays a single HTML block that Markdown
    # leaves alone.
    head = "".join(f"<th>{html.escape(t(k, lang))}</th>" for k in ("rank", "rank_change_short", "area", "index"))
    st.markdown(f'<table class="oi-meeting-rank"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}'
                "</tbody></table>", unsafe_allow_html=True)
    st.caption(t("rank_explainer", lang))

    with st.form("meeting_weights", border=True):
        st.markdown(f"**{t('weights', lang)}**")
        chosen = {}
        for dim in definition.dimensions:
            chosen[dim.id] = st.slider(md_escape(dim.display_label(lang)), 0.0, 5.0, step=0.5,
                                       key=f"mw_{definition.id}_{dim.id}",
                                       value=float(st.session_state[state.dim_key(definition, dim.id)]))
        if st.form_submit_button(t("meeting_apply", lang), type="primary", width="stretch"):
            for dim_id, w in chosen.items():
                state.set_canonical(state.dim_key(definition, dim_id), float(w))
            st.rerun()
    st.page_link("pages/0_Översikt.py", label=t("meeting_exit", lang), icon="↩️")
