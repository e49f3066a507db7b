"""One call from a configured data folder to validated, joined frames.

The CLI and the app both need "read the areas and the table the way this folder's
configuration says, apply the column mapping, join and report"; doing it here keeps
the two identical.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.definition import Definition, load_definition
from geo.readers.areas import read_areas
from geo.readers.indicators import read_indicators
from geo.readers.mapping import load_mapping
from geo.paths import DataPaths
from geo.dataset.report import JoinReport, join_report


@dataclass(frozen=True)
class Dataset:
    """Areas, the matched indicator table, the definition and the join report."""

    paths: DataPaths
    definition: Definition
    areas: gpd.GeoDataFrame
    indicators: pd.DataFrame
    report: JoinReport


def load_dataset(paths: DataPaths, *, definition: str | Path | Definition | None = None) -> Dataset:
    """Read the folder described by ``paths`` and join it (never raises for recoverable
    problems: they are in ``report``; unreadable files raise :class:`DataError`).
    ``indicators`` is the matched table (``report.matched``)."""
    if not isinstance(definition, Definition):
        definition = load_definition(definition or paths.default_definition)
    areas = read_areas(paths.areas, id_col=paths.id_col, name_col=paths.name_col, layer=paths.layer)
    mapping = load_mapping(paths.mapping) if paths.mapping else None
    raw = read_indicators(paths.indicators, sheet=paths.sheet, mapping=mapping, duplicates="keep")
    report = join_report(areas, raw, definition)
    return Dataset(paths=paths, definition=definition, areas=areas, indicators=report.matched, report=report)
