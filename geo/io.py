"""Reading area layers and indicator tables into validated frames.

Readers validate where data enters and return cleaned values; nothing downstream
re-checks. Every problem becomes a :class:`~geo.errors.DataError` with a Swedish
message naming the file, column or row and what to do.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.archive import check_plain_shapefile, zip_vector_path
from geo.errors import DataError, DataWarning
from geo.tables import list_sheets, read_table

if TYPE_CHECKING:
    from geo.definition import Definition

__all__ = ["LONG_COLUMNS", "MISSING_TOKENS", "list_sheets", "parse_number_column", "read_areas", "read_csv_text",
           "read_indicators", "read_results", "read_table", "to_long", "validate_areas"]

LONG_COLUMNS = ("area_id", "indicator_id", "year", "value")

#: Cell contents that mean "suppressed or missing" in Swedish statistics exports.
MISSING_TOKENS = frozenset({"", "..", "...", ".", "-", "–", "—", "x", "X", "na", "NA", "NaN", "nan", "saknas"})

_NUMBER = re.compile(r"^[+-−]?\d+(\.\d+)?([eE][+-]?\d+)?$")


def row_number(values: pd.Series | pd.DataFrame, pos: int) -> int:
    """The row number a user sees for position ``pos``: frames from :func:`read_table` carry
    their file/Excel row numbers in the index (as row − 2); otherwise header + position."""
    label = values.index[pos]
    if isinstance(label, (int, np.integer)) and not isinstance(label, bool):
        return int(label) + 2
    return pos + 2


def parse_number_column(values: pd.Series, *, file: str = "", column: str = "") -> tuple[pd.Series, pd.Series]:
    """Parse a column of numbers written the Swedish or English way.

    Accepts decimal comma or dot, spaces (also non-breaking) as thousands separators,
    a trailing ``%`` and the Unicode minus. Suppression marks (``..``, ``-``, ``–``,
    ``x``, blank) become NaN and are flagged in the second returned Series — never 0.
    Anything else that is not a number is an error naming the first bad row.
    """
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        out = values.astype(float)
        return out, out.isna()
    text = values.astype("object").map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v))
    cleaned = (text.str.strip()
               .str.replace("\u00a0", "", regex=False).str.replace("\u202f", "", regex=False)
               .str.replace(" ", "", regex=False).str.replace("−", "-", regex=False)
               .str.replace(r"%$", "", regex=True))
    suppressed = cleaned.isin(MISSING_TOKENS) | text.str.strip().isin(MISSING_TOKENS)
    # Decimal comma: "45,2" → "45.2". A comma followed by exactly three digits and a dot
    # elsewhere ("1,234.5") is a thousands separator.
    has_dot = cleaned.str.contains(".", regex=False)
    cleaned = cleaned.where(~has_dot, cleaned.str.replace(",", "", regex=False))
    cleaned = cleaned.where(has_dot, cleaned.str.replace(",", ".", regex=False))
    ok = cleaned.str.match(_NUMBER.pattern) | suppressed
    if not ok.all():
        pos = int(np.flatnonzero(~ok.to_numpy())[0])
        bad = text.iloc[pos]
        line = row_number(values, pos)
        where = f"kolumnen '{column}', rad {line}" if column else f"rad {line}"
        raise DataError(f"{where}: '{bad}' är inte ett tal.", file=file or None,
                        hint="Skriv talet med decimalkomma eller decimalpunkt, eller '..' för ett undertryckt värde.")
    out = pd.to_numeric(cleaned.where(~suppressed, None), errors="coerce").astype(float)
    return out, suppressed


def _decode(raw: bytes, file: str) -> str:
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise DataError("teckenkodningen känns inte igen.", file=file, hint="Spara filen som UTF-8 och försök igen.")


def read_csv_text(path: str | Path) -> pd.DataFrame:
    """Read a CSV with comma or semicolon, UTF-8 (with or without BOM) or Windows-1252.

    All cells are read as text; numbers are parsed later by :func:`parse_number_column`
    so that decimal commas and suppression marks are handled in one place.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError("filen finns inte.", file=str(path), hint="Kontrollera sökvägen.") from None
    except OSError as exc:
        raise DataError(f"filen kunde inte läsas ({exc.strerror}).", file=str(path)) from None
    text = _decode(raw, str(path))
    if not text.strip():
        raise DataError("filen är tom.", file=str(path), hint="Välj en fil med en rubrikrad och minst en datarad.")
    first = text.splitlines()[0]
    sep = ";" if first.count(";") > first.count(",") else ("\t" if first.count("\t") > first.count(",") else ",")
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                            skipinitialspace=True, quoting=csv.QUOTE_MINIMAL)
    except (pd.errors.ParserError, csv.Error) as exc:
        raise DataError(f"kunde inte tolkas som CSV ({str(exc).strip()}).", file=str(path),
                        hint="Kontrollera att alla rader har lika många kolumner.") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def to_long(frame: pd.DataFrame, *, file: str = "", duplicates: Literal["error", "keep"] = "error") -> pd.DataFrame:
    """Validate an indicator table and return it in long form ``area_id, indicator_id, year, value``.

    A wide table (``area_id, year`` and one column per indicator id) is melted first.
    Returns ``value`` as float (NaN for suppressed cells) plus a boolean ``suppressed``.
    Optional ``numerator``/``denominator`` columns (long form) are parsed and kept, so that
    shares can be re-aggregated correctly (:mod:`geo.aggregate`).
    ``duplicates="keep"`` keeps repeated (area, indicator, year) rows for
    :func:`geo.report.join_report` to list instead of failing on the first.
    """
    cols = {c.lower(): c for c in frame.columns}
    frame = frame.rename(columns={v: k for k, v in cols.items()})
    for needed in ("area_id", "year"):
        if needed not in frame.columns:
            raise DataError(f"kolumnen '{needed}' saknas.", file=file or None,
                            hint="Indikatortabellen behöver kolumnerna area_id, indicator_id, year, value "
                                 "(lång form) eller area_id, year och en kolumn per indikator (bred form). "
                                 "Heter kolumnerna något annat: använd en kolumnmappning (mapping.toml).")
    extra = [c for c in ("numerator", "denominator") if c in frame.columns]
    if {"indicator_id", "value"} <= set(frame.columns):
        long = frame[[*LONG_COLUMNS, *extra]].copy()
    else:
        value_cols = [c for c in frame.columns if c not in ("area_id", "year", "area_name", "suppressed")]
        if not value_cols:
            raise DataError("tabellen har inga indikatorkolumner.", file=file or None,
                            hint="Lägg till kolumnerna indicator_id och value, eller en kolumn per indikator.")
        for col in value_cols:  # check here, where the column and row are still known
            parse_number_column(frame[col], file=file, column=col)
        long = frame.melt(id_vars=["area_id", "year"], value_vars=value_cols,
                          var_name="indicator_id", value_name="value", ignore_index=False)
    if long.empty:
        raise DataError("tabellen har inga datarader.", file=file or None)
    long["area_id"] = long["area_id"].astype(str).str.strip()
    long["indicator_id"] = long["indicator_id"].astype(str).str.strip()
    years, year_missing = parse_number_column(long["year"], file=file, column="year")
    if year_missing.any() or (years % 1 != 0).any():
        pos = int(np.flatnonzero((year_missing | (years % 1 != 0)).to_numpy())[0])
        raise DataError(f"kolumnen 'year', rad {row_number(long, pos)}: '{long['year'].iloc[pos]}' är inget årtal.",
                        file=file or None, hint="Ange året som ett heltal, t.ex. 2024.")
    long["year"] = years.astype(int)
    long["value"], long["suppressed"] = parse_number_column(long["value"], file=file, column="value")
    for col in extra:
        long[col] = parse_number_column(long[col], file=file, column=col)[0]
    if (long["area_id"] == "").any():
        pos = int(np.flatnonzero((long["area_id"] == "").to_numpy())[0])
        raise DataError(f"rad {row_number(long, pos)} saknar area_id.", file=file or None,
                        hint="Fyll i områdets id på varje rad.")
    dup = long.duplicated(["area_id", "indicator_id", "year"], keep=False)
    if dup.any() and duplicates == "error":
        row = long[dup].iloc[0]
        raise DataError(
            f"{int(dup.sum())} rader har samma area_id, indicator_id och year, t.ex. "
            f"{row['area_id']} / {row['indicator_id']} / {row['year']}.",
            file=file or None, hint="Ta bort dubbletterna så att varje värde bara finns en gång.")
    return long.reset_index(drop=True)


