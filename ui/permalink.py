"""The current view mirrored in the URL, so a copied link reproduces it exactly.

On a session's first run the link's parameters (if any) are applied to the state;
a bad or stale link gives a Swedish message and the defaults stay. After that the
URL follows every change (``st.query_params``), on every page.
"""

from __future__ import annotations

import streamlit as st

from geo.definition import Definition
from geo.errors import DataError
from geo.scenario import Scenario, from_query
from geo.engine.scoring import available_years
from ui import state
from ui.data import Bundle

APPLIED_KEY = "s_link_applied"


def apply_link(bundle: Bundle) -> str | None:
    """Apply the URL's parameters once per session; returns an error message for a bad link."""
    if st.session_state.get(APPLIED_KEY):
        return None
    st.session_state[APPLIED_KEY] = True
    params = st.query_params.to_dict()
    if not params:
        return None
    years = {d.id: available_years(bundle.indicators, d) for d in bundle.definitions} \
        if not bundle.results_mode else None
    try:
        scenario = from_query(params, bundle.definitions, years=years,
                              default_definition=bundle.default_definition.id, max_top_k=len(bundle.areas))
    except DataError as exc:
        return str(exc)
    state.apply_scenario(scenario, bundle.definition(scenario.definition_id))
    return None


def mirror_link(settings: state.Settings, definition: Definition) -> None:
    """Write the current settings into the URL (only when they changed)."""
    scenario = Scenario.from_settings(settings, definition)
    if not settings.year:
        scenario = scenario.with_(year=None)
    try:
        query = scenario.to_query(definition)
    except DataError:  # e.g. all weights 0: the page shows that error; keep the last good link
        return
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)
