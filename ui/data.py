"""Cached data loading: what does not change between reruns is computed once.

Which data: a configured folder (``--data-dir`` is for the CLI; the app reads
``OMRADESINDEX_DATA_DIR`` or ``omradesindex.toml``, see :mod:`geo.dataset.config`), else the
synthetic demo. A configured folder that is missing or broken does not stop the app:
it shows the demo with a banner saying what is wrong. Data uploaded on the import
page lives only in that browser session (``st.session_state``) and never touches
configured files.

Cache keys include file modification times, so replacing a file is picked up
without restarting the server, and every session shares one cached copy.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.dataset.config import resolve_data_paths
from geo.definition import Definition, list_definitions, load_definition
from geo.errors import DataError
from geo.view.geometry import web_bounds, web_geojson
from geo.readers.areas import read_areas
from geo.readers.indicators import read_indicators
from geo.readers.mapping import load_mapping
from geo.paths import DataPaths, demo_paths
from geo.dataset.report import JoinReport, join_report
from geo.engine.scoring import Scored, available_years, score_values, values_for_year

UPLOAD_KEY = "s_upload_bundle"


def _mtime(path: Path | None) -> float:
    try:
        return path.stat().st_mtime if path else 0.0
    except OSError:
        return 0.0


@dataclass(frozen=True)
class Bundle:
    """The loaded data of one deployment (demo, configured folder or a session upload)."""

    paths: DataPaths
    definitions: tuple[Definition, ...]
    areas: gpd.GeoDataFrame
    indicators: pd.DataFrame
    geojson: dict
    bounds: tuple[float, float, float, float]
    report: JoinReport | None = None
    origin: str = "demo"  # demo | config | upload
    label: str = ""
    config_error: str | None = field(default=None, compare=False)
    #: Identifies the data (files and their modification times, or an upload's hash): the key
    #: for everything cached per bundle (years, one year's values, the baseline scoring).
    key: tuple = field(default=(), compare=False)
    #: Already computed results (``geo.readers.indicators.read_results``): the pages rank these instead of
    #: scoring ``indicators`` (which is then empty). See :func:`geo.engine.scoring.score_results`.
    results: pd.DataFrame | None = field(default=None, compare=False)

    @property
    def results_mode(self) -> bool:
        """True when the bundle holds already computed results, not indicators."""
        return self.results is not None

    @property
    def synthetic(self) -> bool:
        return self.paths.synthetic

    def definition(self, def_id: str) -> Definition:
        for d in self.definitions:
            if d.id == def_id:
                return d
        return self.default_definition

    @property
    def default_definition(self) -> Definition:
        default = Path(self.paths.default_definition)
        for d in self.definitions:
            if Path(d.path) == default:
                return d
        return self.definitions[0]

    @property
    def names(self) -> dict[str, str]:
        return dict(zip(self.areas["area_id"], self.areas["area_name"], strict=True))


@st.cache_data(show_spinner=False)
def _definitions(folder: str, stamp: tuple, extra: str | None) -> list[Definition]:
    defs = list_definitions(folder)
    if extra and all(Path(d.path) != Path(extra) for d in defs):
        defs.append(load_definition(extra))
    return defs


@st.cache_data(show_spinner=False)
def _load(paths: DataPaths, stamp: tuple) -> tuple[gpd.GeoDataFrame, pd.DataFrame, JoinReport | None]:
    areas = read_areas(paths.areas, id_col=paths.id_col, name_col=paths.name_col, layer=paths.layer)
    mapping = load_mapping(paths.mapping) if paths.mapping else None
    raw = read_indicators(paths.indicators, sheet=paths.sheet, mapping=mapping, duplicates="keep")
    if paths.synthetic:
        return areas, raw, None
    report = join_report(areas, raw, load_definition(paths.default_definition))
    if report.errors:
        raise DataError(" ".join(report.errors), file=str(paths.indicators),
                        hint="Kör python -m geo validate för hela rapporten.")
    return areas, report.matched, report


@st.cache_data(show_spinner=False)
def _web(_areas: gpd.GeoDataFrame, stamp: tuple) -> tuple[dict, tuple[float, float, float, float]]:
    """Simplified EPSG:4326 GeoJSON and bounds; keyed by ``stamp`` (the frame is not hashed)."""
    return web_geojson(_areas), web_bounds(_areas)


def bundle_from_frames(paths: DataPaths, definitions: list[Definition], areas: gpd.GeoDataFrame,
                       indicators: pd.DataFrame, *, origin: str, label: str,
                       report: JoinReport | None = None, config_error: str | None = None,
                       results: pd.DataFrame | None = None) -> Bundle:
    """A bundle from validated frames (used for uploads; geometry prepared here).
    ``results``: already computed results instead of indicators (results mode)."""
    ids = "\x1f".join(f"{a}\x1e{n}" for a, n in zip(areas["area_id"], areas["area_name"]))
    stamp = ("frames", origin, label, len(areas), float(areas.total_bounds.sum()),
             hashlib.sha1(ids.encode("utf-8")).hexdigest())
    geojson, bounds = _web(areas, stamp)
    key = (*stamp, tuple(d.id for d in definitions), len(indicators), id(indicators))
    return Bundle(paths=paths, definitions=tuple(definitions), areas=areas, indicators=indicators,
                  geojson=geojson, bounds=bounds, report=report, origin=origin, label=label,
                  config_error=config_error, results=results, key=key)


def _bundle_for(paths: DataPaths, *, origin: str, config_error: str | None = None) -> Bundle:
    folder = paths.definitions_dir
    def_stamp = tuple(sorted((p.name, _mtime(p)) for p in Path(folder).glob("*.toml")))
    stamp = (_mtime(paths.areas), _mtime(paths.indicators), _mtime(paths.mapping))
    return _cached_bundle(paths, stamp, def_stamp, origin, config_error)


@st.cache_resource(show_spinner=False, max_entries=16)
def _cached_bundle(paths: DataPaths, stamp: tuple, def_stamp: tuple, origin: str,
                   config_error: str | None) -> Bundle:
    """One shared, read-only bundle per data version: a rerun costs one cache lookup, and no
    copy of the frames (``st.cache_data`` would unpickle a fresh copy on every call)."""
    folder = paths.definitions_dir
    extra = str(paths.default_definition) if Path(paths.default_definition).parent != Path(folder) else None
    areas, indicators, report = _load(paths, stamp)
    geojson, bounds = _web(areas, (str(paths.areas), _mtime(paths.areas)))
    label = "" if paths.synthetic else str(paths.root or paths.areas.parent)
    key = ("files", str(paths.areas), str(paths.indicators), stamp, def_stamp, origin)
    return Bundle(paths=paths, definitions=tuple(_definitions(str(folder), def_stamp, extra)), areas=areas,
                  indicators=indicators, geojson=geojson, bounds=bounds, report=report, origin=origin,
                  label=label, config_error=config_error, key=key)


@st.cache_resource(show_spinner=False, max_entries=256)
def _years(key: tuple, def_id: str, _bundle: Bundle, _definition: Definition) -> tuple[int, ...]:
    return tuple(available_years(_bundle.indicators, _definition))


def bundle_years(bundle: Bundle, definition: Definition) -> list[int]:
    """Years with data for ``definition`` (ascending), cached per data version."""
    if bundle.results_mode:
        return []
    return list(_years(bundle.key, definition.id, bundle, definition))


@st.cache_resource(show_spinner=False, max_entries=256)
def _values(key: tuple, def_id: str, year: int, _bundle: Bundle, _definition: Definition) -> pd.DataFrame:
    return values_for_year(_bundle.indicators, year, _bundle.areas["area_id"], _definition)


def bundle_values(bundle: Bundle, definition: Definition, year: int) -> pd.DataFrame:
    """One year's raw values (areas × indicators), cached: the pivot is not redone per rerun.
    Shared between sessions; treat as read-only."""
    return _values(bundle.key, definition.id, int(year), bundle, definition)


@st.cache_resource(show_spinner=False, max_entries=256)
def _baseline(key: tuple, def_id: str, year: int, method: str, aggregation: str, _bundle: Bundle,
              _definition: Definition) -> Scored:
    values = bundle_values(_bundle, _definition, year)
    return score_values(values, bundle_names(_bundle), _definition, year=year, method=method,
                        aggregation=aggregation)


def bundle_baseline(bundle: Bundle, definition: Definition, year: int, method: str, aggregation: str) -> Scored:
    """The scoring with the definition's default weights (the baseline for rank changes), cached."""
    return _baseline(bundle.key, definition.id, int(year), method, aggregation, bundle, definition)


def bundle_names(bundle: Bundle) -> pd.Series:
    return pd.Series(bundle.areas["area_name"].to_numpy(), index=bundle.areas["area_id"].astype(str).to_numpy())


def configured_bundle() -> Bundle:
    """The deployment's data: the configured folder, or the demo (with the reason if it fell back)."""
    try:
        paths = resolve_data_paths()
    except DataError as exc:
        return _bundle_for(demo_paths(), origin="demo", config_error=str(exc))
    if paths.synthetic:
        return _bundle_for(paths, origin="demo")
    try:
        return _bundle_for(paths, origin="config")
    except DataError as exc:
        return _bundle_for(demo_paths(), origin="demo", config_error=str(exc))


def load_bundle() -> Bundle:
    """What this session shows: its own upload if it made one, else the deployment's data."""
    upload = st.session_state.get(UPLOAD_KEY)
    if isinstance(upload, Bundle):
        return upload
    return configured_bundle()
