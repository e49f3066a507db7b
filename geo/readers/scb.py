"""SCB Statistikdatabasen exports per DeSO → the long indicator table.

SCB publishes counts per DeSO, not the city's indicators. This module turns the
exports (one table per subject: ``deso, ar`` and count columns, as in
``../shared/data/scb_deso_malmo/``) into the definition's indicators *with their
numerators and denominators*, so that :mod:`geo.dataset.aggregate` can roll DeSO up to GeSO
as Σnum/Σden. Where SCB's table is not exactly the city's indicator the value is a
proxy, and :data:`PROXIES` says so in Swedish and English.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geo.errors import DataError
from geo.readers.cells import parse_number_column
from geo.readers.tables import read_table

#: Every proxy, in Swedish and English (shown in the README, the app and exports).
PROXIES: dict[str, dict[str, str]] = {
    "forgymnasial_utbildning": {
        "sv": "Åldrarna 25–64 (SCB:s tabell) i stället för 20–64. Nämnaren är hela befolkningen 25–64 "
              "inklusive 'uppgift saknas'.",
        "en": "Ages 25–64 (SCB's table) instead of 20–64. The denominator is the whole population 25–64 "
              "including 'not stated'.",
    },
    "forvarvsarbetande": {
        "sv": "Andel sysselsatta 16–64 år (SCB:s arbetsmarknadsstatus) i stället för andel 20–64 år som "
              "huvudsakligen förvärvsarbetar; ingen export för 20–64 fanns.",
        "en": "Share employed aged 16–64 (SCB labour-market status) instead of the share aged 20–64 mainly "
              "in gainful employment; no 20–64 export was available.",
    },
    "utan_lag_ekonomisk_standard": {
        "sv": "100 − SCB:s andel med låg ekonomisk standard (alla åldrar). SCB avrundar andelen till hela "
              "procent, så täljaren (andel × antal personer) är en uppskattning; nämnaren är antal personer.",
        "en": "100 − SCB's share with low economic standard (all ages). SCB rounds the share to whole "
              "percent, so the numerator (share × persons) is an estimate; the denominator is persons.",
    },
    "bostads_eller_aganderatt": {
        "sv": "Andel lägenheter (inte personer) med bostadsrätt eller äganderätt, av lägenheter med känd "
              "upplåtelseform.",
        "en": "Share of dwellings (not persons) that are tenant-owned or owner-occupied, of dwellings with "
              "known tenure.",
    },
}


@dataclass(frozen=True)
class _Source:
    pattern: str
    columns: tuple[str, ...]
    compute: Callable[[pd.DataFrame], tuple[pd.Series, pd.Series]]  # → numerator, denominator


def _utb(t: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    utb = [c for c in t.columns if c.startswith("utb_")]
    return t["utb_forgymnasial"], t[utb].sum(axis=1, min_count=len(utb))


def _sysselsatta(t: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    return t["sysselsatta_16_64"], t["totalt_16_64"]


def _ek_standard(t: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    den = t["antal_personer_totalt"]
    return (100.0 - t["lag_ekonomisk_standard_pct"]) / 100.0 * den, den


def _upplatelse(t: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    known = t[["lgh_hyresratt", "lgh_bostadsratt", "lgh_aganderatt"]].sum(axis=1, min_count=3)
    return t[["lgh_bostadsratt", "lgh_aganderatt"]].sum(axis=1, min_count=2), known


SOURCES: dict[str, _Source] = {
    "forgymnasial_utbildning": _Source("*utbildningsniva*", ("utb_forgymnasial",), _utb),
    "forvarvsarbetande": _Source("*arbetsmarknadsstatus*", ("sysselsatta_16_64", "totalt_16_64"), _sysselsatta),
    "utan_lag_ekonomisk_standard": _Source("*ekonomisk_standard*", ("lag_ekonomisk_standard_pct",
                                                                     "antal_personer_totalt"), _ek_standard),
    "bostads_eller_aganderatt": _Source("*upplatelseform*", ("lgh_hyresratt", "lgh_bostadsratt", "lgh_aganderatt"),
                                        _upplatelse),
}

LONG_COLUMNS = ["area_id", "indicator_id", "year", "value", "numerator", "denominator", "suppressed"]


def _find(folder: Path, pattern: str) -> Path | None:
    hits = sorted(p for p in folder.glob(pattern) if p.suffix.lower() in (".csv", ".xlsx"))
    return hits[0] if hits else None


def read_scb_table(path: str | Path, columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """One SCB export as numbers: ``area_id`` (from ``deso``/``regso``/``region``), ``year``
    (from ``ar``/``år``) and float value columns (suppressed cells → NaN)."""
    file = Path(path).name
    t = read_table(path)
    t.columns = [str(c).strip().lower() for c in t.columns]
    id_col = next((c for c in ("deso", "regso", "region", "area_id") if c in t.columns), None)
    year_col = next((c for c in ("ar", "år", "year") if c in t.columns), None)
    if id_col is None or year_col is None:
        raise DataError("kolumnerna för region (deso) och år (ar) saknas.", file=file,
                        hint="Exportera tabellen med region och år som kolumner.")
    missing = [c for c in columns if c not in t.columns]
    if missing:
        raise DataError(f"kolumnen '{missing[0]}' saknas.", file=file,
                        hint="Exportera tabellen med samma variabler som i exemplen i scb_deso_malmo.")
    out = pd.DataFrame({"area_id": t[id_col].astype(str).str.strip()})
    out["year"] = parse_number_column(t[year_col], file=file, column=year_col)[0].astype(int)
    for c in t.columns:
        if c not in (id_col, year_col):
            out[c] = parse_number_column(t[c], file=file, column=c)[0].to_numpy()
    return out


def scb_deso_indicators(folder: str | Path) -> pd.DataFrame:
    """The definition's SCB-covered indicators per DeSO, in long form.

    Columns ``area_id`` (DeSO code), ``indicator_id``, ``year``, ``value`` (percent),
    ``numerator``, ``denominator``, ``suppressed``. Indicators whose export is absent from
    the folder are skipped and listed in ``attrs["missing_sources"]``; see
    :data:`PROXIES` for what each value stands in for.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError("mappen finns inte.", file=str(folder), hint="Ange mappen med SCB-exporterna.")
    parts, absent = [], []
    for ind, src in SOURCES.items():
        path = _find(folder, src.pattern)
        if path is None:
            absent.append(ind)
            continue
        t = read_scb_table(path, src.columns)
        num, den = src.compute(t)
        value = 100.0 * num / den.where(den > 0)
        parts.append(pd.DataFrame({"area_id": t["area_id"], "indicator_id": ind, "year": t["year"],
                                   "value": value, "numerator": num, "denominator": den}))
    if not parts:
        raise DataError("mappen innehåller inga kända SCB-exporter.", file=str(folder),
                        hint="Förväntade filer: " + ", ".join(s.pattern for s in SOURCES.values()) + ".")
    out = pd.concat(parts, ignore_index=True)
    # Suppressed = SCB gave no number; a zero denominator (no dwellings) just has no share.
    out["suppressed"] = out["numerator"].isna() | out["denominator"].isna()
    out.attrs["missing_sources"] = absent
    return out[LONG_COLUMNS]
