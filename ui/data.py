"""Cached data for the app: what does not change between reruns is computed once per data version.

Which data: a configured folder (the app reads ``OMRADESINDEX_DATA_DIR`` or
``omradesindex.toml``, see :mod:`geo.dataset.config`), else the embedded open data on Malmö's
RegSO — real Malmö out of the box — with the synthetic demo (the full 12-indicator index) one
click away (:func:`builtin`, the sidebar's switch, ``data=demo`` in a link). A configured
folder that is missing or broken does not stop the app: it shows the built-in data with a
banner saying why. Data uploaded on Importera lives only in that browser session
(:func:`ui.session.upload`).

The app and the CLI read a folder through the same function,
:func:`geo.dataset.load.load_dataset`; here it is only cached. Every cache is keyed by
``Dataset.key`` — file identities (path, size, modification time) or a hash of uploaded
content — never by an object's ``id()``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from geo.dataset.config import open_data_paths, resolve_data_paths
from geo.dataset.load import Dataset, file_identity, load_dataset
from geo.dataset.values import counts_for_year, counts_for_years
from geo.definition import Definition, list_definitions
from geo.engine.history import IndexHistory, index_history
from geo.engine.index import DimensionWithoutData
from geo.engine.progress import FollowUp, follow_up_table, yearly_values
from geo.engine.scoring import Scored, score_dataset, time_series
from geo.engine.sensitivity import Acceptability, acceptability
from geo.engine.tipping import tipping_for
from geo.engine.versions import VersionComparison, compare_versions
from geo.engine.what_it_takes import what_it_takes_for
from geo.errors import DataError
from geo.paths import OPEN_DATA, DataPaths, demo_paths
from geo.settings import ViewSettings
from geo.targets import Plan, list_plans
from geo.view.geometry import web_bounds
from ui import session


@dataclass(frozen=True)
class Loaded:
    """The dataset in use and, when the configured folder could not be used, why."""

    dataset: Dataset
    config_error: str | None = None


@st.cache_resource(show_spinner=False, max_entries=16)
def _load(paths: DataPaths, identity: str) -> Dataset:
    """One shared, read-only dataset per data version (``identity`` changes with the files)."""
    data = load_dataset(paths)
    # Only what no weighting can fix: a dimension without data is judged per view, with its weights.
    if not paths.synthetic and data.report is not None and data.report.data_errors:
        raise DataError(" ".join(data.report.data_errors), file=str(paths.indicators),
                        hint="Kör python -m geo validate för hela rapporten.")
    return data


def _identity(paths: DataPaths) -> str:
    defs = sorted(Path(paths.definitions_dir).glob("*.toml"))
    return file_identity([paths.areas, paths.indicators, paths.mapping, Path(paths.default_definition), *defs])


#: The built-in data a session can choose when nothing is configured (the link parameter's values).
OPEN, DEMO = "oppna", "demo"
BUILTIN = "v_builtin_data"
DATA_PARAM = "data"
#: A deployment (or a test) can make the demo what new sessions open on: ``OMRADESINDEX_BUILTIN=demo``.
BUILTIN_ENV = "OMRADESINDEX_BUILTIN"


def default_builtin() -> str:
    """What a new session opens on when nothing is configured: the open data, or the demo by the env var."""
    return DEMO if os.environ.get(BUILTIN_ENV, "").strip().lower() == DEMO else OPEN


@st.cache_resource(show_spinner=False, max_entries=4)
def _definition_ids(folder: str) -> frozenset[str]:
    return frozenset(d.id for d in list_definitions(folder))


def builtin() -> str:
    """The session's built-in data: the open data unless it chose the demo — by the sidebar's switch,
    ``data=demo`` in its link, or a link to one of the demo's definitions (links made before the open
    data existed)."""
    ss = st.session_state
    if ss.get(BUILTIN) not in (OPEN, DEMO):
        wanted = st.query_params.get(DATA_PARAM)
        def_id = st.query_params.get("def")
        if wanted in (OPEN, DEMO):
            ss[BUILTIN] = wanted
        elif def_id and def_id in _definition_ids(str(demo_paths().definitions_dir)) \
                and def_id not in _definition_ids(str(OPEN_DATA / "definitions")):
            ss[BUILTIN] = DEMO
        else:
            ss[BUILTIN] = default_builtin()
    return str(ss[BUILTIN])


def _builtin(error: str | None = None) -> Loaded:
    if builtin() == OPEN:
        try:
            paths = open_data_paths()
            return Loaded(_load(paths, _identity(paths)), config_error=error)
        except DataError as exc:  # the embedded folder is broken: the demo, saying why
            error = error or str(exc)
    demo = demo_paths()
    return Loaded(_load(demo, _identity(demo)), config_error=error)


def other_builtin(data: Dataset, definition_id: str) -> Dataset | None:
    """The other built-in data when it has ``definition_id`` (a scenario saved on the demo, opened on the
    open data, or the reverse), made the session's choice; None when there is no such switch."""
    if data.origin not in ("open", "demo") or data.origin == "upload" or not builtin_offered():
        return None
    target = DEMO if data.origin == "open" else OPEN
    if definition_id not in _definition_ids(str(demo_paths().definitions_dir if target == DEMO
                                                 else OPEN_DATA / "definitions")):
        return None
    st.session_state[BUILTIN] = target
    return configured().dataset