def read_indicators(
    path: str | Path,
    *,
    sheet: str | int | None = None,
    header_row: int | None = None,
    mapping: Mapping[str, str] | None = None,
    duplicates: Literal["error", "keep"] = "error",
) -> pd.DataFrame:
    """Read an indicator table (CSV or .xlsx, long or wide form) into a validated long frame.

    ``mapping`` renames the file's headers (and long-form indicator names) to the
    definition's ids first; see :mod:`geo.mapping`.
    """
    frame = read_table(path, sheet=sheet, header_row=header_row)
    if mapping:
        from geo.mapping import apply_mapping  # local import: mapping imports definition only

        frame = apply_mapping(frame, mapping)
    return to_long(frame, file=str(path), duplicates=duplicates)


def read_results(
    path: str | Path,
    definition: Definition,
    *,
    sheet: str | int | None = None,
    header_row: int | None = None,
    mapping: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Read already computed results: ``area_id`` plus dimension scores and/or ``index``.

    Columns are matched to dimension ids case-insensitively (after ``mapping``); other
    columns (``area_name``, ``rank`` …) are ignored. Returns a frame indexed by
    ``area_id`` with float columns in definition order (only those present), then
    ``index`` if present. Suppressed cells become NaN, never 0.
    """
    file = str(path)
    frame = read_table(path, sheet=sheet, header_row=header_row)
    if mapping:
        from geo.mapping import apply_mapping

        frame = apply_mapping(frame, mapping)
    lower = {str(c).strip().lower(): c for c in frame.columns}
    if "area_id" not in lower:
        raise DataError("kolumnen 'area_id' saknas.", file=file,
                        hint="Resultattabellen behöver kolumnen area_id och en kolumn per dimension och/eller index.")
    wanted = [d for d in definition.dimension_ids if d in lower] + (["index"] if "index" in lower else [])
    if not wanted:
        raise DataError("tabellen har varken dimensionskolumner eller kolumnen 'index'.", file=file,
                        hint=f"Dimensioner i definitionen: {', '.join(definition.dimension_ids)}. "
                             "Använd en kolumnmappning om rubrikerna heter något annat.")
    ids = frame[lower["area_id"]].astype(str).str.strip()
    if (ids == "").any():
        pos = int(np.flatnonzero((ids == "").to_numpy())[0])
        raise DataError(f"rad {row_number(frame, pos)} saknar area_id.", file=file,
                        hint="Fyll i områdets id på varje rad.")
    if ids.duplicated().any():
        raise DataError(f"area_id '{ids[ids.duplicated()].iloc[0]}' förekommer mer än en gång.", file=file,
                        hint="Resultattabellen ska ha en rad per område.")
    out = pd.DataFrame(index=pd.Index(ids.to_numpy(), name="area_id"))
    for col in wanted:
        out[col] = parse_number_column(frame[lower[col]], file=file, column=lower[col])[0].to_numpy()
    return out


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
    if not path.exists():
        raise DataError("filen finns inte.", file=str(path), hint="Kontrollera sökvägen till områdesfilen.")
    source: str | Path = path
    if path.suffix.lower() == ".zip":
        source = zip_vector_path(path)
    elif path.suffix.lower() == ".shp":
        check_plain_shapefile(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            gdf = gpd.read_file(source, layer=layer, engine="pyogrio")
    except Exception as exc:  # pyogrio raises several unrelated types for unreadable files
        raise DataError(f"kunde inte läsas som geodata ({type(exc).__name__}).", file=str(path),
                        hint="Använd GeoPackage, GeoJSON, FlatGeobuf eller en zippad Shapefile.") from None
    return validate_areas(gdf, id_col=id_col, name_col=name_col, file=str(path))


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
    out = gpd.GeoDataFrame(
        {"area_id": gdf[id_col].astype(str).str.strip(), "area_name": gdf[name_col].astype(str).str.strip()},
        geometry=gdf.geometry.values, crs=gdf.crs,
    )
    dup = out["area_id"].duplicated(keep=False)
    if dup.any():
        ids = ", ".join(sorted(out.loc[dup, "area_id"].unique())[:5])
        raise DataError(f"kolumnen '{id_col}' har dubbletter: {ids}.", file=where,
                        hint="Varje område måste ha ett unikt id.")
    empty = out.geometry.isna() | out.geometry.is_empty
    if empty.any():
        ids = ", ".join(out.loc[empty, "area_id"].head(5))
        raise DataError(f"områden utan geometri: {ids}.", file=where, hint="Rita om eller ta bort dessa områden.")
    invalid = ~out.geometry.is_valid
    if invalid.any():
        ids = ", ".join(out.loc[invalid, "area_id"].head(5))
        warnings.warn(f"{file or 'Områdeslagret'}: {int(invalid.sum())} ogiltiga geometrier reparerades "
                      f"med make_valid ({ids}).", DataWarning, stacklevel=2)
        out.loc[invalid, "geometry"] = out.geometry[invalid].make_valid()
        # make_valid may return a GeometryCollection holding stray lines; keep only the polygons.
        out.loc[invalid, "geometry"] = [_polygonal(g) for g in out.geometry[invalid]]
    out.attrs["repaired_ids"] = out.loc[invalid, "area_id"].tolist()
    kinds = set(out.geometry.geom_type)
    if not kinds <= {"Polygon", "MultiPolygon", "GeometryCollection"}:
        raise DataError(f"lagret innehåller inte polygoner ({', '.join(sorted(kinds))}).", file=where,
                        hint="Områdeslagret måste bestå av ytor (polygoner).")
    return out


def _polygonal(geom):
    """The polygonal part of a (repaired) geometry; multipolygons are kept as they are."""
    from shapely.geometry import GeometryCollection, MultiPolygon, Polygon

    if isinstance(geom, (Polygon, MultiPolygon)) or not isinstance(geom, GeometryCollection):
        return geom
    parts = [p for g in geom.geoms for p in (g.geoms if isinstance(g, MultiPolygon) else [g])
             if isinstance(p, Polygon)]
    return MultiPolygon(parts) if len(parts) > 1 else (parts[0] if parts else geom)
