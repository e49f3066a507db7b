"""The session's state in one place: which keys hold what, and the only code that writes them.

**The view's choices** live in the sidebar's widgets (the keys below). They are drawn
once per run by ``dashboard.py`` with ``persist_state="session"``, so Streamlit keeps
their values across page switches and on pages that do not show them (Mötesläge shows
none). :func:`settings` reads them into one :class:`~geo.settings.ViewSettings`;
:func:`apply` writes one into them — for a link, an opened scenario, "Återställ", the
meeting form and a conflict's way out. Streamlit only lets a widget's value be set
before the widget is drawn in a run, so :func:`apply` is called from callbacks or
before the sidebar.

**Besides the choices**: the selected area, the open scenario, the session's uploaded
data and overlays, and whether the link was applied. The import wizard and the scenario
form keep their own widget state under their own prefixes (``imp_``, ``sc_``).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from geo.dataset.load import Dataset
from geo.definition import Definition
from geo.readers.overlays import Overlay
from geo.scenario import Scenario
from geo.settings import (
    AGGREGATIONS,
    LANGS,
    METHODS,
    SCHEMES,
    WEIGHT_MAX,
    WEIGHT_MIN,
    Lang,
    SettingsError,
    ViewSettings,
    pick_year,
)

# The sidebar's widget keys (one per setting).
LANG = "v_lang"
DEFINITION = "v_definition"
YEAR = "v_year"
METHOD = "v_method"
AGGREGATION = "v_aggregation"
TOP_K = "v_top_k"
SCHEME = "v_scheme"
BASEMAP = "v_basemap"

# Everything else the session remembers.
SELECTED = "area_selected"
OPEN_SCENARIO = "scenario_open"
UPLOAD = "data_upload"
UPLOADED_OVERLAYS = "overlays_uploaded"
LINK_APPLIED = "link_applied"


def weight_key(definition_id: str, dim_id: str) -> str:
    return f"v_w_{definition_id}_{dim_id}"


def indicator_key(definition_id: str, ind_id: str) -> str:
    return f"v_iw_{definition_id}_{ind_id}"


def overlay_key(overlay_id: str) -> str:
    return f"v_ov_{overlay_id}"


# --------------------------------------------------------------------------- the choices

def lang() -> Lang:
    value = st.session_state.get(LANG, "sv")
    return value if value in LANGS else "sv"


def definition(dataset: Dataset) -> Definition:
    """The chosen definition, or the dataset's default when none (or an unknown one) is chosen."""
    wanted = st.session_state.get(DEFINITION)
    known = {d.id: d for d in dataset.definitions}
    return known.get(wanted, dataset.default_definition) if isinstance(wanted, str) else dataset.default_definition


def seed(definition_: Definition) -> None:
    """Put the definition's own weights into the weight keys that have none yet (new session,
    or a definition seen for the first time), so a widget never starts from its own default."""
    for dim in definition_.dimensions:
        st.session_state.setdefault(weight_key(definition_.id, dim.id), float(dim.weight))
        for ind in dim.indicators:
            st.session_state.setdefault(indicator_key(definition_.id, ind.id), float(ind.weight))


def _choice(key: str, options: tuple[str, ...], default: str) -> Any:
    value = st.session_state.get(key, default)
    return value if value in options else default


def settings(dataset: Dataset) -> ViewSettings:
    """The view's settings as the widgets hold them (defaults for anything not chosen yet).

    A year the data does not have (another definition, computed results) becomes ``None``:
    the latest year (:meth:`~geo.settings.ViewSettings.fitted`).
    """
    chosen = definition(dataset)
    seed(chosen)
    ss = st.session_state
    year = ss.get(YEAR)
    top_k = ss.get(TOP_K, 3)
    values = ViewSettings(
        definition_id=chosen.id,
        definition_version=chosen.version,
        year=year if isinstance(year, int) and not isinstance(year, bool) else None,
        method=_choice(METHOD, METHODS, "zscore"),
        aggregation=_choice(AGGREGATION, AGGREGATIONS, "arithmetic"),
        weights=tuple((d.id, float(ss[weight_key(chosen.id, d.id)])) for d in chosen.dimensions),
        indicator_weights=tuple((i.id, float(ss[indicator_key(chosen.id, i.id)])) for i in chosen.indicators),
        top_k=max(1, min(int(top_k), max(1, len(dataset.areas)))) if isinstance(top_k, int) else 3,
        scheme=_choice(SCHEME, SCHEMES, "quantiles"),
        lang=lang(),
        basemap=bool(ss.get(BASEMAP, False)),
    )
    return values.fitted(dataset.years(chosen))


