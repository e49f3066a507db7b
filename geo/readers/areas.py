"""Area layers into validated ``area_id, area_name, geometry`` frames with a known CRS.

GeoPackage, GeoJSON, FlatGeobuf, Shapefile and zipped Shapefile; a missing CRS is an
error (never guessed), a CRS that does not fit the coordinates is refused with the
likely one named, invalid rings are repaired and reported.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from geo.errors import DataError, DataWarning
from geo.readers.archive import check_plain_shapefile, zip_vector_path
from geo.readers.cells import HTML_TAG
from geo.readers.limits import check_file_size, read_limited

__all__ = ["SWEDEN_LONLAT", "check_crs_fits", "list_layers", "precheck_vector_file", "read_areas", "read_attributes",
           "unreadable_vector_error", "validate_areas"]

def read_areas(
    path: str | Path,
    *,
    id_col: str = "area_id",
    name_col: str = "area_name",
    layer: str | None = None,
) -> gpd.GeoDataFrame:
    """Read a polygon layer into ``area_id, area_name, geometry`` with a known CRS.

    Reads GeoPackage, GeoJSON, FlatGeobuf, Shapefile and zipped Shapefile (``.zip``,
    read in place through GDAL's ``/vsizip/``; see :mod:`geo.archive`). A missing CRS is
    an error (never guessed). Invalid geometries are repaired with shapely's
    ``make_valid`` and reported as a :class:`~geo.errors.DataWarning`; the repaired ids
    are also kept in ``attrs["repaired_ids"]`` for the join report.
    """
    path = Path(path)
    source = precheck_vector_file(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            gdf = gpd.read_file(source, layer=layer, engine="pyogrio")
    except Exception as exc:  # pyogrio raises several unrelated types for unreadable files
        raise unreadable_vector_error(path, exc) from None
    return validate_areas(gdf, id_col=id_col, name_col=name_col, file=path.name)


def list_layers(path: str | Path, *, name: str | None = None) -> list[str]:
    """The layers of a vector file (one for most formats); ``name`` is the file name to show."""
    try:
        return [str(row[0]) for row in pyogrio.list_layers(precheck_vector_file(path, name=name))]
    except DataError:
        raise
    except Exception as exc:  # pyogrio raises several unrelated types for unreadable files
        raise unreadable_vector_error(path, exc, name=name) from None


def read_attributes(path: str | Path, layer: str | None = None, *, name: str | None = None) -> pd.DataFrame:
    """A layer's attribute table without geometry (to offer its columns before reading it)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return pyogrio.read_dataframe(precheck_vector_file(path, name=name), layer=layer, read_geometry=False)
    except DataError:
        raise
    except Exception as exc:  # pyogrio raises several unrelated types for unreadable files
        raise unreadable_vector_error(path, exc, name=name) from None


def precheck_vector_file(path: str | Path, *, name: str | None = None) -> str:
    """Checks before GDAL opens a vector file; returns what to open (a ``/vsizip/`` path for zips).

    Shared by :func:`read_areas` and the import page, so both say the same thing about a
    missing, empty, too large or incomplete file. ``name`` is the file name to show
    (uploads live under a temporary path the user never chose).
    """
    path = Path(path)
    shown = name or path.name
    if not path.exists():
        raise DataError("filen finns inte.", file=shown, hint="Kontrollera sökvägen till områdesfilen.")
    if path.is_dir():
        raise DataError("är en mapp, inte en fil.", file=shown, hint="Ange själva områdesfilen.")
    check_file_size(path, name=shown)
    if path.stat().st_size == 0:
        raise DataError("filen är tom (0 byte).", file=shown,
                        hint="Exportera områdeslagret igen; filen blev troligen inte färdigsparad.")
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return zip_vector_path(path)
    if suffix == ".shp":
        check_plain_shapefile(path)
    return str(path)


def unreadable_vector_error(path: str | Path, exc: Exception, *, name: str | None = None) -> DataError:
    """The most precise Swedish message for a vector file GDAL could not read."""
    path = Path(path)
    shown = name or path.name
    if path.suffix.lower() in (".geojson", ".json"):
        try:
            _check_json(path)  # a precise message (HTML page, JSON syntax error with line) if it finds one
        except DataError as precise:
            return DataError(str(precise).replace(path.name, shown, 1))
    return DataError(_unreadable_message(path, exc), file=shown,
                     hint="Använd GeoPackage, GeoJSON, FlatGeobuf eller en zippad Shapefile; är filen "
                          "avkortad eller trasig, exportera den igen.")


_JSON_CHECK_BYTES = 5 * 1024**2


def _check_json(path: Path) -> None:
    """Explain why GDAL could not read a GeoJSON file: an HTML page, JSON syntax (line and column)
    or JSON that is not GeoJSON. Only called after reading failed; large files get the first check only."""
    import json

    whole = path.stat().st_size <= _JSON_CHECK_BYTES
    raw = read_limited(path) if whole else _head(path, 4096)
    try:
        text = raw.decode("utf-8-sig", errors="strict" if whole else "replace")
    except UnicodeDecodeError:
        raise DataError("är ingen GeoJSON-fil: innehållet är inte UTF-8-text.", file=path.name,
                        hint="Spara lagret som GeoJSON (UTF-8) igen.") from None
    if text.lstrip()[:1] == "<":
        raise DataError("är en HTML- eller XML-sida, inte GeoJSON (troligen en felsida från nedladdningen).",
                        file=path.name, hint="Ladda ner områdeslagret igen och kontrollera att det är GeoJSON.")
    if not whole:
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(f"är inte giltig JSON (rad {exc.lineno}, kolumn {exc.colno}).", file=path.name,
                        hint="Filen är troligen avkortad eller ingen GeoJSON; exportera lagret igen.") from None
    kind = data.get("type") if isinstance(data, dict) else None
    if kind not in ("FeatureCollection", "Feature"):
        raise DataError("är JSON men ingen GeoJSON (saknar \"type\": \"FeatureCollection\").", file=path.name,
                        hint="Exportera områdeslagret som GeoJSON från GIS-programmet.")


def _head(path: Path, n: int) -> bytes:
    """The first ``n`` bytes of a (regular, already checked) file; nothing when it cannot be read."""
    try:
        with path.open("rb") as fh:
            return fh.read(n)
    except OSError:
        return b""


def _unreadable_message(path: Path, exc: Exception) -> str:
    suffix = path.suffix.lower()
    head = _head(path, 16) if path.is_file() else b""
    if suffix == ".gpkg":
        if not head.startswith(b"SQLite format 3"):
            return "kunde inte läsas som geodata: filen är ingen GeoPackage (fel filformat)."
        return "kunde inte läsas som geodata: GeoPackage-filen är trasig eller avkortad."
    if suffix == ".fgb":
        return "kunde inte läsas som geodata: FlatGeobuf-filen är trasig eller avkortad."
    return f"kunde inte läsas som geodata ({type(exc).__name__})."


#: An area name longer than this is cut (with "…" and a warning): real statistics areas have names of
#: 5–40 characters ("Holma / Kroksbäck / Bellevuegården"); a 10,000-character name (a wrong column, a
#: hostile file) pushed Mötesläge's ranking off the screen (issue 17).
MAX_NAME_CHARS = 100


def validate_areas(
    gdf: gpd.GeoDataFrame, *, id_col: str = "area_id", name_col: str = "area_name", file: str = ""
) -> gpd.GeoDataFrame:
    """Check and clean an area layer (ids, names, CRS, geometry)."""
    where = file or None
    if len(gdf) == 0:
        raise DataError("lagret innehåller inga områden.", file=where, hint="Välj ett lager med polygoner.")
    for col in (id_col, name_col):
        if col not in gdf.columns:
            have = ", ".join(c for c in gdf.columns if c != gdf.geometry.name)
            raise DataError(f"kolumnen '{col}' saknas (kolumner: {have}).", file=where,
                            hint=f"Döp om kolumnen med områdets {'id' if col == id_col else 'namn'} till '{col}' "
                                 "eller ange vilken kolumn som ska användas.")
    if gdf.crs is None:
        raise DataError("filen saknar koordinatsystem (CRS).", file=where,
                        hint="Spara om den med koordinatsystem, t.ex. SWEREF 99 TM (EPSG:3006) eller "
                             "SWEREF 99 13 30 (EPSG:3008); för Shapefile behövs .prj-filen.")
    notes: list[str] = []
    ids = _id_text(gdf[id_col])
    missing = ids.isna()
    if missing.any():
        rows = ", ".join(str(i + 1) for i in np.flatnonzero(missing.to_numpy())[:5])
        raise DataError(f"kolumnen '{id_col}': {int(missing.sum())} områden saknar id (objekt nr {rows}).",
                        file=where, hint="Fyll i ett unikt id för varje område.")
    stripped = ids.str.strip()
    changed = ids[ids != stripped]
    if len(changed):
        notes.append(f"{file or 'Områdeslagret'}: {len(changed)} id i kolumnen '{id_col}' hade mellanslag före "
                     f"eller efter som togs bort (t.ex. '{changed.iloc[0]}').")
    names = _id_text(gdf[name_col])
    no_name = names.isna() | (names.fillna("").str.strip() == "")
    names = names.fillna("").str.strip().where(~no_name, stripped)
    if no_name.any():
        notes.append(f"{file or 'Områdeslagret'}: {int(no_name.sum())} områden saknar namn i kolumnen "
                     f"'{name_col}'; id används som namn ({', '.join(stripped[no_name].head(5))}).")
    long = names.str.len() > MAX_NAME_CHARS
    if long.any():
        names = names.where(~long, names.str.slice(0, MAX_NAME_CHARS - 1).str.rstrip() + "…")
        notes.append(f"{file or 'Områdeslagret'}: {int(long.sum())} områden har namn längre än {MAX_NAME_CHARS} "
                     f"tecken (t.ex. {', '.join(stripped[long].head(5))}, längst {int(_id_text(gdf[name_col]).str.len().max())}"
                     f" tecken); namnen kortades till {MAX_NAME_CHARS} tecken med '…' så att kartan, rangordningen "
                     "och tabellerna går att läsa. Rätta namnkolumnen om det är fel kolumn.")
    html = names.str.contains(HTML_TAG, regex=True) | stripped.str.contains(HTML_TAG, regex=True)
    if html.any():
        example = names[html].iloc[0]
        notes.append(f"{file or 'Områdeslagret'}: {int(html.sum())} områden har HTML-kod i id eller namn "
                     f"(t.ex. '{example}'); den visas som vanlig text och tolkas aldrig.")
    out = gpd.GeoDataFrame({"area_id": stripped, "area_name": names}, geometry=gdf.geometry.values, crs=gdf.crs)
    if (out["area_id"] == "").any():
        rows = ", ".join(str(i + 1) for i in np.flatnonzero((out["area_id"] == "").to_numpy())[:5])
        raise DataError(f"kolumnen '{id_col}': områden utan id (objekt nr {rows}).", file=where,
                        hint="Fyll i ett unikt id för varje område.")
    dup = out["area_id"].duplicated(keep=False)
    if dup.any():
        dup_ids = ", ".join(sorted(out.loc[dup, "area_id"].unique())[:5])
        raise DataError(f"kolumnen '{id_col}' har dubbletter: {dup_ids}.", file=where,
                        hint="Varje område måste ha ett unikt id.")
    empty = out.geometry.isna() | out.geometry.is_empty
    if empty.any():
        empty_ids = ", ".join(out.loc[empty, "area_id"].head(5))
        raise DataError(f"områden utan geometri: {empty_ids}.", file=where, hint="Rita om eller ta bort dessa områden.")
    invalid = ~out.geometry.is_valid
    if invalid.any():
        invalid_ids = ", ".join(out.loc[invalid, "area_id"].head(5))
        msg = (f"{file or 'Områdeslagret'}: {int(invalid.sum())} ogiltiga geometrier (t.ex. självkorsande "
               f"ytor) reparerades med make_valid ({invalid_ids}); kontrollera dem på kartan.")
        warnings.warn(msg, DataWarning, stacklevel=2)
        notes.append(msg)
        out.loc[invalid, "geometry"] = out.geometry[invalid].make_valid()
        # make_valid may return a GeometryCollection holding stray lines; keep only the polygons.
        out.loc[invalid, "geometry"] = [_polygonal(g) for g in out.geometry[invalid]]
        lost = invalid & ~out.geometry.geom_type.isin(["Polygon", "MultiPolygon"])
        if lost.any():
            raise DataError(f"geometrin för {', '.join(out.loc[lost, 'area_id'].head(5))} är ogiltig och blir ingen "
                            "yta när den repareras (t.ex. alla punkter på samma ställe).", file=where,
                            hint="Rita om områdets gräns i GIS-programmet och spara lagret igen.")
    out.attrs["repaired_ids"] = out.loc[invalid, "area_id"].tolist()
    kinds = set(out.geometry.geom_type)
    if not kinds <= {"Polygon", "MultiPolygon", "GeometryCollection"}:
        raise DataError(f"lagret innehåller inte polygoner ({', '.join(sorted(kinds))}).", file=where,
                        hint="Områdeslagret måste bestå av ytor (polygoner).")
    note = check_crs_fits(out, file=file)
    if note:
        notes.append(note)
    out.attrs["warnings"] = notes
    return out



#: Where the areas must lie (lon/lat): Sweden, from the area of use of SWEREF 99 TM with a margin.
SWEDEN_LONLAT = (9.5, 54.5, 24.7, 69.6)

#: Coordinate systems tried when a layer's coordinates do not fit its own: (CRS, how it is named).
_CANDIDATES = (
    ("EPSG:4326", "grader (WGS84, EPSG:4326)"),
    ("EPSG:3006", "SWEREF 99 TM (EPSG:3006)"),
    ("EPSG:3008", "SWEREF 99 13 30 (EPSG:3008)"),
    ("EPSG:3021", "RT 90 2,5 gon V (EPSG:3021)"),
)


def _id_text(values: pd.Series) -> pd.Series:
    """Ids or names as text, missing stays missing; whole floats lose their '.0' (1.0 → '1')."""
    if pd.api.types.is_float_dtype(values.dtype):
        whole = values.dropna()
        if len(whole) and (whole % 1 == 0).all():
            values = values.astype("Int64")
    return values.astype("object").map(lambda v: None if v is None or (isinstance(v, float) and np.isnan(v))
                                       or v is pd.NA else str(v))


def _num(v: float) -> str:
    if abs(v) >= 1e9:
        return f"{v:.3g}"
    return f"{v:.0f}" if abs(v) >= 1000 else (f"{v:.4f}".rstrip("0").rstrip(".") or "0")


def _lonlat_bounds(bounds: Sequence[float], crs: object) -> tuple[float, float, float, float] | None:
    from pyproj import CRS, Transformer

    try:
        t = Transformer.from_crs(CRS.from_user_input(crs), "EPSG:4326", always_xy=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            minx, miny, maxx, maxy = t.transform_bounds(bounds[0], bounds[1], bounds[2], bounds[3], densify_pts=5)
    except Exception:  # noqa: BLE001 - coordinates outside the projection's domain
        return None
    out = (float(minx), float(miny), float(maxx), float(maxy))
    return out if np.all(np.isfinite(out)) else None


def _inside(box, area) -> bool:
    return box is not None and area[0] <= box[0] and box[2] <= area[2] and area[1] <= box[1] and box[3] <= area[3]


def check_crs_fits(gdf: gpd.GeoDataFrame, *, file: str = "") -> str | None:
    """Check that a layer's coordinates fit its CRS; the areas are Malmö's, so they must lie in Sweden.

    Raises :class:`DataError` naming the likely CRS when the numbers, read in another common
    CRS (WGS84 degrees, also with latitude and longitude swapped; SWEREF 99 TM; SWEREF 99 13 30;
    RT 90), lie in Sweden but do not as labelled — e.g. degrees labelled as metres. Coordinates
    that fit no candidate but lie outside the CRS's area of use give a warning text (returned);
    impossible degrees (latitude beyond ±90) are an error.
    """
    from pyproj import CRS

    where = file or None
    crs = CRS.from_user_input(gdf.crs)
    bounds = tuple(float(v) for v in gdf.total_bounds)
    if not np.all(np.isfinite(bounds)):
        return None
    aou = crs.area_of_use
    use = (aou.west, aou.south, aou.east, aou.north) if aou else (-180.0, -90.0, 180.0, 90.0)
    pad_x, pad_y = max(1.0, (use[2] - use[0]) * 0.1), max(1.0, (use[3] - use[1]) * 0.1)
    use = (use[0] - pad_x, use[1] - pad_y, use[2] + pad_x, use[3] + pad_y)
    geographic = crs.is_geographic
    if geographic and (abs(bounds[1]) > 90 or abs(bounds[3]) > 90 or abs(bounds[0]) > 360 or abs(bounds[2]) > 360):
        lonlat = None
    else:
        lonlat = _lonlat_bounds(bounds, crs)
    in_use = _inside(lonlat, use)
    if in_use and _inside(lonlat, SWEDEN_LONLAT):
        return None
    label = f"{crs.name} (EPSG:{crs.to_epsg()})" if crs.to_epsg() else crs.name
    shown = f"x {_num(bounds[0])}–{_num(bounds[2])}, y {_num(bounds[1])}–{_num(bounds[3])}"
    for code, name in _CANDIDATES:
        if crs.equals(CRS.from_user_input(code)):
            continue
        if _inside(_lonlat_bounds(bounds, code), SWEDEN_LONLAT):
            raise DataError(f"koordinatsystemet {label} passar inte koordinaterna ({shown}): de ser ut som "
                            f"{name}.", file=where,
                            hint=f"Ange rätt koordinatsystem för lagret (troligen {name.split('(')[-1].rstrip(')')}) "
                                 "i GIS-programmet och spara det igen; koordinaterna ska inte räknas om.")
    swapped = (bounds[1], bounds[0], bounds[3], bounds[2])
    if max(abs(v) for v in bounds) <= 90 and _inside(_lonlat_bounds(swapped, "EPSG:4326"), SWEDEN_LONLAT):
        what = ("latitud och longitud ser ut att vara omkastade" if geographic else
                f"koordinaterna ser ut som grader (WGS84, EPSG:4326) med latitud och longitud omkastade, inte {label}")
        raise DataError(f"{what} ({shown}; i Sverige är longituden x 10–24 och latituden y 55–69).", file=where,
                        hint="Byt plats på x och y (x = longitud, y = latitud) och ange rätt koordinatsystem, "
                             "spara sedan lagret igen.")
    if geographic and lonlat is None:
        raise DataError(f"koordinaterna ({shown}) kan inte vara grader i {label}.", file=where,
                        hint="Kontrollera vilket koordinatsystem lagret har och ange det i filen.")
    if not in_use:
        return (f"{file or 'Områdeslagret'}: koordinaterna ({shown}) ligger utanför användningsområdet för "
                f"{label}; kontrollera koordinatsystemet.")
    return None


def _polygonal(geom):
    """The polygonal part of a (repaired) geometry; multipolygons are kept as they are."""
    from shapely.geometry import GeometryCollection, MultiPolygon, Polygon

    if isinstance(geom, (Polygon, MultiPolygon)) or not isinstance(geom, GeometryCollection):
        return geom
    parts = [p for g in geom.geoms for p in (g.geoms if isinstance(g, MultiPolygon) else [g])
             if isinstance(p, Polygon)]
    return MultiPolygon(parts) if len(parts) > 1 else (parts[0] if parts else geom)
