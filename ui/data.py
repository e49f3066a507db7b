"""Cached data for the app: what does not change between reruns is computed once per data version.

Which data: a configured folder (the app reads ``OMRADESINDEX_DATA_DIR`` or
``omradesindex.toml``, see :mod:`geo.dataset.config`), else the synthetic demo. A
configured folder that is missing or broken does not stop the app: it shows the demo
with a banner saying why. Data uploaded on Importera lives only in that browser session
(:func:`ui.session.upload`).

The app and the CLI read a folder through the same function,
:func:`geo.dataset.load.load_dataset`; here it is only cached. Every cache is keyed by
``Dataset.key`` — file identities (path, size, modification time) or a hash of uploaded
content — never by an object's ``id()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from geo.dataset.config import resolve_data_paths
from geo.dataset.load import Dataset, file_identity, load_dataset
from geo.definition import Definition
from geo.engine.scoring import Scored, score_dataset, time_series
from geo.errors import DataError
from geo.paths import DataPaths, demo_paths
from geo.settings import ViewSettings
from geo.view.geometry import web_bounds, web_geojson
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


def configured() -> Loaded:
    """The deployment's data: the configured folder, or the demo (with the reason if it fell back)."""
    try:
        paths = resolve_data_paths()
        return Loaded(_load(paths, _identity(paths)))
    except DataError as exc:
        demo = demo_paths()
        return Loaded(_load(demo, _identity(demo)), config_error=str(exc))


def current() -> Loaded:
    """What this session shows: its own upload if it made one, else the deployment's data."""
    uploaded = session.upload()
    return Loaded(uploaded) if uploaded is not None else configured()


def years(data: Dataset, definition: Definition) -> list[int]:
    """Years with data for ``definition`` (ascending); the dataset keeps them."""
    return data.years(definition)


def values(data: Dataset, definition: Definition, year: int) -> pd.DataFrame:
    """One year's raw values (areas × indicators); the dataset keeps them (shared, read-only)."""
    return data.values(definition, year)


@st.cache_resource(show_spinner=False, max_entries=512)
def _scored(key: str, settings: ViewSettings, _data: Dataset, _definition: Definition) -> Scored:
    return score_dataset(_data, _definition, settings)


def scored(data: Dataset, definition: Definition, settings: ViewSettings) -> Scored:
    """The data scored with ``settings``, cached per data version and settings (shared, read-only)."""
    return _scored(data.key, settings, data, definition)


@st.cache_resource(show_spinner=False, max_entries=16)
def _web(key: str, _data: Dataset) -> tuple[dict, tuple[float, float, float, float]]:
    return web_geojson(_data.areas), web_bounds(_data.areas)


def web(data: Dataset) -> tuple[dict, tuple[float, float, float, float]]:
    """Simplified EPSG:4326 GeoJSON and bounds for the web map, once per data version."""
    return _web(data.key, data)


@st.cache_resource(show_spinner=False, max_entries=64)
def _series(key: str, settings: ViewSettings, _data: Dataset, _definition: Definition) -> pd.DataFrame:
    return time_series(_data.areas, _data.indicators, _definition, settings.with_(year=None))


def series(data: Dataset, definition: Definition, settings: ViewSettings) -> pd.DataFrame:
    """Index and rank of every area in every year with the same settings, cached (read-only)."""
    return _series(data.key, settings.with_(year=None), data, definition)
