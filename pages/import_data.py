"""Importera: upload the city's own areas and tables, map columns, check the join, use them.

Thin by design: the steps are in ``ui/import_wizard.py`` (aggregation in
``ui/import_aggregation.py``) and all computation in ``geo``. Uploads are used in this
browser session only; configured files are never written.
"""

from __future__ import annotations

import streamlit as st

from geo.access import ROLE_NAMES
from geo.i18n import t
from ui.auth import current_user
from ui.context import start_plain_page
from ui.import_wizard import import_page

lang = start_plain_page("import_page")
user = current_user()
if not user.can("upload"):  # a läsare sees the page but no uploader (uploads.save refuses too)
    st.info(t("auth_no_upload", lang, role=ROLE_NAMES[user.role]))
    st.stop()
import_page(lang)
