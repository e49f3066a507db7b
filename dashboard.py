"""Områdesindex Malmö — the app's entry point: ``streamlit run dashboard.py``.

A router only: it names the pages in the chosen language (Streamlit would
otherwise label the first page "dashboard") and runs the selected one. Each
``url_path`` equals the name Streamlit derives from the file in ``pages/``
("3_Metod.py" → "Metod"): Streamlit still scans ``pages/`` at start, and a link to
any other path first shows a "Page not found" dialog. Each page
in ``pages/`` is thin and also runs on its own (the AppTests do that).
"""

from __future__ import annotations

import streamlit as st

from geo.i18n import t
from ui.state import init_state

init_state()
lang = st.session_state.get("s_lang", "sv")
PAGES = [
    st.Page("pages/0_Översikt.py", title=t("overview", lang), icon="🗺️", default=True, url_path="oversikt"),
    st.Page("pages/1_Dimensioner.py", title=t("dimensions_page", lang), icon="📊", url_path="Dimensioner"),
    st.Page("pages/2_Områdesprofil.py", title=t("profile_page", lang), icon="📍", url_path="Områdesprofil"),
    st.Page("pages/3_Metod.py", title=t("method_page", lang), icon="📐", url_path="Metod"),
    st.Page("pages/4_Importera.py", title=t("import_page", lang), icon="📥", url_path="Importera"),
    st.Page("pages/5_Scenarier.py", title=t("scenarios_page", lang), icon="🔀", url_path="Scenarier"),
    st.Page("pages/6_Robusthet.py", title=t("robustness_page", lang), icon="🎲", url_path="Robusthet"),
    st.Page("pages/7_Mötesläge.py", title=t("meeting_page", lang), icon="🖥️", url_path="Mötesläge"),
]
st.navigation(PAGES).run()