def apply(values: ViewSettings, dataset: Dataset, *, keep_lang: bool = False) -> None:
    """Make ``values`` the session's choices (every page follows). Call from a callback or
    before the sidebar is drawn. ``keep_lang``: the reader's language stays (opening a
    scenario saved by someone reading English does not switch the app to English)."""
    chosen = dataset.definition(values.definition_id)
    dim_w, ind_w = values.resolve(chosen)
    outside = [k for k, w in (*dim_w.items(), *ind_w.items()) if not WEIGHT_MIN <= w <= WEIGHT_MAX]
    if outside:  # a slider cannot show it, so it cannot be used
        raise SettingsError("weights", f"vikten för '{outside[0]}' ligger utanför reglagens intervall "
                                       f"{WEIGHT_MIN:g}–{WEIGHT_MAX:g}.")
    ss = st.session_state
    ss[DEFINITION] = chosen.id
    years = dataset.years(chosen)
    if years:
        ss[YEAR] = pick_year(years, values.fitted(years).year)
    ss[METHOD] = values.method
    ss[AGGREGATION] = values.aggregation
    ss[TOP_K] = int(values.top_k)
    ss[SCHEME] = values.scheme
    ss[BASEMAP] = bool(values.basemap)
    if not keep_lang:
        ss[LANG] = values.lang
    for dim_id, w in dim_w.items():
        ss[weight_key(chosen.id, dim_id)] = float(w)
    for ind_id, w in ind_w.items():
        ss[indicator_key(chosen.id, ind_id)] = float(w)


def choose_definition(definition_id: str) -> None:
    """Switch to another definition (its weights are kept per definition; the year follows the data)."""
    st.session_state[DEFINITION] = definition_id


def reset_weights(definition_: Definition) -> None:
    """Equal weights (1) for every dimension and indicator of the definition ("Återställ")."""
    for dim in definition_.dimensions:
        st.session_state[weight_key(definition_.id, dim.id)] = 1.0
        for ind in dim.indicators:
            st.session_state[indicator_key(definition_.id, ind.id)] = 1.0


# --------------------------------------------------------------------------- the rest

def selected_area(dataset: Dataset) -> str | None:
    area = st.session_state.get(SELECTED)
    return area if isinstance(area, str) and area in dataset.names else None


def select_area(area_id: str | None) -> None:
    st.session_state[SELECTED] = area_id


def open_scenario() -> Scenario | None:
    """The scenario opened last (from the list or a named link), if any."""
    sc = st.session_state.get(OPEN_SCENARIO)
    return sc if isinstance(sc, Scenario) else None


def set_open_scenario(scenario: Scenario | None) -> None:
    st.session_state[OPEN_SCENARIO] = scenario


def upload() -> Dataset | None:
    """Data uploaded on Importera for this session only, if any."""
    data = st.session_state.get(UPLOAD)
    return data if isinstance(data, Dataset) else None


def set_upload(data: Dataset | None) -> None:
    st.session_state[UPLOAD] = data
    st.session_state[SELECTED] = None


def uploaded_overlays() -> dict[str, Overlay]:
    held = st.session_state.get(UPLOADED_OVERLAYS) or {}
    return {k: v for k, v in held.items() if isinstance(v, Overlay)}


def add_uploaded_overlay(overlay: Overlay) -> None:
    """Keep an uploaded overlay for this session and switch it on."""
    st.session_state[UPLOADED_OVERLAYS] = {**uploaded_overlays(), overlay.id: overlay}
    st.session_state[overlay_key(overlay.id)] = True


def clear_uploaded_overlays() -> None:
    for overlay_id in uploaded_overlays():
        st.session_state[overlay_key(overlay_id)] = False
    st.session_state[UPLOADED_OVERLAYS] = {}


def overlay_on(overlay_id: str) -> bool:
    return bool(st.session_state.get(overlay_key(overlay_id)))


def take_link_once() -> bool:
    """True the first time in a session (the link in the address bar is applied then only)."""
    if st.session_state.get(LINK_APPLIED):
        return False
    st.session_state[LINK_APPLIED] = True
    return True
