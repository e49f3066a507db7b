"""Context overlays: extra polygon layers drawn as outlines with labels on the maps.

Any polygon file GeoPandas reads (GeoPackage, GeoJSON, FlatGeobuf, Shapefile, zipped
Shapefile), e.g. Polisen's *utsatta områden*. An overlay is context, not data: it is
never joined to the areas or scored. :func:`read_overlay` checks the file (size, a
defined CRS that fits the coordinates, polygons), reprojects to EPSG:4326, simplifies
lightly for the web and picks a label column (a name-like column such as ``NAMN``,
else the first text column with distinct values). Problems raise :class:`DataError`
with a Swedish message naming the file.

The maps get an overlay through :func:`overlay_geojson` → :func:`geo.view.mapmodel.overlay_features` → :func:`geo.output.webassets.publish_overlay`.
No Streamlit import here.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from geo.errors import DataError
from geo.readers.archive import zip_vector_path
from geo.readers.areas import check_crs_fits
from geo.readers.limits import check_file_size

#: File types offered in the overlays/ folder and the upload widget.
SUFFIXES: tuple[str, ...] = (".gpkg", ".geojson", ".json", ".fgb", ".shp", ".zip")
#: Column names (case-insensitive) taken as the label, in order of preference.
LABEL_NAMES: tuple[str, ...] = ("namn", "name", "omradesnamn", "områdesnamn", "omrade", "område", "area_name",
                                "benamning", "benämning", "label", "etikett", "titel", "title", "beskrivning")
#: Simplification tolerance in metres (outlines only: a little more than the areas).
TOLERANCE_M = 5.0
COORD_DECIMALS = 5
MAX_FEATURES = 5000
MAX_LABEL = 80


@dataclass(frozen=True)
class Overlay:
    """One overlay layer in EPSG:4326 with a ``label`` column (plain text, escaped when drawn)."""
    id: str
    name: str
    frame: gpd.GeoDataFrame = field(compare=False, repr=False)
    label_col: str | None = None
    source: str = ""
    #: Hash of labels and geometry (set by :func:`overlay_from_frame`), see :func:`content_key`.
    digest: str = ""

    @property
    def n(self) -> int:
        return len(self.frame)


def overlay_id(path: str | Path, prefix: str = "dir") -> str:
    """A stable id for an overlay file (``dir:polisen.gpkg``)."""
    return f"{prefix}:{Path(path).name}"


def display_name(path: str | Path) -> str:
    """``malmo_utsatta_omraden_2023.gpkg`` → ``malmo utsatta omraden 2023``."""
    stem = Path(path).name
    for suffix in SUFFIXES:
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    return re.sub(r"[_\s]+", " ", stem).strip() or str(path)


def list_overlay_files(folder: str | Path | None) -> list[Path]:
    """Overlay files directly in ``folder`` (sorted by name); [] when there is no such folder."""
    if folder is None:
        return []
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES
                   and not p.name.startswith(".")), key=lambda p: p.name.lower())


def pick_label_column(frame: pd.DataFrame) -> str | None:
    """A name-like column: a preferred name (``NAMN``, ``name`` …), else the first text column
    whose values are mostly distinct; ``None`` if there is none.

    >>> pick_label_column(pd.DataFrame({"KATEGORI": ["a", "a"], "NAMN": ["x", "y"]}))
    'NAMN'
    >>> pick_label_column(pd.DataFrame({"kod": [1, 2], "text": ["Rosengård", "Seved"]}))
    'text'
    """
    columns = [c for c in frame.columns if c != getattr(frame, "_geometry_column_name", "geometry")]
    lower = {str(c).casefold(): c for c in columns}
    for want in LABEL_NAMES:
        if want in lower and frame[lower[want]].notna().any():
            return str(lower[want])
    for c in columns:
        for want in LABEL_NAMES[:4]:
            if want in str(c).casefold() and frame[c].notna().any():
                return str(c)
    for c in columns:
        values = frame[c].dropna()
        if len(values) and (pd.api.types.is_string_dtype(values) or values.dtype == object):
            texts = values.astype(str)
            if texts.nunique() >= max(1, 0.8 * len(texts)):
                return str(c)
    return None


def _label(value: object, fallback: str) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return fallback
    text = " ".join(str(value).split())
    if len(text) > MAX_LABEL:
        text = text[: MAX_LABEL - 1] + "…"
    return text or fallback


def _read(path: Path) -> gpd.GeoDataFrame:

    if not path.exists():
        raise DataError("filen finns inte.", file=path.name, hint="Kontrollera sökvägen till kartlagret.")
    if path.is_dir():
        raise DataError("är en mapp, inte en fil.", file=path.name, hint="Ange själva filen med kartlagret.")
    check_file_size(path)
    if path.stat().st_size == 0:
        raise DataError("filen är tom (0 byte).", file=path.name, hint="Exportera kartlagret igen.")
    source: str | Path = zip_vector_path(path) if path.suffix.lower() == ".zip" else path
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return gpd.read_file(source, engine="pyogrio")
    except Exception:  # pyogrio raises several unrelated types for unreadable files
        raise DataError("kunde inte läsas som geodata (trasig fil eller fel filformat).", file=path.name,
                        hint="Använd GeoPackage, GeoJSON, FlatGeobuf eller en zippad Shapefile.") from None


def read_overlay(path: str | Path, *, name: str | None = None, label_col: str | None = None,
                 overlay_key: str | None = None) -> Overlay:
    """Read and check a polygon file as an overlay (see the module docstring)."""
    path = Path(path)
    gdf = _read(path)
    return overlay_from_frame(gdf, file=path.name, name=name or display_name(path), label_col=label_col,
                              overlay_key=overlay_key or overlay_id(path), check_crs=check_crs_fits)


def overlay_from_frame(gdf: gpd.GeoDataFrame, *, file: str, name: str, label_col: str | None = None,
                       overlay_key: str, check_crs=None) -> Overlay:
    where = file or None
    if len(gdf) == 0:
        raise DataError("kartlagret innehåller inga objekt.", file=where, hint="Välj ett lager med polygoner.")
    if len(gdf) > MAX_FEATURES:
        raise DataError(f"kartlagret har {len(gdf)} objekt; högst {MAX_FEATURES} kan visas som konturer.",
                        file=where, hint="Välj ut de områden som behövs i GIS-programmet.")
    if gdf.crs is None:
        raise DataError("kartlagret saknar koordinatsystem (CRS).", file=where,
                        hint="Spara om det med koordinatsystem, t.ex. SWEREF 99 TM (EPSG:3006); för Shapefile "
                             "behövs .prj-filen.")
    gdf = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty]
    polygonal = gdf.geometry.geom_type.isin(["Polygon", "MultiPolygon"])
    if not polygonal.any():
        kinds = ", ".join(sorted(set(gdf.geometry.geom_type.dropna())))
        raise DataError(f"kartlagret innehåller inga polygoner (bara {kinds or 'tomma geometrier'}).", file=where,
                        hint="Kartlager ritas som konturer: använd ett polygonlager.")
    gdf = gdf[polygonal].copy()
    if check_crs is not None:
        check_crs(gdf, file=file)
    if label_col is not None and label_col not in gdf.columns:
        raise DataError(f"kolumnen '{label_col}' saknas i kartlagret.", file=where,
                        hint=f"Kolumner: {', '.join(str(c) for c in gdf.columns if c != gdf.geometry.name)}.")
    col = label_col or pick_label_column(gdf)
    gdf["geometry"] = shapely.make_valid(gdf.geometry.values)
    metric = gdf if gdf.crs.is_projected else gdf.to_crs(3006)
    metric = metric.set_geometry(metric.geometry.simplify(TOLERANCE_M, preserve_topology=True))
    web = metric.to_crs(4326)
    web = web.set_geometry(shapely.set_precision(web.geometry.values, 10 ** -COORD_DECIMALS, mode="pointwise"))
    labels = [_label(v, f"{name} {i + 1}") for i, v in enumerate(web[col] if col else [None] * len(web))]
    out = gpd.GeoDataFrame({"label": labels}, geometry=web.geometry.values, crs=4326)
    overlay = Overlay(id=overlay_key, name=name, frame=out, label_col=col, source=file)
    return replace(overlay, digest=content_key(overlay))


def overlay_geojson(overlay: Overlay) -> dict:
    """FeatureCollection with only a ``label`` property per feature (plain text)."""
    import json

    return json.loads(overlay.frame[["label", "geometry"]].to_json(drop_id=True))


def content_key(overlay: Overlay) -> str:
    """A short hash of the overlay's content (labels and geometry); computed once per overlay."""
    if overlay.digest:
        return overlay.digest
    h = hashlib.sha1(overlay.name.encode("utf-8"))
    for label, geom in zip(overlay.frame["label"], overlay.frame.geometry):
        h.update(label.encode("utf-8"))
        h.update(shapely.to_wkb(geom))
    return h.hexdigest()[:16]


__all__ = [
    "SUFFIXES",
    "Overlay",
    "content_key",
    "display_name",
    "list_overlay_files",
    "overlay_geojson",
    "overlay_id",
    "pick_label_column",
    "read_overlay",
]
