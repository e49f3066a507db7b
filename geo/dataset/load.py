"""One call from a data folder (or uploaded frames) to a checked :class:`Dataset`.

The CLI and the app both need "read the areas and the table the way this folder's
configuration says, apply the column mapping, join and report, list the definitions";
doing it here keeps the two identical (the app only caches the result).

A dataset has a ``key`` that identifies its content: for files their paths, sizes and
modification times (``st_mtime_ns``), for frames a hash of the frames themselves. Caches
key on it, so replacing a file or uploading another one can never return stale results.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from geo.dataset.coverage import Coverage, coverage, dataset_label
from geo.dataset.report import JoinReport, join_report
from geo.dataset.values import available_years, latest_years, mixed_vintage, values_for_year, values_for_years
from geo.definition import Definition, list_definitions, load_definition
from geo.errors import DataError
from geo.links import Catalog
from geo.paths import DataPaths
from geo.readers.areas import read_areas, read_attributes
from geo.readers.indicators import read_indicators
from geo.readers.mapping import load_mapping

#: Where a dataset came from: the demo, a configured folder, files named on the command line, an upload.
ORIGINS = ("demo", "config", "cli", "upload")


@dataclass(frozen=True)
class Dataset:
    """Areas, the matched indicator table (or computed results), the definitions and the join report."""

    paths: DataPaths
    definitions: tuple[Definition, ...]
    areas: gpd.GeoDataFrame
    indicators: pd.DataFrame
    report: JoinReport | None = None
    #: Already computed results (:func:`geo.readers.indicators.read_results`), ranked by
    #: :func:`geo.engine.scoring.score_results` instead of scoring ``indicators`` (then empty).
    results: pd.DataFrame | None = field(default=None, compare=False)
    origin: str = "demo"
    label: str = ""
    key: str = field(default="", compare=False)
    #: Population per area (``total``, ``young`` = 0–19; index ``area_id``) from the layer's columns
    #: named in the folder's ``[dataset]``; ``None`` when the data has none.
    population: pd.DataFrame | None = field(default=None, compare=False)
    #: Years and one year's pivoted values, computed once per dataset (they never change).
    _memo: dict[tuple[str, ...], Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def results_mode(self) -> bool:
        """True when the dataset holds already computed results, not indicators."""
        return self.results is not None

    @property
    def synthetic(self) -> bool:
        return self.paths.synthetic

    @property
    def default_definition(self) -> Definition:
        default = Path(self.paths.default_definition)
        return next((d for d in self.definitions if Path(d.path) == default), self.definitions[0])

    def definition(self, def_id: str) -> Definition:
        """The definition ``def_id``; an unknown id is a :class:`DataError` naming the known ones."""
        for d in self.definitions:
            if d.id == def_id:
                return d
        raise DataError(f"indexdefinitionen '{def_id}' finns inte bland de inlästa.",
                        hint=f"Giltiga definitioner: {', '.join(d.id for d in self.definitions)}.")

    @property
    def names(self) -> dict[str, str]:
        return dict(zip(self.areas["area_id"].astype(str), self.areas["area_name"], strict=True))

    def years(self, definition: Definition) -> list[int]:
        """Years with data for ``definition`` (ascending); none for computed results."""
        if self.results_mode:
            return []
        key = ("years", definition.id)
        if key not in self._memo:
            self._memo[key] = available_years(self.indicators, definition)
        return list(self._memo[key])

    def latest_years(self, definition: Definition) -> dict[str, int]:
        """Each indicator's latest year with data (:func:`geo.dataset.values.latest_years`)."""
        if self.results_mode:
            return {}
        key = ("latest", definition.id)
        if key not in self._memo:
            self._memo[key] = latest_years(self.indicators, definition)
        return dict(self._memo[key])

    def coverage(self, definition: Definition) -> Coverage | None:
        """How much of the full index the definition covers with this data (None: it is the full index)."""
        key = ("coverage", definition.id)
        if key not in self._memo:
            self._memo[key] = coverage(definition, self.latest_years(definition), self.definitions)
        found: Coverage | None = self._memo[key]
        return found

    def label_in(self, lang: str, definition: Definition | None = None) -> str:
        """What the data is, in the reader's language ("Öppna data från SCB — 5 av 12 indikatorer, RegSO
        (inte GeSO)"); the folder name or upload label when the data does not describe itself."""
        described = dataset_label(self.paths.description, self.coverage(definition or self.default_definition),
                                  lang)
        return described if described and self.origin != "upload" else self.label

    def mixed_vintage(self, definition: Definition) -> bool:
        """True when the definition's indicators end in different years."""
        return mixed_vintage(self.latest_years(definition))

    def values(self, definition: Definition, year: int | None) -> pd.DataFrame:
        """One year's raw values as areas × indicators (computed once; treat as read-only);
        ``year=None``: each indicator's latest year."""
        key = ("values", definition.id, "latest" if year is None else str(int(year)))
        if key not in self._memo:
            ids = self.areas["area_id"].astype(str)
            self._memo[key] = values_for_years(self.indicators, self.latest_years(definition), ids, definition) \
                if year is None else values_for_year(self.indicators, int(year), ids, definition)
        frame: pd.DataFrame = self._memo[key]
        return frame

    def catalog(self, years: dict[str, list[int]] | None = None) -> Catalog:
        """What links and scenarios are checked against (definitions, years, top-k limit)."""
        if years is None and not self.results_mode:
            years = {d.id: self.years(d) for d in self.definitions}
        return Catalog.of(self.definitions, years=years, default_definition=self.default_definition.id,
                          max_top_k=max(1, len(self.areas)))


