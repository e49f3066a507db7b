"""Session state: one canonical copy of the user's choices, shared by all pages.

Widgets have their own keys (``w_…``); their values are copied into canonical keys
(``s_…``) by ``on_change`` callbacks and seeded back from them before each render.
This keeps choices when the user switches pages (Streamlit drops the state of
widgets that a page does not draw) and lets buttons such as "Återställ" change
slider values without fighting the widgets.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from geo.definition import Definition
from geo.engine.normalise import METHODS

DEFAULTS: dict[str, object] = {
    "s_lang": "sv",
    "s_definition": None,
    "s_year": None,
    "s_method": "zscore",
    "s_aggregation": "arithmetic",
    "s_top_k": 3,
    "s_scheme": "quantiles",
    "s_basemap": False,
    "s_selected": None,
}


@dataclass(frozen=True)
class Settings:
    """Everything that determines what the pages show (hashable, so it can key caches)."""

    lang: str
    definition_id: str
    year: int
    method: str
    aggregation: str
    weights: tuple[tuple[str, float], ...]
    indicator_weights: tuple[tuple[str, float], ...]
    top_k: int
    scheme: str
    basemap: bool

    @property
    def weight_map(self) -> dict[str, float]:
        return dict(self.weights)

    @property
    def indicator_weight_map(self) -> dict[str, float]:
        return dict(self.indicator_weights)


def init_state() -> None:
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, value)


def dim_key(definition: Definition, dim_id: str) -> str:
    return f"s_w_{definition.id}_{dim_id}"


def ind_key(definition: Definition, ind_id: str) -> str:
    return f"s_iw_{definition.id}_{ind_id}"


def ensure_weights(definition: Definition) -> None:
    """Seed the canonical weights of ``definition`` with its defaults (once)."""
    for dim in definition.dimensions:
        st.session_state.setdefault(dim_key(definition, dim.id), float(dim.weight))
        for ind in dim.indicators:
            st.session_state.setdefault(ind_key(definition, ind.id), float(ind.weight))


def reset_weights(definition: Definition) -> None:
    """Equal weights (1) for every dimension and indicator of ``definition``."""
    for dim in definition.dimensions:
        set_canonical(dim_key(definition, dim.id), 1.0)
        for ind in dim.indicators:
            set_canonical(ind_key(definition, ind.id), 1.0)


def widget_key(canonical: str) -> str:
    return "w" + canonical[1:]


def set_canonical(canonical: str, value: object) -> None:
    """Set a choice and the widget showing it (safe before the widget is drawn)."""
    st.session_state[canonical] = value
    st.session_state[widget_key(canonical)] = value


def _page_hash() -> str:
    """The page being run (``st.navigation``), or "" outside a script run."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        return str(ctx.page_script_hash) if ctx is not None else ""
    except Exception:  # noqa: BLE001 - internal API: without it, seed as before
        return ""


_SEEDED_ON = "_seeded_on_page"


def seed_widget(canonical: str) -> str:
    """Make the widget key hold the canonical value; returns the widget key.

    On the first run of a page the value is written even when the widget key already
    holds it: the page draws a new widget, whose browser side otherwise starts from
    the widget's default (a weight slider showed 0.00 on every other page switch while
    the weight in use was 1, found by ``bench/load.py``).
    """
    wkey = widget_key(canonical)
    page = _page_hash()
    seeded = st.session_state.setdefault(_SEEDED_ON, {})
    if st.session_state.get(wkey) != st.session_state.get(canonical) or seeded.get(wkey) != page:
        st.session_state[wkey] = st.session_state[canonical]
        seeded[wkey] = page
    return wkey


def sync(canonical: str) -> None:
    """``on_change`` callback: copy the widget's new value into the canonical key."""
    st.session_state[canonical] = st.session_state[widget_key(canonical)]


def current_settings(definition: Definition, year: int) -> Settings:
    ss = st.session_state
    method = ss["s_method"] if ss["s_method"] in METHODS else "zscore"
    return Settings(
        lang=ss["s_lang"],
        definition_id=definition.id,
        year=year,
        method=method,
        aggregation=ss["s_aggregation"],
        weights=tuple((d.id, float(ss[dim_key(definition, d.id)])) for d in definition.dimensions),
        indicator_weights=tuple((i.id, float(ss[ind_key(definition, i.id)])) for i in definition.indicators),
        top_k=int(ss["s_top_k"]),
        scheme=ss["s_scheme"],
        basemap=bool(ss["s_basemap"]),
    )


def apply_scenario(scenario, definition: Definition) -> None:
    """Put a :class:`geo.scenario.Scenario` into the canonical state (all pages follow).

    Used for opening a saved scenario and for links: weights not in the scenario get
    the definition's defaults, so the view is exactly the scenario's.
    """
    dim_w, ind_w = scenario.resolved_weights(definition)
    set_canonical("s_definition", definition.id)
    if scenario.year is not None:
        set_canonical("s_year", int(scenario.year))
    set_canonical("s_method", scenario.method)
    set_canonical("s_aggregation", scenario.aggregation)
    set_canonical("s_top_k", int(scenario.top_k))
    set_canonical("s_scheme", scenario.scheme)
    for dim_id, w in dim_w.items():
        set_canonical(dim_key(definition, dim_id), float(w))
    for ind_id, w in ind_w.items():
        set_canonical(ind_key(definition, ind_id), float(w))
