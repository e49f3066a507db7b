"""Indicator and results tables into validated frames (long form, or one row per area).

Readers validate where data enters and return cleaned values; nothing downstream
re-checks. Every problem becomes a :class:`~geo.errors.DataError` with a Swedish
message naming the file, column or row and what to do.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from geo.errors import DataError
from geo.readers.cells import HTML_TAG, by_distinct, distinct, parse_number_column, row_number
from geo.readers.mapping import ColumnMapping, apply_mapping
from geo.readers.tables import read_table

if TYPE_CHECKING:
    from geo.definition import Definition

__all__ = ["LONG_COLUMNS", "read_indicators", "read_results", "to_long"]

LONG_COLUMNS = ("area_id", "indicator_id", "year", "value")


def to_long(frame: pd.DataFrame, *, file: str = "", duplicates: Literal["error", "keep"] = "error") -> pd.DataFrame:
    """Validate an indicator table and return it in long form ``area_id, indicator_id, year, value``.

    A wide table (``area_id, year`` and one column per indicator id) is melted first.
    Returns ``value`` as float (NaN for suppressed cells) plus a boolean ``suppressed``.
    Optional ``numerator``/``denominator`` columns (long form) are parsed and kept, so that
    shares can be re-aggregated correctly (:mod:`geo.aggregate`).
    ``duplicates="keep"`` keeps repeated (area, indicator, year) rows for
    :func:`geo.report.join_report` to list instead of failing on the first.
    """
    notes = [*frame.attrs.get("warnings", []), *frame.attrs.get("cell_warnings", [])]  # (read_table)
    transforms = dict(frame.attrs.get("transforms", {}))
    by_lower: dict[str, list[str]] = {}
    for c in frame.columns:
        by_lower.setdefault(str(c).lower(), []).append(str(c))
    clash = next((names for names in by_lower.values() if len(names) > 1), None)
    if clash is not None:  # "value" and "VALUE" would both become value: which one is meant?
        raise DataError(f"kolumnerna {', '.join(repr(n) for n in clash)} skiljer sig bara i stora och små "
                        "bokstäver, så det går inte att veta vilken som ska användas.", file=file or None,
                        hint="Döp om eller ta bort den ena kolumnen och läs in filen igen.")
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
    # each check on the distinct texts (a long table repeats its ids, names and values), found once
    split = {c: distinct(long[c]) for c in ("area_id", "indicator_id", "value")}
    pct = by_distinct(long["value"], lambda s: s.astype(str).str.contains("%", regex=False), split=split["value"])
    if pct.any():
        notes.append(f"{file or 'Tabellen'}: {int(pct.sum())} värden har procenttecken (t.ex. "
                     f"'{long['value'][pct].iloc[0]}') och lästes som procentenheter utan tecknet.")
    html = (by_distinct(long["area_id"], lambda s: s.astype(str).str.contains(HTML_TAG, regex=True),
                        split=split["area_id"])
            | by_distinct(long["indicator_id"], lambda s: s.astype(str).str.contains(HTML_TAG, regex=True),
                          split=split["indicator_id"]))
    if html.any():
        row = long[html].iloc[0]
        notes.append(f"{file or 'Tabellen'}: {int(html.sum())} rader har HTML-kod i area_id eller indikatornamn "
                     f"(t.ex. '{row['indicator_id'] if '<' in str(row['indicator_id']) else row['area_id']}'); "
                     "den visas som vanlig text och tolkas aldrig.")
    for col in ("area_id", "indicator_id"):
        long[col] = by_distinct(long[col], lambda s: s.astype(str).str.strip(), split=split[col])
    years, year_missing = parse_number_column(long["year"], file=file, column="year")
    if year_missing.any() or (years % 1 != 0).any():
        pos = int(np.flatnonzero((year_missing | (years % 1 != 0)).to_numpy())[0])
        raise DataError(f"kolumnen 'year', rad {row_number(long, pos)}: '{long['year'].iloc[pos]}' är inget årtal.",
                        file=file or None, hint="Ange året som ett heltal, t.ex. 2024.")
    odd = (years < 1900) | (years > 2100)
    if odd.any():
        pos = int(np.flatnonzero(odd.to_numpy())[0])
        raise DataError(f"kolumnen 'year', rad {row_number(long, pos)}: '{long['year'].iloc[pos]}' är inget rimligt "
                        "årtal.", file=file or None, hint="Ange året med fyra siffror, t.ex. 2024.")
    long["year"] = years.astype(int)
    long["value"], long["suppressed"] = parse_number_column(long["value"], file=file, column="value",
                                                            split=split["value"])
    del split
    for col in extra:
        long[col] = parse_number_column(long[col], file=file, column=col)[0]
    notes += _apply_transforms(long, transforms, file)
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
    long = long.reset_index(drop=True)
    long.attrs["warnings"] = notes
    return long


def _apply_transforms(long: pd.DataFrame, transforms: Mapping[str, tuple[str, str]], file: str) -> list[str]:
    """Apply the mapping's transforms (:func:`geo.readers.mapping.apply_mapping`) in place; one
    note per transformed column, so the join report lists every value that was turned around."""
    notes = []
    for indicator, (header, transform) in transforms.items():
        rows = long["indicator_id"] == indicator
        if transform != "100-x" or not rows.any():
            continue
        values = long.loc[rows, "value"]
        long.loc[rows, "value"] = 100.0 - values
        if {"numerator", "denominator"} <= set(long.columns):
            long.loc[rows, "numerator"] = long.loc[rows, "denominator"] - long.loc[rows, "numerator"]
        notes.append(f"{file or 'Tabellen'}: '{header}' används som {indicator} = 100 − värdet "
                     "(andelen med motsatt innebörd).")
        if values.notna().any() and float(values.abs().max()) <= 1.0:
            notes.append(f"{file or 'Tabellen'}: '{header}' har bara värden mellan 0 och 1; 100 − x förutsätter "
                         "procent (0–100). Räkna om kolumnen till procent eller ta bort omvandlingen.")
    return notes


def read_indicators(
    path: str | Path,
    *,
    sheet: str | int | None = None,
    header_row: int | None = None,
    mapping: ColumnMapping | None = None,
    duplicates: Literal["error", "keep"] = "error",
) -> pd.DataFrame:
    """Read an indicator table (CSV or .xlsx, long or wide form) into a validated long frame.

    ``mapping`` renames the file's headers (and long-form indicator names) to the
    definition's ids first and applies its transforms (``100-x``); see :mod:`geo.readers.mapping`.
    """
    frame = read_table(path, sheet=sheet, header_row=header_row)
    if mapping:
        frame = apply_mapping(frame, mapping)
    return to_long(frame, file=Path(path).name, duplicates=duplicates)


def read_results(
    path: str | Path,
    definition: Definition,
    *,
    sheet: str | int | None = None,
    header_row: int | None = None,
    mapping: ColumnMapping | None = None,
) -> pd.DataFrame:
    """Read already computed results: ``area_id`` plus dimension scores and/or ``index``.

    Columns are matched to dimension ids case-insensitively (after ``mapping``); other
    columns (``area_name``, ``rank`` …) are ignored. Returns a frame indexed by
    ``area_id`` with float columns in definition order (only those present), then
    ``index`` and ``year`` if present. Suppressed cells become NaN, never 0.
    """
    file = Path(path).name
    frame = read_table(path, sheet=sheet, header_row=header_row)
    if mapping:
        frame = apply_mapping(frame, mapping)
        if frame.attrs.get("transforms"):
            header = next(iter(frame.attrs["transforms"].values()))[0]
            raise DataError(f"rubriken '{header}' har en omvandling (100-x), men färdiga resultat omvandlas inte.",
                            file=file, hint="Ta bort omvandlingen ur mappningen för resultattabellen.")
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
    if "year" in lower:  # the data year, shown with the results (geo.scoring.score_results)
        out["year"] = parse_number_column(frame[lower["year"]], file=file, column=lower["year"])[0].to_numpy()
    return out


