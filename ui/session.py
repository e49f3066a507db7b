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

from dataclasses import fields
from typing import Any

import streamlit as st

from geo.dataset.load import Dataset
from geo.definition import Definition
from geo.readers.overlays import Overlay
from geo.scenario import Scenario
from geo.settings import (
    LANGS,
    WEIGHT_MAX,
    WEIGHT_MIN,
    Lang,
    SettingsError,
    ViewSettings,
    default_reference_year,
    pick_year,
    slider_weight_problem,
)

#: Settings that are one widget each; their widget key is ``v_<field>`` (weights and the definition
#: have keys of their own). A new setting with a control is read and applied by the code below as is.
SIMPLE: tuple[str, ...] = tuple(f.name for f in fields(ViewSettings)
                                if f.name not in ("definition_id", "definition_version", "weights",
                                                  "indicator_weights"))
DEFAULTS: dict[str, Any] = {f.name: f.default for f in fields(ViewSettings) if f.name in SIMPLE}


def key(setting: str) -> str:
    """The widget key of a one-widget setting."""
    return f"v_{setting}"


LANG, DEFINITION, YEAR, METHOD = key("lang"), "v_definition", key("year"), key("method")
AGGREGATION, TOP_K, SCHEME, BASEMAP = key("aggregation"), key("top_k"), key("scheme"), key("basemap")

# Everything else the session remembers.
SELECTED = "area_selected"
OPEN_SCENARIO = "scenario_open"
UPLOAD = "data_upload"
UPLOADED_OVERLAYS = "overlays_uploaded"
LINK_APPLIED = "link_applied"


def weight_key(definition_id: str, dim_id: str) -> str:
    return f"v_w_{definition_id}_{dim_id}"


def weight_keys(definition: Definition) -> dict[str, str]:
    """Dimension id → its weight slider's key (the live map follows these sliders while dragged)."""
    return {d.id: weight_key(definition.id, d.id) for d in definition.dimensions}


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


def seed(definition_: Definition, years: list[int] | None = None) -> None:
    """Put the definition's own weights into the weight keys that have none yet (new session,
    or a definition seen for the first time), so a widget never starts from its own default;
    likewise the yardstick of a new session (the definition's follow-up start, when ``years`` has it)."""
    if years is not None:
        st.session_state.setdefault(key("reference_year"), default_reference_year(definition_, years))
    for dim in definition_.dimensions:
        st.session_state.setdefault(weight_key(definition_.id, dim.id), float(dim.weight))
        for ind in dim.indicators:
            st.session_state.setdefault(indicator_key(definition_.id, ind.id), float(ind.weight))


def top_k(value: object, n_areas: int) -> int:
    """A top k the data allows: ``value`` when it is 1…n, else the default (3, or n when fewer)."""
    n = max(1, n_areas)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= n:
        return value
    return min(int(DEFAULTS["top_k"]), n)


def settings(dataset: Dataset) -> ViewSettings:
    """The view's settings as the widgets hold them (defaults for anything not chosen yet, or not valid).

    A year the data does not have (another definition, computed results) becomes ``None``:
    the latest year (:meth:`~geo.settings.ViewSettings.fitted`).
    """
    chosen = definition(dataset)
    seed(chosen, [] if dataset.results_mode else dataset.years(chosen))
    ss = st.session_state
    values = {name: ss.get(key(name), DEFAULTS[name]) for name in SIMPLE}
    values["top_k"] = top_k(values["top_k"], len(dataset.areas))
    weights = tuple((d.id, float(ss[weight_key(chosen.id, d.id)])) for d in chosen.dimensions)
    indicator_weights = tuple((i.id, float(ss[indicator_key(chosen.id, i.id)])) for i in chosen.indicators)
    while True:  # a value that is not valid (e.g. left from another definition) falls back to its default
        try:
            current = ViewSettings(definition_id=chosen.id, definition_version=chosen.version, weights=weights,
                                   indicator_weights=indicator_weights, **values)
        except SettingsError as exc:
            if exc.setting not in values or values[exc.setting] == DEFAULTS[exc.setting]:
                raise
            values[exc.setting] = DEFAULTS[exc.setting]
            continue
        return current.fitted(dataset.years(chosen))


def apply(values: ViewSettings, dataset: Dataset, *, keep_lang: bool = False) -> None:
    """Make ``values`` the session's choices (every page follows). Call from a callback or
    before the sidebar is drawn. A weight the widgets cannot show (outside their range or between
    their steps) raises :class:`~geo.settings.SettingsError` and nothing is changed. ``keep_lang``: the reader's language stays (opening a
    scenario saved by someone reading English does not switch the app to English)."""
    chosen = dataset.definition(values.definition_id)
    dim_w, ind_w = values.resolve(chosen)
    for setting, weights in (("weights", dim_w), ("indicator_weights", ind_w)):
        for k, w in weights.items():  # a slider cannot show it (range or step), so it cannot be used
            if not WEIGHT_MIN <= w <= WEIGHT_MAX:
                raise SettingsError(setting, f"vikten för '{k}' ligger utanför reglagens intervall "
                                             f"{WEIGHT_MIN:g}–{WEIGHT_MAX:g}.")
            problem = slider_weight_problem(k, w)
            if problem is not None:
                raise SettingsError(setting, problem[0], hint=problem[1])
    ss = st.session_state
    ss[DEFINITION] = chosen.id
    for name in SIMPLE:
        if name == "lang" and keep_lang:
            continue
        ss[key(name)] = getattr(values, name)
    years = dataset.years(chosen)
    if dataset.mixed_vintage(chosen) and values.fitted(years).year is None:
        ss[YEAR] = None  # each indicator's latest year (the sidebar's first choice)
    else:
        ss[YEAR] = pick_year(years, values.fitted(years).year) if years else None
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
