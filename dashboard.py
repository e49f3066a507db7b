"""Områdesindex Malmö — the app's entry point: ``streamlit run dashboard.py``.

Every run: the page frame, the data (cached), a link in the address bar (once per
session), **the sidebar — drawn here, once, so its widgets keep their state across
pages** — the scored context, the address bar mirrored from the settings, then the
selected page. The pages in ``pages/`` are thin: they read the context
(:func:`ui.context.start_page`) and arrange widgets. Page titles follow the language;
file names are ASCII and the URL paths Swedish (:mod:`ui.pages`).
"""

from __future__ import annotations

import streamlit as st

from geo.errors import DataError
from geo.i18n import t
from ui import context, session
from ui import data as appdata
from ui.controls import sidebar
from ui.layout import page_setup
from ui.pages import PAGES, Page

page_setup(t("app_title", session.lang()))
loaded = appdata.current()
context.apply_link(loaded.dataset)
lang = session.lang()
routes = {p.url_path: st.Page(p.file, title=t(p.title_key, lang), icon=p.icon, url_path=p.url_path,
                              default=p is PAGES[0]) for p in PAGES}
navigation = st.navigation(list(routes.values()))
page: Page = next((p for p in PAGES if routes[p.url_path] is navigation), PAGES[0])
if page.sidebar:
    with st.sidebar:
        sidebar(loaded.dataset, page)
if page.scored:
    try:
        context.mirror_link(context.build(loaded))
    except DataError as exc:
        context.fail(exc, session.lang(), t(page.title_key, session.lang()))
navigation.run()