def file_identity(paths: Iterable[Path | None]) -> str:
    """A key for files: path, size and modification time of each (missing files count too)."""
    parts = []
    for path in paths:
        if path is None:
            continue
        try:
            st = Path(path).stat()
            parts.append(f"{Path(path).resolve()}|{st.st_size}|{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{path}|missing")
    return "files:" + hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:32]


def frame_identity(*frames: pd.DataFrame | None) -> str:
    """A key for frames: a hash of their content (geometry as WKB), never of their identity."""
    h = hashlib.sha256()
    for frame in frames:
        if frame is None:
            h.update(b"none")
            continue
        plain = pd.DataFrame(frame)
        if isinstance(frame, gpd.GeoDataFrame):
            h.update(str(frame.crs).encode("utf-8"))
            for wkb in frame.geometry.to_wkb():
                h.update(wkb or b"")
            plain = plain.drop(columns=[frame.geometry.name])
        h.update(",".join(map(str, plain.columns)).encode("utf-8"))
        h.update(pd.util.hash_pandas_object(plain.astype(str), index=True).to_numpy().tobytes())
    return "frames:" + h.hexdigest()[:32]


def definitions_for(paths: DataPaths) -> tuple[Definition, ...]:
    """The definitions in the folder, plus the default one if it lives elsewhere."""
    defs = list_definitions(paths.definitions_dir) if Path(paths.definitions_dir).is_dir() else []
    default = Path(paths.default_definition)
    if all(Path(d.path) != default for d in defs):
        defs.append(load_definition(default))
    return tuple(defs)


def _folder_name(paths: DataPaths) -> str:
    """The data folder as users see it: its name, never the server's path to it."""
    return Path(paths.root or paths.areas.parent).name


def load_dataset(paths: DataPaths, *, definition: str | Path | Definition | None = None,
                 origin: str | None = None, label: str | None = None) -> Dataset:
    """Read the folder described by ``paths`` and join it.

    Recoverable problems are in ``report`` (never raised); unreadable files raise
    :class:`DataError`. ``definition`` (a file, or a loaded one) becomes the default
    definition and joins the list. ``indicators`` is the matched table (``report.matched``).
    """
    definitions = list(definitions_for(paths))
    if definition is not None:
        chosen = definition if isinstance(definition, Definition) else load_definition(definition)
        definitions = [d for d in definitions if d.id != chosen.id] + [chosen]
        paths = replace(paths, default_definition=Path(chosen.path or paths.default_definition))
        default = chosen
    else:
        default = next((d for d in definitions if Path(d.path) == Path(paths.default_definition)), definitions[0])
    areas = read_areas(paths.areas, id_col=paths.id_col, name_col=paths.name_col, layer=paths.layer)
    mapping = load_mapping(paths.mapping) if paths.mapping else None
    raw = read_indicators(paths.indicators, sheet=paths.sheet, mapping=mapping, duplicates="keep")
    report = join_report(areas, raw, default)
    key = file_identity([paths.areas, paths.indicators, paths.mapping,
                         *sorted(Path(paths.definitions_dir).glob("*.toml")), Path(default.path or "")])
    if label is None:  # a folder that says what it is ([dataset] label) carries that, with its coverage
        described = dataset_label(paths.description, coverage(default, latest_years(report.matched, default),
                                                              definitions))
        label = "" if paths.synthetic else (described or _folder_name(paths))
    return Dataset(paths=paths, definitions=tuple(definitions), areas=areas, indicators=report.matched,
                   report=report, origin=origin or paths.origin, key=key, label=label,
                   population=read_population(paths, areas))


def read_population(paths: DataPaths, areas: gpd.GeoDataFrame) -> pd.DataFrame | None:
    """The population columns the folder names (``[dataset] population_col``/``young_col``), per area."""
    desc = paths.description
    if not desc.population_col:
        return None
    attrs = read_attributes(paths.areas, paths.layer)
    cols = {"total": desc.population_col, **({"young": desc.young_col} if desc.young_col else {})}
    for col in cols.values():
        if col not in attrs.columns:
            raise DataError(f"befolkningskolumnen '{col}' finns inte i områdeslagret.", file=paths.areas.name,
                            hint="Rätta population_col/young_col under [dataset] i omradesindex.toml.")
    ids = attrs[paths.id_col].astype(str).str.strip() if paths.id_col in attrs.columns else None
    if ids is None:
        return None
    frame = pd.DataFrame({k: pd.to_numeric(attrs[c], errors="coerce").to_numpy() for k, c in cols.items()},
                         index=pd.Index(ids.to_numpy(), name="area_id"))
    frame = frame[~frame.index.duplicated()].reindex(areas["area_id"].astype(str).to_numpy())
    frame.attrs["year"] = desc.population_year
    return frame


def dataset_from_frames(paths: DataPaths, definitions: Sequence[Definition], areas: gpd.GeoDataFrame,
                        indicators: pd.DataFrame, *, origin: str, label: str, report: JoinReport | None = None,
                        results: pd.DataFrame | None = None) -> Dataset:
    """A dataset from validated frames (an upload); its key is a hash of the frames' content."""
    return Dataset(paths=paths, definitions=tuple(definitions), areas=areas, indicators=indicators, report=report,
                   results=results, origin=origin, label=label,
                   key=frame_identity(areas, indicators, results) + "|" + ",".join(d.id for d in definitions))


__all__ = ["ORIGINS", "Dataset", "dataset_from_frames", "definitions_for", "file_identity", "frame_identity",
           "load_dataset"]
