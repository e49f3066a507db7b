"""Områdesindex Malmö — the app's entry point: ``streamlit run dashboard.py``.

Every run: the page frame, sign-in when configured (:func:`ui.auth.gate`: nothing is read or
shown before it), the data (cached), a link in the address bar (once per
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
from ui import auth, context, session
from ui import data as appdata
from ui.controls import sidebar
from ui.layout import page_setup
from ui.pages import PAGES, Page
from ui.sensitivity import slider_notes

page_setup(t("app_title", session.lang()), session.lang())
auth.gate(session.lang())
loaded = appdata.current()
context.apply_link(loaded.dataset)
lang = session.lang()
# The start page lives at "/"; its Swedish path ("/oversikt") is a hidden second entry for the same file,
# because Streamlit does not route a start page by its own path.
routes = [(p, st.Page(p.file, title=t(p.title_key, lang), icon=p.icon, default=p is PAGES[0],
                      url_path="start" if p is PAGES[0] else p.url_path)) for p in PAGES]
routes.append((PAGES[0], st.Page(PAGES[0].file, title=t(PAGES[0].title_key, lang), icon=PAGES[0].icon,
                                 url_path=PAGES[0].url_path, visibility="hidden")))
navigation = st.navigation([entry for _, entry in routes])
page: Page = next((p for p, entry in routes if entry is navigation), PAGES[0])
slots: dict = {}
with st.sidebar:
    auth.account_box(lang)
    if page.sidebar:
        slots = sidebar(loaded.dataset, page)
if page.scored:
    try:
        built = context.build(loaded)
        context.mirror_link(built)
        slider_notes(built, slots)  # each weight's tipping point, under its slider
    except DataError as exc:
        context.fail(exc, session.lang(), t(page.title_key, session.lang()))
navigation.run()
