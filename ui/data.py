"""Cached data loading: what does not change between reruns is computed once.

Keys include the file's modification time, so replacing a file is picked up
without restarting the server, and every session shares one cached copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.definition import Definition, list_definitions
from geo.geometry import web_bounds, web_geojson
from geo.io import read_areas, read_indicators
from geo.paths import DataPaths, demo_paths


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


@st.cache_data(show_spinner=False)
def _definitions(folder: str, stamp: tuple) -> list[Definition]:
    return list_definitions(folder)


@st.cache_data(show_spinner=False)
def _areas(path: str, mtime: float) -> gpd.GeoDataFrame:
    return read_areas(path)


@st.cache_data(show_spinner=False)
def _indicators(path: str, mtime: float) -> pd.DataFrame:
    return read_indicators(path)


@st.cache_data(show_spinner=False)
def _web(path: str, mtime: float) -> tuple[dict, tuple[float, float, float, float]]:
    areas = read_areas(path)
    return web_geojson(areas), web_bounds(areas)


@dataclass(frozen=True)
class Bundle:
    """The loaded data of one deployment (demo or configured)."""

    paths: DataPaths
    definitions: tuple[Definition, ...]
    areas: gpd.GeoDataFrame
    indicators: pd.DataFrame
    geojson: dict
    bounds: tuple[float, float, float, float]

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
        default = str(self.paths.default_definition)
        for d in self.definitions:
            if Path(d.path) == Path(default):
                return d
        return self.definitions[0]

    @property
    def names(self) -> dict[str, str]:
        return dict(zip(self.areas["area_id"], self.areas["area_name"], strict=True))


def load_bundle(paths: DataPaths | None = None) -> Bundle:
    """Load (from cache) definitions, areas, indicators and the web geometry."""
    paths = paths or demo_paths()
    folder = paths.definitions_dir
    stamp = tuple(sorted((p.name, _mtime(p)) for p in Path(folder).glob("*.toml")))
    areas_key = (str(paths.areas), _mtime(paths.areas))
    geojson, bounds = _web(*areas_key)
    return Bundle(
        paths=paths,
        definitions=tuple(_definitions(str(folder), stamp)),
        areas=_areas(*areas_key),
        indicators=_indicators(str(paths.indicators), _mtime(paths.indicators)),
        geojson=geojson,
        bounds=bounds,
    )