def builtin_offered() -> bool:
    """True when nothing is configured (the session chooses between the open data and the demo)."""
    try:
        return resolve_data_paths().origin == "demo"
    except DataError:
        return True


def configured() -> Loaded:
    """The deployment's data: the configured folder, or the built-in data (with the reason if it fell back)."""
    try:
        paths = resolve_data_paths()
    except DataError as exc:
        return _builtin(str(exc))
    if paths.origin == "demo":  # nothing configured
        return _builtin()
    try:
        return Loaded(_load(paths, _identity(paths)))
    except DataError as exc:
        return _builtin(str(exc))


def current() -> Loaded:
    """What this session shows: its own upload if it made one, else the deployment's data."""
    uploaded = session.upload()
    return Loaded(uploaded) if uploaded is not None else configured()


def years(data: Dataset, definition: Definition) -> list[int]:
    """Years with data for ``definition`` (ascending); the dataset keeps them."""
    return data.years(definition)


def values(data: Dataset, definition: Definition, year: int | None) -> pd.DataFrame:
    """One year's raw values (areas × indicators; ``None``: each indicator's latest year); the
    dataset keeps them (shared, read-only)."""
    return data.values(definition, year)


@st.cache_resource(show_spinner=False, max_entries=512)
def _scored(key: str, settings: ViewSettings, _data: Dataset, _definition: Definition) -> Scored:
    return score_dataset(_data, _definition, settings)


def scored(data: Dataset, definition: Definition, settings: ViewSettings) -> Scored:
    """The data scored with ``settings``, cached per data version and settings (shared, read-only)."""
    return _scored(data.key, settings, data, definition)


@st.cache_resource(show_spinner=False, max_entries=16)
def _bounds(key: str, _data: Dataset) -> tuple[float, float, float, float]:
    return web_bounds(_data.areas)


def bounds(data: Dataset) -> tuple[float, float, float, float]:
    """The areas' bounds in lon/lat for the web map, once per data version (the geometry itself
    goes to the browser as a file: :func:`ui.map.area_map`)."""
    return _bounds(data.key, data)


@st.cache_resource(show_spinner=False, max_entries=64)
def _series(key: str, settings: ViewSettings, _data: Dataset, _definition: Definition) -> pd.DataFrame:
    return time_series(_data.areas, _data.indicators, _definition, settings.with_(year=None))


def series(data: Dataset, definition: Definition, settings: ViewSettings) -> pd.DataFrame:
    """Index and rank of every area in every year with the same settings, cached (read-only)."""
    return _series(data.key, settings.with_(year=None), data, definition)


@st.cache_resource(show_spinner=False, max_entries=64)
def _versions(key: str, ids: tuple[str, str], settings: ViewSettings, _data: Dataset, _a: Definition,
              _b: Definition) -> VersionComparison:
    return compare_versions(_data, _a, _b, settings)


def versions(data: Dataset, def_a: Definition, def_b: Definition, settings: ViewSettings) -> VersionComparison:
    """Two definitions compared on the data (:func:`geo.engine.versions.compare_versions`), cached per data
    version, pair and the settings that matter (each version uses its own weights; read-only)."""
    used = settings.with_(definition_id=def_a.id, definition_version=def_a.version, weights=(), indicator_weights=(),
                          scheme="quantiles", basemap=False, labels=True)
    return _versions(data.key, (def_a.id, def_b.id), used, data, def_a, def_b)


def history(data: Dataset, definition: Definition, settings: ViewSettings) -> IndexHistory:
    """Every year scored with ``settings`` (one yardstick when a reference year is set), each year
    from the shared cache of :func:`scored`."""
    base = settings.with_(year=None)
    by_year = {}
    for year in data.years(definition):
        try:
            by_year[year] = scored(data, definition, base.with_(year=year))
        except DimensionWithoutData:
            continue
    return index_history(by_year, settings.reference_year)


