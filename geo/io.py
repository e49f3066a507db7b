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
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.errors import DataError, DataWarning

LONG_COLUMNS = ("area_id", "indicator_id", "year", "value")

#: Cell contents that mean "suppressed or missing" in Swedish statistics exports.
MISSING_TOKENS = frozenset({"", "..", "...", ".", "-", "–", "—", "x", "X", "na", "NA", "NaN", "nan", "saknas"})

_NUMBER = re.compile(r"^[+-−]?\d+(\.\d+)?([eE][+-]?\d+)?$")


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
        where = f"kolumnen '{column}', rad {pos + 2}" if column else f"rad {pos + 2}"
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


def to_long(frame: pd.DataFrame, *, file: str = "") -> pd.DataFrame:
    """Validate an indicator table and return it in long form ``area_id, indicator_id, year, value``.

    A wide table (``area_id, year`` and one column per indicator id) is melted first.
    Returns ``value`` as float (NaN for suppressed cells) plus a boolean ``suppressed``.
    """
    cols = {c.lower(): c for c in frame.columns}
    frame = frame.rename(columns={v: k for k, v in cols.items()})
    for needed in ("area_id", "year"):
        if needed not in frame.columns:
            raise DataError(f"kolumnen '{needed}' saknas.", file=file or None,
                            hint="Indikatortabellen behöver kolumnerna area_id, indicator_id, year, value "
                                 "(lång form) eller area_id, year och en kolumn per indikator (bred form).")
    if {"indicator_id", "value"} <= set(frame.columns):
        long = frame[list(LONG_COLUMNS)].copy()
    else:
        value_cols = [c for c in frame.columns if c not in ("area_id", "year", "area_name")]
        if not value_cols:
            raise DataError("tabellen har inga indikatorkolumner.", file=file or None,
                            hint="Lägg till kolumnerna indicator_id och value, eller en kolumn per indikator.")
        long = frame.melt(id_vars=["area_id", "year"], value_vars=value_cols,
                          var_name="indicator_id", value_name="value")
    if long.empty:
        raise DataError("tabellen har inga datarader.", file=file or None)
    long["area_id"] = long["area_id"].astype(str).str.strip()
    long["indicator_id"] = long["indicator_id"].astype(str).str.strip()
    years, year_missing = parse_number_column(long["year"], file=file, column="year")
    if year_missing.any() or (years % 1 != 0).any():
        pos = int(np.flatnonzero((year_missing | (years % 1 != 0)).to_numpy())[0])
        raise DataError(f"kolumnen 'year', rad {pos + 2}: '{long['year'].iloc[pos]}' är inget årtal.",
                        file=file or None, hint="Ange året som ett heltal, t.ex. 2024.")
    long["year"] = years.astype(int)
    long["value"], long["suppressed"] = parse_number_column(long["value"], file=file, column="value")
    if (long["area_id"] == "").any():
        pos = int(np.flatnonzero((long["area_id"] == "").to_numpy())[0])
        raise DataError(f"rad {pos + 2} saknar area_id.", file=file or None, hint="Fyll i områdets id på varje rad.")
    dup = long.duplicated(["area_id", "indicator_id", "year"], keep=False)
    if dup.any():
        row = long[dup].iloc[0]
        raise DataError(
            f"{int(dup.sum())} rader har samma area_id, indicator_id och year, t.ex. "
            f"{row['area_id']} / {row['indicator_id']} / {row['year']}.",
            file=file or None, hint="Ta bort dubbletterna så att varje värde bara finns en gång.")
    return long.reset_index(drop=True)


def read_indicators(path: str | Path) -> pd.DataFrame:
    """Read an indicator CSV (long or wide form) into a validated long frame."""
    return to_long(read_csv_text(path), file=str(path))


def read_areas(
    path: str | Path,
    *,
    id_col: str = "area_id",
    name_col: str = "area_name",
    layer: str | None = None,
) -> gpd.GeoDataFrame:
    """Read a polygon layer into ``area_id, area_name, geometry`` with a known CRS.

    A missing CRS is an error (never guessed). Invalid geometries are repaired with
    shapely's ``make_valid`` and reported as a :class:`~geo.errors.DataWarning`.
    """
    path = Path(path)
    if not path.exists():
        raise DataError("filen finns inte.", file=str(path), hint="Kontrollera sökvägen till områdesfilen.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            gdf = gpd.read_file(path, layer=layer, engine="pyogrio")
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
    kinds = set(out.geometry.geom_type)
    if not kinds <= {"Polygon", "MultiPolygon", "GeometryCollection"}:
        raise DataError(f"lagret innehåller inte polygoner ({', '.join(sorted(kinds))}).", file=where,
                        hint="Områdeslagret måste bestå av ytor (polygoner).")
    return out
