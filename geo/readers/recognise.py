"""What an uploaded table is: indicators (long or wide), computed results, an SCB export, a crosswalk.

A planner uploads whatever they have; the import page says what it thinks the table is (and
why), and lets them correct it. The same reading tells when a table's ids are DeSO
(``1280C1010``) or RegSO (``1280R045``) codes while the area layer has other ids: then the
table must be aggregated first, which a join report of "768 unmatched rows" never says.

>>> id_level(["1280C1010", "1280C1020"]), id_level(["1280R045"]), id_level(["24407"])
('deso', 'regso', None)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from geo.definition import Definition
from geo.errors import DataError
from geo.readers.cells import parse_number_column
from geo.readers.scb import PROXIES, SOURCES

TableType = Literal["indicators", "results", "scb", "crosswalk"]
IdLevel = Literal["deso", "regso"]

#: SCB's codes: DeSO = municipality + A/B/C + four digits; RegSO = municipality + R + three digits.
_PATTERNS: dict[IdLevel, re.Pattern[str]] = {
    "deso": re.compile(r"^\d{4}[ABC]\d{4}$"),
    "regso": re.compile(r"^\d{4}R\d{3}$"),
}
_ID_COLUMNS = ("deso", "regso", "region", "area_id")
_YEAR_COLUMNS = ("ar", "år", "year")


def id_level(ids: Iterable[object]) -> IdLevel | None:
    """``deso`` or ``regso`` when most of the ids (≥ 80 %) are such codes, else ``None``."""
    values = [str(v).strip() for v in ids if str(v).strip() and str(v) != "nan"]
    if not values:
        return None
    for level, pattern in _PATTERNS.items():
        if sum(bool(pattern.match(v)) for v in values) >= 0.8 * len(values):
            return level
    return None


@dataclass(frozen=True)
class Recognised:
    """The guess: the kind, the columns that gave it away, and the level of its ids (if SCB codes)."""

    kind: TableType
    evidence: tuple[str, ...]
    ids: IdLevel | None = None
    long: bool = False


def code_columns(frame: pd.DataFrame) -> dict[str, IdLevel]:
    """The columns whose values are DeSO or RegSO codes, with their level."""
    out: dict[str, IdLevel] = {}
    for c in frame.columns:
        level = id_level(frame[c].head(200))
        if level is not None:
            out[str(c)] = level
    return out


def scb_sources(columns: Iterable[str]) -> list[str]:
    """The indicators an SCB export with these columns holds (:data:`geo.readers.scb.SOURCES`)."""
    cols = {str(c).strip().lower() for c in columns}
    return [ind for ind, src in SOURCES.items() if set(src.columns) <= cols]


def recognise_table(frame: pd.DataFrame, definition: Definition) -> Recognised:
    """Best guess of what ``frame`` holds (see the module docstring), from its headers and ids."""
    lower = {str(c).strip().lower(): str(c) for c in frame.columns}
    codes = code_columns(frame)
    if {"fine_id", "coarse_id"} <= set(lower) or len(set(codes.values())) >= 2:
        evidence = tuple(c for c in lower.values() if c in codes or c.lower() in ("fine_id", "coarse_id"))
        return Recognised("crosswalk", evidence)
    id_col = next((lower[c] for c in _ID_COLUMNS if c in lower), None)
    scb = scb_sources(lower)
    if scb and id_col is not None:
        return Recognised("scb", tuple(lower[c] for c in lower if any(c in SOURCES[i].columns for i in scb)),
                          ids=codes.get(id_col))
    ids = codes.get(id_col) if id_col is not None else next(iter(codes.values()), None)
    results = [lower[c] for c in (*[d.lower() for d in definition.dimension_ids], "index") if c in lower]
    if results and not any(c in lower for c in _YEAR_COLUMNS) and "indicator_id" not in lower:
        return Recognised("results", tuple(results), ids=ids)
    if {"indicator_id", "value"} <= set(lower):
        return Recognised("indicators", (lower["indicator_id"], lower["value"]), ids=ids, long=True)
    known = [lower[c] for c in lower if c in definition.indicator_ids]
    return Recognised("indicators", tuple(known) or tuple(lower.values()), ids=ids)


def scb_export_indicators(frame: pd.DataFrame, *, file: str = "") -> pd.DataFrame:
    """One SCB Statistikdatabasen export (as ``python -m geo scb`` reads them) → the long indicator
    table with numerators and denominators, for the indicators its columns hold."""
    t = frame.copy()
    t.columns = [str(c).strip().lower() for c in t.columns]
    id_col = next((c for c in _ID_COLUMNS if c in t.columns), None)
    if id_col is None:
        raise DataError("kolumnen för region (deso, regso eller region) saknas.", file=file or None,
                        hint="Exportera tabellen från SCB med regionen som kolumn.")
    year_col = next((c for c in _YEAR_COLUMNS if c in t.columns), None)
    if year_col is None:
        raise DataError("kolumnen för år (ar) saknas; tabellen har flera år eller inget.", file=file or None,
                        hint="Exportera tabellen från SCB med året som kolumn (ar).")
    indicators = scb_sources(t.columns)
    if not indicators:
        raise DataError("tabellen har inga av SCB-kolumnerna som indikatorerna räknas från.", file=file or None,
                        hint="Kända exporter: " + ", ".join(s.pattern.strip("*") for s in SOURCES.values()) + ".")
    nums = pd.DataFrame({"area_id": t[id_col].astype(str).str.strip(),
                         "year": parse_number_column(t[year_col], file=file, column=year_col)[0]})
    for c in t.columns:
        if c not in (id_col, year_col):
            nums[c] = parse_number_column(t[c], file=file, column=c)[0].to_numpy()
    parts = []
    for ind in indicators:
        num, den = SOURCES[ind].compute(nums)
        parts.append(pd.DataFrame({"area_id": nums["area_id"], "indicator_id": ind, "year": nums["year"],
                                   "value": 100.0 * num / den.where(den > 0), "numerator": num, "denominator": den}))
    out = pd.concat(parts, ignore_index=True)
    out["year"] = out["year"].astype(int)
    out["suppressed"] = out["numerator"].isna() | out["denominator"].isna()
    out.attrs["warnings"] = [f"{file or 'SCB-exporten'}: {ind} är ett ersättningsmått: {PROXIES[ind]['sv']}"
                             for ind in indicators if ind in PROXIES]
    return out


__all__ = ["IdLevel", "Recognised", "TableType", "code_columns", "id_level", "recognise_table", "scb_export_indicators",
           "scb_sources"]