@st.cache_resource(show_spinner=False, max_entries=32)
def _plans(folder: str, identity: str) -> list[Plan]:
    return list_plans(folder)


def plans(data: Dataset) -> list[Plan]:
    """The follow-up plans of the data (``targets/``), re-read when a file changes; an invalid
    file raises its DataError (the page shows it and goes on without targets)."""
    folder = data.paths.targets_dir
    if folder is None or not Path(folder).is_dir():
        return []
    return _plans(str(folder), file_identity(sorted(Path(folder).glob("*.toml"))))


@st.cache_resource(show_spinner=False, max_entries=64)
def _follow_up(key: str, ids: tuple[str, ...], reference_year: int, until: int | None, plan_key: str,
               _data: Dataset, _definition: Definition, _plan: Plan | None) -> FollowUp:
    return follow_up_table(_data.indicators, _data.areas, _definition, reference_year=reference_year, plan=_plan,
                           until_year=until)


def follow_up(data: Dataset, definition: Definition, reference_year: int, until: int | None,
              plan: Plan | None) -> FollowUp:
    """The follow-up table (:func:`geo.engine.progress.follow_up_table`), cached (read-only)."""
    plan_key = "" if plan is None else f"{plan.path}:{hash(plan)}"
    return _follow_up(data.key, (definition.id, definition.version), reference_year, until, plan_key, data, definition,
                      plan)


@st.cache_resource(show_spinner=False, max_entries=16)
def _yearly(key: str, ids: tuple[str, ...], _data: Dataset) -> pd.DataFrame:
    return yearly_values(_data.indicators, _data.areas["area_id"].astype(str).tolist(), ids)


def yearly(data: Dataset, definition: Definition) -> pd.DataFrame:
    """Each area's and the city's raw values per indicator and year, cached (read-only)."""
    ids = tuple(i.id for i in (*definition.indicators, *definition.follow_up))
    return _yearly(data.key, ids, data)


@st.cache_resource(show_spinner=False, max_entries=64)
def _tipping(key: str, settings: ViewSettings, _scored: Scored) -> pd.DataFrame:
    return tipping_for(_scored)


def tipping(data: Dataset, definition: Definition, scored: Scored) -> pd.DataFrame:
    """Tipping points of the scored view (:func:`geo.engine.tipping.tipping_for`), cached (read-only);
    raises DataError for geometric aggregation."""
    return _tipping(f"{data.key}:{definition.id}", scored.settings, scored)


@st.cache_resource(show_spinner=False, max_entries=32)
def _acceptability(key: str, settings: ViewSettings, bounds: tuple[float, float], draws: int, seed: int,
                   _scored: Scored) -> Acceptability:
    return acceptability(_scored.result.dimensions, _scored.result.weights, settings.top_k, bounds=bounds,
                         draws=draws, seed=seed)


def acceptability_of(data: Dataset, definition: Definition, scored: Scored, bounds: tuple[float, float], draws: int,
                     seed: int) -> Acceptability:
    """Acceptabilities and central weights (:func:`geo.engine.sensitivity.acceptability`), cached."""
    return _acceptability(f"{data.key}:{definition.id}", scored.settings, bounds, draws, seed, scored)


@st.cache_resource(show_spinner=False, max_entries=128)
def _what_it_takes(key: str, settings: ViewSettings, area_id: str, _data: Dataset,
                   _definition: Definition) -> pd.DataFrame:
    return what_it_takes_for(_data, _definition, settings, area_id)


def what_it_takes(data: Dataset, definition: Definition, scored: Scored, area_id: str) -> pd.DataFrame:
    """Per indicator what would move ``area_id`` across the top-k line (:mod:`geo.engine.what_it_takes`), cached."""
    return _what_it_takes(f"{data.key}:{definition.id}", scored.settings, area_id, data, definition)


@st.cache_resource(show_spinner=False, max_entries=32)
def _counts(key: str, definition_id: str, year: int | None, _data: Dataset,
            _definition: Definition) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    if year is None:
        return counts_for_years(_data.indicators, _data.latest_years(_definition), _data.areas["area_id"],
                                _definition)
    return counts_for_year(_data.indicators, year, _data.areas["area_id"], _definition)


def counts(data: Dataset, definition: Definition,
           year: int | None) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """Numerators and denominators of one year (``None``: each indicator's latest), areas × indicators,
    once per data version (read-only)."""
    return _counts(data.key, definition.id, year, data, definition)
